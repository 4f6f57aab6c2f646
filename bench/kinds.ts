// Each construct kind, and what a careful user would write instead with AwsCustomResource: the same API
// calls on create/update/delete, and a policy naming the same resources (fromSdkCalls).

import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import {
  ClusterSnapshot, CrossRegionSnapshotCopy, ServerlessSchedule, ServerlessSnapshot, ServerlessSnapshotCopy, ServerlessSnapshotSchedule,
  SnapshotCopyGrant, SnapshotCopyJob, SnapshotRetention, SnapshotSource,
} from '../lib';

export interface Kind {
  readonly name: string;
  ours(stack: Stack, i: number): void;
  awsCustomResource(stack: Stack, i: number): void;
}

function awsCustomResource(stack: Stack, id: string, calls: { onCreate: cr.AwsSdkCall; onUpdate?: cr.AwsSdkCall; onDelete: cr.AwsSdkCall }, resources: string[]): void {
  new cr.AwsCustomResource(stack, id, {
    ...calls,
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources }),
    installLatestAwsSdk: false,
    timeout: Duration.minutes(5),
  });
}

const cluster = (i: number) => `cluster-${i}`;

/** One role for Redshift's scheduler per stack, as ServerlessSnapshotSchedule makes it: CreateSnapshot only. */
function schedulerRole(stack: Stack): iam.IRole {
  const existing = stack.node.tryFindChild('SchedulerRole') as iam.Role | undefined;
  if (existing) return existing;
  const role = new iam.Role(stack, 'SchedulerRole', { assumedBy: new iam.ServicePrincipal('scheduler.redshift.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['redshift-serverless:CreateSnapshot'],
    resources: ['namespace', 'snapshot'].map((resource) => stack.formatArn({ service: 'redshift-serverless', resource, resourceName: '*' })),
  }));
  return role;
}

