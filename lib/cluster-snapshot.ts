import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CLUSTER_SNAPSHOT_ATTRIBUTES,
  ClusterSnapshotHandlerProperties,
} from './handler-properties/cluster-snapshot';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { generatedIdentifier } from './private/names';
import { checkTags, tagList } from './private/tags';
import { checkRedshiftIdentifier, handlerRemovalPolicy, timeoutSeconds } from './private/validation';
import { SnapshotRetention } from './snapshot-retention';

/**
 * Properties of a ClusterSnapshot.
 */
export interface ClusterSnapshotProps {
  /**
   * The identifier of an existing provisioned Redshift cluster in the stack's region, e.g. `cluster.ref`
   * of a `CfnCluster`.
   */
  readonly clusterIdentifier: string;

  /**
   * The identifier of the snapshot: 1 to 255 letters, digits or hyphens, a letter first, no trailing
   * hyphen and no two hyphens in a row. Unique in the account and region. Redshift stores it in lowercase.
   *
   * @default - generated from the stack and construct path, unique per stack and construct
   */
  readonly snapshotIdentifier?: string;

  /**
   * How long the snapshot is kept.
   *
   * @default SnapshotRetention.indefinitely()
   */
  readonly manualSnapshotRetention?: SnapshotRetention;

  /**
   * Tags of the snapshot, at most 50. Keys 1 to 128 characters, values up to 256, no `aws:` prefix.
   * Changing them updates the snapshot in place.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * What happens to the snapshot when this resource is removed from the stack or replaced.
   * `RemovalPolicy.RETAIN` keeps it (it holds data); `RemovalPolicy.DESTROY` deletes it.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a deployment waits for the snapshot to become `available` (or, on delete, to finish
   * creating) before it fails. From 1 minute to 1 hour.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

const PROVIDER: HandlerProviderSpec = {
  kind: 'cluster-snapshot',
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'redshift:ModifyClusterSnapshot takes no cluster parameter, and its only resource type is the snapshot, whose ARN names '
      + 'the cluster (snapshot:<cluster>/<id>): the snapshot actions name the snapshot identifier, unique in the account and region, '
      + 'with any cluster.',
    applies_to: [{ regex: '/^Resource::arn:<AWS::Partition>:redshift:.*:snapshot:\\*\\/.+$/' }],
  }],
};

/**
 * The actions of the handler by the resource type each authorizes against (Service Authorization Reference,
 * Amazon Redshift): DescribeClusterSnapshots only ever against the cluster; CreateClusterSnapshot and
 * DeleteClusterSnapshot against the cluster they name and the snapshot; the rest against the snapshot.
 */
const CLUSTER_ACTIONS = [
  'redshift:CreateClusterSnapshot',
  'redshift:DescribeClusterSnapshots',
  'redshift:DeleteClusterSnapshot',
  // After InvalidClusterStateFault the handler reads the cluster's state (paused: fail at once, busy: wait).
  'redshift:DescribeClusters',
];
/**
 * Granted on `snapshot:*\/<id>`: ModifyClusterSnapshot takes no cluster identifier, so IAM may not know the
 * cluster part of the snapshot ARN (the DeleteClusterSnapshot reference says a policy naming a cluster in a
 * snapshot ARN needs the cluster parameter, which Modify lacks). The identifier alone names one snapshot: it
 * is unique in the account and region (CreateClusterSnapshot reference), so this is as narrow as the full ARN,
 * and one ARN per snapshot keeps 200 snapshots within IAM's policy limits.
 */
const SNAPSHOT_ACTIONS = [
  'redshift:CreateClusterSnapshot',
  'redshift:ModifyClusterSnapshot',
  'redshift:DeleteClusterSnapshot',
  'redshift:CreateTags',
  'redshift:DeleteTags',
];

/**
 * A manual snapshot of a Redshift cluster that exists when the deployment says it does.
 *
 * Create takes the snapshot and waits until it is `available` (adopting a snapshot of the same
 * identifier and cluster that already exists), Update changes its retention and tags in place, and
 * Delete keeps it unless `RemovalPolicy.DESTROY` is given. A snapshot other accounts may restore is
 * never deleted: the deployment fails and says which accounts to revoke.
 *
 * @example
 * const snapshot = new ClusterSnapshot(this, 'BeforeMigration', {
 *   clusterIdentifier: 'analytics',
 *   snapshotIdentifier: 'before-migration-2026-11',
 *   manualSnapshotRetention: SnapshotRetention.days(90),
 *   tags: { team: 'data' },
 * });
 *
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateClusterSnapshot.html
 */
export class ClusterSnapshot extends Construct {
  /** The identifier of the snapshot. Using it makes a resource depend on the snapshot being available. */
  public readonly snapshotIdentifier: string;
  /** The ARN of the snapshot. */
  public readonly snapshotArn: string;

  constructor(scope: Construct, id: string, props: ClusterSnapshotProps) {
    super(scope, id);

    checkRedshiftIdentifier(this, 'clusterIdentifier', props.clusterIdentifier, 63);
    if (props.snapshotIdentifier !== undefined) {
      checkRedshiftIdentifier(this, 'snapshotIdentifier', props.snapshotIdentifier, 255, { allowUppercase: true });
    }
    checkTags(this, props.tags, { maxCount: 50 });
    // Redshift stores snapshot identifiers in lowercase; so do we, so that ARNs and lookups match.
    const snapshotIdentifier = props.snapshotIdentifier !== undefined && !Token.isUnresolved(props.snapshotIdentifier)
      ? props.snapshotIdentifier.toLowerCase()
      : props.snapshotIdentifier ?? generatedIdentifier(this, 255, Token.isUnresolved(props.clusterIdentifier) ? '' : props.clusterIdentifier);
    const properties: ClusterSnapshotHandlerProperties = {
      ClusterIdentifier: props.clusterIdentifier,
      SnapshotIdentifier: snapshotIdentifier,
      ManualSnapshotRetentionPeriod: (props.manualSnapshotRetention ?? SnapshotRetention.indefinitely()).retentionDays,
      Tags: tagList(props.tags),
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.RETAIN),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    const arn = (resource: string, resourceName: string) => Stack.of(this).formatArn({
      service: 'redshift', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const grants = [
      ...provider.grant(CLUSTER_ACTIONS, [arn('cluster', props.clusterIdentifier)]),
      ...provider.grant(SNAPSHOT_ACTIONS, [arn('snapshot', `*/${snapshotIdentifier}`)]),
    ];
    const resource = provider.newResource(this, 'cluster-snapshot', properties, grants);

    this.snapshotIdentifier = resource.getAttString(CLUSTER_SNAPSHOT_ATTRIBUTES.snapshotIdentifier);
    this.snapshotArn = resource.getAttString(CLUSTER_SNAPSHOT_ATTRIBUTES.snapshotArn);
  }
}
