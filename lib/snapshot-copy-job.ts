import { Duration, ITaggableV2, RemovalPolicy, TagManager, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  PROVENANCE_TAG_KEY,
  SNAPSHOT_COPY_JOB_ATTRIBUTES,
  SNAPSHOT_COPY_JOB_RESOURCE_TYPE,
  SnapshotCopyJobHandlerProperties,
} from './handler-properties/snapshot-copy-job';
import { applyNeverDeleted } from './private/deletion-policy';
import { HandlerProvider } from './private/handler-provider';
import { checkTagsAfterAspects, newTagManager, renderedTags, TagMap } from './private/managed-tags';
import { SNAPSHOT_COPY_JOB_PROVIDER } from './private/snapshot-copy-job-provider';
import { tagList } from './private/tags';
import { handlerRemovalPolicy, SnapshotValidationError, timeoutSeconds } from './private/validation';
import { SnapshotSource } from './snapshot-source';

/**
 * Properties of a SnapshotCopyJob.
 */
export interface SnapshotCopyJobProps {
  /** The snapshot to copy. */
  readonly source: SnapshotSource;

  /**
   * The name of the copy. AWS never overwrites a snapshot: it must not exist yet, unless as a copy of the
   * same source (which is adopted). For an S3 export, the name of the exported objects in the bucket (1 to 1,000 characters).
   * DocumentDB elastic: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen.
   */
  readonly targetSnapshotName: string;

  /**
   * MemoryDB only: export the snapshot to this S3 bucket (for access outside MemoryDB) instead of copying it
   * within MemoryDB. The construct adds the statement MemoryDB needs to the bucket's policy. MemoryDB also requires
   * "ACLs enabled - Bucket owner preferred": create the bucket with `objectOwnership:
   * s3.ObjectOwnership.BUCKET_OWNER_PREFERRED` (synth fails otherwise; an imported bucket gets a warning), in the
   * stack's region. Exports are never deleted by the construct: the bucket and its objects are yours.
   *
   * @default - a copy within MemoryDB
   */
  readonly targetBucket?: s3.IBucket;

  /**
   * The KMS key that encrypts the copy, a key of the stack's region.
   *
   * @default - the source snapshot's key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * DocumentDB elastic only: copy the source snapshot's tags to the copy.
   *
   * @default false
   */
  readonly copyTags?: boolean;

  /**
   * Tags of the copy: at most 49 for MemoryDB (which allows 50 tags per snapshot, of any characters), at most 199
   * for DocumentDB elastic (which documents no count per snapshot; the construct holds it to 200). The copy also
   * carries the tag `cdk-db-snapshots:copy-of…` naming its source, by which the construct recognises its copies
   * (keys starting with it are reserved). Keys 1 to 128 characters, values up to 256, no `aws:` prefix; DocumentDB
   * elastic keys only ASCII letters and `+` through `=`, `_` and `.`. The only prop that changes in place. Tags given with `Tags.of(scope)` are
   * added to these (for one key, the value of `Tags.of` wins, as for an aws-cdk L1 resource); the limit applies to
   * both together. Not for an S3 export (`targetBucket`): its objects take no tags, and `Tags.of` is not sent there.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * What happens to the copy when this resource is removed or replaced. `RemovalPolicy.DESTROY` deletes
   * the copy (never an S3 export).
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long a deployment waits for the copy to become available (also while the source is still being
   * created or copied) before it fails. From 1 minute to 1 hour.
   *
   * @default Duration.hours(1)
   */
  readonly timeout?: Duration;
}

/**
 * Copies an existing MemoryDB or DocumentDB elastic cluster snapshot, or exports a MemoryDB snapshot to S3,
 * and waits until the copy is available.
 *
 * CloudFormation has no resource for this: `aws_memorydb.CfnSnapshot` and `aws_docdbelastic.CfnClusterSnapshot`
 * only snapshot a cluster. Create copies (adopting a copy of the same source that already exists), a change of
 * `tags` is made in place, a new `targetSnapshotName` makes a new copy, and Delete keeps the copy unless
 * `RemovalPolicy.DESTROY` is given. S3 exports are never deleted. Copies are made in the stack's region: AWS documents
 * copies of DocumentDB elastic cluster snapshots within a region and account only, and MemoryDB's CopySnapshot has no
 * cross-region form (export to S3 and replicate the bucket instead).
 *
 * @example
 * new SnapshotCopyJob(this, 'CopyOrders', {
 *   source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc' }),
 *   targetSnapshotName: 'orders-copy',
 *   copyTags: true,
 * });
 */
