// Synth-time guards across constructs: one AWS object managed by two constructs, values that are tokens,
// checks an environment-agnostic stack cannot run, and combinations of props that cannot work together.

import { App, CfnParameter, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, SnapshotCopyGrant, SnapshotCopyJob, SnapshotRetention, SnapshotSource,
} from '../lib';

const ENV = { account: '123456789012', region: 'us-east-1' };
const DOC_ARN = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/x';

function stackIn(app = new App(), id = 'Stack', props: StackProps = { env: ENV }): Stack {
  return new Stack(app, id, props);
}

/** One construct of each kind that names the AWS object it manages with `name`. */
const KINDS: Array<[string, string, (scope: Construct, id: string, name: string) => void]> = [
  ['ClusterSnapshot', 'snapshotIdentifier', (s, id, name) => new ClusterSnapshot(s, id, { clusterIdentifier: 'analytics', snapshotIdentifier: name })],
  ['ServerlessSnapshot', 'snapshotName', (s, id, name) => new ServerlessSnapshot(s, id, { namespaceName: 'analytics', snapshotName: name })],
  ['SnapshotCopyJob (MemoryDB)', 'targetSnapshotName',
    (s, id, name) => new SnapshotCopyJob(s, id, { source: SnapshotSource.memoryDb({ snapshotName: 'sessions' }), targetSnapshotName: name })],
  ['SnapshotCopyJob (DocumentDB elastic)', 'targetSnapshotName', (s, id, name) => new SnapshotCopyJob(s, id, {
    // A source of the stack's own account and region (the copy is made there).
    source: SnapshotSource.docDbElastic({ snapshotArn: `arn:aws:docdb-elastic:${Stack.of(s).region}:${Stack.of(s).account}:cluster-snapshot/x` }),
    targetSnapshotName: name,
  })],
  ['SnapshotCopyGrant', 'snapshotCopyGrantName', (s, id, name) => new SnapshotCopyGrant(s, id, { destinationRegion: 'us-west-2', snapshotCopyGrantName: name })],
  ['CrossRegionSnapshotCopy', 'clusterIdentifier', (s, id, name) => new CrossRegionSnapshotCopy(s, id, { clusterIdentifier: name, destinationRegion: 'us-west-2' })],
];

