// ServerlessSnapshotCopy's handler against a mocked Redshift Serverless client (moto does not implement the
// service): one test per row of the behaviour table in lambda/serverless-snapshot-copy/index.ts, properties as strings.

import {
  ConflictException,
  CreateSnapshotCopyConfigurationCommand,
  DeleteSnapshotCopyConfigurationCommand,
  ListSnapshotCopyConfigurationsCommand,
  RedshiftServerlessClient,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  SnapshotCopyConfiguration,
  UpdateSnapshotCopyConfigurationCommand,
  ValidationException,
} from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda/serverless-snapshot-copy';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions, onEventRequest } from '../util/events';
import { answersInTurn } from '../util/mock';

const serverless = mockClient(RedshiftServerlessClient);
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-3333-4444-555566667777';
const OTHER_KEY = 'arn:aws:kms:us-west-2:123456789012:key/9999ffff-2222-3333-4444-555566667777';
const PROPS = { NamespaceName: 'analytics', DestinationRegion: 'us-west-2', DestinationKmsKeyId: KEY, RetentionPeriod: 7, RemovalPolicy: 'destroy', TimeoutSeconds: 1800 };
const CREATED = 'analytics:us-west-2';
const ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshotcopyconfiguration/c0ffee00-1111-2222-3333-444455556666';

const configuration = (changes: Partial<SnapshotCopyConfiguration> = {}): SnapshotCopyConfiguration => ({
  snapshotCopyConfigurationId: 'c0ffee00-1111-2222-3333-444455556666',
  snapshotCopyConfigurationArn: ARN,
  namespaceName: 'analytics',
  destinationRegion: 'us-west-2',
  destinationKmsKeyId: KEY,
  snapshotRetentionPeriod: 7,
  ...changes,
});
const listed = (...configurations: SnapshotCopyConfiguration[]) => ({ snapshotCopyConfigurations: configurations });
const conflict = () => new ConflictException({ message: 'namespace analytics is busy', $metadata: {} });
const notFound = () => new ResourceNotFoundException({ message: 'namespace not found', $metadata: {} });

