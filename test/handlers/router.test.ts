// The one bundle of the shared provider (lambda/index.ts): routes by resource type to each kind's module, and
// lets a kind with a longer poll interval than the provider's skip the polls in between without calling AWS.

import { DescribeClusterSnapshotsCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import * as router from '../../lambda';
import type { IsCompleteRequest } from '../../lambda/shared/framework';
import { pollIsDue } from '../../lambda/shared/polling';
import { KIND_NAMES, KINDS, PROVIDER_POLL_INTERVAL_SECONDS } from '../../lib/handler-properties/kinds';
import { isCompleteRequest, onEventRequest } from '../util/events';

const redshift = mockClient(RedshiftClient);
const NOW = Date.parse('2026-01-01T00:00:00Z');
const startedAgo = (seconds: number, now = Date.now()) => new Date(now - seconds * 1000).toISOString();

beforeAll(() => {
  process.env.AWS_REGION = 'us-east-1';
  process.env.POLL_INTERVAL_SECONDS = '10';
});
afterAll(() => {
  delete process.env.POLL_INTERVAL_SECONDS;
});
beforeEach(() => {
  redshift.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('the table of kinds', () => {
  test('every kind has its own resource type and a handler module exporting onEvent and isComplete', () => {
    for (const kind of KIND_NAMES) {
      expect(typeof router.handlersOf(kind).onEvent).toBe('function');
      expect(typeof router.handlersOf(kind).isComplete).toBe('function');
    }
    expect(new Set(KIND_NAMES.map((kind) => KINDS[kind].resourceType)).size).toBe(KIND_NAMES.length);
  });

  test('the provider polls at the shortest interval any kind needs', () => {
    expect(PROVIDER_POLL_INTERVAL_SECONDS).toBe(10);
    expect(Math.min(...KIND_NAMES.map((kind) => KINDS[kind].pollIntervalSeconds))).toBe(PROVIDER_POLL_INTERVAL_SECONDS);
  });

  test.each(KIND_NAMES)('events of %s reach its module', (kind) => {
    expect(router.kindOf(onEventRequest('Create', {}, { resourceType: KINDS[kind].resourceType }))).toBe(kind);
  });

  test('an unknown resource type fails onEvent and isComplete, naming the type and the types the library handles', async () => {
    const message = 'cdk-db-snapshots has no handler for resource type "Custom::Unknown": it handles Custom::RedshiftClusterSnapshot, '
      + 'Custom::RedshiftCrossRegionSnapshotCopy, Custom::RedshiftServerlessSnapshot, Custom::RedshiftSnapshotCopyGrant, Custom::SnapshotCopyJob';
    await expect(router.onEvent(onEventRequest('Create', {}, { resourceType: 'Custom::Unknown' }))).rejects.toThrow(message);
    await expect(router.isComplete(isCompleteRequest('Delete', {}, { resourceType: 'Custom::Unknown', physicalResourceId: 'x' })))
      .rejects.toThrow(message);
  });
});

describe('poll skipping: a 30-second kind on a 10-second provider', () => {
  const event = (secondsAgo: number | undefined) => isCompleteRequest('Create', { TimeoutSeconds: 3600 }, {
    physicalResourceId: 'x', startedAt: secondsAgo === undefined ? 'unknown' : startedAgo(secondsAgo, NOW),
  });
  const due = (secondsAgo: number | undefined, timeoutSeconds = 3600) => pollIsDue(event(secondsAgo), 30, timeoutSeconds, NOW, 10);

  test('works on the first poll, and when the start is unknown', () => {
    expect(due(0)).toBe(true);
    expect(due(9)).toBe(true);
    expect(due(undefined)).toBe(true);
  });

  test('works once per 30 seconds: when the elapsed time modulo 30 is below 10', () => {
    expect([10, 15, 29, 30, 39, 40, 59, 60, 61, 75].map((seconds) => due(seconds)))
      .toEqual([false, false, false, true, true, false, false, true, true, false]);
  });

  test.each([[10, 60], [11, 60], [12, 60], [13, 90], [17, 90]])('polls %i s apart (invocations take time) look at AWS at most twice in each minute '
    + 'since the start, at least 20 s apart, and never longer than %i s without', (spacing, longestGap) => {
    const polls = Array.from({ length: 100 }, (_, i) => i * spacing);
    const working = polls.filter((seconds) => due(seconds));
    for (let minute = 0; minute * 60 < polls[polls.length - 1]; minute++) {
      expect(working.filter((seconds) => Math.floor(seconds / 60) === minute).length).toBeLessThanOrEqual(2);
    }
    const gaps = working.slice(1).map((seconds, i) => seconds - working[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...gaps)).toBeLessThan(longestGap);
  });

  test('never skips the deadline: the poll after which waiting once more would pass the timeout works', () => {
    expect(due(15, 600)).toBe(false);
    expect(due(595, 600)).toBe(true);
    expect(due(591, 600)).toBe(true);
    // Waiting once more from 590 s ends at the timeout, not after it: the deadline's poll is the next one.
    expect(due(590, 600)).toBe(false);
  });

  test('a kind whose interval is the provider\'s works on every poll', () => {
    expect(pollIsDue(event(15), 10, 3600, NOW, 10)).toBe(true);
  });
});

describe('the router skips polls without calling AWS', () => {
  const props = { ClusterIdentifier: 'c', SnapshotIdentifier: 's', ManualSnapshotRetentionPeriod: -1, Tags: [], RemovalPolicy: 'retain', TimeoutSeconds: 3600 };
  const poll = (resourceType: string, properties: Record<string, unknown>, secondsAgo: number) =>
    router.isComplete(isCompleteRequest('Create', properties, { resourceType, physicalResourceId: 's', startedAt: startedAgo(secondsAgo) }));

  test('a ClusterSnapshot (30 s) 15 s after the start: not complete, and no Redshift call', async () => {
    expect(await poll(KINDS['cluster-snapshot'].resourceType, props, 15)).toEqual({ IsComplete: false });
    expect(redshift.calls()).toHaveLength(0);
  });

  test('a ClusterSnapshot (30 s) 32 s after the start: looks at the snapshot', async () => {
    redshift.on(DescribeClusterSnapshotsCommand).resolves({ Snapshots: [{ SnapshotIdentifier: 's', ClusterIdentifier: 'c', Status: 'creating' }] });
    expect(await poll(KINDS['cluster-snapshot'].resourceType, props, 32)).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommand(DescribeClusterSnapshotsCommand);
  });

  test('a ClusterSnapshot still creating fails one 30-second look before its timeout, with what it waited for', async () => {
    redshift.on(DescribeClusterSnapshotsCommand).resolves({ Snapshots: [{ SnapshotIdentifier: 's', ClusterIdentifier: 'c', Status: 'creating' }] });
    await expect(poll(KINDS['cluster-snapshot'].resourceType, { ...props, TimeoutSeconds: 900 }, 872))
      .rejects.toThrow('timed out after 14m32s (timeout 15m00s) waiting for snapshot "s" to be available: its status is "creating"');
  });

  test('a CrossRegionSnapshotCopy (10 s) 15 s after the start: looks at the cluster', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'c', ClusterStatus: 'modifying' }] });
    const copy = { ClusterIdentifier: 'c', DestinationRegion: 'us-west-2', RetentionPeriod: 7, ManualSnapshotRetentionPeriod: -1, RemovalPolicy: 'destroy', TimeoutSeconds: 3600 };
    expect(await poll(KINDS['cross-region-snapshot-copy'].resourceType, copy, 15)).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommand(DescribeClustersCommand);
  });

  test('a skipped poll logs what it waits for: the next look, the kind\'s interval and type', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    await poll(KINDS['cluster-snapshot'].resourceType, props, 15);
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({
      outcome: 'waiting', waitingFor: 'the next look at AWS (every 30 s for Custom::RedshiftClusterSnapshot)',
    }));
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ event: 'isComplete', resourceType: 'Custom::RedshiftClusterSnapshot' }));
  });

  test('an invalid TimeoutSeconds never skips: the kind\'s handler looks, and says what is wrong', async () => {
    await expect(poll(KINDS['cluster-snapshot'].resourceType, { ...props, TimeoutSeconds: 'soon' }, 15))
      .rejects.toThrow('property TimeoutSeconds must be a whole number from 60 to 3600, got "soon"');
  });
});