describe('two constructs managing one AWS object', () => {
  test.each(KINDS)('%s: the same %s twice in one stack fails synthesis naming both paths', (_kind, prop, build) => {
    const stack = stackIn();
    build(stack, 'First', 'same-name');
    expect(() => build(stack, 'Second', 'same-name')).toThrow(
      new RegExp(`^Stack/Second: invalid ${prop} "same-name": Stack/First manages the same .* in account 123456789012, region us-(east-1|west-2): `
        + `two constructs must not manage one AWS object .*give each its own ${prop}$`));
  });

  test.each(KINDS)('%s: the same %s in two stacks of one app for one account and region fails synthesis', (_kind, _prop, build) => {
    const app = new App();
    build(stackIn(app, 'One'), 'First', 'same-name');
    expect(() => build(stackIn(app, 'Two'), 'Second', 'same-name')).toThrow(/^Two\/Second: invalid .*One\/First manages the same/);
  });

  test.each(KINDS)('%s: another name, region or account, or another app, is accepted', (_kind, _prop, build) => {
    const app = new App();
    build(stackIn(app, 'One'), 'First', 'same-name');
    // A grant lives in its destinationRegion, whatever the stack's region (see 'grants of one name in two destination regions').
    if (!_kind.startsWith('SnapshotCopyGrant')) {
      expect(() => build(stackIn(app, 'Region', { env: { ...ENV, region: 'eu-west-1' } }), 'Second', 'same-name')).not.toThrow();
    }
    expect(() => build(stackIn(app, 'Account', { env: { ...ENV, account: '210987654321' } }), 'Second', 'same-name')).not.toThrow();
    expect(() => build(stackIn(new App(), 'One'), 'First', 'same-name')).not.toThrow();
    expect(() => build(stackIn(app, 'Names'), 'Other', 'other-name')).not.toThrow();
  });

  test.each(KINDS)('%s: a name that is a token is not compared', (_kind, _prop, build) => {
    const stack = stackIn();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    build(stack, 'First', name);
    expect(() => build(stack, 'Second', name)).not.toThrow();
  });

  test.each(KINDS)('%s: one environment-agnostic stack is one environment (fails); two are a warning', (_kind, _prop, build) => {
    const app = new App();
    const one = stackIn(app, 'One', {});
    build(one, 'First', 'same-name');
    expect(() => build(one, 'Again', 'same-name')).toThrow(/One\/Again: invalid .*One\/First manages the same .* in (the same stack|region us-west-2):/);
    const two = stackIn(app, 'Two', {});
    build(two, 'Second', 'same-name');
    Annotations.fromStack(two).hasWarning('/Two/Second', Match.stringLikeRegexp(
      'is also the .* of One/First, in another stack, and the account or region of one of the two stacks is not known at synth.*'
      + 'acknowledge this warning if the two stacks never share an account and region.*cdk-db-snapshots:sameObjectInAnotherStack'));
    Annotations.fromStack(one).hasNoWarning('/One/First', Match.stringLikeRegexp('sameObjectInAnotherStack'));
  });

  test('DocumentDB elastic compares names without case, as AWS documents ("not case sensitive")', () => {
    const stack = stackIn();
    KINDS[3][2](stack, 'First', 'Orders-Copy');
    expect(() => KINDS[3][2](stack, 'Second', 'orders-copy'))
      .toThrow(/Stack\/Second: invalid targetSnapshotName "orders-copy": Stack\/First manages the same DocumentDB elastic cluster snapshot \("Orders-Copy"; AWS does not tell names apart by case\)/);
  });

  test('MemoryDB exports collide in one bucket only, and never with a copy of the same name', () => {
    const stack = stackIn();
    const source = SnapshotSource.memoryDb({ snapshotName: 'sessions' });
    const bucket = new s3.Bucket(stack, 'Bucket', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    new SnapshotCopyJob(stack, 'Export', { source, targetSnapshotName: 'nightly', targetBucket: bucket });
    expect(() => new SnapshotCopyJob(stack, 'Copy', { source, targetSnapshotName: 'nightly' })).not.toThrow();
    expect(() => new SnapshotCopyJob(stack, 'Elsewhere', { source, targetSnapshotName: 'nightly', targetBucket: new s3.Bucket(stack, 'Other', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }) })).not.toThrow();
    expect(() => new SnapshotCopyJob(stack, 'Again', { source, targetSnapshotName: 'nightly', targetBucket: bucket }))
      .toThrow(/Stack\/Again: invalid targetSnapshotName "nightly": Stack\/Export manages the same MemoryDB export to the bucket Stack\/Bucket/);
  });

  test('grants of one name in two destination regions are two grants', () => {
    const stack = stackIn();
    new SnapshotCopyGrant(stack, 'West', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'g' });
    expect(() => new SnapshotCopyGrant(stack, 'Europe', { destinationRegion: 'eu-west-1', snapshotCopyGrantName: 'g' })).not.toThrow();
    expect(() => new SnapshotCopyGrant(stack, 'Again', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'g' }))
      .toThrow(/Stack\/Again: invalid snapshotCopyGrantName "g": Stack\/West manages the same Redshift snapshot copy grant in account 123456789012, region us-west-2/);
  });
});

