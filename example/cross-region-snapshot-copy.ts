import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import { Construct } from 'constructs';
import { CrossRegionSnapshotCopy, SnapshotRetention } from '../lib';

/** A provisioned cluster whose snapshots are copied to us-west-2: the README's example. */
export function addCrossRegionSnapshotCopyExample(scope: Construct): void {
  const cluster = new redshift.CfnCluster(scope, 'Warehouse', {
    clusterType: 'single-node',
    nodeType: 'ra3.large',
    dbName: 'analytics',
    masterUsername: 'admin',
    manageMasterPassword: true,
    encrypted: true,
    publiclyAccessible: false,
  });

  new CrossRegionSnapshotCopy(scope, 'WarehouseCopy', {
    clusterIdentifier: cluster.ref,
    destinationRegion: 'us-west-2',
    retention: Duration.days(14),
    manualSnapshotRetention: SnapshotRetention.days(30),
    removalPolicy: RemovalPolicy.DESTROY,
    timeout: Duration.minutes(30),
  });
}
