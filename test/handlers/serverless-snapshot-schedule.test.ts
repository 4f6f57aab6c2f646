// ServerlessSnapshotSchedule's handler against a mocked Redshift Serverless client: one test per row of the behaviour
// table at the top of lambda/serverless-snapshot-schedule/index.ts, properties as strings.

import {
  ConflictException,
  CreateScheduledActionCommand,
  DeleteScheduledActionCommand,
  GetScheduledActionCommand,
  RedshiftServerlessClient,
  ResourceNotFoundException,
  ScheduledActionResponse,
  UpdateScheduledActionCommand,
  ValidationException,
} from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda/serverless-snapshot-schedule';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions, onEventRequest } from '../util/events';

const serverless = mockClient(RedshiftServerlessClient);
const ROLE_ARN = 'arn:aws:iam::123456789012:role/scheduler';
const PROPS = {
  ScheduledActionName: 'nightly',
  NamespaceName: 'analytics',
  ScheduleCron: '(0 3 * * ? *)',
  SnapshotNamePrefix: 'nightly',
  RetentionPeriod: 14,
  Tags: [{ key: 'team', value: 'analytics' }],
  RoleArn: ROLE_ARN,
  Enabled: true,
  RemovalPolicy: 'destroy',
  TimeoutSeconds: 3600,
};

/** The action GetScheduledAction answers with for PROPS, with `changes`. */
const action = (changes: Partial<ScheduledActionResponse> = {}) => ({
  scheduledAction: {
    scheduledActionName: 'nightly',
    namespaceName: 'analytics',
    schedule: { cron: '(0 3 * * ? *)' },
    roleArn: ROLE_ARN,
    state: 'ACTIVE',
    targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 14, tags: [{ key: 'team', value: 'analytics' }] } },
    ...changes,
  } as ScheduledActionResponse,
});
const notFound = new ResourceNotFoundException({ message: 'scheduled action not found', $metadata: {} });

const complete = (requestType: RequestType, physicalId: string, props: Record<string, unknown> = PROPS, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, physicalId, options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  serverless.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('onEvent: the physical id records whether this resource created the action', () => {
  test('no action of that name: the name (this resource creates it)', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe('nightly');
  });

  test('an action of that name: adopted:<name> (this resource never deletes it)', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe('adopted:nightly');
  });

  test('an Update in place keeps the id, and so what it says, without looking', async () => {
    for (const id of ['nightly', 'adopted:nightly']) {
      const response = await onEvent(onEventRequest('Update', { ...PROPS, RetentionPeriod: 30 }, { physicalResourceId: id, oldProperties: PROPS }));
      expect(response.PhysicalResourceId).toBe(id);
    }
    expect(serverless).not.toHaveReceivedCommand(GetScheduledActionCommand);
  });

  test('a new name replaces: a new id, decided as on Create', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    const response = await onEvent(onEventRequest('Update', { ...PROPS, ScheduledActionName: 'weekly' }, { physicalResourceId: 'adopted:nightly', oldProperties: PROPS }));
    expect(response.PhysicalResourceId).toBe('weekly');
  });

  test('Delete never changes the id', async () => {
    expect((await onEvent(onEventRequest('Delete', PROPS, { physicalResourceId: 'adopted:nightly' }))).PhysicalResourceId).toBe('adopted:nightly');
  });
});

