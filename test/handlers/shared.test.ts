// The code every handler shares (lambda/shared/*), function by function: what the kinds' tests reach only
// through one path, and the log lines the IAM simulation of the lifecycle tests reads in another process.

import { DescribeClustersCommand } from '@aws-sdk/client-redshift';
import { CLIENT_CONFIG, send } from '../../lambda/shared/aws';
import { clusterNeedsTheUser } from '../../lambda/shared/cluster-status';
import { awsErrorName, errorMessage, isTransientAwsError, userErrorFrom } from '../../lambda/shared/errors';
import { handlers, leaveUnfinished, ParsedCommon, parseCommon, previousInPlace, ResourceHandler, tagChanges, tagChangesSincePrevious } from '../../lambda/shared/handler';
import { log, logEvent } from '../../lambda/shared/log';
import { ownerId } from '../../lambda/shared/owner';
import { integer, oneOf, optionalString, requiredString, tags } from '../../lambda/shared/properties';
import { stackEnvironment } from '../../lambda/shared/stack';
import { checkDeadline, DONE, elapsedSeconds, formatSeconds, providerPollSeconds, waitingFor } from '../../lambda/shared/waiting';
import { hasOnlyStandardTagCharacters } from '../../lib/handler-properties/tag-rules';
import { isCompleteRequest, onEventRequest } from '../util/events';

let lines: Array<Record<string, unknown>>;
beforeEach(() => {
  lines = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(JSON.parse(line)); });
});
afterEach(() => {
  delete process.env.POLL_INTERVAL_SECONDS;
});

describe('send: the one way to AWS, one log line per request', () => {
  const client = (answer: () => Promise<unknown>) => ({ config: { serviceId: 'Redshift', region: async () => 'us-west-2' }, send: answer });
  const command = new DescribeClustersCommand({ ClusterIdentifier: 'analytics' });

  test('an answer is returned and logged with service, region, operation, input and time', async () => {
    expect(await send(client(async () => ({ Clusters: [] })), command)).toEqual({ Clusters: [] });
    expect(lines).toEqual([{ service: 'Redshift', region: 'us-west-2', call: 'DescribeClusters', input: { ClusterIdentifier: 'analytics' }, outcome: 'ok', ms: expect.any(Number) }]);
  });

  test('an error is logged with its name, message and HTTP status, and thrown as it is', async () => {
    const error = Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    await expect(send(client(async () => { throw error; }), command)).rejects.toBe(error);
    expect(lines).toEqual([{
      service: 'Redshift',
      region: 'us-west-2',
      call: 'DescribeClusters',
      input: { ClusterIdentifier: 'analytics' },
      outcome: 'error',
      error: 'Throttling',
      message: 'Rate exceeded',
      httpStatus: 400,
      ms: expect.any(Number),
    }]);
  });

  test('the time logged is how long the request took; an error without metadata is logged and thrown as it is', async () => {
    const error = new Error('socket hang up');
    await expect(send(client(async () => { throw error; }), command)).rejects.toBe(error);
    await send(client(async () => ({})), command);
    expect(lines.map((line) => [line.outcome, line.httpStatus])).toEqual([['error', undefined], ['ok', undefined]]);
    for (const line of lines) expect(line.ms).toEqual(expect.any(Number));
    expect(lines.every((line) => (line.ms as number) >= 0 && (line.ms as number) < 60_000)).toBe(true);
  });

  test('the operation is the command\'s class name without its last "Command"', async () => {
    class ListCommandInvocationsCommand { readonly input = { CommandId: 'c' }; }
    await send({ config: { serviceId: 'SSM', region: async () => 'us-east-1' }, send: async () => ({}) }, new ListCommandInvocationsCommand());
    expect(lines[0].call).toBe('ListCommandInvocations');
  });

  test('the client settings: adaptive retry, 4 attempts, short timeouts that throw', () => {
    expect(CLIENT_CONFIG).toEqual({
      maxAttempts: 4, retryMode: 'adaptive', requestHandler: { connectionTimeout: 3000, requestTimeout: 15000, throwOnRequestTimeout: true },
    });
  });
});

