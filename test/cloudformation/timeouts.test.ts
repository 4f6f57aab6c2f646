// Each construct's timeout holds although constructs of one kind share one provider (and so one
// Provider-level totalTimeout): the handler reads the construct's own TimeoutSeconds from the event.

import { DescribeClusterSnapshotsCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete as clusterSnapshotIsComplete } from '../../lambda/cluster-snapshot';
import { isComplete as copyIsComplete } from '../../lambda/cross-region-snapshot-copy';
import { completeEvent } from '../util/events';

const redshift = mockClient(RedshiftClient);
const startedAgo = (seconds: number) => ({ startedAt: new Date(Date.now() - seconds * 1000).toISOString() });

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.POLL_INTERVAL_SECONDS = '30';
});
afterAll(() => {
  delete process.env.POLL_INTERVAL_SECONDS;
});
beforeEach(() => {
  redshift.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

test('two snapshots of one provider, both stuck in "creating" for 20 minutes: the one with a 15-minute timeout fails, the 1-hour one waits', async () => {
  redshift.on(DescribeClusterSnapshotsCommand).resolves({ Snapshots: [{ SnapshotIdentifier: 's', ClusterIdentifier: 'c', Status: 'creating' }] });
  const props = (timeoutSeconds: number) => ({
    ClusterIdentifier: 'c', SnapshotIdentifier: 's', ManualSnapshotRetentionPeriod: -1, Tags: [], RemovalPolicy: 'retain', TimeoutSeconds: timeoutSeconds,
  });
  await expect(clusterSnapshotIsComplete(completeEvent('Create', props(900), 's', startedAgo(1200))))
    .rejects.toThrow('timed out after 20m00s (timeout 15m00s) waiting for snapshot "s" to be available: its status is "creating"');
  expect(await clusterSnapshotIsComplete(completeEvent('Create', props(3600), 's', startedAgo(1200)))).toEqual({ IsComplete: false });
});

test('a cluster stuck in "modifying" fails a copy after its timeout, naming the state and the elapsed time', async () => {
  redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'c', ClusterStatus: 'modifying' }] });
  const props = { ClusterIdentifier: 'c', DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1, RemovalPolicy: 'destroy', TimeoutSeconds: 600 };
  // One poll interval (30 s) before the timeout the handler gives up: waiting once more would pass it.
  expect(await copyIsComplete(completeEvent('Update', props, 'c', { ...startedAgo(560), old: props }))).toEqual({ IsComplete: false });
  await expect(copyIsComplete(completeEvent('Update', props, 'c', { ...startedAgo(575), old: props })))
    .rejects.toThrow('timed out after 9m35s (timeout 10m00s) waiting for cluster "c" to be available: its status is "modifying"');
});
