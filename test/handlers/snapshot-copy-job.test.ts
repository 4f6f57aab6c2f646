// SnapshotCopyJob's handler against mocked MemoryDB and DocumentDB elastic clients, properties as strings.
// moto lacks MemoryDB CopySnapshot and all of DocumentDB elastic: this file is where those calls are proven.

import {
  ClusterSnapshot,
  ClusterSnapshotInList,
  ConflictException,
  CopyClusterSnapshotCommand,
  DeleteClusterSnapshotCommand,
  DocDBElasticClient,
  GetClusterSnapshotCommand,
  ListClusterSnapshotsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand as DocDbTagResourceCommand,
  UntagResourceCommand as DocDbUntagResourceCommand,
} from '@aws-sdk/client-docdb-elastic';
import {
  CopySnapshotCommand,
  DeleteSnapshotCommand,
  DescribeSnapshotsCommand,
  ListTagsCommand,
  MemoryDBClient,
  MemoryDBServiceException,
  Snapshot,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-memorydb';
import { ListObjectsV2Command, NoSuchBucket, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { RequestType } from '../../lambda/shared/framework';
import { isComplete, onEvent } from '../../lambda/snapshot-copy-job';
import { completeEvent, CompleteOptions, onEventRequest } from '../util/events';

const memorydb = mockClient(MemoryDBClient);
const docdb = mockClient(DocDBElasticClient);
const s3 = mockClient(S3Client);

const MEMORYDB = { Engine: 'memorydb', Source: 'sessions', TargetSnapshotName: 'sessions-copy', CopyTags: false, Tags: [{ Key: 'team', Value: 'platform' }], RemovalPolicy: 'destroy', TimeoutSeconds: 1800 };
const SOURCE_ARN = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/src';
const CLUSTER_ARN = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster/orders';
const COPY_ARN = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/copy';
const DOCDB = { Engine: 'docdb-elastic', Source: SOURCE_ARN, TargetSnapshotName: 'orders-copy', CopyTags: true, Tags: [{ Key: 'team', Value: 'platform' }], RemovalPolicy: 'destroy', TimeoutSeconds: 1800 };

const memoryDbError = (name: string, message = name) => new MemoryDBServiceException({ name, message, $fault: 'client', $metadata: {} });
const cluster = { Name: 'sessions-cluster', Shards: [{ Name: '0001', SnapshotCreationTime: new Date('2026-11-22T01:00:00Z') }] };
const memorySnapshot = (name: string, changes: Partial<Snapshot> = {}) => ({
  Snapshots: [{ Name: name, Status: 'available', ARN: `arn:aws:memorydb:us-east-1:123456789012:snapshot/${name}`, ClusterConfiguration: cluster, ...changes }],
});

/** DescribeSnapshots answers per snapshot name: a list of successive answers each (the last repeats). */
function memoryDbHas(answers: Record<string, Array<ReturnType<typeof memorySnapshot> | Error>>): void {
  const counters: Record<string, number> = {};
  memorydb.on(DescribeSnapshotsCommand).callsFake((input: { SnapshotName: string }) => {
    const list = answers[input.SnapshotName] ?? [memoryDbError('SnapshotNotFoundFault')];
    const index = Math.min(counters[input.SnapshotName] = (counters[input.SnapshotName] ?? -1) + 1, list.length - 1);
    const answer = list[index];
    if (answer instanceof Error) throw answer;
    return answer;
  });
}
const memoryNotFound = memoryDbError('SnapshotNotFoundFault');
const PROVENANCE = 'cdk-db-snapshots:copy-of';
/** ListTags answers the copy's tags: by default the provenance tag naming the source "sessions". */
const memoryDbTags = (tags: Array<{ Key: string; Value: string }> = [{ Key: PROVENANCE, Value: 'sessions' }]) =>
  memorydb.on(ListTagsCommand).resolves({ TagList: tags });

const complete = (requestType: RequestType, props: Record<string, unknown>, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, `${props.Engine}:${props.TargetSnapshotName}`, options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  memorydb.reset();
  docdb.reset();
  s3.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('onEvent', () => {
  test('the engine and target name are the physical id; an export is its S3 location', async () => {
    s3.on(ListObjectsV2Command).resolves({});
    memorydb.on(CopySnapshotCommand).resolves({});
    expect((await onEvent(onEventRequest('Create', MEMORYDB))).PhysicalResourceId).toBe('memorydb:sessions-copy');
    expect((await onEvent(onEventRequest('Create', { ...MEMORYDB, TargetBucket: 'exports' }))).PhysicalResourceId).toBe('s3://exports/sessions-copy');
  });

  test('a new target name replaces the copy', async () => {
    const response = await onEvent(onEventRequest('Update', { ...MEMORYDB, TargetSnapshotName: 'new', Source: 'other' }, { physicalResourceId: 'memorydb:sessions-copy', oldProperties: MEMORYDB }));
    expect(response.PhysicalResourceId).toBe('memorydb:new');
  });

  test.each([['Source', 'other'], ['KmsKeyId', 'arn:aws:kms:us-east-1:123456789012:key/k'], ['CopyTags', 'true']])(
    'a changed %s under the same target name fails at once: a new targetSnapshotName makes a new copy', async (field, value) => {
      await expect(onEvent(onEventRequest('Update', { ...MEMORYDB, [field]: value }, { physicalResourceId: 'memorydb:sessions-copy', oldProperties: MEMORYDB })))
        .rejects.toThrow(`${field} of the copy "sessions-copy" cannot change in place (AWS never overwrites a snapshot): give it a new targetSnapshotName`);
    });
});

describe('the resource, whatever the engine', () => {
  test('a MemoryDB name keeps its case in the physical id; a DocumentDB elastic one is lower case', async () => {
    expect((await onEvent(onEventRequest('Create', { ...MEMORYDB, TargetSnapshotName: 'Sessions-Copy' }))).PhysicalResourceId).toBe('memorydb:Sessions-Copy');
    expect((await onEvent(onEventRequest('Create', { ...DOCDB, TargetSnapshotName: 'Orders-Copy' }))).PhysicalResourceId).toBe('docdb-elastic:orders-copy');
  });

  test('every changed field is named; isComplete refuses the same', async () => {
    const changed = { ...MEMORYDB, Source: 'other', KmsKeyId: 'k' };
    await expect(onEvent(onEventRequest('Update', changed, { physicalResourceId: 'memorydb:sessions-copy', oldProperties: MEMORYDB })))
      .rejects.toThrow('Source, KmsKeyId of the copy "sessions-copy" cannot change in place (AWS never overwrites a snapshot): give it a new targetSnapshotName, which makes a new copy');
    await expect(complete('Update', changed, { old: MEMORYDB })).rejects.toThrow('Source, KmsKeyId of the copy "sessions-copy" cannot change in place');
    expect(memorydb.calls()).toHaveLength(0);
  });

  test('onEvent starts an export on a Create and a replacing Update, never on a Delete', async () => {
    const EXPORT = { ...MEMORYDB, TargetBucket: 'exports', Tags: [] };
    s3.on(ListObjectsV2Command).resolves({});
    memorydb.on(CopySnapshotCommand).resolves({});
    await onEvent(onEventRequest('Delete', EXPORT, { physicalResourceId: 's3://exports/sessions-copy' }));
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
    expect(s3).not.toHaveReceivedCommand(ListObjectsV2Command);
    await onEvent(onEventRequest('Update', { ...EXPORT, TargetSnapshotName: 'next' }, { physicalResourceId: 's3://exports/sessions-copy', oldProperties: EXPORT }));
    expect(memorydb).toHaveReceivedCommandWith(CopySnapshotCommand, { TargetSnapshotName: 'next', TargetBucket: 'exports' });
  });

  test.each([['Engine', 'redis', /property Engine must be one of memorydb, docdb-elastic/], ['CopyTags', 'yes', /property CopyTags must be one of true, false/]])(
    'a bad %s fails at once', async (name, value, message) => {
      await expect(onEvent(onEventRequest('Create', { ...MEMORYDB, [name]: value }))).rejects.toThrow(message);
    });

  test('the provenance logs say why a snapshot is adopted unmarked, or left alone', async () => {
    const logged: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { logged.push(line); });
    memoryDbHas({ 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags([]);
    memorydb.on(TagResourceCommand).resolves({});
    await complete('Update', { ...MEMORYDB, Tags: [] }, { old: MEMORYDB });
    await complete('Delete', MEMORYDB);
    memoryDbTags([{ Key: PROVENANCE, Value: 'orders' }]);
    await complete('Delete', MEMORYDB);
    const reasons = logged.map((line) => JSON.parse(line)).filter((line) => line.reason).map((line) => `${line.outcome}: ${line.reason}`);
    expect(reasons).toEqual([
      'adopted unmarked: "sessions-copy" has been this resource\'s since its Create; it carries no cdk-db-snapshots:copy-of tag and is never deleted',
      'left alone: "sessions-copy" is not known to be a copy of "sessions": it carries no provenance tag',
      'left alone: "sessions-copy" is not known to be a copy of "sessions": its provenance tag names "orders"',
    ]);
  });
});

describe('MemoryDB copy', () => {
  test('Create: CopySnapshot with key, tags and the provenance tag naming the source, then waits', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memoryNotFound] });
    memorydb.on(CopySnapshotCommand).resolves({});
    expect(await complete('Create', { ...MEMORYDB, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' })).toEqual({ IsComplete: false });
    expect(memorydb).toHaveReceivedCommandWith(CopySnapshotCommand, {
      SourceSnapshotName: 'sessions',
      TargetSnapshotName: 'sessions-copy',
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k',
      Tags: [{ Key: 'team', Value: 'platform' }, { Key: PROVENANCE, Value: 'sessions' }],
    });
  });

  test('the copy, marked as a copy of the source, available: tags set, complete with its name and ARN', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags();
    memorydb.on(TagResourceCommand).resolves({});
    expect(await complete('Create', MEMORYDB)).toEqual({
      IsComplete: true, Data: { TargetSnapshotName: 'sessions-copy', TargetSnapshotArn: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/sessions-copy' },
    });
    expect(memorydb).toHaveReceivedCommandWith(ListTagsCommand, { ResourceArn: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/sessions-copy' });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('copying: waits; failed: fails with the status', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy', { Status: 'copying' })] });
    memoryDbTags();
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
    memorydb.reset();
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy', { Status: 'failed' })] });
    memoryDbTags();
    await expect(complete('Create', MEMORYDB)).rejects.toThrow('copy "sessions-copy" of snapshot "sessions" is "failed"');
  });

  test('source still being created (InvalidSnapshotStateFault): waits', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions', { Status: 'creating' })], 'sessions-copy': [memoryNotFound] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('InvalidSnapshotStateFault', 'source is creating'));
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
  });

  test('a snapshot of that name without the provenance tag, even of the same cluster and shard times: not adopted by Create, never deleted', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags([{ Key: 'team', Value: 'platform' }]);
    await expect(complete('Create', MEMORYDB)).rejects.toThrow(
      'a snapshot "sessions-copy" already exists and is not a copy of "sessions" (it carries no cdk-db-snapshots:copy-of tag, '
      + 'which every copy this construct makes carries): choose another targetSnapshotName (AWS never overwrites a snapshot)');
    expect((await complete('Delete', MEMORYDB)).IsComplete).toBe(true);
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
    expect(memorydb).not.toHaveReceivedCommand(TagResourceCommand);
  });

  test('a snapshot marked as a copy of another source: fails clearly, and its Delete leaves it alone', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags([{ Key: PROVENANCE, Value: 'orders' }]);
    await expect(complete('Create', MEMORYDB)).rejects.toThrow(
      'a snapshot "sessions-copy" already exists and is not a copy of "sessions" (its cdk-db-snapshots:copy-of tag names "orders"): '
      + 'choose another targetSnapshotName (AWS never overwrites a snapshot)');
    memoryDbTags([{ Key: PROVENANCE } as { Key: string; Value: string }]);
    await expect(complete('Create', MEMORYDB)).rejects.toThrow('(its cdk-db-snapshots:copy-of tag names ""): choose another targetSnapshotName');
    expect((await complete('Delete', MEMORYDB)).IsComplete).toBe(true);
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('an unmarked snapshot on an Update in place (a copy made before copies were marked): tags changed, never deleted', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags([]);
    memorydb.on(TagResourceCommand).resolves({});
    expect((await complete('Update', { ...MEMORYDB, Tags: [{ Key: 'team', Value: 'data' }] }, { old: MEMORYDB })).IsComplete).toBe(true);
    expect(memorydb).toHaveReceivedCommandWith(TagResourceCommand, { Tags: [{ Key: 'team', Value: 'data' }] });
    expect((await complete('Delete', MEMORYDB)).IsComplete).toBe(true);
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('SnapshotAlreadyExistsFault for a copy of the same source (a replay): adopted', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memoryNotFound, memorySnapshot('sessions-copy')] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotAlreadyExistsFault'));
    memoryDbTags();
    memorydb.on(TagResourceCommand).resolves({});
    expect((await complete('Create', MEMORYDB)).IsComplete).toBe(true);
  });

  test.each([
    ['SnapshotQuotaExceededFault', /quota of MemoryDB snapshots/],
    ['ServiceLinkedRoleNotFoundFault', /service-linked role is missing/],
    ['InvalidParameterValueException', /MemoryDB rejected the copy/],
  ])('%s fails at once with what to fix', async (name, message) => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memoryNotFound] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError(name));
    await expect(complete('Create', MEMORYDB)).rejects.toThrow(message);
  });

  test('the source does not exist: fails at once', async () => {
    memoryDbHas({});
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotNotFoundFault'));
    await expect(complete('Create', MEMORYDB)).rejects.toThrow('source snapshot "sessions" was not found');
  });

  test('Update of tags: TagResource with the new ones, UntagResource for dropped keys, no copy', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags();
    memorydb.on(TagResourceCommand).resolves({});
    memorydb.on(UntagResourceCommand).resolves({});
    const old = { ...MEMORYDB, Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'stage', Value: 'dev' }] };
    expect((await complete('Update', { ...MEMORYDB, Tags: [{ Key: 'team', Value: 'data' }] }, { old })).IsComplete).toBe(true);
    expect(memorydb).toHaveReceivedCommandWith(TagResourceCommand, { ResourceArn: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/sessions-copy', Tags: [{ Key: 'team', Value: 'data' }] });
    expect(memorydb).toHaveReceivedCommandWith(UntagResourceCommand, { TagKeys: ['stage'] });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('Update removing a key already removed outside the stack (UntagResource TagNotFoundFault): done; keys still there untagged again', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memorydb.on(TagResourceCommand).resolves({});
    memorydb.on(UntagResourceCommand).rejectsOnce(memoryDbError('TagNotFoundFault', 'The specified tag does not exist')).resolves({});
    const old = { ...MEMORYDB, Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'stage', Value: 'dev' }] };
    // Only "stage" was gone: nothing left to untag.
    memoryDbTags();
    expect((await complete('Update', MEMORYDB, { old })).IsComplete).toBe(true);
    expect(memorydb).toHaveReceivedCommandTimes(UntagResourceCommand, 1);
    // "stage" gone, "owner" still there: "owner" is untagged again, alone.
    memorydb.reset();
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memorydb.on(TagResourceCommand).resolves({});
    memorydb.on(UntagResourceCommand).rejectsOnce(memoryDbError('TagNotFoundFault')).resolves({});
    memoryDbTags([{ Key: PROVENANCE, Value: 'sessions' }, { Key: 'owner', Value: 'x' }]);
    const twoGone = { ...MEMORYDB, Tags: [...old.Tags, { Key: 'owner', Value: 'x' }] };
    expect((await complete('Update', MEMORYDB, { old: twoGone })).IsComplete).toBe(true);
    expect(memorydb.commandCalls(UntagResourceCommand).map((call) => call.args[0].input.TagKeys)).toEqual([['stage', 'owner'], ['owner']]);
    memorydb.on(UntagResourceCommand).rejects(memoryDbError('InvalidARNFault'));
    await expect(complete('Update', MEMORYDB, { old })).rejects.toThrow('InvalidARNFault');
  });

  test('Delete with DESTROY: DeleteSnapshot of the marked copy, then waits until it is gone', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags();
    memorydb.on(DeleteSnapshotCommand).resolves({});
    expect(await complete('Delete', MEMORYDB)).toEqual({ IsComplete: false });
    expect(memorydb).toHaveReceivedCommandWith(DeleteSnapshotCommand, { SnapshotName: 'sessions-copy' });
    memorydb.reset();
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    expect((await complete('Delete', MEMORYDB)).IsComplete).toBe(true);
  });

  test('the source is gone: a tags Update and a DESTROY Delete of the marked copy still work', async () => {
    memoryDbHas({ 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags();
    memorydb.on(TagResourceCommand).resolves({});
    memorydb.on(DeleteSnapshotCommand).resolves({});
    expect((await complete('Update', { ...MEMORYDB, Tags: [{ Key: 'team', Value: 'data' }] }, { old: MEMORYDB })).IsComplete).toBe(true);
    expect(memorydb).toHaveReceivedCommandWith(TagResourceCommand, { Tags: [{ Key: 'team', Value: 'data' }] });
    expect(await complete('Delete', MEMORYDB)).toEqual({ IsComplete: false });
    expect(memorydb).toHaveReceivedCommandWith(DeleteSnapshotCommand, { SnapshotName: 'sessions-copy' });
  });

  test.each(['creating', 'copying'])('Delete with DESTROY of the marked copy still %s (the rollback of its Create): succeeds at once, leaving it', async (status) => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy', { Status: status })] });
    memoryDbTags();
    expect((await complete('Delete', MEMORYDB)).IsComplete).toBe(true);
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('Delete with RETAIN touches nothing', async () => {
    expect((await complete('Delete', { ...MEMORYDB, RemovalPolicy: 'retain' })).IsComplete).toBe(true);
    expect(memorydb.calls()).toHaveLength(0);
  });
});

describe('MemoryDB: answers other than success', () => {
  const marked = () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memoryDbTags();
  };

  test('DeleteSnapshot: SnapshotNotFoundFault (gone meanwhile) completes; InvalidSnapshotStateFault waits; anything else fails', async () => {
    marked();
    memorydb.on(DeleteSnapshotCommand).rejects(memoryDbError('SnapshotNotFoundFault'));
    expect(await complete('Delete', MEMORYDB)).toEqual({ IsComplete: true });
    memorydb.on(DeleteSnapshotCommand).rejects(memoryDbError('InvalidSnapshotStateFault'));
    expect(await complete('Delete', MEMORYDB)).toEqual({ IsComplete: false });
    memorydb.on(DeleteSnapshotCommand).rejects(memoryDbError('AccessDeniedException', 'not authorized to perform memorydb:DeleteSnapshot'));
    await expect(complete('Delete', MEMORYDB)).rejects.toThrow('not authorized to perform memorydb:DeleteSnapshot');
  });

  test('DescribeSnapshots denied is not "no copy": Delete fails instead of leaving the copy, Create copies nothing', async () => {
    memoryDbHas({ 'sessions-copy': [memoryDbError('AccessDeniedException', 'not authorized to perform memorydb:DescribeSnapshots')] });
    await expect(complete('Delete', MEMORYDB)).rejects.toThrow('not authorized to perform memorydb:DescribeSnapshots');
    await expect(complete('Create', MEMORYDB)).rejects.toThrow('not authorized to perform memorydb:DescribeSnapshots');
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('DescribeSnapshots throttled is not "no copy" either: Create and Delete wait for the next poll', async () => {
    memoryDbHas({ 'sessions-copy': [memoryDbError('ThrottlingException', 'Rate exceeded')] });
    expect(await complete('Delete', MEMORYDB)).toEqual({ IsComplete: false });
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('DescribeSnapshots answering without a list: no copy yet, so it is made', async () => {
    memorydb.on(DescribeSnapshotsCommand).resolves({});
    memorydb.on(CopySnapshotCommand).resolves({});
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
    expect(memorydb).toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('DescribeSnapshots answers only for the name asked: a snapshot of another name is not the copy', async () => {
    memoryDbHas({ 'sessions-copy': [{ Snapshots: memorySnapshot('sessions-copy-old').Snapshots }] });
    memoryDbTags();
    memorydb.on(CopySnapshotCommand).resolves({});
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
    expect(memorydb).toHaveReceivedCommandWith(CopySnapshotCommand, { TargetSnapshotName: 'sessions-copy' });
    expect(memorydb).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { SnapshotName: 'sessions-copy' });
  });

  test('ListTags: the copy gone meanwhile (SnapshotNotFoundFault) waits on Create and completes a Delete; denied fails', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memorydb.on(ListTagsCommand).rejects(memoryDbError('SnapshotNotFoundFault'));
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
    expect(await complete('Delete', MEMORYDB)).toEqual({ IsComplete: true });
    memorydb.on(ListTagsCommand).rejects(memoryDbError('AccessDeniedException', 'not authorized to perform memorydb:ListTags'));
    await expect(complete('Delete', MEMORYDB)).rejects.toThrow('not authorized to perform memorydb:ListTags');
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('the copy appears only after CopySnapshot said it exists: looked up again, and adopted once available', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memoryNotFound, memoryNotFound] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotAlreadyExistsFault'));
    expect(await complete('Create', MEMORYDB)).toEqual({ IsComplete: false });
    expect(memorydb).toHaveReceivedCommandTimes(DescribeSnapshotsCommand, 2);
  });

  test('an Update in place with the same tags sends no tag call: empty lists are never sent', async () => {
    marked();
    expect((await complete('Update', { ...MEMORYDB, TimeoutSeconds: 600 }, { old: MEMORYDB })).IsComplete).toBe(true);
    expect(memorydb).not.toHaveReceivedCommand(TagResourceCommand);
    expect(memorydb).not.toHaveReceivedCommand(UntagResourceCommand);
  });

  test('a Create with tags sets them, and removes none', async () => {
    marked();
    memorydb.on(TagResourceCommand).resolves({});
    expect((await complete('Create', MEMORYDB)).IsComplete).toBe(true);
    expect(memorydb).toHaveReceivedCommandWith(TagResourceCommand, { Tags: [{ Key: 'team', Value: 'platform' }] });
    expect(memorydb).not.toHaveReceivedCommand(UntagResourceCommand);
  });

  test('the waiting reasons say what is awaited', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memorySnapshot('sessions-copy', { Status: 'copying' })] });
    memoryDbTags();
    const startedAt = new Date(Date.now() - 1795_000).toISOString();
    await expect(complete('Create', MEMORYDB, { startedAt })).rejects.toThrow('waiting for copy "sessions-copy" to be available: its status is "copying"');
    memorydb.reset();
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    memorydb.on(CopySnapshotCommand).resolves({});
    await expect(complete('Create', MEMORYDB, { startedAt })).rejects.toThrow('waiting for copy "sessions-copy" of "sessions" to be available: it is being made');
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('InvalidSnapshotStateFault', 'source is creating'));
    await expect(complete('Create', MEMORYDB, { startedAt })).rejects.toThrow('waiting for source snapshot "sessions" to be available (source is creating)');
    memorydb.reset();
    marked();
    memorydb.on(DeleteSnapshotCommand).resolves({});
    await expect(complete('Delete', MEMORYDB, { startedAt })).rejects.toThrow('waiting for copy "sessions-copy" to be deleted');
    memorydb.on(DeleteSnapshotCommand).rejects(memoryDbError('InvalidSnapshotStateFault'));
    await expect(complete('Delete', MEMORYDB, { startedAt })).rejects.toThrow('waiting for copy "sessions-copy" to be free to delete');
  });

  test.each([
    ['TagQuotaPerResourceExceeded', 'too many tags for a MemoryDB snapshot: use at most 49 (50 per snapshot, one of them the provenance tag) (TagQuotaPerResourceExceeded)'],
    ['InvalidParameterCombinationException', 'MemoryDB rejected the combination of settings (bad combination) (InvalidParameterCombinationException)'],
    ['InvalidParameterValueException', 'MemoryDB rejected the copy (bad combination): check targetSnapshotName, targetBucket and encryptionKey'],
    ['SnapshotQuotaExceededFault', 'the account has reached its quota of MemoryDB snapshots: delete snapshots you no longer need'],
    ['ServiceLinkedRoleNotFoundFault', 'create it (aws iam create-service-linked-role --aws-service-name memorydb.amazonaws.com)'],
    ['SnapshotNotFoundFault', 'set SnapshotSource.memoryDb\'s snapshotName to an existing snapshot'],
  ])('CopySnapshot %s: the message says what to fix', async (name, message) => {
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError(name, 'bad combination'));
    await expect(complete('Create', MEMORYDB)).rejects.toThrow(message);
  });

  test('CopySnapshot failing with an error of no table is passed on as it is', async () => {
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('AccessDeniedException', 'not authorized to perform memorydb:CopySnapshot'));
    await expect(complete('Create', MEMORYDB)).rejects.toThrow('not authorized to perform memorydb:CopySnapshot');
  });
});

