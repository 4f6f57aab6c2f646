// ServerlessSnapshotSchedule's BUNDLED handler through its lifecycle against the scheduled-action stand-in of Redshift
// Serverless (test/util/serverless-scheduled-actions.ts), driven as CloudFormation and the Provider framework would
// (ProviderDriver), with every request it sends simulated against the synthesized handler role: the requests follow
// the documented Request Syntax, the handler reads the documented responses, a rollback never deletes an action the
// resource did not create, and IAM allows every call (CreateScheduledAction's iam:PassRole of the scheduler role).

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ServerlessSchedule, ServerlessSnapshotSchedule, ServerlessSnapshotScheduleProps, SnapshotRetention } from '../../lib';
import { appWithAssembly, resourceProperties, synthesizedHandler, synthesizedTemplate } from '../util/assembly';
import { CREATE_FAILED_MARKER, ProviderDriver } from '../util/provider-driver';
import { RecordingEndpoint } from '../util/recording-endpoint';
import { resolveTemplateValue } from '../util/role-policies';
import { ServerlessScheduledActionsStandIn } from '../util/serverless-scheduled-actions';

const TYPE = 'Custom::RedshiftServerlessSnapshotSchedule';
let standIn: ServerlessScheduledActionsStandIn;

beforeEach(async () => {
  standIn = await ServerlessScheduledActionsStandIn.start(['analytics', 'reporting']);
});
afterEach(() => standIn.stop());

/** The construct's properties as CloudFormation would send them (the scheduler role's ARN resolved), and a driver. */
function synthesize(props: Partial<ServerlessSnapshotScheduleProps> = {}) {
  const stack = new Stack(appWithAssembly(), 'Wire', { env: { account: '123456789012', region: 'us-east-1' } });
  new ServerlessSnapshotSchedule(stack, 'Nightly', {
    namespaceName: 'analytics',
    scheduledActionName: 'nightly',
    schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }),
    retention: SnapshotRetention.days(14),
    tags: { team: 'analytics' },
    ...props,
  });
  return {
    properties: resolveTemplateValue(resourceProperties(stack, TYPE), synthesizedTemplate(stack)) as Record<string, unknown>,
    driver: new ProviderDriver(synthesizedHandler(stack, 'serverless-snapshot-schedule'), { region: 'us-east-1', endpoint: standIn.url }),
  };
}

test('Create, Update in place, a new name, Delete: the documented requests, allowed by IAM', async () => {
  const v1 = synthesize({ startTime: new Date('2026-12-01T00:00:00Z'), description: 'nightly snapshots' });
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'nightly', data: { ScheduledActionName: 'nightly' } });
  const roleArn = v1.properties.RoleArn;
  expect(roleArn).toMatch(/^arn:aws:iam::123456789012:role\/nightlyschedulerrole/);
  // Request Syntax of CreateScheduledAction: timestamps as epoch seconds, the schedule and target action as unions.
  expect(standIn.sent('CreateScheduledAction')).toEqual([{
    scheduledActionName: 'nightly',
    namespaceName: 'analytics',
    schedule: { cron: '(0 3 * * ? *)' },
    targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', retentionPeriod: 14, tags: [{ key: 'team', value: 'analytics' }] } },
    roleArn,
    enabled: true,
    startTime: Date.parse('2026-12-01T00:00:00Z') / 1000,
    scheduledActionDescription: 'nightly snapshots',
  }]);
  expect(v1.driver.authorizedRequests).toContain('Redshift Serverless CreateScheduledAction');

  const v2 = synthesize({ startTime: new Date('2026-12-01T00:00:00Z'), description: 'nightly snapshots', retention: SnapshotRetention.days(30), enabled: false });
  const updated = await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'nightly' });
  expect(updated).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'nightly' });
  expect(standIn.sent('UpdateScheduledAction')).toEqual([expect.objectContaining({
    scheduledActionName: 'nightly',
    enabled: false,
    roleArn,
    targetAction: { createSnapshot: expect.objectContaining({ retentionPeriod: 30 }) },
  })]);
  expect(standIn.actions.get('nightly')).toMatchObject({ state: 'DISABLED', targetAction: { createSnapshot: { retentionPeriod: 30 } } });

  // A new name: CloudFormation creates the new action, then deletes the old one.
  const v3 = synthesize({ scheduledActionName: 'nightly-v2' });
  const replaced = await v3.driver.send({ requestType: 'Update', properties: v3.properties, oldProperties: v2.properties, physicalResourceId: 'nightly' });
  expect(replaced).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'nightly-v2' });
  expect((await v3.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'nightly' })).status).toBe('SUCCESS');
  expect([...standIn.actions.keys()]).toEqual(['nightly-v2']);

  expect((await v3.driver.send({ requestType: 'Delete', properties: v3.properties, physicalResourceId: 'nightly-v2' })).status).toBe('SUCCESS');
  expect(standIn.actions.size).toBe(0);
  expect(standIn.sent('DeleteScheduledAction')).toEqual([{ scheduledActionName: 'nightly' }, { scheduledActionName: 'nightly-v2' }]);
  for (const request of standIn.requests) {
    expect(request.headers['x-amz-target']).toMatch(/^RedshiftServerless\.[A-Za-z]+$/);
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
  }
});

