// The lifecycles of ClusterSnapshot, SnapshotCopyGrant, SnapshotCopyJob (MemoryDB) and ServerlessSnapshot
// through the fault-injecting proxy (35% of requests: 500, 503, throttling, hung connections), in front of
// moto, or for Redshift Serverless (which moto lacks) in front of a stateful stand-in of the service. Each
// must end every step in the same AWS state as without faults. Redshift Serverless and DocumentDB elastic,
// which moto lacks, are stateful stand-ins answering as the services document. CrossRegionSnapshotCopy has its own file.

import * as fs from 'fs';
import * as path from 'path';
import { CreateClusterCommand as CreateMemoryDbClusterCommand, CreateSnapshotCommand, DescribeSnapshotsCommand, ListTagsCommand, MemoryDBClient } from '@aws-sdk/client-memorydb';
import { CreateClusterCommand, DescribeClusterSnapshotsCommand, DescribeSnapshotCopyGrantsCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ClusterSnapshot, ServerlessSnapshot, SnapshotCopyGrant, SnapshotCopyJob, SnapshotRetention, SnapshotSource } from '../../lib';
import { KindName } from '../../lib/handler-properties/kinds';
import { appWithAssembly, resourceProperties, SynthesizedHandler, synthesizedHandler } from '../util/assembly';
import { FaultProxy, FaultStats } from '../util/fault-proxy';
import { MotoServer, motoClientConfig } from '../util/moto';
import { CfnRequest, ProviderDriver } from '../util/provider-driver';
import { RecordedRequest, RecordingEndpoint } from '../util/recording-endpoint';

const REGION = 'us-east-1';
const FAULT_RATE = 0.35;
const SEEDS = [11, 12, 13];
let moto: MotoServer;
const report: string[] = [];

beforeAll(async () => {
  moto = await MotoServer.start();
});
afterAll(async () => {
  await moto?.stop();
  const table = ['| construct | seed | requests | faults injected | SDK retries | outcome |', '| --- | --- | --- | --- | --- | --- |', ...report].join('\n');
  fs.mkdirSync(path.join(__dirname, '..', '..', 'test-reports'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', '..', 'test-reports', 'fault-injection-other-constructs.md'), table + '\n');
  // eslint-disable-next-line no-console
  console.log(`Other constructs under ${FAULT_RATE * 100}% faults:\n${table}`);
});

interface Lifecycle {
  /** The state after each request, without faults. */
  readonly expected: string[];
  /** Resets the endpoint and creates what the construct needs; returns the endpoint to put the proxy in front of. */
  setup(): Promise<string>;
  /** The properties of each version of the construct, as the template gives them. */
  versions(): Array<{ properties: Record<string, unknown>; handler: SynthesizedHandler }>;
  /** The CloudFormation requests, given the versions. */
  requests(versions: Array<Record<string, unknown>>): CfnRequest[];
  /** The AWS state that matters, read without faults. */
  state(): Promise<string>;
}

function synth(build: (stack: Stack) => void, type: string, handler: KindName) {
  const stack = new Stack(appWithAssembly(), 'Faults', { env: { account: '123456789012', region: REGION } });
  build(stack);
  return { properties: resourceProperties(stack, type), handler: synthesizedHandler(stack, handler) };
}

const redshift = () => new RedshiftClient(motoClientConfig(moto.endpoint, REGION));
const memorydb = () => new MemoryDBClient(motoClientConfig(moto.endpoint, REGION));

const clusterSnapshot: Lifecycle = {
  async setup() {
    await moto.reset();
    await redshift().send(new CreateClusterCommand({ ClusterIdentifier: 'faulty', NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node' }));
    return moto.endpoint;
  },
  versions: () => [{ stage: 'dev' }, { stage: 'prod' }].map((tags) => synth((stack) => new ClusterSnapshot(stack, 'S', {
    clusterIdentifier: 'faulty', snapshotIdentifier: 'faulty-snapshot', tags, removalPolicy: RemovalPolicy.DESTROY,
  }), 'Custom::RedshiftClusterSnapshot', 'cluster-snapshot')),
  requests: ([v1, v2]) => [
    { requestType: 'Create', properties: v1 },
    { requestType: 'Update', properties: v2, oldProperties: v1, physicalResourceId: 'faulty-snapshot' },
    { requestType: 'Delete', properties: v2, physicalResourceId: 'faulty-snapshot' },
  ],
  async state() {
    try {
      const [snapshot] = (await redshift().send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'faulty-snapshot' }))).Snapshots ?? [];
      return `${snapshot.Status}/${(snapshot.Tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).join(',')}`;
    } catch {
      return 'gone';
    }
  },
  expected: ['Create:SUCCESS:available/stage=dev', 'Update:SUCCESS:available/stage=prod', 'Delete:SUCCESS:gone'],
};

/** ClusterSnapshot sharing: a hung AuthorizeSnapshotAccess that moto applied is retried, answered AuthorizationAlreadyExists. */
const sharedClusterSnapshot: Lifecycle = {
  setup: clusterSnapshot.setup,
  versions: () => [['111111111111'], ['222222222222', 'amazon-redshift-support']].map((shareWith) => synth((stack) => new ClusterSnapshot(stack, 'S', {
    clusterIdentifier: 'faulty', snapshotIdentifier: 'faulty-snapshot', shareWith, removalPolicy: RemovalPolicy.DESTROY,
  }), 'Custom::RedshiftClusterSnapshot', 'cluster-snapshot')),
  requests: clusterSnapshot.requests,
  async state() {
    try {
      const [snapshot] = (await redshift().send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: 'faulty-snapshot' }))).Snapshots ?? [];
      const accounts = (snapshot.AccountsWithRestoreAccess ?? []).map((account) => account.AccountAlias ?? account.AccountId).sort();
      const records = (snapshot.Tags ?? []).map((tag) => tag.Key!.replace('cdk-db-snapshots:restore-access:', '')).sort();
      return `${snapshot.Status}/shared:${accounts.join(',')}/recorded:${records.join(',')}`;
    } catch {
      return 'gone';
    }
  },
  expected: [
    'Create:SUCCESS:available/shared:111111111111/recorded:111111111111',
    'Update:SUCCESS:available/shared:222222222222,amazon-redshift-support/recorded:222222222222,amazon-redshift-support',
    'Delete:SUCCESS:gone',
  ],
};

