// CrossRegionSnapshotCopy's handler against a mocked Redshift client: one test per row of the
// behaviour table in lambda/cross-region-snapshot-copy/index.ts.

import {
  Cluster,
  DescribeClustersCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  ModifySnapshotCopyRetentionPeriodCommand,
  RedshiftClient,
  RedshiftServiceException,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, onEvent } from '../../lambda/cross-region-snapshot-copy';
import type { RequestType } from '../../lambda/shared/framework';
import { completeEvent, CompleteOptions, isCompleteRequest, onEventRequest } from '../util/events';
import { answersInTurn } from '../util/mock';

const redshift = mockClient(RedshiftClient);
const CLUSTER = 'analytics';

/** Properties as the construct sends them; the event builders turn them into strings as CloudFormation does. */
const PROPS = {
  ClusterIdentifier: CLUSTER,
  DestinationRegion: 'us-west-2',
  RetentionPeriod: 14,
  ManualSnapshotRetentionPeriod: 30,
  RemovalPolicy: 'destroy',
  TimeoutSeconds: 1800,
};

function awsError(name: string, message = name): RedshiftServiceException {
  return new RedshiftServiceException({ name, message, $fault: 'client', $metadata: {} });
}

function cluster(copy?: Cluster['ClusterSnapshotCopyStatus'], status = 'available'): { Clusters: Cluster[] } {
  return { Clusters: [{ ClusterIdentifier: CLUSTER, ClusterStatus: status, ClusterSnapshotCopyStatus: copy }] };
}

/** Successive DescribeClusters answers; the last one repeats. */
const describeReturns = (...answers: Array<{ Clusters: Cluster[] } | Error>) => answersInTurn(redshift.on(DescribeClustersCommand), answers);

