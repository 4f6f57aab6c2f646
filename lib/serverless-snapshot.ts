import { ArnFormat, Duration, ITaggableV2, RemovalPolicy, TagManager, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  SERVERLESS_SNAPSHOT_ATTRIBUTES,
  SERVERLESS_SNAPSHOT_RESOURCE_TYPE,
  ServerlessSnapshotHandlerProperties,
} from './handler-properties/serverless-snapshot';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { checkTagsAfterAspects, keyValueTagList, newTagManager, renderedTags } from './private/managed-tags';
import { arnFinding } from './private/nag';
import { generatedIdentifier } from './private/names';
import { claimAwsObject } from './private/ownership';
import { checkShareWith } from './private/share-with';
import { checkTags } from './private/tags';
import { handlerRemovalPolicy, SnapshotValidationError, timeoutSeconds } from './private/validation';
import { SnapshotRetention } from './snapshot-retention';

/**
 * Properties of a ServerlessSnapshot.
 */
export interface ServerlessSnapshotProps {
  /**
   * The name of the Redshift Serverless namespace to snapshot, e.g. `namespace.attrNamespaceNamespaceName`
   * of a `CfnNamespace`, or the name as a string: 3 to 64 lowercase letters, digits or hyphens.
   */
  readonly namespaceName: string;

  /**
   * The name of the snapshot: 3 to 64 lowercase letters, digits or hyphens. Unique in the account and region: two
   * constructs of one app with the same name (in the same account and region) fail synthesis.
   *
   * @default - generated from the stack and construct path, unique per stack and construct
   */
  readonly snapshotName?: string;

  /**
   * How long the snapshot is kept. Indefinitely is AWS's default, so it is sent as no retention at all.
   * A change from days to indefinitely fails, changing nothing: AWS documents no request that makes an existing
   * snapshot indefinite (give a new snapshotName instead).
   *
   * @default SnapshotRetention.indefinitely()
   */
  readonly retention?: SnapshotRetention;

  /**
   * Tags of the snapshot, at most 50 (Redshift Serverless allows 50 per resource). Keys 1 to 128 characters, values
   * up to 256, no `aws:` prefix. Changing them updates the snapshot in place. Tags given with `Tags.of(scope)` are
   * added to these (for one key, the value of `Tags.of` wins, as for an aws-cdk L1 resource); the limit applies to both together.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * AWS accounts that may restore the snapshot.
   *
   * 12-digit account ids: at most 20, each once, not the stack's own account. The handler writes one statement of its own into the snapshot's resource policy, allowing them
   * `redshift-serverless:RestoreFromSnapshot`; statements written by anyone else are kept as they are. Changing the
   * list rewrites that statement in place. To stop sharing, set `[]`.
   *
   * @default - sharing is not managed: the snapshot's resource policy is left as it is
   */
  readonly shareWith?: string[];

  /**
   * What happens to the snapshot when this resource is removed from the stack or replaced.
   * `RemovalPolicy.RETAIN` keeps it (it holds data); `RemovalPolicy.DESTROY` deletes it and waits until it is gone.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a deployment waits for the snapshot to become `AVAILABLE` (also while the namespace is busy
   * with another snapshot or a restore) before it fails. From 1 minute to 1 hour.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

/**
 * Snapshot and namespace names of Redshift Serverless: 3 to 64 lowercase letters, digits or hyphens.
 * Source: the AWS::RedshiftServerless::Snapshot resource specification (SnapshotName and NamespaceName
 * pattern `^(?=^[a-z0-9-]+$).{3,64}$`).
 */
const SERVERLESS_NAME = /^[a-z0-9-]{3,64}$/;

/**
 * Only with `shareWith`. Put/Get/DeleteResourcePolicy have no resource types (Service Authorization Reference,
 * Amazon Redshift Serverless): IAM allows them on `*` only.
 */
const SHARING_ACTIONS = [
  'redshift-serverless:PutResourcePolicy',
  'redshift-serverless:GetResourcePolicy',
  'redshift-serverless:DeleteResourcePolicy',
];

const PROVIDER: HandlerProviderSpec = {
  kind: 'serverless-snapshot',
  // Namespace and snapshot ARNs end in ids the service generates (namespace/<uuid>, snapshot/<uuid>),
  // unknown at synth time: the statement names the account and region, and every action the handler calls.
  statements: (stack) => [new iam.PolicyStatement({
    actions: [
      'redshift-serverless:CreateSnapshot',
      'redshift-serverless:GetSnapshot',
      'redshift-serverless:UpdateSnapshot',
      'redshift-serverless:DeleteSnapshot',
      'redshift-serverless:TagResource',
      'redshift-serverless:UntagResource',
    ],
    resources: ['namespace', 'snapshot'].map((resource) => stack.formatArn({
      service: 'redshift-serverless', resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    })),
  })],
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'Redshift Serverless namespace and snapshot ARNs end in ids the service generates, unknown at synth time; '
      + 'the statement is scoped to the stack\'s account and region and to the six actions the handler calls.',
    applies_to: [arnFinding('redshift-serverless:.*:(namespace|snapshot)\\/\\*')],
  }],
};
const SHARING_PROVIDER: HandlerProviderSpec = {
  kind: 'serverless-snapshot',
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'redshift-serverless:PutResourcePolicy, GetResourcePolicy and DeleteResourcePolicy have no resource types: IAM '
      + 'allows them on * only. Granted only to stacks with a ServerlessSnapshot that has shareWith.',
    applies_to: ['Resource::*'],
  }],
};

