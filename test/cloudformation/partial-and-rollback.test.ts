// CloudFormation's harder cases against stateful stand-ins of the services (mocked clients that keep
// state): a Create that fails after its first AWS call succeeded, rollbacks of snapshot retention, and the
// rollback of a snapshot that outlasts CloudFormation's hour.

import {
  Cluster, CreateClusterSnapshotCommand, DeleteClusterSnapshotCommand, DescribeClusterSnapshotsCommand, DescribeClustersCommand,
  DisableSnapshotCopyCommand, EnableSnapshotCopyCommand, ModifySnapshotCopyRetentionPeriodCommand, RedshiftClient, RedshiftServiceException,
} from '@aws-sdk/client-redshift';
import { GetSnapshotCommand, RedshiftServerlessClient, UpdateSnapshotCommand, ValidationException } from '@aws-sdk/client-redshift-serverless';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete as clusterSnapshotIsComplete, onEvent as clusterSnapshotOnEvent } from '../../lambda/cluster-snapshot';
import { isComplete as copyIsComplete, onEvent as copyOnEvent } from '../../lambda/cross-region-snapshot-copy';
import { isComplete as serverlessIsComplete } from '../../lambda/serverless-snapshot';
import type { IsCompleteRequest, OnEventRequest } from '../../lambda/shared/framework';
import { ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSnapshot, SnapshotRetention } from '../../lib';
import { completeEvent, onEventRequest } from '../util/events';
import { HandlerRole, loggedRequests } from '../util/iam-simulation';
import { SynthesizedTemplate } from '../util/role-policies';

const redshift = mockClient(RedshiftClient);
const serverless = mockClient(RedshiftServerlessClient);

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
});
/** The roles these handlers would run with, for the resources the tests below make. */
const stack = new Stack(new App(), 'Rollbacks', { env: { account: '123456789012', region: 'us-east-1' } });
new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'c', destinationRegion: 'us-west-2' });
// Serverless snapshots are granted by account and region (their ARNs end in generated ids): the name does not matter.
new ServerlessSnapshot(stack, 'Snapshot', { namespaceName: 'analytics', retention: SnapshotRetention.days(30) });
new ClusterSnapshot(stack, 'ClusterSnapshot', { clusterIdentifier: 'c', snapshotIdentifier: 's', removalPolicy: RemovalPolicy.DESTROY });
const template = Template.fromStack(stack).toJSON() as SynthesizedTemplate;
/** The one role every kind's handler runs with. */
const role = HandlerRole.of(template);

let logged: string[];
beforeEach(() => {
  redshift.reset();
  serverless.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
});
// Every AWS request the handlers sent, simulated against the role that would send it.
afterEach(async () => {
  for (const request of loggedRequests(logged)) {
    expect(await role.denials(request)).toEqual([]);
  }
});

/** What the Provider framework does with one request: onEvent, then isComplete until complete or failed. */
async function provider(
  onEvent: (event: OnEventRequest) => Promise<{ PhysicalResourceId?: string }>,
  isComplete: (event: IsCompleteRequest) => Promise<{ IsComplete: boolean }>,
  event: OnEventRequest,
): Promise<'SUCCESS' | string> {
  try {
    const { PhysicalResourceId } = await onEvent(event);
    for (let poll = 0; poll < 10; poll++) {
      if ((await isComplete({ ...event, PhysicalResourceId: PhysicalResourceId!, Data: { StartedAt: new Date().toISOString() } })).IsComplete) return 'SUCCESS';
    }
    return 'still waiting';
  } catch (error) {
    return `FAILED: ${(error as Error).message}`;
  }
}

describe('rollbacks of a CrossRegionSnapshotCopy Create', () => {
  // A stand-in for Redshift that keeps one cluster's copy setting as EnableSnapshotCopy documents it: the
  // copy is enabled with the region, grant and both retention periods of the request.
  let copy: Cluster['ClusterSnapshotCopyStatus'];
  beforeEach(() => {
    copy = undefined;
    redshift.on(DescribeClustersCommand).callsFake(() => ({ Clusters: [{ ClusterIdentifier: 'c', ClusterStatus: 'available', ClusterSnapshotCopyStatus: copy }] }));
    redshift.on(EnableSnapshotCopyCommand).callsFake((input) => {
      if (copy) throw new RedshiftServiceException({ name: 'SnapshotCopyAlreadyEnabledFault', message: 'already enabled', $fault: 'client', $metadata: {} });
      const { DestinationRegion, RetentionPeriod, ManualSnapshotRetentionPeriod } = input;
      copy = { DestinationRegion, RetentionPeriod, ManualSnapshotRetentionPeriod };
      return {};
    });
    redshift.on(ModifySnapshotCopyRetentionPeriodCommand).callsFake((input) => {
      copy = { ...copy, [input.Manual ? 'ManualSnapshotRetentionPeriod' : 'RetentionPeriod']: input.RetentionPeriod };
      return {};
    });
    redshift.on(DisableSnapshotCopyCommand).callsFake(() => {
      copy = undefined;
      return {};
    });
  });
  const props = (manual: number) => ({ ClusterIdentifier: 'c', DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: manual, RemovalPolicy: 'destroy', TimeoutSeconds: 600 });

  test('the copy this Create enabled, rolled back because another resource failed: the rollback Delete disables it', async () => {
    expect(await provider(copyOnEvent, copyIsComplete, onEventRequest('Create', props(30)))).toBe('SUCCESS');
    expect(copy).toEqual({ DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: 30 });
    expect(await provider(copyOnEvent, copyIsComplete, onEventRequest('Delete', props(30), { physicalResourceId: 'c' }))).toBe('SUCCESS');
    expect(copy).toBeUndefined(); // as before the stack
  });

  test('a Create that found someone else\'s copy fails changing nothing, and its rollback Delete leaves that copy as it was', async () => {
    copy = { DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1 };
    const failed = await provider(copyOnEvent, copyIsComplete, onEventRequest('Create', props(30)));
    expect(failed).toMatch(/^FAILED: snapshot copy of c is already enabled with settings this resource did not make: manual snapshot retention -1 days \(this resource: 30\)/);
    expect(await provider(copyOnEvent, copyIsComplete, onEventRequest('Delete', props(30), { physicalResourceId: 'c' }))).toBe('SUCCESS');
    expect(copy).toEqual({ DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1 });
    expect(redshift).not.toHaveReceivedCommand(DisableSnapshotCopyCommand);
    expect(redshift).not.toHaveReceivedCommand(ModifySnapshotCopyRetentionPeriodCommand);
  });
});