describe('log', () => {
  test('every line carries the event\'s request id, logical id and type; the event line has no service token', () => {
    const event = onEventRequest('Update', { Name: 'x' }, { physicalResourceId: 'p', resourceType: 'Custom::Thing' });
    logEvent('onEvent', event);
    log({ outcome: 'done' });
    const context = { requestId: event.RequestId, logicalResourceId: 'Resource', requestType: 'Update' };
    expect(lines).toEqual([
      { ...context, event: 'onEvent', physicalResourceId: 'p', resourceType: 'Custom::Thing', properties: { Name: 'x' } },
      { ...context, outcome: 'done' },
    ]);
  });
});

describe('stackEnvironment', () => {
  test('partition, region and account from the stack id', () => {
    expect(stackEnvironment({ ...onEventRequest('Create', {}), StackId: 'arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/s/1' }))
      .toEqual({ partition: 'aws-cn', region: 'cn-north-1', account: '111122223333' });
  });
});

describe('properties as CloudFormation sends them', () => {
  test('requiredString: a non-empty string', () => {
    expect(requiredString({ A: 'x' }, 'A')).toBe('x');
    expect(() => requiredString({ A: '' }, 'A')).toThrow('property A is required, got ""');
    expect(() => requiredString({ A: ['x'] }, 'A')).toThrow('property A is required, got ["x"]');
    expect(() => requiredString({}, 'A')).toThrow('property A is required, got undefined');
  });

  test('optionalString: absent or empty is undefined; not a string fails', () => {
    expect(optionalString({ A: 'x' }, 'A')).toBe('x');
    expect(optionalString({ A: '' }, 'A')).toBeUndefined();
    expect(optionalString({}, 'A')).toBeUndefined();
    expect(() => optionalString({ A: ['x'] }, 'A')).toThrow('property A must be a string, got ["x"]');
  });

  test('integer: "7" and 7, the bounds, and the extra values', () => {
    expect(integer({ N: '7' }, 'N', 1, 35)).toBe(7);
    expect(integer({ N: 7 }, 'N', 1, 35)).toBe(7);
    expect(integer({ N: '1' }, 'N', 1, 35)).toBe(1);
    expect(integer({ N: '35' }, 'N', 1, 35)).toBe(35);
    expect(integer({ N: '-1' }, 'N', 1, 35, [-1])).toBe(-1);
    expect(() => integer({ N: '36' }, 'N', 1, 35)).toThrow('property N must be a whole number from 1 to 35, got "36"');
    expect(() => integer({ N: '0' }, 'N', 1, 35)).toThrow('property N must be a whole number from 1 to 35, got "0"');
    expect(() => integer({ N: '0' }, 'N', 1, 35, [-1, -2])).toThrow('property N must be -1, -2 or a whole number from 1 to 35, got "0"');
    expect(() => integer({ N: '7.5' }, 'N', 1, 35)).toThrow('got "7.5"');
    expect(() => integer({ N: 'x7' }, 'N', 1, 35)).toThrow('got "x7"');
    expect(() => integer({ N: '7x' }, 'N', 1, 35)).toThrow('got "7x"');
    expect(() => integer({ N: 7.5 }, 'N', 1, 35)).toThrow('got 7.5');
    // Number() alone would take these: the digits-only pattern refuses them.
    for (const notDigits of [' 7', '7 ', '1e1', '7.0', '0x1A']) {
      expect(() => integer({ N: notDigits }, 'N', 0, 100)).toThrow(`got ${JSON.stringify(notDigits)}`);
    }
    expect(() => integer({ N: '' }, 'N', 0, 100)).toThrow('got ""');
    expect(() => integer({ N: [7] }, 'N', 0, 100)).toThrow('got [7]');
    expect(() => integer({}, 'N', 1, 35)).toThrow('property N must be a whole number from 1 to 35, got undefined');
  });

  test('oneOf: one of the values, named when not', () => {
    expect(oneOf({ P: 'retain' }, 'P', ['destroy', 'retain'])).toBe('retain');
    expect(() => oneOf({ P: 'snapshot' }, 'P', ['destroy', 'retain'])).toThrow('property P must be one of destroy, retain, got "snapshot"');
    expect(() => oneOf({ P: 1 }, 'P', ['1'])).toThrow('property P must be one of 1, got 1');
  });

  test('tags: a list of { Key, Value }, a missing Value empty', () => {
    expect(tags({ T: [{ Key: 'a', Value: 'b' }, { Key: 'c' }] }, 'T')).toEqual([{ Key: 'a', Value: 'b' }, { Key: 'c', Value: '' }]);
    expect(tags({ T: '' }, 'T')).toEqual([]);
    expect(tags({}, 'T')).toEqual([]);
    for (const bad of ['a', [null], ['a'], [{ Value: 'b' }], [{ Key: 1 }], [{ Key: 'a', Value: 2 }]]) {
      expect(() => tags({ T: bad }, 'T')).toThrow(`property T must be a list of { Key, Value } tags, got ${JSON.stringify(bad)}`);
    }
  });
});

