// ClusterSnapshot's bundled handler against moto in server mode. moto does not implement
// ModifyClusterSnapshot and does not report a snapshot's ManualSnapshotRetentionPeriod, so the retention
// update below leaves moto unchanged; ModifyClusterSnapshot is covered by test/handlers/cluster-snapshot.test.ts.

import { AuthorizeSnapshotAccessCommand, CreateTagsCommand, DescribeClusterSnapshotsCommand, Snapshot } from '@aws-sdk/client-redshift';
import { RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { ClusterSnapshot, ClusterSnapshotProps, SnapshotRetention } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { motoWithRedshiftClusters } from '../util/moto';
import { ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
const CLUSTER = 'snapshot-cluster';
const SNAPSHOT = 'before-migration';
const aws = motoWithRedshiftClusters(REGION, [CLUSTER]);

/** `appTags`: what `Tags.of(app).add(key, value)` gives the whole app. */
function synthesize(props: Partial<ClusterSnapshotProps> = {}, appTags: Record<string, string> = {}) {
  const app = appWithAssembly();
  const stack = new Stack(app, 'Lifecycle', { env: { account: '123456789012', region: REGION } });
  new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: CLUSTER, snapshotIdentifier: SNAPSHOT, ...props });
  for (const [key, value] of Object.entries(appTags)) Tags.of(app).add(key, value);
  return {
    properties: resourceProperties(stack, 'Custom::RedshiftClusterSnapshot'),
    driver: new ProviderDriver(synthesizedHandler(stack, 'cluster-snapshot'), { region: REGION, endpoint: aws.moto().endpoint }),
  };
}

async function snapshotInMoto(): Promise<Snapshot | undefined> {
  try {
    const output = await aws.redshift().send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: SNAPSHOT }));
    return output.Snapshots?.[0];
  } catch (error) {
    if ((error as Error).name === 'ClusterSnapshotNotFoundFault') return undefined;
    throw error;
  }
}

test('Create waits for the snapshot, Update changes tags in place, Delete with RETAIN keeps it', async () => {
  const v1 = synthesize({ tags: { team: 'data', stage: 'dev' } });
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({
    status: 'SUCCESS',
    physicalResourceId: SNAPSHOT,
    data: { SnapshotIdentifier: SNAPSHOT, SnapshotArn: `arn:aws:redshift:${REGION}:123456789012:snapshot:${CLUSTER}/${SNAPSHOT}` },
  });
  expect(created.polls).toBeGreaterThanOrEqual(2); // created on the first poll, found available on a later one
  expect(await snapshotInMoto()).toMatchObject({ ClusterIdentifier: CLUSTER, Status: 'available' });

  const v2 = synthesize({ tags: { team: 'platform' }, retention: SnapshotRetention.days(30) });
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: SNAPSHOT });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: SNAPSHOT });
  expect((await snapshotInMoto())?.Tags).toEqual([{ Key: 'team', Value: 'platform' }]);

  const deleted = await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: SNAPSHOT });
  expect(deleted.status).toBe('SUCCESS');
  expect(await snapshotInMoto()).toMatchObject({ Status: 'available' });
});

test('Tags.of(app): Create tags the snapshot with them and the prop\'s; a change of Tags.of alone retags the same snapshot in place, '
  + 'keeping a tag set outside the stack and the sharing record', async () => {
  const v1 = synthesize({ tags: { team: 'data' }, shareWith: ['111111111111'] }, { 'cost-center': '42', 'stage': 'dev' });
  expect((await v1.driver.send({ requestType: 'Create', properties: v1.properties })).status).toBe('SUCCESS');
  const tagsInMoto = async () => ((await snapshotInMoto())?.Tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).sort();
  const record = expect.stringMatching(/^cdk-db-snapshots:restore-access:111111111111=/);
  expect(await tagsInMoto()).toEqual([record, 'cost-center=42', 'stage=dev', 'team=data']);
  const createdAt = (await snapshotInMoto())?.SnapshotCreateTime;
  await aws.redshift().send(new CreateTagsCommand({
    ResourceName: `arn:aws:redshift:${REGION}:123456789012:snapshot:${CLUSTER}/${SNAPSHOT}`, Tags: [{ Key: 'owner', Value: 'someone-else' }],
  }));

  const v2 = synthesize({ tags: { team: 'data' }, shareWith: ['111111111111'] }, { 'cost-center': '43' });
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: SNAPSHOT });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: SNAPSHOT });
  expect(await tagsInMoto()).toEqual([record, 'cost-center=43', 'owner=someone-else', 'team=data']);
  expect((await snapshotInMoto())?.SnapshotCreateTime).toEqual(createdAt);
  expect(await accountsOf()).toEqual(['111111111111']);
});

