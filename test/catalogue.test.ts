// The bad-input catalogue: every documented constraint of every construct prop, each with invalid values
// (rejected at synth with a message naming the prop and what is allowed) and the boundary values that are
// valid. The constraints come from the services' API references (the Request Parameters of each action the
// handler sends the prop to, named in each section's heading below) and the services' management guides.

import { App, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotSchedule, SnapshotCopyGrant, SnapshotCopyJob,
  SnapshotRetention, SnapshotSource, ServerlessSnapshotCopy,
} from '../lib';

type Build = (stack: Stack, value: any) => void;

interface Constraint {
  readonly construct: string;
  readonly prop: string;
  readonly rule: string;
  readonly build: Build;
  readonly invalid: unknown[];
  readonly valid: unknown[];
  /** A fragment of the message for every invalid value. */
  readonly message: RegExp;
}

const tags = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));
const accounts = (count: number) => Array.from({ length: count }, (_, i) => String(100000000000 + i));
const DOC_SOURCE = SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x' });
const MEM_SOURCE = SnapshotSource.memoryDb({ snapshotName: 'sessions' });

const copy = (props: object): Build => (stack) => new CrossRegionSnapshotCopy(stack, 'C', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', ...props });
const snapshot = (props: object): Build => (stack) => new ClusterSnapshot(stack, 'C', { clusterIdentifier: 'analytics', ...props });
const grant = (props: object): Build => (stack) => new SnapshotCopyGrant(stack, 'C', { destinationRegion: 'us-west-2', ...props });
const serverless = (props: object): Build => (stack) => new ServerlessSnapshot(stack, 'C', { namespaceName: 'analytics', ...props });
const schedule = (props: object): Build => (stack) => new ServerlessSnapshotSchedule(stack, 'C', {
  namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), ...props,
});
const serverlessCopy = (props: object): Build => (stack) => new ServerlessSnapshotCopy(stack, 'C', { namespaceName: 'analytics', destinationRegion: 'us-west-2', ...props });
const job = (props: object): Build => (stack) => new SnapshotCopyJob(stack, 'C', { source: MEM_SOURCE, targetSnapshotName: 'copy', ...props });

// Values that stand for tokens (a CfnParameter of the stack under test): see `materialize`.
const STRING_TOKEN = '<string token>';
const NUMBER_TOKEN = '<number token>';
const MAP_TOKEN = '<map token>';
const LIST_TOKEN = '<list token>';
/** `Duration.<unit>(<number token>)`, for the unit given. */
const durationToken = (stack: Stack, unit: 'seconds' | 'minutes' | 'hours' | 'days') => Duration[unit](materialize(stack, NUMBER_TOKEN) as number);

/** A second construct of the same kind, built before the one under test: the catalogue's duplicates. */
const first = (build: (stack: Stack) => void, then: Build): Build => (stack, value) => {
  build(stack);
  then(stack, value);
};
const TIMED: Array<[string, (props: object) => Build]> = [
  ['CrossRegionSnapshotCopy', copy], ['ClusterSnapshot', snapshot], ['SnapshotCopyGrant', grant], ['ServerlessSnapshot', serverless], ['SnapshotCopyJob', job],
];

