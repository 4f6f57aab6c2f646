// CrossRegionSnapshotCopy's bundled handler against moto in server mode, a real local Redshift endpoint.
// Where moto differs from AWS: it ignores ManualSnapshotRetentionPeriod and the
// Manual flag of ModifySnapshotCopyRetentionPeriod, so manual retention is covered by the handler tests.

import { CreateClusterCommand, DescribeClustersCommand, EnableSnapshotCopyCommand } from '@aws-sdk/client-redshift';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CrossRegionSnapshotCopy, CrossRegionSnapshotCopyProps } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { motoWithRedshiftClusters } from '../util/moto';
import { ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
const CLUSTER = 'lifecycle-cluster';
const aws = motoWithRedshiftClusters(REGION, [CLUSTER]);

/** Synthesizes a stack with one CrossRegionSnapshotCopy and returns the template's properties and the bundle. */
function synthesize(props: Partial<CrossRegionSnapshotCopyProps> = {}) {
  const app = appWithAssembly();
  const stack = new Stack(app, 'Lifecycle', { env: { account: '123456789012', region: REGION } });
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: CLUSTER, destinationRegion: 'us-west-2', ...props });
  return {
    properties: resourceProperties(stack, 'Custom::RedshiftCrossRegionSnapshotCopy'),
    driver: new ProviderDriver(synthesizedHandler(stack, 'cross-region-snapshot-copy'), { region: REGION, endpoint: aws.moto().endpoint }),
  };
}

async function copyStatus() {
  const output = await aws.redshift().send(new DescribeClustersCommand({ ClusterIdentifier: CLUSTER }));
  return output.Clusters?.[0]?.ClusterSnapshotCopyStatus;
}

test('Create, Update retention, Update region and Delete converge to the requested copy status', async () => {
  const v1 = synthesize({ automatedCopyRetention: Duration.days(14) });
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: CLUSTER });
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'us-west-2', RetentionPeriod: 14 });

  const v2 = synthesize({ automatedCopyRetention: Duration.days(21) });
  const retained = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: CLUSTER });
  expect(retained).toMatchObject({ status: 'SUCCESS', physicalResourceId: CLUSTER });
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'us-west-2', RetentionPeriod: 21 });

  const v3 = synthesize({ automatedCopyRetention: Duration.days(21), destinationRegion: 'eu-west-1' });
  const moved = await v3.driver.send({ requestType: 'Update', properties: v3.properties, oldProperties: v2.properties, physicalResourceId: CLUSTER });
  expect(moved).toMatchObject({ status: 'SUCCESS', physicalResourceId: CLUSTER });
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'eu-west-1', RetentionPeriod: 21 });

  const deleted = await v3.driver.send({ requestType: 'Delete', properties: v3.properties, physicalResourceId: CLUSTER });
  expect(deleted.status).toBe('SUCCESS');
  expect(await copyStatus()).toBeUndefined();
});

test('Create twice adopts the copy it already enabled, Delete twice succeeds', async () => {
  const { properties, driver } = synthesize({ automatedCopyRetention: Duration.days(10) });
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'us-west-2', RetentionPeriod: 10 });

  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');
  expect(await copyStatus()).toBeUndefined();
});

test('Create on a cluster that copies to another region fails, and its Delete leaves that copy alone', async () => {
  await aws.redshift().send(new EnableSnapshotCopyCommand({ ClusterIdentifier: CLUSTER, DestinationRegion: 'eu-central-1', RetentionPeriod: 5 }));
  const { properties, driver } = synthesize();
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain(`snapshot copy of ${CLUSTER} is already enabled with settings this resource did not make: `
    + 'destination region eu-central-1 (this resource: us-west-2)');

  const deleted = await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId });
  expect(deleted.status).toBe('SUCCESS');
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'eu-central-1', RetentionPeriod: 5 });
});

test('Create on a cluster that copies to the same region with other settings fails changing nothing, and its Delete leaves that copy alone', async () => {
  await aws.redshift().send(new EnableSnapshotCopyCommand({ ClusterIdentifier: CLUSTER, DestinationRegion: 'us-west-2', RetentionPeriod: 5 }));
  const { properties, driver } = synthesize({ automatedCopyRetention: Duration.days(10) });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain('retention 5 days (this resource: 10)');
  const deleted = await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId });
  expect(deleted.status).toBe('SUCCESS');
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'us-west-2', RetentionPeriod: 5 });
});

test('Delete with RemovalPolicy.RETAIN leaves the copy enabled', async () => {
  const { properties, driver } = synthesize({ removalPolicy: RemovalPolicy.RETAIN });
  expect((await driver.send({ requestType: 'Create', properties })).status).toBe('SUCCESS');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');
  expect(await copyStatus()).toMatchObject({ DestinationRegion: 'us-west-2' });
});

test('Create on a cluster that does not exist fails with what to fix, and its Delete succeeds', async () => {
  const { properties, driver } = synthesize({ clusterIdentifier: 'no-such-cluster' });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toMatch(/cluster "no-such-cluster" was not found .*set clusterIdentifier to an existing provisioned cluster/);
  const deleted = await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId });
  expect(deleted.status).toBe('SUCCESS');
});

test('Update to another cluster returns a new physical id; the old cluster is disabled by the Delete that follows', async () => {
  await aws.redshift().send(new CreateClusterCommand({
    ClusterIdentifier: 'second-cluster', NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node',
  }));
  const v1 = synthesize();
  expect((await v1.driver.send({ requestType: 'Create', properties: v1.properties })).status).toBe('SUCCESS');
  const v2 = synthesize({ clusterIdentifier: 'second-cluster' });
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: CLUSTER });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'second-cluster' });
  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');

  const clusters = await aws.redshift().send(new DescribeClustersCommand({}));
  const status = Object.fromEntries((clusters.Clusters ?? []).map((c) => [c.ClusterIdentifier, c.ClusterSnapshotCopyStatus?.DestinationRegion]));
  expect(status).toEqual({ [CLUSTER]: undefined, 'second-cluster': 'us-west-2' });
});
