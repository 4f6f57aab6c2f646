// ServerlessSnapshotSchedule's lifecycle through the fault-injecting proxy (35% of requests: 500, 503, throttling,
// hung connections) in front of the scheduled-action stand-in of Redshift Serverless: every step must end in the same
// state as without faults. A lost answer to CreateScheduledAction (the action was created, the handler never heard)
// must not make the Create fail: the next pass finds the action this resource created and goes on.

import { Stack } from 'aws-cdk-lib';
import { ServerlessSchedule, ServerlessSnapshotSchedule, SnapshotRetention } from '../../lib';
import { appWithAssembly, resourceProperties, synthesizedHandler, synthesizedTemplate } from '../util/assembly';
import { FaultProxy, FaultStats } from '../util/fault-proxy';
import { ProviderDriver } from '../util/provider-driver';
import { resolveTemplateValue } from '../util/role-policies';
import { ServerlessScheduledActionsStandIn } from '../util/serverless-scheduled-actions';

const FAULT_RATE = 0.35;
const EXPECTED = ['Create:SUCCESS:ACTIVE,14', 'Update:SUCCESS:DISABLED,30', 'Delete:SUCCESS:gone'];

function version(retentionDays: number, enabled: boolean) {
  const stack = new Stack(appWithAssembly(), 'Faults', { env: { account: '123456789012', region: 'us-east-1' } });
  new ServerlessSnapshotSchedule(stack, 'S', {
    namespaceName: 'analytics',
    scheduledActionName: 'faulty',
    schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }),
    retention: SnapshotRetention.days(retentionDays),
    enabled,
  });
  const properties = resolveTemplateValue(resourceProperties(stack, 'Custom::RedshiftServerlessSnapshotSchedule'), synthesizedTemplate(stack));
  return { properties: properties as Record<string, unknown>, handler: synthesizedHandler(stack, 'serverless-snapshot-schedule') };
}

async function run(seed: number, faultRate: number): Promise<{ states: string[]; stats: FaultStats }> {
  const standIn = await ServerlessScheduledActionsStandIn.start(['analytics']);
  const proxy = await FaultProxy.start(standIn.url, seed, faultRate);
  try {
    const [v1, v2] = [version(14, true), version(30, false)];
    const driver = new ProviderDriver(v1.handler, { region: 'us-east-1', endpoint: proxy.endpoint, extraEnv: { REQUEST_TIMEOUT_MS: '1000' } });
    const state = () => {
      const action = standIn.actions.get('faulty');
      return action ? `${action.state},${action.targetAction.createSnapshot.retentionPeriod}` : 'gone';
    };
    const states: string[] = [];
    for (const request of [
      { requestType: 'Create' as const, properties: v1.properties },
      { requestType: 'Update' as const, properties: v2.properties, oldProperties: v1.properties, physicalResourceId: 'faulty' },
      { requestType: 'Delete' as const, properties: v2.properties, physicalResourceId: 'faulty' },
    ]) {
      const outcome = await driver.send(request, 60);
      states.push(`${request.requestType}:${outcome.status}:${state()}`);
    }
    return { states, stats: proxy.stats };
  } finally {
    await proxy.stop();
    await standIn.stop();
  }
}

test('without faults: the expected states', async () => {
  expect((await run(0, 0)).states).toEqual(EXPECTED);
});

test.each([21, 22, 23])('seed %i: the same states at a 35%% fault rate', async (seed) => {
  const { states, stats } = await run(seed, FAULT_RATE);
  expect(states).toEqual(EXPECTED);
  expect(stats.faults / stats.requests).toBeGreaterThanOrEqual(0.25);
});
