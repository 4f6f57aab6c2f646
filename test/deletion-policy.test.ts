// What the template says on delete: each custom resource's DeletionPolicy and UpdateReplacePolicy agree with the
// RemovalPolicy its handler acts on, the defaults are the README's table ("What the template says on delete"), and a
// Metadata sentence says what deleting it does. And where the shared handler logs (HandlerLogs).

import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, HandlerLogs, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotCopy, ServerlessSnapshotSchedule,
  SnapshotCopyGrant, SnapshotCopyJob, SnapshotSource,
} from '../lib';
import { ON_DELETE_METADATA_KEY } from '../lib/private/deletion-policy';

const newStack = () => new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });

type Build = (stack: Stack, removalPolicy?: RemovalPolicy) => void;
/** Each construct (README's name for its row) with a removal policy, or none for the default. */
const CONSTRUCTS: Array<[string, Build]> = [
  ['`ClusterSnapshot`', (stack, removalPolicy) => new ClusterSnapshot(stack, 'C', { clusterIdentifier: 'analytics', removalPolicy })],
  ['`ServerlessSnapshot`', (stack, removalPolicy) => new ServerlessSnapshot(stack, 'C', { namespaceName: 'analytics', removalPolicy })],
  ['`SnapshotCopyJob` (a copy)', (stack, removalPolicy) => new SnapshotCopyJob(stack, 'C', {
    source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'copy', removalPolicy,
  })],
  ['`SnapshotCopyJob` (a MemoryDB export to S3)', (stack, removalPolicy) => new SnapshotCopyJob(stack, 'C', {
    source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'export', targetBucket: new s3.Bucket(stack, 'B', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }), removalPolicy,
  })],
  ['`CrossRegionSnapshotCopy`', (stack, removalPolicy) => new CrossRegionSnapshotCopy(stack, 'C', {
    clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', removalPolicy,
  })],
  ['`ServerlessSnapshotCopy`', (stack, removalPolicy) => new ServerlessSnapshotCopy(stack, 'C', { namespaceName: 'analytics', destinationRegion: 'us-west-2', removalPolicy })],
  ['`ServerlessSnapshotSchedule`', (stack, removalPolicy) => new ServerlessSnapshotSchedule(stack, 'C', {
    namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), removalPolicy,
  })],
  ['`SnapshotCopyGrant`', (stack, removalPolicy) => new SnapshotCopyGrant(stack, 'C', { destinationRegion: 'us-west-2', removalPolicy })],
];

/** The one custom resource of a stack: its attributes and the RemovalPolicy its handler reads. */
interface TemplateResource {
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, string>;
  readonly Properties: Record<string, unknown>;
}
function customResource(stack: Stack): TemplateResource {
  const found = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>).filter((resource) => resource.Type.startsWith('Custom::'));
  expect(found).toHaveLength(1);
  return found[0];
}

