// SnapshotCopyJob's bundled handler against moto's MemoryDB: DescribeSnapshots, TagResource and
// DeleteSnapshot are real calls to a local endpoint. moto does not implement CopySnapshot, so the copy is
// made with CreateSnapshot of the source's cluster (what a copy holds: that cluster's data) and the
// handler adopts it, as it adopts a copy left by an earlier deployment; CopySnapshot itself is covered by
// test/handlers/snapshot-copy-job.test.ts. An export is judged by the objects in moto's S3 bucket: there the
// objects an earlier export wrote are put in place, and the handler must adopt them without exporting again.

import { CreateClusterCommand, CreateSnapshotCommand, DeleteSnapshotCommand, DescribeSnapshotsCommand, ListTagsCommand, MemoryDBClient } from '@aws-sdk/client-memorydb';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SnapshotCopyJob, SnapshotCopyJobProps, SnapshotSource } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { MotoServer, motoClientConfig } from '../util/moto';
import { ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
let moto: MotoServer;
let memorydb: MemoryDBClient;
let s3Client: S3Client;

beforeAll(async () => {
  moto = await MotoServer.start();
  memorydb = new MemoryDBClient(motoClientConfig(moto.endpoint, REGION));
  s3Client = new S3Client({ ...motoClientConfig(moto.endpoint, REGION), forcePathStyle: true });
});
afterAll(async () => {
  memorydb?.destroy();
  s3Client?.destroy();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  for (const cluster of ['sessions', 'other']) {
    await memorydb.send(new CreateClusterCommand({ ClusterName: cluster, NodeType: 'db.t4g.small', ACLName: 'open-access' }));
  }
  await memorydb.send(new CreateSnapshotCommand({ ClusterName: 'sessions', SnapshotName: 'sessions-2026-11-22' }));
});

/** `appTags`: what `Tags.of(app).add(key, value)` gives the whole app. */
function synthesize(props: Partial<SnapshotCopyJobProps> = {}, bucketName?: string, appTags: Record<string, string> = {}) {
  const app = appWithAssembly();
  const stack = new Stack(app, 'Lifecycle', { env: { account: '123456789012', region: REGION } });
  const targetBucket = bucketName ? s3.Bucket.fromBucketName(stack, 'Bucket', bucketName) : undefined;
  new SnapshotCopyJob(stack, 'Copy', {
    source: SnapshotSource.memoryDb({ snapshotName: 'sessions-2026-11-22' }), targetSnapshotName: 'sessions-copy', removalPolicy: RemovalPolicy.DESTROY, targetBucket, ...props,
  });
  for (const [key, value] of Object.entries(appTags)) Tags.of(app).add(key, value);
  return {
    properties: resourceProperties(stack, 'Custom::SnapshotCopyJob'),
    driver: new ProviderDriver(synthesizedHandler(stack, 'snapshot-copy-job'), { region: REGION, endpoint: moto.endpoint }),
  };
}

async function snapshotNames(): Promise<string[]> {
  const output = await memorydb.send(new DescribeSnapshotsCommand({}));
  return (output.Snapshots ?? []).map((snapshot) => snapshot.Name ?? '').sort();
}

/** A snapshot as CopySnapshot of the source would leave it: carrying the provenance tag naming the source. */
const PROVENANCE = { Key: 'cdk-db-snapshots:copy-of', Value: 'sessions-2026-11-22' };
const markedCopy = () => memorydb.send(new CreateSnapshotCommand({ ClusterName: 'sessions', SnapshotName: 'sessions-copy', Tags: [PROVENANCE] }));

test('a copy of the source is adopted, its tags changed in place, and deleted with DESTROY; Delete twice succeeds', async () => {
  const copy = await markedCopy();
  const v1 = synthesize({ tags: { team: 'platform', stage: 'dev' } });
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'memorydb:sessions-copy', data: { TargetSnapshotName: 'sessions-copy', TargetSnapshotArn: copy.Snapshot?.ARN } });
  const tags = async () => (await memorydb.send(new ListTagsCommand({ ResourceArn: copy.Snapshot?.ARN }))).TagList;
  expect(await tags()).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'platform' }, { Key: 'stage', Value: 'dev' }]));

  const v2 = synthesize({ tags: { team: 'data' } });
  expect((await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
  expect(await tags()).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'data' }, PROVENANCE]));
  expect(await tags()).toHaveLength(2);

  expect((await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
  expect(await snapshotNames()).toEqual(['sessions-2026-11-22']);
  expect((await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
});

test('Tags.of(app) tags the copy with the prop\'s tags; a change of Tags.of alone retags the same copy in place, keeping its provenance tag', async () => {
  const copy = await markedCopy();
  const tags = async () => ((await memorydb.send(new ListTagsCommand({ ResourceArn: copy.Snapshot?.ARN }))).TagList ?? [])
    .map((tag) => `${tag.Key}=${tag.Value}`).sort();
  const v1 = synthesize({ tags: { team: 'platform' } }, undefined, { 'cost-center': '42', 'stage': 'dev' });
  expect((await v1.driver.send({ requestType: 'Create', properties: v1.properties })).status).toBe('SUCCESS');
  expect(await tags()).toEqual(['cdk-db-snapshots:copy-of=sessions-2026-11-22', 'cost-center=42', 'stage=dev', 'team=platform']);

  const v2 = synthesize({ tags: { team: 'platform' } }, undefined, { 'cost-center': '43' });
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'memorydb:sessions-copy' });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'memorydb:sessions-copy', data: { TargetSnapshotArn: copy.Snapshot?.ARN } });
  expect(await tags()).toEqual(['cdk-db-snapshots:copy-of=sessions-2026-11-22', 'cost-center=43', 'team=platform']);
  expect(await snapshotNames()).toEqual(['sessions-2026-11-22', 'sessions-copy']);
});