const complete = (requestType: RequestType, props: Record<string, unknown> = PROPS, options: CompleteOptions = {}) =>
  isComplete(completeEvent(requestType, props, String(props.ClusterIdentifier), options));

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
beforeEach(() => {
  redshift.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('onEvent', () => {
  test('Create returns the cluster identifier as physical id and starts the clock', async () => {
    const response = await onEvent(onEventRequest('Create', PROPS));
    expect(response.PhysicalResourceId).toBe(CLUSTER);
    expect(Date.parse(String(response.Data?.StartedAt))).not.toBeNaN();
    expect(redshift.calls()).toHaveLength(0);
  });

  test('Update to another cluster returns a new physical id (CloudFormation then deletes the old one)', async () => {
    const response = await onEvent(onEventRequest('Update', { ...PROPS, ClusterIdentifier: 'other' }, { physicalResourceId: CLUSTER, oldProperties: PROPS }));
    expect(response.PhysicalResourceId).toBe('other');
  });

  test('Update of region or retention keeps the physical id', async () => {
    const response = await onEvent(onEventRequest('Update', { ...PROPS, DestinationRegion: 'eu-west-1', RetentionPeriod: 3 }, { physicalResourceId: CLUSTER, oldProperties: PROPS }));
    expect(response.PhysicalResourceId).toBe(CLUSTER);
  });

  test('Delete never changes the physical id', async () => {
    const response = await onEvent(onEventRequest('Delete', PROPS, { physicalResourceId: 'whatever-it-was' }));
    expect(response.PhysicalResourceId).toBe('whatever-it-was');
  });

  test.each([
    ['RetentionPeriod', '36', /property RetentionPeriod must be a whole number from 1 to 35, got "36"/],
    ['ManualSnapshotRetentionPeriod', '0', /property ManualSnapshotRetentionPeriod must be -1 or a whole number from 1 to 3653, got "0"/],
    ['RemovalPolicy', 'snapshot', /property RemovalPolicy must be one of destroy, retain/],
    ['ClusterIdentifier', '', /property ClusterIdentifier is required/],
    // A timeout from a CfnParameter (Duration.seconds(token)) is checked here, to the construct's range.
    ['TimeoutSeconds', '59', /property TimeoutSeconds must be a whole number from 60 to 3600, got "59"/],
    ['TimeoutSeconds', '3601', /property TimeoutSeconds must be a whole number from 60 to 3600, got "3601"/],
  ])('a bad %s property fails at once', async (name, value, message) => {
    await expect(onEvent(onEventRequest('Create', { ...PROPS, [name]: value }))).rejects.toThrow(message);
  });

  test.each([['TimeoutSeconds', '60'], ['TimeoutSeconds', '3600'], ['RetentionPeriod', '35'], ['ManualSnapshotRetentionPeriod', '-1']])(
    'the boundary %s %s (a CfnParameter\'s value) is accepted', async (name, value) => {
      await expect(onEvent(onEventRequest('Create', { ...PROPS, [name]: value }))).resolves.toBeDefined();
    });
});

describe('Create', () => {
  test('copy disabled: EnableSnapshotCopy with both retention periods and the grant', async () => {
    describeReturns(cluster(), cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'grant' }));
    redshift.on(EnableSnapshotCopyCommand).resolves({});

    const response = await complete('Create', { ...PROPS, SnapshotCopyGrantName: 'grant' });

    expect(response.IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(EnableSnapshotCopyCommand, {
      ClusterIdentifier: CLUSTER, DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'grant',
    });
    expect(redshift).toHaveReceivedCommandTimes(EnableSnapshotCopyCommand, 1);
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('already enabled with exactly these settings (a replay, or made by hand to match): adopted, nothing called', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));

    expect((await complete('Create')).IsComplete).toBe(true);
    expect(redshift.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeClustersCommand']);
  });

  test('already enabled to the same region with another grant: fails naming the difference, and changes nothing', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'dr-grant' }));

    await expect(complete('Create', { ...PROPS, SnapshotCopyGrantName: 'grant' })).rejects.toThrow(
      'snapshot copy of analytics is already enabled with settings this resource did not make: snapshot copy grant dr-grant '
      + '(this resource: grant). Nothing was changed: set the properties to match, or disable the copy (DisableSnapshotCopy) and deploy again');
    expect(redshift.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeClustersCommand']);
  });

  test('already enabled to the same region with other retention periods: fails naming both, and changes nothing', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1 }));

    await expect(complete('Create')).rejects.toThrow(
      'retention 7 days (this resource: 14); manual snapshot retention -1 days (this resource: 30). Nothing was changed');
    expect(redshift).not.toHaveReceivedCommand(ModifySnapshotCopyRetentionPeriodCommand);
  });

  test('already enabled to another region: fails with what differs, and touches nothing', async () => {
    describeReturns(cluster({ DestinationRegion: 'eu-central-1', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));

    await expect(complete('Create')).rejects.toThrow(
      'snapshot copy of analytics is already enabled with settings this resource did not make: destination region eu-central-1 (this resource: us-west-2)');
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
    expect(redshift).not.toHaveReceivedCommand(EnableSnapshotCopyCommand);
  });

  test('SnapshotCopyAlreadyEnabledFault from a concurrent enable: re-reads the cluster and adopts', async () => {
    describeReturns(cluster(), cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(EnableSnapshotCopyCommand).rejects(awsError('SnapshotCopyAlreadyEnabledFault'));

    expect((await complete('Create')).IsComplete).toBe(true);
  });
});

