// ServerlessSnapshotCopy's BUNDLED handler, driven as CloudFormation and the Provider framework would, against the
// stateful Redshift Serverless stand-in of snapshot copy configurations (test/util/serverless-copy-configurations.ts:
// moto has no Redshift Serverless). Every request the handler sends is simulated against the synthesized role
// (ProviderDriver), and checked against the documented Request Syntax on the wire.

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ServerlessSnapshotCopy, ServerlessSnapshotCopyProps, SnapshotRetention } from '../../lib';
import { appWithAssembly, resourceProperties, synthesizedHandler } from '../util/assembly';
import { CREATE_FAILED_MARKER, ProviderDriver } from '../util/provider-driver';
import { RecordingEndpoint } from '../util/recording-endpoint';
import { SnapshotCopyConfigurationsStandIn } from '../util/serverless-copy-configurations';

const REGION = 'us-east-1';
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-3333-4444-555566667777';
const OTHER_KEY = 'arn:aws:kms:us-west-2:123456789012:key/9999ffff-2222-3333-4444-555566667777';

let standIn: SnapshotCopyConfigurationsStandIn;
let endpoint: RecordingEndpoint;

beforeEach(async () => {
  standIn = new SnapshotCopyConfigurationsStandIn(REGION, ['analytics']);
  endpoint = await RecordingEndpoint.start(standIn.route);
});
afterEach(() => endpoint.stop());

type Props = Partial<Omit<ServerlessSnapshotCopyProps, 'destinationEncryptionKey'>> & { keyArn?: string };

/** Synthesizes a stack with one ServerlessSnapshotCopy: the template's properties and a driver of its bundle. */
function synthesize(props: Props = {}) {
  const { keyArn, ...rest } = props;
  const stack = new Stack(appWithAssembly(), 'Lifecycle', { env: { account: '123456789012', region: REGION } });
  new ServerlessSnapshotCopy(stack, 'Dr', {
    namespaceName: 'analytics',
    destinationRegion: 'us-west-2',
    destinationEncryptionKey: keyArn ? kms.Key.fromKeyArn(stack, 'Key', keyArn) : undefined,
    ...rest,
  });
  const handler = synthesizedHandler(stack, 'serverless-snapshot-copy');
  return {
    properties: resourceProperties(stack, 'Custom::RedshiftServerlessSnapshotCopy'),
    handler,
    driver: new ProviderDriver(handler, { region: REGION, endpoint: endpoint.endpoint }),
  };
}

const sent = (operation: string) => endpoint.requests
  .filter((request) => RecordingEndpoint.target(request) === operation)
  .map((request) => request.body);

test('Create, retention in place, a new key, a new region, Delete: the configuration each step asks for', async () => {
  const v1 = synthesize({ keyArn: KEY, retention: SnapshotRetention.days(7) });
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'analytics:us-west-2' });
  expect(created.data).toMatchObject({
    SnapshotCopyConfigurationId: expect.stringMatching(/^00000000-/),
    SnapshotCopyConfigurationArn: expect.stringMatching(/^arn:aws:redshift-serverless:us-east-1:123456789012:snapshotcopyconfiguration\//),
  });
  expect(standIn.describe('analytics')).toEqual([`us-west-2/${KEY}/7`]);

  const v2 = synthesize({ keyArn: KEY, retention: SnapshotRetention.days(30) });
  const retained = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: created.physicalResourceId });
  expect(retained).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'analytics:us-west-2', data: { SnapshotCopyConfigurationId: created.data!.SnapshotCopyConfigurationId } });
  expect(standIn.describe('analytics')).toEqual([`us-west-2/${KEY}/30`]);

  const v3 = synthesize({ keyArn: OTHER_KEY, retention: SnapshotRetention.days(30) });
  const rekeyed = await v3.driver.send({ requestType: 'Update', properties: v3.properties, oldProperties: v2.properties, physicalResourceId: 'analytics:us-west-2' });
  expect(rekeyed).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'analytics:us-west-2' });
  expect(standIn.describe('analytics')).toEqual([`us-west-2/${OTHER_KEY}/30`]);

  const v4 = synthesize({ destinationRegion: 'eu-west-1' });
  const moved = await v4.driver.send({ requestType: 'Update', properties: v4.properties, oldProperties: v3.properties, physicalResourceId: 'analytics:us-west-2' });
  expect(moved).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'analytics:eu-west-1' });
  expect(standIn.describe('analytics')).toEqual(['eu-west-1/-/-1']);
  // CloudFormation's cleanup deletes the old id with the old properties: the new configuration stays.
  expect((await v3.driver.send({ requestType: 'Delete', properties: v3.properties, physicalResourceId: 'analytics:us-west-2' })).status).toBe('SUCCESS');
  expect(standIn.describe('analytics')).toEqual(['eu-west-1/-/-1']);

  expect((await v4.driver.send({ requestType: 'Delete', properties: v4.properties, physicalResourceId: 'analytics:eu-west-1' })).status).toBe('SUCCESS');
  expect(standIn.describe('analytics')).toEqual([]);
  // Already gone: success.
  expect((await v4.driver.send({ requestType: 'Delete', properties: v4.properties, physicalResourceId: 'analytics:eu-west-1' })).status).toBe('SUCCESS');

  // The documented Request Syntax, on the wire.
  for (const request of endpoint.requests) {
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request.headers['x-amz-target']).toMatch(/^RedshiftServerless\.(Create|Update|Delete|List)SnapshotCopyConfigurations?$/);
  }
  expect(sent('CreateSnapshotCopyConfiguration')).toEqual([
    { namespaceName: 'analytics', destinationRegion: 'us-west-2', destinationKmsKeyId: KEY, snapshotRetentionPeriod: 7 },
    { namespaceName: 'analytics', destinationRegion: 'us-west-2', destinationKmsKeyId: OTHER_KEY, snapshotRetentionPeriod: 30 },
    // Indefinitely: AWS's default, asked for by leaving the retention out.
    { namespaceName: 'analytics', destinationRegion: 'eu-west-1' },
  ]);
  expect(sent('UpdateSnapshotCopyConfiguration')).toEqual([{ snapshotCopyConfigurationId: created.data!.SnapshotCopyConfigurationId, snapshotRetentionPeriod: 30 }]);
  // The old key's, the old region's, and the last one's.
  expect(sent('DeleteSnapshotCopyConfiguration')).toHaveLength(3);
});

