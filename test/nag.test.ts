// cdk-nag's AwsSolutions checks on the example app (every construct) and the integration test apps: no
// unacknowledged finding, error or warning, on anything this library creates, as a user's app renders it: with no
// feature flags, with `@aws-cdk/core:enablePartitionLiterals` alone (ARNs as `arn:aws:...`, not
// `arn:<AWS::Partition>:...`), and with every flag `cdk init` turns on (taken from the CLI's own template). The only
// acknowledged findings are those AWS or the Provider framework make unavoidable (lib/private/handler-provider.ts
// and each construct say which and why).
//
// cdk-nag 2.x reads the `cdk_nag` metadata; 3.x reads acknowledgements with one exact id per finding, which
// lib/private/nag.ts derives at synthesis. cdk-nag 3.x needs a newer aws-cdk-lib than these tests run on: here, every
// finding cdk-nag reports with acknowledgements ignored must have its exact 3.x acknowledgement, and no more; the
// consumer app of test/package.test.ts runs cdk-nag 3.x itself.

import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, SuppressionIgnoreAlways } from 'cdk-nag';
import { clusterSnapshotApp, crossRegionSnapshotCopyApp, serverlessSnapshotApp, serverlessSnapshotCopyApp, serverlessSnapshotScheduleApp, snapshotCopyJobApp } from './integ-apps';
import { cdkInitContext } from './util/cdk-init';
import { ExampleStack } from '../example/example-stack';
import { ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, ServerlessSnapshotCopy, ServerlessSnapshotSchedule, SnapshotCopyGrant, SnapshotCopyJob } from '../lib';
import { ACKNOWLEDGED_RULES_METADATA_KEY } from '../lib/private/nag';

const PARTITION_LITERALS = '@aws-cdk/core:enablePartitionLiterals';
const INIT_CONTEXT = cdkInitContext();
const RENDERINGS: Array<[string, Record<string, unknown>]> = [
  ['no feature flags', {}],
  [PARTITION_LITERALS, { [PARTITION_LITERALS]: true }],
  ['the feature flags of `cdk init`', INIT_CONTEXT],
];

