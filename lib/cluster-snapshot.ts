import { Annotations, ArnFormat, Duration, ITaggableV2, RemovalPolicy, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  CLUSTER_SNAPSHOT_ATTRIBUTES,
  CLUSTER_SNAPSHOT_RESOURCE_TYPE,
  ClusterSnapshotHandlerProperties,
} from './handler-properties/cluster-snapshot';
import { REDSHIFT_SUPPORT_ACCOUNT, RESTORE_ACCESS_TAG_PREFIX } from './handler-properties/sharing';
import { TAG_RULES } from './handler-properties/tag-rules';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { checkTagsAfterAspects, newTagManager, renderedTags, TagMap } from './private/managed-tags';
import { arnFinding } from './private/nag';
import { generatedIdentifier } from './private/names';
import { claimAwsObject } from './private/ownership';
import { checkShareWith } from './private/share-with';
import { checkTags, tagList } from './private/tags';
import { checkRedshiftIdentifier, handlerRemovalPolicy, SnapshotValidationError, timeoutSeconds } from './private/validation';
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
   * The identifier of the snapshot: 1 to 255 lowercase letters, digits or hyphens, a letter first, no trailing
   * hyphen and no two hyphens in a row. Unique in the account and region: two constructs of one app with the same
   * identifier (in the same account and region) fail synthesis.
   *
   * @default - generated from the stack and construct path, unique per stack and construct
   */
  readonly snapshotIdentifier?: string;

  /**
   * How long the snapshot is kept.
   *
   * @default SnapshotRetention.indefinitely()
   */
  readonly retention?: SnapshotRetention;

  /**
   * Tags of the snapshot, at most 50. Keys 1 to 128 characters, values up to 256, no `aws:` prefix.
   * Changing them updates the snapshot in place. Tags given with `Tags.of(scope)` are added to these (for one
   * key, the value of `Tags.of` wins, as for an aws-cdk L1 resource); the limit applies to both together.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * AWS accounts that may restore the snapshot.
   *
   * 12-digit account ids, or `amazon-redshift-support` to share it with AWS Support: at most 20, each once, not the
   * stack's own account. Changing the list authorizes the added
   * accounts and revokes the removed ones in place; accounts authorized by someone else are left as they are.
   * Each account this resource authorizes is recorded as a tag of the snapshot (`cdk-db-snapshots:restore-access:<account>`),
   * so `tags` and `shareWith` together take at most 50. To stop sharing, set `[]` (removing the prop also
   * removes the handler's permission to revoke).
   *
   * @default - sharing is not managed: accounts authorized outside the stack are left as they are
   */
  readonly shareWith?: string[];

  /**
   * The customer managed KMS key the cluster's snapshots are encrypted with, for sharing them.
   *
   * With `shareWith`, the handler gets `kms:DescribeKey` on it (whoever authorizes access to an encrypted snapshot needs it),
   * and a key of this app gets a key policy statement that allows the 12-digit accounts of `shareWith` `kms:Decrypt`
   * (without it their restore is denied). For a key imported from elsewhere, add that statement to its policy yourself.
   *
   * @default - the snapshot is not encrypted with a customer managed key
   */
  readonly encryptionKey?: kms.IKey;

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
    applies_to: [arnFinding('redshift:.*:snapshot:\\*\\/.+')],
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
 * Only with `shareWith`. AuthorizeSnapshotAccess and RevokeSnapshotAccess authorize against the snapshot
 * (required) and the cluster (Service Authorization Reference, Amazon Redshift); the handler passes
 * SnapshotClusterIdentifier, so both the cluster and `snapshot:*\/<id>` are granted, as for DeleteClusterSnapshot.
 */
const SHARING_ACTIONS = ['redshift:AuthorizeSnapshotAccess', 'redshift:RevokeSnapshotAccess'];
/** Redshift's most tags per resource (lib/handler-properties/tag-rules.ts). */
const MAX_TAGS = TAG_RULES.redshift.maxPerResource;

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
 *   retention: SnapshotRetention.days(90),
 *   tags: { team: 'data' },
 * });
 *
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateClusterSnapshot.html
 */
export class ClusterSnapshot extends Construct implements ITaggableV2 {
  /**
   * The tags of the snapshot: `tags` merged with what `Tags.of(scope)` gives this construct. Changing them
   * updates the snapshot in place.
   */
  public readonly cdkTagManager: TagManager;

  /**
   * Where this construct's handler logs, one JSON line per event and per AWS call (the log group of the handler that
   * every construct of this library in the stack shares): the place to look when a deployment fails. Its retention
   * is `HandlerLogs.setRetention`'s choice.
   */
  public readonly handlerLogGroup: logs.ILogGroup;

  /** The identifier of the snapshot. Using it makes a resource depend on the snapshot being available. */
  public readonly snapshotIdentifier: string;
  /** The ARN of the snapshot. */
  public readonly snapshotArn: string;

