import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  AUTOMATED_RETENTION_DAYS,
  CrossRegionSnapshotCopyHandlerProperties,
} from './handler-properties/cross-region-snapshot-copy';
import { grantReferencedBy, markGrantUse } from './private/grant-uses';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { claimAwsObject } from './private/ownership';
import {
  checkDestinationRegion,
  checkRedshiftIdentifier,
  handlerRemovalPolicy,
  SnapshotValidationError,
  timeoutSeconds,
  wholeDays,
} from './private/validation';
import { SnapshotRetention } from './snapshot-retention';

/**
 * Properties of a CrossRegionSnapshotCopy.
 */
export interface CrossRegionSnapshotCopyProps {
  /**
   * The identifier of an existing provisioned Redshift cluster in the stack's region, e.g. `cluster.ref`
   * of a `CfnCluster` or the name of a cluster the stack does not own.
   */
  readonly clusterIdentifier: string;

  /**
   * The region to copy the cluster's snapshots to. Must differ from the stack's region.
   */
  readonly destinationRegion: string;

  /**
   * How long automated snapshots are kept in the destination region after they are copied: whole days from 1 to 35.
   *
   * @default Duration.days(7)
   */
  readonly automatedCopyRetention?: Duration;

  /**
   * How long the copies of manual snapshots are kept in the destination region.
   *
   * @default SnapshotRetention.indefinitely()
   */
  readonly manualCopyRetention?: SnapshotRetention;

  /**
   * The snapshot copy grant, in the destination region, that lets Redshift use a KMS key there.
   * Needed for copies of a KMS-encrypted cluster to be encrypted with your own key in the destination
   * region; without one they are encrypted with a key AWS owns. See `SnapshotCopyGrant`.
   *
   * @default - no grant
   */
  readonly snapshotCopyGrantName?: string;

  /**
   * What happens to the copy setting when this resource is removed from the stack.
   * `RemovalPolicy.DESTROY` disables cross-region copy; `RemovalPolicy.RETAIN` leaves it enabled, and then
   * a `SnapshotCopyGrant` of the same stack that the copy uses is retained too (the copy keeps using it).
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a deployment waits for the cluster to accept the change (for example while it is `modifying`)
   * before it fails. From 1 minute to 1 hour.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

const PROVIDER: HandlerProviderSpec = {
  kind: 'cross-region-snapshot-copy',
};

/** What the handler calls on the cluster (all four authorize against the cluster's ARN). */
const CLUSTER_ACTIONS = [
  'redshift:DescribeClusters',
  'redshift:EnableSnapshotCopy',
  'redshift:DisableSnapshotCopy',
  'redshift:ModifySnapshotCopyRetentionPeriod',
];

/**
 * Copies the snapshots of an existing Redshift cluster to another region.
 *
 * Create enables cross-region snapshot copy (adopting a copy already enabled with exactly these settings,
 * and failing, changing nothing, on a copy with any other settings),
 * Update changes the retention periods in place and moves the copy to a new region or grant by
 * disabling and re-enabling it, Delete disables it (unless `RemovalPolicy.RETAIN`). A deployment waits
 * while the cluster is busy and fails with a message that says what to fix when AWS refuses.
 *
 * @example
 * new CrossRegionSnapshotCopy(this, 'Copy', {
 *   clusterIdentifier: 'analytics',
 *   destinationRegion: 'us-west-2',
 *   automatedCopyRetention: Duration.days(14),
 *   manualCopyRetention: SnapshotRetention.days(30),
 * });
 *
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_EnableSnapshotCopy.html
 */
export class CrossRegionSnapshotCopy extends Construct {
  /**
   * Where this construct's handler logs, one JSON line per event and per AWS call (the log group of the handler that
   * every construct of this library in the stack shares): the place to look when a deployment fails. Its retention
   * is `HandlerLogs.setRetention`'s choice.
   */
  public readonly handlerLogGroup: logs.ILogGroup;