describe('rollback of a ServerlessSnapshot retention change', () => {
  let retention: number;
  const props = (days: number) => ({ NamespaceName: 'analytics', SnapshotName: 's', RetentionPeriod: days, Tags: [], RemovalPolicy: 'retain', TimeoutSeconds: 600 });
  beforeEach(() => {
    retention = 30;
    serverless.on(GetSnapshotCommand).callsFake(() => ({
      snapshot: { snapshotName: 's', namespaceName: 'analytics', status: 'AVAILABLE', snapshotRetentionPeriod: retention, snapshotArn: 'arn', namespaceArn: 'arn' },
    }));
    serverless.on(UpdateSnapshotCommand).callsFake((input) => {
      if (input.retentionPeriod === 5) throw new ValidationException({ message: 'retention rejected', $metadata: {} });
      retention = input.retentionPeriod;
      return {};
    });
  });

  test('an Update that succeeded, rolled back because another resource failed: the old retention is restored', async () => {
    expect((await serverlessIsComplete(completeEvent('Update', props(7), 's', { old: props(30) }))).IsComplete).toBe(true);
    expect(retention).toBe(7);
    // CloudFormation's rollback: an Update with old and new swapped.
    expect((await serverlessIsComplete(completeEvent('Update', props(30), 's', { old: props(7) }))).IsComplete).toBe(true);
    expect(retention).toBe(30);
  });

  test('an Update AWS rejected, rolled back: the old retention stays, and the rollback succeeds', async () => {
    await expect(serverlessIsComplete(completeEvent('Update', props(5), 's', { old: props(30) }))).rejects.toThrow('retention rejected');
    expect(retention).toBe(30);
    expect((await serverlessIsComplete(completeEvent('Update', props(30), 's', { old: props(5) }))).IsComplete).toBe(true);
    expect(retention).toBe(30);
  });
});

describe('a ClusterSnapshot that takes longer than CloudFormation\'s hour, with DESTROY', () => {
  // A stand-in for Redshift whose snapshot stays `creating`: a large cluster's snapshot that outlasts the deployment.
  let status: string | undefined;
  beforeEach(() => {
    status = undefined;
    redshift.on(DescribeClusterSnapshotsCommand).callsFake(() => ({
      Snapshots: status ? [{ SnapshotIdentifier: 's', ClusterIdentifier: 'c', Status: status }] : [],
    }));
    redshift.on(CreateClusterSnapshotCommand).callsFake(() => {
      status = 'creating';
      return {};
    });
  });
  const props = { ClusterIdentifier: 'c', SnapshotIdentifier: 's', ManualSnapshotRetentionPeriod: 7, Tags: [], RemovalPolicy: 'destroy', TimeoutSeconds: 3600 };

  test('the Create fails with its own message, and the rollback Delete succeeds at once, leaving the snapshot being created', async () => {
    expect((await clusterSnapshotIsComplete(completeEvent('Create', props, 's'))).IsComplete).toBe(false);
    await expect(clusterSnapshotIsComplete(completeEvent('Create', props, 's', { startedAt: new Date(Date.now() - 3400_000).toISOString() })))
      .rejects.toThrow(/^timed out after 56m40s \(CloudFormation allows a custom resource 60m00s/);
    // The rollback Delete: it used to wait for `creating` for another hour, then failed (ROLLBACK_FAILED).
    expect(await provider(clusterSnapshotOnEvent, clusterSnapshotIsComplete, onEventRequest('Delete', props, { physicalResourceId: 's' }))).toBe('SUCCESS');
    expect(redshift).not.toHaveReceivedCommand(DeleteClusterSnapshotCommand);
    expect(status).toBe('creating');
  });
});