/** The README's table: construct → the DeletionPolicy it documents by default (its first word). */
function documentedDefaults(): Record<string, string> {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What the template says on delete'));
  const rows = [...section.slice(0, section.indexOf('\n## ')).matchAll(/^\| (`[^|]+) \| `(Retain|Delete)`/gm)];
  return Object.fromEntries(rows.map(([, construct, policy]) => [construct.trim(), policy]));
}

test('the README documents the default of every construct', () => {
  expect(Object.keys(documentedDefaults()).sort()).toEqual(CONSTRUCTS.map(([name]) => name).sort());
});

describe.each(CONSTRUCTS)('%s', (name, build) => {
  test('by default the template says what the README says', () => {
    const stack = newStack();
    build(stack);
    const resource = customResource(stack);
    expect(resource.DeletionPolicy).toBe(documentedDefaults()[name]);
    expect(resource.UpdateReplacePolicy).toBe(resource.DeletionPolicy);
  });

  test.each([RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE])('with %s the template agrees with the handler, and says why', (removalPolicy) => {
    const stack = newStack();
    build(stack, removalPolicy);
    const resource = customResource(stack);
    const handlerRetains = resource.Properties.RemovalPolicy === 'retain';
    expect(resource.Properties.RemovalPolicy).toBe(removalPolicy === RemovalPolicy.DESTROY ? 'destroy' : 'retain');
    // An export's objects are never deleted, whatever the removal policy: the template says Retain.
    const expected = handlerRetains || name.includes('export') ? 'Retain' : 'Delete';
    expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual([expected, expected]);
    expect(resource.Metadata?.[ON_DELETE_METADATA_KEY]).toMatch(new RegExp(`^DeletionPolicy ${expected}`));
  });
});

test('a snapshot copy grant that a retained copy uses is retained, and its template says so', () => {
  const stack = newStack();
  const grant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2' });
  new CrossRegionSnapshotCopy(stack, 'Copy', {
    clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: grant.snapshotCopyGrantName, removalPolicy: RemovalPolicy.RETAIN,
  });
  const grants = Template.fromStack(stack).findResources('Custom::RedshiftSnapshotCopyGrant');
  const [resource] = Object.values(grants);
  expect(resource.Properties.RemovalPolicy).toBe('retain');
  expect([resource.DeletionPolicy, resource.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  expect(resource.Metadata[ON_DELETE_METADATA_KEY]).toMatch(/^DeletionPolicy Retain/);
});

describe('HandlerLogs', () => {
  const logGroups = (stack: Stack) => Template.fromStack(stack).findResources('AWS::Logs::LogGroup');

  test('every construct names the shared handler\'s log group, one per stack, kept a year by default', () => {
    const stack = newStack();
    const snapshot = new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics' });
    const copy = new ServerlessSnapshotCopy(stack, 'Copy', { namespaceName: 'analytics', destinationRegion: 'us-west-2' });
    expect(snapshot.handlerLogGroup).toBe(copy.handlerLogGroup);
    const handlerLogs = stack.resolve((snapshot.handlerLogGroup as logs.LogGroup).logGroupName);
    const template = Template.fromStack(stack);
    // Every function of the shared handler and of the framework logs there, and so does the waiter.
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(4);
    expect(functions.map((fn) => fn.Properties.LoggingConfig?.LogGroup)).toEqual(functions.map(() => handlerLogs));
    const [waiter] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const handlerLogsArn = stack.resolve((snapshot.handlerLogGroup as logs.LogGroup).logGroupArn);
    expect(waiter.Properties.LoggingConfiguration.Destinations).toEqual([{ CloudWatchLogsLogGroup: { LogGroupArn: handlerLogsArn } }]);
    const groups = logGroups(stack);
    expect(Object.keys(groups)).toHaveLength(1);
    expect(Object.values(groups).map((group) => group.Properties.RetentionInDays)).toEqual([365]);
  });

  test('setRetention, before or after the constructs, sets the log group; a different second choice fails naming the first', () => {
    const stack = newStack();
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics' });
    HandlerLogs.setRetention(stack, logs.RetentionDays.THREE_MONTHS);
    expect(Object.values(logGroups(stack)).map((group) => group.Properties.RetentionInDays)).toEqual([90]);
    expect(HandlerLogs.retentionOf(stack)).toBe(logs.RetentionDays.THREE_MONTHS);
    HandlerLogs.setRetention(stack, logs.RetentionDays.THREE_MONTHS);
    expect(() => HandlerLogs.setRetention(stack.node.findChild('Snapshot'), logs.RetentionDays.ONE_WEEK))
      .toThrow('Stack/Snapshot: invalid HandlerLogs.setRetention retention 7: must be the same for the whole stack: Stack already chose 90 days');

    const before = newStack();
    HandlerLogs.setRetention(before, logs.RetentionDays.INFINITE);
    new ServerlessSnapshot(before, 'Snapshot', { namespaceName: 'analytics' });
    // Never expire: CloudFormation's RetentionInDays left out.
    expect(Object.values(logGroups(before)).map((group) => group.Properties?.RetentionInDays)).toEqual([undefined]);
  });
});