describe('MemoryDB export to S3', () => {
  const EXPORT = { ...MEMORYDB, TargetBucket: 'exports', Tags: [] };
  const ID = 's3://exports/sessions-copy';
  const exportComplete = (requestType: RequestType, props: Record<string, unknown>, options: CompleteOptions = {}) =>
    isComplete(completeEvent(requestType, props, ID, options));
  const bucketHas = (...keys: string[]) => s3.on(ListObjectsV2Command).resolves({ Contents: keys.map((Key) => ({ Key })), KeyCount: keys.length });

  test('onEvent Create: CopySnapshot to the bucket, once, when nothing of that name is there', async () => {
    bucketHas();
    memorydb.on(CopySnapshotCommand).resolves({});
    expect((await onEvent(onEventRequest('Create', EXPORT))).PhysicalResourceId).toBe(ID);
    expect(memorydb).toHaveReceivedCommandTimes(CopySnapshotCommand, 1);
    expect(memorydb).toHaveReceivedCommandWith(CopySnapshotCommand, { SourceSnapshotName: 'sessions', TargetSnapshotName: 'sessions-copy', TargetBucket: 'exports' });
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'exports', Prefix: 'sessions-copy-' });
  });

  test('isComplete never sends CopySnapshot: no object yet means waiting, however often it polls', async () => {
    bucketHas();
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    memorydb.on(CopySnapshotCommand).resolves({});
    for (let poll = 0; poll < 3; poll++) expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('objects under the target name and the source available: complete with the S3 location, nothing sent', async () => {
    bucketHas('sessions-copy-0001.rdb');
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    memorydb.on(CopySnapshotCommand).resolves({});
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: true, Data: { TargetSnapshotName: 'sessions-copy', TargetSnapshotArn: ID } });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('a source of three shards: waits until its three files are there ("MemoryDB creates my-exported-snapshot-0001.rdb")', async () => {
    memoryDbHas({ sessions: [memorySnapshot('sessions', { ClusterConfiguration: { NumShards: 3 } })] });
    bucketHas('sessions-copy-0001.rdb');
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'exports', Prefix: 'sessions-copy-' });
    expect(memorydb).toHaveReceivedCommandWith(DescribeSnapshotsCommand, { SnapshotName: 'sessions', ShowDetail: true });
    bucketHas('sessions-copy-0001.rdb', 'sessions-copy-0002.rdb');
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
    bucketHas('sessions-copy-0001.rdb', 'sessions-copy-0002.rdb', 'sessions-copy-0003.rdb');
    expect((await exportComplete('Create', EXPORT)).IsComplete).toBe(true);
  });

  test('the shard count from NumShards, else the shards listed; a source described without either: waits', async () => {
    bucketHas('sessions-copy-0001.rdb', 'sessions-copy-0002.rdb');
    memoryDbHas({ sessions: [memorySnapshot('sessions', { ClusterConfiguration: { Shards: [{ Name: '0001' }, { Name: '0002' }, { Name: '0003' }] } })] });
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
    memoryDbHas({ sessions: [memorySnapshot('sessions', { ClusterConfiguration: { Shards: [{ Name: '0001' }, { Name: '0002' }] } })] });
    expect((await exportComplete('Create', EXPORT)).IsComplete).toBe(true);
    memoryDbHas({ sessions: [memorySnapshot('sessions', { ClusterConfiguration: { NumShards: 2, Shards: [] } })] });
    expect((await exportComplete('Create', EXPORT)).IsComplete).toBe(true);
    memoryDbHas({ sessions: [memorySnapshot('sessions', { ClusterConfiguration: undefined })] });
    await expect(isComplete(completeEvent('Create', EXPORT, ID, { startedAt: new Date(Date.now() - 1795_000).toISOString() })))
      .rejects.toThrow('waiting for source "sessions" to be described with its shards (ClusterConfiguration)');
  });

  test('another export whose name begins with this one\'s is not this export: not adopted, not taken for its files', async () => {
    // "sessions-copy-2" writes sessions-copy-2-0001.rdb; only sessions-copy-<digits>.rdb are this export's files.
    bucketHas('sessions-copy-2-0001.rdb', 'sessions-copy-0001.rdb.tmp', 'sessions-copy-.rdb', 'sessions-copy-0001.rdbx');
    memorydb.on(CopySnapshotCommand).resolves({});
    await onEvent(onEventRequest('Create', EXPORT));
    expect(memorydb).toHaveReceivedCommandTimes(CopySnapshotCommand, 1);
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
  });

  test('the shard files are counted over every page of the listing (NextContinuationToken)', async () => {
    memoryDbHas({ sessions: [memorySnapshot('sessions', { ClusterConfiguration: { NumShards: 2 } })] });
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ Contents: [{ Key: 'sessions-copy-0-0001.rdb' }, { Key: 'sessions-copy-0001.rdb' }], IsTruncated: true, NextContinuationToken: 'next' });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'next' }).resolves({ Contents: [{ Key: 'sessions-copy-0002.rdb' }], IsTruncated: false });
    expect((await exportComplete('Create', EXPORT)).IsComplete).toBe(true);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'exports', Prefix: 'sessions-copy-', ContinuationToken: 'next' });
  });

  test('objects there but the source not available yet: waits; the source gone: complete', async () => {
    bucketHas('sessions-copy-0001.rdb');
    memoryDbHas({ sessions: [memorySnapshot('sessions', { Status: 'copying' })] });
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
    memorydb.reset();
    memoryDbHas({});
    expect((await exportComplete('Create', EXPORT)).IsComplete).toBe(true);
  });

  test('onEvent Create with objects of that name already in the bucket: adopted, nothing sent', async () => {
    bucketHas('sessions-copy-0001.rdb');
    await onEvent(onEventRequest('Create', EXPORT));
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('an Update in place (the timeout) never exports again', async () => {
    bucketHas();
    memorydb.on(CopySnapshotCommand).resolves({});
    await onEvent(onEventRequest('Update', { ...EXPORT, TimeoutSeconds: 600 }, { physicalResourceId: ID, oldProperties: EXPORT }));
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    expect(await exportComplete('Update', { ...EXPORT, TimeoutSeconds: 600 }, { old: EXPORT })).toEqual({ IsComplete: false });
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('SnapshotAlreadyExistsFault when sent is not taken for done: isComplete looks at the bucket', async () => {
    bucketHas();
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotAlreadyExistsFault'));
    await onEvent(onEventRequest('Create', EXPORT));
    memoryDbHas({ sessions: [memorySnapshot('sessions')] });
    expect(await exportComplete('Create', EXPORT)).toEqual({ IsComplete: false });
  });

  test('a source that cannot be exported now (InvalidSnapshotStateFault) fails at once: exports are never resent', async () => {
    bucketHas();
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('InvalidSnapshotStateFault', 'snapshot is creating'));
    await expect(onEvent(onEventRequest('Create', EXPORT))).rejects.toThrow('source snapshot "sessions" cannot be exported now (snapshot is creating)');
  });

  test('a bucket that does not exist fails at once', async () => {
    s3.on(ListObjectsV2Command).rejects(new NoSuchBucket({ message: 'The specified bucket does not exist', $metadata: {} }));
    await expect(onEvent(onEventRequest('Create', EXPORT))).rejects.toThrow('bucket "exports" does not exist');
  });

  test('Delete with DESTROY never deletes an export', async () => {
    expect((await exportComplete('Delete', EXPORT)).IsComplete).toBe(true);
    expect(memorydb.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('MemoryDB: what the logs and waits say, and errors of the export', () => {
  const EXPORT = { ...MEMORYDB, TargetBucket: 'exports', Tags: [] };
  const late = { startedAt: new Date(Date.now() - 1795_000).toISOString() };
  const logged = () => {
    const lines: Array<Record<string, unknown>> = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(JSON.parse(line)); });
    return lines;
  };
  const denied = (what: string) => Object.assign(new Error(`not authorized to perform ${what}`), { name: 'AccessDenied', $fault: 'client', $metadata: {} });

  test('a copy not there after CopySnapshot, or whose tags are gone: waits for it "to appear"', async () => {
    memoryDbHas({ 'sessions': [memorySnapshot('sessions')], 'sessions-copy': [memoryNotFound] });
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotAlreadyExistsFault'));
    await expect(complete('Create', MEMORYDB, late)).rejects.toThrow('waiting for copy "sessions-copy" to appear');
    memorydb.reset();
    memoryDbHas({ 'sessions-copy': [memorySnapshot('sessions-copy')] });
    memorydb.on(ListTagsCommand).rejects(memoryDbError('SnapshotNotFoundFault'));
    await expect(complete('Create', MEMORYDB, late)).rejects.toThrow('waiting for copy "sessions-copy" to appear');
  });

  test('a copy without a status or ARN in the answer: waits on status "unknown"; without an ARN it waits for one, and a Delete leaves it', async () => {
    memoryDbHas({ 'sessions-copy': [memorySnapshot('sessions-copy', { Status: undefined })] });
    memoryDbTags();
    await expect(complete('Create', MEMORYDB, late)).rejects.toThrow('its status is "unknown"');
    memorydb.reset();
    // ListTags and TagResource require the ARN (AWS's model of both): no request goes out without it.
    memoryDbHas({ 'sessions-copy': [memorySnapshot('sessions-copy', { ARN: undefined })] });
    await expect(complete('Create', MEMORYDB, late)).rejects.toThrow('copy "sessions-copy" to be described with its ARN');
    expect((await complete('Delete', MEMORYDB)).IsComplete).toBe(true);
    expect(memorydb).not.toHaveReceivedCommand(ListTagsCommand);
    expect(memorydb).not.toHaveReceivedCommand(TagResourceCommand);
    expect(memorydb).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('a Delete that leaves a copy still being made logs what it left', async () => {
    const lines = logged();
    memoryDbHas({ 'sessions-copy': [memorySnapshot('sessions-copy', { Status: 'creating' })] });
    memoryDbTags();
    await complete('Delete', MEMORYDB);
    expect(lines).toContainEqual(expect.objectContaining({
      outcome: 'left', reason: expect.stringMatching(/^copy "sessions-copy" of "sessions" is still being created \(status creating\)/),
    }));
  });

  test('an export adopted, or refused as existing, says so in the log', async () => {
    const lines = logged();
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'sessions-copy-0001.rdb' }] });
    await onEvent(onEventRequest('Create', EXPORT));
    s3.on(ListObjectsV2Command).resolves({});
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotAlreadyExistsFault', 'name taken'));
    await onEvent(onEventRequest('Create', EXPORT));
    expect(lines).toContainEqual(expect.objectContaining({ outcome: 'adopted', reason: 'objects under "sessions-copy" are in bucket "exports" already: not exported again' }));
    expect(lines).toContainEqual(expect.objectContaining({ outcome: 'not exported', reason: 'SnapshotAlreadyExistsFault: name taken' }));
  });

  test('an export refused: InvalidSnapshotStateFault says deploy again; table errors say what to fix; others pass on as they are', async () => {
    s3.on(ListObjectsV2Command).resolves({});
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('InvalidSnapshotStateFault', 'snapshot is creating'));
    await expect(onEvent(onEventRequest('Create', EXPORT))).rejects.toThrow(
      'source snapshot "sessions" cannot be exported now (snapshot is creating): MemoryDB exports an available snapshot; deploy again once it is available (InvalidSnapshotStateFault)');
    memorydb.on(CopySnapshotCommand).rejects(memoryDbError('SnapshotQuotaExceededFault'));
    await expect(onEvent(onEventRequest('Create', EXPORT))).rejects.toThrow('quota of MemoryDB snapshots');
    memorydb.on(CopySnapshotCommand).rejects(denied('memorydb:CopySnapshot'));
    await expect(onEvent(onEventRequest('Create', EXPORT))).rejects.toThrow('not authorized to perform memorydb:CopySnapshot');
  });

  test('ListObjectsV2 denied is not "no bucket": passed on as it is', async () => {
    s3.on(ListObjectsV2Command).rejects(denied('s3:ListBucket'));
    await expect(onEvent(onEventRequest('Create', EXPORT))).rejects.toThrow('not authorized to perform s3:ListBucket');
    expect(memorydb).not.toHaveReceivedCommand(CopySnapshotCommand);
  });

  test('an export\'s waits name the bucket location and the source\'s status', async () => {
    const exportLate = (props: Record<string, unknown>) => isComplete(completeEvent('Create', props, 's3://exports/sessions-copy', late));
    memoryDbHas({ sessions: [memorySnapshot('sessions', { Status: 'copying' })] });
    s3.on(ListObjectsV2Command).resolves({});
    await expect(exportLate(EXPORT)).rejects.toThrow('waiting for MemoryDB to write the export of "sessions" to s3://exports/sessions-copy (no object yet)');
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'sessions-copy-0001.rdb' }] });
    memoryDbHas({ sessions: [memorySnapshot('sessions', { Status: 'copying' })] });
    await expect(exportLate(EXPORT)).rejects.toThrow('waiting for the export of "sessions" to s3://exports/sessions-copy to finish: the source\'s status is "copying"');
  });
});