export const KINDS: Kind[] = [
  {
    name: 'CrossRegionSnapshotCopy',
    ours: (stack, i) => new CrossRegionSnapshotCopy(stack, `Copy${i}`, {
      clusterIdentifier: cluster(i), destinationRegion: 'us-west-2', automatedCopyRetention: Duration.days(14), manualCopyRetention: SnapshotRetention.days(30),
    }),
    awsCustomResource: (stack, i) => awsCustomResource(stack, `Copy${i}`, {
      onCreate: {
        service: 'Redshift', action: 'enableSnapshotCopy', physicalResourceId: cr.PhysicalResourceId.of(cluster(i)),
        parameters: { ClusterIdentifier: cluster(i), DestinationRegion: 'us-west-2', RetentionPeriod: 14, ManualSnapshotRetentionPeriod: 30 },
      },
      onUpdate: {
        service: 'Redshift', action: 'modifySnapshotCopyRetentionPeriod', physicalResourceId: cr.PhysicalResourceId.of(cluster(i)),
        parameters: { ClusterIdentifier: cluster(i), RetentionPeriod: 14 },
      },
      onDelete: { service: 'Redshift', action: 'disableSnapshotCopy', parameters: { ClusterIdentifier: cluster(i) } },
    }, [stack.formatArn({ service: 'redshift', resource: 'cluster', resourceName: cluster(i), arnFormat: ArnFormat.COLON_RESOURCE_NAME })]),
  },
  {
    name: 'SnapshotCopyGrant',
    ours: (stack, i) => new SnapshotCopyGrant(stack, `Grant${i}`, { destinationRegion: 'us-west-2', snapshotCopyGrantName: `grant-${i}` }),
    awsCustomResource: (stack, i) => awsCustomResource(stack, `Grant${i}`, {
      onCreate: {
        service: 'Redshift', action: 'createSnapshotCopyGrant', region: 'us-west-2', physicalResourceId: cr.PhysicalResourceId.of(`grant-${i}`),
        parameters: { SnapshotCopyGrantName: `grant-${i}` },
      },
      onDelete: { service: 'Redshift', action: 'deleteSnapshotCopyGrant', region: 'us-west-2', parameters: { SnapshotCopyGrantName: `grant-${i}` } },
    }, [stack.formatArn({ service: 'redshift', region: 'us-west-2', resource: 'snapshotcopygrant', resourceName: `grant-${i}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })]),
  },
  {
    name: 'ClusterSnapshot',
    ours: (stack, i) => new ClusterSnapshot(stack, `Snapshot${i}`, { clusterIdentifier: cluster(i), snapshotIdentifier: `snapshot-${i}`, tags: { team: 'data' } }),
    awsCustomResource: (stack, i) => awsCustomResource(stack, `Snapshot${i}`, {
      onCreate: {
        service: 'Redshift', action: 'createClusterSnapshot', physicalResourceId: cr.PhysicalResourceId.of(`snapshot-${i}`),
        parameters: { ClusterIdentifier: cluster(i), SnapshotIdentifier: `snapshot-${i}`, Tags: [{ Key: 'team', Value: 'data' }] },
      },
      onDelete: { service: 'Redshift', action: 'deleteClusterSnapshot', parameters: { SnapshotIdentifier: `snapshot-${i}` } },
    }, [stack.formatArn({ service: 'redshift', resource: 'snapshot', resourceName: `${cluster(i)}/snapshot-${i}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })]),
  },
  {
    name: 'ServerlessSnapshot',
    ours: (stack, i) => new ServerlessSnapshot(stack, `Serverless${i}`, { namespaceName: 'analytics', snapshotName: `nightly-${i}` }),
    awsCustomResource: (stack, i) => awsCustomResource(stack, `Serverless${i}`, {
      onCreate: {
        service: 'RedshiftServerless', action: 'createSnapshot', physicalResourceId: cr.PhysicalResourceId.of(`nightly-${i}`),
        parameters: { namespaceName: 'analytics', snapshotName: `nightly-${i}` },
      },
      onDelete: { service: 'RedshiftServerless', action: 'deleteSnapshot', parameters: { snapshotName: `nightly-${i}` } },
    }, ['namespace', 'snapshot'].map((resource) => stack.formatArn({ service: 'redshift-serverless', resource, resourceName: '*' }))),
  },
  {
    name: 'SnapshotCopyJob',
    ours: (stack, i) => new SnapshotCopyJob(stack, `CopyJob${i}`, {
      source: SnapshotSource.memoryDb({ snapshotName: `sessions-${i}` }), targetSnapshotName: `sessions-copy-${i}`,
    }),
    awsCustomResource: (stack, i) => awsCustomResource(stack, `CopyJob${i}`, {
      onCreate: {
        service: 'MemoryDB', action: 'copySnapshot', physicalResourceId: cr.PhysicalResourceId.of(`sessions-copy-${i}`),
        parameters: { SourceSnapshotName: `sessions-${i}`, TargetSnapshotName: `sessions-copy-${i}` },
      },
      onDelete: { service: 'MemoryDB', action: 'deleteSnapshot', parameters: { SnapshotName: `sessions-copy-${i}` } },
    }, [`sessions-${i}`, `sessions-copy-${i}`].map((name) => stack.formatArn({ service: 'memorydb', resource: 'snapshot', resourceName: name }))),
  },
  {
    name: 'ServerlessSnapshotCopy',
    ours: (stack, i) => new ServerlessSnapshotCopy(stack, `ServerlessCopy${i}`, {
      namespaceName: `namespace-${i}`, destinationRegion: 'us-west-2', retention: SnapshotRetention.days(7),
    }),
    awsCustomResource: (stack, i) => awsCustomResource(stack, `ServerlessCopy${i}`, {
      onCreate: {
        service: 'RedshiftServerless', action: 'createSnapshotCopyConfiguration',
        physicalResourceId: cr.PhysicalResourceId.fromResponse('snapshotCopyConfiguration.snapshotCopyConfigurationId'),
        parameters: { namespaceName: `namespace-${i}`, destinationRegion: 'us-west-2', snapshotRetentionPeriod: 7 },
      },
      onUpdate: {
        service: 'RedshiftServerless', action: 'updateSnapshotCopyConfiguration',
        parameters: { snapshotCopyConfigurationId: new cr.PhysicalResourceIdReference(), snapshotRetentionPeriod: 7 },
      },
      onDelete: {
        service: 'RedshiftServerless', action: 'deleteSnapshotCopyConfiguration',
        parameters: { snapshotCopyConfigurationId: new cr.PhysicalResourceIdReference() },
      },
      // Update and Delete have no resource types: '*' (Service Authorization Reference).
    }, [stack.formatArn({ service: 'redshift-serverless', resource: 'namespace', resourceName: '*' }), '*']),
  },
  {
    name: 'ServerlessSnapshotSchedule',
    // Many schedules in one stack share one scheduler role (the `role` prop): a role of its own for each, the
    // default, is two resources more per construct, and 200 of them pass CloudFormation's 500 resources.
    ours: (stack, i) => new ServerlessSnapshotSchedule(stack, `Schedule${i}`, {
      namespaceName: 'analytics', scheduledActionName: `nightly-${i}`, schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }),
      retention: SnapshotRetention.days(14), role: schedulerRole(stack),
    }),
    awsCustomResource: (stack, i) => {
      const role = schedulerRole(stack);
      const action = {
        scheduledActionName: `nightly-${i}`, namespaceName: 'analytics', roleArn: role.roleArn, schedule: { cron: '(0 3 * * ? *)' },
        targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: `nightly-${i}`, retentionPeriod: 14 } },
      };
      awsCustomResource(stack, `Schedule${i}`, {
        onCreate: { service: 'RedshiftServerless', action: 'createScheduledAction', physicalResourceId: cr.PhysicalResourceId.of(`nightly-${i}`), parameters: action },
        onUpdate: { service: 'RedshiftServerless', action: 'updateScheduledAction', physicalResourceId: cr.PhysicalResourceId.of(`nightly-${i}`), parameters: action },
        onDelete: { service: 'RedshiftServerless', action: 'deleteScheduledAction', parameters: { scheduledActionName: `nightly-${i}` } },
      }, ['*']);
    },
  },
];