describe('one function serves the framework\'s onEvent and isComplete calls', () => {
  const props = { ClusterIdentifier: 'c', SnapshotIdentifier: 's', ManualSnapshotRetentionPeriod: -1, Tags: [], RemovalPolicy: 'retain', TimeoutSeconds: 3600 };
  const resourceType = KINDS['cluster-snapshot'].resourceType;
  const loggedEvents = () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => { lines.push(line); });
    return () => lines.map((line) => JSON.parse(line)).filter((line) => line.event !== undefined).map((line) => line.event);
  };

  test('onEvent\'s response carries the field by which the framework\'s isComplete call is told apart, beside the kind\'s own', async () => {
    const response = await router.onEvent(onEventRequest('Delete', props, { resourceType, physicalResourceId: 's' })) as unknown as Record<string, unknown>;
    expect(response).toEqual(expect.objectContaining({ PhysicalResourceId: 's', [router.IS_COMPLETE_MARKER]: true }));
  });

  test('a request from CloudFormation goes to onEvent, the request with onEvent\'s response merged in goes to isComplete', async () => {
    const events = loggedEvents();
    const request = onEventRequest('Delete', props, { resourceType, physicalResourceId: 's' });
    const response = await router.handler(request);
    expect(events()).toEqual(['onEvent']);
    expect(response).toEqual(expect.objectContaining({ PhysicalResourceId: 's', [router.IS_COMPLETE_MARKER]: true }));
    // As the framework merges them; 15 s after the start of a 30-second kind, so the router answers without calling Redshift.
    const merged = { ...request, ...response } as Record<string, unknown>;
    const completeEvent = { ...merged, Data: { ...merged.Data as object, StartedAt: startedAgo(15) } } as unknown as IsCompleteRequest;
    expect(await router.handler(completeEvent)).toEqual({ IsComplete: false });
    expect(events()).toEqual(['onEvent', 'isComplete']);
    expect(redshift.calls()).toHaveLength(0);
  });
});
