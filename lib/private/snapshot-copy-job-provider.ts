import { ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HandlerProviderSpec } from './handler-provider';
import { ANY_PARTITION, arnFinding } from './nag';

/**
 * What the handler does to a DocumentDB elastic copy, on `cluster-snapshot/*` of the stack's region (see PROVIDER): the
 * copy is always made there (AWS documents copies of elastic cluster snapshots "within the same region and within the
 * same account" only: Amazon DocumentDB Developer Guide, "Copying an elastic cluster snapshot"), so no other region is granted.
 */
const DOCDB_COPY_ACTIONS = [
  'docdb-elastic:CopyClusterSnapshot', 'docdb-elastic:CreateClusterSnapshot', 'docdb-elastic:DeleteClusterSnapshot',
  'docdb-elastic:TagResource', 'docdb-elastic:UntagResource', 'docdb-elastic:ListTagsForResource',
];

/** The provider of SnapshotCopyJob, which every SnapshotSource grants through. */
export const SNAPSHOT_COPY_JOB_PROVIDER: HandlerProviderSpec = {
  kind: 'snapshot-copy-job',
  statements: (stack) => [
    // Finding a copy by name: DocumentDB elastic lists snapshots; the action has no resource-level permissions.
    new iam.PolicyStatement({ actions: ['docdb-elastic:ListClusterSnapshots'], resources: ['*'] }),
    // A DocumentDB elastic copy's ARN ends in an id the service generates: known only after the copy.
    // CopyClusterSnapshot authorizes docdb-elastic:CopyClusterSnapshot, CreateClusterSnapshot and TagResource
    // (Service Authorization Reference, "API operations defined by Amazon DocumentDB Elastic Clusters"), on the
    // new snapshot too; ListTagsForResource reads a copy's provenance tag.
    new iam.PolicyStatement({
      actions: DOCDB_COPY_ACTIONS,
      resources: [stack.formatArn({ service: 'docdb-elastic', resource: 'cluster-snapshot', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }),
    // CreateClusterSnapshot also requires the cluster: the source's, which a snapshot ARN does not name.
    new iam.PolicyStatement({
      actions: ['docdb-elastic:CreateClusterSnapshot'],
      resources: [stack.formatArn({ service: 'docdb-elastic', resource: 'cluster', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }),
  ],
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'docdb-elastic:ListClusterSnapshots has no resource-level permissions, a DocumentDB elastic copy\'s ARN ends in an id '
      + 'the service generates, and the copy is authorized as CreateClusterSnapshot on the source\'s cluster, which no snapshot ARN names; '
      + 'MemoryDB exports need s3:ListAllMyBuckets (MemoryDB API permissions reference), which has no '
      + 'resource-level permissions either, and write objects whose keys begin with the export\'s name. Scoped to the stack\'s account and region where the ARN allows.',
    applies_to: [
      'Resource::*',
      arnFinding('docdb-elastic:.*:cluster(-snapshot)?\\/\\*'),
      // The objects a MemoryDB export writes: their keys begin with the target name.
      { regex: `/^Resource::(<[^>]+\\.Arn>|arn:${ANY_PARTITION}:s3:::[^/]+)\\/[^*]+\\*$/` },
    ],
  }],
};
