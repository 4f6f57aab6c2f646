import { Arn, ArnFormat, CfnResource, Duration, ITaggableV2, Lazy, RemovalPolicy, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HandlerRemovalPolicy } from './handler-properties/common';
import {
  GRANT_OWNER_TAG_KEY,
  SNAPSHOT_COPY_GRANT_ATTRIBUTES,
  SNAPSHOT_COPY_GRANT_RESOURCE_TYPE,
  SnapshotCopyGrantHandlerProperties,
} from './handler-properties/snapshot-copy-grant';
import { grantUsesBelow, markGrant } from './private/grant-uses';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { checkTagsAfterAspects, newTagManager, renderedTags, TagMap } from './private/managed-tags';
import { generatedIdentifier } from './private/names';
import { claimAwsObject } from './private/ownership';
import { checkTags, tagList } from './private/tags';
import {
  checkDestinationRegion,
  checkRedshiftIdentifier,
  handlerRemovalPolicy,
  referencedConstructs,
  SnapshotValidationError,
  timeoutSeconds,
  warnUnchecked,
} from './private/validation';

/**
 * Properties of a SnapshotCopyGrant.
 */
export interface SnapshotCopyGrantProps {
  /**
   * The region where the grant is created: the destination region of a `CrossRegionSnapshotCopy`.
   * The handler calls Redshift there, so one stack manages the grant and the copy.
   */
  readonly destinationRegion: string;

  /**
   * The KMS key, in `destinationRegion`, that Redshift uses to encrypt the copied snapshots, e.g.
   * `kms.Key.fromKeyArn(this, 'DrKey', 'arn:aws:kms:us-west-2:...:key/...')`, or a `kms.Key` of a stack of that region.
   * Not an alias, and not a key of this stack (which is in the stack's own region).
   *
   * @default - the AWS-owned key for Redshift in the destination region
   */
  readonly destinationEncryptionKey?: kms.IKey;

  /**
   * The name of the grant: 1 to 63 lowercase letters, digits or hyphens, a letter first, no trailing
   * hyphen and no two hyphens in a row. A new name replaces the grant.
   *
   * @default - generated, unique per stack and construct; it changes with the region and the key
   */
  readonly snapshotCopyGrantName?: string;

  /**
   * Tags of the grant, at most 49. Keys 1 to 128 characters, values up to 256, no `aws:` prefix. The handler
   * adds the 50th, `cdk-db-snapshots:owner`, by which it recognizes the grants it created (the key is reserved).
   * Tags given with `Tags.of(scope)` are added to these (for one key, the value of `Tags.of` wins, as for an aws-cdk
   * L1 resource); the limit applies to both together. Changing them updates the grant in place.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * What happens to the grant when this resource is removed or replaced. A grant holds no data.
   * A grant used by a `CrossRegionSnapshotCopy` of the same stack with `RemovalPolicy.RETAIN` is retained
   * (the copy stays enabled and keeps using it; AWS refuses to delete a grant a cluster uses); giving
   * `RemovalPolicy.DESTROY` explicitly for such a grant fails synthesis.
   *
   * @default RemovalPolicy.DESTROY, or RemovalPolicy.RETAIN when a retained copy of the stack uses the grant
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a deployment may wait for Redshift in the destination region (a grant in use by a cluster
   * fails its delete at once: nothing but the user frees it).
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

const PROVIDER: HandlerProviderSpec = {
  kind: 'snapshot-copy-grant',
  // Service Authorization Reference (Amazon Redshift): DescribeSnapshotCopyGrants has no resource types.
  statements: () => [new iam.PolicyStatement({ actions: ['redshift:DescribeSnapshotCopyGrants'], resources: ['*'] })],
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'redshift:DescribeSnapshotCopyGrants has no resource-level permissions (Service Authorization Reference, Amazon Redshift): '
      + 'only "*" authorizes it. It reads grants, never changes them.',
    applies_to: ['Resource::*'],
  }],
};

/** What the handler does to the grant; each authorizes against the grant's ARN (`snapshotcopygrant`). */
const GRANT_ACTIONS = [
  'redshift:CreateSnapshotCopyGrant',
  'redshift:DeleteSnapshotCopyGrant',
  'redshift:CreateTags',
  'redshift:DeleteTags',
];

/**
 * The snapshot copy grant a KMS-encrypted cluster needs in the destination region of a cross-region
 * snapshot copy, created there from the source stack.
 *
 * `AWS::Redshift::SnapshotCopyGrant` can only create a grant in its own stack's region, so a copy of an
 * encrypted cluster needs a second stack; this construct calls Redshift in `destinationRegion` instead.
 * Using `snapshotCopyGrantName` in a `CrossRegionSnapshotCopy` makes the copy depend on the grant:
 * CloudFormation creates the grant first and deletes it last.
 *
 * @example
 * const grant = new SnapshotCopyGrant(this, 'Grant', { destinationRegion: 'us-west-2' });
 * new CrossRegionSnapshotCopy(this, 'Copy', {
 *   clusterIdentifier: 'analytics',
 *   destinationRegion: 'us-west-2',
 *   snapshotCopyGrantName: grant.snapshotCopyGrantName,
 * });
 *
 * @see https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateSnapshotCopyGrant.html
 */
export class SnapshotCopyGrant extends Construct implements ITaggableV2 {
  /**
   * The tags of the grant: `tags` merged with what `Tags.of(scope)` gives this construct. Changing them updates
   * the grant in place.
   */
  public readonly cdkTagManager: TagManager;

