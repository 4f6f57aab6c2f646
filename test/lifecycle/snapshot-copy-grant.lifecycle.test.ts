// SnapshotCopyGrant's bundled handler against moto: the grant is created in the destination region
// (moto keeps one backend per region, chosen by the request's signature), then used by a
// CrossRegionSnapshotCopy of a KMS-encrypted cluster. moto accepts any grant name in
// EnableSnapshotCopy and does not check the KMS key. Unpatched moto keeps no tags on grants; the handler
// recognizes its own grants by a tag, so MotoServer runs moto with test/util/moto-patches/grant_tags.py,
// which keeps them as AWS does.

import {
  CreateClusterCommand, CreateSnapshotCopyGrantCommand, DescribeClustersCommand, DescribeSnapshotCopyGrantsCommand, RedshiftClient,
} from '@aws-sdk/client-redshift';
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CrossRegionSnapshotCopy, SnapshotCopyGrant } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { MotoServer, motoClientConfig } from '../util/moto';
import { ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
const DESTINATION = 'us-west-2';
const CLUSTER = 'encrypted-cluster';
const GRANT = 'prod-copy-grant';
const KEY = `arn:aws:kms:${DESTINATION}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
let moto: MotoServer;
let source: RedshiftClient;
let destination: RedshiftClient;

beforeAll(async () => {
  moto = await MotoServer.start();
  source = new RedshiftClient(motoClientConfig(moto.endpoint, REGION));
  destination = new RedshiftClient(motoClientConfig(moto.endpoint, DESTINATION));
});
afterAll(async () => {
  source?.destroy();
  destination?.destroy();
  await moto?.stop();
});
beforeEach(() => moto.reset());

function synthesize() {
  const stack = new Stack(appWithAssembly(), 'Lifecycle', { env: { account: '123456789012', region: REGION } });
  new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: DESTINATION, destinationEncryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY), snapshotCopyGrantName: GRANT });
  // The copy receives the grant's name from the grant's attribute at deploy time; here, its literal value.
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: CLUSTER, destinationRegion: DESTINATION, snapshotCopyGrantName: GRANT });
  const environment = { region: REGION, endpoint: moto.endpoint };
  return {
    grant: resourceProperties(stack, 'Custom::RedshiftSnapshotCopyGrant'),
    copy: resourceProperties(stack, 'Custom::RedshiftCrossRegionSnapshotCopy'),
    grantDriver: new ProviderDriver(synthesizedHandler(stack, 'snapshot-copy-grant'), environment),
    copyDriver: new ProviderDriver(synthesizedHandler(stack, 'cross-region-snapshot-copy'), environment),
  };
}

async function grantsIn(client: RedshiftClient): Promise<string[]> {
  const output = await client.send(new DescribeSnapshotCopyGrantsCommand({}));
  return (output.SnapshotCopyGrants ?? []).map((grant) => `${grant.SnapshotCopyGrantName}:${grant.KmsKeyId}`);
}

test('the grant is created in the destination region and lets an encrypted cluster copy there', async () => {
  const { grant, copy, grantDriver, copyDriver } = synthesize();
  const physicalResourceId = `${DESTINATION}/${GRANT}`;

  const created = await grantDriver.send({ requestType: 'Create', properties: grant });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId, data: { SnapshotCopyGrantName: GRANT } });
  expect(await grantsIn(destination)).toEqual([`${GRANT}:${KEY}`]);
  expect(await grantsIn(source)).toEqual([]);

  await source.send(new CreateClusterCommand({
    ClusterIdentifier: CLUSTER, NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node', Encrypted: true,
  }));
  expect((await copyDriver.send({ requestType: 'Create', properties: copy })).status).toBe('SUCCESS');
  const cluster = await source.send(new DescribeClustersCommand({ ClusterIdentifier: CLUSTER }));
  expect(cluster.Clusters?.[0]?.ClusterSnapshotCopyStatus).toMatchObject({ DestinationRegion: DESTINATION, SnapshotCopyGrantName: GRANT });

  // CloudFormation deletes the copy first (it depends on the grant), then the grant, twice if it must.
  expect((await copyDriver.send({ requestType: 'Delete', properties: copy, physicalResourceId: CLUSTER })).status).toBe('SUCCESS');
  expect((await grantDriver.send({ requestType: 'Delete', properties: grant, physicalResourceId })).status).toBe('SUCCESS');
  expect(await grantsIn(destination)).toEqual([]);
  expect((await grantDriver.send({ requestType: 'Delete', properties: grant, physicalResourceId })).status).toBe('SUCCESS');
});

test('Create twice adopts the grant with the same key', async () => {
  const { grant, grantDriver } = synthesize();
  expect((await grantDriver.send({ requestType: 'Create', properties: grant })).status).toBe('SUCCESS');
  expect((await grantDriver.send({ requestType: 'Create', properties: grant })).status).toBe('SUCCESS');
  expect(await grantsIn(destination)).toEqual([`${GRANT}:${KEY}`]);
});

test('a grant of that name with another key fails clearly and the rollback Delete leaves that grant alone', async () => {
  const { grant, grantDriver } = synthesize();
  const otherKey = `arn:aws:kms:${DESTINATION}:123456789012:key/other`;
  // Someone else's grant, made outside this stack.
  await destination.send(new CreateSnapshotCopyGrantCommand({ SnapshotCopyGrantName: GRANT, KmsKeyId: otherKey }));
  const created = await grantDriver.send({ requestType: 'Create', properties: grant });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain(`a snapshot copy grant "${GRANT}" already exists in ${DESTINATION} with another KMS key`);
  // The Provider framework reports the real physical id when isComplete fails: CloudFormation's rollback
  // Delete reaches the handler with it.
  const rollback = await grantDriver.send({ requestType: 'Delete', properties: grant, physicalResourceId: created.physicalResourceId });
  expect(rollback.status).toBe('SUCCESS');
  expect(await grantsIn(destination)).toEqual([`${GRANT}:${otherKey}`]);
});