export class SnapshotCopyJob extends Construct implements ITaggableV2 {
  /**
   * The tags of the copy: `tags` merged with what `Tags.of(scope)` gives this construct. Changing them updates
   * the copy in place. An S3 export takes no tags: there, what `Tags.of` gives is not sent.
   */
  public readonly cdkTagManager: TagManager;

  /**
   * Where this construct's handler logs, one JSON line per event and per AWS call (the log group of the handler that
   * every construct of this library in the stack shares): the place to look when a deployment fails. Its retention
   * is `HandlerLogs.setRetention`'s choice.
   */
  public readonly handlerLogGroup: logs.ILogGroup;

  /** The name of the copy. Using it makes a resource depend on the copy being available. */
  public readonly targetSnapshotName: string;
  /** The ARN of the copy. For an S3 export: the S3 location of the exported objects, `s3://<bucket>/<name>`. */
  public readonly targetSnapshotArn: string;

  constructor(scope: Construct, id: string, props: SnapshotCopyJobProps) {
    super(scope, id);

    this.validate(props);
    const source = props.source.bind(this, {
      targetSnapshotName: props.targetSnapshotName,
      targetBucket: props.targetBucket,
      encryptionKey: props.encryptionKey,
      copyTags: props.copyTags,
      tags: props.tags,
    });
    this.cdkTagManager = newTagManager(SNAPSHOT_COPY_JOB_RESOURCE_TYPE, props.tags);
    // An export's objects take no tags: the tags of Tags.of (which reaches every construct in scope) are not sent.
    if (source.tagged) {
      checkTagsAfterAspects(this, this.cdkTagManager, (tags) => {
        props.source._checkTags(this, tags);
        this.checkReservedTags(tags);
      });
    }
    const properties: SnapshotCopyJobHandlerProperties = {
      Engine: source.engine,
      Source: source.sourceIdentifier,
      TargetSnapshotName: props.targetSnapshotName,
      TargetBucket: props.targetBucket?.bucketName,
      KmsKeyId: props.encryptionKey?.keyArn,
      CopyTags: props.copyTags ?? false,
      Tags: source.tagged ? renderedTags(this.cdkTagManager, tagList) : [],
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.RETAIN),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, SNAPSHOT_COPY_JOB_PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const resource = provider.newResource(this, 'snapshot-copy-job', properties, source.grants);
    if (props.targetBucket) {
      applyNeverDeleted(resource, 'the handler never deletes the objects of a MemoryDB export to S3, whatever the removalPolicy; '
        + 'they stay in the bucket after this resource is deleted or replaced');
    }
    if (props.targetBucket?.policy) resource.node.addDependency(props.targetBucket.policy);

    this.targetSnapshotName = resource.getAttString(SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName);
    this.targetSnapshotArn = resource.getAttString(SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn);
  }

  /** The provenance tag's keys are reserved, whatever the engine. */
  private checkReservedTags(tags: TagMap | undefined): void {
    const reserved = Object.keys(tags ?? {}).find((key) => !Token.isUnresolved(key) && key.startsWith(PROVENANCE_TAG_KEY));
    if (reserved !== undefined) {
      throw new SnapshotValidationError(this, 'tag key', reserved, `must not start with "${PROVENANCE_TAG_KEY}": the construct marks its copies with it`);
    }
  }

  /** What every engine requires; each source checks the rest when it is bound. */
  private validate(props: SnapshotCopyJobProps): void {
    const keyArn = props.encryptionKey?.keyArn;
    if (keyArn !== undefined && !Token.isUnresolved(keyArn) && keyArn.length > 2048) {
      throw new SnapshotValidationError(this, 'encryptionKey', keyArn, 'must have an id of at most 2048 characters');
    }
    if (!Token.isUnresolved(props.tags ?? {})) this.checkReservedTags(props.tags);
  }
}
