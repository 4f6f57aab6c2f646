// SnapshotCopyJob's handler for a DocumentDB elastic copy to another region (DestinationRegion), against a mocked
// client whose answers depend on the region each request is sent to: which region every call goes to is the point.

import {
  ClusterSnapshotInList,
  CopyClusterSnapshotCommand,
  DeleteClusterSnapshotCommand,
  DocDBElasticClient,
  ListClusterSnapshotsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-docdb-elastic';
import { mockClient } from 'aws-sdk-client-mock';
import type { RequestType } from '../../lambda/shared/framework';
import { isComplete, onEvent } from '../../lambda/snapshot-copy-job';
import { completeEvent, CompleteOptions, onEventRequest } from '../util/events';

const docdb = mockClient(DocDBElasticClient);

const SOURCE_ARN = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/src';
const COPY_ARN = 'arn:aws:docdb-elastic:us-west-2:123456789012:cluster-snapshot/copy';
const HOME_COPY_ARN = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/home-copy';
const OREGON_KEY = 'arn:aws:kms:us-west-2:123456789012:key/k';
const MARK = 'cdk-db-snapshots:copy-of:orders-copy';
const CROSS = {
  Engine: 'docdb-elastic',
  Source: SOURCE_ARN,
  TargetSnapshotName: 'orders-copy',
  DestinationRegion: 'us-west-2',
  KmsKeyId: OREGON_KEY,
  CopyTags: false,
  Tags: [{ Key: 'team', Value: 'platform' }],
  RemovalPolicy: 'destroy',
  TimeoutSeconds: 1800,
};
const PHYSICAL_ID = 'docdb-elastic:us-west-2:orders-copy';

const complete = (requestType: RequestType, props: Record<string, unknown>, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, PHYSICAL_ID, options));

/** Every call the handler sent, as `<operation> <region of the client it was sent with>`. */
async function callRegions(): Promise<string[]> {
  return Promise.all(docdb.send.getCalls().map(async (call) => {
    const client = call.thisValue as DocDBElasticClient;
    return `${(call.args[0] as object).constructor.name.replace(/Command$/, '')} ${await client.config.region()}`;
  }));
}

/** What ListClusterSnapshots answers in each region. */
function listedIn(byRegion: Record<string, ClusterSnapshotInList[]>): void {
  docdb.on(ListClusterSnapshotsCommand).callsFake(async (_input, getClient) => ({ snapshots: byRegion[await getClient().config.region()] ?? [] }));
}
const snapshot = (snapshotArn: string, status = 'ACTIVE') =>
  ({ snapshotName: 'orders-copy', snapshotArn, status, clusterArn: 'c', snapshotCreationTime: 'now' }) as ClusterSnapshotInList;

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  docdb.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('onEvent: the destination region is part of the physical id, so a new destinationRegion replaces the copy', async () => {
  expect((await onEvent(onEventRequest('Create', CROSS))).PhysicalResourceId).toBe(PHYSICAL_ID);
  const moved = await onEvent(onEventRequest('Update', { ...CROSS, DestinationRegion: 'eu-west-1' }, { physicalResourceId: PHYSICAL_ID, oldProperties: CROSS }));
  expect(moved.PhysicalResourceId).toBe('docdb-elastic:eu-west-1:orders-copy');
  // A copy in the handler's own region keeps the id it always had.
  const { DestinationRegion: _region, ...home } = CROSS;
  expect((await onEvent(onEventRequest('Create', home))).PhysicalResourceId).toBe('docdb-elastic:orders-copy');
  expect(await callRegions()).toEqual([]);
});

test('Create: looks for the copy and copies in the destination region, with the source\'s ARN and the destination key; nothing in the source\'s region', async () => {
  // A marked copy of that name in the stack's own region is another snapshot: it does not count.
  listedIn({ 'us-east-1': [snapshot(HOME_COPY_ARN)], 'us-west-2': [] });
  docdb.on(CopyClusterSnapshotCommand).resolves({});
  expect(await complete('Create', CROSS)).toEqual({ IsComplete: false });
  expect(docdb).toHaveReceivedCommandWith(CopyClusterSnapshotCommand, {
    snapshotArn: SOURCE_ARN, targetSnapshotName: 'orders-copy', kmsKeyId: OREGON_KEY, copyTags: false, tags: { team: 'platform', [MARK]: SOURCE_ARN },
  });
  expect(await callRegions()).toEqual(['ListClusterSnapshots us-west-2', 'CopyClusterSnapshot us-west-2']);
});

