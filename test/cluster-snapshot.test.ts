import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { ClusterSnapshot, ClusterSnapshotProps, SnapshotRetention } from '../lib';
import { IAM_LIMITS, rolePolicySizes } from './util/iam';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::RedshiftClusterSnapshot';

function stackIn(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function snapshot(props: Partial<ClusterSnapshotProps> = {}, stack = stackIn()): Stack {
  new ClusterSnapshot(stack, 'Snap', { clusterIdentifier: 'analytics', ...props });
  return stack;
}

describe('custom resource properties', () => {
  test('defaults: a generated identifier, kept indefinitely, retained on delete, 1 hour timeout', () => {
    Template.fromStack(snapshot()).hasResourceProperties(RESOURCE_TYPE, {
      ClusterIdentifier: 'analytics',
      SnapshotIdentifier: Match.stringLikeRegexp('^stack-snap-[a-z0-9-]+$'),
      ManualSnapshotRetentionPeriod: -1,
      Tags: [],
      RemovalPolicy: 'retain',
      TimeoutSeconds: 3600,
    });
  });

  test('every prop reaches the handler as given; tags in a stable order', () => {
    Template.fromStack(snapshot({
      snapshotIdentifier: 'before-migration-2026-11',
      retention: SnapshotRetention.days(90),
      tags: { team: 'data', app: 'warehouse' },
      removalPolicy: RemovalPolicy.DESTROY,
      timeout: Duration.minutes(45),
    })).hasResourceProperties(RESOURCE_TYPE, {
      SnapshotIdentifier: 'before-migration-2026-11',
      ManualSnapshotRetentionPeriod: 90,
      Tags: [{ Key: 'app', Value: 'warehouse' }, { Key: 'team', Value: 'data' }],
      RemovalPolicy: 'destroy',
      TimeoutSeconds: 2700,
    });
  });

  test('generated identifiers are valid for Redshift and differ per construct and per cluster', () => {
    const stack = stackIn();
    const ids = [
      new ClusterSnapshot(stack, 'A', { clusterIdentifier: 'analytics' }),
      new ClusterSnapshot(stack, 'B', { clusterIdentifier: 'analytics' }),
    ].map((construct) => construct.node.findChild('Resource'));
    const template = Template.fromStack(stack);
    const identifiers = Object.values(template.findResources(RESOURCE_TYPE)).map((r) => r.Properties.SnapshotIdentifier);
    expect(ids).toHaveLength(2);
    expect(new Set(identifiers).size).toBe(2);
    for (const id of identifiers) expect(id).toMatch(/^[a-z](?!.*--)[a-z0-9-]{0,253}[a-z0-9]$/);

    const other = Template.fromStack(snapshot({ clusterIdentifier: 'reporting' })).findResources(RESOURCE_TYPE);
    const same = Template.fromStack(snapshot()).findResources(RESOURCE_TYPE);
    expect(Object.values(other)[0].Properties.SnapshotIdentifier).not.toBe(Object.values(same)[0].Properties.SnapshotIdentifier);
  });

  test('snapshotIdentifier and snapshotArn are attributes of the custom resource, so users depend on the snapshot', () => {
    const stack = stackIn();
    const snap = new ClusterSnapshot(stack, 'Snap', { clusterIdentifier: 'analytics' });
    expect(stack.resolve(snap.snapshotIdentifier)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Snap/), 'SnapshotIdentifier'] });
    expect(stack.resolve(snap.snapshotArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Snap/), 'SnapshotArn'] });
  });

  test('works with the L1 cluster\'s ref', () => {
    const stack = stackIn();
    const cluster = new redshift.CfnCluster(stack, 'Cluster', {
      clusterType: 'single-node', nodeType: 'ra3.large', dbName: 'dev', masterUsername: 'admin', manageMasterPassword: true,
    });
    snapshot({ clusterIdentifier: cluster.ref }, stack);
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { ClusterIdentifier: { Ref: 'Cluster' } });
  });
});

