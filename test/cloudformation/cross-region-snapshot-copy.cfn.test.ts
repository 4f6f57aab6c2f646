// How CloudFormation itself behaves, against moto: replayed events, rollbacks of failed updates and
// the Delete that follows a failed Create. Each must leave AWS as a careful operator would.

import { CreateClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { Stack } from 'aws-cdk-lib';
import { CrossRegionSnapshotCopy } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { MotoServer, motoClientConfig } from '../util/moto';
import { ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
const CLUSTER = 'cfn-cluster';
let moto: MotoServer;
let redshift: RedshiftClient;
let driver: ProviderDriver;
let base: Record<string, unknown>;

beforeAll(async () => {
  moto = await MotoServer.start();
  redshift = new RedshiftClient(motoClientConfig(moto.endpoint, REGION));
  const stack = new Stack(appWithAssembly(), 'Cfn', { env: { account: '123456789012', region: REGION } });
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: CLUSTER, destinationRegion: 'us-west-2' });
  base = resourceProperties(stack, 'Custom::RedshiftCrossRegionSnapshotCopy');
  driver = new ProviderDriver(synthesizedHandler(stack, 'cross-region-snapshot-copy'), { region: REGION, endpoint: moto.endpoint });
});
afterAll(async () => {
  redshift?.destroy();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  await redshift.send(new CreateClusterCommand({
    ClusterIdentifier: CLUSTER, NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node',
  }));
});

async function copyStatus(): Promise<string> {
  const output = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: CLUSTER }));
  const copy = output.Clusters?.[0]?.ClusterSnapshotCopyStatus;
  return copy ? `${copy.DestinationRegion}/${copy.RetentionPeriod}` : 'disabled';
}

const props = (changes: Record<string, unknown>) => ({ ...base, ...changes });

describe('replays: the second delivery of the same event is harmless', () => {
  test('Create delivered twice', async () => {
    const create = { requestType: 'Create' as const, properties: base };
    expect((await driver.send(create)).status).toBe('SUCCESS');
    expect((await driver.send(create)).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('us-west-2/7');
  });

  test('Update delivered twice (retention, then region)', async () => {
    await driver.send({ requestType: 'Create', properties: base });
    const retention = { requestType: 'Update' as const, properties: props({ RetentionPeriod: 20 }), oldProperties: base, physicalResourceId: CLUSTER };
    expect((await driver.send(retention)).status).toBe('SUCCESS');
    expect((await driver.send(retention)).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('us-west-2/20');

    const region = { requestType: 'Update' as const, properties: props({ RetentionPeriod: 20, DestinationRegion: 'eu-west-1' }), oldProperties: props({ RetentionPeriod: 20 }), physicalResourceId: CLUSTER };
    expect((await driver.send(region)).status).toBe('SUCCESS');
    expect((await driver.send(region)).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('eu-west-1/20');
  });

  test('Delete delivered twice', async () => {
    await driver.send({ requestType: 'Create', properties: base });
    const remove = { requestType: 'Delete' as const, properties: base, physicalResourceId: CLUSTER };
    expect((await driver.send(remove)).status).toBe('SUCCESS');
    expect((await driver.send(remove)).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('disabled');
  });
});

describe('rollback: the Update back to the old properties restores the old settings', () => {
  test('a region change AWS rejects (after the old copy was disabled) rolls back to the old region', async () => {
    await driver.send({ requestType: 'Create', properties: props({ RetentionPeriod: 12 }) });
    const old = props({ RetentionPeriod: 12 });
    // moto, like AWS, refuses to copy to the cluster's own region (UnknownSnapshotCopyRegionFault).
    const bad = props({ RetentionPeriod: 12, DestinationRegion: REGION });

    const failed = await driver.send({ requestType: 'Update', properties: bad, oldProperties: old, physicalResourceId: CLUSTER });
    expect(failed.status).toBe('FAILED');
    expect(failed.reason).toContain(`Redshift cannot copy snapshots of "${CLUSTER}" to ${REGION}: choose another destinationRegion`);

    const rollback = await driver.send({ requestType: 'Update', properties: old, oldProperties: bad, physicalResourceId: CLUSTER });
    expect(rollback.status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('us-west-2/12');
  });

  test('a retention change rolls back to the old retention', async () => {
    await driver.send({ requestType: 'Create', properties: base });
    const changed = props({ RetentionPeriod: 30 });
    expect((await driver.send({ requestType: 'Update', properties: changed, oldProperties: base, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');
    // Another resource of the stack failed: CloudFormation rolls this one back too.
    expect((await driver.send({ requestType: 'Update', properties: base, oldProperties: changed, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('us-west-2/7');
  });
});

describe('a failed Create', () => {
  test('is followed by a Delete that leaves AWS as it was, and a retried Create succeeds', async () => {
    // The Create fails after onEvent (a region AWS rejects), so CloudFormation sends Delete with its id.
    const bad = props({ DestinationRegion: REGION });
    const failed = await driver.send({ requestType: 'Create', properties: bad });
    expect(failed.status).toBe('FAILED');
    expect((await driver.send({ requestType: 'Delete', properties: bad, physicalResourceId: failed.physicalResourceId })).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('disabled');

    expect((await driver.send({ requestType: 'Create', properties: base })).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('us-west-2/7');
  });

  test('with properties the handler rejects fails in onEvent; the framework ignores its Delete', async () => {
    const failed = await driver.send({ requestType: 'Create', properties: props({ RetentionPeriod: 99 }) });
    expect(failed).toMatchObject({ status: 'FAILED', physicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
    expect(failed.reason).toContain('property RetentionPeriod must be a whole number from 1 to 35, got "99"');
    expect((await driver.send({ requestType: 'Delete', properties: props({ RetentionPeriod: 99 }), physicalResourceId: failed.physicalResourceId })).status).toBe('SUCCESS');
    expect(await copyStatus()).toBe('disabled');
  });
});
