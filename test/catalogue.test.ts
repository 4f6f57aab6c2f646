// The bad-input catalogue: every documented constraint of every construct prop, each with invalid values
// (rejected at synth with a message naming the prop and what is allowed) and the boundary values that are
// valid. The constraints come from the AWS API references in shared/reference/seeds and the services' docs.

import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, SnapshotCopyGrant, SnapshotCopyJob, SnapshotRetention, SnapshotSource,
  ServerlessSnapshotCopy,
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
const DOC_SOURCE = SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x' });
const MEM_SOURCE = SnapshotSource.memoryDb({ snapshotName: 'sessions' });

const copy = (props: object): Build => (stack) => new CrossRegionSnapshotCopy(stack, 'C', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', ...props });
const snapshot = (props: object): Build => (stack) => new ClusterSnapshot(stack, 'C', { clusterIdentifier: 'analytics', ...props });
const grant = (props: object): Build => (stack) => new SnapshotCopyGrant(stack, 'C', { destinationRegion: 'us-west-2', ...props });
const serverless = (props: object): Build => (stack) => new ServerlessSnapshot(stack, 'C', { namespaceName: 'analytics', ...props });
const serverlessCopy = (props: object): Build => (stack) => new ServerlessSnapshotCopy(stack, 'C', { namespaceName: 'analytics', destinationRegion: 'us-west-2', ...props });
const job = (props: object): Build => (stack) => new SnapshotCopyJob(stack, 'C', { source: MEM_SOURCE, targetSnapshotName: 'copy', ...props });

/** Each `build` receives the value under test. */
const CATALOGUE: Constraint[] = [
  // CrossRegionSnapshotCopy (EnableSnapshotCopy)
  {
    construct: 'CrossRegionSnapshotCopy',
    prop: 'retention',
    rule: 'whole days, 1..35',
    build: (s, v) => copy({ retention: v })(s, v),
    invalid: [Duration.days(0), Duration.days(36), Duration.hours(36)],
    valid: [Duration.days(1), Duration.days(35)],
    message: /invalid retention .*must be whole days from 1 to 35/,
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
    build: (_s, v) => SnapshotRetention.days(v),
    invalid: [0, 3654, 1.5, -1],
    valid: [1, 3653],
    message: /SnapshotRetention.days\(.*\): the retention must be a whole number of days from 1 to 3653/,
  },

  // ClusterSnapshot (CreateClusterSnapshot)
  {
    construct: 'ClusterSnapshot',
    prop: 'snapshotIdentifier',
    rule: '1..255 letters, digits, hyphens; letter first; no trailing or double hyphen',
    build: (s, v) => snapshot({ snapshotIdentifier: v })(s, v),
    invalid: ['', 'a'.repeat(256), '1a', 'a-', 'a--b', 'a_b'],
    valid: ['a', 'a'.repeat(255), 'Before-Migration'],
    message: /invalid snapshotIdentifier .*must be 1 to 255 letters/,
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
    prop: 'kmsKeyId',
    rule: 'key id or key ARN in destinationRegion, ≤ 2048',
    build: (s, v) => grant({ kmsKeyId: v })(s, v),
    invalid: ['arn:aws:kms:eu-west-1:123456789012:key/k', 'alias/x', 'arn:aws:s3:::b', 'k'.repeat(2049)],
    valid: ['k', 'arn:aws:kms:us-west-2:123456789012:key/k'],
    message: /invalid kmsKeyId/,
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
    rule: 'at most 200',
    build: (s, v) => serverless({ tags: v })(s, v),
    invalid: [tags(201)],
    valid: [tags(200)],
    message: /at most 200 tags/,
  },
  {
    construct: 'ServerlessSnapshot',
    prop: 'tag key',
    rule: '1..128, no aws:',
    build: (s, v) => serverless({ tags: { [v]: 'x' } })(s, v),
    invalid: ['k'.repeat(129), 'aws:x'],
    valid: ['k'.repeat(128)],
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
    prop: 'tags',
    rule: 'at most 199 (AWS allows 200; the handler sets its provenance tag); none on an S3 export',
    build: (s, v) => job(v)(s, v),
    invalid: [{ tags: tags(200) }, { tags: { a: 'b' }, targetBucket: 'bucket' }],
    valid: [{ tags: tags(199) }],
    message: /invalid tags/,
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
    prop: 'destinationKmsKey',
    rule: 'a key (not an alias) of destinationRegion',
    build: (s, v) => serverlessCopy({ destinationKmsKey: kms.Key.fromKeyArn(s, 'K', v) })(s, v),
    invalid: ['arn:aws:kms:us-east-1:123456789012:key/k', 'arn:aws:kms:us-west-2:123456789012:alias/dr'],
    valid: ['arn:aws:kms:us-west-2:123456789012:key/k'],
    message: /invalid destinationKmsKey/,
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

// An S3 export needs a bucket in the stack: `targetBucket: 'bucket'` above stands for one.
function withBucket(stack: Stack, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { targetBucket?: unknown }).targetBucket === 'bucket') {
    return { ...value, targetBucket: new s3.Bucket(stack, 'B') };
  }
  return value;
}

const casesOf = (values: (constraint: Constraint) => unknown[]) => CATALOGUE.flatMap((constraint) =>
  values(constraint).map((value) => [constraint.construct, constraint.prop, constraint.rule, value, constraint] as const));
const invalidCases = casesOf((constraint) => constraint.invalid);
const validCases = casesOf((constraint) => constraint.valid);

test.each(invalidCases)('%s %s (%s): %j is rejected', (_construct, _prop, _rule, value, constraint) => {
  const stack = stackFor();
  expect(() => constraint.build(stack, withBucket(stack, value))).toThrow(constraint.message);
});

test.each(validCases)('%s %s (%s): %j is accepted', (_construct, _prop, _rule, value, constraint) => {
  const stack = stackFor();
  expect(() => constraint.build(stack, withBucket(stack, value))).not.toThrow();
});

test('the catalogue covers every construct', () => {
  expect(new Set(CATALOGUE.map((constraint) => constraint.construct))).toEqual(new Set([
    'CrossRegionSnapshotCopy', 'SnapshotRetention', 'ClusterSnapshot', 'SnapshotCopyGrant', 'ServerlessSnapshot', 'SnapshotCopyJob',
    'ServerlessSnapshotCopy',
  ]));
  // eslint-disable-next-line no-console
  console.log(`bad-input catalogue: ${CATALOGUE.length} constraints, ${invalidCases.length} invalid and ${validCases.length} valid boundary cases`);
});