describe('values that are tokens', () => {
  const number = (stack: Stack) => ((stack.node.tryFindChild('Number') as CfnParameter | undefined)
    ?? new CfnParameter(stack, 'Number', { type: 'Number' })).valueAsNumber;
  const ref = { Ref: 'Number' };

  test('SnapshotRetention.days(token) reaches the handler as the parameter, which the handler checks at deploy time', () => {
    const stack = stackIn();
    new ClusterSnapshot(stack, 'Snap', { clusterIdentifier: 'analytics', retention: SnapshotRetention.days(number(stack)) });
    new ServerlessSnapshot(stack, 'Serverless', { namespaceName: 'analytics', retention: SnapshotRetention.days(number(stack)) });
    new CrossRegionSnapshotCopy(stack, 'Copy', {
      clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', manualCopyRetention: SnapshotRetention.days(number(stack)),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::RedshiftClusterSnapshot', { ManualSnapshotRetentionPeriod: ref });
    template.hasResourceProperties('Custom::RedshiftServerlessSnapshot', { RetentionPeriod: ref });
    template.hasResourceProperties('Custom::RedshiftCrossRegionSnapshotCopy', { ManualSnapshotRetentionPeriod: ref });
  });

  const TIMED: Array<[string, (stack: Stack, timeout: Duration) => void]> = [
    ['ClusterSnapshot', (s, timeout) => new ClusterSnapshot(s, 'C', { clusterIdentifier: 'analytics', timeout })],
    ['ServerlessSnapshot', (s, timeout) => new ServerlessSnapshot(s, 'C', { namespaceName: 'analytics', timeout })],
    ['SnapshotCopyJob', (s, timeout) => new SnapshotCopyJob(s, 'C', { source: SnapshotSource.memoryDb({ snapshotName: 'x' }), targetSnapshotName: 'y', timeout })],
    ['SnapshotCopyGrant', (s, timeout) => new SnapshotCopyGrant(s, 'C', { destinationRegion: 'us-west-2', timeout })],
    ['CrossRegionSnapshotCopy', (s, timeout) => new CrossRegionSnapshotCopy(s, 'C', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', timeout })],
  ];

  test.each(TIMED)('%s: timeout Duration.seconds(token) reaches the handler as the parameter', (_kind, build) => {
    const stack = stackIn();
    build(stack, Duration.seconds(number(stack)));
    const resources = Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>)
      .filter((resource) => resource.Type.startsWith('Custom::'));
    expect(resources.map((resource) => resource.Properties.TimeoutSeconds)).toEqual([ref]);
  });

  test.each(TIMED)('%s: timeout Duration.minutes(token) is refused naming timeout and saying why', (_kind, build) => {
    const stack = stackIn();
    expect(() => build(stack, Duration.minutes(number(stack)))).toThrow(new RegExp(
      '^Stack/C: invalid timeout \\(<token> minutes\\): a token \\(such as a CfnParameter\\) is supported only as Duration.seconds\\(token\\): '
      + 'the handler takes seconds, and CloudFormation cannot convert Duration.minutes\\(token\\) to seconds; the handler checks the value at deploy time \\(60 to 3600 seconds\\)$'));
  });

  test('CrossRegionSnapshotCopy automatedCopyRetention: Duration.days(token) passes through, Duration.hours(token) is refused naming retention', () => {
    const stack = stackIn();
    new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', automatedCopyRetention: Duration.days(number(stack)) });
    Template.fromStack(stack).hasResourceProperties('Custom::RedshiftCrossRegionSnapshotCopy', { RetentionPeriod: ref });
    const other = stackIn();
    expect(() => new CrossRegionSnapshotCopy(other, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', automatedCopyRetention: Duration.hours(number(other)) }))
      .toThrow(/invalid automatedCopyRetention \(<token> hours\): a token .* only as Duration.days\(token\).*\(1 to 35\)$/);
  });

  test('tags: a map that is one token is refused; keys and values that are tokens pass', () => {
    const stack = stackIn();
    const value = new CfnParameter(stack, 'Value').valueAsString;
    expect(() => new ClusterSnapshot(stack, 'Keys', { clusterIdentifier: 'analytics', tags: { team: value } })).not.toThrow();
    const whole = new CfnParameter(stack, 'Tags').value as unknown as { [key: string]: string };
    expect(() => new ClusterSnapshot(stack, 'Whole', { clusterIdentifier: 'analytics', tags: whole }))
      .toThrow(/Stack\/Whole: invalid tags "<token>": must be a map written out at synth time/);
  });
});

describe('checks an environment-agnostic stack cannot run say so', () => {
  test('destinationRegion of a copy and of a grant: a warning names the check and what happens at deploy time', () => {
    const stack = stackIn(new App(), 'Agnostic', {});
    new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2' });
    new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2' });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Agnostic/Copy', Match.stringLikeRegexp(
      'destinationRegion us-west-2 was not checked against the stack\'s region: the stack is environment-agnostic.*'
      + 'Deploy it to a region other than us-west-2, in the same partition \\(aws\\): EnableSnapshotCopy copies snapshots "from one region to another region"'));
    annotations.hasWarning('/Agnostic/Grant', Match.stringLikeRegexp('destinationRegion us-west-2 was not checked.*no cross-region copy of a cluster of that region can use it'));
  });

  test('a stack with a region gets no such warning', () => {
    const stack = stackIn();
    new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2' });
    new SnapshotCopyJob(stack, 'Job', { source: SnapshotSource.docDbElastic({ snapshotArn: DOC_ARN }), targetSnapshotName: 'c' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('not checked'));
  });

  test('the region and account of a DocumentDB elastic source', () => {
    const stack = stackIn(new App(), 'Agnostic', {});
    new SnapshotCopyJob(stack, 'Job', { source: SnapshotSource.docDbElastic({ snapshotArn: DOC_ARN }), targetSnapshotName: 'c' });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Agnostic/Job', Match.stringLikeRegexp(`source snapshotArn ${DOC_ARN} was not checked against the stack's region.*Deploy it to region us-east-1`));
    annotations.hasWarning('/Agnostic/Job', Match.stringLikeRegexp('was not checked against the stack\'s account.*Deploy it to account 123456789012.*AccessDenied'));
  });

  test('the region of a grant\'s key of an environment-agnostic stack', () => {
    const app = new App();
    const key = new kms.Key(stackIn(app, 'Keys', {}), 'Key');
    const stack = stackIn(app, 'Stack', {});
    new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: key });
    Annotations.fromStack(stack).hasWarning('/Stack/Grant', Match.stringLikeRegexp(
      'destinationEncryptionKey is the key Keys/Key of the environment-agnostic stack Keys.*Deploy that stack to us-west-2'));
  });
});

describe('combinations that cannot work', () => {
  test('a copy using a grant of another region fails synthesis; of its own region, or of an unknown region, it passes', () => {
    const stack = stackIn();
    const west = new SnapshotCopyGrant(stack, 'West', { destinationRegion: 'us-west-2' });
    expect(() => new CrossRegionSnapshotCopy(stack, 'Copy', {
      clusterIdentifier: 'analytics', destinationRegion: 'eu-west-1', snapshotCopyGrantName: west.snapshotCopyGrantName,
    })).toThrow(/^Stack\/Copy: invalid snapshotCopyGrantName "Stack\/West.snapshotCopyGrantName": the grant Stack\/West is in us-west-2, but this copy goes to eu-west-1/);
    expect(() => new CrossRegionSnapshotCopy(stack, 'Ok', {
      clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: west.snapshotCopyGrantName,
    })).not.toThrow();
    const unknown = new SnapshotCopyGrant(stack, 'Unknown', { destinationRegion: new CfnParameter(stack, 'Region').valueAsString });
    expect(() => new CrossRegionSnapshotCopy(stack, 'Other', {
      clusterIdentifier: 'reporting', destinationRegion: 'eu-west-1', snapshotCopyGrantName: unknown.snapshotCopyGrantName,
    })).not.toThrow();
  });

  test('a grant\'s key of the stack itself is in the stack\'s region, never the destination', () => {
    const stack = stackIn();
    const key = new kms.Key(stack, 'Key');
    expect(() => new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: key }))
      .toThrow(/^Stack\/Grant: invalid destinationEncryptionKey "Stack\/Key": is a key of this stack, so it is in the stack's own region, but the grant needs a key in destinationRegion \(us-west-2\)/);
  });

  test('a grant\'s key ARN of the stack\'s own region says so', () => {
    const keyOf = (stack: Stack, arn: string) => kms.Key.fromKeyArn(stack, 'Key', arn);
    const east = stackIn();
    expect(() => new SnapshotCopyGrant(east, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: keyOf(east, 'arn:aws:kms:us-east-1:123456789012:key/k') }))
      .toThrow(/invalid destinationEncryptionKey "arn:aws:kms:us-east-1:123456789012:key\/k": must be a key in destinationRegion \(us-west-2\); this key is in us-east-1, the stack's own region/);
    const west = stackIn();
    expect(() => new SnapshotCopyGrant(west, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: keyOf(west, 'arn:aws:kms:us-west-2:123456789012:key/k') })).not.toThrow();
  });

  test('a grant\'s key of another stack must be in destinationRegion', () => {
    const app = new App();
    const west = new kms.Key(stackIn(app, 'West', { env: { ...ENV, region: 'us-west-2' }, crossRegionReferences: true }), 'Key');
    const east = new kms.Key(stackIn(app, 'East', { env: ENV }), 'Key');
    const stack = stackIn(app, 'Stack', { env: ENV, crossRegionReferences: true });
    expect(() => new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: west })).not.toThrow();
    expect(() => new SnapshotCopyGrant(stack, 'Wrong', { destinationRegion: 'eu-west-1', destinationEncryptionKey: west }))
      .toThrow(/invalid destinationEncryptionKey "West\/Key": is a key of the stack West in us-west-2, but the grant needs a key in destinationRegion \(eu-west-1\)/);
    expect(() => new SnapshotCopyGrant(stack, 'East', { destinationRegion: 'us-west-2', destinationEncryptionKey: east }))
      .toThrow(/invalid destinationEncryptionKey "East\/Key": is a key of the stack East in us-east-1/);
  });

  test.each([
    ['another region', 'arn:aws:docdb-elastic:eu-west-1:123456789012:cluster-snapshot/x', /must be a snapshot of the stack's region \(us-east-1\), not eu-west-1/],
    ['another account', 'arn:aws:docdb-elastic:us-east-1:210987654321:cluster-snapshot/x', /must be a snapshot of the stack's account \(123456789012\), not 210987654321/],
  ])('a DocumentDB elastic source of %s fails synthesis', (_case, snapshotArn, message) => {
    expect(() => new SnapshotCopyJob(stackIn(), 'Job', { source: SnapshotSource.docDbElastic({ snapshotArn }), targetSnapshotName: 'c' }))
      .toThrow(message);
  });
});