const complete = (requestType: RequestType, props: Record<string, unknown>, physicalId: string, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, physicalId, options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.BUSY_LOOK_INTERVAL_MS = '1';
});
beforeEach(() => {
  serverless.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('onEvent decides whose the configuration is', () => {
  test('Create with no configuration to that region and key: <namespace>:<region>, this resource makes it', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe(CREATED);
    expect(serverless).toHaveReceivedCommandWith(ListSnapshotCopyConfigurationsCommand, { namespaceName: 'analytics' });
  });

  test('Create finding one to that region with that key: adopted, remembering its retention', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ snapshotRetentionPeriod: 3 })));
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe(`${CREATED}:adopted:3`);
  });

  test('the key is compared by id: an ARN and the bare id name the same key', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ destinationKmsKeyId: '1111aaaa-2222-3333-4444-555566667777' })));
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe(`${CREATED}:adopted:7`);
  });

  test('Create of a namespace that does not exist: the create id (isComplete says what to fix)', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).rejects(notFound());
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe(CREATED);
  });

  test('a busy namespace (ListSnapshotCopyConfigurations: ConflictException) is looked at again within onEvent', async () => {
    const adoptable = listed(configuration({ snapshotRetentionPeriod: 3 }));
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [conflict(), conflict(), adoptable]);
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe(`${CREATED}:adopted:3`);
    expect(serverless).toHaveReceivedCommandTimes(ListSnapshotCopyConfigurationsCommand, 3);
  });

  test('a namespace busy at every look: onEvent fails saying to deploy again, having changed nothing', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).rejects(conflict());
    await expect(onEvent(onEventRequest('Create', PROPS))).rejects.toThrow(
      /namespace "analytics" stayed busy with another change .*Nothing was changed: deploy again once the other change has finished \(ConflictException\)/);
    expect(serverless).toHaveReceivedCommandTimes(ListSnapshotCopyConfigurationsCommand, 4);
    expect(serverless.calls()).toHaveLength(4);
  });

  test('the list is read to its last page', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand)
      .resolvesOnce({ snapshotCopyConfigurations: [], nextToken: 'page-2-token' })
      .resolves(listed(configuration()));
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe(`${CREATED}:adopted:7`);
    expect(serverless).toHaveReceivedCommandWith(ListSnapshotCopyConfigurationsCommand, { namespaceName: 'analytics', nextToken: 'page-2-token' });
  });

  test('Update of the retention only: the id stays, adopted or not, without looking', async () => {
    const update = (id: string) => onEvent(onEventRequest('Update', { ...PROPS, RetentionPeriod: 30 }, { physicalResourceId: id, oldProperties: PROPS }));
    expect((await update(CREATED)).PhysicalResourceId).toBe(CREATED);
    expect((await update(`${CREATED}:adopted:3`)).PhysicalResourceId).toBe(`${CREATED}:adopted:3`);
    expect(serverless).not.toHaveReceivedCommand(ListSnapshotCopyConfigurationsCommand);
  });

  test('Update to a new region: the id of a configuration this resource makes there', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    const moved = { ...PROPS, DestinationRegion: 'eu-west-1', DestinationKmsKeyId: undefined };
    expect((await onEvent(onEventRequest('Update', moved, { physicalResourceId: CREATED, oldProperties: PROPS }))).PhysicalResourceId).toBe('analytics:eu-west-1');
  });

  test('Update to a new region or key of an adopted configuration fails at once: it would have to be deleted', async () => {
    const moved = { ...PROPS, DestinationKmsKeyId: OTHER_KEY };
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    await expect(onEvent(onEventRequest('Update', moved, { physicalResourceId: `${CREATED}:adopted:3`, oldProperties: PROPS })))
      .rejects.toThrow(/was not made by this resource .* Nothing was changed/);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('the rollback of that refused change finds the adopted configuration in place: the id stays, the rollback succeeds', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    const refused = { ...PROPS, DestinationKmsKeyId: OTHER_KEY };
    const rollback = onEventRequest('Update', PROPS, { physicalResourceId: `${CREATED}:adopted:3`, oldProperties: refused });
    expect((await onEvent(rollback)).PhysicalResourceId).toBe(`${CREATED}:adopted:3`);
    expect((await complete('Update', PROPS, `${CREATED}:adopted:3`, { old: refused })).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('the rollback of a failed region change finds the configuration it had: the id it had stays', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    const failed = { ...PROPS, DestinationRegion: 'eu-west-1' };
    expect((await onEvent(onEventRequest('Update', PROPS, { physicalResourceId: CREATED, oldProperties: failed }))).PhysicalResourceId).toBe(CREATED);
  });
});

describe('Create', () => {
  test('no configuration: CreateSnapshotCopyConfiguration, complete with its id and ARN', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    serverless.on(CreateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: configuration() });
    expect(await complete('Create', PROPS, CREATED)).toEqual({
      IsComplete: true,
      Data: { SnapshotCopyConfigurationId: 'c0ffee00-1111-2222-3333-444455556666', SnapshotCopyConfigurationArn: ARN },
    });
    expect(serverless).toHaveReceivedCommandWith(CreateSnapshotCopyConfigurationCommand, {
      namespaceName: 'analytics', destinationRegion: 'us-west-2', destinationKmsKeyId: KEY, snapshotRetentionPeriod: 7,
    });
  });

  test('retention indefinitely: snapshotRetentionPeriod is left out (AWS\'s default), no key: no key sent', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    const indefinite = configuration({ destinationKmsKeyId: undefined, snapshotRetentionPeriod: -1 });
    serverless.on(CreateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: indefinite });
    const props = { ...PROPS, DestinationKmsKeyId: undefined, RetentionPeriod: -1 };
    expect((await complete('Create', props, CREATED)).IsComplete).toBe(true);
    const input = serverless.commandCalls(CreateSnapshotCopyConfigurationCommand)[0].args[0].input;
    expect(input).toEqual({ namespaceName: 'analytics', destinationRegion: 'us-west-2' });
  });

  test('adopts one to the same region with the same key, bringing its retention in line', async () => {
    const found = configuration({ snapshotRetentionPeriod: 3 });
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [listed(found), listed(configuration())]);
    serverless.on(UpdateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: configuration() });
    expect((await complete('Create', PROPS, `${CREATED}:adopted:3`)).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCopyConfigurationCommand, {
      snapshotCopyConfigurationId: 'c0ffee00-1111-2222-3333-444455556666', snapshotRetentionPeriod: 7,
    });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCopyConfigurationCommand);
  });

  test.each([
    ['another region', { destinationRegion: 'eu-west-1' }, /to eu-west-1 .* already exists/],
    ['another key', { destinationKmsKeyId: OTHER_KEY }, /key arn:aws:kms:us-west-2:123456789012:key\/9999ffff/],
  ])('fails naming one that goes to %s; nothing changed', async (_name, changes, message) => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration(changes)));
    await expect(complete('Create', PROPS, CREATED)).rejects.toThrow(message);
    await expect(complete('Create', PROPS, CREATED)).rejects.toThrow(/c0ffee00-1111-2222-3333-444455556666 .* Nothing was changed/);
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCopyConfigurationCommand);
    expect(serverless).not.toHaveReceivedCommand(UpdateSnapshotCopyConfigurationCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('an adopted one kept for days, "indefinitely" wanted: fails, it is never deleted to get there', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ snapshotRetentionPeriod: 3 })));
    await expect(complete('Create', { ...PROPS, RetentionPeriod: -1 }, `${CREATED}:adopted:3`)).rejects.toThrow(/SnapshotRetention.days\(3\)/);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('CreateSnapshotCopyConfiguration refused, but the configuration is there on looking again (a retried create): complete', async () => {
    // What AWS answers for a configuration that exists already is not documented: the handler looks instead.
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [listed(), listed(configuration())]);
    serverless.on(CreateSnapshotCopyConfigurationCommand).rejects(new ServiceQuotaExceededException({ message: 'exists', $metadata: {} }));
    expect((await complete('Create', PROPS, CREATED)).IsComplete).toBe(true);
  });

  test('the namespace does not exist: fails saying to set namespaceName', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).rejects(notFound());
    await expect(complete('Create', PROPS, CREATED)).rejects.toThrow(/namespace "analytics" was not found in us-east-1: set namespaceName/);
  });

  test('a busy namespace (ConflictException) is waited for, then created', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    answersInTurn(serverless.on(CreateSnapshotCopyConfigurationCommand), [conflict(), { snapshotCopyConfiguration: configuration() }]);
    expect(await complete('Create', PROPS, CREATED)).toEqual({ IsComplete: false });
    expect((await complete('Create', PROPS, CREATED)).IsComplete).toBe(true);
  });

  test('a busy namespace while listing (ListSnapshotCopyConfigurations: ConflictException) is waited for, then created', async () => {
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [conflict(), listed()]);
    serverless.on(CreateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: configuration() });
    expect(await complete('Create', PROPS, CREATED)).toEqual({ IsComplete: false });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCopyConfigurationCommand);
    expect((await complete('Create', PROPS, CREATED)).IsComplete).toBe(true);
  });

  test('a busy namespace past the construct\'s timeout fails, saying what it waited for', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    serverless.on(CreateSnapshotCopyConfigurationCommand).rejects(conflict());
    const startedAt = new Date(Date.now() - 1795_000).toISOString();
    await expect(complete('Create', PROPS, CREATED, { startedAt })).rejects.toThrow(/timed out after 29m5\ds \(timeout 30m00s\) waiting for namespace "analytics" to accept/);
  });

  test.each([
    ['ServiceQuotaExceededException', new ServiceQuotaExceededException({ message: 'quota', $metadata: {} }), /one destination region at a time/],
    ['ValidationException', new ValidationException({ message: 'key not found in us-west-2', $metadata: {} }), /key not found in us-west-2.*destinationEncryptionKey \(a key in destinationRegion\)/],
  ])('%s fails at once saying what to fix', async (_name, error, message) => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    serverless.on(CreateSnapshotCopyConfigurationCommand).rejects(error);
    await expect(complete('Create', PROPS, CREATED)).rejects.toThrow(message);
  });
});

