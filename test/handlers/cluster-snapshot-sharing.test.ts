// ClusterSnapshot's sharing (shareWith) against a mocked Redshift client: one test per sharing row of the table in
// lambda/cluster-snapshot/index.ts. The accounts this resource authorized are the snapshot's tags
// cdk-db-snapshots:restore-access:<account> whose value is the resource's owner id (stack id # logical id).

import {
  AuthorizeSnapshotAccessCommand,
  CreateTagsCommand,
  DeleteClusterSnapshotCommand,
  DeleteTagsCommand,
  DescribeClusterSnapshotsCommand,
  RedshiftClient,
  RedshiftServiceException,
  RevokeSnapshotAccessCommand,
  Snapshot,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete } from '../../lambda/cluster-snapshot';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions } from '../util/events';
import { answersInTurn } from '../util/mock';

const redshift = mockClient(RedshiftClient);
const PROPS = {
  ClusterIdentifier: 'analytics',
  SnapshotIdentifier: 'before-migration',
  ManualSnapshotRetentionPeriod: 90,
  Tags: [{ Key: 'team', Value: 'data' }],
  RemovalPolicy: 'destroy',
  TimeoutSeconds: 2700,
};
const ARN = 'arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/before-migration';
/** The owner id of the events of test/util/events.ts. */
const OWNER = 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/abc/Resource';
const ours = (account: string) => ({ Key: `cdk-db-snapshots:restore-access:${account}`, Value: OWNER });
const access = (...accounts: string[]) => accounts.map((account) => (account === 'amazon-redshift-support'
  ? { AccountId: '999999999999', AccountAlias: account } : { AccountId: account }));

function awsError(name: string, message = name): RedshiftServiceException {
  return new RedshiftServiceException({ name, message, $fault: 'client', $metadata: {} });
}

