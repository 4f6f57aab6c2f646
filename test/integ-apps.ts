// The integration test apps (test/integ.*.ts), built here so that the cdk-nag test can check them too.
// Each is ready to deploy with an AWS account (`integ-runner --update-on-failed`); offline, the test
// command verifies their committed snapshots.

import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as memorydb from 'aws-cdk-lib/aws-memorydb';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotSchedule, SnapshotCopyGrant, SnapshotCopyJob,
  SnapshotRetention, SnapshotSource, ServerlessSnapshotCopy,
} from '../lib';

/** A small encrypted provisioned cluster with a fixed name, deleted with the test. */
function testCluster(stack: Stack, name: string): redshift.CfnCluster {
  const cluster = new redshift.CfnCluster(stack, 'Cluster', {
    clusterIdentifier: name,
    clusterType: 'single-node',
    nodeType: 'ra3.large',
    dbName: 'integ',
    masterUsername: 'admin',
    manageMasterPassword: true,
    encrypted: true,
    publiclyAccessible: false,
  });
  cluster.applyRemovalPolicy(RemovalPolicy.DESTROY);
  return cluster;
}

export function crossRegionSnapshotCopyApp(app: App): IntegTest {
  const stack = new Stack(app, 'IntegCrossRegionSnapshotCopy');
  const cluster = testCluster(stack, 'integ-copy-cluster');
  const grant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'integ-copy-grant' });
  const copy = new CrossRegionSnapshotCopy(stack, 'Copy', {
    clusterIdentifier: 'integ-copy-cluster',
    destinationRegion: 'us-west-2',
    automatedCopyRetention: Duration.days(3),
    manualCopyRetention: SnapshotRetention.days(5),
    snapshotCopyGrantName: grant.snapshotCopyGrantName,
  });
  copy.node.addDependency(cluster);
  const integ = new IntegTest(app, 'CrossRegionSnapshotCopyTest', { testCases: [stack] });
  integ.assertions.awsApiCall('Redshift', 'describeClusters', { ClusterIdentifier: 'integ-copy-cluster' }).expect(ExpectedResult.objectLike({
    Clusters: [{ ClusterSnapshotCopyStatus: { DestinationRegion: 'us-west-2', RetentionPeriod: 3, ManualSnapshotRetentionPeriod: 5, SnapshotCopyGrantName: 'integ-copy-grant' } }],
  }));
  return integ;
}

export function clusterSnapshotApp(app: App): IntegTest {
  const stack = new Stack(app, 'IntegClusterSnapshot');
  const cluster = testCluster(stack, 'integ-snapshot-cluster');
  const snapshot = new ClusterSnapshot(stack, 'Snapshot', {
    clusterIdentifier: 'integ-snapshot-cluster',
    snapshotIdentifier: 'integ-before-migration',
    retention: SnapshotRetention.days(1),
    tags: { test: 'integ' },
    removalPolicy: RemovalPolicy.DESTROY,
    timeout: Duration.minutes(45),
  });
  snapshot.node.addDependency(cluster);
  const integ = new IntegTest(app, 'ClusterSnapshotTest', { testCases: [stack] });
  integ.assertions.awsApiCall('Redshift', 'describeClusterSnapshots', { SnapshotIdentifier: 'integ-before-migration' }).expect(ExpectedResult.objectLike({
    Snapshots: [{ SnapshotIdentifier: 'integ-before-migration', ClusterIdentifier: 'integ-snapshot-cluster', Status: 'available', ManualSnapshotRetentionPeriod: 1 }],
  }));
  return integ;
}

export function serverlessSnapshotApp(app: App): IntegTest {
  const stack = new Stack(app, 'IntegServerlessSnapshot');
  const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'integ-namespace', manageAdminPassword: true });
  const workgroup = new redshiftserverless.CfnWorkgroup(stack, 'Workgroup', { workgroupName: 'integ-workgroup', namespaceName: namespace.attrNamespaceNamespaceName, baseCapacity: 8 });
  const snapshot = new ServerlessSnapshot(stack, 'Snapshot', {
    namespaceName: namespace.attrNamespaceNamespaceName,
    snapshotName: 'integ-before-upgrade',
    retention: SnapshotRetention.days(1),
    tags: { test: 'integ' },
    removalPolicy: RemovalPolicy.DESTROY,
  });
  snapshot.node.addDependency(workgroup);
  const integ = new IntegTest(app, 'ServerlessSnapshotTest', { testCases: [stack] });
  integ.assertions.awsApiCall('RedshiftServerless', 'getSnapshot', { snapshotName: 'integ-before-upgrade' }).expect(ExpectedResult.objectLike({
    snapshot: { snapshotName: 'integ-before-upgrade', namespaceName: 'integ-namespace', status: 'AVAILABLE' },
  }));
  return integ;
}