describe('Update', () => {
  test('retention changes in place (UpdateSnapshotCopyConfiguration)', async () => {
    const updated = configuration({ snapshotRetentionPeriod: 30 });
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [listed(configuration()), listed(updated)]);
    serverless.on(UpdateSnapshotCopyConfigurationCommand).resolves({});
    expect((await complete('Update', { ...PROPS, RetentionPeriod: 30 }, CREATED, { old: PROPS })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCopyConfigurationCommand, { snapshotRetentionPeriod: 30 });
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('a new region replaces this resource\'s configuration: delete, then create', async () => {
    const moved = { ...PROPS, DestinationRegion: 'eu-west-1', DestinationKmsKeyId: undefined };
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [listed(configuration()), listed()]);
    serverless.on(DeleteSnapshotCopyConfigurationCommand).resolves({});
    serverless.on(CreateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: configuration({ destinationRegion: 'eu-west-1' }) });
    expect((await complete('Update', moved, 'analytics:eu-west-1', { old: PROPS })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(DeleteSnapshotCopyConfigurationCommand, { snapshotCopyConfigurationId: 'c0ffee00-1111-2222-3333-444455556666' });
    expect(serverless).toHaveReceivedCommandWith(CreateSnapshotCopyConfigurationCommand, { destinationRegion: 'eu-west-1' });
    const calls = serverless.calls().map((call) => call.args[0].constructor.name);
    expect(calls.indexOf('DeleteSnapshotCopyConfigurationCommand')).toBeLessThan(calls.indexOf('CreateSnapshotCopyConfigurationCommand'));
  });

  test('a new key replaces it the same way', async () => {
    const rekeyed = { ...PROPS, DestinationKmsKeyId: OTHER_KEY };
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [listed(configuration()), listed()]);
    serverless.on(DeleteSnapshotCopyConfigurationCommand).resolves({});
    serverless.on(CreateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: configuration({ destinationKmsKeyId: OTHER_KEY }) });
    expect((await complete('Update', rekeyed, CREATED, { old: PROPS })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(CreateSnapshotCopyConfigurationCommand, { destinationKmsKeyId: OTHER_KEY });
  });

  test('a failed region change rolls back to what was there: the new one is deleted, the old one made again', async () => {
    // The rollback Update: the properties of before (us-west-2), the failed ones as old (eu-west-1, which was made).
    const failed = { ...PROPS, DestinationRegion: 'eu-west-1', DestinationKmsKeyId: undefined };
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [listed(configuration({ destinationRegion: 'eu-west-1', destinationKmsKeyId: undefined })), listed()]);
    serverless.on(DeleteSnapshotCopyConfigurationCommand).resolves({});
    serverless.on(CreateSnapshotCopyConfigurationCommand).resolves({ snapshotCopyConfiguration: configuration() });
    expect((await complete('Update', PROPS, CREATED, { old: failed })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(CreateSnapshotCopyConfigurationCommand, { destinationRegion: 'us-west-2', destinationKmsKeyId: KEY, snapshotRetentionPeriod: 7 });
  });

  test('"indefinitely" after days: fails, nothing deleted or changed (no documented value sets it in place)', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    await expect(complete('Update', { ...PROPS, RetentionPeriod: -1 }, CREATED, { old: PROPS })).rejects.toThrow(
      /keeps snapshots 7 days: AWS documents no value that makes UpdateSnapshotCopyConfiguration keep them indefinitely .*Nothing was changed/);
    expect(serverless.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListSnapshotCopyConfigurationsCommand']);
  });

  test.each([undefined, -1, 0, 3653, 7])('its own configuration kept "indefinitely", whatever AWS reports for it (%p): complete, nothing sent', async (reported) => {
    const forever = { ...PROPS, RetentionPeriod: -1 };
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ snapshotRetentionPeriod: reported })));
    expect((await complete('Create', forever, CREATED)).IsComplete).toBe(true);
    expect((await complete('Update', forever, CREATED, { old: { ...forever, TimeoutSeconds: 600 } })).IsComplete).toBe(true);
    expect(serverless.calls().map((call) => call.args[0].constructor.name)).toEqual(['ListSnapshotCopyConfigurationsCommand', 'ListSnapshotCopyConfigurationsCommand']);
  });

  test('a configuration to a region of neither the old nor the new properties fails, naming it; nothing changed', async () => {
    const moved = { ...PROPS, DestinationRegion: 'eu-west-1' };
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ destinationRegion: 'ap-southeast-2' })));
    await expect(complete('Update', moved, 'analytics:eu-west-1', { old: PROPS })).rejects.toThrow(/to ap-southeast-2 .* Nothing was changed/);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('a busy namespace while deleting the old configuration is waited for', async () => {
    const moved = { ...PROPS, DestinationRegion: 'eu-west-1' };
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    serverless.on(DeleteSnapshotCopyConfigurationCommand).rejects(conflict());
    expect(await complete('Update', moved, 'analytics:eu-west-1', { old: PROPS })).toEqual({ IsComplete: false });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCopyConfigurationCommand);
  });
});

