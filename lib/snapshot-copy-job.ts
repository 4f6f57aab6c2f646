import { Annotations, ArnFormat, Duration, ITaggableV2, RemovalPolicy, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import {
  PROVENANCE_TAG_KEY,
  SNAPSHOT_COPY_JOB_ATTRIBUTES,
  SNAPSHOT_COPY_JOB_RESOURCE_TYPE,
  SnapshotCopyJobHandlerProperties,
} from './handler-properties/snapshot-copy-job';
import { applyNeverDeleted } from './private/deletion-policy';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { checkTagsAfterAspects, newTagManager, renderedTags, TagMap } from './private/managed-tags';
import { ANY_PARTITION, arnFinding } from './private/nag';
import { claimAwsObject } from './private/ownership';
import { checkTags, tagList } from './private/tags';
import { checkRedshiftIdentifier, handlerRemovalPolicy, SnapshotValidationError, timeoutSeconds, warnUnchecked } from './private/validation';

/** The database engine of a snapshot a SnapshotCopyJob copies. */
export enum SnapshotEngine {
  /** Amazon MemoryDB. */
  MEMORYDB = 'memorydb',
  /** Amazon DocumentDB elastic clusters. */
  DOCDB_ELASTIC = 'docdb-elastic',
}

/** A MemoryDB snapshot to copy. */
export interface MemoryDbSnapshotSourceProps {
  /** The name of an existing MemoryDB snapshot, e.g. `snapshot.snapshotName` of a `CfnSnapshot`... or its name as a string. */
  readonly snapshotName: string;
}

/** A DocumentDB elastic cluster snapshot to copy. */
export interface DocDbElasticSnapshotSourceProps {
  /** The ARN of an existing elastic cluster snapshot, e.g. `snapshot.attrSnapshotArn` of an `aws_docdbelastic` L1. */
  readonly snapshotArn: string;
}

/**
 * The snapshot a SnapshotCopyJob copies: one of the engines' snapshots.
 *
 * @example
 * SnapshotSource.memoryDb({ snapshotName: 'sessions-2026-11-22' });
 * SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc' });
 */
export abstract class SnapshotSource {
  /**
   * A MemoryDB snapshot, by name.
   *
   * @param props the name of the MemoryDB snapshot to copy or export
   */
  public static memoryDb(props: MemoryDbSnapshotSourceProps): SnapshotSource {
    return new (class extends SnapshotSource {})(SnapshotEngine.MEMORYDB, props.snapshotName);
  }

  /**
   * A DocumentDB elastic cluster snapshot, by ARN.
   *
   * @param props the ARN of the DocumentDB elastic cluster snapshot to copy
   */
  public static docDbElastic(props: DocDbElasticSnapshotSourceProps): SnapshotSource {
    return new (class extends SnapshotSource {})(SnapshotEngine.DOCDB_ELASTIC, props.snapshotArn);
  }

  /**
   * @param engine the engine of the snapshot
   * @param identifier the snapshot's name (MemoryDB) or ARN (DocumentDB elastic)
   */
  protected constructor(public readonly engine: SnapshotEngine, public readonly identifier: string) {}
}

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
  readonly kmsKey?: kms.IKey;

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
 * What the handler does to a DocumentDB elastic copy, on `cluster-snapshot/*` of the stack's region (see PROVIDER): the
 * copy is always made there (AWS documents copies of elastic cluster snapshots "within the same region and within the
 * same account" only: Amazon DocumentDB Developer Guide, "Copying an elastic cluster snapshot"), so no other region is granted.
 */
const DOCDB_COPY_ACTIONS = [
  'docdb-elastic:CopyClusterSnapshot', 'docdb-elastic:CreateClusterSnapshot', 'docdb-elastic:DeleteClusterSnapshot',
  'docdb-elastic:TagResource', 'docdb-elastic:UntagResource', 'docdb-elastic:ListTagsForResource',
];

const PROVIDER: HandlerProviderSpec = {
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

/** The tags of a copy the handler writes itself: the provenance tag. */
const PROVENANCE_TAGS = 1;

/** The longest name of a MemoryDB export ("Exporting a snapshot", step 3). */
const MAX_EXPORT_NAME_LENGTH = 1000;

/** MemoryDB's bucket actions for an export (MemoryDB developer guide, "Exporting a snapshot", step 2). */
const EXPORT_BUCKET_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:GetBucketAcl', 's3:ListMultipartUploadParts', 's3:ListBucketMultipartUploads'];

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

    const engine = props.source.engine;
    this.validate(props);
    this.cdkTagManager = newTagManager(SNAPSHOT_COPY_JOB_RESOURCE_TYPE, props.tags);
    // An export's objects take no tags: the tags of Tags.of (which reaches every construct in scope) are not sent.
    const tagged = !(engine === SnapshotEngine.MEMORYDB && props.targetBucket);
    if (tagged) checkTagsAfterAspects(this, this.cdkTagManager, (tags) => this.checkCopyTags(engine, tags));
    this.claimTarget(props);
    const stack = Stack.of(this);
    const properties: SnapshotCopyJobHandlerProperties = {
      Engine: engine,
      Source: props.source.identifier,
      TargetSnapshotName: props.targetSnapshotName,
      TargetBucket: props.targetBucket?.bucketName,
      KmsKeyId: props.kmsKey?.keyArn,
      CopyTags: props.copyTags ?? false,
      Tags: tagged ? renderedTags(this.cdkTagManager, tagList) : [],
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.RETAIN),
      TimeoutSeconds: timeoutSeconds(this, props.timeout),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const grants: IDependable[] = [];
    if (engine === SnapshotEngine.MEMORYDB) {
      const snapshotArn = (name: string) => stack.formatArn({
        service: 'memorydb', resource: 'snapshot', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
      // MemoryDB's permissions reference lists CopySnapshot on "Snapshot (Source, Target)": an export, whose
      // target is a name in S3, may be authorized against a snapshot ARN of that name too.
      grants.push(...provider.grant(['memorydb:CopySnapshot', 'memorydb:DescribeSnapshots'], [snapshotArn(props.source.identifier)]));
      if (props.targetBucket) {
        grants.push(...provider.grant(['memorydb:CopySnapshot'], [snapshotArn(props.targetSnapshotName)]));
        // The export checks the bucket with the caller's permissions (MemoryDB API permissions reference).
        // ListAllMyBuckets has no resource types (Service Authorization Reference, Amazon S3); GetBucketLocation has.
        provider.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
        grants.push(...provider.grant(['s3:GetBucketLocation'], [props.targetBucket.bucketArn]));
        // s3:ListBucket on this bucket, without an s3:prefix condition: the handler judges the export by the objects
        // under its name (ListObjectsV2 with that Prefix), and MemoryDB checks the bucket with the caller's permissions,
        // for which "Exporting a snapshot" (step 3) asks s3:ListBucket unconditioned; which prefix, if any, MemoryDB
        // lists with is not documented, so a narrower condition could deny the export.
        grants.push(...provider.grant(['s3:ListBucket'], [props.targetBucket.bucketArn]));
        // What the caller needs besides ("Exporting a snapshot", step 3, MemoryDB developer guide; the older Service
        // Authorization Reference's dependent actions of memorydb:CopySnapshot): only the objects under the export's
        // name ("if you enter my-exported-snapshot, MemoryDB creates my-exported-snapshot-0001.rdb").
        grants.push(...provider.grant(['s3:GetBucketAcl'], [props.targetBucket.bucketArn]));
        grants.push(...provider.grant(['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], [props.targetBucket.arnForObjects(`${props.targetSnapshotName}*`)]));
        this.allowExport(props.targetBucket);
      } else {
        grants.push(...provider.grant(
          // ListTags reads the copy's provenance tag (resource type snapshot: Service Authorization Reference).
          ['memorydb:CopySnapshot', 'memorydb:DescribeSnapshots', 'memorydb:DeleteSnapshot', 'memorydb:TagResource', 'memorydb:UntagResource', 'memorydb:ListTags'],
          [snapshotArn(props.targetSnapshotName)]));
      }
    } else {
      // The copy is found by name and recognised by its tag, never through the source (which may be gone).
      grants.push(...provider.grant(['docdb-elastic:CopyClusterSnapshot'], [props.source.identifier]));
    }
    // What copying with a customer managed key needs: a grant for the service, and the key's description. A
    // DocumentDB elastic copy also gets kms:Decrypt and kms:GenerateDataKey on the key: "To use your customer managed
    // key with Amazon DocumentDB elastic cluster resources, the following API operations must be permitted in the key
    // policy: kms:CreateGrant, kms:DescribeKey, kms:Decrypt, kms:GenerateDataKey" (Amazon DocumentDB Developer Guide,
    // "Data encryption at rest for Amazon DocumentDB elastic clusters", Key policy,
    // https://docs.aws.amazon.com/documentdb/latest/developerguide/elastic-encryption.html). The Service
    // Authorization Reference lists no KMS action for CopyClusterSnapshot, so the four are granted on that key only.
    if (props.kmsKey) {
      provider.allowServiceToUseKey(props.kmsKey.keyArn, engine === SnapshotEngine.DOCDB_ELASTIC ? ['kms:Decrypt', 'kms:GenerateDataKey'] : []);
    }

    const resource = provider.newResource(this, 'snapshot-copy-job', properties, grants);
    if (props.targetBucket) {
      applyNeverDeleted(resource, 'the handler never deletes the objects of a MemoryDB export to S3, whatever the removalPolicy; '
        + 'they stay in the bucket after this resource is deleted or replaced');
    }
    if (props.targetBucket?.policy) resource.node.addDependency(props.targetBucket.policy);

    this.targetSnapshotName = resource.getAttString(SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName);
    this.targetSnapshotArn = resource.getAttString(SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn);
  }

  /** The engine's tag rules, and the provenance tag's keys reserved. */
  private checkCopyTags(engine: SnapshotEngine, tags: TagMap | undefined): void {
    if (engine === SnapshotEngine.DOCDB_ELASTIC) {
      checkTags(this, tags, 'docdb-elastic', PROVENANCE_TAGS);
    } else {
      checkTags(this, tags, 'memorydb', PROVENANCE_TAGS);
    }
    const reserved = Object.keys(tags ?? {}).find((key) => !Token.isUnresolved(key) && key.startsWith(PROVENANCE_TAG_KEY));
    if (reserved !== undefined) {
      throw new SnapshotValidationError(this, 'tag key', reserved, `must not start with "${PROVENANCE_TAG_KEY}": the construct marks its copies with it`);
    }
  }

  private validate(props: SnapshotCopyJobProps): void {
    const engine = props.source.engine;
    if (engine === SnapshotEngine.DOCDB_ELASTIC) {
      if (props.targetBucket) {
        throw new SnapshotValidationError(this, 'targetBucket', props.targetBucket.node.path, 'applies to MemoryDB only: DocumentDB elastic snapshots cannot be exported to S3');
      }
      checkRedshiftIdentifier(this, 'targetSnapshotName', props.targetSnapshotName, 63, { allowUppercase: true });
      const arn = props.source.identifier;
      if (!Token.isUnresolved(arn) && !/^arn:[a-z-]+:docdb-elastic:[a-z0-9-]+:\d{12}:cluster-snapshot\/.+$/.test(arn)) {
        throw new SnapshotValidationError(this, 'source snapshotArn', arn, 'must be an elastic cluster snapshot ARN (arn:<partition>:docdb-elastic:<region>:<account>:cluster-snapshot/<id>)');
      }
      this.checkSourceEnvironment(arn);
      this.checkKeyRegion(props.kmsKey);
    } else {
      if (props.copyTags !== undefined) {
        throw new SnapshotValidationError(this, 'copyTags', props.copyTags, 'applies to DocumentDB elastic only: MemoryDB copies take the tags given in tags');
      }
      // MemoryDB's CopySnapshot reference documents no pattern or length for TargetSnapshotName, only that it "must be
      // unique within its context - MemoryDB or an Amazon S3 bucket if exporting" (claimTarget checks that within the app).
      if (!Token.isUnresolved(props.targetSnapshotName) && props.targetSnapshotName.length < 1) {
        throw new SnapshotValidationError(this, 'targetSnapshotName', props.targetSnapshotName, 'must not be empty');
      }
      // An export's name: "The name must be between 1 and 1,000 characters and able to be UTF-8 encoded" (MemoryDB
      // Developer Guide, "Exporting a snapshot", step 3).
      if (props.targetBucket && !Token.isUnresolved(props.targetSnapshotName) && props.targetSnapshotName.length > MAX_EXPORT_NAME_LENGTH) {
        throw new SnapshotValidationError(this, 'targetSnapshotName', `${props.targetSnapshotName.slice(0, 40)}... (${props.targetSnapshotName.length} characters)`,
          `must be 1 to ${MAX_EXPORT_NAME_LENGTH} characters for an S3 export (MemoryDB Developer Guide, "Exporting a snapshot")`);
      }
      if (props.targetBucket) this.checkExportBucket(props.targetBucket);
      if (props.targetBucket && props.tags) {
        throw new SnapshotValidationError(this, 'tags', props.tags, 'do not apply to an S3 export (the exported objects are not tagged): remove tags or targetBucket');
      }
      // The bucket's name needs no check here: aws-cdk-lib's own is stricter than CopySnapshot's pattern.
    }
    this.checkCopyTags(engine, props.tags);
    const keyArn = props.kmsKey?.keyArn;
    if (keyArn !== undefined && !Token.isUnresolved(keyArn) && keyArn.length > 2048) {
      throw new SnapshotValidationError(this, 'kmsKey', keyArn, 'must have an id of at most 2048 characters');
    }
  }

  /**
   * DocumentDB elastic: the copy is made in the stack's region, so `kmsKey` must be a key of that region: "AWS KMS
   * encryption keys are specific to the AWS region that they are created in, and you can't use encryption keys from one
   * AWS region in another AWS region" (CopyClusterSnapshot, kmsKeyId). Checked when the key's ARN is known at synth.
   */
  private checkKeyRegion(kmsKey: kms.IKey | undefined): void {
    const keyArn = kmsKey?.keyArn;
    if (kmsKey === undefined || keyArn === undefined || Token.isUnresolved(keyArn)) return;
    const keyRegion = keyArn.split(':')[3];
    const stackRegion = Stack.of(this).region;
    if (!keyRegion || Token.isUnresolved(stackRegion) || keyRegion === stackRegion) return;
    throw new SnapshotValidationError(this, 'kmsKey', kmsKey.node.path,
      `must be a key in the stack's region (${stackRegion}), where the copy is made: KMS keys are regional (CopyClusterSnapshot, kmsKeyId); this key is in ${keyRegion}`);
  }

  /**
   * Claims the copy's name (see claimAwsObject). DocumentDB elastic: targetSnapshotName "is not case sensitive"
   * (CopyClusterSnapshot). MemoryDB: a name "unique within its context - MemoryDB or an Amazon S3 bucket if
   * exporting" (CopySnapshot); its reference says nothing of case, so names that differ only in case are taken as one.
   */
  private claimTarget(props: SnapshotCopyJobProps): void {
    const name = props.targetSnapshotName;
    if (props.source.engine === SnapshotEngine.DOCDB_ELASTIC) {
      claimAwsObject(this, { kind: 'DocumentDB elastic cluster snapshot', prop: 'targetSnapshotName', name, ignoreCase: true });
    } else if (props.targetBucket) {
      // The same bucket construct has one (token) name: its path stands for it.
      const bucket = Token.isUnresolved(props.targetBucket.bucketName) ? props.targetBucket.node.path : props.targetBucket.bucketName;
      claimAwsObject(this, { kind: `MemoryDB export to the bucket ${bucket}`, prop: 'targetSnapshotName', name, ignoreCase: true, within: bucket });
    } else {
      claimAwsObject(this, { kind: 'MemoryDB snapshot', prop: 'targetSnapshotName', name, ignoreCase: true });
    }
  }

  /**
   * The source of a DocumentDB elastic copy must be a snapshot of the stack's account and region: the copy is made
   * there, and the handler's role may create copies only from clusters of that account and region
   * (CopyClusterSnapshot authorizes docdb-elastic:CreateClusterSnapshot on the source's cluster: Service
   * Authorization Reference, Amazon DocumentDB Elastic Clusters). Anything else fails with AccessDenied at deploy time.
   */
  private checkSourceEnvironment(arn: string): void {
    const [, , , region, account] = arn.split(':');
    const stack = Stack.of(this);
    for (const [what, value, stackValue] of [['region', region, stack.region], ['account', account, stack.account]]) {
      if (Token.isUnresolved(stackValue)) {
        warnUnchecked(this, 'sourceEnvironmentUnchecked',
          `source snapshotArn ${arn} was not checked against the stack's ${what}: the stack is environment-agnostic. Deploy it to `
          + `${what} ${value}: the copy is made in the stack's account and region, and the handler's role may copy only snapshots of `
          + 'clusters there (anything else fails with AccessDenied at deploy time).');
      } else if (value !== stackValue) {
        throw new SnapshotValidationError(this, 'source snapshotArn', arn,
          `must be a snapshot of the stack's ${what} (${stackValue}), not ${value}: the copy is made in the stack's account and region, `
          + 'and the handler\'s role may copy only snapshots of clusters there');
      }
    }
  }

  /**
   * What the MemoryDB Developer Guide ("Exporting a snapshot") requires of an export bucket, where the app can know it:
   * - "Change the S3 Object Ownership to ACLs enabled - Bucket owner preferred" (step 3). A bucket of the app must
   *   say so itself: the construct does not switch ACLs on for a bucket the user made (a change of its security
   *   settings nobody asked for); it refuses with the fix. An imported bucket cannot be read at synth: a warning.
   * - The bucket "must be in the same AWS Region as the MemoryDB snapshot", the stack's: checked when both regions are known.
   */
  private checkExportBucket(bucket: s3.IBucket): void {
    const stackRegion = Stack.of(this).region;
    const bucketRegion = bucket.env.region;
    if (!Token.isUnresolved(stackRegion) && !Token.isUnresolved(bucketRegion) && bucketRegion !== stackRegion) {
      throw new SnapshotValidationError(this, 'targetBucket', bucket.node.path,
        `must be a bucket in the stack's region (${stackRegion}), where the snapshot is: MemoryDB exports only to a bucket "in the same AWS Region as `
        + `the MemoryDB snapshot" ("Exporting a snapshot"); this bucket is in ${bucketRegion}`);
    }
    const cfnBucket = bucket.node.defaultChild;
    if (!(cfnBucket instanceof s3.CfnBucket)) {
      Annotations.of(this).addWarningV2('cdk-db-snapshots:exportBucketOwnership',
        `The object ownership of bucket ${bucket.node.path} cannot be read from this app (an imported bucket): MemoryDB requires "ACLs enabled - `
        + 'Bucket owner preferred" on an export bucket ("Exporting a snapshot", step 3, MemoryDB Developer Guide). Set it on the bucket '
        + '(aws s3api put-bucket-ownership-controls --ownership-controls Rules=[{ObjectOwnership=BucketOwnerPreferred}]).');
      return;
    }
    const controls = Stack.of(this).resolve(cfnBucket.ownershipControls);
    const ownership = controls?.rules?.[0]?.objectOwnership ?? controls?.Rules?.[0]?.ObjectOwnership;
    if (Token.isUnresolved(ownership) || ownership === s3.ObjectOwnership.BUCKET_OWNER_PREFERRED) return;
    throw new SnapshotValidationError(this, 'targetBucket', bucket.node.path,
      `must have the object ownership BucketOwnerPreferred (it has ${ownership ?? 'none set, S3\'s default BucketOwnerEnforced: ACLs disabled'}): `
      + 'MemoryDB requires "ACLs enabled - Bucket owner preferred" on an export bucket ("Exporting a snapshot", step 3, MemoryDB Developer Guide). '
      + 'Create the bucket with objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED');
  }

  /**
   * Lets MemoryDB write the export into the bucket: the statement of the MemoryDB developer guide
   * ("Exporting a snapshot", step 2: grant MemoryDB access to your bucket), with the region's
   * `<region>.memorydb-snapshot.amazonaws.com` service principal.
   */
  private allowExport(bucket: s3.IBucket): void {
    const statement = new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`${Stack.of(this).region}.memorydb-snapshot.amazonaws.com`)],
      actions: EXPORT_BUCKET_ACTIONS,
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
    });
    const { statementAdded } = bucket.addToResourcePolicy(statement);
    if (!statementAdded) {
      Annotations.of(this).addWarningV2('cdk-db-snapshots:exportBucketPolicy',
        `The policy of bucket ${bucket.node.path} cannot be changed from this stack (an imported bucket): add this statement to it `
        + `so that MemoryDB can write the export: ${JSON.stringify(Stack.of(this).resolve(statement.toStatementJson()))}`);
    }
  }
}
