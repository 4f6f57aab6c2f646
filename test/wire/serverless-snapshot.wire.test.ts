// ServerlessSnapshot's BUNDLED handler against a loopback endpoint that records what the real SDK client
// sends and answers with the Response Syntax of "CreateSnapshot" in the Amazon Redshift Serverless API Reference
// (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateSnapshot.html):
// proves the requests match the documented Request Syntax (awsJson 1.1: POST /, X-Amz-Target, JSON
// body with those field names and types) and that the handler reads the documented response.

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ServerlessSnapshot, SnapshotRetention } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { ProviderDriver } from '../util/provider-driver';
import { RecordedRequest, RecordingEndpoint } from '../util/recording-endpoint';

const SNAPSHOT_ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const NAMESPACE_ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:namespace/9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0';

/** The documented Snapshot object, with every field of the Response Syntax present. */
function documentedSnapshot(status: string, retention: number) {
  return {
    accountsWithProvisionedRestoreAccess: [],
    accountsWithRestoreAccess: [],
    actualIncrementalBackupSizeInMegaBytes: 12.5,
    adminPasswordSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:admin',
    adminPasswordSecretKmsKeyId: 'key-id',
    adminUsername: 'admin',
    backupProgressInMegaBytes: 2048,
    currentBackupRateInMegaBytesPerSecond: 0,
    elapsedTimeInSeconds: 60,
    estimatedSecondsToCompletion: 0,
    kmsKeyId: 'AWS_OWNED_KMS_KEY',
    namespaceArn: NAMESPACE_ARN,
    namespaceName: 'analytics',
    ownerAccount: '123456789012',
    snapshotArn: SNAPSHOT_ARN,
    snapshotCreateTime: '2026-11-22T10:00:00Z',
    snapshotName: 'before-upgrade',
    snapshotRemainingDays: retention,
    snapshotRetentionPeriod: retention,
    snapshotRetentionStartTime: '2026-11-22T10:00:00Z',
    status,
    totalBackupSizeInMegaBytes: 2048.25,
  };
}

