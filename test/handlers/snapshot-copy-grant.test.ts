// SnapshotCopyGrant's handler against a mocked Redshift client: it calls the destination region.

import {
  CreateSnapshotCopyGrantCommand,
  CreateTagsCommand,
  DeleteSnapshotCopyGrantCommand,
  DeleteTagsCommand,
  DescribeSnapshotCopyGrantsCommand,
  RedshiftClient,
  RedshiftServiceException,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import type { RequestType } from '../../lambda/shared/framework';
import { isComplete, onEvent } from '../../lambda/snapshot-copy-grant';
import { completeEvent, onEventRequest } from '../util/events';

const redshift = mockClient(RedshiftClient);
const KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd';
const PROPS = { DestinationRegion: 'us-west-2', SnapshotCopyGrantName: 'prod-grant', KmsKeyId: KEY, Tags: [{ Key: 'team', Value: 'data' }], RemovalPolicy: 'destroy', TimeoutSeconds: 600 };
const ARN = 'arn:aws:redshift:us-west-2:123456789012:snapshotcopygrant:prod-grant';

function awsError(name: string, message = name): RedshiftServiceException {
  return new RedshiftServiceException({ name, message, $fault: 'client', $metadata: {} });
}
/** The owner tag the handler sets, for the stack and logical id the event builders use. */
const OWNER = { Key: 'cdk-db-snapshots:owner', Value: 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/abc/Resource' };
/** A grant as DescribeSnapshotCopyGrants returns it: by default one this resource created (it carries the owner tag). */
const grant = (changes: Record<string, unknown> = {}) => ({ SnapshotCopyGrants: [{ SnapshotCopyGrantName: 'prod-grant', KmsKeyId: KEY, Tags: [{ Key: 'team', Value: 'data' }, OWNER], ...changes }] });
const notFound = awsError('SnapshotCopyGrantNotFoundFault');

const complete = (requestType: RequestType, props: Record<string, unknown> = PROPS, old?: Record<string, unknown>) =>
  isComplete(completeEvent(requestType, props, 'us-west-2/prod-grant', { old }));

beforeEach(() => {
  redshift.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('the physical id is the region and the name; a new name replaces the grant', async () => {
  expect((await onEvent(onEventRequest('Create', PROPS))).PhysicalResourceId).toBe('us-west-2/prod-grant');
  expect((await onEvent(onEventRequest('Update', { ...PROPS, SnapshotCopyGrantName: 'new' }, { physicalResourceId: 'us-west-2/prod-grant', oldProperties: PROPS }))).PhysicalResourceId)
    .toBe('us-west-2/new');
});

test('Create: CreateSnapshotCopyGrant in the destination region with the key and tags; attributes returned', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejectsOnce(notFound).resolves(grant());
  redshift.on(CreateSnapshotCopyGrantCommand).resolves({});
  const response = await complete('Create');
  expect(response).toEqual({ IsComplete: true, Data: { SnapshotCopyGrantName: 'prod-grant', SnapshotCopyGrantArn: ARN } });
  expect(redshift).toHaveReceivedCommandWith(CreateSnapshotCopyGrantCommand, { SnapshotCopyGrantName: 'prod-grant', KmsKeyId: KEY, Tags: [{ Key: 'team', Value: 'data' }, OWNER] });
  const create = redshift.commandCalls(CreateSnapshotCopyGrantCommand)[0];
  expect(await (create.thisValue as RedshiftClient).config.region()).toBe('us-west-2');
});

test('Create: a grant of that name with the same key (given as a key id) is adopted, and gets the owner tag', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: [{ Key: 'team', Value: 'data' }] }));
  redshift.on(CreateTagsCommand).resolves({});
  expect((await complete('Create', { ...PROPS, KmsKeyId: '1234abcd' })).IsComplete).toBe(true);
  expect(redshift).not.toHaveReceivedCommand(CreateSnapshotCopyGrantCommand);
  expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [OWNER] });
});

test('Create: SnapshotCopyGrantAlreadyExistsFault (appeared meanwhile) with the same key is adopted', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejectsOnce(notFound).resolves(grant());
  redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError('SnapshotCopyGrantAlreadyExistsFault'));
  expect((await complete('Create')).IsComplete).toBe(true);
});

