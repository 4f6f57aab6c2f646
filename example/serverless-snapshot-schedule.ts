import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { Construct } from 'constructs';
import { ServerlessSchedule, ServerlessSnapshotSchedule, SnapshotRetention } from '../lib';

/** The README's ServerlessSnapshotSchedule example: nightly snapshots of a namespace, kept 14 days. */
export function addServerlessSnapshotScheduleExample(scope: Construct): void {
  const namespace = new redshiftserverless.CfnNamespace(scope, 'WarehouseNamespace', {
    namespaceName: 'warehouse',
    manageAdminPassword: true,
  });

  new ServerlessSnapshotSchedule(scope, 'NightlySnapshots', {
    namespaceName: namespace.attrNamespaceNamespaceName,
    namespaceArn: namespace.attrNamespaceNamespaceArn, // the scheduler role may snapshot this namespace only
    schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), // every day at 03:00 UTC
    snapshotNamePrefix: 'nightly',
    retention: SnapshotRetention.days(14),
    tags: { team: 'analytics' },
  });
}