const snapshotCopyGrant: Lifecycle = {
  async setup() {
    await moto.reset();
    return moto.endpoint;
  },
  versions: () => [synth((stack) => new SnapshotCopyGrant(stack, 'G', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'faulty-grant' }),
    'Custom::RedshiftSnapshotCopyGrant', 'snapshot-copy-grant')],
  requests: ([v1]) => [
    { requestType: 'Create', properties: v1 },
    { requestType: 'Delete', properties: v1, physicalResourceId: 'us-west-2/faulty-grant' },
  ],
  async state() {
    const grants = (await new RedshiftClient(motoClientConfig(moto.endpoint, 'us-west-2')).send(new DescribeSnapshotCopyGrantsCommand({}))).SnapshotCopyGrants ?? [];
    return grants.map((grant) => grant.SnapshotCopyGrantName).join(',') || 'none';
  },
  expected: ['Create:SUCCESS:faulty-grant', 'Delete:SUCCESS:none'],
};

const snapshotCopyJob: Lifecycle = {
  async setup() {
    await moto.reset();
    await memorydb().send(new CreateMemoryDbClusterCommand({ ClusterName: 'sessions', NodeType: 'db.t4g.small', ACLName: 'open-access' }));
    await memorydb().send(new CreateSnapshotCommand({ ClusterName: 'sessions', SnapshotName: 'sessions-source' }));
    // moto has no CopySnapshot: the copy exists already, with the provenance tag CopySnapshot sets, and is adopted (see the lifecycle test).
    await memorydb().send(new CreateSnapshotCommand({
      ClusterName: 'sessions', SnapshotName: 'sessions-copy', Tags: [{ Key: 'cdk-db-snapshots:copy-of', Value: 'sessions-source' }],
    }));
    return moto.endpoint;
  },
  versions: () => [{ team: 'a' }, { team: 'b' }].map((tags) => synth((stack) => new SnapshotCopyJob(stack, 'J', {
    source: SnapshotSource.memoryDb({ snapshotName: 'sessions-source' }), targetSnapshotName: 'sessions-copy', tags, removalPolicy: RemovalPolicy.DESTROY,
  }), 'Custom::SnapshotCopyJob', 'snapshot-copy-job')),
  requests: ([v1, v2]) => [
    { requestType: 'Create', properties: v1 },
    { requestType: 'Update', properties: v2, oldProperties: v1, physicalResourceId: 'memorydb:sessions-copy' },
    { requestType: 'Delete', properties: v2, physicalResourceId: 'memorydb:sessions-copy' },
  ],
  async state() {
    const snapshots = (await memorydb().send(new DescribeSnapshotsCommand({}))).Snapshots ?? [];
    const copy = snapshots.find((snapshot) => snapshot.Name === 'sessions-copy');
    if (!copy) return 'gone';
    const tags = (await memorydb().send(new ListTagsCommand({ ResourceArn: copy.ARN }))).TagList ?? [];
    return tags.map((tag) => `${tag.Key}=${tag.Value}`).sort().join(',');
  },
  expected: ['Create:SUCCESS:cdk-db-snapshots:copy-of=sessions-source,team=a', 'Update:SUCCESS:cdk-db-snapshots:copy-of=sessions-source,team=b', 'Delete:SUCCESS:gone'],
};

