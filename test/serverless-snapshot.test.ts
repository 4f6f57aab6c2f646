import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { ServerlessSnapshot, ServerlessSnapshotProps, SnapshotRetention } from '../lib';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::RedshiftServerlessSnapshot';

function stackIn(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function snapshot(props: Partial<ServerlessSnapshotProps> = {}, stack = stackIn()): Stack {
  new ServerlessSnapshot(stack, 'Nightly', { namespaceName: 'analytics', ...props });
  return stack;
}

describe('custom resource properties', () => {
  test('defaults: a generated name, kept indefinitely (-1), retained on delete', () => {
    Template.fromStack(snapshot()).hasResourceProperties(RESOURCE_TYPE, {
      NamespaceName: 'analytics',
      SnapshotName: Match.stringLikeRegexp('^stack-nightly-[a-z0-9-]+$'),
      RetentionPeriod: -1,
      Tags: [],
      RemovalPolicy: 'retain',
      TimeoutSeconds: 3600,
    });
  });

  test('every prop reaches the handler, tags in Redshift Serverless\'s { key, value } shape', () => {
    Template.fromStack(snapshot({
      snapshotName: 'before-upgrade',
      retention: SnapshotRetention.days(30),
      tags: { team: 'analytics' },
      removalPolicy: RemovalPolicy.DESTROY,
      timeout: Duration.minutes(45),
    })).hasResourceProperties(RESOURCE_TYPE, {
      SnapshotName: 'before-upgrade', RetentionPeriod: 30, Tags: [{ key: 'team', value: 'analytics' }], RemovalPolicy: 'destroy', TimeoutSeconds: 2700,
    });
  });

  test('generated names fit the service\'s rules (3 to 64 lowercase letters, digits, hyphens)', () => {
    const stack = new Stack(new App(), 'A-Very-Long-Stack-Name-For-Testing-Generated-Snapshot-Names', { env: { region: 'us-east-1' } });
    new ServerlessSnapshot(stack, 'SnapshotWithAnEvenLongerConstructIdThanTheStackName', { namespaceName: 'analytics' });
    const [resource] = Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE));
    expect(resource.Properties.SnapshotName).toMatch(/^[a-z0-9-]{3,64}$/);
  });

  test('works with the L1 namespace and exposes the attributes as getAtt', () => {
    const stack = stackIn();
    const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'analytics' });
    const snap = new ServerlessSnapshot(stack, 'Nightly', { namespaceName: namespace.attrNamespaceNamespaceName });
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { NamespaceName: { 'Fn::GetAtt': ['Namespace', 'Namespace.NamespaceName'] } });
    for (const [value, attribute] of [[snap.snapshotName, 'SnapshotName'], [snap.snapshotArn, 'SnapshotArn'], [snap.namespaceArn, 'NamespaceArn'], [snap.totalBackupSizeInMegaBytes, 'TotalBackupSizeInMegaBytes']] as const) {
      expect(stack.resolve(value)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Nightly/), attribute] });
    }
  });
});

describe('validation at synth time', () => {
  test.each<[string, Partial<ServerlessSnapshotProps>, RegExp]>([
    ['a namespace name with uppercase', { namespaceName: 'Analytics' }, /Stack\/Nightly: invalid namespaceName "Analytics": must be 3 to 64 lowercase letters, digits or hyphens/],
    ['a namespace name of 2 characters', { namespaceName: 'ab' }, /invalid namespaceName "ab"/],
    ['a snapshot name of 65 characters', { snapshotName: 's'.repeat(65) }, /invalid snapshotName "s{65}": must be 3 to 64/],
    ['a snapshot name with an underscore', { snapshotName: 'before_upgrade' }, /invalid snapshotName "before_upgrade"/],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /Stack\/Nightly: invalid tags "51 tags": at most 50 tags are allowed per resource/],
    ['a tag key of 129 characters', { tags: { ['k'.repeat(129)]: 'v' } }, /invalid tag key "k{129}"/],
    ['a tag value of 257 characters', { tags: { k: 'v'.repeat(257) } }, /invalid value of tag "k"/],
    ['a tag key with the aws: prefix', { tags: { 'aws:x': 'v' } }, /invalid tag key "aws:x"/],
    ['a # in a tag key ("Unicode letters, digits, white space, and ... _ . : / = + - @")', { tags: { 'team#1': 'v' } }, /invalid tag key "team#1": must match/],
    ['a # in a tag value', { tags: { team: 'data#1' } }, /invalid value of tag "team" "data#1": must match .*letters, digits, whitespace and _ \. : \/ = \+ - @/],
    ['a timeout of 0 minutes', { timeout: Duration.minutes(0) }, /invalid timeout/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => snapshot(props)).toThrow(message);
  });

  test.each<[string, Partial<ServerlessSnapshotProps>]>([
    ['a snapshot name of 3 characters', { snapshotName: 'abc' }],
    ['a snapshot name of 64 characters', { snapshotName: 's'.repeat(64) }],
    ['50 tags', { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }],
  ])('%s is accepted', (_case, props) => {
    expect(() => snapshot(props)).not.toThrow();
  });
});

describe('provider and permissions', () => {
  test('three snapshots share one provider whose policy does not grow', () => {
    const one = Template.fromStack(snapshot());
    const stack = stackIn();
    for (const name of ['one', 'two', 'three']) new ServerlessSnapshot(stack, name, { namespaceName: 'analytics' });
    const three = Template.fromStack(stack);
    three.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const policies = (template: Template) => JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies(three).length).toBe(policies(one).length);
  });

  test('the six snapshot actions, on namespace and snapshot ARNs of the stack\'s account and region only', () => {
    const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:redshift-serverless:us-east-1:123456789012:${resource}/*`]] });
    Template.fromStack(snapshot()).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: [
            'redshift-serverless:CreateSnapshot',
            'redshift-serverless:GetSnapshot',
            'redshift-serverless:UpdateSnapshot',
            'redshift-serverless:DeleteSnapshot',
            'redshift-serverless:TagResource',
            'redshift-serverless:UntagResource',
          ],
          Resource: [arn('namespace'), arn('snapshot')],
        }]),
      },
    });
  });
});

test('template snapshot', () => {
  expect(templateForSnapshot(snapshot({ snapshotName: 'before-upgrade', tags: { team: 'analytics' } }))).toMatchSnapshot();
});
