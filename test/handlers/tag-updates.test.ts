// An Update whose only change is the tags (what `Tags.of(app).add(...)` or `.remove(...)` makes of a deployed stack)
// is made in place by every kind whose AWS object takes tags: the physical id stays, the object is tagged and
// untagged, never made again or deleted, and the tags the handler sets itself (owner, provenance, sharing records)
// are neither overwritten nor removed.

import {
  CopySnapshotCommand,
  DeleteSnapshotCommand as MemoryDbDeleteSnapshotCommand,
  DescribeSnapshotsCommand,
  ListTagsCommand,
  MemoryDBClient,
  TagResourceCommand as MemoryDbTagResourceCommand,
  UntagResourceCommand as MemoryDbUntagResourceCommand,
} from '@aws-sdk/client-memorydb';
import {
  CreateClusterSnapshotCommand,
  CreateSnapshotCopyGrantCommand,
  CreateTagsCommand,
  DeleteClusterSnapshotCommand,
  DeleteSnapshotCopyGrantCommand,
  DeleteTagsCommand,
  DescribeClusterSnapshotsCommand,
  DescribeSnapshotCopyGrantsCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import {
  CreateScheduledActionCommand,
  CreateSnapshotCommand,
  DeleteScheduledActionCommand,
  DeleteSnapshotCommand,
  GetScheduledActionCommand,
  GetSnapshotCommand,
  RedshiftServerlessClient,
  ScheduledActionResponse,
  TagResourceCommand as ServerlessTagResourceCommand,
  UntagResourceCommand as ServerlessUntagResourceCommand,
  UpdateScheduledActionCommand,
} from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import * as clusterSnapshot from '../../lambda/cluster-snapshot';
import * as serverlessSnapshot from '../../lambda/serverless-snapshot';
import * as schedule from '../../lambda/serverless-snapshot-schedule';
import * as grant from '../../lambda/snapshot-copy-grant';
import * as copyJob from '../../lambda/snapshot-copy-job';
import { completeEvent, onEventRequest } from '../util/events';

const redshift = mockClient(RedshiftClient);
const serverless = mockClient(RedshiftServerlessClient);
const memorydb = mockClient(MemoryDBClient);

/** Before: the prop's two tags. After: Tags.of added cost-center, and `stage` was removed. */
const BEFORE = [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }];
const AFTER = [{ Key: 'cost-center', Value: '42' }, { Key: 'team', Value: 'data' }];
const keyValue = (tags: typeof BEFORE) => tags.map((tag) => ({ key: tag.Key, value: tag.Value }));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  redshift.reset();
  serverless.reset();
  memorydb.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

/** onEvent of the tags-only Update: the physical id it answers. */
async function updatedId(handlers: typeof clusterSnapshot, before: Record<string, unknown>, after: Record<string, unknown>, id: string) {
  return (await handlers.onEvent(onEventRequest('Update', after, { physicalResourceId: id, oldProperties: before }))).PhysicalResourceId;
}

describe('ClusterSnapshot', () => {
  const PROPS = {
    ClusterIdentifier: 'analytics', SnapshotIdentifier: 'nightly', ManualSnapshotRetentionPeriod: -1, ShareWith: ['111122223333'], RemovalPolicy: 'destroy', TimeoutSeconds: 3600,
  };
  const ARN = 'arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/nightly';
  /** The sharing record the handler keeps on the snapshot (the account of ShareWith, which this resource authorized). */
  const SHARING = { Key: 'cdk-db-snapshots:restore-access:111122223333', Value: 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/abc/Resource' };
  const snapshot = (tags: Array<{ Key: string; Value: string }>) => ({
    Snapshots: [{
      SnapshotIdentifier: 'nightly',
      ClusterIdentifier: 'analytics',
      Status: 'available',
      ManualSnapshotRetentionPeriod: -1,
      Tags: tags,
      AccountsWithRestoreAccess: [{ AccountId: '111122223333' }],
    }],
  });

  test('tags only: same physical id; CreateTags and DeleteTags on the snapshot, no snapshot made or deleted; the sharing record kept', async () => {
    const before = { ...PROPS, Tags: BEFORE };
    const after = { ...PROPS, Tags: AFTER };
    expect(await updatedId(clusterSnapshot, before, after, 'nightly')).toBe('nightly');
    redshift.on(DescribeClusterSnapshotsCommand).resolvesOnce(snapshot([...BEFORE, SHARING])).resolves(snapshot([...AFTER, SHARING]));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await clusterSnapshot.isComplete(completeEvent('Update', after, 'nightly', { old: before }))).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [{ Key: 'cost-center', Value: '42' }] });
    expect(redshift).toHaveReceivedCommandTimes(DeleteTagsCommand, 1);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceName: ARN, TagKeys: ['stage'] });
    expect(redshift).not.toHaveReceivedCommand(CreateClusterSnapshotCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('a template that sets a sharing record\'s key as a tag fails at once, touching nothing', async () => {
    const after = { ...PROPS, Tags: [...AFTER, { Key: SHARING.Key, Value: 'mine' }] };
    await expect(clusterSnapshot.onEvent(onEventRequest('Update', after, { physicalResourceId: 'nightly', oldProperties: PROPS })))
      .rejects.toThrow('property Tags must not set the tag key "cdk-db-snapshots:restore-access:111122223333": keys starting with "cdk-db-snapshots:restore-access:" are set by this resource\'s handler');
    expect(redshift.calls()).toHaveLength(0);
  });
});

