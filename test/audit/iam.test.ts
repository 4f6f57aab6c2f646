// IAM audit of every role in a stack with every construct (and every option that adds permissions: KMS keys,
// grants, buckets, both engines), statement by statement:
// - against the Service Authorization Reference data (test/util/service-authorization.ts): actions exist,
//   "*" only for actions without resource types, ARNs of the action's resource types, supported condition keys;
// - no statement of a handler role grants an action its handler never calls.
// Every request the handlers send in the lifecycle, fault and CloudFormation tests is simulated against the
// synthesized role as well (test/util/iam-simulation.ts, run by the ProviderDriver).

import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotSchedule, SnapshotCopyGrant,
  SnapshotCopyJob, SnapshotSource, ServerlessSnapshotCopy,
} from '../../lib';
import { KIND_NAMES } from '../../lib/handler-properties/kinds';
import { REQUESTS } from '../util/iam-requests';
import { HandlerRole } from '../util/iam-simulation';
import { handlerRoleId, listOf, rolePolicies, SynthesizedTemplate, templateRoles } from '../util/role-policies';
import { referenceFindings } from '../util/service-authorization';

/**
 * Actions an operation the handler calls authorizes besides its own (test/util/iam-requests.ts says which and why),
 * and what Lambda does with the role.
 */
const AUTHORIZED_BY_OTHER_OPERATIONS = [
  'logs:CreateLogStream', 'logs:PutLogEvents', // Lambda writes the handler's logs with the role
  'kms:CreateGrant', 'kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey', // a service uses a given key through grants
  's3:GetBucketLocation', 's3:ListAllMyBuckets', 's3:GetBucketAcl', 's3:PutObject', 's3:GetObject', 's3:DeleteObject', // MemoryDB's export
  'docdb-elastic:CreateClusterSnapshot', // authorized by CopyClusterSnapshot
  'iam:PassRole', // authorized by Redshift Serverless CreateScheduledAction and UpdateScheduledAction
];

const SDK_SERVICES: Record<string, string> = {
  'client-redshift': 'redshift',
  'client-redshift-serverless': 'redshift-serverless',
  'client-memorydb': 'memorydb',
  'client-docdb-elastic': 'docdb-elastic',
  'client-s3': 's3',
};

/** Operations whose IAM action has another name (Service Authorization Reference: ListBucket authorizes ListObjectsV2). */
const ACTION_OF_OPERATION: Record<string, string> = { 's3:ListObjectsV2': 's3:ListBucket' };

/** The IAM actions a handler's source calls: every `new XCommand(` of the SDK clients it imports. */
/** The AWS operations a handler's source calls (`service:Operation`): every `new XCommand(` of the SDK clients it imports. */
function operationsCalled(handlerName: string): Set<string> {
  const dir = path.join(__dirname, '..', '..', 'lambda', handlerName);
  const operations = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const [, names, client] of source.matchAll(/import \{([^}]+)\} from '@aws-sdk\/([a-z0-9-]+)'/g)) {
      for (const name of names.split(',').map((imported) => imported.trim()).filter((imported) => imported.endsWith('Command'))) {
        if (source.includes(`new ${name}(`)) operations.add(`${SDK_SERVICES[client]}:${name.replace(/Command$/, '')}`);
      }
    }
  }
  return operations;
}

/** The IAM actions of those operations. */
function actionsCalled(handlerName: string): Set<string> {
  return new Set([...operationsCalled(handlerName)].map((operation) => ACTION_OF_OPERATION[operation] ?? operation));
}