/** A stand-in for Redshift Serverless that keeps one snapshot's state, answering as the service documents. */
let serverlessFake: RecordingEndpoint | undefined;
let serverlessState: { retention: number } | undefined;
const serverlessSnapshot: Lifecycle = {
  async setup() {
    await serverlessFake?.stop();
    serverlessState = undefined;
    const snapshot = () => ({
      snapshot: {
        snapshotName: 'faulty',
        namespaceName: 'analytics',
        status: 'AVAILABLE',
        snapshotRetentionPeriod: serverlessState!.retention,
        snapshotArn: 'arn:aws:redshift-serverless:us-east-1:123456789012:snapshot/1',
        namespaceArn: 'arn:aws:redshift-serverless:us-east-1:123456789012:namespace/1',
        totalBackupSizeInMegaBytes: 1,
      },
    });
    serverlessFake = await RecordingEndpoint.start((request: RecordedRequest) => {
      switch (RecordingEndpoint.target(request)) {
        case 'CreateSnapshot':
          if (serverlessState) return { status: 400, body: { __type: 'ConflictException', message: 'Snapshot faulty already exists' } };
          serverlessState = { retention: request.body.retentionPeriod };
          return { status: 200, body: snapshot() };
        case 'GetSnapshot':
          return serverlessState ? { status: 200, body: snapshot() } : { status: 400, body: { __type: 'ResourceNotFoundException', message: 'not found' } };
        case 'UpdateSnapshot':
          serverlessState = { retention: request.body.retentionPeriod };
          return { status: 200, body: snapshot() };
        case 'DeleteSnapshot':
          if (!serverlessState) return { status: 400, body: { __type: 'ResourceNotFoundException', message: 'not found' } };
          serverlessState = undefined;
          return { status: 200, body: {} };
        default:
          return undefined;
      }
    });
    return serverlessFake.endpoint;
  },
  versions: () => [7, 30].map((days) => synth((stack) => new ServerlessSnapshot(stack, 'S', {
    namespaceName: 'analytics', snapshotName: 'faulty', retention: SnapshotRetention.days(days), removalPolicy: RemovalPolicy.DESTROY,
  }), 'Custom::RedshiftServerlessSnapshot', 'serverless-snapshot')),
  requests: ([v1, v2]) => [
    { requestType: 'Create', properties: v1 },
    { requestType: 'Update', properties: v2, oldProperties: v1, physicalResourceId: 'faulty' },
    { requestType: 'Delete', properties: v2, physicalResourceId: 'faulty' },
  ],
  state: async () => (serverlessState ? `retention=${serverlessState.retention}` : 'gone'),
  expected: ['Create:SUCCESS:retention=7', 'Update:SUCCESS:retention=30', 'Delete:SUCCESS:gone'],
};

afterAll(() => serverlessFake?.stop());