  constructor(scope: Construct, id: string, props: ClusterSnapshotProps) {
    super(scope, id);

    checkRedshiftIdentifier(this, 'clusterIdentifier', props.clusterIdentifier, 63);
    if (props.snapshotIdentifier !== undefined) {
      checkRedshiftIdentifier(this, 'snapshotIdentifier', props.snapshotIdentifier, 255);
    }
    props.retention?._validate(this, 'retention');
    checkShareWith(this, props.shareWith, { allowRedshiftSupport: true });
    // Checked now for the prop, and again after aspects for the tags Tags.of adds.
    this.checkSnapshotTags(props.tags, props.shareWith);
    this.cdkTagManager = newTagManager(CLUSTER_SNAPSHOT_RESOURCE_TYPE, props.tags);
    checkTagsAfterAspects(this, this.cdkTagManager, (tags) => this.checkSnapshotTags(tags, props.shareWith));
    const snapshotIdentifier = props.snapshotIdentifier
      ?? generatedIdentifier(this, 255, Token.isUnresolved(props.clusterIdentifier) ? '' : props.clusterIdentifier);
    // CreateClusterSnapshot: the identifier "must be unique for all snapshots within the AWS account" (of the regional endpoint).
    claimAwsObject(this, { kind: 'Redshift cluster snapshot', prop: 'snapshotIdentifier', name: snapshotIdentifier, ignoreCase: false });
    const properties: ClusterSnapshotHandlerProperties = {
      ClusterIdentifier: props.clusterIdentifier,
      SnapshotIdentifier: snapshotIdentifier,
      ManualSnapshotRetentionPeriod: (props.retention ?? SnapshotRetention.indefinitely()).retentionDays,
      Tags: renderedTags(this.cdkTagManager, tagList),
      ...(props.shareWith !== undefined ? { ShareWith: props.shareWith } : {}),
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.RETAIN),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const arn = (resource: string, resourceName: string) => Stack.of(this).formatArn({
      service: 'redshift', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const grants = [
      ...provider.grant(CLUSTER_ACTIONS, [arn('cluster', props.clusterIdentifier)]),
      ...provider.grant(SNAPSHOT_ACTIONS, [arn('snapshot', `*/${snapshotIdentifier}`)]),
      ...(props.shareWith !== undefined
        ? provider.grant(SHARING_ACTIONS, [arn('cluster', props.clusterIdentifier), arn('snapshot', `*/${snapshotIdentifier}`)])
        : []),
    ];
    if (props.encryptionKey && props.shareWith !== undefined) {
      this.shareKey(provider, props.encryptionKey, props.shareWith);
    } else if (props.encryptionKey) {
      Annotations.of(this).addWarningV2('cdk-db-snapshots:encryptionKeyWithoutShareWith',
        'encryptionKey is used only to share the snapshot: without shareWith it changes nothing.');
    }
    const resource = provider.newResource(this, 'cluster-snapshot', properties, grants);

    this.snapshotIdentifier = resource.getAttString(CLUSTER_SNAPSHOT_ATTRIBUTES.snapshotIdentifier);
    this.snapshotArn = resource.getAttString(CLUSTER_SNAPSHOT_ATTRIBUTES.snapshotArn);
  }

  /**
   * Redshift's tag rules, and the tag keys the handler records shared accounts under: reserved, and counted
   * against Redshift's 50.
   */
  private checkSnapshotTags(tags: TagMap | undefined, shareWith: string[] | undefined): void {
    checkTags(this, tags, 'redshift');
    const reserved = Object.keys(tags ?? {}).find((key) => !Token.isUnresolved(key) && key.startsWith(RESTORE_ACCESS_TAG_PREFIX));
    if (reserved !== undefined) {
      throw new SnapshotValidationError(this, 'tag key', reserved,
        `must not start with "${RESTORE_ACCESS_TAG_PREFIX}": the handler records the accounts it authorized with it`);
    }
    if (shareWith === undefined || Token.isUnresolved(shareWith)) return;
    const tagCount = Object.keys(tags ?? {}).length;
    if (tagCount + shareWith.length > MAX_TAGS) {
      throw new SnapshotValidationError(this, 'tags and shareWith', `${tagCount} tags and ${shareWith.length} accounts`,
        `together at most ${MAX_TAGS}: each account of shareWith is recorded as a tag of the snapshot, and Redshift allows ${MAX_TAGS} tags`);
    }
  }

  /**
   * "When you authorize snapshot access and share the key, the identity authorizing access must have
   * kms:DescribeKey permissions on the key", and the accounts need kms:Decrypt in the key policy (Amazon Redshift
   * Management Guide, "Sharing a snapshot", "Allowing access to the AWS KMS key for an encrypted snapshot").
   */
  private shareKey(provider: HandlerProvider, key: kms.IKey, accounts: string[]): void {
    provider.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:DescribeKey'], resources: [key.keyArn] }));
    const principals = accounts.filter((account) => account !== REDSHIFT_SUPPORT_ACCOUNT).map((account) => new iam.AccountPrincipal(account));
    if (principals.length === 0) return;
    const added = key.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], principals, resources: ['*'] }), true);
    if (!added.statementAdded) {
      Annotations.of(this).addWarningV2('cdk-db-snapshots:sharedKeyPolicy',
        `The key ${key.keyArn} is not managed by this app: add a statement to its key policy that allows kms:Decrypt to the `
        + 'accounts of shareWith, or their restore of the snapshot is denied (see the README, "Handing a snapshot to another account").');
    }
  }
}