describe('Create', () => {
  test('no action: CreateScheduledAction with every setting, then reads it back', async () => {
    serverless.on(GetScheduledActionCommand).rejectsOnce(notFound).resolves(action());
    serverless.on(CreateScheduledActionCommand).resolves({});
    const props = { ...PROPS, StartTime: '2026-12-01T00:00:00.000Z', EndTime: '2027-12-01T00:00:00.000Z', Description: 'nightly snapshots' };
    expect(await complete('Create', 'nightly', props)).toEqual({ IsComplete: false });
    expect(serverless).toHaveReceivedCommandWith(CreateScheduledActionCommand, {
      scheduledActionName: 'nightly',
      namespaceName: 'analytics',
      schedule: { cron: '(0 3 * * ? *)' },
      targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 14, tags: [{ key: 'team', value: 'analytics' }] } },
      roleArn: ROLE_ARN,
      enabled: true,
      startTime: new Date('2026-12-01T00:00:00Z'),
      endTime: new Date('2027-12-01T00:00:00Z'),
      scheduledActionDescription: 'nightly snapshots',
    });
    serverless.on(GetScheduledActionCommand).resolves(action({
      startTime: new Date('2026-12-01T00:00:00Z'), endTime: new Date('2027-12-01T00:00:00Z'), scheduledActionDescription: 'nightly snapshots',
    }));
    expect(await complete('Create', 'nightly', props)).toEqual({ IsComplete: true, Data: { ScheduledActionName: 'nightly' } });
  });

  test('indefinitely (-1) is left out of the target action (AWS documents it as the default, and no value for it)', async () => {
    serverless.on(GetScheduledActionCommand).rejectsOnce(notFound).resolves(action());
    serverless.on(CreateScheduledActionCommand).resolves({});
    const forever = { ...PROPS, RetentionPeriod: -1 };
    await complete('Create', 'nightly', forever);
    const sent = serverless.commandCalls(CreateScheduledActionCommand)[0].args[0].input.targetAction?.createSnapshot;
    expect(sent).toEqual({ namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: undefined, tags: [{ key: 'team', value: 'analytics' }] });
  });

  test('a one-time schedule is sent as `at`', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    serverless.on(CreateScheduledActionCommand).resolves({});
    const { ScheduleCron: _cron, ...once } = PROPS;
    await complete('Create', 'nightly', { ...once, ScheduleAt: '2026-12-24T18:00:00.000Z' });
    expect(serverless).toHaveReceivedCommandWith(CreateScheduledActionCommand, { schedule: { at: new Date('2026-12-24T18:00:00Z') } });
  });

  test('disabled: enabled false, and DISABLED counts as the same setting', async () => {
    serverless.on(GetScheduledActionCommand).rejectsOnce(notFound).resolves(action({ state: 'DISABLED' }));
    serverless.on(CreateScheduledActionCommand).resolves({});
    await complete('Create', 'nightly', { ...PROPS, Enabled: false });
    expect(serverless).toHaveReceivedCommandWith(CreateScheduledActionCommand, { enabled: false });
    expect(await complete('Create', 'nightly', { ...PROPS, Enabled: false })).toMatchObject({ IsComplete: true });
  });

  test('ConflictException: waits and looks again on the next pass', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    serverless.on(CreateScheduledActionCommand).rejects(new ConflictException({ message: 'busy', $metadata: {} }));
    expect(await complete('Create', 'nightly')).toEqual({ IsComplete: false });
  });

  test('a conflict that outlasts the timeout fails naming what it waited for, not CloudFormation\'s reasonless timeout', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    serverless.on(CreateScheduledActionCommand).rejects(new ConflictException({ message: 'namespace is busy', $metadata: {} }));
    const props = { ...PROPS, TimeoutSeconds: 600 };
    const startedAgo = (seconds: number) => ({ startedAt: new Date(Date.now() - seconds * 1000).toISOString() });
    expect(await complete('Create', 'nightly', props, startedAgo(580))).toEqual({ IsComplete: false });
    await expect(complete('Create', 'nightly', props, startedAgo(595)))
      .rejects.toThrow('timed out after 9m55s (timeout 10m00s) waiting for scheduled action "nightly" to be created (namespace is busy)');
  });

  test.each<[string, Error, RegExp]>([
    ['the namespace does not exist', new ResourceNotFoundException({ message: 'namespace not found', $metadata: {} }), /namespace "analytics" was not found in us-east-1 .*set namespaceName to an existing namespace \(ResourceNotFoundException\)/],
    ['the request is invalid', new ValidationException({ message: 'invalid cron', $metadata: {} }), /the scheduled action was rejected \(invalid cron\): check schedule/],
  ])('%s: fails at once saying what to fix', async (_case, error, message) => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    serverless.on(CreateScheduledActionCommand).rejects(error);
    await expect(complete('Create', 'nightly')).rejects.toThrow(message);
  });

  test('an action of that name with these settings is adopted: nothing sent', async () => {
    // AWS may spell the expression its own way (cron prefix, spacing): the same fields are the same schedule.
    serverless.on(GetScheduledActionCommand).resolves(action({ schedule: { cron: 'cron(0  3 * * ? *)' } }));
    expect(await complete('Create', 'adopted:nightly')).toEqual({ IsComplete: true, Data: { ScheduledActionName: 'nightly' } });
    expect(serverless).not.toHaveReceivedCommand(CreateScheduledActionCommand);
    expect(serverless).not.toHaveReceivedCommand(UpdateScheduledActionCommand);
  });

  test('an adopted action with other settings: fails naming each difference, changing nothing', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action({
      schedule: { cron: '(0 4 * * ? *)' },
      targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 7, tags: [] } },
    }));
    await expect(complete('Create', 'adopted:nightly')).rejects.toThrow(
      'a scheduled action "nightly" already exists with settings this resource did not make: retention period 7 (this resource: 14); '
      + 'snapshot tags [] (this resource: ["team=analytics"]); schedule "cron 0 4 * * ? *" (this resource: "cron 0 3 * * ? *"). Nothing was changed');
    expect(serverless).not.toHaveReceivedCommand(UpdateScheduledActionCommand);
  });

  test('an action this resource created (an earlier pass) with other settings: brought to the properties', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action({ state: 'DISABLED' }));
    serverless.on(UpdateScheduledActionCommand).resolves({});
    expect(await complete('Create', 'nightly')).toMatchObject({ IsComplete: true });
    expect(serverless).toHaveReceivedCommandWith(UpdateScheduledActionCommand, { scheduledActionName: 'nightly', enabled: true });
  });

  test('an action of that name for another namespace: fails, it cannot move', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action({ namespaceName: 'reporting' }));
    await expect(complete('Create', 'adopted:nightly')).rejects.toThrow(
      /a scheduled action "nightly" already exists for namespace "reporting": an action cannot move to another namespace .* give this resource another scheduledActionName/);
  });
});

