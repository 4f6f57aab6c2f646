// The bindings test's app in TypeScript: the same constructs and props as test/bindings/app.py. The package test
// runs it too, against the packed npm tarball installed outside the repository (test/package.test.ts).

import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotCopy, ServerlessSnapshotSchedule,
  SnapshotCopyGrant, SnapshotCopyJob, SnapshotRetention, SnapshotSource,
} from '../../lib';

export function bindingsStack(app: App): Stack {
  const stack = new Stack(app, 'Bindings', { env: { account: '123456789012', region: 'us-east-1' } });
  const grant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'prod-copy-grant', tags: { team: 'data' } });
  new CrossRegionSnapshotCopy(stack, 'Copy', {
    clusterIdentifier: 'analytics',
    destinationRegion: 'us-west-2',
    automatedCopyRetention: Duration.days(14),
    manualCopyRetention: SnapshotRetention.days(30),
    snapshotCopyGrantName: grant.snapshotCopyGrantName,
    removalPolicy: RemovalPolicy.RETAIN,
    timeout: Duration.minutes(30),
  });
  new ClusterSnapshot(stack, 'BeforeMigration', {
    clusterIdentifier: 'analytics',
    snapshotIdentifier: 'before-migration-2026-11',
    retention: SnapshotRetention.days(90),
    tags: { team: 'data' },
    shareWith: ['111122223333'],
    timeout: Duration.minutes(45),
  });
  new ServerlessSnapshot(stack, 'Nightly', {
    namespaceName: 'analytics',
    snapshotName: 'before-upgrade',
    retention: SnapshotRetention.indefinitely(),
    tags: { team: 'analytics' },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const bucket = new s3.Bucket(stack, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
  const key = new kms.Key(stack, 'Key');
  new SnapshotCopyJob(stack, 'ExportSessions', {
    source: SnapshotSource.memoryDb({ snapshotName: 'sessions-2026-11-22' }),
    targetSnapshotName: 'sessions-export',
    targetBucket: bucket,
  });
  new SnapshotCopyJob(stack, 'CopyOrders', {
    source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc' }),
    targetSnapshotName: 'orders-copy',
    copyTags: true,
    encryptionKey: key,
  });
  new ServerlessSnapshotCopy(stack, 'ServerlessDr', {
    namespaceName: 'analytics',
    destinationRegion: 'us-west-2',
    retention: SnapshotRetention.days(7),
  });
  new ServerlessSnapshotSchedule(stack, 'NightlySchedule', {
    namespaceName: 'analytics',
    schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }),
    snapshotNamePrefix: 'nightly',
    retention: SnapshotRetention.days(14),
    tags: { team: 'analytics' },
  });
  return stack;
}

/** The custom resources of a template: type and properties, by logical id (same construct ids give the same ids). */
export function customResources(template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }) {
  return Object.fromEntries(Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type.startsWith('Custom::'))
    .map(([id, resource]) => [id, { Type: resource.Type, Properties: resource.Properties }]));
}
