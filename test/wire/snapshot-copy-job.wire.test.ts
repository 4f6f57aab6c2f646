// SnapshotCopyJob's BUNDLED handler for DocumentDB elastic clusters (which moto does not implement)
// against a loopback endpoint that records what the real SDK client sends and answers with the Response
// Syntax of the CopyClusterSnapshot reference (shared/reference/seeds): proves the REST request
// (POST /cluster-snapshot/{snapshotArn}/copy, JSON body field names and types) and the parsing of the answer.

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { SnapshotCopyJob, SnapshotSource } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { ProviderDriver } from '../util/provider-driver';
import { RecordedRequest, RecordingEndpoint } from '../util/recording-endpoint';

const SOURCE = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/8a7b6c5d-source';
const CLUSTER = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster/orders';
const COPY = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/1f2e3d4c-copy';

/** The documented ClusterSnapshot object. */
function documentedSnapshot(arn: string, name: string, status: string) {
  return {
    adminUserName: 'admin',
    clusterArn: CLUSTER,
    clusterCreationTime: '2026-11-01T00:00:00Z',
    kmsKeyId: 'AWS_OWNED_KMS_KEY',
    snapshotArn: arn,
    snapshotCreationTime: '2026-11-22T10:00:00Z',
    snapshotName: name,
    snapshotType: 'MANUAL',
    status,
    subnetIds: ['subnet-1'],
    vpcSecurityGroupIds: ['sg-1'],
  };
}

test('Create and Delete send the documented REST requests and read the documented responses', async () => {
  let copy: { status: string; tags: Record<string, string> } | undefined;
  let looks = 0;
  const endpoint = await RecordingEndpoint.start((request: RecordedRequest) => {
    const path = decodeURIComponent(request.path.split('?')[0]);
    if (request.method === 'POST' && path === `/cluster-snapshot/${SOURCE}/copy`) {
      copy = { status: 'CREATING', tags: request.body.tags ?? {} };
      return { status: 200, body: { snapshot: documentedSnapshot(COPY, request.body.targetSnapshotName, 'CREATING') } };
    }
    if (request.method === 'GET' && path === `/cluster-snapshot/${SOURCE}`) {
      return { status: 200, body: { snapshot: documentedSnapshot(SOURCE, 'orders-nightly', 'ACTIVE') } };
    }
    if (request.method === 'GET' && path === '/cluster-snapshots') {
      if (copy?.status === 'CREATING' && ++looks > 1) copy.status = 'ACTIVE';
      const snapshots = copy ? [{ snapshotName: 'orders-copy', snapshotArn: COPY, clusterArn: CLUSTER, status: copy.status, snapshotCreationTime: 'x' }] : [];
      return { status: 200, body: { snapshots } };
    }
    // ListTagsForResource: the tags the copy request set, as CopyClusterSnapshot's `tags` documents.
    if (request.method === 'GET' && path === `/tags/${COPY}`) return { status: 200, body: { tags: copy?.tags ?? {} } };
    if (request.method === 'POST' && path === `/tags/${COPY}`) return { status: 200, body: {} };
    if (request.method === 'DELETE' && path === `/cluster-snapshot/${COPY}`) {
      copy = undefined;
      return { status: 200, body: { snapshot: documentedSnapshot(COPY, 'orders-copy', 'DELETING') } };
    }
    return undefined;
  });
  try {
    const stack = new Stack(appWithAssembly(), 'Wire', { env: { account: '123456789012', region: 'us-east-1' } });
    new SnapshotCopyJob(stack, 'Copy', {
      source: SnapshotSource.docDbElastic({ snapshotArn: SOURCE }),
      targetSnapshotName: 'orders-copy',
      copyTags: true,
      tags: { team: 'platform' },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const properties = resourceProperties(stack, 'Custom::SnapshotCopyJob');
    const driver = new ProviderDriver(synthesizedHandler(stack, 'snapshot-copy-job'), { region: 'us-east-1', endpoint: endpoint.endpoint });

    const created = await driver.send({ requestType: 'Create', properties });
    expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: 'docdb-elastic:orders-copy', data: { TargetSnapshotName: 'orders-copy', TargetSnapshotArn: COPY } });
    expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: 'docdb-elastic:orders-copy' })).status).toBe('SUCCESS');

    const copies = endpoint.requests.filter((request) => request.path.endsWith('/copy'));
    expect(copies).toHaveLength(1);
    // The snapshot ARN travels URL-encoded in the path; the body has exactly the documented fields and types.
    expect(copies[0].method).toBe('POST');
    expect(copies[0].path).toBe(`/cluster-snapshot/${encodeURIComponent(SOURCE)}/copy`);
    expect(copies[0].headers['content-type']).toBe('application/json');
    expect(copies[0].body).toEqual({ copyTags: true, tags: { 'team': 'platform', 'cdk-db-snapshots:copy-of:orders-copy': SOURCE }, targetSnapshotName: 'orders-copy' });
    expect(typeof copies[0].body.copyTags).toBe('boolean');
    expect(copies[0].headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=\w+\/\d{8}\/us-east-1\/docdb-elastic\/aws4_request/);

    const lists = endpoint.requests.filter((request) => request.path.startsWith('/cluster-snapshots'));
    expect(lists.length).toBeGreaterThan(0);
    // The copy is looked for among all the account's snapshots: no filter that needs the source.
    for (const list of lists) {
      const query = new URLSearchParams(list.path.split('?')[1]);
      expect(query.get('clusterArn')).toBeNull();
      expect(query.get('snapshotType')).toBeNull();
    }
    expect(endpoint.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/cluster-snapshot/'))).toEqual([]);
    expect(endpoint.requests.filter((request) => request.method === 'DELETE').map((request) => request.path))
      .toEqual([`/cluster-snapshot/${encodeURIComponent(COPY)}`]);
  } finally {
    await endpoint.stop();
  }
});