export function snapshotCopyJobApp(app: App): IntegTest {
  const stack = new Stack(app, 'IntegSnapshotCopyJob');
  const cluster = new memorydb.CfnCluster(stack, 'Cluster', { clusterName: 'integ-sessions', nodeType: 'db.t4g.small', aclName: 'open-access', numShards: 1, numReplicasPerShard: 0 });
  // The source snapshot: aws-cdk-lib has no L1 for MemoryDB snapshots, so the test takes one through the API.
  const source = new cr.AwsCustomResource(stack, 'SourceSnapshot', {
    onCreate: { service: 'MemoryDB', action: 'createSnapshot', parameters: { ClusterName: 'integ-sessions', SnapshotName: 'integ-sessions-source' }, physicalResourceId: cr.PhysicalResourceId.of('integ-sessions-source') },
    onDelete: { service: 'MemoryDB', action: 'deleteSnapshot', parameters: { SnapshotName: 'integ-sessions-source' } },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  source.node.addDependency(cluster);
  const copy = new SnapshotCopyJob(stack, 'Copy', {
    source: SnapshotSource.memoryDb({ snapshotName: 'integ-sessions-source' }),
    targetSnapshotName: 'integ-sessions-copy',
    tags: { test: 'integ' },
    removalPolicy: RemovalPolicy.DESTROY,
    timeout: Duration.minutes(30),
  });
  copy.node.addDependency(source);
  const integ = new IntegTest(app, 'SnapshotCopyJobTest', { testCases: [stack] });
  integ.assertions.awsApiCall('MemoryDB', 'describeSnapshots', { SnapshotName: 'integ-sessions-copy' }).expect(ExpectedResult.objectLike({
    Snapshots: [{ Name: 'integ-sessions-copy', Status: 'available' }],
  }));
  return integ;
}

export function serverlessSnapshotScheduleApp(app: App): IntegTest {
  const stack = new Stack(app, 'IntegServerlessSnapshotSchedule');
  const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'integ-schedule-namespace', manageAdminPassword: true });
  new ServerlessSnapshotSchedule(stack, 'Schedule', {
    namespaceName: namespace.attrNamespaceNamespaceName,
    namespaceArn: namespace.attrNamespaceNamespaceArn,
    scheduledActionName: 'integ-nightly',
    schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }),
    snapshotNamePrefix: 'integ-nightly',
    retention: SnapshotRetention.days(1),
    tags: { test: 'integ' },
  });
  const integ = new IntegTest(app, 'ServerlessSnapshotScheduleTest', { testCases: [stack] });
  integ.assertions.awsApiCall('RedshiftServerless', 'getScheduledAction', { scheduledActionName: 'integ-nightly' }).expect(ExpectedResult.objectLike({
    scheduledAction: { scheduledActionName: 'integ-nightly', namespaceName: 'integ-schedule-namespace', state: 'ACTIVE' },
  }));
  return integ;
}

export function serverlessSnapshotCopyApp(app: App): IntegTest {
  // The stack's region must not be us-west-2, where the snapshots are copied (integ-runner deploys to us-east-1).
  const stack = new Stack(app, 'IntegServerlessSnapshotCopy');
  const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'integ-copy-namespace', manageAdminPassword: true });
  new ServerlessSnapshotCopy(stack, 'Copy', {
    namespaceName: namespace.attrNamespaceNamespaceName,
    destinationRegion: 'us-west-2',
    retention: SnapshotRetention.days(1),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const integ = new IntegTest(app, 'ServerlessSnapshotCopyTest', { testCases: [stack] });
  integ.assertions.awsApiCall('RedshiftServerless', 'listSnapshotCopyConfigurations', { namespaceName: 'integ-copy-namespace' }).expect(ExpectedResult.objectLike({
    snapshotCopyConfigurations: [{ namespaceName: 'integ-copy-namespace', destinationRegion: 'us-west-2', snapshotRetentionPeriod: 1 }],
  }));
  return integ;
}
