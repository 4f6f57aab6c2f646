// IAM audit of every handler role, statement by statement, on a stack with every construct (and every
// option that adds permissions: KMS keys, an S3 export):
// - no `Resource: "*"` but for actions AWS documents as having no resource-level permissions;
// - KMS statements name the given key only, with kms:GrantIsForAWSResource;
// - no statement grants an action its handler never calls.

import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, SnapshotCopyGrant, SnapshotCopyJob, SnapshotSource,
} from '../../lib';

/**
 * Actions without resource-level permissions, with where AWS says so:
 * - docdb-elastic:ListClusterSnapshots: Service Authorization Reference, "Actions defined by Amazon DocumentDB
 *   Elastic Clusters" (no resource type).
 * - s3:GetBucketLocation and s3:ListAllMyBuckets for a MemoryDB export: MemoryDB developer guide, "MemoryDB API
 *   permissions" (CopySnapshot requires them with resource `*`).
 */
const NO_RESOURCE_LEVEL = ['docdb-elastic:ListClusterSnapshots', 's3:GetBucketLocation', 's3:ListAllMyBuckets'];

/** Actions the service calls on our behalf rather than the handler itself. */
const SERVICE_SIDE = [
  'logs:CreateLogStream', 'logs:PutLogEvents', // Lambda writes the handler's logs with the role
  'kms:CreateGrant', 'kms:DescribeKey', // Redshift, MemoryDB and DocumentDB use a given key through grants
  's3:GetBucketLocation', 's3:ListAllMyBuckets', // MemoryDB's export checks the bucket with the caller's permissions
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
function actionsCalled(handlerName: string): Set<string> {
  const dir = path.join(__dirname, '..', '..', 'lambda', handlerName);
  const actions = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const [, names, client] of source.matchAll(/import \{([^}]+)\} from '@aws-sdk\/([a-z0-9-]+)'/g)) {
      for (const name of names.split(',').map((imported) => imported.trim()).filter((imported) => imported.endsWith('Command'))) {
        const operation = `${SDK_SERVICES[client]}:${name.replace(/Command$/, '')}`;
        if (source.includes(`new ${name}(`)) actions.add(ACTION_OF_OPERATION[operation] ?? operation);
      }
    }
  }
  return actions;
}

function everyConstruct(): Stack {
  const stack = new Stack(new App(), 'Audit', { env: { account: '123456789012', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'Key');
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2' });
  new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', kmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/k' });
  new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics' });
  new ServerlessSnapshot(stack, 'Serverless', { namespaceName: 'analytics' });
  new SnapshotCopyJob(stack, 'Export', { source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'e', targetBucket: new s3.Bucket(stack, 'B') });
  new SnapshotCopyJob(stack, 'MemoryCopy', { source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'c', kmsKey: key });
  new SnapshotCopyJob(stack, 'DocCopy', { source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x' }), targetSnapshotName: 'd', kmsKey: key });
  return stack;
}

interface Statement { Effect: string; Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> }

/** The statements of each handler role (inline and managed policies), by handler name. */
function handlerStatements(template: Template): Map<string, Statement[]> {
  const result = new Map<string, Statement[]>();
  const roles = template.findResources('AWS::IAM::Role');
  for (const [roleId, role] of Object.entries(roles)) {
    const match = /^Handler of cdk-db-snapshots ([a-z-]+) custom resources$/.exec(role.Properties.Description ?? '');
    if (!match) continue;
    const attached = (policy: any) => JSON.stringify(policy.Properties.Roles ?? []).includes(`"${roleId}"`);
    const statements = [
      ...Object.values(template.findResources('AWS::IAM::Policy')).filter(attached),
      ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter(attached),
    ].flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
    result.set(match[1], statements);
  }
  return result;
}

const template = Template.fromStack(everyConstruct());
const roles = handlerStatements(template);

test('every handler kind has a role, and the audit reads its calls from the handler source', () => {
  expect([...roles.keys()].sort()).toEqual(['cluster-snapshot', 'cross-region-snapshot-copy', 'serverless-snapshot', 'snapshot-copy-grant', 'snapshot-copy-job']);
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

describe.each([...roles.keys()])('handler role of %s', (handler) => {
  const statements = roles.get(handler)!;
  const actions = (statement: Statement) => [statement.Action].flat();

  test('no Resource "*" but for actions without resource-level permissions', () => {
    const star = statements.filter((statement) => [statement.Resource].flat().includes('*'));
    for (const statement of star) expect(actions(statement).filter((action) => !NO_RESOURCE_LEVEL.includes(action))).toEqual([]);
  });

  test('KMS statements name a given key only, for AWS resources', () => {
    for (const statement of statements.filter((s) => actions(s).some((action) => action.startsWith('kms:')))) {
      const resources = [statement.Resource].flat();
      expect(resources.every((resource) => JSON.stringify(resource).includes(':kms:') || JSON.stringify(resource).includes('Key'))).toBe(true);
      expect(statement.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
    }
  });

  test('no action the handler never calls', () => {
    const called = actionsCalled(handler);
    const granted = new Set(statements.flatMap(actions));
    expect([...granted].filter((action) => !called.has(action) && !SERVICE_SIDE.includes(action))).toEqual([]);
  });
});