test('Create: a grant of that name with another key fails clearly, and is not tagged', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/other', Tags: [] }));
  await expect(complete('Create')).rejects.toThrow(/a snapshot copy grant "prod-grant" already exists in us-west-2 with another KMS key .*give this one another snapshotCopyGrantName/);
  expect(redshift).not.toHaveReceivedCommand(CreateTagsCommand);
});

test('rollback Delete after that failed Create: the other grant is kept (it lacks this resource\'s owner tag)', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/other', Tags: [] }));
  expect((await complete('Delete')).IsComplete).toBe(true);
  expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
});

test('Delete: a grant owned by another resource (another stack\'s owner tag) is kept', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: [{ ...OWNER, Value: 'arn:aws:cloudformation:us-east-1:123456789012:stack/other/def/Resource' }] }));
  expect((await complete('Delete')).IsComplete).toBe(true);
  expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
});

test.each([
  ['SnapshotCopyGrantQuotaExceededFault', /quota of snapshot copy grants in us-west-2: delete grants you no longer use/],
  ['LimitExceededFault', /has reached its grant limit: retire unused grants of the key/],
])('Create: %s fails at once with what to fix', async (name, message) => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
  redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError(name));
  await expect(complete('Create')).rejects.toThrow(message);
});

test('Create: DependentServiceRequestThrottlingFault (documented: "Wait and retry the request") is waited out, not failed', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
  redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError('DependentServiceRequestThrottlingFault', 'try again'));
  expect(await complete('Create')).toEqual({ IsComplete: false });
});

test('Create: DependentServiceUnavailableFault, not an error CreateSnapshotCopyGrant documents, fails with AWS\'s message', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
  redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError('DependentServiceUnavailableFault', 'try again'));
  await expect(complete('Create')).rejects.toThrow('try again');
});

test('Update of tags: in place, removing only keys this resource had set', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }, OWNER] }));
  redshift.on(CreateTagsCommand).resolves({});
  redshift.on(DeleteTagsCommand).resolves({});
  const old = { ...PROPS, Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] };
  expect((await complete('Update', { ...PROPS, Tags: [{ Key: 'team', Value: 'platform' }] }, old)).IsComplete).toBe(true);
  expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [{ Key: 'team', Value: 'platform' }] });
  expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { ResourceName: ARN, TagKeys: ['stage'] });
});

test('Update in place of a grant made before the owner tag existed: it is this resource\'s, and gets the tag', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: [{ Key: 'team', Value: 'data' }] }));
  redshift.on(CreateTagsCommand).resolves({});
  expect((await complete('Update', PROPS, PROPS)).IsComplete).toBe(true);
  expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { ResourceName: ARN, Tags: [OWNER] });
});

test('Update of the key under the same name: fails, since a grant\'s key cannot change in place', async () => {
  await expect(complete('Update', { ...PROPS, KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/other' }, PROPS))
    .rejects.toThrow(/cannot change in place: give the grant a new snapshotCopyGrantName/);
});

test('Delete: a grant with this resource\'s owner tag: DeleteSnapshotCopyGrant in the destination region', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant());
  redshift.on(DeleteSnapshotCopyGrantCommand).resolves({});
  expect((await complete('Delete')).IsComplete).toBe(true);
  expect(redshift).toHaveReceivedCommandWith(DeleteSnapshotCopyGrantCommand, { SnapshotCopyGrantName: 'prod-grant' });
});

test('Delete: already gone (SnapshotCopyGrantNotFoundFault) is success', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
  expect((await complete('Delete')).IsComplete).toBe(true);
  expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
});

test('Delete: deleted meanwhile (SnapshotCopyGrantNotFoundFault from the delete) is success', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant());
  redshift.on(DeleteSnapshotCopyGrantCommand).rejects(notFound);
  expect((await complete('Delete')).IsComplete).toBe(true);
});

