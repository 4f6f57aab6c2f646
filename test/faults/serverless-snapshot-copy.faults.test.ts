// ServerlessSnapshotCopy's lifecycle through the fault-injecting proxy (35% of requests: 500, 503, throttling,
// hung connections) in front of the stateful stand-in of Redshift Serverless snapshot copy configurations (moto
// has no Redshift Serverless): every step must end in the same state as without faults, with a namespace that is
// busy (ConflictException) now and then as well.

import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { ServerlessSnapshotCopy, SnapshotRetention } from '../../lib';
import { appWithAssembly, resourceProperties, synthesizedHandler } from '../util/assembly';
import { FaultProxy, FaultStats } from '../util/fault-proxy';
import { CfnRequest, ProviderDriver } from '../util/provider-driver';
import { RecordingEndpoint } from '../util/recording-endpoint';
import { SnapshotCopyConfigurationsStandIn } from '../util/serverless-copy-configurations';

const REGION = 'us-east-1';
const FAULT_RATE = 0.35;
const SEEDS = [11, 12, 13];
const report: string[] = [];

afterAll(() => {
  const table = ['| construct | seed | requests | faults injected | SDK retries | outcome |', '| --- | --- | --- | --- | --- | --- |', ...report].join('\n');
  fs.mkdirSync(path.join(__dirname, '..', '..', 'test-reports'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', '..', 'test-reports', 'fault-injection-serverless-snapshot-copy.md'), table + '\n');
});

function synth(destinationRegion: string, days: number) {
  const stack = new Stack(appWithAssembly(), 'Faults', { env: { account: '123456789012', region: REGION } });
  new ServerlessSnapshotCopy(stack, 'Dr', { namespaceName: 'analytics', destinationRegion, retention: SnapshotRetention.days(days) });
  return { properties: resourceProperties(stack, 'Custom::RedshiftServerlessSnapshotCopy'), handler: synthesizedHandler(stack, 'serverless-snapshot-copy') };
}

const EXPECTED = [
  'Create:SUCCESS:us-west-2/-/7',
  'Update:SUCCESS:us-west-2/-/30',
  'Update:SUCCESS:eu-west-1/-/30',
  'Delete:SUCCESS:none',
];

async function run(seed: number, faultRate: number): Promise<{ states: string[]; stats: FaultStats }> {
  const standIn = new SnapshotCopyConfigurationsStandIn(REGION, ['analytics']);
  const endpoint = await RecordingEndpoint.start(standIn.route);
  const proxy = await FaultProxy.start(endpoint.endpoint, seed, faultRate);
  try {
    const [v1, v2, v3] = [synth('us-west-2', 7), synth('us-west-2', 30), synth('eu-west-1', 30)];
    const driver = new ProviderDriver(v1.handler, { region: REGION, endpoint: proxy.endpoint, extraEnv: { REQUEST_TIMEOUT_MS: '1000' } });
    const requests: CfnRequest[] = [
      { requestType: 'Create', properties: v1.properties },
      { requestType: 'Update', properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'analytics:us-west-2' },
      { requestType: 'Update', properties: v3.properties, oldProperties: v2.properties, physicalResourceId: 'analytics:us-west-2' },
      { requestType: 'Delete', properties: v3.properties, physicalResourceId: 'analytics:eu-west-1' },
    ];
    const states: string[] = [];
    for (const request of requests) {
      // The namespace is busy with something else when each request starts.
      standIn.busyFor(1);
      const outcome = await driver.send(request, 60);
      states.push(`${request.requestType}:${outcome.status}:${standIn.describe('analytics').join(',') || 'none'}`);
    }
    return { states, stats: proxy.stats };
  } finally {
    await proxy.stop();
    await endpoint.stop();
  }
}

test('without faults: the expected states', async () => {
  expect((await run(0, 0)).states).toEqual(EXPECTED);
});

test.each(SEEDS)('seed %i: the same states at a 35%% fault rate', async (seed) => {
  const { states, stats } = await run(seed, FAULT_RATE);
  const same = JSON.stringify(states) === JSON.stringify(EXPECTED);
  report.push(`| ServerlessSnapshotCopy | ${seed} | ${stats.requests} | ${stats.faults} | ${stats.retries} | ${same ? 'same states as without faults' : states.join(' → ')} |`);
  expect(states).toEqual(EXPECTED);
  expect(stats.faults / stats.requests).toBeGreaterThanOrEqual(0.3);
});
