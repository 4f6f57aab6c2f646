import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { ServerlessSnapshotCopy, ServerlessSnapshotCopyProps, SnapshotRetention } from '../lib';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::RedshiftServerlessSnapshotCopy';
const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-3333-4444-555566667777';

function stackIn(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function copy(props: Partial<Omit<ServerlessSnapshotCopyProps, 'destinationEncryptionKey'>> & { keyArn?: string } = {}, stack = stackIn()): Stack {
  const { keyArn, ...rest } = props;
  new ServerlessSnapshotCopy(stack, 'Dr', {
    namespaceName: 'analytics',
    destinationRegion: 'us-west-2',
    destinationEncryptionKey: keyArn === undefined ? undefined : kms.Key.fromKeyArn(stack, 'DrKey', keyArn),
    ...rest,
  });
  return stack;
}

describe('custom resource properties', () => {
  test('defaults: AWS\'s default retention (indefinitely, -1), no key, the configuration deleted on removal', () => {
    const template = Template.fromStack(copy());
    template.hasResourceProperties(RESOURCE_TYPE, {
      NamespaceName: 'analytics',
      DestinationRegion: 'us-west-2',
      DestinationKmsKeyId: Match.absent(),
      RetentionPeriod: -1,
      RemovalPolicy: 'destroy',
      TimeoutSeconds: 3600,
    });
  });

  test('every prop reaches the handler', () => {
    Template.fromStack(copy({
      keyArn: KEY_ARN,
      retention: SnapshotRetention.days(7),
      removalPolicy: RemovalPolicy.RETAIN,
      timeout: Duration.minutes(30),
    })).hasResourceProperties(RESOURCE_TYPE, {
      DestinationKmsKeyId: KEY_ARN, RetentionPeriod: 7, RemovalPolicy: 'retain', TimeoutSeconds: 1800,
    });
  });

  test('works with the L1 namespace and exposes the configuration\'s id and ARN as getAtt', () => {
    const stack = stackIn();
    const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'analytics' });
    const dr = new ServerlessSnapshotCopy(stack, 'Dr', { namespaceName: namespace.attrNamespaceNamespaceName, destinationRegion: 'us-west-2' });
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { NamespaceName: { 'Fn::GetAtt': ['Namespace', 'Namespace.NamespaceName'] } });
    expect(stack.resolve(dr.snapshotCopyConfigurationId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Dr/), 'SnapshotCopyConfigurationId'] });
    expect(stack.resolve(dr.snapshotCopyConfigurationArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Dr/), 'SnapshotCopyConfigurationArn'] });
  });
});