describe('Delete', () => {
  test('this resource\'s configuration: DeleteSnapshotCopyConfiguration', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    serverless.on(DeleteSnapshotCopyConfigurationCommand).resolves({});
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(DeleteSnapshotCopyConfigurationCommand, { snapshotCopyConfigurationId: 'c0ffee00-1111-2222-3333-444455556666' });
  });

  test('already gone: success, nothing sent but the look', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed());
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('gone between the look and the delete (ResourceNotFoundException): success', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    serverless.on(DeleteSnapshotCopyConfigurationCommand).rejects(new ResourceNotFoundException({ message: 'gone', $metadata: {} }));
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
  });

  test('the namespace is gone: success', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).rejects(notFound());
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
  });

  test('a rollback Delete never deletes a configuration this resource did not make: an adopted one gets its retention back', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    serverless.on(UpdateSnapshotCopyConfigurationCommand).resolves({});
    expect((await complete('Delete', PROPS, `${CREATED}:adopted:3`)).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCopyConfigurationCommand, { snapshotRetentionPeriod: 3 });
  });

  test('a rollback Delete after a Create that failed on one going elsewhere touches nothing', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ destinationRegion: 'eu-west-1' })));
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandTimes(ListSnapshotCopyConfigurationsCommand, 1);
    expect(serverless.calls()).toHaveLength(1);
  });

  test('the cleanup Delete after a region change leaves the new configuration alone', async () => {
    // CloudFormation deletes the old id (us-west-2) with the old properties; the namespace now copies to eu-west-1.
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration({ destinationRegion: 'eu-west-1', destinationKmsKeyId: undefined })));
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
  });

  test('a busy namespace is waited for', async () => {
    serverless.on(ListSnapshotCopyConfigurationsCommand).resolves(listed(configuration()));
    serverless.on(DeleteSnapshotCopyConfigurationCommand).rejects(conflict());
    expect(await complete('Delete', PROPS, CREATED)).toEqual({ IsComplete: false });
  });

  test('a busy namespace while listing (ConflictException) is waited for: never DELETE_FAILED', async () => {
    answersInTurn(serverless.on(ListSnapshotCopyConfigurationsCommand), [conflict(), listed(configuration())]);
    serverless.on(DeleteSnapshotCopyConfigurationCommand).resolves({});
    expect(await complete('Delete', PROPS, CREATED)).toEqual({ IsComplete: false });
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCopyConfigurationCommand);
    expect((await complete('Delete', PROPS, CREATED)).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandTimes(DeleteSnapshotCopyConfigurationCommand, 1);
  });

  test('RemovalPolicy.RETAIN: nothing is sent', async () => {
    expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain' }, CREATED)).IsComplete).toBe(true);
    expect(serverless.calls()).toHaveLength(0);
  });
});
