// ServerlessSnapshot's handler against a mocked Redshift Serverless client (moto does not implement the
// service): one test per row of the behaviour table in lambda/serverless-snapshot/index.ts, properties as
// strings.

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

  test('the most tags Redshift Serverless allows on a snapshot (50, what the construct accepts) go in CreateSnapshot as given', async () => {
    const tags = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    serverless.on(GetSnapshotCommand).rejectsOnce(notFound).resolves(snapshot({ status: 'CREATING' }));
    serverless.on(CreateSnapshotCommand).resolves({});
    expect(await complete('Create', { ...PROPS, Tags: tags })).toEqual({ IsComplete: false });
    expect(serverless).toHaveReceivedCommandWith(CreateSnapshotCommand, { tags });
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
    ['TooManyTagsException', /too many tags for a snapshot: Redshift Serverless allows at most 50 per resource/],
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
    expect((await complete('Update', { ...PROPS, RetentionPeriod: 90 }, { old: PROPS })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCommand, { snapshotName: 'before-upgrade', retentionPeriod: 90 });
    expect(serverless).not.toHaveReceivedCommand(TagResourceCommand);
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
  });

  test('retention from days to "indefinitely": fails, nothing sent (no documented value makes a snapshot indefinite)', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    await expect(complete('Update', { ...PROPS, RetentionPeriod: -1 }, { old: PROPS })).rejects.toThrow(
      'snapshot "before-upgrade" keeps its retention of 30 days: AWS documents no value of UpdateSnapshot\'s retentionPeriod that keeps a snapshot '
      + 'indefinitely (only leaving it out of CreateSnapshot does). Nothing was changed: set retention in days, or give a new snapshotName');
    expect(serverless).not.toHaveReceivedCommand(UpdateSnapshotCommand);
  });

  test.each([undefined, -1, 0, 3653, 7])('"indefinitely", whatever GetSnapshot reports for it (%p): retention neither sent nor compared', async (reported) => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ snapshotRetentionPeriod: reported }));
    serverless.on(TagResourceCommand).resolves({});
    const indefinitely = { ...PROPS, RetentionPeriod: -1 };
    expect((await complete('Update', { ...indefinitely, Tags: [{ key: 'team', value: 'data' }] }, { old: indefinitely })).IsComplete).toBe(true);
    expect((await complete('Create', indefinitely)).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(UpdateSnapshotCommand);
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

describe('what else AWS may answer', () => {
  const serviceError = (name: string, message = name) => new RedshiftServerlessServiceException({ name, message, $fault: 'client', $metadata: {} });
  const startedAt = () => new Date(Date.now() - 2695_000).toISOString();

  test('GetSnapshot denied is not "no snapshot": Delete fails and deletes nothing, Create creates nothing', async () => {
    serverless.on(GetSnapshotCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform redshift-serverless:GetSnapshot'));
    await expect(complete('Delete')).rejects.toThrow('not authorized to perform redshift-serverless:GetSnapshot');
    await expect(complete('Create')).rejects.toThrow('not authorized to perform redshift-serverless:GetSnapshot');
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
  });

  test('GetSnapshot throttled: Create and Delete wait for the next poll, changing nothing', async () => {
    serverless.on(GetSnapshotCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(await complete('Delete')).toEqual({ IsComplete: false });
    expect(serverless).not.toHaveReceivedCommand(CreateSnapshotCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('no tags: CreateSnapshot without a tags list; an Update with nothing changed sends no Update or tag call', async () => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).resolves({});
    await complete('Create', { ...PROPS, Tags: [] });
    expect(serverless.commandCalls(CreateSnapshotCommand)[0].args[0].input.tags).toBeUndefined();
    serverless.reset();
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    expect((await complete('Update', { ...PROPS, TimeoutSeconds: 600 }, { old: PROPS })).IsComplete).toBe(true);
    expect(serverless.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetSnapshotCommand']);
  });

  test('a Create that adopts sets its tags, and a retention in days AWS does not report is set (a documented value, sent again harmlessly)', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ snapshotRetentionPeriod: undefined }));
    serverless.on(TagResourceCommand).resolves({});
    expect(await complete('Create')).toEqual({
      IsComplete: true,
      Data: { SnapshotName: 'before-upgrade', SnapshotArn: SNAPSHOT_ARN, NamespaceArn: NAMESPACE_ARN, TotalBackupSizeInMegaBytes: 1234.5 },
    });
    expect(serverless).toHaveReceivedCommandWith(TagResourceCommand, { resourceArn: SNAPSHOT_ARN, tags: [{ key: 'team', value: 'analytics' }] });
    expect(serverless).not.toHaveReceivedCommand(UntagResourceCommand);
    expect(serverless).toHaveReceivedCommandWith(UpdateSnapshotCommand, { snapshotName: 'before-upgrade', retentionPeriod: 30 });
  });

  test('ConflictException from CreateSnapshot, whatever its message: looks for the snapshot; not there: waits for the namespace', async () => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).rejects(conflict('Snapshot before-upgrade already exists'));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(serverless).toHaveReceivedCommandTimes(GetSnapshotCommand, 2);
    await expect(complete('Create', PROPS, { startedAt: startedAt() })).rejects.toThrow(
      'waiting for namespace "analytics" to accept a snapshot (Snapshot before-upgrade already exists)');
  });

  test('ConflictException with any message, the snapshot there on looking: adopted in the same pass (the message is not read)', async () => {
    serverless.on(GetSnapshotCommand).rejectsOnce(notFound).resolves(snapshot());
    serverless.on(CreateSnapshotCommand).rejects(conflict('The submitted action has conflicts'));
    serverless.on(TagResourceCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
  });

  test('the waiting reasons say what is awaited', async () => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).resolves({});
    await expect(complete('Create', PROPS, { startedAt: startedAt() })).rejects.toThrow('waiting for snapshot "before-upgrade" to be AVAILABLE: it is being created');
    serverless.on(CreateSnapshotCommand).rejects(conflict('namespace is busy'));
    await expect(complete('Create', PROPS, { startedAt: startedAt() })).rejects.toThrow('waiting for namespace "analytics" to accept a snapshot (namespace is busy)');
    serverless.on(GetSnapshotCommand).resolves(snapshot({ status: 'CREATING' }));
    await expect(complete('Create', PROPS, { startedAt: startedAt() })).rejects.toThrow('waiting for snapshot "before-upgrade" to be AVAILABLE: its status is CREATING');
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(UpdateSnapshotCommand).rejects(conflict('snapshot busy'));
    await expect(complete('Update', { ...PROPS, RetentionPeriod: 7 }, { old: PROPS, startedAt: startedAt() }))
      .rejects.toThrow('waiting for snapshot "before-upgrade" to accept the change (snapshot busy)');
    serverless.on(DeleteSnapshotCommand).resolves({});
    await expect(complete('Delete', PROPS, { startedAt: startedAt() })).rejects.toThrow('waiting for snapshot "before-upgrade" to be deleted');
    serverless.on(DeleteSnapshotCommand).rejects(conflict('namespace busy'));
    await expect(complete('Delete', PROPS, { startedAt: startedAt() })).rejects.toThrow('waiting for snapshot "before-upgrade" to be free to delete (namespace busy)');
  });

  test('DELETED: fails a Create with the status, and a Delete has nothing to do', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ status: 'DELETED' }));
    await expect(complete('Create')).rejects.toThrow('snapshot "before-upgrade" of namespace "analytics" is DELETED');
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('errors without a table are passed on as they are: CreateSnapshot, tag calls, DeleteSnapshot', async () => {
    const denied = serviceError('AccessDeniedException', 'not authorized');
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).rejects(denied);
    await expect(complete('Create')).rejects.toThrow('not authorized');
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(TagResourceCommand).rejects(denied);
    await expect(complete('Create')).rejects.toThrow('not authorized');
    serverless.on(DeleteSnapshotCommand).rejects(denied);
    await expect(complete('Delete')).rejects.toThrow('not authorized');
  });

  test('ValidationException names what to check', async () => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).rejects(serviceError('ValidationException', 'bad name'));
    await expect(complete('Create')).rejects.toThrow('the snapshot request was rejected (bad name): check namespaceName, snapshotName, retention and tags (ValidationException)');
  });

  test.each([
    [[{ key: 'team' }], [{ key: 'team', value: '' }]],
    ['', []],
  ])('tags %j are read as %j', async (tags, expected) => {
    serverless.on(GetSnapshotCommand).rejects(notFound);
    serverless.on(CreateSnapshotCommand).resolves({});
    await complete('Create', { ...PROPS, Tags: tags });
    expect(serverless.commandCalls(CreateSnapshotCommand)[0].args[0].input.tags).toEqual(expected.length ? expected : undefined);
  });

  test.each([[[{ value: 'analytics' }]], ['team']])('tags %j fail at once naming the shape', async (tags) => {
    await expect(onEvent(onEventRequest('Create', { ...PROPS, Tags: tags }))).rejects.toThrow('property Tags must be a list of { key, value } tags, got ');
  });

  test('GetSnapshot names the snapshot; one that appears after "already exists" is adopted in the same pass', async () => {
    serverless.on(GetSnapshotCommand).rejectsOnce(notFound).resolves(snapshot());
    serverless.on(CreateSnapshotCommand).rejects(conflict('Snapshot before-upgrade already exists'));
    serverless.on(TagResourceCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(GetSnapshotCommand, { snapshotName: 'before-upgrade' });
  });

  test('a snapshot without status or ARNs in the answer: waits on UNKNOWN; without its ARN waits for it; without the namespace\'s, an empty one', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ status: undefined }));
    await expect(complete('Create', PROPS, { startedAt: startedAt() })).rejects.toThrow('its status is UNKNOWN');
    // TagResource requires the snapshot's ARN (AWS's model): no request goes out without it.
    serverless.on(GetSnapshotCommand).resolves(snapshot({ snapshotArn: undefined }));
    await expect(complete('Create', PROPS, { startedAt: startedAt() })).rejects.toThrow('snapshot "before-upgrade" to be described with its ARN');
    expect(serverless).not.toHaveReceivedCommand(TagResourceCommand);
    serverless.on(GetSnapshotCommand).resolves(snapshot({ namespaceArn: undefined }));
    serverless.on(TagResourceCommand).resolves({});
    expect(await complete('Create')).toEqual({
      IsComplete: true, Data: { SnapshotName: 'before-upgrade', SnapshotArn: expect.stringMatching(/^arn:/), NamespaceArn: '', TotalBackupSizeInMegaBytes: 1234.5 },
    });
  });

  test('a Delete that leaves a snapshot still being made logs what it left', async () => {
    const lines: Array<Record<string, unknown>> = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(JSON.parse(line)); });
    serverless.on(GetSnapshotCommand).resolves(snapshot({ status: 'CREATING' }));
    await complete('Delete');
    expect(lines).toContainEqual(expect.objectContaining({
      outcome: 'left', reason: expect.stringMatching(/^snapshot "before-upgrade" of namespace "analytics" is still being created \(status CREATING\)/),
    }));
  });

  test('tags as the event holds them: absent or empty is none; a null, a number value or no list fails naming the shape', async () => {
    const withTags = (tags: unknown) => ({ ...onEventRequest('Create', PROPS), ResourceProperties: { ...PROPS, Tags: tags } });
    expect((await onEvent(withTags(undefined))).PhysicalResourceId).toBe('before-upgrade');
    expect((await onEvent(withTags(''))).PhysicalResourceId).toBe('before-upgrade');
    for (const bad of [[null], [{ key: 'team', value: 2 }], [{ key: 2 }], 'team']) {
      await expect(onEvent(withTags(bad))).rejects.toThrow(`property Tags must be a list of { key, value } tags, got ${JSON.stringify(bad)}`);
    }
  });
});