test('the owner tag of a resource whose stack id and logical id pass 256 characters is a hash of both', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).rejectsOnce(notFound).resolves(grant());
  redshift.on(CreateSnapshotCopyGrantCommand).resolves({});
  await isComplete({ ...completeEvent('Create', PROPS, 'us-west-2/prod-grant'), LogicalResourceId: 'L'.repeat(255) });
  const tags = redshift.commandCalls(CreateSnapshotCopyGrantCommand)[0].args[0].input.Tags ?? [];
  expect(tags.find((tag) => tag.Key === OWNER.Key)?.Value).toMatch(/^sha256:[0-9a-f]{64}$/);
});

test('Delete: used by a cluster (InvalidSnapshotCopyGrantStateFault) fails at once with what to do, instead of waiting an hour', async () => {
  redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant());
  redshift.on(DeleteSnapshotCopyGrantCommand).rejects(awsError('InvalidSnapshotCopyGrantStateFault', 'The snapshot copy grant is in use'));
  await expect(complete('Delete')).rejects.toThrow(
    /snapshot copy grant "prod-grant" in us-west-2 is used by one or more clusters \(The snapshot copy grant is in use\): disable their cross-region snapshot copy to us-west-2 .*or set removalPolicy to RemovalPolicy.RETAIN/);
});

test('Delete with RETAIN touches nothing', async () => {
  expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain' })).IsComplete).toBe(true);
  expect(redshift.calls()).toHaveLength(0);
});

