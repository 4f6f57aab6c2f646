import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { CrossRegionSnapshotCopy, CrossRegionSnapshotCopyProps, SnapshotRetention } from '../lib';
import { IAM_LIMITS, rolePolicySizes } from './util/iam';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::RedshiftCrossRegionSnapshotCopy';

function stackIn(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region } });
}

function copy(props: Partial<CrossRegionSnapshotCopyProps> = {}, stack = stackIn()): Stack {
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', ...props });
  return stack;
}

describe('custom resource properties', () => {
  test('defaults: 7 days automated retention, manual kept indefinitely, disabled on delete, 1 hour timeout', () => {
    Template.fromStack(copy()).hasResourceProperties(RESOURCE_TYPE, {
      ClusterIdentifier: 'analytics',
      DestinationRegion: 'us-west-2',
      RetentionPeriod: 7,
      ManualSnapshotRetentionPeriod: -1,
      SnapshotCopyGrantName: Match.absent(),
      RemovalPolicy: 'destroy',
      TimeoutSeconds: 3600,
    });
  });

  test('every prop reaches the handler', () => {
    Template.fromStack(copy({
      automatedCopyRetention: Duration.days(14),
      manualCopyRetention: SnapshotRetention.days(30),
      snapshotCopyGrantName: 'my-grant',
      removalPolicy: RemovalPolicy.RETAIN,
      timeout: Duration.minutes(30),
    })).hasResourceProperties(RESOURCE_TYPE, {
      RetentionPeriod: 14,
      ManualSnapshotRetentionPeriod: 30,
      SnapshotCopyGrantName: 'my-grant',
      RemovalPolicy: 'retain',
      TimeoutSeconds: 1800,
    });
  });

  test('exposes the cluster and the destination region', () => {
    const construct = new CrossRegionSnapshotCopy(stackIn(), 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'eu-west-1' });
    expect(construct.clusterIdentifier).toBe('analytics');
    expect(construct.destinationRegion).toBe('eu-west-1');
  });

  test('a token cluster identifier (CfnCluster.ref) is passed through unvalidated', () => {
    const stack = stackIn();
    const cluster = new redshift.CfnCluster(stack, 'Cluster', {
      clusterType: 'single-node', nodeType: 'ra3.large', dbName: 'dev', masterUsername: 'admin', manageMasterPassword: true,
    });
    copy({ clusterIdentifier: cluster.ref }, stack);
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { ClusterIdentifier: { Ref: 'Cluster' } });
  });

  test('the custom resource depends on the managed policies with its cluster\'s ARN, so Delete still has permissions', () => {
    const template = Template.fromStack(copy());
    const [resource] = Object.values(template.findResources(RESOURCE_TYPE));
    const grants = Object.keys(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(grants).toHaveLength(1);
    // The roles' own policies come before it through the service token: framework function -> our function -> role.
    expect(resource.DependsOn).toEqual(grants);
  });
});