describe('validation at synth time', () => {
  test.each<[string, Partial<ClusterSnapshotProps>, RegExp]>([
    ['clusterIdentifier with uppercase', { clusterIdentifier: 'Analytics' }, /Stack\/Snap: invalid clusterIdentifier "Analytics": must be 1 to 63 lowercase letters/],
    ['snapshotIdentifier starting with a digit', { snapshotIdentifier: '2026-before' }, /invalid snapshotIdentifier "2026-before": must be 1 to 255 lowercase letters, digits or hyphens, start with a letter/],
    ['snapshotIdentifier with uppercase (the same rule as clusterIdentifier)', { snapshotIdentifier: 'Before-Migration' }, /invalid snapshotIdentifier "Before-Migration": must be 1 to 255 lowercase letters/],
    ['snapshotIdentifier ending with a hyphen', { snapshotIdentifier: 'before-' }, /invalid snapshotIdentifier "before-"/],
    ['snapshotIdentifier with two hyphens in a row', { snapshotIdentifier: 'before--migration' }, /invalid snapshotIdentifier "before--migration"/],
    ['snapshotIdentifier with an underscore', { snapshotIdentifier: 'before_migration' }, /invalid snapshotIdentifier "before_migration"/],
    ['snapshotIdentifier of 256 characters', { snapshotIdentifier: 'a'.repeat(256) }, /invalid snapshotIdentifier "a{256}": must be 1 to 255/],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /invalid tags "51 tags": at most 50 tags are allowed/],
    ['a tag key of 129 characters', { tags: { ['k'.repeat(129)]: 'v' } }, /invalid tag key "k{129}": must be 1 to 128 characters/],
    ['an empty tag key', { tags: { '': 'v' } }, /invalid tag key "": must be 1 to 128 characters/],
    ['a tag key with the aws: prefix', { tags: { 'aws:team': 'v' } }, /invalid tag key "aws:team": must not start with "aws:"/],
    ['a tag value of 257 characters', { tags: { team: 'v'.repeat(257) } }, /invalid value of tag "team" "v{257}": must be at most 256 characters/],
    ['a tag value with "#", which Redshift refuses', { tags: { owner: 'stack#resource' } },
      /invalid value of tag "owner" "stack#resource": must match .* \(letters, digits, whitespace and _ \. : \/ = \+ - @\)/],
    ['a tag key with "*"', { tags: { 'team*': 'v' } }, /invalid tag key "team\*": must match/],
    ['timeout over an hour', { timeout: Duration.minutes(61) }, /invalid timeout \(1 hour 1 minute\)/],
    ['removalPolicy SNAPSHOT', { removalPolicy: RemovalPolicy.SNAPSHOT }, /invalid removalPolicy "snapshot"/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => snapshot(props)).toThrow(message);
  });

  test.each<[string, Partial<ClusterSnapshotProps>]>([
    ['snapshotIdentifier of 1 character', { snapshotIdentifier: 'a' }],
    ['snapshotIdentifier of 255 characters', { snapshotIdentifier: 'a'.repeat(255) }],
    ['50 tags', { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }],
    ['a tag key of 128 characters and an empty value', { tags: { ['k'.repeat(128)]: '' } }],
    ['a tag value of 256 characters', { tags: { team: 'v'.repeat(256) } }],
    ['tags of letters (any script), digits, spaces and _ . : / = + - @', { tags: { 'cost-center:équipe': 'Data Team_1 .:/=+-@ データ' } }],
    ['retention of 1 day', { retention: SnapshotRetention.days(1) }],
    ['retention of 3653 days', { retention: SnapshotRetention.days(3653) }],
  ])('boundary value %s is accepted', (_case, props) => {
    expect(() => snapshot(props)).not.toThrow();
  });
});

describe('provider and permissions', () => {
  test('three snapshots share one provider', () => {
    const stack = stackIn();
    for (const name of ['one', 'two', 'three']) new ClusterSnapshot(stack, name, { clusterIdentifier: 'analytics' });
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESOURCE_TYPE, 3);
    template.resourceCountIs('AWS::Lambda::Function', 4);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('the snapshot actions on exactly each snapshot identifier, the describe on the cluster (what each authorizes against)', () => {
    const template = Template.fromStack(snapshot({ snapshotIdentifier: 'before-migration' }));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          // DescribeClusters: read when the cluster refuses a snapshot (InvalidClusterStateFault): paused fails at once, busy waits.
          Action: ['redshift:CreateClusterSnapshot', 'redshift:DeleteClusterSnapshot', 'redshift:DescribeClusterSnapshots', 'redshift:DescribeClusters'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':redshift:us-east-1:123456789012:cluster:analytics']] },
        }, {
          Effect: 'Allow',
          Action: [
            'redshift:CreateClusterSnapshot',
            'redshift:CreateTags',
            'redshift:DeleteClusterSnapshot',
            'redshift:DeleteTags',
            'redshift:ModifyClusterSnapshot',
          ],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':redshift:us-east-1:123456789012:snapshot:*/before-migration']] },
        }]),
      },
    });
  });

  test('200 snapshots with 63-character cluster and snapshot identifiers stay within IAM\'s policy limits', () => {
    const stack = stackIn();
    for (let i = 0; i < 200; i++) {
      new ClusterSnapshot(stack, `Snap${i}`, { clusterIdentifier: 'c'.repeat(63), snapshotIdentifier: `s${i}`.padEnd(63, 'x') });
    }
    const template = Template.fromStack(stack);
    const [role] = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: 'Handler of cdk-db-snapshots custom resources' } }));
    const sizes = rolePolicySizes(template, role);
    expect(sizes.inline).toBeLessThan(IAM_LIMITS.inlineCharacters);
    expect(sizes.managed.length).toBeLessThanOrEqual(IAM_LIMITS.managedPerRole);
    for (const size of sizes.managed) expect(size).toBeLessThan(IAM_LIMITS.managedCharacters);
  });

  test('beyond IAM\'s default quota of 10 managed policies per role, synth warns with what to do', () => {
    const stack = stackIn();
    for (let i = 0; i < 200; i++) {
      new ClusterSnapshot(stack, `Snap${i}`, { clusterIdentifier: 'c'.repeat(63), snapshotIdentifier: `s${i}`.padEnd(255, 'x') });
    }
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('needs more than 10 managed policies.*raise the IAM quota'));
  });
});

test('template snapshot', () => {
  expect(templateForSnapshot(snapshot({ snapshotIdentifier: 'before-migration', tags: { team: 'data' } }))).toMatchSnapshot();
});