/** A stand-in for DocumentDB elastic clusters (REST-JSON) that keeps the source and one copy. */
const DOC_SOURCE = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/source';
const DOC_COPY = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/copy';
const DOC_CLUSTER = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster/orders';
let docdbFake: RecordingEndpoint | undefined;
let docdbCopy: { tags: Record<string, string> } | undefined;
const docDbElasticCopy: Lifecycle = {
  async setup() {
    await docdbFake?.stop();
    docdbCopy = undefined;
    const notFound = { status: 404, body: { message: 'not found' }, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' } };
    docdbFake = await RecordingEndpoint.start((request: RecordedRequest) => {
      const route = `${request.method} ${decodeURIComponent(request.path.split('?')[0])}`;
      if (route === `GET /cluster-snapshot/${DOC_SOURCE}`) return { status: 200, body: { snapshot: { snapshotArn: DOC_SOURCE, clusterArn: DOC_CLUSTER, status: 'ACTIVE' } } };
      if (route === `POST /cluster-snapshot/${DOC_SOURCE}/copy`) {
        docdbCopy = { tags: request.body.tags ?? {} };
        return { status: 200, body: { snapshot: { snapshotArn: DOC_COPY, snapshotName: 'orders-copy', clusterArn: DOC_CLUSTER, status: 'ACTIVE' } } };
      }
      if (route === 'GET /cluster-snapshots') {
        const snapshots = docdbCopy ? [{ snapshotArn: DOC_COPY, snapshotName: 'orders-copy', clusterArn: DOC_CLUSTER, status: 'ACTIVE', snapshotCreationTime: 'x' }] : [];
        return { status: 200, body: { snapshots } };
      }
      if (route === `GET /tags/${DOC_COPY}`) return docdbCopy ? { status: 200, body: { tags: docdbCopy.tags } } : notFound;
      if (route === `POST /tags/${DOC_COPY}`) {
        if (!docdbCopy) return notFound;
        docdbCopy.tags = { ...docdbCopy.tags, ...request.body.tags };
        return { status: 200, body: {} };
      }
      if (route === `DELETE /tags/${DOC_COPY}`) {
        if (!docdbCopy) return notFound;
        for (const key of new URLSearchParams(request.path.split('?')[1]).getAll('tagKeys')) delete docdbCopy.tags[key];
        return { status: 200, body: {} };
      }
      if (route === `DELETE /cluster-snapshot/${DOC_COPY}`) {
        if (!docdbCopy) return notFound;
        docdbCopy = undefined;
        return { status: 200, body: { snapshot: { snapshotArn: DOC_COPY, status: 'DELETING' } } };
      }
      return undefined;
    });
    return docdbFake.endpoint;
  },
  versions: () => ([{ team: 'a', stage: 'dev' }, { team: 'b' }] as Array<Record<string, string>>).map((tags) => synth((stack) => new SnapshotCopyJob(stack, 'J', {
    source: SnapshotSource.docDbElastic({ snapshotArn: DOC_SOURCE }), targetSnapshotName: 'orders-copy', tags, removalPolicy: RemovalPolicy.DESTROY,
  }), 'Custom::SnapshotCopyJob', 'snapshot-copy-job')),
  requests: ([v1, v2]) => [
    { requestType: 'Create', properties: v1 },
    { requestType: 'Update', properties: v2, oldProperties: v1, physicalResourceId: 'docdb-elastic:orders-copy' },
    { requestType: 'Delete', properties: v2, physicalResourceId: 'docdb-elastic:orders-copy' },
  ],
  state: async () => (docdbCopy ? Object.entries(docdbCopy.tags).map(([key, value]) => `${key}=${value}`).sort().join(',') : 'gone'),
  expected: [
    `Create:SUCCESS:cdk-db-snapshots:copy-of:orders-copy=${DOC_SOURCE},stage=dev,team=a`,
    `Update:SUCCESS:cdk-db-snapshots:copy-of:orders-copy=${DOC_SOURCE},team=b`,
    'Delete:SUCCESS:gone',
  ],
};

afterAll(() => docdbFake?.stop());


async function run(lifecycle: Lifecycle, seed: number, faultRate: number): Promise<{ states: string[]; stats: FaultStats }> {
  const target = await lifecycle.setup();
  const proxy = await FaultProxy.start(target, seed, faultRate);
  try {
    const versions = lifecycle.versions();
    const driver = new ProviderDriver(versions[0].handler, { region: REGION, endpoint: proxy.endpoint, extraEnv: { REQUEST_TIMEOUT_MS: '1000' } });
    const states: string[] = [];
    for (const request of lifecycle.requests(versions.map((version) => version.properties))) {
      const outcome = await driver.send(request, 60);
      states.push(`${request.requestType}:${outcome.status}:${await lifecycle.state()}`);
    }
    return { states, stats: proxy.stats };
  } finally {
    await proxy.stop();
  }
}

describe.each([
  ['ClusterSnapshot', clusterSnapshot],
  ['SnapshotCopyGrant', snapshotCopyGrant],
  ['SnapshotCopyJob (MemoryDB)', snapshotCopyJob],
  ['ServerlessSnapshot', serverlessSnapshot],
  ['SnapshotCopyJob (DocumentDB elastic)', docDbElasticCopy],
  ['ClusterSnapshot with shareWith', sharedClusterSnapshot],
] as const)('%s', (name, lifecycle) => {
  test('without faults: the expected states', async () => {
    expect((await run(lifecycle, 0, 0)).states).toEqual(lifecycle.expected);
  });

  test.each(SEEDS)('seed %i: the same states at a 35%% fault rate', async (seed) => {
    const { states, stats } = await run(lifecycle, seed, FAULT_RATE);
    const same = JSON.stringify(states) === JSON.stringify(lifecycle.expected);
    report.push(`| ${name} | ${seed} | ${stats.requests} | ${stats.faults} | ${stats.retries} | ${same ? 'same states as without faults' : states.join(' → ')} |`);
    expect(states).toEqual(lifecycle.expected);
    expect(stats.faults / stats.requests).toBeGreaterThanOrEqual(0.3);
  });
});