describe('validation at synth time', () => {
  test.each<[string, Partial<CrossRegionSnapshotCopyProps>, RegExp]>([
    ['retention 0 days', { automatedCopyRetention: Duration.days(0) }, /Stack\/Copy: invalid automatedCopyRetention \(0 days\): must be whole days from 1 to 35/],
    ['retention 36 days', { automatedCopyRetention: Duration.days(36) }, /invalid automatedCopyRetention \(36 days\): must be whole days from 1 to 35/],
    ['retention 36 hours (not whole days)', { automatedCopyRetention: Duration.hours(36) }, /invalid automatedCopyRetention \(1 day 12 hours\): must be whole days from 1 to 35/],
    ['clusterIdentifier with uppercase', { clusterIdentifier: 'Analytics' }, /invalid clusterIdentifier "Analytics": must be 1 to 63 lowercase letters/],
    ['clusterIdentifier starting with a digit', { clusterIdentifier: '1cluster' }, /invalid clusterIdentifier "1cluster": .*start with a letter/],
    ['clusterIdentifier ending with a hyphen', { clusterIdentifier: 'my-cluster-' }, /invalid clusterIdentifier "my-cluster-": .*not end with a hyphen/],
    ['clusterIdentifier with two hyphens in a row', { clusterIdentifier: 'my--cluster' }, /invalid clusterIdentifier "my--cluster": .*two hyphens in a row/],
    ['clusterIdentifier of 64 characters', { clusterIdentifier: 'a'.repeat(64) }, /invalid clusterIdentifier "a{64}": must be 1 to 63/],
    ['empty clusterIdentifier', { clusterIdentifier: '' }, /invalid clusterIdentifier "": must be 1 to 63/],
    ['unknown destinationRegion', { destinationRegion: 'us-west-9' }, /invalid destinationRegion "us-west-9": must be an AWS region name/],
    ['destinationRegion equal to the stack region', { destinationRegion: 'us-east-1' }, /invalid destinationRegion "us-east-1": must differ from the stack's own region \(us-east-1\)/],
    ['destinationRegion in another partition', { destinationRegion: 'cn-north-1' }, /invalid destinationRegion "cn-north-1": must be in the stack's partition \(aws\); cn-north-1 is in aws-cn/],
    ['snapshotCopyGrantName with uppercase and underscore', { snapshotCopyGrantName: 'My_Grant' }, /invalid snapshotCopyGrantName "My_Grant"/],
    ['timeout under a minute', { timeout: Duration.seconds(30) }, /invalid timeout \(30 seconds\): must be whole seconds from 1 minute to 60 minutes/],
    ['timeout over an hour', { timeout: Duration.minutes(61) }, /invalid timeout \(1 hour 1 minute\): must be whole seconds from 1 minute to 60 minutes/],
    ['removalPolicy SNAPSHOT', { removalPolicy: RemovalPolicy.SNAPSHOT }, /invalid removalPolicy "snapshot": must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => copy(props)).toThrow(message);
  });

  test.each<[string, Partial<CrossRegionSnapshotCopyProps>]>([
    ['retention 1 day', { automatedCopyRetention: Duration.days(1) }],
    ['retention 35 days', { automatedCopyRetention: Duration.days(35) }],
    ['clusterIdentifier of 1 character', { clusterIdentifier: 'a' }],
    ['clusterIdentifier of 63 characters', { clusterIdentifier: 'a'.repeat(63) }],
    ['timeout of 1 minute', { timeout: Duration.minutes(1) }],
    ['timeout of 1 hour', { timeout: Duration.hours(1) }],
  ])('boundary value %s is accepted', (_case, props) => {
    expect(() => copy(props)).not.toThrow();
  });

  test('region checks are skipped in an environment-agnostic stack, where the region is unknown', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => copy({ destinationRegion: 'us-east-1' }, stack)).not.toThrow();
  });

  test('SnapshotRetention keeps what it is given: the construct given it checks it (test/messages.test.ts)', () => {
    expect(SnapshotRetention.days(0).retentionDays).toBe(0);
    expect(SnapshotRetention.days(-1).isIndefinite).toBe(false);
    expect(SnapshotRetention.days(1).retentionDays).toBe(1);
    expect(SnapshotRetention.days(3653).retentionDays).toBe(3653);
    expect(SnapshotRetention.indefinitely().retentionDays).toBe(-1);
    expect(SnapshotRetention.indefinitely().isIndefinite).toBe(true);
  });
});

describe('one provider per stack', () => {
  test('three copies in one stack share one provider: one handler function and three framework functions', () => {
    const stack = stackIn();
    for (const cluster of ['one', 'two', 'three']) {
      new CrossRegionSnapshotCopy(stack, `Copy-${cluster}`, { clusterIdentifier: cluster, destinationRegion: 'us-west-2' });
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESOURCE_TYPE, 3);
    template.resourceCountIs('AWS::Lambda::Function', 4);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const tokens = Object.values(template.findResources(RESOURCE_TYPE)).map((r) => JSON.stringify(r.Properties.ServiceToken));
    expect(new Set(tokens).size).toBe(1);
  });

  test('two apps do not share a provider (no static state)', () => {
    const first = Template.fromStack(copy());
    const second = Template.fromStack(copy());
    first.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    second.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('the handler runs on Node.js 24 with the bundled asset', () => {
    Template.fromStack(copy()).hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Environment: { Variables: { POLL_INTERVAL_SECONDS: '10' } },
    });
  });
});

