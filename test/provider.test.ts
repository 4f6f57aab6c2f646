// One provider per stack for every kind of custom resource, and the public contract of its service token:
// CloudFormation never lets a custom resource change its ServiceToken, so the provider's construct path, the
// service token's logical id and the resource types must never change once stacks exist.

import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotSchedule, SnapshotCopyGrant, SnapshotCopyJob,
  SnapshotSource, ServerlessSnapshotCopy,
} from '../lib';
import { KIND_NAMES, KINDS } from '../lib/handler-properties/kinds';

function everyKind(stack: Stack): void {
  const grant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2' });
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: grant.snapshotCopyGrantName });
  new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics' });
  new ServerlessSnapshot(stack, 'Serverless', { namespaceName: 'analytics' });
  new SnapshotCopyJob(stack, 'Export', { source: SnapshotSource.memoryDb({ snapshotName: 's' }), targetSnapshotName: 'e', targetBucket: new s3.Bucket(stack, 'Bucket', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }) });
  new SnapshotCopyJob(stack, 'DocCopy', {
    source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x' }),
    targetSnapshotName: 'd',
    encryptionKey: new kms.Key(stack, 'Key'),
  });
  new ServerlessSnapshotSchedule(stack, 'Schedule', { namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }) });
  new ServerlessSnapshotCopy(stack, 'ServerlessCopy', { namespaceName: 'analytics', destinationRegion: 'us-west-2' });
}

const newStack = () => new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });

/** Resources of a type whose logical id the provider creates, in a template. */
function count(template: Template, type: string): number {
  return Object.keys(template.findResources(type)).length;
}

describe('one provider per stack', () => {
  const stack = newStack();
  everyKind(stack);
  const template = Template.fromStack(stack);

  test('a stack using every kind has one waiter, one handler function for onEvent and isComplete and three of the framework, one handler role', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Lambda::Function', 4);
    template.resourcePropertiesCountIs('AWS::IAM::Role', { Description: 'Handler of cdk-db-snapshots custom resources' }, 1);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^cdk-db-snapshots custom resources') }, 1);
    template.resourcePropertiesCountIs('AWS::Lambda::Function',
      { Handler: 'index.handler', Description: 'cdk-db-snapshots custom resources: onEvent and isComplete' }, 1);
    // The framework's onEvent and isComplete functions both invoke that one function.
    const [handlerId] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }));
    const variables = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Environment?.Variables ?? {});
    const arnsOf = (name: string) => variables.map((each) => each[name]).filter((arn) => arn !== undefined);
    const handlerArn = { 'Fn::GetAtt': [handlerId, 'Arn'] };
    for (const name of ['USER_ON_EVENT_FUNCTION_ARN', 'USER_IS_COMPLETE_FUNCTION_ARN']) {
      expect(arnsOf(name).length).toBeGreaterThan(0);
      expect(new Set(arnsOf(name).map((arn) => JSON.stringify(arn)))).toEqual(new Set([JSON.stringify(handlerArn)]));
    }
  });

  test('every custom resource, of every kind, has the same service token', () => {
    const tokens = KIND_NAMES.flatMap((kind) => Object.values(template.findResources(KINDS[kind].resourceType)))
      .map((resource) => JSON.stringify(resource.Properties.ServiceToken));
    expect(tokens).toHaveLength(8);
    expect(new Set(tokens)).toEqual(new Set([JSON.stringify({ 'Fn::GetAtt': ['CdkDbSnapshotsProviderframeworkonEvent08519727', 'Arn'] })]));
  });

  test('the fixed machinery stays within 14 resources: everything but the custom resources, their grant policies and the app\'s own', () => {
    const machinery = stack.node.findChild('CdkDbSnapshotsProvider').node.findAll()
      .filter(CfnResource.isCfnResource)
      .map((resource) => resource.cfnResourceType)
      .filter((type) => type !== 'AWS::IAM::ManagedPolicy');
    expect(machinery.length).toBeLessThanOrEqual(14);
    expect(machinery.length).toBe(14);
    // The handler, the framework's functions and the waiter's state transitions all log to one log group.
    expect(count(template, 'AWS::Logs::LogGroup')).toBe(1);
  });

  test('the provider polls every 10 s: the shortest interval of any kind', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Environment: { Variables: { POLL_INTERVAL_SECONDS: '10' } } });
  });
});

describe('the public contract of the service token (never change it: deployed resources could no longer be updated or deleted)', () => {
  test('the provider\'s construct path, the service token\'s path and logical id', () => {
    const stack = newStack();
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics' });
    const onEvent = stack.node.findAll().find((construct) => construct.node.path === 'Stack/CdkDbSnapshotsProvider/Provider/framework-onEvent/Resource');
    expect(CfnResource.isCfnResource(onEvent)).toBe(true);
    expect(stack.resolve((onEvent as CfnResource).logicalId)).toBe('CdkDbSnapshotsProviderframeworkonEvent08519727');
    const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::RedshiftClusterSnapshot'));
    expect(resource.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': ['CdkDbSnapshotsProviderframeworkonEvent08519727', 'Arn'] });
  });

  test('the resource types', () => {
    expect(Object.fromEntries(KIND_NAMES.map((kind) => [kind, KINDS[kind].resourceType]))).toEqual({
      'cluster-snapshot': 'Custom::RedshiftClusterSnapshot',
      'cross-region-snapshot-copy': 'Custom::RedshiftCrossRegionSnapshotCopy',
      'serverless-snapshot': 'Custom::RedshiftServerlessSnapshot',
      'snapshot-copy-grant': 'Custom::RedshiftSnapshotCopyGrant',
      'snapshot-copy-job': 'Custom::SnapshotCopyJob',
      'serverless-snapshot-schedule': 'Custom::RedshiftServerlessSnapshotSchedule',
      'serverless-snapshot-copy': 'Custom::RedshiftServerlessSnapshotCopy',
    });
  });

  test('each stack of an app has its own provider, and two apps share none (no static state)', () => {
    const app = new App();
    const first = new Stack(app, 'First');
    const second = new Stack(app, 'Second');
    everyKind(first);
    everyKind(second);
    const other = newStack();
    everyKind(other);
    for (const stack of [first, second, other]) {
      expect(count(Template.fromStack(stack), 'AWS::StepFunctions::StateMachine')).toBe(1);
      expect(stack.node.tryFindChild('CdkDbSnapshotsProvider')).toBeDefined();
    }
  });
});