  /** The cluster whose snapshots are copied. */
  public readonly clusterIdentifier: string;
  /** The region the snapshots are copied to. */
  public readonly destinationRegion: string;

  constructor(scope: Construct, id: string, props: CrossRegionSnapshotCopyProps) {
    super(scope, id);

    checkRedshiftIdentifier(this, 'clusterIdentifier', props.clusterIdentifier, 63);
    checkDestinationRegion(this, 'destinationRegion', props.destinationRegion,
      'EnableSnapshotCopy copies snapshots "from one region to another region" (Amazon Redshift API reference) and AWS documents '
      + 'no outcome for the cluster\'s own region: expect the deployment to fail there.');
    const retentionDays = wholeDays(this, 'automatedCopyRetention', props.automatedCopyRetention ?? Duration.days(AUTOMATED_RETENTION_DAYS.default),
      AUTOMATED_RETENTION_DAYS.min, AUTOMATED_RETENTION_DAYS.max);
    if (props.snapshotCopyGrantName !== undefined) {
      checkRedshiftIdentifier(this, 'snapshotCopyGrantName', props.snapshotCopyGrantName, 63);
      this.checkGrantRegion(props.snapshotCopyGrantName, props.destinationRegion);
    }
    // A cluster has one cross-region copy setting (ClusterSnapshotCopyStatus of DescribeClusters); EnableSnapshotCopy
    // requires "an existing cluster that does not already have cross-region snapshot copy enabled".
    claimAwsObject(this, {
      kind: 'cross-region snapshot copy setting of the Redshift cluster', prop: 'clusterIdentifier', name: props.clusterIdentifier, ignoreCase: false,
    });
    const properties: CrossRegionSnapshotCopyHandlerProperties = {
      ClusterIdentifier: props.clusterIdentifier,
      DestinationRegion: props.destinationRegion,
      RetentionPeriod: retentionDays,
      ManualSnapshotRetentionPeriod: (props.manualCopyRetention ?? SnapshotRetention.indefinitely()).retentionDays,
      SnapshotCopyGrantName: props.snapshotCopyGrantName,
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.DESTROY),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const grants = provider.grant(CLUSTER_ACTIONS, [Stack.of(this).formatArn({
      service: 'redshift',
      resource: 'cluster',
      resourceName: props.clusterIdentifier,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })]);
    provider.newResource(this, 'cross-region-snapshot-copy', properties, grants);
    if (props.snapshotCopyGrantName !== undefined) {
      // A copy left enabled keeps its grant in use: a SnapshotCopyGrant of this stack reads this to stay too.
      markGrantUse(this, {
        grantName: props.snapshotCopyGrantName,
        destinationRegion: props.destinationRegion,
        retained: props.removalPolicy === RemovalPolicy.RETAIN,
      });
    }

    this.clusterIdentifier = props.clusterIdentifier;
    this.destinationRegion = props.destinationRegion;
  }

  /**
   * A SnapshotCopyGrant of this library used by name must be in the region the copy goes to: a grant "permits Amazon
   * Redshift to use an encrypted symmetric key from KMS to encrypt copied snapshots in a destination region"
   * (CreateSnapshotCopyGrant, Amazon Redshift API reference).
   */
  private checkGrantRegion(grantName: string, destinationRegion: string): void {
    const grant = grantReferencedBy(grantName);
    if (grant === undefined || Token.isUnresolved(grant.facts.destinationRegion) || Token.isUnresolved(destinationRegion)) return;
    if (grant.facts.destinationRegion !== destinationRegion) {
      throw new SnapshotValidationError(this, 'snapshotCopyGrantName', `${grant.path}.snapshotCopyGrantName`,
        `the grant ${grant.path} is in ${grant.facts.destinationRegion}, but this copy goes to ${destinationRegion}: `
        + 'a copy uses a grant of its destination region; give the grant destinationRegion ' + destinationRegion);
    }
  }
}