  /**
   * Where this construct's handler logs, one JSON line per event and per AWS call (the log group of the handler that
   * every construct of this library in the stack shares): the place to look when a deployment fails. Its retention
   * is `HandlerLogs.setRetention`'s choice.
   */
  public readonly handlerLogGroup: logs.ILogGroup;

  /** The name of the grant. Using it makes a resource depend on the grant. */
  public readonly snapshotCopyGrantName: string;
  /** The ARN of the grant. */
  public readonly snapshotCopyGrantArn: string;
  /** The region of the grant. */
  public readonly destinationRegion: string;

  constructor(scope: Construct, id: string, props: SnapshotCopyGrantProps) {
    super(scope, id);

    checkDestinationRegion(this, 'destinationRegion', props.destinationRegion,
      'in the stack\'s own region AWS creates the grant all the same, but no cross-region copy of a cluster of that region can use it '
      + '(use aws_redshift.CfnSnapshotCopyGrant for a grant in the stack\'s own region).');
    if (props.snapshotCopyGrantName !== undefined) {
      checkRedshiftIdentifier(this, 'snapshotCopyGrantName', props.snapshotCopyGrantName, 63);
    }
    const keyArn = props.destinationEncryptionKey === undefined ? undefined : this.keyArn(props.destinationEncryptionKey, props.destinationRegion);
    this.checkGrantTags(props.tags);
    this.cdkTagManager = newTagManager(SNAPSHOT_COPY_GRANT_RESOURCE_TYPE, props.tags);
    checkTagsAfterAspects(this, this.cdkTagManager, (tags) => this.checkGrantTags(tags));

    const salt = [props.destinationRegion, keyArn ?? ''].filter((part) => !Token.isUnresolved(part)).join('/');
    const name = props.snapshotCopyGrantName ?? generatedIdentifier(this, 63, salt);
    // Grant names are lowercase only (checkRedshiftIdentifier), unique per account in their region.
    claimAwsObject(this, {
      kind: 'Redshift snapshot copy grant', prop: 'snapshotCopyGrantName', name, ignoreCase: false, region: props.destinationRegion,
    });
    markGrant(this, { destinationRegion: props.destinationRegion });
    const properties: SnapshotCopyGrantHandlerProperties = {
      DestinationRegion: props.destinationRegion,
      SnapshotCopyGrantName: name,
      KmsKeyId: keyArn,
      Tags: renderedTags(this.cdkTagManager, tagList),
      RemovalPolicy: this.removalPolicyFor(props, name),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const stack = Stack.of(this);
    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const grants = provider.grant(GRANT_ACTIONS, [stack.formatArn({
      service: 'redshift',
      region: props.destinationRegion,
      resource: 'snapshotcopygrant',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })]);
    // Redshift creates a KMS grant on the key when it creates the snapshot copy grant.
    if (keyArn !== undefined) provider.allowServiceToUseKey(keyArn);
    const resource = provider.newResource(this, 'snapshot-copy-grant', properties, grants);

    this.snapshotCopyGrantName = resource.getAttString(SNAPSHOT_COPY_GRANT_ATTRIBUTES.snapshotCopyGrantName);
    this.snapshotCopyGrantArn = resource.getAttString(SNAPSHOT_COPY_GRANT_ATTRIBUTES.snapshotCopyGrantArn);
    this.destinationRegion = props.destinationRegion;
  }

  /**
   * The removal policy, decided when the template is written: by then every copy of the stack is known.
   * Deleting a grant that a retained copy still uses cannot succeed (DeleteSnapshotCopyGrant answers
   * InvalidSnapshotCopyGrantStateFault, "used by one or more clusters"), so such a grant is retained.
   */
  /** Redshift's tag rules, within the 49 the owner tag leaves, and the owner tag's key reserved. */
  private checkGrantTags(tags: TagMap | undefined): void {
    checkTags(this, tags, 'redshift', 1);
    if (tags && GRANT_OWNER_TAG_KEY in tags) {
      throw new SnapshotValidationError(this, 'tag key', GRANT_OWNER_TAG_KEY, 'is reserved: the handler sets it to recognize the grants it created');
    }
  }

  private removalPolicyFor(props: SnapshotCopyGrantProps, name: string): HandlerRemovalPolicy {
    const given = props.removalPolicy === undefined ? undefined : handlerRemovalPolicy(this, props.removalPolicy);
    const retainedCopies = () => grantUsesBelow(Stack.of(this))
      .filter(({ use }) => use.retained && use.destinationRegion === props.destinationRegion
        && (use.grantName === name || use.grantName === this.snapshotCopyGrantName))
      .map(({ path }) => path);
    if (given === HandlerRemovalPolicy.DESTROY) {
      this.node.addValidation({
        validate: () => retainedCopies().map((path) => `${this.node.path}: invalid removalPolicy "destroy": the CrossRegionSnapshotCopy ${path} `
          + 'uses this grant and is retained (RemovalPolicy.RETAIN), so the grant stays in use and cannot be deleted; '
          + 'leave removalPolicy unset or RemovalPolicy.RETAIN, or make the copy RemovalPolicy.DESTROY'),
      });
      return given;
    }
    if (given !== undefined) return given;
    return Lazy.string({
      produce: () => (retainedCopies().length > 0 ? HandlerRemovalPolicy.RETAIN : HandlerRemovalPolicy.DESTROY),
    }) as HandlerRemovalPolicy;
  }

  /** The key's ARN, which must name a key (not an alias) of the destination region (KMS keys are regional). */
  private keyArn(key: kms.IKey, destinationRegion: string): string {
    // An alias's keyArn is the alias's own ARN (kms.Alias), and CreateSnapshotCopyGrant's KmsKeyId is "the unique
    // identifier of the encrypted symmetric key" (Amazon Redshift API Reference): a key, not an alias.
    if ('aliasName' in key) {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', key.node.path, 'must be a KMS key, not an alias');
    }
    const keyArn = key.keyArn;
    if (Token.isUnresolved(keyArn)) {
      this.checkKeyConstructRegion(keyArn, destinationRegion);
      return keyArn;
    }
    if (keyArn.length < 1 || keyArn.length > 2048) {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', keyArn, 'must have an ARN of 1 to 2048 characters');
    }
    const arn = keyArn.startsWith('arn:') ? Arn.split(keyArn, ArnFormat.SLASH_RESOURCE_NAME) : undefined;
    if (arn?.service !== 'kms' || arn.resource !== 'key') {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', keyArn, 'must be a KMS key (arn:…:kms:<region>:<account>:key/<id>), not an alias');
    }
    if (!Token.isUnresolved(destinationRegion) && arn.region !== destinationRegion) {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', keyArn,
        `must be a key in destinationRegion (${destinationRegion}); this key is in ${arn.region}`
        + (arn.region === Stack.of(this).region ? ', the stack\'s own region (Redshift uses the key in the destination region; KMS keys are regional)' : ''));
    }
    return keyArn;
  }

