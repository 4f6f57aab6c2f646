// SnapshotCopyJob's BUNDLED handler for DocumentDB elastic clusters (which moto does not implement)
// against a loopback endpoint that records what the real SDK client sends and answers with the Response
// Syntax of "CopyClusterSnapshot" in the Amazon DocumentDB elastic clusters API reference
// (https://docs.aws.amazon.com/documentdb/latest/developerguide/API_elastic_CopyClusterSnapshot.html): proves the REST request
// (POST /cluster-snapshot/{snapshotArn}/copy, JSON body field names and types) and the parsing of the answer.
// A whole lifecycle runs through the stateful stand-in (test/util/docdb-elastic-stand-in.ts), which answers each
// region from its own snapshots (by each request's SigV4 scope): every request stays in the stack's region.

import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { SnapshotCopyJob, SnapshotSource } from '../../lib';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { DocDbElasticStandIn } from '../util/docdb-elastic-stand-in';
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

describe('a whole lifecycle through the stateful stand-in (test/util/docdb-elastic-stand-in.ts)', () => {
  const SOURCE_EAST = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/orders-nightly';
  const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  let standIn: DocDbElasticStandIn;
  beforeAll(async () => {
    standIn = await DocDbElasticStandIn.start();
  });
  afterAll(() => standIn.stop());
  beforeEach(() => standIn.reset());

  /** The custom resource properties and the bundled handler of a stack in us-east-1. */
  function deployed(props: { tags?: Record<string, string> } = {}) {
    const stack = new Stack(appWithAssembly(), 'Lifecycle', { env: { account: '123456789012', region: 'us-east-1' } });
    new SnapshotCopyJob(stack, 'Copy', {
      source: SnapshotSource.docDbElastic({ snapshotArn: SOURCE_EAST }),
      targetSnapshotName: 'orders-copy',
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY),
      tags: props.tags,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const properties = resourceProperties(stack, 'Custom::SnapshotCopyJob');
    // Every request the handler sends is simulated against the synthesized role, in the region it was sent to.
    return { properties, driver: new ProviderDriver(synthesizedHandler(stack, 'snapshot-copy-job'), { region: 'us-east-1', endpoint: standIn.url }) };
  }
  const names = (region: string) => standIn.snapshotsIn(region).map((snapshot) => snapshot.name).sort();
  const ID = 'docdb-elastic:orders-copy';

  test('Create, Update, the source deleted, Update, Delete: the copy appears, changes and goes in the stack\'s region', async () => {
    standIn.seed(SOURCE_EAST, 'orders-nightly', { kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/source', tags: { team: 'platform' } });
    const v1 = deployed({ tags: { stage: 'dev' } });
    const created = await v1.driver.send({ requestType: 'Create', properties: v1.properties });
    const copy = standIn.snapshotsIn('us-east-1').find((snapshot) => snapshot.name === 'orders-copy')!;
    expect(created).toMatchObject({ status: 'SUCCESS', physicalResourceId: ID, data: { TargetSnapshotName: 'orders-copy', TargetSnapshotArn: copy.arn } });
    expect(copy.arn).toMatch(/^arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot\//);
    expect(copy).toMatchObject({ status: 'ACTIVE', kmsKeyId: KEY, tags: { 'stage': 'dev', 'cdk-db-snapshots:copy-of:orders-copy': SOURCE_EAST } });
    expect(names('us-east-1')).toEqual(['orders-copy', 'orders-nightly']);
    // Every request went to the stack's region; the copy request named the source by its ARN.
    expect([...new Set(standIn.requests.map((request) => request.region))]).toEqual(['us-east-1']);
    expect(standIn.requests.filter((request) => request.path.endsWith('/copy')).map((request) => request.path)).toEqual([`/cluster-snapshot/${encodeURIComponent(SOURCE_EAST)}/copy`]);
    expect(v1.driver.authorizedRequests).toContain('DocDB Elastic CopyClusterSnapshot');

    const v2 = deployed({ tags: { stage: 'prod' } });
    expect((await v2.driver.send({ requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: ID })).status).toBe('SUCCESS');
    expect(standIn.snapshotsIn('us-east-1').find((snapshot) => snapshot.name === 'orders-copy')!.tags).toEqual({ 'stage': 'prod', 'cdk-db-snapshots:copy-of:orders-copy': SOURCE_EAST });

    standIn.remove(SOURCE_EAST);
    const v3 = deployed({ tags: { stage: 'archive' } });
    expect((await v3.driver.send({ requestType: 'Update', properties: v3.properties, oldProperties: v2.properties, physicalResourceId: ID })).status).toBe('SUCCESS');
    expect(standIn.snapshotsIn('us-east-1')[0].tags.stage).toBe('archive');
    expect((await v3.driver.send({ requestType: 'Delete', properties: v3.properties, physicalResourceId: ID })).status).toBe('SUCCESS');
    expect(names('us-east-1')).toEqual([]);
    expect(standIn.requests.filter((request) => request.method === 'DELETE' && request.path.startsWith('/cluster-snapshot/')).map((request) => request.region)).toEqual(['us-east-1']);
  });

  test('rollback: someone else\'s snapshot of that name fails the Create and survives the rollback Delete', async () => {
    standIn.seed(SOURCE_EAST, 'orders-nightly');
    const theirs = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/theirs';
    standIn.seed(theirs, 'orders-copy', { tags: { owner: 'someone-else' } });
    const { properties, driver } = deployed();
    const created = await driver.send({ requestType: 'Create', properties });
    expect(created.status).toBe('FAILED');
    expect(created.reason).toContain('a snapshot "orders-copy" already exists and is not a copy of');
    // The Provider framework reports the real physical id when isComplete fails: CloudFormation's rollback deletes it.
    expect((await driver.send({ requestType: 'Delete', properties, physicalResourceId: created.physicalResourceId })).status).toBe('SUCCESS');
    expect(standIn.snapshotsIn('us-east-1').find((snapshot) => snapshot.arn === theirs)).toEqual(expect.objectContaining({ name: 'orders-copy', tags: { owner: 'someone-else' } }));
    expect(names('us-east-1')).toEqual(['orders-copy', 'orders-nightly']);
    expect(standIn.requests.filter((request) => request.path.endsWith('/copy'))).toEqual([]);
  });
});