describe('Create/Update while the cluster is busy', () => {
  test('cluster status "modifying": waits without calling AWS to change anything', async () => {
    describeReturns(cluster(undefined, 'modifying'));

    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).not.toHaveReceivedCommand(EnableSnapshotCopyCommand);
  });

  test('a no-op Update of a paused cluster succeeds at once, calling nothing but DescribeClusters', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }, 'paused'));
    expect((await complete('Update', PROPS, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift.calls().map((call) => call.args[0].constructor.name)).toEqual(['DescribeClustersCommand']);
  });

  test.each([
    ['paused', 'cluster analytics is paused: resume it (ResumeCluster), or deploy without this change until it is available'],
    ['incompatible-network', 'cluster analytics is incompatible-network: fix its network configuration'],
  ])('a change on a cluster "%s" fails at once instead of waiting the whole timeout', async (status, message) => {
    describeReturns(cluster(undefined, status));
    await expect(complete('Create')).rejects.toThrow(message);
    expect(redshift).not.toHaveReceivedCommand(EnableSnapshotCopyCommand);
  });

  test('Delete of a copy of a paused cluster fails at once: resume it, or retain', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }, 'paused'));
    await expect(complete('Delete')).rejects.toThrow(
      'cluster analytics is paused: resume it (ResumeCluster), or set removalPolicy to RemovalPolicy.RETAIN to leave the copy enabled');
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test.each(['DependentServiceRequestThrottlingFault', 'DependentServiceUnavailableFault'])('%s: waits and retries on the next poll', async (name) => {
    describeReturns(cluster());
    redshift.on(EnableSnapshotCopyCommand).rejects(awsError(name));
    expect(await complete('Create')).toEqual({ IsComplete: false });
  });

  test('InvalidClusterStateFault: waits and retries on the next poll', async () => {
    describeReturns(cluster());
    redshift.on(EnableSnapshotCopyCommand).rejects(awsError('InvalidClusterStateFault', 'The specified cluster is not in the available state.'));

    expect(await complete('Update', PROPS, { old: PROPS })).toEqual({ IsComplete: false });
  });

  test('still busy when the timeout is up: fails naming the cluster state and the elapsed time', async () => {
    describeReturns(cluster(undefined, 'modifying'));
    const startedAt = new Date(Date.now() - 1795_000).toISOString();

    await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow(
      /timed out after 29m5\ds \(timeout 30m00s\) waiting for cluster "analytics" to be available: its status is "modifying"/);
  });
});

describe('Update', () => {
  test('retention changed: ModifySnapshotCopyRetentionPeriod in place, automated (Manual=false)', async () => {
    describeReturns(
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }),
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: 30 }),
    );
    redshift.on(ModifySnapshotCopyRetentionPeriodCommand).resolves({});

    expect((await complete('Update', { ...PROPS, RetentionPeriod: 3 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(ModifySnapshotCopyRetentionPeriodCommand, 1);
    expect(redshift).toHaveReceivedCommandWith(ModifySnapshotCopyRetentionPeriodCommand, { RetentionPeriod: 3, Manual: false });
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('manual retention changed: ModifySnapshotCopyRetentionPeriod in place with Manual=true', async () => {
    describeReturns(
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }),
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: -1 }),
    );
    redshift.on(ModifySnapshotCopyRetentionPeriodCommand).resolves({});

    expect((await complete('Update', { ...PROPS, ManualSnapshotRetentionPeriod: -1 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandTimes(ModifySnapshotCopyRetentionPeriodCommand, 1);
    expect(redshift).toHaveReceivedCommandWith(ModifySnapshotCopyRetentionPeriodCommand, { RetentionPeriod: -1, Manual: true });
  });

  test('destination region changed: DisableSnapshotCopy then EnableSnapshotCopy to the new region, same physical id', async () => {
    describeReturns(
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }),
      cluster(),
      cluster({ DestinationRegion: 'eu-west-1', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }),
    );
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    redshift.on(EnableSnapshotCopyCommand).resolves({});

    const response = await complete('Update', { ...PROPS, DestinationRegion: 'eu-west-1' }, { old: PROPS });

    expect(response.IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(DisableSnapshotCopyCommand, { ClusterIdentifier: CLUSTER });
    expect(redshift).toHaveReceivedCommandWith(EnableSnapshotCopyCommand, { DestinationRegion: 'eu-west-1' });
    const order = redshift.calls().map((call) => call.args[0].constructor.name).filter((name) => name !== 'DescribeClustersCommand');
    expect(order).toEqual(['DisableSnapshotCopyCommand', 'EnableSnapshotCopyCommand']);
  });

  test('grant changed: DisableSnapshotCopy then EnableSnapshotCopy with the new grant', async () => {
    const old = { ...PROPS, SnapshotCopyGrantName: 'old-grant' };
    describeReturns(
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'old-grant' }),
      cluster(),
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'new-grant' }),
    );
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    redshift.on(EnableSnapshotCopyCommand).resolves({});

    expect((await complete('Update', { ...PROPS, SnapshotCopyGrantName: 'new-grant' }, { old })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(EnableSnapshotCopyCommand, { SnapshotCopyGrantName: 'new-grant' });
  });

  test('rollback after a failed region change: the copy goes back to the old region', async () => {
    // CloudFormation's rollback is an Update with old and new swapped; the failed update may have
    // left the copy disabled.
    const failedNew = { ...PROPS, DestinationRegion: 'eu-west-1' };
    describeReturns(cluster(), cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(EnableSnapshotCopyCommand).resolves({});

    expect((await complete('Update', PROPS, { old: failedNew })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(EnableSnapshotCopyCommand, { DestinationRegion: 'us-west-2' });
  });

  test('cluster changed: the new cluster is treated like a Create (a copy to a foreign region is not disabled)', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 1 }));

    await expect(complete('Update', { ...PROPS, ClusterIdentifier: 'other', DestinationRegion: 'eu-west-1' }, { old: { ...PROPS, DestinationRegion: 'us-west-2' } }))
      .rejects.toThrow('is already enabled with settings this resource did not make: destination region us-west-2 (this resource: eu-west-1)');
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });
});

