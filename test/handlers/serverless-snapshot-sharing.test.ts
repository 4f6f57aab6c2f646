// ServerlessSnapshot's sharing (shareWith) against a mocked Redshift Serverless client: one test per sharing row of
// the table in lambda/serverless-snapshot/index.ts. This resource's statement in the snapshot's resource policy is
// the one whose Sid is CdkDbSnapshotsShareWith + a hash of its owner id (stack id # logical id).

import {
  ConflictException,
  DeleteResourcePolicyCommand,
  DeleteSnapshotCommand,
  GetResourcePolicyCommand,
  GetSnapshotCommand,
  PutResourcePolicyCommand,
  RedshiftServerlessClient,
  RedshiftServerlessServiceException,
  ResourceNotFoundException,
  Snapshot,
  TagResourceCommand,
} from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete } from '../../lambda/serverless-snapshot';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions } from '../util/events';

const serverless = mockClient(RedshiftServerlessClient);
const PROPS = { NamespaceName: 'analytics', SnapshotName: 'before-upgrade', RetentionPeriod: 30, Tags: [], RemovalPolicy: 'destroy', TimeoutSeconds: 2700 };
const SNAPSHOT_ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/0b1c';
/** The Sid of the events of test/util/events.ts: the prefix and sha256(owner id)[0..16]. */
const SID = 'CdkDbSnapshotsShareWitha6bfa449a7d8a995';

const snapshot = (changes: Partial<Snapshot> = {}) => ({
  snapshot: { snapshotName: 'before-upgrade', namespaceName: 'analytics', status: 'AVAILABLE', snapshotRetentionPeriod: 30, snapshotArn: SNAPSHOT_ARN, ...changes } as Snapshot,
});
const ours = (...accounts: string[]) => ({ Sid: SID, Effect: 'Allow', Principal: { AWS: accounts }, Action: ['redshift-serverless:RestoreFromSnapshot'] });
const someoneElses = { Sid: 'PartnerRestore', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:root' }, Action: 'redshift-serverless:RestoreFromSnapshot' };
const policy = (...statements: object[]) => ({ resourcePolicy: { resourceArn: SNAPSHOT_ARN, policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } });
const noPolicy = new ResourceNotFoundException({ message: 'resource policy not found', $metadata: {} });
const putPolicies = () => serverless.commandCalls(PutResourcePolicyCommand)
  .map((call) => ({ ...call.args[0].input, policy: JSON.parse(call.args[0].input.policy!) }));

const complete = (requestType: RequestType, props: Record<string, unknown> = PROPS, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, String(props.SnapshotName), options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  serverless.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  serverless.on(TagResourceCommand).resolves({});
});

