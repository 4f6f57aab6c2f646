// ClusterSnapshot's handler against a mocked Redshift client: one test per row of the behaviour table in
// lambda/cluster-snapshot/index.ts. moto does not implement ModifyClusterSnapshot, so the
// retention update in place is proven here only.

import {
  CreateClusterSnapshotCommand,
  CreateTagsCommand,
  DeleteClusterSnapshotCommand,
  DeleteTagsCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  ModifyClusterSnapshotCommand,
  RedshiftClient,
  RedshiftServiceException,
  Snapshot,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda/cluster-snapshot';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions, onEventRequest } from '../util/events';
import { answersInTurn } from '../util/mock';

const redshift = mockClient(RedshiftClient);
const PROPS = {
  ClusterIdentifier: 'analytics',
  SnapshotIdentifier: 'before-migration',
  ManualSnapshotRetentionPeriod: 90,
  Tags: [{ Key: 'team', Value: 'data' }],
  RemovalPolicy: 'destroy',
  TimeoutSeconds: 2700,
};
const ARN = 'arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/before-migration';

function awsError(name: string, message = name): RedshiftServiceException {
  return new RedshiftServiceException({ name, message, $fault: 'client', $metadata: {} });
}

function found(snapshot: Partial<Snapshot>) {
  return {
    Snapshots: [{
      SnapshotIdentifier: 'before-migration',
      ClusterIdentifier: 'analytics',
      Status: 'available',
      ManualSnapshotRetentionPeriod: 90,
      Tags: [{ Key: 'team', Value: 'data' }],
      ...snapshot,
    }],
  };
}
const notFound = awsError('ClusterSnapshotNotFoundFault');

/** Successive DescribeClusterSnapshots answers; the last one repeats. */
const describeReturns = (...answers: Array<ReturnType<typeof found> | Error>) => answersInTurn(redshift.on(DescribeClusterSnapshotsCommand), answers);

const complete = (requestType: RequestType, props: Record<string, unknown> = PROPS, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, String(props.SnapshotIdentifier), options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  redshift.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('onEvent', () => {
  test('the snapshot identifier is the physical id; a new identifier replaces the snapshot', async () => {
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe('before-migration');
    const renamed = await onEvent(onEventRequest('Update', { ...PROPS, SnapshotIdentifier: 'after' }, { physicalResourceId: 'before-migration', oldProperties: PROPS }));
    expect(renamed.PhysicalResourceId).toBe('after');
  });

  test('tags that are not a list of { Key, Value } fail at once', async () => {
    await expect(onEvent(onEventRequest('Create', { ...PROPS, Tags: 'team=data' }))).rejects.toThrow(/property Tags must be a list of \{ Key, Value \} tags/);
  });
});

describe('Create', () => {
  test('no snapshot yet: CreateClusterSnapshot with retention and tags, then waits while it is creating', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).resolves({});

    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandWith(CreateClusterSnapshotCommand, {
      ClusterIdentifier: 'analytics', SnapshotIdentifier: 'before-migration', ManualSnapshotRetentionPeriod: 90, Tags: [{ Key: 'team', Value: 'data' }],
    });
  });

  test('creating: waits; available: complete with the identifier and ARN as attributes', async () => {
    describeReturns(found({ Status: 'creating' }));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    redshift.reset();
    describeReturns(found({}));
    expect(await complete('Create')).toEqual({ IsComplete: true, Data: { SnapshotIdentifier: 'before-migration', SnapshotArn: ARN } });
    expect(redshift).not.toHaveReceivedCommand(CreateClusterSnapshotCommand);
  });

  test.each(['failed', 'cancelled'])('status "%s" fails the deployment with the status', async (status) => {
    describeReturns(found({ Status: status }));
    await expect(complete('Create')).rejects.toThrow(`snapshot "before-migration" of cluster "analytics" is "${status}"`);
  });

  test('ClusterSnapshotAlreadyExistsFault (it appeared meanwhile): adopts it and waits for it', async () => {
    describeReturns(notFound, found({ Status: 'creating' }));
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('ClusterSnapshotAlreadyExistsFault'));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandTimes(CreateClusterSnapshotCommand, 1);
  });

  test('an existing snapshot of that identifier of the same cluster is adopted, its settings brought in line', async () => {
    describeReturns(found({ ManualSnapshotRetentionPeriod: -1, Tags: [] }), found({ Tags: [] }), found({}));
    redshift.on(ModifyClusterSnapshotCommand).resolves({});
    redshift.on(CreateTagsCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(ModifyClusterSnapshotCommand, { SnapshotIdentifier: 'before-migration', ManualSnapshotRetentionPeriod: 90 });
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [{ Key: 'team', Value: 'data' }] });
    expect(redshift).not.toHaveReceivedCommand(CreateClusterSnapshotCommand);
  });

  test('the snapshot is looked up among its cluster\'s snapshots: DescribeClusterSnapshots authorizes against the cluster', async () => {
    describeReturns(found({}));
    await complete('Create');
    expect(redshift).toHaveReceivedCommandWith(DescribeClusterSnapshotsCommand, { ClusterIdentifier: 'analytics', SnapshotIdentifier: 'before-migration' });
  });

  test('a snapshot of that identifier of another cluster (not listed; Create: already exists): fails, telling to choose another identifier', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('ClusterSnapshotAlreadyExistsFault'));
    await expect(complete('Create')).rejects.toThrow(
      'a snapshot "before-migration" already exists for another cluster than "analytics": choose another snapshotIdentifier');
  });

  test('created meanwhile by a replayed event (Create: already exists, then listed): adopted', async () => {
    describeReturns(notFound, found({}));
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('ClusterSnapshotAlreadyExistsFault'));
    expect((await complete('Create')).IsComplete).toBe(true);
  });

  test('cluster busy (InvalidClusterStateFault, DescribeClusters says modifying): waits and retries', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('InvalidClusterStateFault', 'cluster is modifying'));
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'analytics', ClusterStatus: 'modifying' }] });
    expect(await complete('Create')).toEqual({ IsComplete: false });
  });

  test('cluster paused (InvalidClusterStateFault, DescribeClusters says paused): fails at once instead of waiting the timeout', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('InvalidClusterStateFault', 'The specified cluster is not in the available state.'));
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'analytics', ClusterStatus: 'paused' }] });
    await expect(complete('Create')).rejects.toThrow('cluster analytics is paused: resume it (ResumeCluster), or deploy this snapshot once it is available');
    expect(redshift).toHaveReceivedCommandWith(DescribeClustersCommand, { ClusterIdentifier: 'analytics' });
  });

  test.each([
    ['ClusterNotFoundFault', /cluster "analytics" was not found in us-east-1: set clusterIdentifier/],
    ['ClusterSnapshotQuotaExceededFault', /quota of manual snapshots: delete snapshots you no longer need/],
    ['InvalidRetentionPeriodFault', /retention 90 was rejected: use -1 or 1 to 3653 days/],
    ['TagLimitExceededFault', /too many tags for a Redshift snapshot: use at most 50 \(50 per snapshot\)/],
  ])('%s fails at once with what to fix', async (name, message) => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError(name));
    await expect(complete('Create')).rejects.toThrow(message);
  });

  test('TagLimitExceededFault with shareWith: the limit named is 50 less one tag per shared account', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('TagLimitExceededFault'));
    await expect(complete('Create', { ...PROPS, ShareWith: ['210987654321', '111122223333'] })).rejects.toThrow(
      'too many tags for a Redshift snapshot: use at most 48 (50 per snapshot, less 2 for the shareWith accounts, each recorded as a tag)');
    await expect(complete('Create', { ...PROPS, ShareWith: ['210987654321'] })).rejects.toThrow('use at most 49 (50 per snapshot, less 1 for the shareWith account, each');
  });

  test('still creating when the timeout is up: fails naming the status and the elapsed time', async () => {
    describeReturns(found({ Status: 'creating' }));
    await expect(complete('Create', PROPS, { startedAt: new Date(Date.now() - 2695_000).toISOString() }))
      .rejects.toThrow(/timed out after 44m5\ds \(timeout 45m00s\) waiting for snapshot "before-migration" to be available: its status is "creating"/);
  });
});