describe('Delete', () => {
  test('still reported enabled right after DisableSnapshotCopy: waits (the grant is deleted next, and AWS refuses while it is used)', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    expect(await complete('Delete')).toEqual({ IsComplete: false });
  });

  test('enabled with exactly our settings: DisableSnapshotCopy', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }), cluster());
    redshift.on(DisableSnapshotCopyCommand).resolves({});

    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(DisableSnapshotCopyCommand, { ClusterIdentifier: CLUSTER });
  });

  test('RemovalPolicy retain: touches nothing', async () => {
    expect((await complete('Delete', { ...PROPS, RemovalPolicy: 'retain' })).IsComplete).toBe(true);
    expect(redshift.calls()).toHaveLength(0);
  });

  test('already disabled: success without a call to disable', async () => {
    describeReturns(cluster());
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('disabled meanwhile (SnapshotCopyAlreadyDisabledFault): success', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }), cluster());
    redshift.on(DisableSnapshotCopyCommand).rejects(awsError('SnapshotCopyAlreadyDisabledFault'));
    expect((await complete('Delete')).IsComplete).toBe(true);
  });

  test('cluster gone: success', async () => {
    describeReturns(awsError('ClusterNotFoundFault'));
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('after a failed Create (copy enabled to another region by someone else): success, the foreign copy is kept', async () => {
    describeReturns(cluster({ DestinationRegion: 'eu-central-1' }));
    expect((await complete('Delete')).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('rollback Delete after a Create that failed on a copy with another grant: the copy is kept', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'dr-grant' }));
    expect((await complete('Delete', { ...PROPS, SnapshotCopyGrantName: 'grant' })).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('cluster busy: waits', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(DisableSnapshotCopyCommand).rejects(awsError('InvalidClusterStateFault'));
    expect(await complete('Delete')).toEqual({ IsComplete: false });
  });
});

describe('Delete: what else AWS may answer', () => {
  const OURS = { DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 };

  test('the cluster is being deleted: success at once, DisableSnapshotCopy not sent (the copy setting goes with it)', async () => {
    describeReturns(cluster(OURS, 'deleting'));
    expect(await complete('Delete')).toEqual({ IsComplete: true });
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('the cluster deleted between DescribeClusters and DisableSnapshotCopy (ClusterNotFoundFault): success', async () => {
    describeReturns(cluster(OURS));
    redshift.on(DisableSnapshotCopyCommand).rejects(awsError('ClusterNotFoundFault'));
    expect(await complete('Delete')).toEqual({ IsComplete: true });
    expect(redshift).toHaveReceivedCommandTimes(DescribeClustersCommand, 1);
  });

  test('DescribeClusters denied is not "cluster gone": Delete fails and disables nothing, Create enables nothing', async () => {
    describeReturns(awsError('AccessDenied', 'not authorized to perform redshift:DescribeClusters'));
    await expect(complete('Delete')).rejects.toThrow('not authorized to perform redshift:DescribeClusters');
    await expect(complete('Create')).rejects.toThrow('not authorized to perform redshift:DescribeClusters');
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
    expect(redshift).not.toHaveReceivedCommand(EnableSnapshotCopyCommand);
  });

  test('DescribeClusters throttled: Delete waits for the next poll, disabling nothing', async () => {
    describeReturns(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }));
    expect(await complete('Delete')).toEqual({ IsComplete: false });
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('a copy with another retention is not this resource\'s: kept', async () => {
    describeReturns(cluster({ ...OURS, RetentionPeriod: 7 }));
    expect(await complete('Delete')).toEqual({ IsComplete: true });
    describeReturns(cluster({ ...OURS, ManualSnapshotRetentionPeriod: -1 }));
    expect(await complete('Delete')).toEqual({ IsComplete: true });
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('waiting after DisableSnapshotCopy names what it waits for', async () => {
    describeReturns(cluster(OURS));
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    const startedAt = new Date(Date.now() - 1795_000).toISOString();
    await expect(complete('Delete', PROPS, { startedAt })).rejects.toThrow('waiting for cluster "analytics" to report its snapshot copy disabled');
  });
});

describe('settings AWS does or does not report', () => {
  test('an Update in place where AWS reports no manual retention: only the automated one is compared', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14 }));
    expect((await complete('Update', { ...PROPS, ManualSnapshotRetentionPeriod: 60 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift).not.toHaveReceivedCommand(ModifySnapshotCopyRetentionPeriodCommand);
  });

  test('a Delete where AWS reports no manual retention: the copy is still this resource\'s, and disabled', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14 }), cluster());
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    expect(await complete('Delete')).toEqual({ IsComplete: true });
    expect(redshift).toHaveReceivedCommand(DisableSnapshotCopyCommand);
  });

  test('the cluster gone right after DisableSnapshotCopy: done', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }), awsError('ClusterNotFoundFault'));
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    expect(await complete('Delete')).toEqual({ IsComplete: true });
  });

  test('a grant the copy has and the properties lack is named as such', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30, SnapshotCopyGrantName: 'dr-grant' }));
    await expect(complete('Create')).rejects.toThrow('snapshot copy grant dr-grant (this resource: (none))');
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    await expect(complete('Create', { ...PROPS, SnapshotCopyGrantName: 'grant' })).rejects.toThrow('snapshot copy grant (none) (this resource: grant)');
  });

  test('an Update where the copy goes to a region of neither the old nor the new properties: fails, changing nothing', async () => {
    describeReturns(cluster({ DestinationRegion: 'ap-south-1', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    await expect(complete('Update', { ...PROPS, DestinationRegion: 'eu-west-1' }, { old: PROPS })).rejects.toThrow(
      'snapshot copy of analytics is enabled with settings this resource did not make: destination region ap-south-1 (this resource: eu-west-1). '
      + 'Nothing was changed: set the properties to match, or disable the copy (DisableSnapshotCopy) and deploy again');
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
    expect(redshift).not.toHaveReceivedCommand(EnableSnapshotCopyCommand);
  });

  test('a retention change on an Update to a new region and grant is made by the enable, not by a Modify', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }), cluster(),
      cluster({ DestinationRegion: 'eu-west-1', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(DisableSnapshotCopyCommand).resolves({});
    redshift.on(EnableSnapshotCopyCommand).resolves({});
    expect((await complete('Update', { ...PROPS, DestinationRegion: 'eu-west-1', RetentionPeriod: 3 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(EnableSnapshotCopyCommand, { DestinationRegion: 'eu-west-1', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: 30 });
    expect(redshift).not.toHaveReceivedCommand(ModifySnapshotCopyRetentionPeriodCommand);
  });

  test.each([
    ['IncompatibleOrderableOptions', 'the copy options given for "analytics" are incompatible: bad (IncompatibleOrderableOptions)'],
    ['LimitExceededFault', 'the KMS key of "analytics" has reached its grant limit: retire unused grants of the key, then deploy again (LimitExceededFault)'],
    ['UnsupportedOperationFault', 'cross-region snapshot copy is not supported for "analytics": bad (UnsupportedOperationFault)'],
    ['AccessDenied', 'bad'],
  ])('EnableSnapshotCopy %s: the message says what to fix', async (name, message) => {
    describeReturns(cluster());
    redshift.on(EnableSnapshotCopyCommand).rejects(awsError(name, 'bad'));
    await expect(complete('Create')).rejects.toThrow(message);
  });
});

describe('what the handler reads and logs', () => {
  test('DescribeClusters names the cluster; an answer without clusters is "no cluster"', async () => {
    redshift.on(DescribeClustersCommand).resolves({});
    expect(await complete('Delete')).toEqual({ IsComplete: true });
    expect(redshift).toHaveReceivedCommandWith(DescribeClustersCommand, { ClusterIdentifier: CLUSTER });
    await expect(complete('Create')).rejects.toThrow('cluster "analytics" was not found');
  });

  test('a Delete that keeps someone else\'s copy logs every difference', async () => {
    const lines: Array<Record<string, unknown>> = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(JSON.parse(line)); });
    describeReturns(cluster({ DestinationRegion: 'eu-central-1', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: 30 }));
    await complete('Delete');
    expect(lines).toContainEqual(expect.objectContaining({
      outcome: 'kept',
      reason: 'the snapshot copy of analytics differs from this resource: destination region eu-central-1 (this resource: us-west-2); retention 7 days (this resource: 14)',
    }));
  });

  test('an Update refused for a copy of neither names every difference', async () => {
    describeReturns(cluster({ DestinationRegion: 'ap-south-1', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: 30 }));
    await expect(complete('Update', PROPS, { old: { ...PROPS, DestinationRegion: 'eu-west-1' } })).rejects.toThrow(
      'did not make: destination region ap-south-1 (this resource: us-west-2); retention 7 days (this resource: 14). Nothing was changed');
  });
});

describe('errors that pass: waited out on the next poll', () => {
  test.each(['CopyToRegionDisabledFault', 'DependentServiceRequestThrottlingFault', 'DependentServiceUnavailableFault', 'InvalidClusterStateFault'])(
    '%s on EnableSnapshotCopy: waits, naming the error', async (name) => {
      describeReturns(cluster());
      redshift.on(EnableSnapshotCopyCommand).rejects(awsError(name, 'try again later'));
      expect(await complete('Create')).toEqual({ IsComplete: false });
      const startedAt = new Date(Date.now() - 1795_000).toISOString();
      await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow(`waiting for cluster "analytics" to accept the change (${name}: try again later)`);
    });

  test('SnapshotCopyDisabledFault on a retention change (disabled meanwhile): looks again and enables', async () => {
    describeReturns(cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }), cluster(),
      cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(ModifySnapshotCopyRetentionPeriodCommand).rejects(awsError('SnapshotCopyDisabledFault'));
    redshift.on(EnableSnapshotCopyCommand).resolves({});
    expect((await complete('Update', { ...PROPS, RetentionPeriod: 3 }, { old: PROPS })).IsComplete).toBe(true);
    expect(redshift).toHaveReceivedCommandWith(EnableSnapshotCopyCommand, { RetentionPeriod: 3 });
  });

  test('at most three changes per pass: a setting that never settles waits for the next poll', async () => {
    describeReturns(cluster());
    redshift.on(EnableSnapshotCopyCommand).resolves({});
    expect(await complete('Create')).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandTimes(EnableSnapshotCopyCommand, 3);
    const startedAt = new Date(Date.now() - 1795_000).toISOString();
    await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow('waiting for the snapshot copy settings of cluster "analytics" to settle');
  });
});

describe('errors the user must fix fail at once with what to fix', () => {
  test('ClusterNotFound on Create', async () => {
    describeReturns(awsError('ClusterNotFoundFault'));
    await expect(complete('Create')).rejects.toThrow(/cluster "analytics" was not found in .*: set clusterIdentifier to an existing provisioned cluster/);
  });

  test.each([
    ['SnapshotCopyGrantNotFoundFault', /snapshot copy grant "grant" was not found in us-west-2: create it in the destination region \(SnapshotCopyGrant\) or correct snapshotCopyGrantName/],
    ['UnknownSnapshotCopyRegionFault', /Redshift cannot copy snapshots of "analytics" to us-west-2: choose another destinationRegion/],
    ['InvalidRetentionPeriodFault', /retention rejected for "analytics" \(automated 14 days, manual 30\): automatedCopyRetention must be 1 to 35 days and manualCopyRetention/],
    ['UnauthorizedOperation', /not authorized to copy snapshots of "analytics" to us-west-2: enable the destination region/],
  ])('%s', async (name, message) => {
    describeReturns(cluster());
    redshift.on(EnableSnapshotCopyCommand).rejects(awsError(name));
    await expect(complete('Create', { ...PROPS, SnapshotCopyGrantName: 'grant' })).rejects.toThrow(message);
    expect(redshift).toHaveReceivedCommandTimes(EnableSnapshotCopyCommand, 1);
  });
});

describe('logs', () => {
  test('one JSON line per event and per AWS call, with the request id and never the ResponseURL', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    describeReturns(cluster(), cluster({ DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 }));
    redshift.on(EnableSnapshotCopyCommand).resolves({});
    const event = isCompleteRequest('Create', PROPS, { physicalResourceId: CLUSTER });

    await isComplete(event);

    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.every((entry) => entry.requestId === event.RequestId)).toBe(true);
    expect(parsed.filter((entry) => entry.call).map((entry) => `${entry.call}:${entry.outcome}`))
      .toEqual(['DescribeClusters:ok', 'EnableSnapshotCopy:ok', 'DescribeClusters:ok']);
    expect(lines.join('\n')).not.toContain('SECRET-PRESIGNED');
  });
});

describe('AWS unwell after the SDK\'s own retries', () => {
  test.each([
    ['throttling', 'Throttling', 400],
    ['HTTP 503', 'ServiceUnavailable', 503],
    ['a timed-out request', 'TimeoutError', undefined],
  ])('%s: waits for the next poll instead of failing the deployment', async (_case, name, status) => {
    const error = Object.assign(new Error('injected'), { name, $metadata: { httpStatusCode: status } });
    describeReturns(error);
    expect(await complete('Create')).toEqual({ IsComplete: false });
  });

  test('still unwell when the timeout is up: fails naming the last answer', async () => {
    describeReturns(Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }));
    const startedAt = new Date(Date.now() - 1795_000).toISOString();
    await expect(complete('Create', PROPS, { startedAt })).rejects.toThrow(/timed out after .* waiting for AWS to answer \(Throttling: Rate exceeded\)/);
  });
});
