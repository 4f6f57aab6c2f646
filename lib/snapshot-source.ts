import { Annotations, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct, IDependable } from 'constructs';
import { HandlerProvider } from './private/handler-provider';
import { TagMap } from './private/managed-tags';
import { claimAwsObject } from './private/ownership';
import { SNAPSHOT_COPY_JOB_PROVIDER } from './private/snapshot-copy-job-provider';
import { checkTags } from './private/tags';
import { checkRedshiftIdentifier, SnapshotValidationError, warnUnchecked } from './private/validation';

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

/** What a SnapshotCopyJob asks of its source: the props of the job that concern the copy. */
export interface SnapshotSourceBindOptions {
  /** The name of the copy (or of an S3 export). */
  readonly targetSnapshotName: string;

  /**
   * The bucket to export to instead of copying.
   *
   * @default - a copy within the engine
   */
  readonly targetBucket?: s3.IBucket;

  /**
   * The KMS key that encrypts the copy.
   *
   * @default - the source snapshot's key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Whether the source snapshot's tags are copied.
   *
   * @default - not given
   */
  readonly copyTags?: boolean;

  /**
   * The tags of the copy given in the job's props.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/** What a bound SnapshotSource tells the SnapshotCopyJob: the wire properties of the source and the grants made. */
export interface SnapshotSourceConfig {
  /** The engine the handler copies with. */
  readonly engine: SnapshotEngine;

  /** The source as the engine's copy API names it: a MemoryDB snapshot name, an elastic cluster snapshot ARN. */
  readonly sourceIdentifier: string;

  /** Whether the copy takes tags (an S3 export does not). */
  readonly tagged: boolean;

  /** The permissions granted to the handler, which the copy's custom resource depends on. */
  readonly grants: IDependable[];
}

/** The tags of a copy the handler writes itself: the provenance tag. */
const PROVENANCE_TAGS = 1;

/** The longest name of a MemoryDB export ("Exporting a snapshot", step 3). */
const MAX_EXPORT_NAME_LENGTH = 1000;

/** MemoryDB's bucket actions for an export (MemoryDB developer guide, "Exporting a snapshot", step 2). */
const EXPORT_BUCKET_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:GetBucketAcl', 's3:ListMultipartUploadParts', 's3:ListBucketMultipartUploads'];

/**
 * The snapshot a SnapshotCopyJob copies: one of the engines' snapshots. Each source checks the job's props that
 * concern it, claims the copy's name, grants the handler what the copy needs and describes itself to the handler
 * (`bind`), so the job never asks which engine it has.
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
    return new MemoryDbSnapshotSource(props.snapshotName);
  }

  /**
   * A DocumentDB elastic cluster snapshot, by ARN.
   *
   * @param props the ARN of the DocumentDB elastic cluster snapshot to copy
   */
  public static docDbElastic(props: DocDbElasticSnapshotSourceProps): SnapshotSource {
    return new DocDbElasticSnapshotSource(props.snapshotArn);
  }

  /** @param engine the engine of the snapshot */
  protected constructor(public readonly engine: SnapshotEngine) {}

  /**
   * Checks the job's props against what the engine allows, claims the copy's name in the app, grants the handler what
   * the copy needs, and returns the source's wire properties. Called once by the SnapshotCopyJob it is given to.
   *
   * @param scope the SnapshotCopyJob (its path names every error)
   * @param options the job's props that concern the copy
   */
  public abstract bind(scope: Construct, options: SnapshotSourceBindOptions): SnapshotSourceConfig;

  /**
   * The engine's tag rules, checked on the job's tags at construction and again after aspects (with `Tags.of`).
   *
   * @internal
   */
  public abstract _checkTags(scope: IConstruct, tags: TagMap | undefined): void;
}

class MemoryDbSnapshotSource extends SnapshotSource {
  constructor(private readonly snapshotName: string) {
    super(SnapshotEngine.MEMORYDB);
  }

