// One provider per stack for every kind of custom resource, and the public contract of its service token:
// CloudFormation never lets a custom resource change its ServiceToken, so the provider's construct path, the
// service token's logical id and the resource types must never change once stacks exist.

import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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

  test('a stack using every kind has one waiter, two handler functions and three of the framework, one handler role', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('AWS::Lambda::Function', 5);
    template.resourcePropertiesCountIs('AWS::IAM::Role', { Description: 'Handler of cdk-db-snapshots custom resources' }, 1);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.onEvent', Description: 'cdk-db-snapshots custom resources onEvent' }, 1);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Handler: 'index.isComplete', Description: 'cdk-db-snapshots custom resources isComplete' }, 1);
  });

  test('every custom resource, of every kind, has the same service token', () => {
    const tokens = KIND_NAMES.flatMap((kind) => Object.values(template.findResources(KINDS[kind].resourceType)))
      .map((resource) => JSON.stringify(resource.Properties.ServiceToken));
    expect(tokens).toHaveLength(8);
    expect(new Set(tokens)).toEqual(new Set([JSON.stringify({ 'Fn::GetAtt': ['CdkDbSnapshotsProviderframeworkonEvent08519727', 'Arn'] })]));
  });

  test('the fixed machinery stays within 20 resources: everything but the custom resources, their grant policies and the app\'s own', () => {
    const machinery = stack.node.findChild('CdkDbSnapshotsProvider').node.findAll()
      .filter(CfnResource.isCfnResource)
      .map((resource) => resource.cfnResourceType)
      .filter((type) => type !== 'AWS::IAM::ManagedPolicy');
    expect(machinery.length).toBeLessThanOrEqual(20);
    expect(machinery.length).toBe(16);
    expect(count(template, 'AWS::Logs::LogGroup')).toBe(2);
  });

  test('the provider polls every 10 s: the shortest interval of any kind', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.isComplete', Environment: { Variables: { POLL_INTERVAL_SECONDS: '10' } } });
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