describe('errors', () => {
  test('awsErrorName: the name of an error object, else undefined', () => {
    expect(awsErrorName(Object.assign(new Error('x'), { name: 'Throttling' }))).toBe('Throttling');
    expect(awsErrorName({ name: 'Plain' })).toBe('Plain');
    expect(awsErrorName({ name: 7 })).toBeUndefined();
    expect(awsErrorName({})).toBeUndefined();
    expect(awsErrorName(null)).toBeUndefined();
    expect(awsErrorName('Throttling')).toBeUndefined();
  });

  test('errorMessage: an Error\'s message, anything else as a string', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('boom')).toBe('boom');
  });

  test('userErrorFrom: the fix with the error name, or undefined', () => {
    const error = userErrorFrom('Quota', { Quota: 'delete some' });
    expect(error?.message).toBe('delete some (Quota)');
    expect(error?.name).toBe('UserError');
    expect(userErrorFrom('Other', { Quota: 'delete some' })).toBeUndefined();
  });

  test.each([
    [{ $retryable: {} }, true],
    [{ $fault: 'server' }, true],
    [{ $metadata: { httpStatusCode: 500 } }, true],
    [{ $metadata: { httpStatusCode: 429 } }, true],
    [{ name: 'ThrottlingException' }, true],
    // Redshift's "Wait and retry the request", an HTTP 400 answer
    [{ name: 'DependentServiceRequestThrottlingFault', $fault: 'client', $metadata: { httpStatusCode: 400 } }, true],
    [{ code: 'ECONNRESET' }, true],
    [{ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }, false],
    [{ $metadata: { httpStatusCode: 499 } }, false],
    [{}, false],
    [null, false],
    ['Throttling', false],
  ])('isTransientAwsError(%j) is %s', (error, expected) => {
    expect(isTransientAwsError(error)).toBe(expected);
  });
});

