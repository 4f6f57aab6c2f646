// Each construct's timeout holds although constructs of one kind share one provider (and so one
// Provider-level totalTimeout): the handler reads the construct's own TimeoutSeconds from the event.

import { DescribeSnapshotsCommand, ListTagsCommand, MemoryDBClient } from '@aws-sdk/client-memorydb';
import { DescribeClusterSnapshotsCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { GetSnapshotCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete as clusterSnapshotIsComplete } from '../../lambda/cluster-snapshot';
import { isComplete as copyIsComplete } from '../../lambda/cross-region-snapshot-copy';
import { isComplete as serverlessIsComplete } from '../../lambda/serverless-snapshot';
import type { IsCompleteRequest, IsCompleteResponse } from '../../lambda/shared/framework';
import { isComplete as copyJobIsComplete } from '../../lambda/snapshot-copy-job';
import { completeEvent } from '../util/events';

const redshift = mockClient(RedshiftClient);
const serverless = mockClient(RedshiftServerlessClient);
const memorydb = mockClient(MemoryDBClient);
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
  serverless.reset();
  memorydb.reset();
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

describe('CloudFormation\'s hour: the handler fails with its own message before CloudFormation\'s generic timeout can', () => {
  // CloudFormation gives a custom resource 3600 s (ServiceTimeout's default and maximum, Template Reference,
  // AWS::CloudFormation::CustomResource), counted from its request, a little before onEvent's StartedAt. After a
  // waiting pass the next one starts a poll interval (30 s here) later and may run for the Lambda timeout (180 s):
  // the last pass that waits is one whose next pass still ends, with 30 s for the framework, within the hour.
  const snapshots: Array<[string, (event: IsCompleteRequest) => Promise<IsCompleteResponse>, Record<string, unknown>, string, () => void]> = [
    ['ClusterSnapshot', clusterSnapshotIsComplete,
      { ClusterIdentifier: 'c', SnapshotIdentifier: 's', ManualSnapshotRetentionPeriod: -1, Tags: [], RemovalPolicy: 'destroy', TimeoutSeconds: 3600 }, 's',
      () => redshift.on(DescribeClusterSnapshotsCommand).resolves({ Snapshots: [{ SnapshotIdentifier: 's', ClusterIdentifier: 'c', Status: 'creating' }] })],
    ['ServerlessSnapshot', serverlessIsComplete,
      { NamespaceName: 'n', SnapshotName: 's', RetentionPeriod: -1, Tags: [], RemovalPolicy: 'destroy', TimeoutSeconds: 3600 }, 's',
      () => serverless.on(GetSnapshotCommand).resolves({ snapshot: { snapshotName: 's', namespaceName: 'n', status: 'CREATING' } })],
    ['SnapshotCopyJob', copyJobIsComplete,
      { Engine: 'memorydb', Source: 'src', TargetSnapshotName: 's', CopyTags: false, Tags: [], RemovalPolicy: 'destroy', TimeoutSeconds: 3600 }, 'memorydb:s',
      () => {
        memorydb.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ Name: 's', Status: 'creating', ARN: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/s' }] });
        memorydb.on(ListTagsCommand).resolves({ TagList: [{ Key: 'cdk-db-snapshots:copy-of', Value: 'src' }] });
      }],
  ];

  test.each(snapshots)('%s, still being created with a 1-hour timeout: waits at 55 minutes, fails at 56m30s naming what it waited for',
    async (_kind, isComplete, props, physicalId, creating) => {
      creating();
      // 3300 + 30 + 180 + 30 = 3540: the next pass ends within the hour.
      expect(await isComplete(completeEvent('Create', props, physicalId, startedAgo(3300)))).toEqual({ IsComplete: false });
      // 3390 + 30 + 180 + 30 = 3630: it might not. Giving up only one poll interval before the hour (3570 s) left
      // CloudFormation to fail the resource with its own timeout and no reason.
      await expect(isComplete(completeEvent('Create', props, physicalId, startedAgo(3390))))
        .rejects.toThrow(/^timed out after 56m30s \(CloudFormation allows a custom resource 60m00s, and the next check might end after that\) waiting for .*"s"/);
    });
});
