// CrossRegionSnapshotCopy's bundled handler through a fault-injecting proxy in front of moto: at a 35% fault
// rate (5xx, throttling, hung connections) Create → Update retention → Update region → Delete must end in
// the same AWS state, step by step, as the same lifecycle without faults.

import * as fs from 'fs';
import * as path from 'path';
import { CreateClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { Duration, Stack } from 'aws-cdk-lib';
import { CrossRegionSnapshotCopy, CrossRegionSnapshotCopyProps } from '../../lib';
import { appWithAssembly, resourceProperties, SynthesizedHandler, synthesizedHandler } from '../util/assembly';
import { FaultProxy, FaultStats } from '../util/fault-proxy';
import { MotoServer, motoClientConfig } from '../util/moto';
import { ProviderDriver } from '../util/provider-driver';

const REGION = 'us-east-1';
const CLUSTER = 'faulty-cluster';
const FAULT_RATE = 0.35;
const SEEDS = [1, 2, 3, 4, 5];

let moto: MotoServer;
let redshift: RedshiftClient;
const report: string[] = [];

beforeAll(async () => {
  moto = await MotoServer.start();
  redshift = new RedshiftClient(motoClientConfig(moto.endpoint, REGION));
});
afterAll(async () => {
  redshift?.destroy();
  await moto?.stop();
  fs.mkdirSync(path.join(__dirname, '..', '..', 'test-reports'), { recursive: true });
  const table = ['| seed | requests | faults injected | SDK retries | 500 | 503 | throttling | hung | outcome |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...report].join('\n');
  fs.writeFileSync(path.join(__dirname, '..', '..', 'test-reports', 'fault-injection-cross-region-snapshot-copy.md'), table + '\n');
  // eslint-disable-next-line no-console
  console.log(`CrossRegionSnapshotCopy under ${FAULT_RATE * 100}% faults:\n${table}`);
});

function properties(props: Partial<CrossRegionSnapshotCopyProps>): Record<string, unknown> {
  const stack = new Stack(appWithAssembly(), 'Faults', { env: { account: '123456789012', region: REGION } });
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: CLUSTER, destinationRegion: 'us-west-2', ...props });
  return resourceProperties(stack, 'Custom::RedshiftCrossRegionSnapshotCopy');
}

function handler(): SynthesizedHandler {
  const stack = new Stack(appWithAssembly(), 'FaultsBundle', { env: { account: '123456789012', region: REGION } });
  new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: CLUSTER, destinationRegion: 'us-west-2' });
  return synthesizedHandler(stack, 'cross-region-snapshot-copy');
}

async function copyStatus(): Promise<string> {
  const output = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: CLUSTER }));
  const copy = output.Clusters?.[0]?.ClusterSnapshotCopyStatus;
  return copy ? `${copy.DestinationRegion}/${copy.RetentionPeriod}` : 'disabled';
}

/** Runs the lifecycle against `endpoint` and returns the copy status after each step. */
async function lifecycle(endpoint: string): Promise<string[]> {
  await moto.reset();
  await redshift.send(new CreateClusterCommand({
    ClusterIdentifier: CLUSTER, NodeType: 'ra3.xlplus', MasterUsername: 'admin', MasterUserPassword: 'Password1', ClusterType: 'single-node',
  }));
  const driver = new ProviderDriver(handler(), { region: REGION, endpoint, extraEnv: { REQUEST_TIMEOUT_MS: '1000' } });
  const v1 = properties({ automatedCopyRetention: Duration.days(14) });
  const v2 = properties({ automatedCopyRetention: Duration.days(21) });
  const v3 = properties({ automatedCopyRetention: Duration.days(21), destinationRegion: 'eu-west-1' });
  const steps = [
    { requestType: 'Create' as const, properties: v1 },
    { requestType: 'Update' as const, properties: v2, oldProperties: v1, physicalResourceId: CLUSTER },
    { requestType: 'Update' as const, properties: v3, oldProperties: v2, physicalResourceId: CLUSTER },
    { requestType: 'Delete' as const, properties: v3, physicalResourceId: CLUSTER },
  ];
  const states: string[] = [];
  for (const step of steps) {
    const outcome = await driver.send(step, 60);
    states.push(`${step.requestType}:${outcome.status}:${await copyStatus()}`);
  }
  return states;
}

function row(stats: FaultStats, outcome: string): string {
  const f = stats.byFault;
  return `| ${stats.seed} | ${stats.requests} | ${stats.faults} | ${stats.retries} | ${f['http-500']} | ${f['http-503']} | ${f.throttling} | ${f.hang} | ${outcome} |`;
}

test('without faults the lifecycle gives the expected states', async () => {
  const clean = await FaultProxy.start(moto.endpoint, 0, 0);
  try {
    const states = await lifecycle(clean.endpoint);
    expect(states).toEqual([
      'Create:SUCCESS:us-west-2/14',
      'Update:SUCCESS:us-west-2/21',
      'Update:SUCCESS:eu-west-1/21',
      'Delete:SUCCESS:disabled',
    ]);
    report.push(row(clean.stats, 'baseline, no faults'));
  } finally {
    await clean.stop();
  }
});

test.each(SEEDS)('seed %i: with faults the lifecycle converges to the same states', async (seed) => {
  const proxy = await FaultProxy.start(moto.endpoint, seed, FAULT_RATE);
  try {
    const states = await lifecycle(proxy.endpoint);
    const converged = states.join(',') === 'Create:SUCCESS:us-west-2/14,Update:SUCCESS:us-west-2/21,Update:SUCCESS:eu-west-1/21,Delete:SUCCESS:disabled';
    report.push(row(proxy.stats, converged ? 'same states as without faults' : states.join(' → ')));
    expect(states).toEqual([
      'Create:SUCCESS:us-west-2/14',
      'Update:SUCCESS:us-west-2/21',
      'Update:SUCCESS:eu-west-1/21',
      'Delete:SUCCESS:disabled',
    ]);
    expect(proxy.stats.faults / proxy.stats.requests).toBeGreaterThanOrEqual(0.3);
  } finally {
    await proxy.stop();
  }
});
