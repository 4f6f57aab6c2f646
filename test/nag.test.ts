// cdk-nag's AwsSolutions checks on the example app (every construct): no unacknowledged finding on
// anything this library creates. The only acknowledged findings are on resources of the Provider
// framework that it does not let us configure (lib/private/handler-provider.ts says which and why).

import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { clusterSnapshotApp, crossRegionSnapshotCopyApp, serverlessSnapshotApp, serverlessSnapshotCopyApp, serverlessSnapshotScheduleApp, snapshotCopyJobApp } from './integ-apps';
import { ExampleStack } from '../example/example-stack';
import { ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, ServerlessSnapshotCopy, ServerlessSnapshotSchedule, SnapshotCopyGrant, SnapshotCopyJob } from '../lib';

function nagFindings(stack: Stack, level: 'error' | 'warning'): string[] {
  Aspects.of(stack.node.root).add(new AwsSolutionsChecks());
  const annotations = Annotations.fromStack(stack);
  const found = level === 'error'
    ? annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))
    : annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  return found.map((finding) => `${finding.id}: ${String(finding.entry.data).split(':')[0]}`);
}

/** Paths of what this library creates in the example app: its constructs and their shared providers. */
function libraryPaths(stack: Stack): string[] {
  const library = [ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, SnapshotCopyGrant, SnapshotCopyJob,
    ServerlessSnapshotSchedule, ServerlessSnapshotCopy];
  return stack.node.findAll()
    .filter((construct) => library.some((type) => construct instanceof type) || construct.node.id.startsWith('CdkDbSnapshots'))
    .map((construct) => `/${construct.node.path}`);
}

test('the library\'s resources have no cdk-nag AwsSolutions errors', () => {
  const stack = new ExampleStack(new App(), 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
  const ours = libraryPaths(stack);
  expect(ours.length).toBeGreaterThan(5);
  const findings = nagFindings(stack, 'error');
  // The example's own database clusters and bucket are the README's, kept short on purpose.
  expect(findings.length).toBeGreaterThan(0);
  expect(findings.filter((finding) => ours.some((path) => finding.startsWith(`${path}/`) || finding.startsWith(`${path}:`)))).toEqual([]);
});

test.each([
  ['CrossRegionSnapshotCopy', crossRegionSnapshotCopyApp],
  ['ClusterSnapshot', clusterSnapshotApp],
  ['ServerlessSnapshot', serverlessSnapshotApp],
  ['SnapshotCopyJob', snapshotCopyJobApp],
  ['ServerlessSnapshotSchedule', serverlessSnapshotScheduleApp],
  ['ServerlessSnapshotCopy', serverlessSnapshotCopyApp],
])('the integration test app of %s: no cdk-nag AwsSolutions errors on the library\'s resources', (_name, build) => {
  const app = new App();
  build(app);
  const stack = app.node.children.find((child): child is Stack => child instanceof Stack && child.node.id.startsWith('Integ'))!;
  const ours = libraryPaths(stack);
  expect(ours.length).toBeGreaterThan(1);
  const findings = nagFindings(stack, 'error');
  expect(findings.filter((finding) => ours.some((path) => finding.startsWith(`${path}/`) || finding.startsWith(`${path}:`)))).toEqual([]);
});

test('acknowledgements cover Provider framework resources, and on our roles only ARNs AWS makes unavoidable', () => {
  const stack = new ExampleStack(new App(), 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
  const acknowledged = stack.node.findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct) && Boolean(construct.getMetadata('cdk_nag')));
  const framework = /\/(Provider\/(framework-|waiter-state-machine)|Permissions\/Framework(OnEvent|Complete)Role\/)/;
  expect(acknowledged.filter((resource) => framework.test(resource.node.path)).length).toBeGreaterThan(0);
  const ours = Object.fromEntries(acknowledged.filter((resource) => !framework.test(resource.node.path))
    .map((resource) => [resource.node.path, resource.getMetadata('cdk_nag').rules_to_suppress]));
  // Every kind's acknowledgements stand on every policy of the shared handler role: its own and its grant policies.
  const kinds = [
    // Namespace and snapshot ARNs of Redshift Serverless end in ids the service generates.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/' }],
    },
    // docdb-elastic:ListClusterSnapshots and s3:ListAllMyBuckets have no resource-level permissions;
    // a DocumentDB elastic copy's ARN ends in a generated id, its source's cluster is not named; export objects.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [
        'Resource::*',
        { regex: '/^Resource::arn:<AWS::Partition>:docdb-elastic:.*:cluster(-snapshot)?\\/\\*$/' },
        { regex: '/^Resource::(<[^>]+\\.Arn>|arn:<AWS::Partition>:s3:::[^/]+)\\/[^*]+\\*$/' },
      ],
    },
    // redshift:DescribeSnapshotCopyGrants has no resource-level permissions.
    { id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'] },
    // redshift:ModifyClusterSnapshot names no cluster: granted on snapshot:*/<id>.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:redshift:.*:snapshot:\\*\\/.+$/' }],
    },
    // Get/Update/DeleteScheduledAction of Redshift Serverless have no resource-level permissions; snapshot ARNs end in generated ids.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: ['Resource::*', { regex: '/^Resource::arn:<AWS::Partition>:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/' }],
    },
    // Serverless namespace ARNs end in generated ids; Update/DeleteSnapshotCopyConfiguration have no resource types.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:redshift-serverless:.*:namespace\\/\\*$/' }, 'Resource::*'],
    },
  ];
  // The role ServerlessSnapshotSchedule makes for the Redshift scheduler: snapshot ARNs end in generated ids.
  const schedulerPolicies = Object.keys(ours).filter((path) => /\/SchedulerRole\/DefaultPolicy\/Resource$/.test(path));
  expect(schedulerPolicies).toEqual(['Example/NightlySnapshots/SchedulerRole/DefaultPolicy/Resource']);
  for (const path of schedulerPolicies) {
    expect(ours[path]).toEqual([expect.objectContaining({
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/' }],
    })]);
    delete ours[path];
  }
  const policies = Object.keys(ours);
  expect(policies).toContain('Example/CdkDbSnapshotsProvider/Permissions/Role/DefaultPolicy/Resource');
  expect(policies.filter((path) => !/^Example\/CdkDbSnapshotsProvider\/Permissions\/(Role\/DefaultPolicy|Grants\/Policy\d+)\/Resource$/.test(path))).toEqual([]);
  for (const path of policies) {
    expect(ours[path]).toHaveLength(kinds.length);
    expect(ours[path]).toEqual(expect.arrayContaining(kinds.map((finding) => expect.objectContaining(finding))));
  }
});

test('cdk-nag is real: a queue without TLS enforcement is an error', () => {
  const stack = new Stack(new App(), 'Bad');
  new sqs.Queue(stack, 'Queue');
  expect(nagFindings(stack, 'error').some((finding) => finding.startsWith('/Bad/Queue/Resource: AwsSolutions-SQS3'))).toBe(true);
});