function everyConstruct(): Stack {
  const stack = new Stack(new App(), 'Audit', { env: { account: '123456789012', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'Key');
  const cluster = new redshift.CfnCluster(stack, 'Cluster', {
    clusterType: 'single-node', nodeType: 'ra3.large', dbName: 'analytics', masterUsername: 'admin', manageMasterPassword: true,
  });
  const grant = new SnapshotCopyGrant(stack, 'Grant', {
    destinationRegion: 'us-west-2', destinationEncryptionKey: kms.Key.fromKeyArn(stack, 'DrGrantKey', 'arn:aws:kms:us-west-2:123456789012:key/k'),
  });
  new SnapshotCopyGrant(stack, 'TaggedGrant', {
    destinationRegion: 'us-west-2', destinationEncryptionKey: kms.Key.fromKeyArn(stack, 'DrKeyById', 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'), tags: { team: 'data' },
  });
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: grant.snapshotCopyGrantName });
  new CrossRegionSnapshotCopy(stack, 'CopyOfStackCluster', { clusterIdentifier: cluster.ref, destinationRegion: 'us-west-2' });
  new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', tags: { team: 'data' } });
  new ClusterSnapshot(stack, 'SnapshotOfStackCluster', { clusterIdentifier: cluster.ref });
  new ServerlessSnapshot(stack, 'Serverless', { namespaceName: 'analytics', tags: { team: 'data' } });
  // Sharing (shareWith): the sharing actions, and kms:DescribeKey on the key of an encrypted snapshot.
  new ClusterSnapshot(stack, 'SharedSnapshot', { clusterIdentifier: 'analytics', shareWith: ['111111111111', 'amazon-redshift-support'], encryptionKey: key });
  new ServerlessSnapshot(stack, 'SharedServerless', { namespaceName: 'analytics', shareWith: ['111111111111'] });
  new ServerlessSnapshotSchedule(stack, 'Schedule', { namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), tags: { team: 'data' } });
  new ServerlessSnapshotSchedule(stack, 'ScheduleOfOneNamespace', {
    namespaceName: 'reporting',
    namespaceArn: 'arn:aws:redshift-serverless:us-east-1:123456789012:namespace/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7',
    schedule: ServerlessSchedule.at(new Date('2027-01-01T00:00:00Z')),
  });
  new SnapshotCopyJob(stack, 'Export', { source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'e', targetBucket: new s3.Bucket(stack, 'B', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }) });
  new SnapshotCopyJob(stack, 'ExportToImportedBucket', {
    source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'e2', targetBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'exports'),
  });
  new SnapshotCopyJob(stack, 'MemoryCopy', { source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'c', encryptionKey: key, tags: { team: 'data' } });
  new SnapshotCopyJob(stack, 'DocCopy', { source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x' }), targetSnapshotName: 'd', encryptionKey: key });
  new ServerlessSnapshotCopy(stack, 'ServerlessCopy', {
    namespaceName: 'analytics',
    destinationRegion: 'us-west-2',
    destinationEncryptionKey: kms.Key.fromKeyArn(stack, 'DrKey', 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-3333-4444-555566667777'),
  });
  return stack;
}

const template = Template.fromStack(everyConstruct()).toJSON() as SynthesizedTemplate;
/**
 * The roles our functions run with: the handlers' and the Provider framework functions' (roles of ours too).
 * Not the waiter state machine's role, which aws-cdk-lib's Provider makes and lets nobody configure.
 */
const roles = templateRoles(template).filter(({ description }) => /^(Handler|Provider framework) of cdk-db-snapshots /.test(description));
/** The roles ServerlessSnapshotSchedule makes for the Redshift scheduler. */
const schedulerRoles = templateRoles(template).filter(({ description }) => description.startsWith('Redshift scheduler: '));
/** The one role every kind's handler runs with: the stack's shared provider. */
const handlerRole = handlerRoleId(template);

test('one handler role for every kind (and the framework\'s two), and the audit reads each kind\'s calls from its handler source', () => {
  expect(roles.map(({ description }) => description).sort()).toEqual([
    'Handler of cdk-db-snapshots custom resources',
    'Provider framework of cdk-db-snapshots custom resources',
    'Provider framework of cdk-db-snapshots custom resources',
  ]);
  expect([...KIND_NAMES].sort()).toEqual([
    'cluster-snapshot', 'cross-region-snapshot-copy', 'serverless-snapshot', 'serverless-snapshot-copy', 'serverless-snapshot-schedule',
    'snapshot-copy-grant', 'snapshot-copy-job',
  ]);
  expect([...actionsCalled('serverless-snapshot-copy')].sort()).toEqual([
    'redshift-serverless:CreateSnapshotCopyConfiguration', 'redshift-serverless:DeleteSnapshotCopyConfiguration',
    'redshift-serverless:ListSnapshotCopyConfigurations', 'redshift-serverless:UpdateSnapshotCopyConfiguration',
  ]);
  expect([...actionsCalled('snapshot-copy-job')].sort()).toEqual([
    'docdb-elastic:CopyClusterSnapshot', 'docdb-elastic:DeleteClusterSnapshot', 'docdb-elastic:ListClusterSnapshots',
    'docdb-elastic:ListTagsForResource', 'docdb-elastic:TagResource', 'docdb-elastic:UntagResource',
    'memorydb:CopySnapshot', 'memorydb:DeleteSnapshot', 'memorydb:DescribeSnapshots', 'memorydb:ListTags', 'memorydb:TagResource', 'memorydb:UntagResource',
    's3:ListBucket',
  ]);
  expect([...actionsCalled('cross-region-snapshot-copy')].sort()).toEqual([
    'redshift:DescribeClusters', 'redshift:DisableSnapshotCopy', 'redshift:EnableSnapshotCopy', 'redshift:ModifySnapshotCopyRetentionPeriod',
  ]);
});

describe.each(roles.map(({ id }) => id))('role %s: every statement as the Service Authorization Reference defines its actions', (roleId) => {
  const statements = rolePolicies(template, roleId)
    .flatMap((policy) => policy.document.Statement.map((statement) => ({ policy: policy.name, statement })));

  test('has statements to check', () => {
    expect(statements.length).toBeGreaterThan(0);
  });

  test('actions exist, "*" only without resource types, ARNs of the resource types, supported condition keys', async () => {
    const findings: string[] = [];
    for (const { policy, statement } of statements) {
      findings.push(...(await referenceFindings(statement)).map((finding) => `${policy}: ${finding}`));
    }
    expect(findings).toEqual([]);
  });
});

describe.each(schedulerRoles.map(({ id }) => id))('scheduler role %s', (roleId) => {
  test('every statement as the Service Authorization Reference defines its actions', async () => {
    const statements = rolePolicies(template, roleId).flatMap((policy) => policy.document.Statement);
    expect(statements.length).toBeGreaterThan(0);
    const findings: string[] = [];
    for (const statement of statements) findings.push(...await referenceFindings(statement));
    expect(findings).toEqual([]);
  });
});

test('ServerlessSnapshotSchedule makes a scheduler role per construct', () => {
  expect(schedulerRoles).toHaveLength(2);
});

describe('the shared handler role', () => {
  test('no action that no kind\'s handler calls', () => {
    const called = new Set(KIND_NAMES.flatMap((kind) => [...actionsCalled(kind)]));
    const granted = new Set(rolePolicies(template, handlerRole)
      .flatMap((policy) => policy.document.Statement.flatMap((statement) => listOf(statement.Action))));
    expect([...granted].filter((action) => !called.has(action) && !AUTHORIZED_BY_OTHER_OPERATIONS.includes(action))).toEqual([]);
  });
});

describe('the request simulation (test/util/iam-simulation.ts) that every lifecycle, fault and CloudFormation test runs', () => {
  test('has a row for every AWS operation a handler calls, and every AWS call goes through the logged send()', () => {
    const called = KIND_NAMES.flatMap((kind) => [...operationsCalled(kind)]);
    expect(called.filter((operation) => !REQUESTS[operation])).toEqual([]);
    const handlerFiles = fs.readdirSync(path.join(__dirname, '..', '..', 'lambda'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== path.join('shared', 'aws.ts'));
    const direct = handlerFiles.filter((file) => /\.send\(/.test(fs.readFileSync(path.join(__dirname, '..', '..', 'lambda', file), 'utf8')));
    expect(direct).toEqual([]);
  });

  const role = HandlerRole.of(template);
  const request = (input: Record<string, unknown>, region = 'us-east-1') => ({ service: 'Redshift', region, call: 'CreateClusterSnapshot', input });
  /** The generated identifier of the snapshot of construct `Snapshot` (cluster "analytics"). */
  const snapshotIdentifier = Object.entries(template.Resources)
    .find(([id, resource]) => resource.Type === 'Custom::RedshiftClusterSnapshot' && /^Snapshot[0-9A-F]{8}$/.test(id))![1].Properties!.SnapshotIdentifier;

  test('allows what the role grants', async () => {
    expect(snapshotIdentifier).toMatch(/^audit-snapshot-/);
    expect(await role.denials(request({ ClusterIdentifier: 'analytics', SnapshotIdentifier: snapshotIdentifier, Tags: [{ Key: 'team', Value: 'data' }] }))).toEqual([]);
  });

  test('denies another snapshot, another cluster, another region, naming the action and the ARN', async () => {
    expect(await role.denials(request({ ClusterIdentifier: 'analytics', SnapshotIdentifier: 'someone-elses' }))).toEqual([
      expect.stringMatching(/^Redshift CreateClusterSnapshot in us-east-1: redshift:CreateClusterSnapshot on arn:aws:redshift:us-east-1:123456789012:snapshot:analytics\/someone-elses .* is ImplicitlyDenied/),
      expect.stringMatching(/^Redshift CreateClusterSnapshot in us-east-1: redshift:CreateTags on arn:aws:redshift:us-east-1:123456789012:snapshot:analytics\/someone-elses .* is ImplicitlyDenied/),
    ]);
    expect(await role.denials(request({ ClusterIdentifier: 'reporting', SnapshotIdentifier: snapshotIdentifier }))).toEqual([
      expect.stringContaining('redshift:CreateClusterSnapshot on arn:aws:redshift:us-east-1:123456789012:cluster:reporting'),
    ]);
    expect(await role.denials(request({ ClusterIdentifier: 'analytics', SnapshotIdentifier: snapshotIdentifier }, 'eu-west-1'))).toHaveLength(3);
  });

  test('a DocumentDB elastic copy: allowed in the stack\'s region; copying, deleting and tagging denied in every other region', async () => {
    const copy = (region: string) => ({
      service: 'DocDB Elastic',
      region,
      call: 'CopyClusterSnapshot',
      input: { snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x', targetSnapshotName: 'd', tags: { 'cdk-db-snapshots:copy-of:d': 'x' } },
    });
    expect(await role.denials(copy('us-east-1'))).toEqual([]);
    expect(await role.denials(copy('us-west-2'))).toEqual([
      expect.stringContaining('docdb-elastic:CopyClusterSnapshot on arn:aws:docdb-elastic:us-west-2:123456789012:cluster-snapshot/'),
      expect.stringContaining('docdb-elastic:CreateClusterSnapshot on arn:aws:docdb-elastic:us-west-2:123456789012:cluster-snapshot/'),
      expect.stringContaining('docdb-elastic:TagResource on arn:aws:docdb-elastic:us-west-2:123456789012:cluster-snapshot/'),
    ]);
    const remove = (region: string) => ({ service: 'DocDB Elastic', region, call: 'DeleteClusterSnapshot', input: { snapshotArn: `arn:aws:docdb-elastic:${region}:123456789012:cluster-snapshot/y` } });
    expect(await role.denials(remove('us-east-1'))).toEqual([]);
    expect(await role.denials(remove('us-west-2'))).toHaveLength(1);
  });

  test('an operation without a row fails the test that sent it', async () => {
    await expect(role.denials({ service: 'Redshift', region: 'us-east-1', call: 'DeleteCluster', input: {} }))
      .rejects.toThrow('no row for redshift:DeleteCluster in test/util/iam-requests.ts');
  });
});