test('an existing action with these settings is adopted, and never deleted, not even by the rollback', async () => {
  const v1 = synthesize();
  await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  const before = JSON.stringify(standIn.actions.get('nightly'));

  // Another stack (or the console) made it: this resource adopts it.
  const adopted = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(adopted).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'adopted:nightly' });
  expect(standIn.sent('CreateScheduledAction')).toHaveLength(1);
  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: 'adopted:nightly' })).status).toBe('SUCCESS');
  expect(JSON.stringify(standIn.actions.get('nightly'))).toBe(before);
  expect(standIn.sent('DeleteScheduledAction')).toEqual([]);
});

test('an existing action with other settings: the Create fails naming them, and its rollback leaves the action as it was', async () => {
  const theirs = synthesize({ retention: SnapshotRetention.days(3) });
  await theirs.driver.send({ requestType: 'Create', properties: theirs.properties });
  const before = JSON.stringify(standIn.actions.get('nightly'));

  const ours = synthesize();
  const failed = await ours.driver.send({ requestType: 'Create', properties: ours.properties });
  expect(failed.status).toBe('FAILED');
  expect(failed.reason).toContain('a scheduled action "nightly" already exists with settings this resource did not make: retention period 3 (this resource: 14)');
  const rollback = await ours.driver.send({ requestType: 'Delete', properties: ours.properties, physicalResourceId: failed.physicalResourceId });
  expect(rollback.status).toBe('SUCCESS');
  expect(JSON.stringify(standIn.actions.get('nightly'))).toBe(before);
  expect(standIn.sent('UpdateScheduledAction')).toEqual([]);
  expect(standIn.sent('DeleteScheduledAction')).toEqual([]);
});

test('a namespace that does not exist fails the Create saying so, and the rollback has nothing to delete', async () => {
  const v1 = synthesize({ namespaceName: 'missing' });
  const failed = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(failed).toMatchObject({ status: 'FAILED', physicalResourceId: 'nightly' });
  expect(failed.reason).toMatch(/namespace "missing" was not found in us-east-1 .*set namespaceName to an existing namespace/);
  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: 'nightly' })).status).toBe('SUCCESS');
  expect(standIn.sent('DeleteScheduledAction')).toEqual([]);
});

test('a ConflictException is waited out; RETAIN keeps the action', async () => {
  standIn.failures.push({ operation: 'CreateScheduledAction', error: 'ConflictException', message: 'namespace is busy' });
  const v1 = synthesize({ removalPolicy: RemovalPolicy.RETAIN, schedule: ServerlessSchedule.at(new Date('2027-01-01T12:00:00Z')) });
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'nightly' });
  expect(standIn.sent('CreateScheduledAction')).toHaveLength(2);
  expect(standIn.sent('CreateScheduledAction')[1].schedule).toEqual({ at: Date.parse('2027-01-01T12:00:00Z') / 1000 });
  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: 'nightly' })).status).toBe('SUCCESS');
  expect(standIn.actions.has('nightly')).toBe(true);
});

test('a Create that failed before onEvent answered: the framework\'s Delete touches nothing', async () => {
  const v1 = synthesize();
  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: CREATE_FAILED_MARKER })).status).toBe('SUCCESS');
  expect(standIn.requests.filter((request) => RecordingEndpoint.target(request) !== '')).toEqual([]);
});

test('a lost answer to CreateScheduledAction: the retry finds the action this resource created, and the Create succeeds', async () => {
  standIn.lostAnswers.push('CreateScheduledAction');
  const v1 = synthesize();
  const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
  expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'nightly' });
  // The SDK retried the 500 and was told the action exists (ConflictException): the next pass read it.
  expect(standIn.sent('CreateScheduledAction').length).toBeGreaterThanOrEqual(2);
  expect(standIn.actions.size).toBe(1);
  expect((await v1.driver.send({ requestType: 'Delete', properties: v1.properties, physicalResourceId: 'nightly' })).status).toBe('SUCCESS');
  expect(standIn.actions.size).toBe(0);
});