test('Delete with DESTROY deletes the snapshot; Delete twice succeeds', async () => {
  const { properties, driver } = synthesize({ removalPolicy: RemovalPolicy.DESTROY });
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: SNAPSHOT })).status).toBe('SUCCESS');
  expect(await snapshotInMoto()).toBeUndefined();
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: SNAPSHOT })).status).toBe('SUCCESS');
});

test('Create twice adopts the snapshot it made', async () => {
  const { properties, driver } = synthesize();
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  const all = await aws.redshift().send(new DescribeClusterSnapshotsCommand({}));
  // moto takes an automated snapshot ("rs:<cluster>-<time>") of every new cluster.
  expect(all.Snapshots?.map((snapshot) => snapshot.SnapshotIdentifier).filter((id) => !id?.startsWith('rs:'))).toEqual([SNAPSHOT]);
});

test('a snapshot of a cluster that does not exist fails with what to fix', async () => {
  const { properties, driver } = synthesize({ clusterIdentifier: 'no-such-cluster' });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain('cluster "no-such-cluster" was not found in us-east-1: set clusterIdentifier');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId })).status).toBe('SUCCESS');
});

// Sharing (shareWith): moto does not implement Authorize/RevokeSnapshotAccess; test/util/moto-patches/snapshot_access.py
// adds them as documented, with DeleteClusterSnapshot refusing a shared snapshot as AWS does.
const accountsOf = async () => ((await snapshotInMoto())?.AccountsWithRestoreAccess ?? [])
  .map((account) => account.AccountAlias ?? account.AccountId).sort();

test('shareWith: Create authorizes, Update authorizes and revokes in place, Delete with DESTROY revokes its own and deletes', async () => {
  const v1 = synthesize({ shareWith: ['111111111111', 'amazon-redshift-support'], removalPolicy: RemovalPolicy.DESTROY });
  expect((await v1.driver.send({ requestType: 'Create', properties: v1.properties })).status).toBe('SUCCESS');
  expect(await accountsOf()).toEqual(['111111111111', 'amazon-redshift-support']);

  const v2 = synthesize({ shareWith: ['222222222222', 'amazon-redshift-support'], removalPolicy: RemovalPolicy.DESTROY });
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: SNAPSHOT });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: SNAPSHOT });
  expect(await accountsOf()).toEqual(['222222222222', 'amazon-redshift-support']);

  // A rollback of that Update: back to the first list.
  expect((await v1.driver.send({ requestType: 'Update', properties: v1.properties, oldProperties: v2.properties, physicalResourceId: SNAPSHOT })).status).toBe('SUCCESS');
  expect(await accountsOf()).toEqual(['111111111111', 'amazon-redshift-support']);

  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: SNAPSHOT })).status).toBe('SUCCESS');
  expect(await snapshotInMoto()).toBeUndefined();
});

test('shareWith: an account someone else authorized is left alone, and makes a DESTROY delete fail naming it', async () => {
  const { properties, driver } = synthesize({ shareWith: ['111111111111'], removalPolicy: RemovalPolicy.DESTROY });
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  await aws.redshift().send(new AuthorizeSnapshotAccessCommand({
    SnapshotIdentifier: SNAPSHOT, SnapshotClusterIdentifier: CLUSTER, AccountWithRestoreAccess: '333333333333',
  }));
  const updated = await driver.send({ requestType: 'Update', properties, oldProperties: properties, physicalResourceId: SNAPSHOT });
  expect(updated.status).toBe('SUCCESS');
  expect(await accountsOf()).toEqual(['111111111111', '333333333333']);
  expect(updated.logs.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({
    outcome: 'kept', reason: expect.stringContaining('accounts 333333333333 were authorized to restore snapshot "before-migration" by someone else'),
  }));

  const deleted = await driver.send({ requestType: 'Delete', properties, physicalResourceId: SNAPSHOT });
  expect(deleted.status).toBe('FAILED');
  expect(deleted.reason).toContain('accounts 333333333333 are authorized to restore it');
  // Nothing changed: its own authorization stays too, and the snapshot.
  expect(await accountsOf()).toEqual(['111111111111', '333333333333']);
});