/**
 * A manual snapshot of a Redshift Serverless namespace that exists when the deployment says it does.
 *
 * Create takes the snapshot and waits until it is `AVAILABLE`, waiting out a namespace busy with another
 * snapshot or a restore and adopting a snapshot of the same name and namespace that already exists.
 * Update changes retention (UpdateSnapshot) and tags (TagResource/UntagResource) in place. Delete keeps
 * the snapshot unless `RemovalPolicy.DESTROY` is given.
 *
 * @example
 * const snapshot = new ServerlessSnapshot(this, 'Nightly', {
 *   namespaceName: 'analytics',
 *   snapshotName: 'before-upgrade',
 *   retention: SnapshotRetention.days(30),
 *   tags: { team: 'analytics' },
 * });
 *
 * @see https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateSnapshot.html
 */
export class ServerlessSnapshot extends Construct implements ITaggableV2 {
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

  /** The name of the snapshot. Using it makes a resource depend on the snapshot being available. */
  public readonly snapshotName: string;
  /** The ARN of the snapshot. */
  public readonly snapshotArn: string;
  /** The ARN of the snapshot's namespace. */
  public readonly namespaceArn: string;
  /** The size of the snapshot's backup data when it was created, in megabytes. */
  public readonly totalBackupSizeInMegaBytes: number;

  constructor(scope: Construct, id: string, props: ServerlessSnapshotProps) {
    super(scope, id);

    this.checkName('namespaceName', props.namespaceName);
    if (props.snapshotName !== undefined) this.checkName('snapshotName', props.snapshotName);
    props.retention?._validate(this, 'retention');
    checkTags(this, props.tags, 'redshift-serverless');
    this.cdkTagManager = newTagManager(SERVERLESS_SNAPSHOT_RESOURCE_TYPE, props.tags);
    checkTagsAfterAspects(this, this.cdkTagManager, (tags) => checkTags(this, tags, 'redshift-serverless'));
    const snapshotName = props.snapshotName
      ?? generatedIdentifier(this, 64, Token.isUnresolved(props.namespaceName) ? '' : props.namespaceName);
    // Names are lowercase only (SERVERLESS_NAME), so no two differ by case alone.
    claimAwsObject(this, { kind: 'Redshift Serverless snapshot', prop: 'snapshotName', name: snapshotName, ignoreCase: false });
    checkShareWith(this, props.shareWith, { allowRedshiftSupport: false });
    const properties: ServerlessSnapshotHandlerProperties = {
      NamespaceName: props.namespaceName,
      SnapshotName: snapshotName,
      RetentionPeriod: (props.retention ?? SnapshotRetention.indefinitely()).retentionDays,
      Tags: renderedTags(this.cdkTagManager, keyValueTagList),
      ...(props.shareWith !== undefined ? { ShareWith: props.shareWith } : {}),
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.RETAIN),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const grants = props.shareWith !== undefined ? this.grantSharing(provider) : [];
    const resource = provider.newResource(this, 'serverless-snapshot', properties, grants);

    this.snapshotName = resource.getAttString(SERVERLESS_SNAPSHOT_ATTRIBUTES.snapshotName);
    this.snapshotArn = resource.getAttString(SERVERLESS_SNAPSHOT_ATTRIBUTES.snapshotArn);
    this.namespaceArn = resource.getAttString(SERVERLESS_SNAPSHOT_ATTRIBUTES.namespaceArn);
    this.totalBackupSizeInMegaBytes = Token.asNumber(resource.getAtt(SERVERLESS_SNAPSHOT_ATTRIBUTES.totalBackupSizeInMegaBytes));
  }

  /** The resource policy actions, once per stack (on `*`, the only resource they take). */
  private grantSharing(provider: HandlerProvider) {
    HandlerProvider.of(this, SHARING_PROVIDER);
    return provider.grant(SHARING_ACTIONS, ['*']);
  }

  private checkName(prop: string, value: string): void {
    if (Token.isUnresolved(value)) return;
    if (!SERVERLESS_NAME.test(value)) {
      throw new SnapshotValidationError(this, prop, value, 'must be 3 to 64 lowercase letters, digits or hyphens');
    }
  }
}