describe('Create and Update', () => {
  test('no policy yet: PutResourcePolicy on the snapshot ARN with our statement allowing RestoreFromSnapshot', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).rejects(noPolicy);
    serverless.on(PutResourcePolicyCommand).resolves({});
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111', '222222222222'] })).IsComplete).toBe(true);
    expect(putPolicies()).toEqual([{
      resourceArn: SNAPSHOT_ARN,
      policy: { Version: '2012-10-17', Statement: [ours('111111111111', '222222222222')] },
    }]);
    expect(serverless).toHaveReceivedCommandWith(GetResourcePolicyCommand, { resourceArn: SNAPSHOT_ARN });
  });

  test('our statement already says it (a replay; principals as the service may rewrite them): nothing written', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy({ ...ours(), Principal: { AWS: ['arn:aws:iam::222222222222:root', '111111111111'] } }));
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111', '222222222222'] })).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(PutResourcePolicyCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteResourcePolicyCommand);
  });

  test('accounts changed: our statement rewritten in place, a statement someone else wrote kept and named in the log', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(someoneElses, ours('111111111111')));
    serverless.on(PutResourcePolicyCommand).resolves({});
    const old = { ...PROPS, ShareWith: ['111111111111'] };
    expect((await complete('Update', { ...PROPS, ShareWith: ['222222222222'] }, { old })).IsComplete).toBe(true);
    expect(putPolicies()[0].policy.Statement).toEqual([someoneElses, ours('222222222222')]);
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(expect.objectContaining({
      outcome: 'kept', reason: expect.stringContaining('statements this resource did not write (principals 444444444444): kept as they are'),
    }));
  });

  test('shareWith emptied: our statement removed, the others kept', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(someoneElses, ours('111111111111')));
    serverless.on(PutResourcePolicyCommand).resolves({});
    expect((await complete('Update', { ...PROPS, ShareWith: [] }, { old: { ...PROPS, ShareWith: ['111111111111'] } })).IsComplete).toBe(true);
    expect(putPolicies()[0].policy.Statement).toEqual([someoneElses]);
  });

  test('shareWith removed and ours was the only statement: DeleteResourcePolicy', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(ours('111111111111')));
    serverless.on(DeleteResourcePolicyCommand).resolves({});
    expect((await complete('Update', PROPS, { old: { ...PROPS, ShareWith: ['111111111111'] } })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandWith(DeleteResourcePolicyCommand, { resourceArn: SNAPSHOT_ARN });
    expect(serverless).not.toHaveReceivedCommand(PutResourcePolicyCommand);
  });

  test('shareWith never given: the resource policy is not read (the role has no permission for it)', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    expect((await complete('Update', PROPS, { old: PROPS })).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(GetResourcePolicyCommand);
  });

  test('PutResourcePolicy ConflictException: waits', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).rejects(noPolicy);
    serverless.on(PutResourcePolicyCommand).rejects(new ConflictException({ message: 'busy', $metadata: {} }));
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(false);
  });

  test('shareWith removed and the permission went with it (AccessDeniedException): fails saying to deploy [] first', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).rejects(new RedshiftServerlessServiceException({ name: 'AccessDeniedException', message: 'denied', $fault: 'client', $metadata: {} }));
    await expect(complete('Update', PROPS, { old: { ...PROPS, ShareWith: ['111111111111'] } })).rejects.toThrow(
      /reading the resource policy was denied .*deploy shareWith: \[\] first/);
  });

  test('shareWith [] and only a statement someone else wrote: nothing written, its principals named in the log', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(someoneElses));
    expect((await complete('Update', { ...PROPS, ShareWith: [] })).IsComplete).toBe(true);
    expect(serverless).not.toHaveReceivedCommand(PutResourcePolicyCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteResourcePolicyCommand);
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(expect.objectContaining({
      outcome: 'kept',
      reason: 'the resource policy of snapshot "before-upgrade" has statements this resource did not write (principals 444444444444): kept as they are',
    }));
  });

  test('only our statement, already as wanted: nothing logged as kept', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(ours('111111111111')));
    expect((await complete('Update', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)))).not.toContainEqual(expect.objectContaining({ outcome: 'kept' }));
    expect(serverless).not.toHaveReceivedCommand(PutResourcePolicyCommand);
  });

  test('as many accounts as before, one of them another: our statement rewritten', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(ours('111111111111', '222222222222')));
    serverless.on(PutResourcePolicyCommand).resolves({});
    expect((await complete('Update', { ...PROPS, ShareWith: ['111111111111', '333333333333'] })).IsComplete).toBe(true);
    expect(putPolicies()[0].policy.Statement).toEqual([ours('111111111111', '333333333333')]);
  });

  test('PutResourcePolicy ValidationException: fails saying to check the account ids', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).rejects(noPolicy);
    serverless.on(PutResourcePolicyCommand).rejects(new RedshiftServerlessServiceException({ name: 'ValidationException', message: 'bad principal', $fault: 'client', $metadata: {} }));
    await expect(complete('Create', { ...PROPS, ShareWith: ['111111111111'] })).rejects.toThrow(
      'the resource policy of snapshot "before-upgrade" was rejected (bad principal): check the account ids of shareWith (ValidationException)');
  });

  test.each([
    ['PutResourcePolicy', 'writing the resource policy', [ours('111111111111')], ['222222222222']],
    ['DeleteResourcePolicy', 'deleting the resource policy', [ours('111111111111')], []],
  ] as const)('%s AccessDeniedException: fails saying what was denied and to deploy [] first', async (_action, doing, statements, shareWith) => {
    const denied = new RedshiftServerlessServiceException({ name: 'AccessDeniedException', message: 'denied', $fault: 'client', $metadata: {} });
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(...statements));
    serverless.on(PutResourcePolicyCommand).rejects(denied);
    serverless.on(DeleteResourcePolicyCommand).rejects(denied);
    await expect(complete('Update', { ...PROPS, ShareWith: [...shareWith] })).rejects.toThrow(
      `${doing} was denied (denied): the handler may change a snapshot's resource policy only while shareWith is set. `
      + 'To stop sharing, deploy shareWith: [] first, then remove the prop (AccessDeniedException)');
  });

  test('DeleteResourcePolicy ResourceNotFoundException (deleted meanwhile): done', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(ours('111111111111')));
    serverless.on(DeleteResourcePolicyCommand).rejects(noPolicy);
    expect((await complete('Update', { ...PROPS, ShareWith: [] })).IsComplete).toBe(true);
    expect(serverless).toHaveReceivedCommandTimes(DeleteResourcePolicyCommand, 1);
  });

  test('the stack\'s own account in shareWith: fails at once', async () => {
    await expect(complete('Create', { ...PROPS, ShareWith: ['123456789012'] })).rejects.toThrow(/shareWith lists 123456789012, the account of the stack/);
    expect(serverless.calls()).toHaveLength(0);
  });
});