test('Create adopts a configuration to the same region with the same key, brings its retention in line, and Delete gives it back', async () => {
  standIn.add({ namespaceName: 'analytics', destinationRegion: 'us-west-2', destinationKmsKeyId: KEY, snapshotRetentionPeriod: 3 });
  const { properties, driver } = synthesize({ keyArn: KEY, retention: SnapshotRetention.days(14) });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'analytics:us-west-2:adopted:3' });
  expect(standIn.describe('analytics')).toEqual([`us-west-2/${KEY}/14`]);
  expect(sent('CreateSnapshotCopyConfiguration')).toEqual([]);

  // A rollback (another resource of the stack failed) or removal: never deleted, its retention as it was.
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId })).status).toBe('SUCCESS');
  expect(standIn.describe('analytics')).toEqual([`us-west-2/${KEY}/3`]);
  expect(sent('DeleteSnapshotCopyConfiguration')).toEqual([]);
});

test('Create fails naming a configuration that goes elsewhere; its rollback Delete touches nothing', async () => {
  const existing = standIn.add({ namespaceName: 'analytics', destinationRegion: 'ap-southeast-2', snapshotRetentionPeriod: 5 });
  const { properties, driver } = synthesize({ removalPolicy: RemovalPolicy.DESTROY });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain(`snapshot copy configuration ${existing.snapshotCopyConfigurationId} of namespace "analytics" to ap-southeast-2`);
  expect(created.reason).toContain('Nothing was changed');
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId })).status).toBe('SUCCESS');
  expect(standIn.describe('analytics')).toEqual(['ap-southeast-2/-/5']);
});

test('a failed region change rolls back to what was there', async () => {
  const v1 = synthesize({ retention: SnapshotRetention.days(7) });
  expect((await v1.driver.send({ requestType: 'Create', properties: v1.properties })).status).toBe('SUCCESS');
  // The new region's Create is refused (say the account cannot copy there): the update fails after the delete.
  const v2 = synthesize({ destinationRegion: 'eu-west-1', retention: SnapshotRetention.days(7) });
  const route = standIn.route;
  const refusing = await RecordingEndpoint.start((request) => (RecordingEndpoint.target(request) === 'CreateSnapshotCopyConfiguration' && request.body.destinationRegion === 'eu-west-1'
    ? { status: 400, body: { __type: 'ValidationException', message: 'Region eu-west-1 is not enabled' } }
    : route(request)));
  try {
    const failingDriver = new ProviderDriver(v2.handler, { region: REGION, endpoint: refusing.endpoint });
    const failed = await failingDriver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'analytics:us-west-2' });
    expect(failed.status).toBe('FAILED');
    expect(failed.reason).toContain('Region eu-west-1 is not enabled');
    expect(standIn.describe('analytics')).toEqual([]);
  } finally {
    await refusing.stop();
  }
  // CloudFormation's rollback: an Update back to the old properties.
  const rolledBack = await v1.driver.send({ requestType: 'Update', properties: v1.properties, oldProperties: v2.properties, physicalResourceId: 'analytics:us-west-2' });
  expect(rolledBack).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'analytics:us-west-2' });
  expect(standIn.describe('analytics')).toEqual(['us-west-2/-/7']);
});

test('a busy namespace (ConflictException) is waited for', async () => {
  standIn.busyFor(2);
  const { properties, driver } = synthesize({ retention: SnapshotRetention.days(7) });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created).toMatchObject({ status: 'SUCCESS' });
  expect(created.polls).toBe(3);
  expect(standIn.describe('analytics')).toEqual(['us-west-2/-/7']);
});

test('a namespace busy while its configurations are listed (ConflictException) is waited for: the Delete succeeds, never DELETE_FAILED', async () => {
  const { properties, driver } = synthesize({ retention: SnapshotRetention.days(7) });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created).toMatchObject({ status: 'SUCCESS' });
  standIn.busyListingFor(2);
  const deleted = await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId });
  expect(deleted).toMatchObject({ status: 'SUCCESS' });
  expect(deleted.polls).toBe(3);
  expect(standIn.describe('analytics')).toEqual([]);
});

test('an unknown namespace fails the Create saying what to fix, and its rollback Delete succeeds', async () => {
  const { properties, driver } = synthesize({ namespaceName: 'missing' });
  const created = await driver.send({ requestType: 'Create', properties });
  expect(created.status).toBe('FAILED');
  expect(created.reason).toContain('namespace "missing" was not found in us-east-1: set namespaceName');
  expect(created.physicalResourceId).not.toBe(CREATE_FAILED_MARKER);
  expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId })).status).toBe('SUCCESS');
});