describe('validation at synth time', () => {
  test.each<[string, Parameters<typeof copy>[0], RegExp]>([
    ['a namespace name with uppercase', { namespaceName: 'Analytics' }, /Stack\/Dr: invalid namespaceName "Analytics": must be 3 to 64 lowercase letters, digits or hyphens/],
    ['a namespace name of 2 characters', { namespaceName: 'ab' }, /invalid namespaceName "ab"/],
    ['a namespace name of 65 characters', { namespaceName: 'n'.repeat(65) }, /invalid namespaceName "n{65}"/],
    ['an unknown region', { destinationRegion: 'us-west-9' }, /Stack\/Dr: invalid destinationRegion "us-west-9": must be an AWS region name/],
    ['the stack\'s own region', { destinationRegion: 'us-east-1' }, /invalid destinationRegion "us-east-1": must differ from the stack's own region \(us-east-1\)/],
    ['a region of another partition', { destinationRegion: 'cn-north-1' }, /must be in the stack's partition \(aws\)/],
    ['a key of another region', { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/1111aaaa' },
      /Stack\/Dr: invalid destinationEncryptionKey "arn:aws:kms:us-east-1:123456789012:key\/1111aaaa": must be a key of destinationRegion \(us-west-2\)/],
    ['an alias', { keyArn: 'arn:aws:kms:us-west-2:123456789012:alias/dr' }, /invalid destinationEncryptionKey .*not an alias/],
    ['a timeout of 30 seconds', { timeout: Duration.seconds(30) }, /Stack\/Dr: invalid timeout \(30 seconds\)/],
    ['a timeout of 2 hours', { timeout: Duration.hours(2) }, /invalid timeout \(2 hours\)/],
    ['RemovalPolicy.SNAPSHOT', { removalPolicy: RemovalPolicy.SNAPSHOT }, /invalid removalPolicy "snapshot"/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => copy(props)).toThrow(message);
  });

  test('retention outside 1 to 3653 days fails naming the construct and the prop', () => {
    expect(() => copy({ retention: SnapshotRetention.days(3654) })).toThrow(/Stack\/Dr: invalid retention "SnapshotRetention.days\(3654\)": .*from 1 to 3653/);
    expect(() => copy({ retention: SnapshotRetention.days(0) })).toThrow(/Stack\/Dr: invalid retention "SnapshotRetention.days\(0\)": .*from 1 to 3653/);
  });

  test.each<[string, Parameters<typeof copy>[0]]>([
    ['a namespace name of 3 characters', { namespaceName: 'abc' }],
    ['a namespace name of 64 characters', { namespaceName: 'n'.repeat(64) }],
    ['a key of the destination region', { keyArn: KEY_ARN }],
    ['retention of 3653 days', { retention: SnapshotRetention.days(3653) }],
    ['a timeout of 1 minute', { timeout: Duration.minutes(1) }],
  ])('%s is accepted', (_case, props) => {
    expect(() => copy(props)).not.toThrow();
  });

  test('tokens are left to the deployment', () => {
    const stack = stackIn();
    const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'analytics' });
    const key = new kms.Key(stack, 'Key');
    expect(() => new ServerlessSnapshotCopy(stack, 'Dr', { namespaceName: namespace.attrNamespaceNamespaceName, destinationRegion: 'us-west-2', destinationEncryptionKey: key }))
      .not.toThrow();
  });

  test('an environment-agnostic stack: the region cannot be compared, synth warns', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new ServerlessSnapshotCopy(stack, 'Dr', { namespaceName: 'analytics', destinationRegion: 'us-west-2' });
    Annotations.fromStack(stack).hasWarning('/Agnostic/Dr', Match.stringLikeRegexp('destinationRegion us-west-2 was not checked against the stack.s region'));
  });

  test('a stack with a region: no warning', () => {
    Annotations.fromStack(copy()).hasNoWarning('/Stack/Dr', Match.anyValue());
  });
});

describe('provider and permissions', () => {
  test('three copies share one provider whose policy does not grow', () => {
    const one = Template.fromStack(copy());
    const stack = stackIn();
    for (const name of ['one', 'two', 'three']) new ServerlessSnapshotCopy(stack, name, { namespaceName: name.padEnd(3, 'x'), destinationRegion: 'us-west-2' });
    const three = Template.fromStack(stack);
    three.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const policies = (template: Template) => JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies(three).length).toBe(policies(one).length);
  });

  test('Create and List on namespaces of the stack\'s account and region; Update and Delete on "*" (they have no resource types)', () => {
    const namespaces = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':redshift-serverless:us-east-1:123456789012:namespace/*']] };
    Template.fromStack(copy()).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['redshift-serverless:CreateSnapshotCopyConfiguration', 'redshift-serverless:ListSnapshotCopyConfigurations'], Resource: namespaces },
          { Effect: 'Allow', Action: ['redshift-serverless:UpdateSnapshotCopyConfiguration', 'redshift-serverless:DeleteSnapshotCopyConfiguration'], Resource: '*' },
        ]),
      },
    });
  });

  test('with a key: the service may use it (DescribeKey, CreateGrant for AWS resources only); without: no KMS', () => {
    Template.fromStack(copy({ keyArn: KEY_ARN })).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: KEY_ARN },
          { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: KEY_ARN, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
        ]),
      },
    });
    expect(JSON.stringify(Template.fromStack(copy()).findResources('AWS::IAM::Policy'))).not.toContain('kms:');
  });
});

test('template snapshot', () => {
  expect(templateForSnapshot(copy({ keyArn: KEY_ARN, retention: SnapshotRetention.days(7) }))).toMatchSnapshot();
});
