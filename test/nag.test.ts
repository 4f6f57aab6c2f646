// cdk-nag's AwsSolutions checks on the example app (every construct): no unacknowledged finding on
// anything this library creates. The only acknowledged findings are on resources of the Provider
// framework that it does not let us configure (lib/private/handler-provider.ts says which and why).

import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ExampleStack } from '../example/example-stack';

function nagFindings(stack: Stack, level: 'error' | 'warning'): string[] {
  Aspects.of(stack.node.root).add(new AwsSolutionsChecks());
  (stack.node.root as App).synth();
  const annotations = Annotations.fromStack(stack);
  const found = level === 'error'
    ? annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))
    : annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  return found.map((finding) => `${finding.id}: ${String(finding.entry.data).split(':')[0]}`);
}

/** What the example app's own L1 resources (the database clusters the README shows) are flagged for. */
const EXAMPLE_DATABASE = /^\/Example\/Warehouse: AwsSolutions-RS\d+$/;

test('the library\'s resources have no cdk-nag AwsSolutions errors', () => {
  const stack = new ExampleStack(new App(), 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
  const ours = nagFindings(stack, 'error').filter((finding) => !EXAMPLE_DATABASE.test(finding));
  expect(ours).toEqual([]);
});

test('acknowledgements cover Provider framework resources, and on our roles only the service-generated ARNs of Redshift Serverless', () => {
  const stack = new ExampleStack(new App(), 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
  const acknowledged = stack.node.findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct) && Boolean(construct.getMetadata('cdk_nag')));
  const framework = /\/(Provider\/(framework-|waiter-state-machine)|Permissions\/Framework(OnEvent|Complete)Role\/)/;
  expect(acknowledged.filter((resource) => framework.test(resource.node.path)).length).toBeGreaterThan(0);
  const ours = acknowledged.filter((resource) => !framework.test(resource.node.path));
  expect(ours.map((resource) => resource.node.path)).toEqual(['Example/CdkDbSnapshots.ServerlessSnapshotProvider/Permissions/Role/DefaultPolicy/Resource']);
  expect(ours[0].getMetadata('cdk_nag').rules_to_suppress).toEqual([expect.objectContaining({
    id: 'AwsSolutions-IAM5',
    applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/' }],
  })]);
});

test('cdk-nag is real: a queue without TLS enforcement is an error', () => {
  const stack = new Stack(new App(), 'Bad');
  new sqs.Queue(stack, 'Queue');
  expect(nagFindings(stack, 'error').some((finding) => finding.startsWith('/Bad/Queue/Resource: AwsSolutions-SQS3'))).toBe(true);
});