describe('permissions', () => {
  test('only the four Redshift actions, on exactly the clusters of the constructs', () => {
    const stack = copy();
    new CrossRegionSnapshotCopy(stack, 'Second', { clusterIdentifier: 'reporting', destinationRegion: 'us-west-2' });
    const clusterArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:redshift:us-east-1:123456789012:cluster:${name}`]] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: [
            'redshift:DescribeClusters',
            'redshift:DisableSnapshotCopy',
            'redshift:EnableSnapshotCopy',
            'redshift:ModifySnapshotCopyRetentionPeriod',
          ],
          Resource: [clusterArn('analytics'), clusterArn('reporting')],
        }],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('CdkDbSnapshotsProviderPermissionsRole') }],
    });
  });

  test('200 copies of clusters with 63-character names stay within IAM\'s policy limits, with exact ARNs', () => {
    const stack = stackIn();
    for (let i = 0; i < 200; i++) {
      new CrossRegionSnapshotCopy(stack, `Copy${i}`, { clusterIdentifier: `c${String(i).padStart(3, '0')}`.padEnd(63, 'x'), destinationRegion: 'us-west-2' });
    }
    const template = Template.fromStack(stack);
    const [role] = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { Description: 'Handler of cdk-db-snapshots custom resources' } }));
    const sizes = rolePolicySizes(template, role);
    expect(sizes.inline).toBeLessThan(IAM_LIMITS.inlineCharacters);
    expect(sizes.managed.length).toBeLessThanOrEqual(IAM_LIMITS.managedPerRole);
    for (const managed of sizes.managed) expect(managed).toBeLessThan(IAM_LIMITS.managedCharacters);
    const resources = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement.flatMap((statement: any) => statement.Resource));
    expect(resources).toHaveLength(200);
    // Each copy waits only for the managed policy that holds its own cluster's ARN.
    const dependsOn = Object.values(template.findResources(RESOURCE_TYPE)).map((resource) => resource.DependsOn);
    expect(dependsOn.every((policies) => policies.length === 1)).toBe(true);
    expect(new Set(dependsOn.flat()).size).toBe(sizes.managed.length);
  });

  test('a second copy of the same cluster fails synthesis (a cluster has one copy setting): its ARN is never granted twice', () => {
    const stack = copy();
    expect(() => new CrossRegionSnapshotCopy(stack, 'Again', { clusterIdentifier: 'analytics', destinationRegion: 'eu-west-1' }))
      .toThrow(/Stack\/Again: invalid clusterIdentifier "analytics": Stack\/Copy manages the same cross-region snapshot copy setting/);
  });

  test('our handler role names exact resources: the clusters, and its own log group for its log streams', () => {
    const template = Template.fromStack(copy());
    const ownRole = { Ref: Match.stringLikeRegexp('CdkDbSnapshotsProviderPermissionsRole') };
    const statements = [
      ...Object.values(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [ownRole] } })),
      ...Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ownRole] } })),
    ].flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const resources = statements.flatMap((statement: any) => [statement.Resource].flat()).map((resource) => JSON.stringify(resource));
    expect(resources.sort()).toEqual([
      JSON.stringify({
        'Fn::GetAtt': [Object.keys(template.findResources('AWS::Logs::LogGroup'))
          .find((id) => id.includes('CdkDbSnapshotsProviderLogs')), 'Arn'],
      }),
      JSON.stringify({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':redshift:us-east-1:123456789012:cluster:analytics']] }),
    ].sort());
  });
});

test('template snapshot', () => {
  const stack = copy({ automatedCopyRetention: Duration.days(14), manualCopyRetention: SnapshotRetention.days(30), snapshotCopyGrantName: 'my-grant' });
  expect(templateForSnapshot(stack)).toMatchSnapshot();
});
