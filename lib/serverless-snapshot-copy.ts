import { Arn, ArnFormat, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES,
  ServerlessSnapshotCopyHandlerProperties,
} from './handler-properties/serverless-snapshot-copy';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { arnFinding } from './private/nag';
import { claimAwsObject } from './private/ownership';
import { checkDestinationRegion, handlerRemovalPolicy, SnapshotValidationError, timeoutSeconds } from './private/validation';
import { SnapshotRetention } from './snapshot-retention';

/**
 * Properties of a ServerlessSnapshotCopy.
 */
export interface ServerlessSnapshotCopyProps {
  /**
   * The name of the Redshift Serverless namespace whose snapshots are copied, e.g.
   * `namespace.attrNamespaceNamespaceName` of a `CfnNamespace`, or the name as a string: 3 to 64 lowercase
   * letters, digits or hyphens. The namespace must be in the stack's region.
   */
  readonly namespaceName: string;

  /**
   * The region the snapshots are copied to: not the stack's own. A namespace copies to one region at a time.
   */
  readonly destinationRegion: string;

  /**
   * How long the copies are kept in the destination region. Indefinitely is AWS's default, so it is sent as no
   * retention at all. A change from days to indefinitely fails, changing nothing: AWS documents no request that makes
   * it (remove the resource and add it again instead).
   *
   * @default SnapshotRetention.indefinitely() (AWS's default)
   */
  readonly retention?: SnapshotRetention;

  /**
   * The KMS key that encrypts the copies in the destination region: a key of `destinationRegion`, e.g.
   * `kms.Key.fromKeyArn(this, 'DrKey', 'arn:aws:kms:us-west-2:...:key/...')`. Its key policy must let this account use it.
   *
   * @default - no key of yours: AWS's default encryption in the destination region
   */
  readonly destinationEncryptionKey?: kms.IKey;