describe('Update', () => {
  test('in place: UpdateScheduledAction with every setting when one differs', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    serverless.on(UpdateScheduledActionCommand).resolves({});
    const props = { ...PROPS, ScheduleCron: '(30 1 ? * SUN *)', RetentionPeriod: 30, Tags: [], Enabled: false, Description: 'weekly' };
    expect(await complete('Update', 'adopted:nightly', props, { old: PROPS })).toMatchObject({ IsComplete: true });
    expect(serverless).toHaveReceivedCommandWith(UpdateScheduledActionCommand, {
      scheduledActionName: 'nightly',
      schedule: { cron: '(30 1 ? * SUN *)' },
      targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 30, tags: undefined } },
      roleArn: ROLE_ARN,
      enabled: false,
      scheduledActionDescription: 'weekly',
    });
  });

  test('in place, retention from days to "indefinitely": fails, nothing sent (what UpdateScheduledAction does without a retention is not documented)', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    await expect(complete('Update', 'nightly', { ...PROPS, RetentionPeriod: -1 }, { old: PROPS })).rejects.toThrow(
      'scheduled action "nightly" keeps a retention of 14 days: the API Reference gives retentionPeriod no value for "indefinitely", and does not '
      + 'say what UpdateScheduledAction does without one. Nothing was changed: set retention in days, or give a new scheduledActionName');
    expect(serverless).not.toHaveReceivedCommand(UpdateScheduledActionCommand);
  });

  test.each([undefined, -1, 0, 3653, 14])('its own action kept "indefinitely", whatever AWS reports for it (%p): no difference, nothing sent', async (reported) => {
    const forever = { ...PROPS, RetentionPeriod: -1 };
    serverless.on(GetScheduledActionCommand).resolves(action({
      targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: reported, tags: [{ key: 'team', value: 'analytics' }] } },
    }));
    expect(await complete('Update', 'nightly', forever, { old: { ...forever, Description: 'old' } })).toMatchObject({ IsComplete: true });
    expect(await complete('Create', 'nightly', forever)).toMatchObject({ IsComplete: true });
    expect(serverless).not.toHaveReceivedCommand(UpdateScheduledActionCommand);
  });

  test('an action found on Create, "indefinitely" wanted, reporting a retention in days: not adopted (it may not match)', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    await expect(complete('Create', 'adopted:nightly', { ...PROPS, RetentionPeriod: -1 })).rejects.toThrow(/retention period 14 \(this resource: -1\)/);
  });

  test('in place, nothing differs: nothing sent', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    expect(await complete('Update', 'nightly', PROPS, { old: { ...PROPS, Description: 'old' } })).toMatchObject({ IsComplete: true });
    expect(serverless).not.toHaveReceivedCommand(UpdateScheduledActionCommand);
  });

  test('ConflictException on UpdateScheduledAction: waits', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    serverless.on(UpdateScheduledActionCommand).rejects(new ConflictException({ message: 'busy', $metadata: {} }));
    expect(await complete('Update', 'nightly', { ...PROPS, RetentionPeriod: 30 }, { old: PROPS })).toEqual({ IsComplete: false });
  });

  test('deleted between GetScheduledAction and UpdateScheduledAction: waits, and the next pass creates it', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    serverless.on(UpdateScheduledActionCommand).rejects(notFound);
    expect(await complete('Update', 'nightly', { ...PROPS, RetentionPeriod: 30 }, { old: PROPS })).toEqual({ IsComplete: false });
  });

  test('another namespace under the same name: fails saying to choose another name', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    await expect(complete('Update', 'nightly', { ...PROPS, NamespaceName: 'reporting' }, { old: PROPS }))
      .rejects.toThrow(/already exists for namespace "analytics": an action cannot move/);
    expect(serverless).not.toHaveReceivedCommand(UpdateScheduledActionCommand);
  });

  test('the action was deleted outside the stack: created again', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    serverless.on(CreateScheduledActionCommand).resolves({});
    expect(await complete('Update', 'nightly', { ...PROPS, RetentionPeriod: 30 }, { old: PROPS })).toEqual({ IsComplete: false });
    expect(serverless).toHaveReceivedCommandWith(CreateScheduledActionCommand, { scheduledActionName: 'nightly' });
  });
});