/** Each `build` receives the value under test. */
const CATALOGUE: Constraint[] = [
  // CrossRegionSnapshotCopy (EnableSnapshotCopy)
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'automatedCopyRetention',
    rule: 'whole days, 1..35',
    build: (s, v) => copy({ automatedCopyRetention: v })(s, v),
    invalid: [Duration.days(0), Duration.days(36), Duration.hours(36)],
    valid: [Duration.days(1), Duration.days(35)],
    message: /invalid automatedCopyRetention .*must be whole days from 1 to 35/,
  },
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'clusterIdentifier',
    rule: 'Redshift identifier, 1..63 lowercase',
    build: (s, v) => copy({ clusterIdentifier: v })(s, v),
    invalid: ['', 'a'.repeat(64), 'Analytics', '1abc', 'abc-', 'a--b', 'a_b'],
    valid: ['a', 'a'.repeat(63), 'a-1'],
    message: /invalid clusterIdentifier .*must be 1 to 63 lowercase letters/,
  },
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'destinationRegion',
    rule: 'known region, not the stack\'s, same partition',
    build: (s, v) => copy({ destinationRegion: v })(s, v),
    invalid: ['us-west-9', 'us-east-1', 'cn-north-1'],
    valid: ['us-west-2', 'eu-west-1'],
    message: /invalid destinationRegion/,
  },
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'snapshotCopyGrantName',
    rule: 'Redshift identifier, 1..63',
    build: (s, v) => copy({ snapshotCopyGrantName: v })(s, v),
    invalid: ['My_Grant', 'g'.repeat(64)],
    valid: ['g', 'g'.repeat(63)],
    message: /invalid snapshotCopyGrantName/,
  },
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'timeout',
    rule: '1 minute..1 hour',
    build: (s, v) => copy({ timeout: v })(s, v),
    invalid: [Duration.seconds(59), Duration.minutes(61)],
    valid: [Duration.minutes(1), Duration.hours(1)],
    message: /invalid timeout .*from 1 minute to 60 minutes/,
  },
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'removalPolicy',
    rule: 'DESTROY or RETAIN',
    build: (s, v) => copy({ removalPolicy: v })(s, v),
    invalid: [RemovalPolicy.SNAPSHOT],
    valid: [RemovalPolicy.DESTROY, RemovalPolicy.RETAIN],
    message: /invalid removalPolicy "snapshot"/,
  },
  {
    construct: 'SnapshotRetention',
    prop: 'days',
    rule: '1..3653, whole',
    // Checked by the construct given it, so that the message names its path and prop.
    build: (s, v) => snapshot({ retention: SnapshotRetention.days(v) })(s, v),
    invalid: [0, 3654, 1.5, -1],
    // A token passes through: the handler checks it at deploy time.
    valid: [1, 3653, NUMBER_TOKEN],
    message: /^Stack\/C: invalid retention "SnapshotRetention.days\(.*\)": the retention must be a whole number of days from 1 to 3653/,
  },

  // ClusterSnapshot (CreateClusterSnapshot)
  {
    construct: 'ClusterSnapshot',
    prop: 'snapshotIdentifier',
    rule: '1..255 lowercase letters, digits, hyphens (Redshift documents no case handling for snapshot identifiers: lowercase, as for clusters); letter first; no trailing or double hyphen',
    build: (s, v) => snapshot({ snapshotIdentifier: v })(s, v),
    invalid: ['', 'a'.repeat(256), '1a', 'a-', 'a--b', 'a_b', 'Before-Migration'],
    valid: ['a', 'a'.repeat(255), 'before-migration'],
    message: /invalid snapshotIdentifier .*must be 1 to 255 lowercase letters/,
  },
  {
    construct: 'ClusterSnapshot',
    prop: 'clusterIdentifier',
    rule: 'Redshift identifier',
    build: (s, v) => snapshot({ clusterIdentifier: v })(s, v),
    invalid: ['A', 'a'.repeat(64)],
    valid: ['a'.repeat(63)],
    message: /invalid clusterIdentifier/,
  },
  {
    construct: 'ClusterSnapshot',
    prop: 'tags',
    rule: 'at most 50',
    build: (s, v) => snapshot({ tags: v })(s, v),
    invalid: [tags(51)],
    valid: [tags(50), {}],
    message: /at most 50 tags/,
  },
  {
    construct: 'ClusterSnapshot',
    prop: 'tag key',
    rule: '1..128, no aws:',
    build: (s, v) => snapshot({ tags: { [v]: 'x' } })(s, v),
    invalid: ['', 'k'.repeat(129), 'aws:x', 'AWS:x'],
    valid: ['k', 'k'.repeat(128)],
    message: /invalid tag key/,
  },
  {
    construct: 'ClusterSnapshot',
    prop: 'tag value',
    rule: '0..256',
    build: (s, v) => snapshot({ tags: { k: v } })(s, v),
    invalid: ['v'.repeat(257)],
    valid: ['', 'v'.repeat(256)],
    message: /invalid value of tag "k"/,
  },

  // SnapshotCopyGrant (CreateSnapshotCopyGrant)
  {
    construct: 'SnapshotCopyGrant',
    prop: 'snapshotCopyGrantName',
    rule: 'Redshift identifier, 1..63',
    build: (s, v) => grant({ snapshotCopyGrantName: v })(s, v),
    invalid: ['', 'G', 'g'.repeat(64)],
    valid: ['g', 'g'.repeat(63)],
    message: /invalid snapshotCopyGrantName/,
  },
  {
    construct: 'SnapshotCopyGrant',
    prop: 'destinationEncryptionKey',
    rule: 'a key (not an alias) in destinationRegion, its ARN ≤ 2048',
    build: (s, v) => grant({ destinationEncryptionKey: kms.Key.fromKeyArn(s, 'K', v) })(s, v),
    invalid: ['arn:aws:kms:eu-west-1:123456789012:key/k', 'arn:aws:kms:us-west-2:123456789012:alias/x', 'arn:aws:s3:::b/k', `arn:aws:kms:us-west-2:123456789012:key/${'k'.repeat(2048)}`],
    valid: ['arn:aws:kms:us-west-2:123456789012:key/k'],
    message: /invalid destinationEncryptionKey/,
  },
  {
    construct: 'SnapshotCopyGrant',
    prop: 'destinationRegion',
    rule: 'known region, not the stack\'s',
    build: (s, v) => grant({ destinationRegion: v })(s, v),
    invalid: ['us-east-1', 'nowhere-1'],
    valid: ['us-west-2'],
    message: /invalid destinationRegion/,
  },
  {
    construct: 'SnapshotCopyGrant',
    prop: 'tags',
    rule: 'at most 49 (Redshift allows 50; the handler sets its owner tag)',
    build: (s, v) => grant({ tags: v })(s, v),
    invalid: [tags(50)],
    valid: [tags(49)],
    message: /at most 49 tags/,
  },

  // ServerlessSnapshot (CreateSnapshot; names per AWS::RedshiftServerless::Snapshot)
  {
    construct: 'ServerlessSnapshot',
    prop: 'snapshotName',
    rule: '3..64 lowercase letters, digits, hyphens',
    build: (s, v) => serverless({ snapshotName: v })(s, v),
    invalid: ['ab', 's'.repeat(65), 'Snap', 'a_b'],
    valid: ['abc', 's'.repeat(64), '1-a'],
    message: /invalid snapshotName .*3 to 64 lowercase/,
  },
  {
    construct: 'ServerlessSnapshot',
    prop: 'namespaceName',
    rule: '3..64 lowercase letters, digits, hyphens',
    build: (s, v) => new ServerlessSnapshot(s, 'C', { namespaceName: v }),
    invalid: ['ab', 'N'.repeat(3)],
    valid: ['abc', 'n'.repeat(64)],
    message: /invalid namespaceName/,
  },
  {
    construct: 'ServerlessSnapshot',
    prop: 'tags',
    rule: 'at most 50 (Redshift Serverless allows 50 tags per resource)',
    build: (s, v) => serverless({ tags: v })(s, v),
    invalid: [tags(51)],
    valid: [tags(50)],
    message: /at most 50 tags/,
  },
  {
    construct: 'ServerlessSnapshot',
    prop: 'tag key',
    rule: '1..128, no aws:, Unicode letters, digits, white space and _ . : / = + - @ ("Tagging resources overview")',
    build: (s, v) => serverless({ tags: { [v]: 'x' } })(s, v),
    invalid: ['k'.repeat(129), 'aws:x', 'team#1'],
    valid: ['k'.repeat(128), 'équipe 1_.:/=+-@'],
    message: /invalid tag key/,
  },

  // ServerlessSnapshotSchedule (CreateScheduledAction: ScheduledActionName 3..60 `^[a-z0-9-]+$`, SnapshotNamePrefix 1..235 but 1..40 here,
  // the Schedule's cron format per the EventBridge cron reference, invocations at least one hour apart, tags as TagList)
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'scheduledActionName',
    rule: '3..60 lowercase letters, digits, hyphens',
    build: (s, v) => schedule({ scheduledActionName: v })(s, v),
    invalid: ['ab', 'a'.repeat(61), 'Nightly', 'a_b'],
    valid: ['abc', 'a'.repeat(60), '1-a'],
    message: /invalid scheduledActionName .*3 to 60 lowercase/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'snapshotNamePrefix',
    rule: '1..40 lowercase letters, digits, hyphens (a snapshot name is at most 64; AWS appends a date and time)',
    build: (s, v) => schedule({ snapshotNamePrefix: v })(s, v),
    invalid: ['', 'p'.repeat(41), 'p'.repeat(235), 'Nightly', 'a.b'],
    valid: ['p', 'p'.repeat(40)],
    message: /invalid snapshotNamePrefix .*1 to 40 lowercase/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'namespaceName',
    rule: '3..64 lowercase letters, digits, hyphens',
    build: (s, v) => schedule({ namespaceName: v })(s, v),
    invalid: ['ab', 'n'.repeat(65), 'Analytics'],
    valid: ['abc', 'n'.repeat(64)],
    message: /invalid namespaceName/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'namespaceArn',
    rule: 'a Redshift Serverless namespace ARN',
    build: (s, v) => schedule({ namespaceArn: v })(s, v),
    invalid: ['analytics', 'arn:aws:redshift:us-east-1:123456789012:namespace:x', 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/x'],
    valid: ['arn:aws:redshift-serverless:us-east-1:123456789012:namespace/0e1f2a3b-4c5d'],
    message: /invalid namespaceArn/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'schedule',
    rule: '(Minutes Hours Day-of-month Month Day-of-week Year), one minute, one of the day fields "?"',
    build: (s, v) => schedule({ schedule: ServerlessSchedule.expression(v) })(s, v),
    invalid: ['(* 3 * * ? *)', '0/30 3 * * ? *', '(0/30 3 * * ? *)', '(0 3 * * ?)', '(0 24 * * ? *)', '(0 3 32 * ? *)', '(0 3 * 13 ? *)',
      '(0 3 ? * 8 *)', '(0 3 ? * MON#6 *)', '(0 3 * * ? 2200)', '(0 3 * * MON *)', '(0 3 ? * ? *)', 'cron(0 3 * * ? *)', 'rate(1 day)'],
    valid: ['(0 3 * * ? *)', '(59 23 L DEC ? 2199)', '(0 * ? * MON-FRI *)', '(0 0/2 1W * ? *)', '(0 3 ? * 6#3 *)', '(0 3 1,15 JAN-JUN ? 1970-2000)'],
    message: /invalid schedule/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'schedule (at)',
    rule: 'whole seconds',
    build: (s, v) => schedule({ schedule: ServerlessSchedule.at(new Date(v)) })(s, v),
    invalid: ['2027-01-01T00:00:00.001Z', 'not a time'],
    valid: ['2027-01-01T00:00:00Z'],
    message: /invalid schedule .*whole seconds/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'endTime',
    rule: 'after startTime',
    build: (s, v) => schedule({ startTime: new Date('2027-01-01T00:00:00Z'), endTime: new Date(v) })(s, v),
    invalid: ['2026-12-31T23:59:59Z', '2027-01-01T00:00:00Z'],
    valid: ['2027-01-01T00:00:01Z'],
    message: /invalid endTime .*must be after startTime/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'tags',
    rule: 'at most 50 (Redshift Serverless allows 50 tags per resource)',
    build: (s, v) => schedule({ tags: v })(s, v),
    invalid: [tags(51)],
    valid: [tags(50)],
    message: /at most 50 tags/,
  },
  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'tag key',
    rule: '1..128, no aws:, Unicode letters, digits, white space and _ . : / = + - @ ("Tagging resources overview")',
    build: (s, v) => schedule({ tags: { [v]: 'x' } })(s, v),
    invalid: ['k'.repeat(129), 'aws:x', 'team#1'],
    valid: ['k'.repeat(128), 'équipe 1_.:/=+-@'],
    message: /invalid tag key/,
  },

  // SnapshotCopyJob (CopySnapshot, CopyClusterSnapshot)
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetBucket',
    rule: 'MemoryDB only',
    build: (s, v) => new SnapshotCopyJob(s, 'C', { source: DOC_SOURCE, targetSnapshotName: 'copy', targetBucket: v ? new s3.Bucket(s, 'B') : undefined }),
    invalid: [true],
    valid: [false],
    message: /invalid targetBucket .*applies to MemoryDB only/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'copyTags',
    rule: 'DocumentDB elastic only',
    build: (s, v) => job({ copyTags: v })(s, v),
    invalid: [true, false],
    valid: [undefined],
    message: /invalid copyTags .*applies to DocumentDB elastic only/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetSnapshotName (DocumentDB)',
    rule: '1..63 letters, digits, hyphens; letter first; no trailing or double hyphen',
    build: (s, v) => new SnapshotCopyJob(s, 'C', { source: DOC_SOURCE, targetSnapshotName: v }),
    invalid: ['', 'o'.repeat(64), '1o', 'o-', 'o--p'],
    valid: ['o', 'o'.repeat(63), 'Orders-Copy'],
    message: /invalid targetSnapshotName/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetSnapshotName (MemoryDB)',
    rule: 'not empty',
    build: (s, v) => job({ targetSnapshotName: v })(s, v),
    invalid: [''],
    valid: ['c'],
    message: /invalid targetSnapshotName "": must not be empty/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'source snapshotArn (DocumentDB)',
    rule: 'an elastic cluster snapshot ARN',
    build: (s, v) => new SnapshotCopyJob(s, 'C', { source: SnapshotSource.docDbElastic({ snapshotArn: v }), targetSnapshotName: 'copy' }),
    invalid: ['arn:aws:rds:us-east-1:123456789012:snapshot:x', 'orders'],
    valid: ['arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x'],
    message: /invalid source snapshotArn/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'tag key (DocumentDB)',
    rule: '^(?!aws:)[a-zA-Z+-=._:/]+$',
    build: (s, v) => new SnapshotCopyJob(s, 'C', { source: DOC_SOURCE, targetSnapshotName: 'c', tags: { [v]: 'x' } }),
    invalid: ['team name', 'aws:x', 'k'.repeat(129)],
    valid: ['team.name:a/b_c', 'k'.repeat(128)],
    message: /invalid tag key/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetBucket (object ownership, a bucket of the app)',
    rule: 'BucketOwnerPreferred: "ACLs enabled - Bucket owner preferred" (MemoryDB, "Exporting a snapshot", step 3)',
    build: (s, v) => job({ targetBucket: new s3.Bucket(s, 'B', { objectOwnership: v as s3.ObjectOwnership | undefined }) })(s, v),
    invalid: [undefined, s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, s3.ObjectOwnership.OBJECT_WRITER],
    valid: [s3.ObjectOwnership.BUCKET_OWNER_PREFERRED],
    message: /invalid targetBucket "Stack\/B": must have the object ownership BucketOwnerPreferred/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetBucket (region, when known)',
    rule: 'the stack\'s region, the snapshot\'s ("in the same AWS Region as the MemoryDB snapshot")',
    build: (s, v) => job({ targetBucket: s3.Bucket.fromBucketAttributes(s, 'B', { bucketName: 'exports', region: v as string }) })(s, v),
    invalid: ['us-west-2', 'eu-west-1'],
    valid: ['us-east-1'],
    message: /invalid targetBucket "Stack\/B": must be a bucket in the stack's region \(us-east-1\)/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetSnapshotName (MemoryDB export)',
    rule: '1..1000 characters ("Exporting a snapshot", step 3)',
    build: (s, v) => job({ targetSnapshotName: v, targetBucket: new s3.Bucket(s, 'B', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }) })(s, v),
    invalid: ['e'.repeat(1001), ''],
    valid: ['e', 'e'.repeat(1000), STRING_TOKEN],
    message: /invalid targetSnapshotName/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'encryptionKey (DocumentDB elastic)',
    rule: 'a key of the stack\'s region, where the copy is made (KMS keys are regional)',
    build: (s, v) => new SnapshotCopyJob(s, 'C', {
      source: DOC_SOURCE, targetSnapshotName: 'copy', encryptionKey: v === 'stack key' ? new kms.Key(s, 'K') : kms.Key.fromKeyArn(s, 'K', v),
    }),
    invalid: ['arn:aws:kms:eu-west-1:123456789012:key/k', 'arn:aws:kms:us-west-2:123456789012:key/k'],
    valid: ['arn:aws:kms:us-east-1:123456789012:key/k', 'stack key'],
    message: /invalid encryptionKey "Stack\/K": must be a key in the stack's region \(us-east-1\)/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'tags',
    rule: 'MemoryDB: at most 49 ("Maximum number of tags per resource – 50"; the handler sets its provenance tag); none on an S3 export',
    build: (s, v) => job(v)(s, v),
    invalid: [{ tags: tags(50) }, { tags: { a: 'b' }, targetBucket: 'bucket' }],
    valid: [{ tags: tags(49) }],
    message: /invalid tags/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'tag key and value (MemoryDB)',
    rule: '1..128 / 0..256, no aws:, any character ("MemoryDB allows for any character in its tags")',
    build: (s, v) => job({ tags: v })(s, v),
    invalid: [{ ['k'.repeat(129)]: 'v' }, { 'aws:x': 'v' }, { k: 'v'.repeat(257) }],
    valid: [{ 'équipe #1': 'données, ¿sí? #1' }, { ['k'.repeat(128)]: 'v'.repeat(256) }],
    message: /invalid (tag key|value of tag)/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'tags (DocumentDB elastic)',
    rule: 'at most 199: no per-resource count documented (TagMap has no maximum), held to 200; the handler sets its provenance tag',
    build: (s, v) => new SnapshotCopyJob(s, 'C', { source: DOC_SOURCE, targetSnapshotName: 'c', tags: v }),
    invalid: [tags(200)],
    valid: [tags(199)],
    message: /invalid tags "200 tags": at most 199 tags are allowed/,
  },

  // One AWS object, one construct (in one stack, or stacks of one app for one account and region)
  {
    construct: 'ClusterSnapshot',
    prop: 'snapshotIdentifier (unique)',
    rule: 'not the identifier of another ClusterSnapshot of the app in the account and region (tokens are not compared)',
    build: first((s) => new ClusterSnapshot(s, 'First', { clusterIdentifier: 'reporting', snapshotIdentifier: 'snap' }), (s, v) => snapshot({ snapshotIdentifier: v })(s, v)),
    invalid: ['snap'],
    valid: ['snap-2', STRING_TOKEN],
    message: /Stack\/C: invalid snapshotIdentifier "snap": Stack\/First manages the same Redshift cluster snapshot in account 123456789012, region us-east-1/,
  },
  {
    construct: 'ServerlessSnapshot',
    prop: 'snapshotName (unique)',
    rule: 'not the name of another ServerlessSnapshot of the app in the account and region',
    build: first((s) => new ServerlessSnapshot(s, 'First', { namespaceName: 'other', snapshotName: 'snap' }), (s, v) => serverless({ snapshotName: v })(s, v)),
    invalid: ['snap'],
    valid: ['snap-2', STRING_TOKEN],
    message: /Stack\/C: invalid snapshotName "snap": Stack\/First manages the same Redshift Serverless snapshot/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetSnapshotName (unique, MemoryDB)',
    rule: 'not the name of another MemoryDB copy of the app in the account and region, case ignored (MemoryDB documents none)',
    build: first((s) => new SnapshotCopyJob(s, 'First', { source: MEM_SOURCE, targetSnapshotName: 'copy' }), (s, v) => job({ targetSnapshotName: v })(s, v)),
    invalid: ['copy', 'COPY'],
    valid: ['copy-2', STRING_TOKEN],
    message: /Stack\/C: invalid targetSnapshotName "(copy|COPY)": Stack\/First manages the same MemoryDB snapshot/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetSnapshotName (unique, DocumentDB elastic)',
    rule: 'not the name of another DocumentDB elastic copy of the app in the account and region, case ignored ("not case sensitive")',
    build: first((s) => new SnapshotCopyJob(s, 'First', { source: DOC_SOURCE, targetSnapshotName: 'copy' }),
      (s, v) => new SnapshotCopyJob(s, 'C', { source: DOC_SOURCE, targetSnapshotName: v })),
    invalid: ['copy', 'Copy'],
    valid: ['copy-2'],
    message: /Stack\/C: invalid targetSnapshotName "(copy|Copy)": Stack\/First manages the same DocumentDB elastic cluster snapshot/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'targetSnapshotName (unique in the bucket, MemoryDB export)',
    rule: 'not the name of another export of the app to the same bucket',
    build: (s, v) => {
      const bucket = new s3.Bucket(s, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
      new SnapshotCopyJob(s, 'First', { source: MEM_SOURCE, targetSnapshotName: 'nightly', targetBucket: bucket });
      new SnapshotCopyJob(s, 'C', { source: MEM_SOURCE, targetSnapshotName: v, targetBucket: bucket });
    },
    invalid: ['nightly'],
    valid: ['nightly-2'],
    message: /Stack\/C: invalid targetSnapshotName "nightly": Stack\/First manages the same MemoryDB export to the bucket Stack\/Exports/,
  },
  {
    construct: 'SnapshotCopyGrant',
    prop: 'snapshotCopyGrantName (unique)',
    rule: 'not the name of another SnapshotCopyGrant of the app in the account and destination region',
    build: first((s) => new SnapshotCopyGrant(s, 'First', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'g' }), (s, v) => grant({ snapshotCopyGrantName: v })(s, v)),
    invalid: ['g'],
    valid: ['g2', STRING_TOKEN],
    message: /Stack\/C: invalid snapshotCopyGrantName "g": Stack\/First manages the same Redshift snapshot copy grant in account 123456789012, region us-west-2/,
  },
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'clusterIdentifier (one copy per cluster)',
    rule: 'not the cluster of another CrossRegionSnapshotCopy of the app in the account and region',
    build: first((s) => new CrossRegionSnapshotCopy(s, 'First', { clusterIdentifier: 'analytics', destinationRegion: 'eu-west-1' }), (s, v) => copy({ clusterIdentifier: v })(s, v)),
    invalid: ['analytics'],
    valid: ['reporting', STRING_TOKEN],
    message: /Stack\/C: invalid clusterIdentifier "analytics": Stack\/First manages the same cross-region snapshot copy setting of the Redshift cluster/,
  },

  {
    construct: 'ServerlessSnapshotSchedule',
    prop: 'scheduledActionName (unique)',
    rule: 'not the name of another ServerlessSnapshotSchedule of the app in the account and region',
    build: first((s) => schedule({ scheduledActionName: 'nightly' })(s, undefined), (s, v) => new ServerlessSnapshotSchedule(s, 'Second', {
      namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), scheduledActionName: v as string,
    })),
    invalid: ['nightly'],
    valid: ['nightly-2', STRING_TOKEN],
    message: /Stack\/Second: invalid scheduledActionName "nightly": Stack\/C manages the same Redshift Serverless scheduled action/,
  },

  // Tokens: passed through where the handler can check them at deploy time, refused (saying why) where not
  ...TIMED.map(([construct, build]): Constraint => ({
    construct,
    prop: 'timeout (token)',
    rule: 'a token only as Duration.seconds(token): the handler takes seconds, CloudFormation cannot convert units',
    build: (s, v) => build({ timeout: durationToken(s, v) })(s, v),
    invalid: ['minutes', 'hours'],
    valid: ['seconds'],
    message: /invalid timeout \(<token> (minutes|hours)\): a token \(such as a CfnParameter\) is supported only as Duration.seconds\(token\)/,
  })),
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'automatedCopyRetention (token)',
    rule: 'a token only as Duration.days(token)',
    build: (s, v) => copy({ automatedCopyRetention: durationToken(s, v) })(s, v),
    invalid: ['hours', 'seconds'],
    valid: ['days'],
    message: /invalid automatedCopyRetention \(<token> (hours|seconds)\): a token \(such as a CfnParameter\) is supported only as Duration.days\(token\)/,
  },
  {
    construct: 'ClusterSnapshot',
    prop: 'tags (token)',
    rule: 'a map written out at synth time; its keys and values may be tokens',
    build: (s, v) => snapshot({ tags: v })(s, v),
    invalid: [MAP_TOKEN],
    valid: [{ team: STRING_TOKEN }],
    message: /invalid tags "<token>": must be a map written out at synth time/,
  },

  // Combinations knowable at synth
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'snapshotCopyGrantName (region of the grant)',
    rule: 'a SnapshotCopyGrant of the copy\'s destinationRegion',
    build: (s, v) => {
      const used = new SnapshotCopyGrant(s, 'Grant', { destinationRegion: v });
      copy({ snapshotCopyGrantName: used.snapshotCopyGrantName })(s, v);
    },
    invalid: ['eu-west-1'],
    valid: ['us-west-2'],
    message: /Stack\/C: invalid snapshotCopyGrantName "Stack\/Grant.snapshotCopyGrantName": the grant Stack\/Grant is in eu-west-1, but this copy goes to us-west-2/,
  },
  {
    construct: 'SnapshotCopyGrant',
    prop: 'destinationEncryptionKey (a kms.Key of the app)',
    rule: 'a key of a stack in destinationRegion, never of the grant\'s own stack',
    build: (s, v) => {
      const keyStack = v === 'this stack' ? s : new Stack(s.node.root as App, 'Keys', { env: { account: '123456789012', region: v }, crossRegionReferences: true });
      grant({ destinationEncryptionKey: new kms.Key(keyStack, 'Key') })(s, v);
    },
    invalid: ['this stack', 'eu-west-1'],
    valid: ['us-west-2'],
    message: /Stack\/C: invalid destinationEncryptionKey "(Stack|Keys)\/Key": is a key of (this stack|the stack Keys in eu-west-1)/,
  },
  {
    construct: 'SnapshotCopyJob',
    prop: 'source snapshotArn (account and region, DocumentDB)',
    rule: 'a snapshot of the stack\'s account and region',
    build: (s, v) => new SnapshotCopyJob(s, 'C', { source: SnapshotSource.docDbElastic({ snapshotArn: v }), targetSnapshotName: 'copy' }),
    invalid: ['arn:aws:docdb-elastic:eu-west-1:123456789012:cluster-snapshot/x', 'arn:aws:docdb-elastic:us-east-1:210987654321:cluster-snapshot/x'],
    valid: ['arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x'],
    message: /invalid source snapshotArn .*must be a snapshot of the stack's (region \(us-east-1\), not eu-west-1|account \(123456789012\), not 210987654321)/,
  },
  // shareWith: AuthorizeSnapshotAccess / a Serverless resource policy; 20 accounts per snapshot
  // ("Sharing a snapshot", Amazon Redshift Management Guide); the owner account cannot be authorized.
  ...([['ClusterSnapshot', snapshot, true], ['ServerlessSnapshot', serverless, false]] as const).flatMap(([construct, build, support]) => [
    {
      construct,
      prop: 'shareWith',
      rule: `12-digit account ids${support ? ' or amazon-redshift-support' : ''}, at most 20, no duplicates, not the stack's account`,
      build: (s: Stack, v: unknown) => build({ shareWith: v })(s, v),
      invalid: [
        ['12345678901'], ['1234567890123'], ['abcdefghijkl'], ['111111111111', '111111111111'], ['123456789012'],
        accounts(21), ...(support ? [] : [['amazon-redshift-support']]),
      ],
      // A token (a list parameter, or an account of one) is left to the handler, which checks the same rules at deploy time.
      valid: [[], accounts(20), [STRING_TOKEN, '111111111111'], LIST_TOKEN, ...(support ? [['amazon-redshift-support', '111111111111']] : [])],
      message: /invalid shareWith/,
    },
  ]),
  {
    construct: 'ClusterSnapshot',
    prop: 'tags and shareWith',
    rule: 'together at most 50 (each shared account is recorded as a tag); cdk-db-snapshots:restore-access: keys reserved',
    build: (s, v) => snapshot(v)(s, v),
    invalid: [{ tags: tags(31), shareWith: accounts(20) }, { tags: { 'cdk-db-snapshots:restore-access:111111111111': 'x' } }],
    valid: [{ tags: tags(30), shareWith: accounts(20) }],
    message: /invalid (tags and shareWith|tag key)/,
  },
  // ServerlessSnapshotCopy (CreateSnapshotCopyConfiguration; "Copying backups to another AWS Region")
  {
    construct: 'ServerlessSnapshotCopy',
    prop: 'namespaceName',
    rule: '3..64 of [a-z0-9-]',
    build: (s, v) => serverlessCopy({ namespaceName: v })(s, v),
    invalid: ['ab', 'n'.repeat(65), 'Analytics', 'a_b'],
    valid: ['abc', 'n'.repeat(64), '1-a'],
    message: /invalid namespaceName .*must be 3 to 64 lowercase letters, digits or hyphens/,
  },
  {
    construct: 'ServerlessSnapshotCopy',
    prop: 'destinationRegion',
    rule: 'known region, not the stack\'s, same partition',
    build: (s, v) => serverlessCopy({ destinationRegion: v })(s, v),
    invalid: ['us-west-9', 'us-east-1', 'cn-north-1'],
    valid: ['us-west-2', 'eu-west-1'],
    message: /invalid destinationRegion/,
  },
  {
    construct: 'ServerlessSnapshotCopy',
    prop: 'destinationEncryptionKey',
    rule: 'a key (not an alias) of destinationRegion',
    build: (s, v) => serverlessCopy({ destinationEncryptionKey: kms.Key.fromKeyArn(s, 'K', v) })(s, v),
    invalid: ['arn:aws:kms:us-east-1:123456789012:key/k', 'arn:aws:kms:us-west-2:123456789012:alias/dr'],
    valid: ['arn:aws:kms:us-west-2:123456789012:key/k'],
    message: /invalid destinationEncryptionKey/,
  },
  {
    construct: 'ServerlessSnapshotCopy',
    prop: 'timeout',
    rule: '1 minute..1 hour',
    build: (s, v) => serverlessCopy({ timeout: v })(s, v),
    invalid: [Duration.seconds(59), Duration.minutes(61)],
    valid: [Duration.minutes(1), Duration.hours(1)],
    message: /invalid timeout .*from 1 minute to 60 minutes/,
  },
  {
    construct: 'ServerlessSnapshotCopy',
    prop: 'removalPolicy',
    rule: 'DESTROY or RETAIN',
    build: (s, v) => serverlessCopy({ removalPolicy: v })(s, v),
    invalid: [RemovalPolicy.SNAPSHOT],
    valid: [RemovalPolicy.DESTROY, RemovalPolicy.RETAIN],
    message: /invalid removalPolicy/,
  },
];