describe('ServerlessSnapshot', () => {
  const PROPS = { NamespaceName: 'analytics', SnapshotName: 'nightly', RetentionPeriod: -1, RemovalPolicy: 'destroy', TimeoutSeconds: 3600 };
  const ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/0b1c';

  test('tags only: same physical id; TagResource and UntagResource on the snapshot, no snapshot made or deleted', async () => {
    const before = { ...PROPS, Tags: keyValue(BEFORE) };
    const after = { ...PROPS, Tags: keyValue(AFTER) };
    expect(await updatedId(serverlessSnapshot, before, after, 'nightly')).toBe('nightly');
    serverless.on(GetSnapshotCommand).resolves({
      snapshot: { snapshotName: 'nightly', namespaceName: 'analytics', status: 'AVAILABLE', snapshotRetentionPeriod: -1, snapshotArn: ARN },
    });
    serverless.on(ServerlessTagResourceCommand).resolves({});
    serverless.on(ServerlessUntagResourceCommand).resolves({});
    expect((await serverlessSnapshot.isComplete(completeEvent('Update', after, 'nightly', { old: before }))).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(ServerlessTagResourceCommand, { resourceArn: ARN, tags: keyValue(AFTER) });
    expect(serverless).toHaveReceivedCommandWith(ServerlessUntagResourceCommand, { resourceArn: ARN, tagKeys: ['stage'] });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });
});

describe('ServerlessSnapshotSchedule', () => {
  const ROLE_ARN = 'arn:aws:iam::123456789012:role/scheduler';
  const PROPS = {
    ScheduledActionName: 'nightly',
    NamespaceName: 'analytics',
    ScheduleCron: '(0 3 * * ? *)',
    SnapshotNamePrefix: 'nightly',
    RetentionPeriod: 14,
    RoleArn: ROLE_ARN,
    Enabled: true,
    RemovalPolicy: 'destroy',
    TimeoutSeconds: 3600,
  };
  const action = (tags: Array<{ key: string; value: string }>) => ({
    scheduledAction: {
      scheduledActionName: 'nightly',
      namespaceName: 'analytics',
      schedule: { cron: '(0 3 * * ? *)' },
      roleArn: ROLE_ARN,
      state: 'ACTIVE',
      targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 14, tags } },
    } as ScheduledActionResponse,
  });

  test('tags only: same physical id; UpdateScheduledAction with the new tags of its snapshots, the action neither made again nor deleted', async () => {
    const before = { ...PROPS, Tags: keyValue(BEFORE) };
    const after = { ...PROPS, Tags: keyValue(AFTER) };
    expect(await updatedId(schedule, before, after, 'nightly')).toBe('nightly');
    serverless.on(GetScheduledActionCommand).resolvesOnce(action(keyValue(BEFORE))).resolves(action(keyValue(AFTER)));
    serverless.on(UpdateScheduledActionCommand).resolves({});
    expect((await schedule.isComplete(completeEvent('Update', after, 'nightly', { old: before }))).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(UpdateScheduledActionCommand, {
      scheduledActionName: 'nightly',
      targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 14, tags: keyValue(AFTER) } },
    });
    expect(serverless).not.toHaveReceivedCommand(CreateScheduledActionCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteScheduledActionCommand);
  });
});

