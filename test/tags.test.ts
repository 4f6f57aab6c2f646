import { App, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ClusterSnapshot,
  CrossRegionSnapshotCopy,
  ServerlessSchedule,
  ServerlessSnapshot,
  ServerlessSnapshotCopy,
  ServerlessSnapshotSchedule,
  SnapshotCopyGrant,
  SnapshotCopyJob,
  SnapshotSource,
} from '../lib';

/** Each kind whose AWS object takes tags: how to make one with `tags`, its resource type and its wire form of tags. */
interface TaggedKind {
  readonly name: string;
  readonly resourceType: string;
  readonly limit: number;
  readonly make: (scope: Construct, tags?: { [key: string]: string }) => void;
  readonly wire: (tags: Array<[string, string]>) => unknown[];
}

const keyValue = (tags: Array<[string, string]>) => tags.map(([key, value]) => ({ key, value }));
const standard = (tags: Array<[string, string]>) => tags.map(([Key, Value]) => ({ Key, Value }));

const KINDS: TaggedKind[] = [
  {
    name: 'ClusterSnapshot',
    resourceType: 'Custom::RedshiftClusterSnapshot',
    limit: 50,
    make: (scope, tags) => new ClusterSnapshot(scope, 'Tagged', { clusterIdentifier: 'analytics', snapshotIdentifier: 'tagged', tags }),
    wire: standard,
  },
  {
    name: 'ServerlessSnapshot',
    resourceType: 'Custom::RedshiftServerlessSnapshot',
    limit: 50,
    make: (scope, tags) => new ServerlessSnapshot(scope, 'Tagged', { namespaceName: 'analytics', snapshotName: 'tagged', tags }),
    wire: keyValue,
  },
  {
    name: 'ServerlessSnapshotSchedule (the snapshots it takes)',
    resourceType: 'Custom::RedshiftServerlessSnapshotSchedule',
    limit: 50,
    make: (scope, tags) => new ServerlessSnapshotSchedule(scope, 'Tagged', {
      namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), tags,
    }),
    wire: keyValue,
  },
  {
    name: 'SnapshotCopyGrant',
    resourceType: 'Custom::RedshiftSnapshotCopyGrant',
    limit: 49,
    make: (scope, tags) => new SnapshotCopyGrant(scope, 'Tagged', { destinationRegion: 'us-west-2', tags }),
    wire: standard,
  },
  {
    name: 'SnapshotCopyJob (MemoryDB copy)',
    resourceType: 'Custom::SnapshotCopyJob',
    limit: 49,
    make: (scope, tags) => new SnapshotCopyJob(scope, 'Tagged', {
      source: SnapshotSource.memoryDb({ snapshotName: 'sessions' }), targetSnapshotName: 'sessions-copy', tags,
    }),
    wire: standard,
  },
  {
    name: 'SnapshotCopyJob (DocumentDB elastic copy)',
    resourceType: 'Custom::SnapshotCopyJob',
    limit: 199,
    make: (scope, tags) => new SnapshotCopyJob(scope, 'Tagged', {
      source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc' }),
      targetSnapshotName: 'orders-copy',
      tags,
    }),
    wire: standard,
  },
];