function found(snapshot: Partial<Snapshot>) {
  return {
    Snapshots: [{
      SnapshotIdentifier: 'before-migration',
      ClusterIdentifier: 'analytics',
      Status: 'available',
      ManualSnapshotRetentionPeriod: 90,
      ...snapshot,
      Tags: [{ Key: 'team', Value: 'data' }, ...snapshot.Tags ?? []],
    }],
  };
}
const describeReturns = (...answers: Array<ReturnType<typeof found> | Error>) => answersInTurn(redshift.on(DescribeClusterSnapshotsCommand), answers);
const complete = (requestType: RequestType, props: Record<string, unknown> = PROPS, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, String(props.SnapshotIdentifier), options));
const logLines = (spy: jest.SpyInstance) => spy.mock.calls.map(([line]) => JSON.parse(String(line)));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  redshift.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('Create and Update', () => {
  test('accounts not yet authorized: recorded as ours first, then AuthorizeSnapshotAccess for each, naming the cluster', async () => {
    describeReturns(found({}), found({
      AccountsWithRestoreAccess: access('111111111111', 'amazon-redshift-support'),
      Tags: [ours('111111111111'), ours('amazon-redshift-support')],
    }));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(AuthorizeSnapshotAccessCommand).resolves({});
    const props = { ...PROPS, ShareWith: ['111111111111', 'amazon-redshift-support'] };
    expect((await complete('Create', props)).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [ours('111111111111'), ours('amazon-redshift-support')] });
    expect(redshift.commandCalls(AuthorizeSnapshotAccessCommand).map((call) => call.args[0].input)).toEqual([
      { SnapshotIdentifier: 'before-migration', SnapshotClusterIdentifier: 'analytics', AccountWithRestoreAccess: '111111111111' },
      { SnapshotIdentifier: 'before-migration', SnapshotClusterIdentifier: 'analytics', AccountWithRestoreAccess: 'amazon-redshift-support' },
    ]);
    // The record comes before the authorization: a pass cut short never leaves an authorization of ours unrecorded.
    const order = redshift.calls().map((call) => call.args[0].constructor.name).filter((name) => name !== 'DescribeClusterSnapshotsCommand');
    expect(order).toEqual(['CreateTagsCommand', 'AuthorizeSnapshotAccessCommand', 'AuthorizeSnapshotAccessCommand']);
  });

  test('a recorded account not authorized (a pass cut short after the record): authorized, not recorded again', async () => {
    describeReturns(found({ Tags: [ours('111111111111')] }), found({ Tags: [ours('111111111111')], AccountsWithRestoreAccess: access('111111111111') }));
    redshift.on(AuthorizeSnapshotAccessCommand).resolves({});
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(AuthorizeSnapshotAccessCommand, 1);
    expect(redshift).not.toHaveReceivedCommand(CreateTagsCommand);
    // An authorization is a change: the handler looks at the snapshot again before it calls the resource done.
    expect(redshift).toHaveReceivedCommandTimes(DescribeClusterSnapshotsCommand, 2);
  });

  test('recorded, then AuthorizationAlreadyExistsFault (authorized meanwhile): the record alone is a change, looked at again', async () => {
    describeReturns(found({}), found({ Tags: [ours('111111111111')], AccountsWithRestoreAccess: access('111111111111') }));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(AuthorizeSnapshotAccessCommand).rejects(awsError('AuthorizationAlreadyExistsFault'));
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { Tags: [ours('111111111111')] });
    expect(redshift).toHaveReceivedCommandTimes(DescribeClusterSnapshotsCommand, 2);
  });

  test('a record of ours for an account no longer authorized nor wanted (a pass cut short after the revocation): record deleted, nothing revoked', async () => {
    describeReturns(found({ Tags: [ours('222222222222')] }), found({}));
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', { ...PROPS, ShareWith: [] })).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(RevokeSnapshotAccessCommand);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceName: ARN, TagKeys: ['cdk-db-snapshots:restore-access:222222222222'] });
    expect(redshift).toHaveReceivedCommandTimes(DescribeClusterSnapshotsCommand, 2);
  });

  test('only accounts of ours authorized, and a tag without a key: nothing logged as kept, nothing changed', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111'), Tags: [ours('111111111111'), { Value: OWNER }] }));
    expect((await complete('Update', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(logLines(logged)).not.toContainEqual(expect.objectContaining({ outcome: 'kept' }));
    expect(redshift.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeClusterSnapshotsCommand']);
  });

  test('AuthorizationAlreadyExistsFault (authorized meanwhile): done', async () => {
    describeReturns(found({ Tags: [ours('111111111111')] }));
    redshift.on(AuthorizeSnapshotAccessCommand).rejects(awsError('AuthorizationAlreadyExistsFault'));
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
  });

  test('an account removed from shareWith: RevokeSnapshotAccess, then its record deleted; the others stay', async () => {
    const shared = { AccountsWithRestoreAccess: access('111111111111', '222222222222'), Tags: [ours('111111111111'), ours('222222222222')] };
    describeReturns(found(shared), found({ AccountsWithRestoreAccess: access('111111111111'), Tags: [ours('111111111111')] }));
    redshift.on(RevokeSnapshotAccessCommand).resolves({});
    redshift.on(DeleteTagsCommand).resolves({});
    const old = { ...PROPS, ShareWith: ['111111111111', '222222222222'] };
    expect((await complete('Update', { ...PROPS, ShareWith: ['111111111111'] }, { old })).IsComplete).toBe(true);
    expect(redshift.commandCalls(RevokeSnapshotAccessCommand).map((call) => call.args[0].input)).toEqual([
      { SnapshotIdentifier: 'before-migration', SnapshotClusterIdentifier: 'analytics', AccountWithRestoreAccess: '222222222222' },
    ]);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceName: ARN, TagKeys: ['cdk-db-snapshots:restore-access:222222222222'] });
    expect(redshift).not.toHaveReceivedCommand(AuthorizeSnapshotAccessCommand);
  });

  test('the rollback of an Update that added an account revokes it: the record, not the old properties, says it is ours', async () => {
    describeReturns(
      found({ AccountsWithRestoreAccess: access('111111111111', '222222222222'), Tags: [ours('111111111111'), ours('222222222222')] }),
      found({ AccountsWithRestoreAccess: access('111111111111'), Tags: [ours('111111111111')] }),
    );
    redshift.on(RevokeSnapshotAccessCommand).resolves({});
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(RevokeSnapshotAccessCommand, { AccountWithRestoreAccess: '222222222222' });
  });

  test('revoked meanwhile (AuthorizationNotFoundFault): its record is deleted, done', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: access('222222222222'), Tags: [ours('222222222222')] }), found({}));
    redshift.on(RevokeSnapshotAccessCommand).rejects(awsError('AuthorizationNotFoundFault'));
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', { ...PROPS, ShareWith: [] })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { TagKeys: ['cdk-db-snapshots:restore-access:222222222222'] });
    expect(redshift).toHaveReceivedCommandTimes(DescribeClusterSnapshotsCommand, 2);
  });

  test('adoption: accounts authorized by someone else, listed or not, are left alone and named in the log', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    describeReturns(found({
      AccountsWithRestoreAccess: access('111111111111', '333333333333'),
      // a record of another resource (another owner) is not ours either
      Tags: [{ Key: 'cdk-db-snapshots:restore-access:333333333333', Value: 'arn:aws:cloudformation:us-east-1:123456789012:stack/other/def#Other' }],
    }));
    expect((await complete('Create', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(AuthorizeSnapshotAccessCommand);
    expect(redshift).not.toHaveReceivedCommand(RevokeSnapshotAccessCommand);
    expect(redshift).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(logLines(logged)).toContainEqual(expect.objectContaining({
      outcome: 'kept',
      reason: 'accounts 111111111111, 333333333333 were authorized to restore snapshot "before-migration" by someone else than this '
        + 'resource: left as they are, and never revoked by it',
    }));
  });

  test('accounts of ours and of someone else: only the others are named in the log', async () => {
    const logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111', '333333333333'), Tags: [ours('111111111111')] }));
    expect((await complete('Update', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(logLines(logged)).toContainEqual(expect.objectContaining({
      outcome: 'kept',
      reason: expect.stringMatching(/^accounts 333333333333 were authorized/),
    }));
  });

  test('shareWith not given: authorizations are not touched', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111') }));
    expect((await complete('Update', PROPS)).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(RevokeSnapshotAccessCommand);
    expect(redshift).not.toHaveReceivedCommand(AuthorizeSnapshotAccessCommand);
  });

  test('shareWith removed while accounts of ours remain, and the permission went with it: fails saying to deploy [] first', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111'), Tags: [ours('111111111111')] }));
    redshift.on(RevokeSnapshotAccessCommand).rejects(awsError('AccessDenied', 'not authorized to perform: redshift:RevokeSnapshotAccess'));
    await expect(complete('Update', PROPS, { old: { ...PROPS, ShareWith: ['111111111111'] } })).rejects.toThrow(
      /revoking the access of account 111111111111 .* was denied .*deploy shareWith: \[\] first, then remove the prop/);
  });

  test('RevokeSnapshotAccess AccessToSnapshotDeniedFault (another of its documented errors): rethrown as AWS answered it', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111'), Tags: [ours('111111111111')] }));
    redshift.on(RevokeSnapshotAccessCommand).rejects(awsError('AccessToSnapshotDeniedFault', 'the owner has not authorized your account'));
    const error = await complete('Update', { ...PROPS, ShareWith: [] }).then(() => new Error('completed'), (failure: Error) => failure);
    expect(error.message).toBe('the owner has not authorized your account');
  });

  test('the stack\'s own account in shareWith: fails at once', async () => {
    describeReturns(found({}));
    await expect(complete('Create', { ...PROPS, ShareWith: ['123456789012'] })).rejects.toThrow(
      /shareWith lists 123456789012, the account of the stack/);
    expect(redshift).not.toHaveReceivedCommand(AuthorizeSnapshotAccessCommand);
  });

  test.each([
    ['AuthorizationQuotaExceededFault', /Redshift allows 20 accounts per snapshot and 100 per KMS key/],
    ['LimitExceededFault', /grant limit in AWS KMS/],
    ['AccessDenied', /set encryptionKey to it, so that the handler may read it \(kms:DescribeKey\) \(AccessDenied\)/],
    ['InvalidParameterValue', /rejected a value of the request: check the account id in shareWith \(InvalidParameterValue\)/],
  ])('AuthorizeSnapshotAccess %s: fails saying what to fix', async (name, message) => {
    describeReturns(found({}));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(AuthorizeSnapshotAccessCommand).rejects(awsError(name));
    const error = await complete('Create', { ...PROPS, ShareWith: ['111111111111'] }).then(() => new Error('completed'), (failure: Error) => failure);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^authorizing account 111111111111 to restore snapshot "before-migration" failed \\(${name}\\): `));
  });

  test('AuthorizeSnapshotAccess UnsupportedOperationFault: fails with what AWS documents, not a guess at the cause', async () => {
    describeReturns(found({}));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(AuthorizeSnapshotAccessCommand).rejects(awsError('UnsupportedOperationFault'));
    const error = await complete('Create', { ...PROPS, ShareWith: ['111111111111'] }).then(() => new Error('completed'), (failure: Error) => failure);
    expect(error.message).toMatch(/answered that the requested operation isn't supported for this snapshot; AWS documents no further cause \(UnsupportedOperationFault\)/);
    expect(error.message).not.toMatch(/account id/);
  });

  test('AuthorizeSnapshotAccess DependentServiceRequestThrottlingFault ("Wait and retry the request"): waited out, then authorized', async () => {
    describeReturns(found({}), found({ Tags: [ours('111111111111')] }), found({ Tags: [ours('111111111111')], AccountsWithRestoreAccess: access('111111111111') }));
    redshift.on(CreateTagsCommand).resolves({});
    redshift.on(AuthorizeSnapshotAccessCommand)
      .rejectsOnce(awsError('DependentServiceRequestThrottlingFault', 'a dependent service is throttling requests'))
      .resolves({});
    const props = { ...PROPS, ShareWith: ['111111111111'] };
    expect(await complete('Create', props)).toEqual({ IsComplete: false });
    expect((await complete('Create', props)).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(AuthorizeSnapshotAccessCommand, 2);
  });
});

describe('Delete', () => {
  test('RETAIN: authorizations stay', async () => {
    expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain', ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(redshift.calls()).toHaveLength(0);
  });

  test('DESTROY, only accounts this resource authorized: revokes exactly those, then deletes', async () => {
    describeReturns(found({
      AccountsWithRestoreAccess: access('111111111111', 'amazon-redshift-support'),
      Tags: [ours('111111111111'), ours('amazon-redshift-support')],
    }));
    redshift.on(RevokeSnapshotAccessCommand).resolves({});
    redshift.on(DeleteClusterSnapshotCommand).resolves({});
    expect((await complete('Delete', { ...PROPS, ShareWith: ['111111111111', 'amazon-redshift-support'] })).IsComplete).toBe(true);
    expect(redshift.commandCalls(RevokeSnapshotAccessCommand).map((call) => call.args[0].input.AccountWithRestoreAccess))
      .toEqual(['111111111111', 'amazon-redshift-support']);
    const order = redshift.calls().map((call) => call.args[0].constructor.name).filter((name) => name !== 'DescribeClusterSnapshotsCommand');
    expect(order).toEqual(['RevokeSnapshotAccessCommand', 'RevokeSnapshotAccessCommand', 'DeleteClusterSnapshotCommand']);
  });

  test('DESTROY, the snapshot gone meanwhile (RevokeSnapshotAccess ClusterSnapshotNotFoundFault): nothing left to revoke, done', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111'), Tags: [ours('111111111111')] }));
    redshift.on(RevokeSnapshotAccessCommand).rejects(awsError('ClusterSnapshotNotFoundFault'));
    redshift.on(DeleteClusterSnapshotCommand).rejects(awsError('ClusterSnapshotNotFoundFault'));
    expect((await complete('Delete', { ...PROPS, ShareWith: ['111111111111'] })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(RevokeSnapshotAccessCommand, 1);
  });

  test('DESTROY, an account authorized by someone else as well: fails naming it, revoking nothing', async () => {
    describeReturns(found({ AccountsWithRestoreAccess: access('111111111111', '333333333333'), Tags: [ours('111111111111')] }));
    await expect(complete('Delete', { ...PROPS, ShareWith: ['111111111111'] })).rejects.toThrow(
      'snapshot "before-migration" is not deleted: accounts 333333333333 are authorized to restore it. Revoke their access (RevokeSnapshotAccess) or set removalPolicy to RemovalPolicy.RETAIN');
    expect(redshift).not.toHaveReceivedCommand(RevokeSnapshotAccessCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
  });
});