describe('Delete', () => {
  test('RETAIN: the policy stays', async () => {
    expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain', ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(serverless.calls()).toHaveLength(0);
  });

  test('DESTROY, only our statement: DeleteResourcePolicy, then DeleteSnapshot', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(ours('111111111111')));
    serverless.on(DeleteResourcePolicyCommand).resolves({});
    serverless.on(DeleteSnapshotCommand).resolves({});
    expect((await complete('Delete', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(false); // waits until it is gone
    const order = serverless.calls().map((call) => call.args[0].constructor.name);
    expect(order).toEqual(['GetSnapshotCommand', 'GetResourcePolicyCommand', 'DeleteResourcePolicyCommand', 'DeleteSnapshotCommand']);
    expect(serverless).toHaveReceivedCommandWith(GetResourcePolicyCommand, { resourceArn: SNAPSHOT_ARN });
    expect(serverless).toHaveReceivedCommandWith(DeleteResourcePolicyCommand, { resourceArn: SNAPSHOT_ARN });
  });

  test.each([
    ['GetResourcePolicy ResourceNotFoundException', () => serverless.on(GetResourcePolicyCommand).rejects(noPolicy)],
    ['GetResourcePolicy answering no resourcePolicy', () => serverless.on(GetResourcePolicyCommand).resolves({})],
  ])('DESTROY with shareWith and no policy (%s): no DeleteResourcePolicy, DeleteSnapshot', async (_case, noPolicyAnswer) => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    noPolicyAnswer();
    serverless.on(DeleteSnapshotCommand).resolves({});
    expect((await complete('Delete', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(false); // waits until it is gone
    expect(serverless).not.toHaveReceivedCommand(DeleteResourcePolicyCommand);
    expect(serverless).toHaveReceivedCommandTimes(DeleteSnapshotCommand, 1);
  });

  test('DESTROY, a statement (not a list) someone else wrote with a principal as one string: fails naming it', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    const single = { Version: '2012-10-17', Statement: { ...someoneElses, Principal: '666666666666' } };
    serverless.on(GetResourcePolicyCommand).resolves({ resourcePolicy: { resourceArn: SNAPSHOT_ARN, policy: JSON.stringify(single) } });
    await expect(complete('Delete', { ...PROPS, ShareWith: ['111111111111'] })).rejects.toThrow(
      'snapshot "before-upgrade" is not deleted: accounts 666666666666 may restore it (statements of its resource policy this resource did not write). '
      + 'Remove their access from its resource policy, or set removalPolicy to RemovalPolicy.RETAIN');
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('DESTROY, a statement someone else wrote: fails naming its accounts, changing nothing', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot());
    serverless.on(GetResourcePolicyCommand).resolves(policy(someoneElses, ours('111111111111')));
    await expect(complete('Delete', { ...PROPS, ShareWith: ['111111111111'] })).rejects.toThrow(
      /snapshot "before-upgrade" is not deleted: accounts 444444444444 may restore it \(statements of its resource policy this resource did not write\)/);
    expect(serverless).not.toHaveReceivedCommand(DeleteResourcePolicyCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });

  test('DESTROY without shareWith, accounts may restore it (accountsWithRestoreAccess): fails naming them', async () => {
    serverless.on(GetSnapshotCommand).resolves(snapshot({ accountsWithRestoreAccess: ['555555555555'] }));
    await expect(complete('Delete')).rejects.toThrow(/accounts 555555555555 may restore it \(as its accountsWithRestoreAccess says\)/);
    expect(serverless).not.toHaveReceivedCommand(GetResourcePolicyCommand);
    expect(serverless).not.toHaveReceivedCommand(DeleteSnapshotCommand);
  });
});