function stackFor(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/**
 * The value under test, made in the stack: `targetBucket: 'bucket'` stands for a bucket of the stack (an S3 export
 * needs one), the token stand-ins for a CfnParameter of the stack (in a map's values too).
 */
function materialize(stack: Stack, value: unknown): unknown {
  const parameter = (id: string, type: string) => (stack.node.tryFindChild(id) as CfnParameter | undefined) ?? new CfnParameter(stack, id, { type });
  if (value === STRING_TOKEN) return parameter('StringToken', 'String').valueAsString;
  if (value === NUMBER_TOKEN) return parameter('NumberToken', 'Number').valueAsNumber;
  if (value === MAP_TOKEN) return parameter('MapToken', 'String').value;
  if (value === LIST_TOKEN) return parameter('ListToken', 'CommaDelimitedList').valueAsList;
  if (Array.isArray(value)) return value.map((item) => materialize(stack, item));
  if (value && typeof value === 'object' && (value as { targetBucket?: unknown }).targetBucket === 'bucket') {
    return { ...value, targetBucket: new s3.Bucket(stack, 'B', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }) };
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).includes(STRING_TOKEN)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, materialize(stack, item)]));
  }
  return value;
}

const casesOf = (values: (constraint: Constraint) => unknown[]) => CATALOGUE.flatMap((constraint) =>
  values(constraint).map((value) => [constraint.construct, constraint.prop, constraint.rule, value, constraint] as const));
const invalidCases = casesOf((constraint) => constraint.invalid);
const validCases = casesOf((constraint) => constraint.valid);

test.each(invalidCases)('%s %s (%s): %j is rejected', (_construct, _prop, _rule, value, constraint) => {
  const stack = stackFor();
  expect(() => constraint.build(stack, materialize(stack, value))).toThrow(constraint.message);
});

test.each(validCases)('%s %s (%s): %j is accepted', (_construct, _prop, _rule, value, constraint) => {
  const stack = stackFor();
  expect(() => constraint.build(stack, materialize(stack, value))).not.toThrow();
});

test('the catalogue covers every construct', () => {
  expect(new Set(CATALOGUE.map((constraint) => constraint.construct))).toEqual(new Set([
    'CrossRegionSnapshotCopy', 'SnapshotRetention', 'ClusterSnapshot', 'SnapshotCopyGrant', 'ServerlessSnapshot', 'SnapshotCopyJob',
    'ServerlessSnapshotSchedule',
    'ServerlessSnapshotCopy',
  ]));
  // eslint-disable-next-line no-console
  console.log(`bad-input catalogue: ${CATALOGUE.length} constraints, ${invalidCases.length} invalid and ${validCases.length} valid boundary cases`);
});
