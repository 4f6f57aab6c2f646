import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { Construct } from 'constructs';
import { ClusterSnapshot, CrossRegionSnapshotCopy, SnapshotCopyGrant, SnapshotRetention } from '../lib';

/**
 * The README's Redshift example: a KMS-encrypted cluster whose snapshots are copied to us-west-2 through a
 * snapshot copy grant created there, and a manual snapshot taken before a migration.
 */
export function addRedshiftExample(scope: Construct): void {
  const key = new kms.Key(scope, 'WarehouseKey', { enableKeyRotation: true });
  const cluster = new redshift.CfnCluster(scope, 'Warehouse', {
    clusterType: 'single-node',
    nodeType: 'ra3.large',
    dbName: 'analytics',
    masterUsername: 'admin',
    manageMasterPassword: true,
    encrypted: true,
    kmsKeyId: key.keyId,
    publiclyAccessible: false,
  });

  // The grant lives in the destination region; this stack creates it there.
  const grant = new SnapshotCopyGrant(scope, 'WarehouseCopyGrant', {
    destinationRegion: 'us-west-2',
    tags: { team: 'data' },
  });

  new CrossRegionSnapshotCopy(scope, 'WarehouseCopy', {
    clusterIdentifier: cluster.ref,
    destinationRegion: 'us-west-2',
    automatedCopyRetention: Duration.days(14),
    manualCopyRetention: SnapshotRetention.days(30),
    snapshotCopyGrantName: grant.snapshotCopyGrantName,
    removalPolicy: RemovalPolicy.DESTROY,
    timeout: Duration.minutes(30),
  });

  new ClusterSnapshot(scope, 'BeforeMigration', {
    clusterIdentifier: cluster.ref,
    snapshotIdentifier: 'before-migration-2026-11',
    retention: SnapshotRetention.days(90),
    tags: { team: 'data' },
    removalPolicy: RemovalPolicy.RETAIN,
    timeout: Duration.minutes(45),
  });
}