test('the copy ACTIVE in the destination region: its provenance read, tags set and its ARN returned, all there', async () => {
  listedIn({ 'us-west-2': [snapshot(COPY_ARN)] });
  docdb.on(ListTagsForResourceCommand, { resourceArn: COPY_ARN }).resolves({ tags: { [MARK]: SOURCE_ARN } });
  docdb.on(TagResourceCommand).resolves({});
  expect(await complete('Update', CROSS, { old: { ...CROSS, Tags: [] } })).toEqual({
    IsComplete: true, Data: { TargetSnapshotName: 'orders-copy', TargetSnapshotArn: COPY_ARN },
  });
  expect(docdb).toHaveReceivedCommandWith(TagResourceCommand, { resourceArn: COPY_ARN, tags: { team: 'platform' } });
  expect(await callRegions()).toEqual(['ListClusterSnapshots us-west-2', 'ListTagsForResource us-west-2', 'TagResource us-west-2']);
});

test('COPYING in the destination region: waits there', async () => {
  listedIn({ 'us-west-2': [snapshot(COPY_ARN, 'COPYING')] });
  docdb.on(ListTagsForResourceCommand).resolves({ tags: { [MARK]: SOURCE_ARN } });
  expect(await complete('Create', CROSS)).toEqual({ IsComplete: false });
  expect(await callRegions()).toEqual(['ListClusterSnapshots us-west-2', 'ListTagsForResource us-west-2']);
});

test('an encrypted source without a key (ValidationException): the failure says to pass a key of the destination region', async () => {
  listedIn({});
  docdb.on(CopyClusterSnapshotCommand).rejects(new ValidationException({ message: 'KmsKeyId is required', reason: 'other', $metadata: {} }));
  const { KmsKeyId: _key, ...withoutKey } = CROSS;
  await expect(complete('Create', withoutKey)).rejects.toThrow(
    /rejected the copy of .* to us-west-2 \(KmsKeyId is required\): an encrypted snapshot is copied to another region only with a KMS key of that region: set kmsKey to a key in us-west-2.*\(ValidationException\)/);
  // With a key, the same answer points at the settings in general, the key among them.
  await expect(complete('Create', CROSS)).rejects.toThrow(/rejected the copy \(KmsKeyId is required\): check targetSnapshotName, kmsKey \(a key in us-west-2\) and tags/);
});

test('Delete with DESTROY: the marked copy deleted in the destination region, then waited for there', async () => {
  listedIn({ 'us-west-2': [snapshot(COPY_ARN)] });
  docdb.on(ListTagsForResourceCommand).resolves({ tags: { [MARK]: SOURCE_ARN } });
  docdb.on(DeleteClusterSnapshotCommand).resolves({});
  expect(await complete('Delete', CROSS)).toEqual({ IsComplete: false });
  expect(docdb).toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { snapshotArn: COPY_ARN });
  expect(await callRegions()).toEqual(['ListClusterSnapshots us-west-2', 'ListTagsForResource us-west-2', 'DeleteClusterSnapshot us-west-2']);
});

test('the source is gone: a tags Update and a DESTROY Delete of the marked copy still work, without a call to the source\'s region', async () => {
  listedIn({ 'us-west-2': [snapshot(COPY_ARN)] });
  docdb.on(ListTagsForResourceCommand).resolves({ tags: { [MARK]: SOURCE_ARN } });
  docdb.on(TagResourceCommand).resolves({});
  docdb.on(DeleteClusterSnapshotCommand).resolves({});
  expect((await complete('Update', { ...CROSS, Tags: [{ Key: 'team', Value: 'data' }] }, { old: CROSS })).IsComplete).toBe(true);
  expect(await complete('Delete', CROSS)).toEqual({ IsComplete: false });
  expect((await callRegions()).filter((call) => !call.endsWith(' us-west-2'))).toEqual([]);
  expect(docdb).toHaveReceivedCommandWith(DeleteClusterSnapshotCommand, { snapshotArn: COPY_ARN });
});

test('rollback: a snapshot of that name in the destination region that is not this source\'s copy fails the Create and survives the Delete', async () => {
  listedIn({ 'us-west-2': [snapshot(COPY_ARN)] });
  docdb.on(ListTagsForResourceCommand).resolves({ tags: { team: 'someone-else' } });
  docdb.on(DeleteClusterSnapshotCommand).resolves({});
  await expect(complete('Create', CROSS)).rejects.toThrow(`a snapshot "orders-copy" already exists and is not a copy of "${SOURCE_ARN}"`);
  expect((await complete('Delete', CROSS)).IsComplete).toBe(true);
  expect(docdb).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  expect(docdb).not.toHaveReceivedCommand(CopyClusterSnapshotCommand);
});

test('an Update to another destinationRegion is a new copy there: the old region is not called', async () => {
  // An Update whose old properties name another region has another physical id: it converges as a new copy.
  listedIn({ 'eu-west-1': [] });
  docdb.on(CopyClusterSnapshotCommand).resolves({});
  expect(await complete('Update', { ...CROSS, DestinationRegion: 'eu-west-1', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/k' }, { old: CROSS })).toEqual({ IsComplete: false });
  expect(await callRegions()).toEqual(['ListClusterSnapshots eu-west-1', 'CopyClusterSnapshot eu-west-1']);
});