function newStack(app = new App()): Stack {
  return new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function tagsOf(stack: Stack, resourceType: string): unknown {
  const resources = Object.values(Template.fromStack(stack).findResources(resourceType));
  expect(resources).toHaveLength(1);
  return resources[0].Properties.Tags;
}

describe.each(KINDS)('$name', (kind) => {
  test('Tags.of(app) reaches the custom resource\'s Tags', () => {
    const app = new App();
    const stack = newStack(app);
    kind.make(stack);
    Tags.of(app).add('cost-center', '42');
    expect(tagsOf(stack, kind.resourceType)).toEqual(kind.wire([['cost-center', '42']]));
  });

  test('Tags.of merges with the tags prop, in key order; for one key the value of Tags.of wins, as for an L1 resource', () => {
    const app = new App();
    const stack = newStack(app);
    kind.make(stack, { team: 'data', owner: 'prop' });
    Tags.of(stack).add('owner', 'tags-of');
    Tags.of(app).add('cost-center', '42');
    expect(tagsOf(stack, kind.resourceType)).toEqual(kind.wire([['cost-center', '42'], ['owner', 'tags-of'], ['team', 'data']]));
  });

  test('Tags.of with a lower priority than the prop\'s (50) leaves the prop\'s value; Tags.of(...).remove removes a tag', () => {
    const app = new App();
    const stack = newStack(app);
    kind.make(stack, { team: 'data', owner: 'prop' });
    Tags.of(app).add('owner', 'tags-of', { priority: 10 });
    Tags.of(app).remove('team');
    expect(tagsOf(stack, kind.resourceType)).toEqual(kind.wire([['owner', 'prop']]));
  });

  test('includeResourceTypes and excludeResourceTypes match the custom resource type', () => {
    const app = new App();
    const stack = newStack(app);
    kind.make(stack);
    Tags.of(app).add('included', 'yes', { includeResourceTypes: [kind.resourceType] });
    Tags.of(app).add('other-type', 'no', { includeResourceTypes: ['AWS::S3::Bucket'] });
    Tags.of(app).add('excluded', 'no', { excludeResourceTypes: [kind.resourceType] });
    expect(tagsOf(stack, kind.resourceType)).toEqual(kind.wire([['included', 'yes']]));
  });

  test(`Tags.of pushing the tags over ${kind.limit} fails synth naming the construct and the limit`, () => {
    const app = new App();
    const stack = newStack(app);
    const own: { [key: string]: string } = {};
    for (let i = 0; i < kind.limit; i++) own[`own-${i}`] = 'v';
    kind.make(stack, own);
    // Within the limit on its own: the prop passes the constructor's check.
    expect(() => app.synth()).not.toThrow();

    const app2 = new App();
    const stack2 = newStack(app2);
    kind.make(stack2, own);
    Tags.of(app2).add('cost-center', '42');
    expect(() => app2.synth()).toThrow(new RegExp(
      `Stack/Tagged: invalid tags "${kind.limit + 1} tags": at most ${kind.limit} tags are allowed .*Tags\\.of`));
  });

  test('Tags.of with an invalid value fails synth naming the tag', () => {
    const app = new App();
    const stack = newStack(app);
    kind.make(stack);
    Tags.of(app).add('long', 'x'.repeat(257));
    expect(() => app.synth()).toThrow(/Stack\/Tagged: invalid value of tag "long" .*must be at most 256 characters/);
  });
});

describe('library-owned tag keys stay reserved when the tags come from Tags.of', () => {
  test.each([
    ['SnapshotCopyGrant', 'cdk-db-snapshots:owner', /Stack\/Tagged: invalid tag key "cdk-db-snapshots:owner": is reserved/],
    ['ClusterSnapshot', 'cdk-db-snapshots:restore-access:111122223333', /Stack\/Tagged: invalid tag key .*must not start with "cdk-db-snapshots:restore-access:"/],
    ['SnapshotCopyJob (MemoryDB copy)', 'cdk-db-snapshots:copy-of', /Stack\/Tagged: invalid tag key "cdk-db-snapshots:copy-of": must not start with/],
  ])('%s: Tags.of(app).add(%j) fails synth', (name, key, message) => {
    const app = new App();
    const stack = newStack(app);
    KINDS.find((kind) => kind.name === name)!.make(stack);
    Tags.of(app).add(key, 'x');
    expect(() => app.synth()).toThrow(message);
  });
});

test('ClusterSnapshot: tags from Tags.of count with shareWith against Redshift\'s 50', () => {
  const app = new App();
  const stack = newStack(app);
  const tags: { [key: string]: string } = {};
  for (let i = 0; i < 48; i++) tags[`own-${i}`] = 'v';
  new ClusterSnapshot(stack, 'Tagged', { clusterIdentifier: 'analytics', snapshotIdentifier: 'tagged', tags, shareWith: ['111122223333', '444455556666'] });
  Tags.of(app).add('cost-center', '42');
  expect(() => app.synth()).toThrow(/Stack\/Tagged: invalid tags and shareWith "49 tags and 2 accounts": together at most 50/);
});

test('an S3 export takes no tags: Tags.of does not reach its properties, and does not fail synth', () => {
  const app = new App();
  const stack = newStack(app);
  new SnapshotCopyJob(stack, 'Export', {
    source: SnapshotSource.memoryDb({ snapshotName: 'sessions' }),
    targetSnapshotName: 'sessions-export',
    targetBucket: new s3.Bucket(stack, 'Bucket', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }),
  });
  Tags.of(app).add('cost-center', '42');
  Tags.of(app).add('x'.repeat(129), 'too long a key for any AWS tag');
  expect(() => app.synth()).not.toThrow();
  Template.fromStack(stack).hasResourceProperties('Custom::SnapshotCopyJob', { TargetBucket: Match.anyValue(), Tags: [] });
});

test('ServerlessSnapshotSchedule: its own scheduler role may tag the snapshots, whose tags Tags.of may add after the constructor', () => {
  const app = new App();
  const stack = newStack(app);
  new ServerlessSnapshotSchedule(stack, 'Nightly', { namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }) });
  Tags.of(app).add('cost-center', '42');
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: Match.stringLikeRegexp('^NightlySchedulerRole') }],
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'redshift-serverless:TagResource' })]) },
  });
});

test('settings that are not AWS objects with tags (cross-region copy settings) are not given tags', () => {
  const app = new App();
  const stack = newStack(app);
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2' });
  new ServerlessSnapshotCopy(stack, 'ServerlessCopy', { namespaceName: 'analytics', destinationRegion: 'us-west-2' });
  Tags.of(app).add('cost-center', '42');
  const template = Template.fromStack(stack);
  template.hasResourceProperties('Custom::RedshiftCrossRegionSnapshotCopy', { Tags: Match.absent() });
  template.hasResourceProperties('Custom::RedshiftServerlessSnapshotCopy', { Tags: Match.absent() });
});
