// Handler logs over whole lifecycles against moto: every line is one JSON object carrying the
// CloudFormation request id, and none holds the pre-signed ResponseURL the framework passes in.

import { CreateClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ClusterSnapshot, CrossRegionSnapshotCopy } from '../../lib';
import { KindName } from '../../lib/handler-properties/kinds';
import { appWithAssembly, synthesizedHandler, resourceProperties } from '../util/assembly';
import { MotoServer, motoClientConfig } from '../util/moto';
import { CfnRequest, ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
let moto: MotoServer;

beforeAll(async () => {
  moto = await MotoServer.start();
  const redshift = new RedshiftClient(motoClientConfig(moto.endpoint, REGION));
  await redshift.send(new CreateClusterCommand({
    ClusterIdentifier: 'logged', NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node',
  }));
  redshift.destroy();
});
afterAll(() => moto?.stop());

function lifecycle(
  build: (stack: Stack, retention: number) => void, type: string, handler: KindName,
): { driver: ProviderDriver; requests: CfnRequest[] } {
  const synth = (retention: number) => {
    const stack = new Stack(appWithAssembly(), 'Logs', { env: { account: '123456789012', region: REGION } });
    build(stack, retention);
    return { stack, properties: resourceProperties(stack, type) };
  };
  const v1 = synth(7);
  const v2 = synth(9);
  const driver = new ProviderDriver(synthesizedHandler(v1.stack, handler), { region: REGION, endpoint: moto.endpoint });
  return {
    driver,
    requests: [
      { requestType: 'Create', properties: v1.properties },
      { requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'from-create' },
      { requestType: 'Delete', properties: v2.properties, physicalResourceId: 'from-create' },
    ],
  };
}

test.each([
  ['CrossRegionSnapshotCopy', (stack: Stack, days: number) => new CrossRegionSnapshotCopy(stack, 'Copy', {
    clusterIdentifier: 'logged', destinationRegion: 'us-west-2', automatedCopyRetention: Duration.days(days),
  }), 'Custom::RedshiftCrossRegionSnapshotCopy', 'cross-region-snapshot-copy'],
  ['ClusterSnapshot', (stack: Stack, days: number) => new ClusterSnapshot(stack, 'Snapshot', {
    clusterIdentifier: 'logged', snapshotIdentifier: 'logged-snapshot', tags: { days: String(days) }, removalPolicy: RemovalPolicy.DESTROY,
  }), 'Custom::RedshiftClusterSnapshot', 'cluster-snapshot'],
] as const)('%s: every log line is JSON with the request id, and never the ResponseURL', async (_name, build, type, handler) => {
  const { driver, requests } = lifecycle(build, type, handler);
  let physicalResourceId: string | undefined;
  let lines = 0;
  for (const request of requests) {
    const outcome = await driver.send({ ...request, physicalResourceId: request.requestType === 'Create' ? undefined : physicalResourceId });
    expect(outcome.status).toBe('SUCCESS');
    physicalResourceId = outcome.physicalResourceId;
    const requestIds = new Set<string>();
    for (const line of outcome.logs) {
      const entry = JSON.parse(line);
      expect(typeof entry.requestId).toBe('string');
      requestIds.add(entry.requestId);
      expect(line).not.toContain('PRESIGNED-SECRET');
      expect(line).not.toContain('ResponseURL');
    }
    expect(requestIds.size).toBe(1); // one CloudFormation request, one id on all its lines
    expect(outcome.logs.some((line) => JSON.parse(line).call !== undefined)).toBe(true); // AWS calls are logged too
    lines += outcome.logs.length;
  }
  expect(lines).toBeGreaterThan(8);
});