test('Create, Update and Delete send the documented requests and read the documented responses', async () => {
  let state: { status: string; retention: number } | undefined;
  let gets = 0;
  const endpoint = await RecordingEndpoint.start((request: RecordedRequest) => {
    const notFound = { status: 400, body: { __type: 'ResourceNotFoundException', message: 'Snapshot not found' } };
    switch (RecordingEndpoint.target(request)) {
      case 'CreateSnapshot':
        state = { status: 'CREATING', retention: request.body.retentionPeriod };
        return { status: 200, body: { snapshot: documentedSnapshot('CREATING', request.body.retentionPeriod) } };
      case 'GetSnapshot':
        if (!state) return notFound;
        // The snapshot becomes AVAILABLE on the second look, as a real one would after a while.
        if (state.status === 'CREATING' && ++gets > 1) state.status = 'AVAILABLE';
        return { status: 200, body: { snapshot: documentedSnapshot(state.status, state.retention) } };
      case 'UpdateSnapshot':
        state = { status: 'AVAILABLE', retention: request.body.retentionPeriod };
        return { status: 200, body: { snapshot: documentedSnapshot('AVAILABLE', state.retention) } };
      case 'TagResource':
      case 'UntagResource':
        return { status: 200, body: {} };
      case 'DeleteSnapshot':
        state = undefined;
        return { status: 200, body: { snapshot: documentedSnapshot('DELETED', 30) } };
      default:
        return undefined;
    }
  });
  try {
    const synthesize = (retention: number, tags: Record<string, string>) => {
      const stack = new Stack(appWithAssembly(), 'Wire', { env: { account: '123456789012', region: 'us-east-1' } });
      new ServerlessSnapshot(stack, 'Snapshot', {
        namespaceName: 'analytics',
        snapshotName: 'before-upgrade',
        retention: SnapshotRetention.days(retention),
        tags,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      return {
        properties: resourceProperties(stack, 'Custom::RedshiftServerlessSnapshot'),
        driver: new ProviderDriver(synthesizedHandler(stack, 'serverless-snapshot'), { region: 'us-east-1', endpoint: endpoint.endpoint }),
      };
    };
    const v1 = synthesize(30, { team: 'analytics', stage: 'dev' });
    const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
    expect(created).toMatchObject({
      status: 'SUCCESS',
      physicalResourceId: 'before-upgrade',
      data: { SnapshotName: 'before-upgrade', SnapshotArn: SNAPSHOT_ARN, NamespaceArn: NAMESPACE_ARN, TotalBackupSizeInMegaBytes: 2048.25 },
    });

    const v2 = synthesize(7, { team: 'platform' });
    expect((await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'before-upgrade' })).status).toBe('SUCCESS');
    expect((await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'before-upgrade' })).status).toBe('SUCCESS');

    for (const request of endpoint.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/');
      expect(request.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(request.headers['x-amz-target']).toMatch(/^RedshiftServerless\.[A-Za-z]+$/);
      expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=\w+\/\d{8}\/us-east-1\/redshift-serverless\/aws4_request/);
    }
    const sent = (operation: string) => endpoint.requests
      .filter((request) => RecordingEndpoint.target(request) === operation)
      .map((request) => request.body);
    // Request Syntax: { "namespaceName": "string", "retentionPeriod": number, "snapshotName": "string", "tags": [ { "key": "string", "value": "string" } ] }
    expect(sent('CreateSnapshot')).toEqual([{
      namespaceName: 'analytics',
      retentionPeriod: 30,
      snapshotName: 'before-upgrade',
      tags: [{ key: 'stage', value: 'dev' }, { key: 'team', value: 'analytics' }],
    }]);
    expect(typeof sent('CreateSnapshot')[0].retentionPeriod).toBe('number');
    expect(sent('GetSnapshot').every((body) => JSON.stringify(body) === JSON.stringify({ snapshotName: 'before-upgrade' }))).toBe(true);
    expect(sent('UpdateSnapshot')).toEqual([{ snapshotName: 'before-upgrade', retentionPeriod: 7 }]);
    // GetSnapshot does not return tags: Create sets them once more when the snapshot is AVAILABLE (it may
    // have been adopted), Update sets the changed ones.
    expect(sent('TagResource')).toEqual([
      { resourceArn: SNAPSHOT_ARN, tags: [{ key: 'stage', value: 'dev' }, { key: 'team', value: 'analytics' }] },
      { resourceArn: SNAPSHOT_ARN, tags: [{ key: 'team', value: 'platform' }] },
    ]);
    expect(sent('UntagResource')).toEqual([{ resourceArn: SNAPSHOT_ARN, tagKeys: ['stage'] }]);
    expect(sent('DeleteSnapshot')).toEqual([{ snapshotName: 'before-upgrade' }]);
  } finally {
    await endpoint.stop();
  }
});

