// ServerlessSnapshot's handler against a mocked Redshift Serverless client (moto does not implement the
// service): one test per behaviour of issue 4, properties as strings.

import {
  ConflictException,
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  GetSnapshotCommand,
  RedshiftServerlessClient,
  RedshiftServerlessServiceException,
  ResourceNotFoundException,
  Snapshot,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSnapshotCommand,
} from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda/serverless-snapshot';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions, onEventRequest } from '../util/events';

const serverless = mockClient(RedshiftServerlessClient);
const PROPS = { NamespaceName: 'analytics', SnapshotName: 'before-upgrade', RetentionPeriod: 30, Tags: [{ key: 'team', value: 'analytics' }], RemovalPolicy: 'destroy', TimeoutSeconds: 2700 };
const SNAPSHOT_ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/0b1c';
const NAMESPACE_ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:namespace/9f8e';

const snapshot = (changes: Partial<Omit<Snapshot, 'status'>> & { status?: string } = {}) => ({
  snapshot: {
    snapshotName: 'before-upgrade',
    namespaceName: 'analytics',
    status: 'AVAILABLE',
    snapshotRetentionPeriod: 30,
    snapshotArn: SNAPSHOT_ARN,
    namespaceArn: NAMESPACE_ARN,
    totalBackupSizeInMegaBytes: 1234.5,
    ...changes,
  } as Snapshot,
});
const notFound = new ResourceNotFoundException({ message: 'snapshot not found', $metadata: {} });
const conflict = (message: string) => new ConflictException({ message, $metadata: {} });

const complete = (requestType: RequestType, props: Record<string, unknown> = PROPS, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, String(props.SnapshotName), options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  serverless.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('the snapshot name is the physical id; a new name or namespace replaces the snapshot', async () => {
  expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe('before-upgrade');
  expect((await onEvent(onEventRequest('Update', { ...PROPS, SnapshotName: 'other' }, { physicalResourceId: 'before-upgrade', oldProperties: PROPS }))).PhysicalResourceId).toBe('other');
});

describe('Create', () => {
  test('CreateSnapshot with retention and tags, then waits while CREATING', async () => {
    serverless.on(GetSnapshotCommand).rejectsOnce(notFound).resolves(snapshot({ status: 'CREATING' }));
    serverless.on(CreateSnapshotCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(serverless).toHaveReceivedCommandWith(CreateSnapshotCommand, {
      namespaceName: 'analytics', snapshotName: 'before-upgrade', retentionPeriod: 30, tags: [{ key: 'team', value: 'analytics' }],
    });
  });

  test('indefinitely (-1) is left out of CreateSnapshot: AWS documents it as the default, and no value for it', async () => {
    serverless.on(GetSnapshotCommand).rejectsOnce(notFound).resolves(snapshot({ status: 'CREATING' }));
    serverless.on(CreateSnapshotCommand).resolves({});
    await complete('Create', { ...PROPS, RetentionPeriod: -1 });
    const input = serverless.commandCalls(CreateSnapshotCommand)[0].args[0].input;
    expect(input).toEqual({ namespaceName: 'analytics', snapshotName: 'before-upgrade', retentionPeriod: undefined, tags: [{ key: 'team', value: 'analytics' }] });
  });

  test('AVAILABLE: complete, with snapshotName, snapshotArn, namespaceArn and totalBackupSizeInMegaBytes', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    expect(await complete('Create', { ...PROPS, Tags: [] })).toEqual({
      IsComplete: true,
      Data: { SnapshotName: 'before-upgrade', SnapshotArn: SNAPSHOT_ARN, NamespaceArn: NAMESPACE_ARN, TotalBackupSizeInMegaBytes: 1234.5 },
    });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
  });

  test.each(['FAILED', 'CANCELLED'])('%s fails the deployment with the status', async (status) => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ status }));
    await expect(complete('Create')).rejects.toThrow(`snapshot "before-upgrade" of namespace "analytics" is ${status}`);
  });

  test('namespace busy (ConflictException): waits and retries until the timeout', async () => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).rejects(conflict('Another snapshot is being created for this namespace'));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    await expect(complete('Create', PROPS, { startedAt: new Date(Date.now() - 2695_000).toISOString() }))
      .rejects.toThrow(/timed out after 44m55s \(timeout 45m00s\) waiting for namespace "analytics" to accept a snapshot/);
  });

  test('an existing snapshot of that name and namespace is adopted; its retention and tags are set', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ snapshotRetentionPeriod: -1 }));
    serverless.on(UpdateSnapshotCommand).resolves({});
    serverless.on(TagResourceCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCommand, { snapshotName: 'before-upgrade', retentionPeriod: 30 });
    expect(serverless).toHaveReceivedCommandWith(TagResourceCommand, { resourceArn: SNAPSHOT_ARN, tags: [{ key: 'team', value: 'analytics' }] });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
  });

  test('a snapshot of that name of another namespace fails clearly', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ namespaceName: 'reporting' }));
    await expect(complete('Create')).rejects.toThrow('a snapshot "before-upgrade" already exists for namespace "reporting": choose another snapshotName');
  });

  test.each([
    ['ResourceNotFoundException', /namespace "analytics" was not found in us-east-1: set namespaceName to an existing namespace/],
    ['ServiceQuotaExceededException', /quota of Redshift Serverless snapshots/],
    ['TooManyTagsException', /too many tags for a snapshot: use at most 200/],
    ['ValidationException', /the snapshot request was rejected/],
  ])('%s from CreateSnapshot fails at once with what to fix', async (name, message) => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).rejects(new RedshiftServerlessServiceException({ name, message: name, $fault: 'client', $metadata: {} }));
    await expect(complete('Create')).rejects.toThrow(message);
  });
});