describe('waiting', () => {
  const started = (secondsAgo: number | string, now: number) =>
    isCompleteRequest('Create', {}, { physicalResourceId: 'x', startedAt: typeof secondsAgo === 'string' ? secondsAgo : new Date(now - secondsAgo * 1000).toISOString() });
  const NOW = Date.parse('2026-01-01T01:00:00Z');

  test('DONE and waitingFor', () => {
    expect(DONE).toEqual({ done: true });
    expect(waitingFor('x')).toEqual({ done: false, waitingFor: 'x' });
  });

  test('the provider\'s poll interval: the environment, else 10 seconds', () => {
    expect(providerPollSeconds()).toBe(10);
    process.env.POLL_INTERVAL_SECONDS = '30';
    expect(providerPollSeconds()).toBe(30);
  });

  test('elapsed seconds: rounded, never negative, undefined without a start', () => {
    expect(elapsedSeconds(started(90.4, NOW), NOW)).toBe(90);
    expect(elapsedSeconds(started(-5, NOW), NOW)).toBe(0);
    expect(elapsedSeconds(started('not a date', NOW), NOW)).toBeUndefined();
    expect(elapsedSeconds({ ...started(1, NOW), Data: undefined }, NOW)).toBeUndefined();
  });

  test('the construct\'s timeout: fails when the next poll would start after it', () => {
    expect(() => checkDeadline(started(589, NOW), 600, 'x', NOW)).not.toThrow();
    expect(() => checkDeadline(started(590, NOW), 600, 'x', NOW)).not.toThrow();
    expect(() => checkDeadline(started(591, NOW), 600, 'the snapshot', NOW)).toThrow('timed out after 9m51s (timeout 10m00s) waiting for the snapshot');
    expect(() => checkDeadline(started(571, NOW), 600, 'x', NOW, 30)).toThrow('timed out after 9m31s');
    expect(() => checkDeadline(started('unknown', NOW), 600, 'x', NOW)).not.toThrow();
  });

  test('CloudFormation\'s hour: fails when the next pass could end after it', () => {
    // 3600 - 10 (poll) - 180 (handler timeout) - 30 (framework margin) = 3380 seconds.
    expect(() => checkDeadline(started(3380, NOW), 3600, 'x', NOW)).not.toThrow();
    expect(() => checkDeadline(started(3381, NOW), 3600, 'the copy', NOW)).toThrow(
      'timed out after 56m21s (CloudFormation allows a custom resource 60m00s, and the next check might end after that) waiting for the copy');
  });

  test.each([[0, '0s'], [59, '59s'], [60, '1m00s'], [61, '1m01s'], [3600, '60m00s']])('%i seconds read %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('the handler skeleton', () => {
  interface Props extends ParsedCommon { readonly Name: string }
  const calls: string[] = [];
  const resource: ResourceHandler<Props> = {
    parse: (props) => ({ Name: requiredString(props, 'Name'), ...parseCommon(props) }),
    physicalId: (props) => `id-${props.Name}`,
    converge: async (props) => { calls.push(`converge ${props.Name}`); return props.Name === 'wait' ? waitingFor('it') : { done: true, data: { A: 1 } }; },
    remove: async (props) => { calls.push(`remove ${props.Name}`); throw Object.assign(new Error('denied'), { name: 'AccessDenied', $fault: 'client' }); },
  };
  const skeleton = handlers(resource);
  const PROPS = { Name: 'x', RemovalPolicy: 'destroy', TimeoutSeconds: 600 };
  beforeEach(() => { calls.length = 0; });

  test('onEvent: the physical id of the properties and the start time; Delete keeps the id it is given', async () => {
    const created = await skeleton.onEvent(onEventRequest('Create', PROPS));
    expect(created.PhysicalResourceId).toBe('id-x');
    expect(Date.parse(String(created.Data?.StartedAt))).not.toBeNaN();
    expect((await skeleton.onEvent(onEventRequest('Update', PROPS, { physicalResourceId: 'old' }))).PhysicalResourceId).toBe('id-x');
    expect((await skeleton.onEvent(onEventRequest('Delete', PROPS, { physicalResourceId: 'old' }))).PhysicalResourceId).toBe('old');
    expect(lines.filter((line) => line.event).map((line) => line.event)).toEqual(['onEvent', 'onEvent', 'onEvent']);
    expect(calls).toEqual([]);
  });

  test('isComplete: complete with the data, or waiting; each logged', async () => {
    expect(await skeleton.isComplete(isCompleteRequest('Create', PROPS, { physicalResourceId: 'id-x' }))).toEqual({ IsComplete: true, Data: { A: 1 } });
    expect(await skeleton.isComplete(isCompleteRequest('Update', { ...PROPS, Name: 'wait' }, { physicalResourceId: 'id-wait' }))).toEqual({ IsComplete: false });
    expect(lines.filter((line) => line.outcome).map((line) => [line.outcome, line.waitingFor])).toEqual([['complete', undefined], ['waiting', 'it']]);
    expect(lines.filter((line) => line.event).map((line) => line.event)).toEqual(['isComplete', 'isComplete']);
    expect(calls).toEqual(['converge x', 'converge wait']);
  });

  test('Delete: RETAIN touches nothing and logs it; DESTROY removes, and an error that is not AWS being unwell fails', async () => {
    expect(await skeleton.isComplete(isCompleteRequest('Delete', { ...PROPS, RemovalPolicy: 'retain' }, { physicalResourceId: 'id-x' }))).toEqual({ IsComplete: true });
    expect(lines).toContainEqual(expect.objectContaining({ outcome: 'retained', physicalResourceId: 'id-x' }));
    expect(calls).toEqual([]);
    await expect(skeleton.isComplete(isCompleteRequest('Delete', PROPS, { physicalResourceId: 'id-x' }))).rejects.toThrow('denied');
    expect(calls).toEqual(['remove x']);
  });

  test('common properties: RemovalPolicy and TimeoutSeconds (60 to 3600) are checked', () => {
    expect(parseCommon({ RemovalPolicy: 'retain', TimeoutSeconds: '3600' })).toEqual({ RemovalPolicy: 'retain', TimeoutSeconds: 3600 });
    expect(() => parseCommon({ RemovalPolicy: 'retain', TimeoutSeconds: '3601' })).toThrow('property TimeoutSeconds must be a whole number from 60 to 3600');
    expect(() => parseCommon({ RemovalPolicy: 'retain', TimeoutSeconds: '59' })).toThrow('property TimeoutSeconds must be a whole number from 60 to 3600');
    expect(parseCommon({ RemovalPolicy: 'retain', TimeoutSeconds: '60' }).TimeoutSeconds).toBe(60);
    expect(() => parseCommon({ RemovalPolicy: 'snapshot', TimeoutSeconds: '60' })).toThrow('property RemovalPolicy must be one of destroy, retain');
  });

  test('previousInPlace: the old properties of an Update of the same object only', () => {
    const update = (old: Record<string, unknown> | undefined) =>
      isCompleteRequest('Update', PROPS, { physicalResourceId: 'id-x', oldProperties: old });
    const props = resource.parse(update(undefined).ResourceProperties);
    expect(previousInPlace(resource, props, update({ ...PROPS, TimeoutSeconds: 60 }))?.TimeoutSeconds).toBe(60);
    expect(previousInPlace(resource, props, update({ ...PROPS, Name: 'y' }))).toBeUndefined();
    expect(previousInPlace(resource, props, update(undefined))).toBeUndefined();
    expect(previousInPlace(resource, props, isCompleteRequest('Create', PROPS, { physicalResourceId: 'id-x', oldProperties: PROPS }))).toBeUndefined();
  });

  test('leaveUnfinished: success, and a log line that says what was left and what to do', () => {
    expect(leaveUnfinished('snapshot "s"', 'creating')).toEqual(DONE);
    expect(lines).toEqual([expect.objectContaining({
      outcome: 'left',
      reason: 'snapshot "s" is still being created (status creating): not deleted, and not waited for. Delete it once it is finished, '
        + 'or deploy the resource again: its Create adopts the snapshot',
    })]);
  });
});

describe('tag changes', () => {
  test('tagChanges: values that differ are set; keys this resource set before and no longer wants are removed, if present', () => {
    expect(tagChanges(
      [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }, { Key: 'owner', Value: 'x' }, { Key: 'gone' }, {}],
      [{ Key: 'team', Value: 'platform' }, { Key: 'owner', Value: 'x' }, { Key: 'new', Value: '' }],
      [{ Key: 'stage', Value: 'dev' }, { Key: 'absent', Value: 'y' }, { Key: 'team', Value: 'data' }],
    )).toEqual({ set: [{ Key: 'team', Value: 'platform' }, { Key: 'new', Value: '' }], remove: ['stage'] });
    expect(tagChanges([{ Key: 'a' }], [{ Key: 'a', Value: '' }], [])).toEqual({ set: [], remove: [] });
  });

  test('tagChangesSincePrevious: everything wanted when the list changed or there was none before; dropped keys removed', () => {
    const key = (tag: { Key: string }) => tag.Key;
    expect(tagChangesSincePrevious([{ Key: 'a' }], [{ Key: 'a' }], key)).toEqual({ set: [], remove: [] });
    expect(tagChangesSincePrevious([{ Key: 'a' }], undefined, key)).toEqual({ set: [{ Key: 'a' }], remove: [] });
    expect(tagChangesSincePrevious([], undefined, key)).toEqual({ set: [], remove: [] });
    expect(tagChangesSincePrevious([{ Key: 'a' }], [{ Key: 'a' }, { Key: 'b' }], key)).toEqual({ set: [{ Key: 'a' }], remove: ['b'] });
  });
});