test('a snapshot of that name from another cluster is not adopted, and its Delete leaves it', async () => {
  await memorydb.send(new CreateSnapshotCommand({ ClusterName: 'other', SnapshotName: 'sessions-copy' }));
  const { properties, driver } = synthesize();
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain('a snapshot "sessions-copy" already exists and is not a copy of "sessions-2026-11-22"');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId })).status).toBe('SUCCESS');
  expect(await snapshotNames()).toEqual(['sessions-2026-11-22', 'sessions-copy']);
});

test('a snapshot of that name of the source\'s own cluster but without the provenance tag is not adopted, and its Delete leaves it', async () => {
  await memorydb.send(new CreateSnapshotCommand({ ClusterName: 'sessions', SnapshotName: 'sessions-copy' }));
  const { properties, driver } = synthesize();
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain('(it carries no cdk-db-snapshots:copy-of tag');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
  expect(await snapshotNames()).toEqual(['sessions-2026-11-22', 'sessions-copy']);
});

test('the source deleted: a tags Update and a DESTROY Delete of the copy still work', async () => {
  const copy = await markedCopy();
  await memorydb.send(new DeleteSnapshotCommand({ SnapshotName: 'sessions-2026-11-22' }));
  const v1 = synthesize();
  const v2 = synthesize({ tags: { team: 'data' } });
  expect((await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
  expect((await memorydb.send(new ListTagsCommand({ ResourceArn: copy.Snapshot?.ARN }))).TagList).toContainEqual({ Key: 'team', Value: 'data' });
  expect((await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
  expect(await snapshotNames()).toEqual([]);
});

test('RETAIN keeps the copy', async () => {
  await markedCopy();
  const { properties, driver } = synthesize({ removalPolicy: RemovalPolicy.RETAIN });
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: 'memorydb:sessions-copy' })).status).toBe('SUCCESS');
  expect(await snapshotNames()).toEqual(['sessions-2026-11-22', 'sessions-copy']);
});

test('an export already in the bucket is adopted without exporting again, by Create and by an Update in place; Delete leaves it', async () => {
  await s3Client.send(new CreateBucketCommand({ Bucket: 'exports' }));
  await s3Client.send(new PutObjectCommand({ Bucket: 'exports', Key: 'sessions-export-0001.rdb', Body: 'REDIS0009' }));
  const v1 = synthesize({ targetSnapshotName: 'sessions-export' }, 'exports');
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 's3://exports/sessions-export', data: { TargetSnapshotArn: 's3://exports/sessions-export' } });
  const v2 = synthesize({ targetSnapshotName: 'sessions-export', timeout: Duration.minutes(30) }, 'exports');
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 's3://exports/sessions-export' });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: 's3://exports/sessions-export' });
  const calls = [...created.logs, ...updated.logs].map((line) => JSON.parse(line).call).filter(Boolean);
  expect(calls).toContain('ListObjectsV2');
  expect(calls).not.toContain('CopySnapshot');
  expect((await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 's3://exports/sessions-export' })).status).toBe('SUCCESS');
  expect((await s3Client.send(new ListObjectsV2Command({ Bucket: 'exports' }))).Contents?.map((object) => object.Key)).toEqual(['sessions-export-0001.rdb']);
});

test('an export whose objects never appear is waited for, and never resent by isComplete', async () => {
  await s3Client.send(new CreateBucketCommand({ Bucket: 'exports' }));
  const v1 = synthesize({ targetSnapshotName: 'sessions-export' }, 'exports');
  const v2 = synthesize({ targetSnapshotName: 'sessions-export', timeout: Duration.minutes(30) }, 'exports');
  // An Update in place: onEvent sends nothing, so moto's missing CopySnapshot does not matter.
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 's3://exports/sessions-export' }, 3);
  expect(updated).toMatchObject({ status: 'FAILED', reason: 'still not complete after 3 polls', polls: 3 });
  const calls = updated.logs.map((line) => JSON.parse(line).call).filter(Boolean);
  expect(calls.filter((call) => call === 'ListObjectsV2')).toHaveLength(3);
  expect(calls).not.toContain('CopySnapshot');
});