describe('Update in place', () => {
  test('retention changed: ModifyClusterSnapshot, nothing else', async () => {
    describeReturns(found({}), found({ ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(ModifyClusterSnapshotCommand).resolves({});
    expect((await complete('Update', { ...PROPS, ManualSnapshotRetentionPeriod: 30 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(ModifyClusterSnapshotCommand, 1);
    expect(redshift).toHaveReceivedCommandWith(ModifyClusterSnapshotCommand, { ManualSnapshotRetentionPeriod: 30 });
    expect(redshift).not.toHaveReceivedCommand(CreateClusterSnapshotCommand);
  });

  test('retention shortened below the snapshot\'s age (InvalidRetentionPeriodFault): fails saying what to choose, never with Force', async () => {
    describeReturns(found({}));
    redshift.on(ModifyClusterSnapshotCommand).rejects(awsError('InvalidRetentionPeriodFault', 'The retention period specified is either in the past or is not a valid value.'));
    await expect(complete('Update', { ...PROPS, ManualSnapshotRetentionPeriod: 1 }, { old: PROPS })).rejects.toThrow(
      'retention 1 days was rejected for snapshot "before-migration" (The retention period specified is either in the past or is not a valid value.): '
      + 'the snapshot is likely older than that, and Redshift would have to delete it at once. Choose a retention longer than its age, or '
      + 'SnapshotRetention.indefinitely(); to delete it, set removalPolicy to RemovalPolicy.DESTROY and remove the resource (InvalidRetentionPeriodFault)');
    expect(redshift.commandCalls(ModifyClusterSnapshotCommand)[0].args[0].input.Force).toBeUndefined();
  });

  test('tags changed: sets new values, removes only the keys this resource had set', async () => {
    const old = { ...PROPS, Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] };
    const wanted = { ...PROPS, Tags: [{ Key: 'team', Value: 'platform' }] };
    describeReturns(
      found({ Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }, { Key: 'owner', Value: 'someone-else' }] }),
      found({ Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'owner', Value: 'someone-else' }] }),
    );
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', wanted, { old })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [{ Key: 'team', Value: 'platform' }] });
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceName: ARN, TagKeys: ['stage'] });
  });
});