  /**
   * What happens to the configuration when this resource is removed from the stack. `RemovalPolicy.DESTROY`
   * deletes a configuration this resource created (the construct never deletes copied snapshots; AWS does not
   * document what deleting a configuration does to them); `RemovalPolicy.RETAIN` leaves it.
   * A configuration that was already there when the resource was created is never deleted.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a deployment waits for a namespace busy with another change (ConflictException) before it fails.
   * From 1 minute to 1 hour.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

/**
 * Namespace names: 3 to 64 lowercase letters, digits or hyphens (namespaceName of CreateSnapshotCopyConfiguration,
 * Redshift Serverless API Reference: length 3 to 64, pattern `^[a-z0-9-]+$`).
 */
const NAMESPACE_NAME = /^[a-z0-9-]{3,64}$/;

const PROVIDER: HandlerProviderSpec = {
  kind: 'serverless-snapshot-copy',
  statements: (stack) => [
    // Both authorize against the namespace (Service Authorization Reference), whose ARN ends in an id the service
    // generates: unknown at synth time, so every namespace of the account and region.
    new iam.PolicyStatement({
      actions: ['redshift-serverless:CreateSnapshotCopyConfiguration', 'redshift-serverless:ListSnapshotCopyConfigurations'],
      resources: [stack.formatArn({ service: 'redshift-serverless', resource: 'namespace', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }),
    // No resource types (Service Authorization Reference): only "*" authorizes them.
    new iam.PolicyStatement({
      actions: ['redshift-serverless:UpdateSnapshotCopyConfiguration', 'redshift-serverless:DeleteSnapshotCopyConfiguration'],
      resources: ['*'],
    }),
  ],
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'Redshift Serverless namespace ARNs end in ids the service generates, unknown at synth time, and '
      + 'UpdateSnapshotCopyConfiguration and DeleteSnapshotCopyConfiguration have no resource types in the Service '
      + 'Authorization Reference: only "*" authorizes them.',
    applies_to: [
      arnFinding('redshift-serverless:.*:namespace\\/\\*'),
      'Resource::*',
    ],
  }],
};

/**
 * Cross-region copy of the snapshots of a Redshift Serverless namespace (a snapshot copy configuration).
 *
 * Create makes the configuration (CreateSnapshotCopyConfiguration), or adopts one to the same region with the
 * same key, bringing its retention in line; one to another region or key fails the deployment, naming it.
 * Retention changes in place; a new region or key deletes this resource's configuration and creates the new
 * one. A namespace busy with another change is waited for. Delete removes the configuration this resource
 * created (never one it adopted) unless `RemovalPolicy.RETAIN` is given.
 *
 * @example
 * new ServerlessSnapshotCopy(this, 'Dr', {
 *   namespaceName: 'analytics',
 *   destinationRegion: 'us-west-2',
 *   retention: SnapshotRetention.days(7),
 * });
 *
 * @see https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateSnapshotCopyConfiguration.html
 */
export class ServerlessSnapshotCopy extends Construct {
  /**
   * Where this construct's handler logs, one JSON line per event and per AWS call (the log group of the handler that
   * every construct of this library in the stack shares): the place to look when a deployment fails. Its retention
   * is `HandlerLogs.setRetention`'s choice.
   */
  public readonly handlerLogGroup: logs.ILogGroup;

  /** The id of the snapshot copy configuration. */
  public readonly snapshotCopyConfigurationId: string;
  /** The ARN of the snapshot copy configuration. */
  public readonly snapshotCopyConfigurationArn: string;

  constructor(scope: Construct, id: string, props: ServerlessSnapshotCopyProps) {
    super(scope, id);

    if (!Token.isUnresolved(props.namespaceName) && !NAMESPACE_NAME.test(props.namespaceName)) {
      throw new SnapshotValidationError(this, 'namespaceName', props.namespaceName, 'must be 3 to 64 lowercase letters, digits or hyphens');
    }
    props.retention?._validate(this, 'retention');
    checkDestinationRegion(this, 'destinationRegion', props.destinationRegion,
      'CreateSnapshotCopyConfiguration rejects a copy to the namespace\'s own region.');
    // "You can copy snapshots to one destination AWS Region at a time" (Copying backups to another AWS Region):
    // one configuration per namespace, so two constructs on one namespace would manage one setting.
    claimAwsObject(this, {
      kind: 'snapshot copy configuration of the Redshift Serverless namespace', prop: 'namespaceName', name: props.namespaceName, ignoreCase: false,
    });
    const keyArn = props.destinationEncryptionKey?.keyArn;
    if (keyArn !== undefined) this.checkKeyArn(keyArn, props.destinationRegion);

    const properties: ServerlessSnapshotCopyHandlerProperties = {
      NamespaceName: props.namespaceName,
      DestinationRegion: props.destinationRegion,
      DestinationKmsKeyId: keyArn,
      RetentionPeriod: (props.retention ?? SnapshotRetention.indefinitely()).retentionDays,
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.DESTROY),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    // AWS documents no KMS permission for CreateSnapshotCopyConfiguration: the role may read the key and let the
    // service make a grant on it for itself, as for every key the library's handlers pass to a service.
    if (keyArn !== undefined) provider.allowServiceToUseKey(keyArn);
    const resource = provider.newResource(this, 'serverless-snapshot-copy', properties);

    this.snapshotCopyConfigurationId = resource.getAttString(SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES.snapshotCopyConfigurationId);
    this.snapshotCopyConfigurationArn = resource.getAttString(SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES.snapshotCopyConfigurationArn);
  }

  /**
   * A KMS key ARN of the destination region: destinationEncryptionKeyId is "the KMS key to use to encrypt your snapshots in
   * the destination AWS Region" (CreateSnapshotCopyConfiguration), and a KMS key's ARN names the one region it is in
   * (a multi-Region key's replica there has an ARN of that region: AWS KMS Developer Guide, "Multi-Region keys").
   */
  private checkKeyArn(keyArn: string, destinationRegion: string): void {
    if (Token.isUnresolved(keyArn)) return;
    const arn = Arn.split(keyArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (arn.service !== 'kms' || arn.resource !== 'key') {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', keyArn, 'must be a KMS key (arn:…:kms:<region>:<account>:key/<id>), not an alias');
    }
    if (!Token.isUnresolved(destinationRegion) && !Token.isUnresolved(arn.region ?? '') && arn.region !== destinationRegion) {
      throw new SnapshotValidationError(this, 'destinationEncryptionKey', keyArn,
        `must be a key of destinationRegion (${destinationRegion}): the copies are encrypted there, and a KMS key is used only in its own region`);
    }
  }
}