describe('what else AWS may answer', () => {
  const startedAt = () => new Date(Date.now() - 595_000).toISOString();
  const late = (requestType: RequestType, props: Record<string, unknown> = PROPS, old?: Record<string, unknown>) =>
    isComplete(completeEvent(requestType, props, 'us-west-2/prod-grant', { old, startedAt: startedAt() }));

  test('DescribeSnapshotCopyGrants denied is not "no grant": Delete fails and deletes nothing, Create creates nothing', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(awsError('AccessDenied', 'not authorized to perform redshift:DescribeSnapshotCopyGrants'));
    await expect(complete('Delete')).rejects.toThrow('not authorized to perform redshift:DescribeSnapshotCopyGrants');
    await expect(complete('Create')).rejects.toThrow('not authorized to perform redshift:DescribeSnapshotCopyGrants');
    expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
    expect(redshift).not.toHaveReceivedCommand(CreateSnapshotCopyGrantCommand);
  });

  test('DescribeSnapshotCopyGrants throttled: Create and Delete wait, changing nothing', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }));
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(await complete('Delete')).toEqual({ IsComplete: false });
    expect(redshift).not.toHaveReceivedCommand(CreateSnapshotCopyGrantCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
  });

  test('only the grant of this name counts: another listed is not it', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves({ SnapshotCopyGrants: [{ SnapshotCopyGrantName: 'other-grant', KmsKeyId: KEY, Tags: [OWNER] }] });
    redshift.on(CreateSnapshotCopyGrantCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandTimes(CreateSnapshotCopyGrantCommand, 1);
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
  });

  test('created but not visible yet: waits naming the grant and region', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
    redshift.on(CreateSnapshotCopyGrantCommand).resolves({});
    await expect(late('Create')).rejects.toThrow('waiting for snapshot copy grant "prod-grant" to be visible in us-west-2');
  });

  test('a dependent service busy: the wait names it', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
    redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError('DependentServiceRequestThrottlingFault', 'try again'));
    await expect(late('Create')).rejects.toThrow('waiting for Redshift\'s dependent service to answer (DependentServiceRequestThrottlingFault: try again)');
  });

  test('every tag already in place: no tag call', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant());
    expect((await complete('Update', { ...PROPS, TimeoutSeconds: 300 }, PROPS)).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(CreateTagsCommand);
    expect(redshift).not.toHaveReceivedCommand(DeleteTagsCommand);
  });

  test('only a removed tag: DeleteTags alone', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }, OWNER] }));
    redshift.on(DeleteTagsCommand).resolves({});
    expect((await complete('Update', PROPS, { ...PROPS, Tags: [{ Key: 'team', Value: 'data' }, { Key: 'stage', Value: 'dev' }] })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(DeleteTagsCommand, { TagKeys: ['stage'] });
    expect(redshift).not.toHaveReceivedCommand(CreateTagsCommand);
  });

  test('no key given (the AWS-owned key): any grant of that name is adopted, and a key limit names it', async () => {
    const noKey = { ...PROPS, KmsKeyId: undefined };
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ KmsKeyId: 'arn:aws:kms:us-west-2:123456789012:key/other' }));
    expect((await complete('Create', noKey)).IsComplete).toBe(true);
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
    redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError('LimitExceededFault'));
    await expect(complete('Create', noKey)).rejects.toThrow('the KMS key (AWS-owned) has reached its grant limit');
  });

  test('the key compared by id: another account\'s or region\'s ARN of that id is the same key, another id is not', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ KmsKeyId: '1234abcd' }));
    expect((await complete('Create')).IsComplete).toBe(true);
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ KmsKeyId: '1234abcd-other' }));
    await expect(complete('Create')).rejects.toThrow('with another KMS key (1234abcd-other)');
    await expect(complete('Update', { ...PROPS, KmsKeyId: 'key/1234abcd' }, PROPS)).rejects.toThrow('cannot change in place');
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant());
    expect((await complete('Update', { ...PROPS, KmsKeyId: '1234abcd' }, PROPS)).IsComplete).toBe(true);
  });

  test.each([
    ['InvalidTagFault', 'the tags were rejected (bad): fix the tags (InvalidTagFault)'],
    ['TagLimitExceededFault', 'too many tags for a snapshot copy grant: use at most 49 (50 per grant, one of them the owner tag cdk-db-snapshots:owner) (TagLimitExceededFault)'],
    ['LimitExceededFault', `the KMS key ${KEY} has reached its grant limit`],
    ['AccessDenied', 'bad'],
  ])('CreateSnapshotCopyGrant %s: the message says what to fix', async (name, message) => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejects(notFound);
    redshift.on(CreateSnapshotCopyGrantCommand).rejects(awsError(name, 'bad'));
    await expect(complete('Create')).rejects.toThrow(message);
  });

  test('DeleteSnapshotCopyGrant failing otherwise is passed on', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant());
    redshift.on(DeleteSnapshotCopyGrantCommand).rejects(awsError('AccessDenied', 'not authorized to perform redshift:DeleteSnapshotCopyGrant'));
    await expect(complete('Delete')).rejects.toMatchObject({ name: 'AccessDenied', message: 'not authorized to perform redshift:DeleteSnapshotCopyGrant' });
  });

  test('an owner tag of 256 characters is kept as it is', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).rejectsOnce(notFound).resolves(grant());
    redshift.on(CreateSnapshotCopyGrantCommand).resolves({});
    const event = completeEvent('Create', PROPS, 'us-west-2/prod-grant');
    const logicalId = 'L'.repeat(256 - event.StackId.length - 1);
    await isComplete({ ...event, LogicalResourceId: logicalId });
    const tags = redshift.commandCalls(CreateSnapshotCopyGrantCommand)[0].args[0].input.Tags ?? [];
    expect(tags.find((tag) => tag.Key === OWNER.Key)?.Value).toBe(`${event.StackId}/${logicalId}`);
  });

  test('DescribeSnapshotCopyGrants names the grant; an answer without a list is "no grant"', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves({});
    redshift.on(CreateSnapshotCopyGrantCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandWith(DescribeSnapshotCopyGrantsCommand, { SnapshotCopyGrantName: 'prod-grant' });
    expect(redshift).toHaveReceivedCommand(CreateSnapshotCopyGrantCommand);
  });

  test('a grant reported without tags: adopted with all of them on Create, kept on Delete, with a log line saying why', async () => {
    const lines: Array<Record<string, unknown>> = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(JSON.parse(line)); });
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: undefined }));
    redshift.on(CreateTagsCommand).resolves({});
    expect((await complete('Create')).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(CreateTagsCommand, { Tags: [{ Key: 'team', Value: 'data' }, OWNER] });
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
    expect(lines).toContainEqual(expect.objectContaining({ outcome: 'kept', reason: 'snapshot copy grant "prod-grant" does not carry this resource\'s cdk-db-snapshots:owner tag' }));
  });

  test('the owner is the tag of that key with this resource\'s value: the value under another key is not', async () => {
    redshift.on(DescribeSnapshotCopyGrantsCommand).resolves(grant({ Tags: [{ Key: 'note', Value: OWNER.Value }] }));
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DeleteSnapshotCopyGrantCommand);
  });
});
