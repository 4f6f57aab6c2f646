import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { Construct } from 'constructs';
import { ServerlessSnapshot, SnapshotRetention } from '../lib';

/** The README's Redshift Serverless example: a namespace, its workgroup, and a snapshot before an upgrade. */
export function addServerlessExample(scope: Construct): redshiftserverless.CfnNamespace {
  const namespace = new redshiftserverless.CfnNamespace(scope, 'AnalyticsNamespace', {
    namespaceName: 'analytics',
    manageAdminPassword: true,
  });
  const workgroup = new redshiftserverless.CfnWorkgroup(scope, 'AnalyticsWorkgroup', {
    workgroupName: 'analytics',
    namespaceName: namespace.attrNamespaceNamespaceName,
    baseCapacity: 8,
  });

  const snapshot = new ServerlessSnapshot(scope, 'Nightly', {
    namespaceName: namespace.attrNamespaceNamespaceName,
    snapshotName: 'before-upgrade',
    retention: SnapshotRetention.days(30),
    tags: { team: 'analytics' },
    removalPolicy: RemovalPolicy.RETAIN,
    timeout: Duration.minutes(45),
  });
  // A snapshot of a namespace without a workgroup cannot start: take it once the workgroup exists.
  snapshot.node.addDependency(workgroup);
  return namespace;
}