describe('Delete', () => {
  test('RETAIN: nothing', async () => {
    expect(await complete('Delete', 'nightly', { ...PROPS, RemovalPolicy: 'retain' })).toEqual({ IsComplete: true });
    expect(serverless).not.toHaveReceivedAnyCommand();
  });

  test('an adopted action, or a Create that failed before it had a name: nothing, never deleted', async () => {
    for (const id of ['adopted:nightly', 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED']) {
      expect(await complete('Delete', id)).toEqual({ IsComplete: true });
    }
    expect(serverless).not.toHaveReceivedAnyCommand();
  });

  test('DESTROY, the action of this namespace: DeleteScheduledAction (its snapshots stay)', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action());
    serverless.on(DeleteScheduledActionCommand).resolves({});
    expect(await complete('Delete', 'nightly')).toEqual({ IsComplete: true });
    expect(serverless).toHaveReceivedCommandWith(DeleteScheduledActionCommand, { scheduledActionName: 'nightly' });
    expect(serverless.commandCalls(DeleteScheduledActionCommand)).toHaveLength(1);
  });

  test('gone already (before or during the call): success', async () => {
    serverless.on(GetScheduledActionCommand).rejects(notFound);
    expect(await complete('Delete', 'nightly')).toEqual({ IsComplete: true });
    serverless.on(GetScheduledActionCommand).resolves(action());
    serverless.on(DeleteScheduledActionCommand).rejects(notFound);
    expect(await complete('Delete', 'nightly')).toEqual({ IsComplete: true });
  });

  test('an action of that name for another namespace: not touched', async () => {
    serverless.on(GetScheduledActionCommand).resolves(action({ namespaceName: 'reporting' }));
    expect(await complete('Delete', 'nightly')).toEqual({ IsComplete: true });
    expect(serverless).not.toHaveReceivedCommand(DeleteScheduledActionCommand);
  });
});

describe('properties', () => {
  test('exactly one of ScheduleCron and ScheduleAt', async () => {
    await expect(onEvent(onEventRequest('Create', { ...PROPS, ScheduleAt: '2026-12-24T18:00:00.000Z' })))
      .rejects.toThrow('exactly one of the properties ScheduleCron and ScheduleAt is required');
  });

  test('a time that is not ISO 8601 fails naming the property', async () => {
    await expect(onEvent(onEventRequest('Create', { ...PROPS, StartTime: 'tomorrow' }))).rejects.toThrow('property StartTime must be an ISO 8601 time, got "tomorrow"');
  });
});