  /**
   * A `kms.Key` as `destinationEncryptionKey` names a key in the region of the key's stack. A key of this stack (or of a
   * stack deployed with it) is in the stack's own region, never the destination (which must differ from it); a key
   * of a stack with a known region must be in destinationRegion. KMS keys "are specific to the AWS region that they
   * are created in" (the KmsKeyId of DocumentDB elastic's CopyClusterSnapshot, API reference, says it of every KMS key).
   */
  private checkKeyConstructRegion(keyArn: string, destinationRegion: string): void {
    const key = referencedConstructs(keyArn).find((target) => target instanceof CfnResource && target.cfnResourceType === 'AWS::KMS::Key');
    if (key === undefined || Token.isUnresolved(destinationRegion)) return;
    const keyStack = Stack.of(key);
    const deployedWith = (stack: Stack): Stack => (stack.nestedStackParent ? deployedWith(stack.nestedStackParent) : stack);
    const keyPath = key.node.scope?.node.path ?? key.node.path;
    if (deployedWith(keyStack) === deployedWith(Stack.of(this))) {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', `${keyPath}`,
        `is a key of this stack, so it is in the stack's own region, but the grant needs a key in destinationRegion (${destinationRegion}): `
        + 'KMS keys are regional; create the key in a stack of that region, or give its ARN');
    }
    if (Token.isUnresolved(keyStack.region)) {
      warnUnchecked(this, 'kmsKeyRegionUnchecked',
        `destinationEncryptionKey is the key ${keyPath} of the environment-agnostic stack ${keyStack.node.path}: whether it is in destinationRegion `
        + `(${destinationRegion}) is known only at deploy time. Deploy that stack to ${destinationRegion}: CreateSnapshotCopyGrant needs a key of that region.`);
      return;
    }
    if (keyStack.region !== destinationRegion) {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', `${keyPath}`,
        `is a key of the stack ${keyStack.node.path} in ${keyStack.region}, but the grant needs a key in destinationRegion (${destinationRegion}): KMS keys are regional`);
    }
  }
}