describe('cluster states only the user ends', () => {
  test.each([
    ['paused', 'resume it (ResumeCluster)'],
    ['incompatible-hsm', 'fix its HSM configuration'],
    ['incompatible-network', 'fix its network configuration (VPC, subnet group)'],
    ['incompatible-parameters', 'fix its parameter group'],
    ['incompatible-restore', 'restore it again'],
    ['storage-full', 'free storage or resize it'],
    ['deleting', 'use another cluster'],
    ['final-snapshot', 'use another cluster'],
  ])('%s: %s', (status, fix) => {
    expect(clusterNeedsTheUser('c1', status, 'wait')).toBe(`cluster c1 is ${status}: ${fix}, or wait`);
  });

  test.each(['available', 'modifying', 'resizing', undefined])('%s: waited for', (status) => {
    expect(clusterNeedsTheUser('c1', status, 'wait')).toBeUndefined();
  });
});

describe('ownerId: the tag value that marks what a resource made', () => {
  const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/prod-data/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

  test('the stack id and the logical id, joined by "/": only characters AWS allows in a tag value', () => {
    const value = ownerId({ StackId: stackId, LogicalResourceId: 'SnapshotCopyGrant1A2B3C' });
    expect(value).toBe(`${stackId}/SnapshotCopyGrant1A2B3C`);
    expect(hasOnlyStandardTagCharacters(value)).toBe(true);
  });

  test('another resource of the stack, or the same logical id in another stack, has another owner id', () => {
    const ours = ownerId({ StackId: stackId, LogicalResourceId: 'Grant' });
    expect(ownerId({ StackId: stackId, LogicalResourceId: 'Grant2' })).not.toBe(ours);
    expect(ownerId({ StackId: stackId.replace('prod-data', 'prod-data2'), LogicalResourceId: 'Grant' })).not.toBe(ours);
  });

  test.each([
    ['a character AWS does not allow in a tag value', { StackId: `${stackId}#1`, LogicalResourceId: 'Grant' }],
    ['more than 256 characters', { StackId: stackId, LogicalResourceId: 'L'.repeat(256 - stackId.length) }],
  ])('%s: a hash of both, of allowed characters, the same on every call', (_name, resource) => {
    const value = ownerId(resource);
    expect(value).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ownerId(resource)).toBe(value);
    expect(ownerId({ ...resource, LogicalResourceId: `${resource.LogicalResourceId}X` })).not.toBe(value);
  });

  test('256 characters exactly are kept as they are', () => {
    const logicalId = 'L'.repeat(256 - stackId.length - 1);
    expect(ownerId({ StackId: stackId, LogicalResourceId: logicalId })).toBe(`${stackId}/${logicalId}`);
  });
});