describe('Update in place', () => {
  test('retention changed: UpdateSnapshot only', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(UpdateSnapshotCommand).resolves({});
    expect((await complete('Update', { ...PROPS, RetentionPeriod: -1 }, { old: PROPS })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCommand, { snapshotName: 'before-upgrade', retentionPeriod: -1 });
    expect(serverless).not.toHaveReceivedCommand(TagResourceCommand);
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
  });

  test('tags changed: TagResource with the new ones, UntagResource for keys no longer wanted', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(TagResourceCommand).resolves({});
    serverless.on(UntagResourceCommand).resolves({});
    const old = { ...PROPS, Tags: [{ key: 'team', value: 'analytics' }, { key: 'stage', value: 'dev' }] };
    expect((await complete('Update', { ...PROPS, Tags: [{ key: 'team', value: 'platform' }] }, { old })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(TagResourceCommand, { resourceArn: SNAPSHOT_ARN, tags: [{ key: 'team', value: 'platform' }] });
    expect(serverless).toHaveReceivedCommandWith(UntagResourceCommand, { resourceArn: SNAPSHOT_ARN, tagKeys: ['stage'] });
  });
});

describe('Delete', () => {
  test('RETAIN: touches nothing', async () => {
    expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain' })).IsComplete).toBe(true);
    expect(serverless.calls()).toHaveLength(0);
  });

  test('DESTROY: DeleteSnapshot, then waits until it is gone', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(DeleteSnapshotCommand).resolves({});
    expect(await complete('Delete')).toEqual({ IsComplete: false });
    expect(serverless).toHaveReceivedCommandWith(DeleteSnapshotCommand, { snapshotName: 'before-upgrade' });
    serverless.reset();
    serverless.on(GetSnapshotCommand).rejects(notFound);
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('DESTROY, ResourceNotFoundException from DeleteSnapshot: success', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(DeleteSnapshotCommand).rejects(notFound);
    expect((await complete('Delete')).IsComplete).toBe(true);
  });

  test('DESTROY, a snapshot of that name of another namespace (never ours): untouched', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ namespaceName: 'reporting' }));
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('DESTROY, still CREATING (the rollback of the Create that made it): succeeds at once, leaving it', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ status: 'CREATING' }));
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('DESTROY while the namespace is busy (ConflictException): waits', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(DeleteSnapshotCommand).rejects(conflict('namespace busy'));
    expect(await complete('Delete')).toEqual({ IsComplete: false });
  });
});