test('`cdk init` turns partition literals on: the renderings above differ', () => {
  expect(INIT_CONTEXT[PARTITION_LITERALS]).toBe(true);
  const arn = (context: Record<string, unknown>) => {
    const stack = new Stack(new App({ context }), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    return JSON.stringify(stack.resolve(stack.formatArn({ service: 'redshift', resource: 'cluster', resourceName: 'x' })));
  };
  expect(arn(INIT_CONTEXT)).toContain('arn:aws:redshift');
  expect(arn({})).toContain('AWS::Partition');
});

/** `<path>: <rule>[<finding>]` of each cdk-nag AwsSolutions error and warning of the stack's app. */
function nagFindings(stack: Stack, options: { ignoreAcknowledgements?: boolean } = {}): string[] {
  Aspects.of(stack.node.root).add(new AwsSolutionsChecks(options.ignoreAcknowledgements
    ? { suppressionIgnoreCondition: new SuppressionIgnoreAlways('the raw findings, to compare with the exact acknowledgements') }
    : {}));
  const annotations = Annotations.fromStack(stack);
  const found = [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ];
  return found.map((finding) => `${finding.id}: ${String(finding.entry.data).split(': ')[0]}`);
}

/** Paths of what this library creates in the app: its constructs and their shared providers. */
function libraryPaths(stack: Stack): string[] {
  const library = [ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, SnapshotCopyGrant, SnapshotCopyJob,
    ServerlessSnapshotSchedule, ServerlessSnapshotCopy];
  return stack.node.findAll()
    .filter((construct) => library.some((type) => construct instanceof type) || construct.node.id.startsWith('CdkDbSnapshots'))
    .map((construct) => `/${construct.node.path}`);
}

function ofLibrary(findings: string[], ours: string[]): string[] {
  return findings.filter((finding) => ours.some((path) => finding.startsWith(`${path}/`) || finding.startsWith(`${path}:`)));
}

const APPS: Array<[string, (app: App) => Stack]> = [
  ['the example app', (app) => new ExampleStack(app, 'Example', { env: { account: '123456789012', region: 'us-east-1' } })],
  ...([
    ['CrossRegionSnapshotCopy', crossRegionSnapshotCopyApp],
    ['ClusterSnapshot', clusterSnapshotApp],
    ['ServerlessSnapshot', serverlessSnapshotApp],
    ['SnapshotCopyJob', snapshotCopyJobApp],
    ['ServerlessSnapshotSchedule', serverlessSnapshotScheduleApp],
    ['ServerlessSnapshotCopy', serverlessSnapshotCopyApp],
  ] as const).map(([name, build]): [string, (app: App) => Stack] => [`the integration test app of ${name}`, (app) => {
    build(app);
    return app.node.children.find((child): child is Stack => child instanceof Stack && child.node.id.startsWith('Integ'))!;
  }]),
];

describe.each(RENDERINGS)('with %s', (_rendering, context) => {
  test.each(APPS)('%s: no cdk-nag 2.x AwsSolutions error or warning on the library\'s resources', (_name, build) => {
    const stack = build(new App({ context }));
    const ours = libraryPaths(stack);
    expect(ours.length).toBeGreaterThan(1);
    expect(ofLibrary(nagFindings(stack), ours)).toEqual([]);
  });

  test.each(APPS)('%s: every finding on the library\'s resources has its exact cdk-nag 3.x acknowledgement, and nothing more is acknowledged', (_name, build) => {
    const app = new App({ context });
    const stack = build(app);
    const ours = libraryPaths(stack);
    const raw = ofLibrary(nagFindings(stack, { ignoreAcknowledgements: true }), ours);
    // The findings AWS makes unavoidable (wildcard ARNs, actions without resource-level permissions) are there.
    expect(raw.some((finding) => finding.includes('AwsSolutions-IAM5[Resource::'))).toBe(true);
    const acknowledged = app.node.findAll().flatMap((construct) => construct.node.metadata
      .filter((entry) => entry.type === ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.keys(entry.data).map((id) => `/${construct.node.path}: ${id}`)));
    expect([...new Set(acknowledged)].sort()).toEqual([...new Set(raw)].sort());
  });
});

test('the example app\'s own resources keep their findings: acknowledgements stay on the library\'s resources', () => {
  const stack = new ExampleStack(new App({ context: INIT_CONTEXT }), 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
  const findings = nagFindings(stack);
  // The example's own database clusters and bucket are the README's, kept short on purpose.
  expect(findings.length).toBeGreaterThan(0);
  expect(ofLibrary(findings, libraryPaths(stack))).toEqual([]);
});

test('acknowledgements cover Provider framework resources, and on our roles only ARNs AWS makes unavoidable', () => {
  const stack = new ExampleStack(new App(), 'Example', { env: { account: '123456789012', region: 'us-east-1' } });
  const acknowledged = stack.node.findAll()
    .filter((construct): construct is CfnResource => CfnResource.isCfnResource(construct) && Boolean(construct.getMetadata('cdk_nag')));
  const framework = /\/(Provider\/(framework-|waiter-state-machine)|Permissions\/Framework(OnEvent|Complete)Role\/)/;
  expect(acknowledged.filter((resource) => framework.test(resource.node.path)).length).toBeGreaterThan(0);
  const ours = Object.fromEntries(acknowledged.filter((resource) => !framework.test(resource.node.path))
    .map((resource) => [resource.node.path, resource.getMetadata('cdk_nag').rules_to_suppress]));
  // Either rendering of the partition: `<AWS::Partition>` (a Ref) or a literal such as `aws` or `aws-cn`.
  const P = '(<AWS::Partition>|aws(-[a-z]+)*)';
  // Every kind's acknowledgements stand on every policy of the shared handler role: its own and its grant policies.
  const kinds = [
    // Namespace and snapshot ARNs of Redshift Serverless end in ids the service generates.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: `/^Resource::arn:${P}:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/` }],
    },
    // docdb-elastic:ListClusterSnapshots and s3:ListAllMyBuckets have no resource-level permissions;
    // a DocumentDB elastic copy's ARN ends in a generated id, its source's cluster is not named; export objects.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [
        'Resource::*',
        { regex: `/^Resource::arn:${P}:docdb-elastic:.*:cluster(-snapshot)?\\/\\*$/` },
        { regex: `/^Resource::(<[^>]+\\.Arn>|arn:${P}:s3:::[^/]+)\\/[^*]+\\*$/` },
      ],
    },
    // redshift:DescribeSnapshotCopyGrants has no resource-level permissions.
    { id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'] },
    // redshift:ModifyClusterSnapshot names no cluster: granted on snapshot:*/<id>.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: `/^Resource::arn:${P}:redshift:.*:snapshot:\\*\\/.+$/` }],
    },
    // Get/Update/DeleteScheduledAction of Redshift Serverless have no resource-level permissions; snapshot ARNs end in generated ids.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: ['Resource::*', { regex: `/^Resource::arn:${P}:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/` }],
    },
    // Serverless namespace ARNs end in generated ids; Update/DeleteSnapshotCopyConfiguration have no resource types.
    {
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: `/^Resource::arn:${P}:redshift-serverless:.*:namespace\\/\\*$/` }, 'Resource::*'],
    },
  ];
  // The role ServerlessSnapshotSchedule makes for the Redshift scheduler: snapshot ARNs end in generated ids.
  const schedulerPolicies = Object.keys(ours).filter((path) => /\/SchedulerRole\/DefaultPolicy\/Resource$/.test(path));
  expect(schedulerPolicies).toEqual(['Example/NightlySnapshots/SchedulerRole/DefaultPolicy/Resource']);
  for (const path of schedulerPolicies) {
    expect(ours[path]).toEqual([expect.objectContaining({
      id: 'AwsSolutions-IAM5',
      applies_to: [{ regex: `/^Resource::arn:${P}:redshift-serverless:.*:(namespace|snapshot)\\/\\*$/` }],
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
  expect(nagFindings(stack).some((finding) => finding.startsWith('/Bad/Queue/Resource: AwsSolutions-SQS3'))).toBe(true);
});