describe('Delete', () => {
  test('RETAIN (the default): touches nothing', async () => {
    expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain' })).IsComplete).toBe(true);
    expect(redshift.calls()).toHaveLength(0);
  });

  test('DESTROY: DeleteClusterSnapshot', async () => {
    describeReturns(found({}));
    redshift.on(DeleteClusterSnapshotCommand).resolves({});
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { SnapshotIdentifier: 'before-migration', SnapshotClusterIdentifier: 'analytics' });
  });

  test('DESTROY, already gone (ClusterSnapshotNotFoundFault): success', async () => {
    describeReturns(notFound);
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('DESTROY, deleted meanwhile: success', async () => {
    describeReturns(found({}));
    redshift.on(DeleteClusterSnapshotCommand).rejects(notFound);
    expect((await complete('Delete')).IsComplete).toBe(true);
  });

  test('DESTROY, a snapshot of that identifier of another cluster (never ours): success, untouched', async () => {
    describeReturns(found({ ClusterIdentifier: 'reporting' }));
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('DESTROY, other accounts may restore it: fails naming them, revokes nothing', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: [{ AccountId: '111111111111' }, { AccountId: '222222222222' }] }));
    await expect(complete('Delete')).rejects.toThrow(
      'snapshot "before-migration" is not deleted: accounts 111111111111, 222222222222 are authorized to restore it. Revoke their access (RevokeSnapshotAccess) or set removalPolicy to RemovalPolicy.RETAIN');
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('DESTROY, InvalidClusterSnapshotStateFault: fails telling to revoke access or retain', async () => {
    describeReturns(found({}));
    redshift.on(DeleteClusterSnapshotCommand).rejects(awsError('InvalidClusterSnapshotStateFault', 'shared with other accounts'));
    await expect(complete('Delete')).rejects.toThrow(/cannot be deleted in its state \(shared with other accounts\): if other accounts are authorized to restore it, revoke their access/);
  });

  test('DESTROY, still creating (the rollback of the Create that made it): succeeds at once, leaving it, and logs that it did', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    describeReturns(found({ Status: 'creating' }));
    // Not deletable (DeleteClusterSnapshot: available, failed or cancelled only), and waiting could outlast the hour.
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line))).filter((line) => line.outcome === 'left')).toEqual([expect.objectContaining({
      reason: expect.stringMatching(/^snapshot "before-migration" of cluster "analytics" is still being created \(status creating\): not deleted/),
    })]);
  });
});