describe('SnapshotCopyGrant', () => {
  const PROPS = { DestinationRegion: 'us-west-2', SnapshotCopyGrantName: 'prod-grant', RemovalPolicy: 'destroy', TimeoutSeconds: 600 };
  const ARN = 'arn:aws:redshift:us-west-2:123456789012:snapshotcopygrant:prod-grant';
  const OWNER = { Key: 'cdk-db-snapshots:owner', Value: 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/abc/Resource' };
  const found = (tags: Array<{ Key: string; Value: string }>) => ({ SnapshotCopyGrants: [{ SnapshotCopyGrantName: 'prod-grant', Tags: tags }] });

  test('tags only: same physical id; CreateTags and DeleteTags on the grant, no grant made or deleted; the owner tag kept', async () => {
    const before = { ...PROPS, Tags: BEFORE };
    const after = { ...PROPS, Tags: AFTER };
    expect(await updatedId(grant, before, after, 'us-west-2/prod-grant')).toBe('us-west-2/prod-grant');
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(found([...BEFORE, OWNER]));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await grant.isComplete(completeEvent('Update', after, 'us-west-2/prod-grant', { old: before }))).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [{ Key: 'cost-center', Value: '42' }] });
    expect(redshift).toHaveReceivedCommandTimes(DeleteTagsCommand, 1);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceName: ARN, TagKeys: ['stage'] });
    expect(redshift).not.toHaveReceivedCommand(CreateSnapshotCopyGrantCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
  });

  test('a template that sets the owner tag\'s key fails at once, touching nothing', async () => {
    await expect(grant.onEvent(onEventRequest('Update', { ...PROPS, Tags: [...AFTER, { Key: OWNER.Key, Value: 'mine' }] }, { physicalResourceId: 'us-west-2/prod-grant', oldProperties: PROPS })))
      .rejects.toThrow('property Tags must not set the tag key "cdk-db-snapshots:owner": it is set by this resource\'s handler');
    expect(redshift.calls()).toHaveLength(0);
  });
});

describe('SnapshotCopyJob (MemoryDB)', () => {
  const PROPS = { Engine: 'memorydb', Source: 'sessions', TargetSnapshotName: 'sessions-copy', CopyTags: false, RemovalPolicy: 'destroy', TimeoutSeconds: 1800 };
  const ARN = 'arn:aws:memorydb:us-east-1:123456789012:snapshot/sessions-copy';
  const PROVENANCE = { Key: 'cdk-db-snapshots:copy-of', Value: 'sessions' };

  test('tags only: same physical id; TagResource and UntagResource on the copy, no copy made or deleted; the provenance tag kept', async () => {
    const before = { ...PROPS, Tags: BEFORE };
    const after = { ...PROPS, Tags: AFTER };
    expect(await updatedId(copyJob, before, after, 'memorydb:sessions-copy')).toBe('memorydb:sessions-copy');
    memorydb.on(DescribeSnapshotsCommand).callsFake((input: { SnapshotName: string }) => ({
      Snapshots: [{ Name: input.SnapshotName, Status: 'available', ARN: `arn:aws:memorydb:us-east-1:123456789012:snapshot/${input.SnapshotName}` }],
    }));
    memorydb.on(ListTagsCommand).resolves({ TagList: [...BEFORE, PROVENANCE] });
    memorydb.on(MemoryDbTagResourceCommand).resolves({});
    memorydb.on(MemoryDbUntagResourceCommand).resolves({});
    expect((await copyJob.isComplete(completeEvent('Update', after, 'memorydb:sessions-copy', { old: before }))).IsComplete).toBe(true);
    expect(memorydb).toHaveReceivedCommandWith(MemoryDbTagResourceCommand, { ResourceArn: ARN, Tags: AFTER });
    expect(memorydb).toHaveReceivedCommandTimes(MemoryDbUntagResourceCommand, 1);
    expect(memorydb).toHaveReceivedCommandWith(MemoryDbUntagResourceCommand, { ResourceArn: ARN, TagKeys: ['stage'] });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
    expect(memorydb).not.toHaveReceivedCommand(MemoryDbDeleteSnapshotCommand);
  });

  test('a template that sets a provenance key fails at once, touching nothing', async () => {
    await expect(copyJob.onEvent(onEventRequest('Update', { ...PROPS, Tags: [...AFTER, { Key: PROVENANCE.Key, Value: 'other' }] }, { physicalResourceId: 'memorydb:sessions-copy', oldProperties: PROPS })))
      .rejects.toThrow('property Tags must not set the tag key "cdk-db-snapshots:copy-of": keys starting with "cdk-db-snapshots:copy-of" are set by this resource\'s handler');
    expect(memorydb.calls()).toHaveLength(0);
  });
});