// Sharing (shareWith): the stand-in keeps the snapshot's resource policy as GetResourcePolicy, PutResourcePolicy
// and DeleteResourcePolicy document it (Request Syntax { "resourceArn" }, { "policy", "resourceArn" }; Response
// Syntax { "resourcePolicy": { "policy", "resourceArn" } }; no policy: ResourceNotFoundException).
test('shareWith: the resource policy requests are the documented ones, and a statement someone else wrote survives', async () => {
  const partner = { Sid: 'PartnerRestore', Effect: 'Allow', Principal: { AWS: ['444444444444'] }, Action: ['redshift-serverless:RestoreFromSnapshot'] };
  let exists = false;
  let policy: string | undefined;
  const endpoint = await RecordingEndpoint.start((request: RecordedRequest) => {
    const notFound = (message: string) => ({ status: 400, body: { __type: 'ResourceNotFoundException', message } });
    switch (RecordingEndpoint.target(request)) {
      case 'CreateSnapshot':
        exists = true;
        return { status: 200, body: { snapshot: documentedSnapshot('AVAILABLE', -1) } };
      case 'GetSnapshot':
        return exists ? { status: 200, body: { snapshot: documentedSnapshot('AVAILABLE', -1) } } : notFound('Snapshot not found');
      case 'TagResource':
        return { status: 200, body: {} };
      case 'GetResourcePolicy':
        return policy ? { status: 200, body: { resourcePolicy: { policy, resourceArn: request.body.resourceArn } } } : notFound('Resource policy not found');
      case 'PutResourcePolicy':
        policy = request.body.policy;
        return { status: 200, body: { resourcePolicy: { policy, resourceArn: request.body.resourceArn } } };
      case 'DeleteResourcePolicy':
        policy = undefined;
        return { status: 200, body: {} };
      case 'DeleteSnapshot':
        exists = false;
        return { status: 200, body: { snapshot: documentedSnapshot('DELETED', -1) } };
      default:
        return undefined;
    }
  });
  try {
    const synthesize = (shareWith: string[]) => {
      const stack = new Stack(appWithAssembly(), 'Wire', { env: { account: '123456789012', region: 'us-east-1' } });
      new ServerlessSnapshot(stack, 'Snapshot', { namespaceName: 'analytics', snapshotName: 'before-upgrade', shareWith, removalPolicy: RemovalPolicy.DESTROY });
      return {
        properties: resourceProperties(stack, 'Custom::RedshiftServerlessSnapshot'),
        driver: new ProviderDriver(synthesizedHandler(stack, 'serverless-snapshot'), { region: 'us-east-1', endpoint: endpoint.endpoint }),
      };
    };
    const v1 = synthesize(['111111111111']);
    expect((await v1.driver.send({ requestType: 'Create', properties: v1.properties })).status).toBe('SUCCESS');
    const written = () => JSON.parse(policy ?? '{}').Statement;
    expect(written()).toEqual([expect.objectContaining({
      Effect: 'Allow', Principal: { AWS: ['111111111111'] }, Action: ['redshift-serverless:RestoreFromSnapshot'], Sid: expect.stringMatching(/^CdkDbSnapshotsShareWith[0-9a-f]{16}$/),
    })]);

    // Someone else adds a statement; an Update of ours keeps it and rewrites only its own.
    policy = JSON.stringify({ Version: '2012-10-17', Statement: [...written(), partner] });
    const v2 = synthesize(['222222222222']);
    expect((await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'before-upgrade' })).status).toBe('SUCCESS');
    expect(written()).toEqual([partner, expect.objectContaining({ Principal: { AWS: ['222222222222'] } })]);

    // DESTROY: refused while the partner's statement is there; once it is gone, our statement goes, then the snapshot.
    const refused = await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'before-upgrade' });
    expect(refused.status).toBe('FAILED');
    expect(refused.reason).toContain('accounts 444444444444 may restore it');
    policy = JSON.stringify({ Version: '2012-10-17', Statement: written().filter((statement: { Sid: string }) => statement.Sid !== 'PartnerRestore') });
    expect((await v2.driver.send({ requestType: 'Delete', properties: v2.properties, physicalResourceId: 'before-upgrade' })).status).toBe('SUCCESS');
    expect(policy).toBeUndefined();
    expect(exists).toBe(false);

    const sent = (operation: string) => endpoint.requests
      .filter((request) => RecordingEndpoint.target(request) === operation)
      .map((request) => request.body);
    expect(sent('GetResourcePolicy').every((body) => JSON.stringify(body) === JSON.stringify({ resourceArn: SNAPSHOT_ARN }))).toBe(true);
    expect(sent('PutResourcePolicy').map((body) => Object.keys(body).sort())).toEqual([['policy', 'resourceArn'], ['policy', 'resourceArn']]);
    expect(sent('PutResourcePolicy').every((body) => body.resourceArn === SNAPSHOT_ARN && typeof body.policy === 'string')).toBe(true);
    expect(sent('DeleteResourcePolicy')).toEqual([{ resourceArn: SNAPSHOT_ARN }]);
  } finally {
    await endpoint.stop();
  }
});