describe('what else AWS may answer', () => {
  const denied = awsError('AccessDenied', 'not authorized to perform redshift:DescribeClusterSnapshots');

  test('DescribeClusterSnapshots denied is not "no snapshot": Delete fails and deletes nothing, Create creates nothing', async () => {
    describeReturns(denied);
    await expect(complete('Delete')).rejects.toThrow('not authorized to perform redshift:DescribeClusterSnapshots');
    await expect(complete('Create')).rejects.toThrow('not authorized to perform redshift:DescribeClusterSnapshots');
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
    expect(redshift).not.toHaveReceivedCommand(CreateClusterSnapshotCommand);
  });

  test('DescribeClusterSnapshots throttled: Create and Delete wait for the next poll, changing nothing', async () => {
    describeReturns(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(await complete('Delete')).toEqual({ IsComplete: false });
    expect(redshift).not.toHaveReceivedCommand(CreateClusterSnapshotCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('ClusterNotFoundFault from DescribeClusterSnapshots: Create reports the cluster missing (from CreateClusterSnapshot)', async () => {
    describeReturns(awsError('ClusterNotFoundFault'));
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('ClusterNotFoundFault'));
    await expect(complete('Create')).rejects.toThrow('cluster "analytics" was not found in us-east-1');
    expect((await complete('Delete')).IsComplete).toBe(true);
  });

  test('only the snapshot of this identifier and this cluster counts: others listed are not it', async () => {
    describeReturns({ Snapshots: [...found({ SnapshotIdentifier: 'other' }).Snapshots, ...found({ ClusterIdentifier: 'reporting' }).Snapshots] });
    redshift.on(CreateClusterSnapshotCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandTimes(CreateClusterSnapshotCommand, 1);
  });

  test('status "deleted" fails the deployment with the status', async () => {
    describeReturns(found({ Status: 'deleted' }));
    await expect(complete('Create')).rejects.toThrow('snapshot "before-migration" of cluster "analytics" is "deleted"');
  });

  test('no tags: CreateClusterSnapshot without a Tags list; settings already in line: no Modify or tag call', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).resolves({});
    await complete('Create', { ...PROPS, Tags: [] });
    expect(redshift.commandCalls(CreateClusterSnapshotCommand)[0].args[0].input.Tags).toBeUndefined();
    redshift.reset();
    describeReturns(found({}));
    expect((await complete('Update', { ...PROPS, TimeoutSeconds: 600 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeClusterSnapshotsCommand']);
  });

  test('a retention AWS does not report is not changed; tags are', async () => {
    describeReturns(found({ ManualSnapshotRetentionPeriod: undefined, Tags: [] }), found({ ManualSnapshotRetentionPeriod: undefined }));
    redshift.on(CreateTagsCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(ModifyClusterSnapshotCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteTagsCommand);
  });

  test('only removed tags: DeleteTags alone', async () => {
    const old = { ...PROPS, Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] };
    describeReturns(found({ Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] }), found({}));
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', PROPS, { old })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { TagKeys: ['stage'] });
    expect(redshift).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  test('ModifyClusterSnapshot failing otherwise is passed on as it is', async () => {
    describeReturns(found({}));
    redshift.on(ModifyClusterSnapshotCommand).rejects(awsError('AccessDenied', 'not authorized to perform redshift:ModifyClusterSnapshot'));
    await expect(complete('Update', { ...PROPS, ManualSnapshotRetentionPeriod: 30 }, { old: PROPS }))
      .rejects.toMatchObject({ name: 'AccessDenied', message: 'not authorized to perform redshift:ModifyClusterSnapshot' });
  });

  test('settings that never settle: at most three changes per pass, then waits naming it', async () => {
    describeReturns(found({ ManualSnapshotRetentionPeriod: 1 }));
    redshift.on(ModifyClusterSnapshotCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandTimes(ModifyClusterSnapshotCommand, 3);
    const startedAt = new Date(Date.now() - 2695_000).toISOString();
    await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow('waiting for the settings of snapshot "before-migration" to settle');
  });

  test('the waiting reasons say what is awaited', async () => {
    const startedAt = new Date(Date.now() - 2695_000).toISOString();
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).resolves({});
    await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow('waiting for snapshot "before-migration" to be available: it is being created');
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('InvalidClusterStateFault', 'cluster is modifying'));
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'analytics', ClusterStatus: 'modifying' }] });
    await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow('waiting for cluster "analytics" to accept a snapshot (cluster is modifying)');
  });

  test.each([
    ['throttled', Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } })],
    ['gone', awsError('ClusterNotFoundFault')],
  ])('InvalidClusterStateFault and DescribeClusters %s: waits', async (_case, error) => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('InvalidClusterStateFault'));
    redshift.on(DescribeClustersCommand).rejects(error);
    expect(await complete('Create')).toEqual({ IsComplete: false });
  });

  test('InvalidClusterStateFault and DescribeClusters denied: fails with the denial', async () => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('InvalidClusterStateFault'));
    redshift.on(DescribeClustersCommand).rejects(awsError('AccessDenied', 'not authorized to perform redshift:DescribeClusters'));
    await expect(complete('Create')).rejects.toThrow('not authorized to perform redshift:DescribeClusters');
  });

  test.each([
    ['InvalidTagFault', 'the tags were rejected (bad tag): fix the tags (InvalidTagFault)'],
    ['ClusterSnapshotQuotaExceededFault', 'delete snapshots you no longer need or ask AWS for a higher quota (ClusterSnapshotQuotaExceededFault)'],
    ['AccessDenied', 'bad tag'],
  ])('CreateClusterSnapshot %s: the message says what to fix', async (name, message) => {
    describeReturns(notFound);
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError(name, 'bad tag'));
    await expect(complete('Create')).rejects.toThrow(message);
  });

  test('DeleteClusterSnapshot failing otherwise is passed on; accounts named by alias when they have no id', async () => {
    describeReturns(found({}));
    redshift.on(DeleteClusterSnapshotCommand).rejects(awsError('AccessDenied', 'not authorized to perform redshift:DeleteClusterSnapshot'));
    await expect(complete('Delete')).rejects.toMatchObject({ name: 'AccessDenied', message: 'not authorized to perform redshift:DeleteClusterSnapshot' });
    describeReturns(found({ AccountsWithRestoreAccess: [{ AccountAlias: 'aws-backup' }, {}] }));
    await expect(complete('Delete')).rejects.toThrow('accounts aws-backup, ? are authorized to restore it');
  });

  test('tags set and removed in one pass: the snapshot is read again before complete', async () => {
    const old = { ...PROPS, Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] };
    describeReturns(found({ Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] }), found({ Tags: [{ Key: 'team', Value: 'platform' }] }));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', { ...PROPS, Tags: [{ Key: 'team', Value: 'platform' }] }, { old })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(DescribeClusterSnapshotsCommand, 2);
    expect(redshift).toHaveReceivedCommandTimes(CreateTagsCommand, 1);
    expect(redshift).toHaveReceivedCommandTimes(DeleteTagsCommand, 1);
  });

  test('a snapshot reported without tags gets all the wanted ones; without a status, waits on "unknown"', async () => {
    describeReturns(found({ Tags: undefined }), found({}));
    redshift.on(CreateTagsCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { Tags: [{ Key: 'team', Value: 'data' }] });
    describeReturns(found({ Status: undefined }));
    await expect(complete('Create', PROPS, { startedAt: new Date(Date.now() - 2695_000).toISOString() })).rejects.toThrow('its status is "unknown"');
  });

  test('answers without lists: no snapshot (DescribeClusterSnapshots), no status (DescribeClusters) means waiting', async () => {
    redshift.on(DescribeClusterSnapshotsCommand).resolves({});
    redshift.on(CreateClusterSnapshotCommand).rejects(awsError('InvalidClusterStateFault'));
    redshift.on(DescribeClustersCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [] });
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommand(CreateClusterSnapshotCommand);
  });
});