describe('DocumentDB elastic copy', () => {
  const listed = (changes: Partial<ClusterSnapshotInList> = {}) => ({
    snapshots: [{ snapshotName: 'orders-copy', snapshotArn: COPY_ARN, clusterArn: CLUSTER_ARN, status: 'ACTIVE', snapshotCreationTime: 'now', ...changes } as ClusterSnapshotInList],
  });
  const MARK = 'cdk-db-snapshots:copy-of:orders-copy';
  beforeEach(() => {
    const source = { snapshotArn: SOURCE_ARN, clusterArn: CLUSTER_ARN } as ClusterSnapshot;
    docdb.on(GetClusterSnapshotCommand, { snapshotArn: SOURCE_ARN }).resolves({ snapshot: source });
    docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).resolves({ tags: { [MARK]: SOURCE_ARN } });
  });

  test('Create: CopyClusterSnapshot with copyTags, key and tags as a map, then waits', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
    docdb.on(CopyClusterSnapshotCommand).resolves({});
    expect(await complete('Create', { ...DOCDB, KmsKeyId: 'k' })).toEqual({ IsComplete: false });
    expect(docdb).toHaveReceivedCommandWith(CopyClusterSnapshotCommand, {
      snapshotArn: SOURCE_ARN, targetSnapshotName: 'orders-copy', copyTags: true, kmsKeyId: 'k', tags: { team: 'platform', [MARK]: SOURCE_ARN },
    });
  });

  test('a same-named snapshot of the source\'s cluster without the provenance tag: not adopted by Create, never deleted', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).resolves({ tags: { team: 'platform' } });
    docdb.on(DocDbTagResourceCommand).resolves({});
    await expect(complete('Create', DOCDB)).rejects.toThrow(`a snapshot "orders-copy" already exists and is not a copy of "${SOURCE_ARN}" (it carries no ${MARK} tag`);
    docdb.on(DeleteClusterSnapshotCommand).resolves({});
    expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
    expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
    expect(docdb).not.toHaveReceivedCommand(DocDbTagResourceCommand);
  });

  test('a snapshot marked as a copy of another source: fails clearly, and its Delete leaves it', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).resolves({ tags: { [MARK]: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/other' } });
    await expect(complete('Create', DOCDB)).rejects.toThrow('is not a copy of');
    expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
    expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('an unmarked snapshot on an Update in place (a copy made before copies were marked): tags changed, never deleted', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).resolves({ tags: {} });
    docdb.on(DocDbTagResourceCommand).resolves({});
    expect((await complete('Update', { ...DOCDB, Tags: [{ Key: 'team', Value: 'data' }] }, { old: DOCDB })).IsComplete).toBe(true);
    expect(docdb).toHaveReceivedCommandWith(DocDbTagResourceCommand, { resourceArn: COPY_ARN, tags: { team: 'data' } });
    expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
    expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('finds the copy among every page of the account\'s snapshots (nextToken followed)', async () => {
    docdb.on(ListClusterSnapshotsCommand, { nextToken: undefined }).resolves({ snapshots: [{ snapshotName: 'other' } as ClusterSnapshotInList], nextToken: 'page-2' });
    docdb.on(ListClusterSnapshotsCommand, { nextToken: 'page-2' }).resolves(listed());
    docdb.on(DocDbTagResourceCommand).resolves({});
    expect(await complete('Create', DOCDB)).toEqual({ IsComplete: true, Data: { TargetSnapshotName: 'orders-copy', TargetSnapshotArn: COPY_ARN } });
    expect(docdb).toHaveReceivedCommandWith(ListClusterSnapshotsCommand, { nextToken: 'page-2' });
    expect(docdb.commandCalls(ListClusterSnapshotsCommand).map((call) => call.args[0].input.clusterArn)).toEqual([undefined, undefined]);
    expect(docdb).not.toHaveReceivedCommand(CopyClusterSnapshotCommand);
  });

  test('CREATING: waits; an INACCESSIBLE status fails with it', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'CREATING' }));
    expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
    docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'INACCESSIBLE_ENCRYPTION_CREDS' }));
    await expect(complete('Create', DOCDB)).rejects.toThrow(`copy "orders-copy" of ${SOURCE_ARN} is INACCESSIBLE_ENCRYPTION_CREDS`);
  });

  test('source busy (ConflictException): waits', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
    docdb.on(CopyClusterSnapshotCommand).rejects(new ConflictException({ message: 'source snapshot is being created', resourceId: 'x', resourceType: 'y', $metadata: {} }));
    expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
  });

  test('ConflictException "already exists" while the name is not listed (the copy just made): waits and looks again', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
    docdb.on(CopyClusterSnapshotCommand).rejects(new ConflictException({ message: 'Snapshot orders-copy already exists', resourceId: 'x', resourceType: 'y', $metadata: {} }));
    expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(DocDbTagResourceCommand).resolves({});
    expect(await complete('Create', DOCDB)).toEqual({ IsComplete: true, Data: { TargetSnapshotName: 'orders-copy', TargetSnapshotArn: COPY_ARN } });
  });

  test('a case-only rename is an Update in place: the physical id CloudFormation holds stays, so no Delete of the copy follows', async () => {
    const renamed = { ...DOCDB, TargetSnapshotName: 'Orders-Copy' };
    const response = await onEvent(onEventRequest('Update', renamed, { physicalResourceId: 'docdb-elastic:orders-copy', oldProperties: DOCDB }));
    expect(response.PhysicalResourceId).toBe('docdb-elastic:orders-copy');
    const back = await onEvent(onEventRequest('Update', DOCDB, { physicalResourceId: 'docdb-elastic:Orders-Copy', oldProperties: renamed }));
    expect(back.PhysicalResourceId).toBe('docdb-elastic:Orders-Copy');
    expect(docdb).not.toHaveReceivedCommand(CopyClusterSnapshotCommand);
  });

  test('names differing only in case are one snapshot: the renamed resource finds its marked copy', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(DocDbTagResourceCommand).resolves({});
    const renamed = { ...DOCDB, TargetSnapshotName: 'Orders-Copy' };
    expect((await complete('Update', renamed, { old: DOCDB })).IsComplete).toBe(true);
    expect(docdb).not.toHaveReceivedCommand(CopyClusterSnapshotCommand);
  });

  test('the source does not exist and no copy either: Create fails at once (CopyClusterSnapshot ResourceNotFoundException)', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
    docdb.on(CopyClusterSnapshotCommand).rejects(new ResourceNotFoundException({ message: 'not found', resourceId: 'x', resourceType: 'y', $metadata: {} }));
    await expect(complete('Create', DOCDB)).rejects.toThrow(`source snapshot ${SOURCE_ARN} was not found`);
    expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
    expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('the source is gone: a tags Update and a DESTROY Delete of the marked copy still work', async () => {
    docdb.on(GetClusterSnapshotCommand).rejects(new ResourceNotFoundException({ message: 'not found', resourceId: 'x', resourceType: 'y', $metadata: {} }));
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(DocDbTagResourceCommand).resolves({});
    docdb.on(DeleteClusterSnapshotCommand).resolves({});
    expect((await complete('Update', { ...DOCDB, Tags: [{ Key: 'team', Value: 'data' }] }, { old: DOCDB })).IsComplete).toBe(true);
    expect(docdb).toHaveReceivedCommandWith(DocDbTagResourceCommand, { resourceArn: COPY_ARN, tags: { team: 'data' } });
    expect(await complete('Delete', DOCDB)).toEqual({ IsComplete: false });
    expect(docdb).toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { snapshotArn: COPY_ARN });
  });

  test.each(['CREATING', 'COPYING'] as const)('Delete with DESTROY of the marked copy still %s (the rollback of its Create): succeeds at once, leaving it', async (status) => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status }));
    expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
    expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });

  test('Delete with DESTROY: DeleteClusterSnapshot of the copy, then waits until it is gone', async () => {
    docdb.on(ListClusterSnapshotsCommand).resolves(listed());
    docdb.on(DeleteClusterSnapshotCommand).resolves({});
    expect(await complete('Delete', DOCDB)).toEqual({ IsComplete: false });
    expect(docdb).toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { snapshotArn: COPY_ARN });
    docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
    expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
  });
  describe('answers other than success', () => {
    const startedAt = () => new Date(Date.now() - 1795_000).toISOString();
    const docDbError = (name: string, message = name) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });

    test('ListClusterSnapshots denied is not "no copy": Delete fails and deletes nothing, Create copies nothing', async () => {
      docdb.on(ListClusterSnapshotsCommand).rejects(docDbError('AccessDeniedException', 'not authorized to perform docdb-elastic:ListClusterSnapshots'));
      await expect(complete('Delete', DOCDB)).rejects.toThrow('not authorized to perform docdb-elastic:ListClusterSnapshots');
      await expect(complete('Create', DOCDB)).rejects.toThrow('not authorized to perform docdb-elastic:ListClusterSnapshots');
      expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
      expect(docdb).not.toHaveReceivedCommand(CopyClusterSnapshotCommand);
    });

    test('ListTagsForResource: the copy gone meanwhile waits on Create and completes a Delete; denied fails', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed());
      docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).rejects(new ResourceNotFoundException({ message: 'gone', resourceId: 'x', resourceType: 'y', $metadata: {} }));
      expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
      await expect(complete('Create', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to be listed');
      expect(await complete('Delete', DOCDB)).toEqual({ IsComplete: true });
      docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).rejects(docDbError('AccessDeniedException', 'not authorized to perform docdb-elastic:ListTagsForResource'));
      await expect(complete('Delete', DOCDB)).rejects.toThrow('not authorized to perform docdb-elastic:ListTagsForResource');
      expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
    });

    test('DeleteClusterSnapshot: gone meanwhile completes; ConflictException waits; anything else fails', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed());
      docdb.on(DeleteClusterSnapshotCommand).rejects(new ResourceNotFoundException({ message: 'gone', resourceId: 'x', resourceType: 'y', $metadata: {} }));
      expect(await complete('Delete', DOCDB)).toEqual({ IsComplete: true });
      docdb.on(DeleteClusterSnapshotCommand).rejects(new ConflictException({ message: 'busy', resourceId: 'x', resourceType: 'y', $metadata: {} }));
      expect(await complete('Delete', DOCDB)).toEqual({ IsComplete: false });
      await expect(complete('Delete', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to be free to delete');
      docdb.on(DeleteClusterSnapshotCommand).rejects(docDbError('InternalValidation', 'refused'));
      await expect(complete('Delete', DOCDB)).rejects.toThrow('refused');
    });

    test('Delete of a copy DELETING or UPDATING: waits without sending a delete, naming why', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'DELETING' }));
      await expect(complete('Delete', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to be deleted');
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'UPDATING' }));
      await expect(complete('Delete', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to finish before it is deleted');
      expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
      docdb.on(DeleteClusterSnapshotCommand).resolves({});
      docdb.on(ListClusterSnapshotsCommand).resolves(listed());
      await expect(complete('Delete', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to be deleted');
    });

    test('Create: UPDATING waits; the waiting reasons say what is awaited', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'UPDATING' }));
      await expect(complete('Create', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to be ACTIVE: its status is UPDATING');
      docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
      docdb.on(CopyClusterSnapshotCommand).resolves({});
      await expect(complete('Create', DOCDB, { startedAt: startedAt() })).rejects.toThrow('waiting for copy "orders-copy" to be listed and ACTIVE: it is being made');
      docdb.on(CopyClusterSnapshotCommand).rejects(new ConflictException({ message: 'busy', resourceId: 'x', resourceType: 'y', $metadata: {} }));
      await expect(complete('Create', DOCDB, { startedAt: startedAt() })).rejects.toThrow(
        `waiting for "orders-copy" to be listed, or source snapshot ${SOURCE_ARN} to be free to copy (ConflictException: busy)`);
    });

    test('an Update in place with the same tags sends no tag call; a removed tag is untagged', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed());
      expect((await complete('Update', { ...DOCDB, TimeoutSeconds: 600 }, { old: DOCDB })).IsComplete).toBe(true);
      expect(docdb).not.toHaveReceivedCommand(DocDbTagResourceCommand);
      expect(docdb).not.toHaveReceivedCommand(DocDbUntagResourceCommand);
      docdb.on(DocDbUntagResourceCommand).resolves({});
      expect((await complete('Update', DOCDB, { old: { ...DOCDB, Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'stage', Value: 'dev' }] } })).IsComplete).toBe(true);
      expect(docdb).toHaveReceivedCommandWith(DocDbUntagResourceCommand, { resourceArn: COPY_ARN, tagKeys: ['stage'] });
    });

    test('more removed tag keys than UntagResource takes (tagKeys: at most 50): removed in batches of 50', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed());
      docdb.on(DocDbUntagResourceCommand).resolves({});
      const many = Array.from({ length: 120 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      expect((await complete('Update', DOCDB, { old: { ...DOCDB, Tags: [...DOCDB.Tags, ...many] } })).IsComplete).toBe(true);
      expect(docdb).toHaveReceivedCommandTimes(DocDbUntagResourceCommand, 3);
      const batches = docdb.commandCalls(DocDbUntagResourceCommand).map((call) => call.args[0].input.tagKeys ?? []);
      expect(batches.map((keys) => keys.length)).toEqual([50, 50, 20]);
      expect(batches.flat()).toEqual(many.map((tag) => tag.Key));
    });

    test('a same-named snapshot of another account (shared with this one) is never the copy: not adopted, tagged nor deleted', async () => {
      const shared = 'arn:aws:docdb-elastic:us-east-1:210987654321:cluster-snapshot/theirs';
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ snapshotArn: shared }));
      docdb.on(ListTagsForResourceCommand, { resourceArn: shared }).resolves({ tags: { [MARK]: SOURCE_ARN } });
      docdb.on(CopyClusterSnapshotCommand).resolves({});
      expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
      expect(docdb).toHaveReceivedCommandTimes(CopyClusterSnapshotCommand, 1);
      expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
      expect(docdb).not.toHaveReceivedCommand(ListTagsForResourceCommand);
      expect(docdb).not.toHaveReceivedCommand(DocDbTagResourceCommand);
      expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
      // Listed beside it, the stack account's own copy is found.
      docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [...listed({ snapshotArn: shared }).snapshots, ...listed().snapshots] });
      docdb.on(DeleteClusterSnapshotCommand).resolves({});
      expect(await complete('Delete', DOCDB)).toEqual({ IsComplete: false });
      expect(docdb).toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { snapshotArn: COPY_ARN });
      expect(docdb).not.toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { snapshotArn: shared });
    });

    test('COPYING waits; no status fails naming it UNKNOWN; no ARN waits for one, sending no request about the copy', async () => {
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'COPYING' }));
      expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: undefined }));
      await expect(complete('Create', DOCDB)).rejects.toThrow(`copy "orders-copy" of ${SOURCE_ARN} is UNKNOWN`);
      docdb.reset();
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ snapshotArn: undefined }));
      expect(await complete('Create', DOCDB)).toEqual({ IsComplete: false });
      expect((await complete('Delete', DOCDB)).IsComplete).toBe(true);
      expect(docdb).not.toHaveReceivedCommand(ListTagsForResourceCommand);
      expect(docdb).not.toHaveReceivedCommand(DocDbTagResourceCommand);
      expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
    });

    test('answers without a list, or entries without a name, are not the copy', async () => {
      docdb.on(ListClusterSnapshotsCommand, { nextToken: undefined }).resolves({ nextToken: 'page-2' });
      docdb.on(ListClusterSnapshotsCommand, { nextToken: 'page-2' }).resolves({ snapshots: [{} as ClusterSnapshotInList, ...listed().snapshots] });
      docdb.on(DocDbTagResourceCommand).resolves({});
      expect((await complete('Create', DOCDB)).IsComplete).toBe(true);
      expect(docdb).not.toHaveReceivedCommand(CopyClusterSnapshotCommand);
    });

    test('a Delete that leaves a copy still being made logs what it left', async () => {
      const lines: Array<Record<string, unknown>> = [];
      jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(JSON.parse(line)); });
      docdb.on(ListClusterSnapshotsCommand).resolves(listed({ status: 'COPYING' }));
      await complete('Delete', DOCDB);
      expect(lines).toContainEqual(expect.objectContaining({
        outcome: 'left', reason: expect.stringMatching(new RegExp(`^copy "orders-copy" of ${SOURCE_ARN} is still being created \\(status COPYING\\)`)),
      }));
    });

    test.each([
      ['ServiceQuotaExceededException', 'the account has reached its quota of DocumentDB elastic cluster snapshots: delete snapshots you no longer need'],
      ['ValidationException', 'DocumentDB elastic rejected the copy (bad): check targetSnapshotName, encryptionKey and tags (ValidationException)'],
      ['AccessDeniedException', `not allowed to copy ${SOURCE_ARN} (bad): check the KMS key policy and the handler role`],
      ['ResourceNotFoundException', 'set SnapshotSource.docDbElastic\'s snapshotArn to an existing snapshot'],
      ['SomethingElse', 'bad'],
    ])('CopyClusterSnapshot %s: the message says what to fix', async (name, message) => {
      docdb.on(ListClusterSnapshotsCommand).resolves({ snapshots: [] });
      docdb.on(CopyClusterSnapshotCommand).rejects(docDbError(name, 'bad'));
      await expect(complete('Create', DOCDB)).rejects.toThrow(message);
    });
  });
});