  public bind(scope: Construct, options: SnapshotSourceBindOptions): SnapshotSourceConfig {
    this.validate(scope, options);
    this._checkTags(scope, options.tags);
    this.claimTarget(scope, options);
    const stack = Stack.of(scope);
    const provider = HandlerProvider.of(scope, SNAPSHOT_COPY_JOB_PROVIDER);
    const grants: IDependable[] = [];
    const snapshotArn = (name: string) => stack.formatArn({
      service: 'memorydb', resource: 'snapshot', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    // MemoryDB's permissions reference lists CopySnapshot on "Snapshot (Source, Target)": an export, whose
    // target is a name in S3, may be authorized against a snapshot ARN of that name too.
    grants.push(...provider.grant(['memorydb:CopySnapshot', 'memorydb:DescribeSnapshots'], [snapshotArn(this.snapshotName)]));
    const bucket = options.targetBucket;
    if (bucket) {
      grants.push(...provider.grant(['memorydb:CopySnapshot'], [snapshotArn(options.targetSnapshotName)]));
      // The export checks the bucket with the caller's permissions (MemoryDB API permissions reference).
      // ListAllMyBuckets has no resource types (Service Authorization Reference, Amazon S3); GetBucketLocation has.
      provider.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
      grants.push(...provider.grant(['s3:GetBucketLocation'], [bucket.bucketArn]));
      // s3:ListBucket on this bucket, without an s3:prefix condition: the handler judges the export by the objects
      // under its name (ListObjectsV2 with that Prefix), and MemoryDB checks the bucket with the caller's permissions,
      // for which "Exporting a snapshot" (step 3) asks s3:ListBucket unconditioned; which prefix, if any, MemoryDB
      // lists with is not documented, so a narrower condition could deny the export.
      grants.push(...provider.grant(['s3:ListBucket'], [bucket.bucketArn]));
      // What the caller needs besides ("Exporting a snapshot", step 3, MemoryDB developer guide; the older Service
      // Authorization Reference's dependent actions of memorydb:CopySnapshot): only the objects under the export's
      // name ("if you enter my-exported-snapshot, MemoryDB creates my-exported-snapshot-0001.rdb").
      grants.push(...provider.grant(['s3:GetBucketAcl'], [bucket.bucketArn]));
      grants.push(...provider.grant(['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], [bucket.arnForObjects(`${options.targetSnapshotName}*`)]));
      allowExport(scope, bucket);
    } else {
      grants.push(...provider.grant(
        // ListTags reads the copy's provenance tag (resource type snapshot: Service Authorization Reference).
        ['memorydb:CopySnapshot', 'memorydb:DescribeSnapshots', 'memorydb:DeleteSnapshot', 'memorydb:TagResource', 'memorydb:UntagResource', 'memorydb:ListTags'],
        [snapshotArn(options.targetSnapshotName)]));
    }
    // What copying with a customer managed key needs: a grant for the service, and the key's description.
    if (options.encryptionKey) provider.allowServiceToUseKey(options.encryptionKey.keyArn);
    // An export's objects take no tags: the tags of Tags.of (which reaches every construct in scope) are not sent.
    return { engine: this.engine, sourceIdentifier: this.snapshotName, tagged: !bucket, grants };
  }

  /** @internal */
  public _checkTags(scope: IConstruct, tags: TagMap | undefined): void {
    checkTags(scope, tags, 'memorydb', PROVENANCE_TAGS);
  }

  private validate(scope: Construct, options: SnapshotSourceBindOptions): void {
    if (options.copyTags !== undefined) {
      throw new SnapshotValidationError(scope, 'copyTags', options.copyTags, 'applies to DocumentDB elastic only: MemoryDB copies take the tags given in tags');
    }
    // MemoryDB's CopySnapshot reference documents no pattern or length for TargetSnapshotName, only that it "must be
    // unique within its context - MemoryDB or an Amazon S3 bucket if exporting" (claimTarget checks that within the app).
    if (!Token.isUnresolved(options.targetSnapshotName) && options.targetSnapshotName.length < 1) {
      throw new SnapshotValidationError(scope, 'targetSnapshotName', options.targetSnapshotName, 'must not be empty');
    }
    // An export's name: "The name must be between 1 and 1,000 characters and able to be UTF-8 encoded" (MemoryDB
    // Developer Guide, "Exporting a snapshot", step 3).
    if (options.targetBucket && !Token.isUnresolved(options.targetSnapshotName) && options.targetSnapshotName.length > MAX_EXPORT_NAME_LENGTH) {
      throw new SnapshotValidationError(scope, 'targetSnapshotName', `${options.targetSnapshotName.slice(0, 40)}... (${options.targetSnapshotName.length} characters)`,
        `must be 1 to ${MAX_EXPORT_NAME_LENGTH} characters for an S3 export (MemoryDB Developer Guide, "Exporting a snapshot")`);
    }
    if (options.targetBucket) checkExportBucket(scope, options.targetBucket);
    if (options.targetBucket && options.tags) {
      throw new SnapshotValidationError(scope, 'tags', options.tags, 'do not apply to an S3 export (the exported objects are not tagged): remove tags or targetBucket');
    }
    // The bucket's name needs no check here: aws-cdk-lib's own is stricter than CopySnapshot's pattern.
  }

  /**
   * Claims the copy's name (see claimAwsObject): a name "unique within its context - MemoryDB or an Amazon S3 bucket if
   * exporting" (CopySnapshot); its reference says nothing of case, so names that differ only in case are taken as one.
   */
  private claimTarget(scope: Construct, options: SnapshotSourceBindOptions): void {
    const name = options.targetSnapshotName;
    if (options.targetBucket) {
      // The same bucket construct has one (token) name: its path stands for it.
      const bucket = Token.isUnresolved(options.targetBucket.bucketName) ? options.targetBucket.node.path : options.targetBucket.bucketName;
      claimAwsObject(scope, { kind: `MemoryDB export to the bucket ${bucket}`, prop: 'targetSnapshotName', name, ignoreCase: true, within: bucket });
    } else {
      claimAwsObject(scope, { kind: 'MemoryDB snapshot', prop: 'targetSnapshotName', name, ignoreCase: true });
    }
  }
}

class DocDbElasticSnapshotSource extends SnapshotSource {
  constructor(private readonly snapshotArn: string) {
    super(SnapshotEngine.DOCDB_ELASTIC);
  }

  public bind(scope: Construct, options: SnapshotSourceBindOptions): SnapshotSourceConfig {
    this.validate(scope, options);
    this._checkTags(scope, options.tags);
    // targetSnapshotName "is not case sensitive" (CopyClusterSnapshot).
    claimAwsObject(scope, { kind: 'DocumentDB elastic cluster snapshot', prop: 'targetSnapshotName', name: options.targetSnapshotName, ignoreCase: true });
    const provider = HandlerProvider.of(scope, SNAPSHOT_COPY_JOB_PROVIDER);
    // The copy is found by name and recognised by its tag, never through the source (which may be gone).
    const grants = provider.grant(['docdb-elastic:CopyClusterSnapshot'], [this.snapshotArn]);
    // What copying with a customer managed key needs: a grant for the service, and the key's description, and
    // kms:Decrypt and kms:GenerateDataKey on the key: "To use your customer managed key with Amazon DocumentDB elastic
    // cluster resources, the following API operations must be permitted in the key policy: kms:CreateGrant,
    // kms:DescribeKey, kms:Decrypt, kms:GenerateDataKey" (Amazon DocumentDB Developer Guide, "Data encryption at rest
    // for Amazon DocumentDB elastic clusters", Key policy,
    // https://docs.aws.amazon.com/documentdb/latest/developerguide/elastic-encryption.html). The Service
    // Authorization Reference lists no KMS action for CopyClusterSnapshot, so the four are granted on that key only.
    if (options.encryptionKey) provider.allowServiceToUseKey(options.encryptionKey.keyArn, ['kms:Decrypt', 'kms:GenerateDataKey']);
    return { engine: this.engine, sourceIdentifier: this.snapshotArn, tagged: true, grants };
  }

  /** @internal */
  public _checkTags(scope: IConstruct, tags: TagMap | undefined): void {
    checkTags(scope, tags, 'docdb-elastic', PROVENANCE_TAGS);
  }

  private validate(scope: Construct, options: SnapshotSourceBindOptions): void {
    if (options.targetBucket) {
      throw new SnapshotValidationError(scope, 'targetBucket', options.targetBucket.node.path, 'applies to MemoryDB only: DocumentDB elastic snapshots cannot be exported to S3');
    }
    checkRedshiftIdentifier(scope, 'targetSnapshotName', options.targetSnapshotName, 63, { allowUppercase: true });
    const arn = this.snapshotArn;
    if (!Token.isUnresolved(arn) && !/^arn:[a-z-]+:docdb-elastic:[a-z0-9-]+:\d{12}:cluster-snapshot\/.+$/.test(arn)) {
      throw new SnapshotValidationError(scope, 'source snapshotArn', arn, 'must be an elastic cluster snapshot ARN (arn:<partition>:docdb-elastic:<region>:<account>:cluster-snapshot/<id>)');
    }
    this.checkSourceEnvironment(scope, arn);
    this.checkKeyRegion(scope, options.encryptionKey);
  }

  /**
   * The copy is made in the stack's region, so `encryptionKey` must be a key of that region: "AWS KMS
   * encryption keys are specific to the AWS region that they are created in, and you can't use encryption keys from one
   * AWS region in another AWS region" (CopyClusterSnapshot, kmsKeyId). Checked when the key's ARN is known at synth.
   */
  private checkKeyRegion(scope: Construct, key: kms.IKey | undefined): void {
    const keyArn = key?.keyArn;
    if (key === undefined || keyArn === undefined || Token.isUnresolved(keyArn)) return;
    const keyRegion = keyArn.split(':')[3];
    const stackRegion = Stack.of(scope).region;
    if (!keyRegion || Token.isUnresolved(stackRegion) || keyRegion === stackRegion) return;
    throw new SnapshotValidationError(scope, 'encryptionKey', key.node.path,
      `must be a key in the stack's region (${stackRegion}), where the copy is made: KMS keys are regional (CopyClusterSnapshot, kmsKeyId); this key is in ${keyRegion}`);
  }

  /**
   * The source must be a snapshot of the stack's account and region: the copy is made there, and the handler's role
   * may create copies only from clusters of that account and region (CopyClusterSnapshot authorizes
   * docdb-elastic:CreateClusterSnapshot on the source's cluster: Service Authorization Reference, Amazon DocumentDB
   * Elastic Clusters). Anything else fails with AccessDenied at deploy time.
   */
  private checkSourceEnvironment(scope: Construct, arn: string): void {
    const [, , , region, account] = arn.split(':');
    const stack = Stack.of(scope);
    for (const [what, value, stackValue] of [['region', region, stack.region], ['account', account, stack.account]]) {
      if (Token.isUnresolved(stackValue)) {
        warnUnchecked(scope, 'sourceEnvironmentUnchecked',
          `source snapshotArn ${arn} was not checked against the stack's ${what}: the stack is environment-agnostic. Deploy it to `
          + `${what} ${value}: the copy is made in the stack's account and region, and the handler's role may copy only snapshots of `
          + 'clusters there (anything else fails with AccessDenied at deploy time).');
      } else if (value !== stackValue) {
        throw new SnapshotValidationError(scope, 'source snapshotArn', arn,
          `must be a snapshot of the stack's ${what} (${stackValue}), not ${value}: the copy is made in the stack's account and region, `
          + 'and the handler\'s role may copy only snapshots of clusters there');
      }
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
function checkExportBucket(scope: Construct, bucket: s3.IBucket): void {
  const stackRegion = Stack.of(scope).region;
  const bucketRegion = bucket.env.region;
  if (!Token.isUnresolved(stackRegion) && !Token.isUnresolved(bucketRegion) && bucketRegion !== stackRegion) {
    throw new SnapshotValidationError(scope, 'targetBucket', bucket.node.path,
      `must be a bucket in the stack's region (${stackRegion}), where the snapshot is: MemoryDB exports only to a bucket "in the same AWS Region as `
      + `the MemoryDB snapshot" ("Exporting a snapshot"); this bucket is in ${bucketRegion}`);
  }
  const cfnBucket = bucket.node.defaultChild;
  if (!(cfnBucket instanceof s3.CfnBucket)) {
    Annotations.of(scope).addWarningV2('cdk-db-snapshots:exportBucketOwnership',
      `The object ownership of bucket ${bucket.node.path} cannot be read from this app (an imported bucket): MemoryDB requires "ACLs enabled - `
      + 'Bucket owner preferred" on an export bucket ("Exporting a snapshot", step 3, MemoryDB Developer Guide). Set it on the bucket '
      + '(aws s3api put-bucket-ownership-controls --ownership-controls Rules=[{ObjectOwnership=BucketOwnerPreferred}]).');
    return;
  }
  const controls = Stack.of(scope).resolve(cfnBucket.ownershipControls);
  const ownership = controls?.rules?.[0]?.objectOwnership ?? controls?.Rules?.[0]?.ObjectOwnership;
  if (Token.isUnresolved(ownership) || ownership === s3.ObjectOwnership.BUCKET_OWNER_PREFERRED) return;
  throw new SnapshotValidationError(scope, 'targetBucket', bucket.node.path,
    `must have the object ownership BucketOwnerPreferred (it has ${ownership ?? 'none set, S3\'s default BucketOwnerEnforced: ACLs disabled'}): `
    + 'MemoryDB requires "ACLs enabled - Bucket owner preferred" on an export bucket ("Exporting a snapshot", step 3, MemoryDB Developer Guide). '
    + 'Create the bucket with objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED');
}

/**
 * Lets MemoryDB write the export into the bucket: the statement of the MemoryDB developer guide
 * ("Exporting a snapshot", step 2: grant MemoryDB access to your bucket), with the region's
 * `<region>.memorydb-snapshot.amazonaws.com` service principal.
 */
function allowExport(scope: Construct, bucket: s3.IBucket): void {
  const statement = new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`${Stack.of(scope).region}.memorydb-snapshot.amazonaws.com`)],
    actions: EXPORT_BUCKET_ACTIONS,
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
  });
  const { statementAdded } = bucket.addToResourcePolicy(statement);
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-db-snapshots:exportBucketPolicy',
      `The policy of bucket ${bucket.node.path} cannot be changed from this stack (an imported bucket): add this statement to it `
      + `so that MemoryDB can write the export: ${JSON.stringify(Stack.of(scope).resolve(statement.toStatementJson()))}`);
  }
}
