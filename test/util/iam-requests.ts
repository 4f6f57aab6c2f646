// What each AWS request of our handlers asks IAM: the actions the operation authorizes (the Service
// Authorization Reference's table "API operations defined by <service>", and the dependent actions of its
// "Actions" table), the ARNs they authorize against (the action's resource types, built from the request's
// parameters, its region and account) and the request context. One row per operation the handlers send; the
// simulation (test/util/iam-simulation.ts) evaluates every recorded request against the synthesized role with it.

export interface RequestSite {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface Authorization {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
}

type Input = Record<string, any>;
type Row = (input: Input, site: RequestSite) => Authorization[];

/**
 * An id the service generates (Redshift Serverless namespaces and snapshots, DocumentDB elastic snapshots):
 * requests name the object by name, IAM evaluates its ARN, which ends in this id.
 */
export const GENERATED_ID = '0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7';

const arn = (site: RequestSite, service: string, resource: string) => `arn:${site.partition}:${service}:${site.region}:${site.account}:${resource}`;
const redshiftCluster = (site: RequestSite, cluster: string) => arn(site, 'redshift', `cluster:${cluster}`);
/** A snapshot ARN names its cluster; where the request does not, IAM may evaluate any cluster name: `*`. */
const redshiftSnapshot = (site: RequestSite, id: string, cluster = '*') => arn(site, 'redshift', `snapshot:${cluster}/${id}`);
const memorydbSnapshot = (site: RequestSite, name: string) => arn(site, 'memorydb', `snapshot/${name}`);
const keyArn = (site: RequestSite, key: string) => key.startsWith('arn:') ? key : arn(site, 'kms', `key/${key}`);

/** aws:RequestTag/<key> and aws:TagKeys of tags sent with a request. */
function requestTags(tags: Array<{ Key?: string; Value?: string; key?: string; value?: string }> | Record<string, string> | undefined) {
  const pairs = Array.isArray(tags) ? tags.map((tag) => [tag.Key ?? tag.key ?? '', tag.Value ?? tag.value ?? '']) : Object.entries(tags ?? {});
  if (pairs.length === 0) return {};
  return { ...Object.fromEntries(pairs.map(([key, value]) => [`aws:RequestTag/${key}`, value])), 'aws:TagKeys': pairs.map(([key]) => key) };
}

/**
 * A service that encrypts with a customer managed key the caller names uses it with the caller's permissions:
 * it reads the key and creates a grant for itself (the grant is for an AWS resource).
 */
function serviceUsesKey(site: RequestSite, key: string | undefined): Authorization[] {
  if (!key) return [];
  return [
    { action: 'kms:DescribeKey', resource: keyArn(site, key) },
    { action: 'kms:CreateGrant', resource: keyArn(site, key), context: { 'kms:GrantIsForAWSResource': 'true' } },
  ];
}

/** What CreateScheduledAction and UpdateScheduledAction authorize besides themselves: CreateSnapshot and passing the role. */
function scheduledSnapshotAuthorizations(input: Input, site: RequestSite): Authorization[] {
  return [
    { action: 'redshift-serverless:CreateSnapshot', resource: arn(site, 'redshift-serverless', `namespace/${GENERATED_ID}`) },
    { action: 'redshift-serverless:CreateSnapshot', resource: arn(site, 'redshift-serverless', `snapshot/${GENERATED_ID}`) },
    ...(input.roleArn ? [{ action: 'iam:PassRole', resource: input.roleArn, context: { 'iam:PassedToService': 'redshift-serverless.amazonaws.com' } }] : []),
  ];
}

const taggingRows = (service: string, arnField: string, tagsField: string, keysField: string): Record<string, Row> => ({
  [`${service}:TagResource`]: (input) => [{ action: `${service}:TagResource`, resource: input[arnField], context: requestTags(input[tagsField]) }],
  [`${service}:UntagResource`]: (input) => [{ action: `${service}:UntagResource`, resource: input[arnField], context: { 'aws:TagKeys': input[keysField] } }],
});

export const REQUESTS: Record<string, Row> = {
  // Redshift (provisioned)
  'redshift:DescribeClusters': (input, site) => [{ action: 'redshift:DescribeClusters', resource: input.ClusterIdentifier ? redshiftCluster(site, input.ClusterIdentifier) : '*' }],
  'redshift:EnableSnapshotCopy': (input, site) => [{ action: 'redshift:EnableSnapshotCopy', resource: redshiftCluster(site, input.ClusterIdentifier) }],
  'redshift:DisableSnapshotCopy': (input, site) => [{ action: 'redshift:DisableSnapshotCopy', resource: redshiftCluster(site, input.ClusterIdentifier) }],
  'redshift:ModifySnapshotCopyRetentionPeriod': (input, site) => [
    { action: 'redshift:ModifySnapshotCopyRetentionPeriod', resource: redshiftCluster(site, input.ClusterIdentifier) },
  ],
  'redshift:CreateClusterSnapshot': (input, site) => [
    { action: 'redshift:CreateClusterSnapshot', resource: redshiftCluster(site, input.ClusterIdentifier), context: requestTags(input.Tags) },
    { action: 'redshift:CreateClusterSnapshot', resource: redshiftSnapshot(site, input.SnapshotIdentifier, input.ClusterIdentifier), context: requestTags(input.Tags) },
    { action: 'redshift:CreateTags', resource: redshiftSnapshot(site, input.SnapshotIdentifier, input.ClusterIdentifier), context: requestTags(input.Tags) },
  ],
  'redshift:DescribeClusterSnapshots': (input, site) => [
    { action: 'redshift:DescribeClusterSnapshots', resource: input.ClusterIdentifier ? redshiftCluster(site, input.ClusterIdentifier) : '*' },
  ],
  // No cluster parameter: the snapshot ARN's cluster part is whatever IAM evaluates.
  'redshift:ModifyClusterSnapshot': (input, site) => [{ action: 'redshift:ModifyClusterSnapshot', resource: redshiftSnapshot(site, input.SnapshotIdentifier) }],
  'redshift:DeleteClusterSnapshot': (input, site) => [
    ...(input.SnapshotClusterIdentifier ? [{ action: 'redshift:DeleteClusterSnapshot', resource: redshiftCluster(site, input.SnapshotClusterIdentifier) }] : []),
    { action: 'redshift:DeleteClusterSnapshot', resource: redshiftSnapshot(site, input.SnapshotIdentifier, input.SnapshotClusterIdentifier) },
  ],
  'redshift:CreateTags': (input) => [
    { action: 'redshift:CreateTags', resource: input.ResourceName, context: requestTags(input.Tags) },
    { action: 'redshift:DeleteTags', resource: input.ResourceName, context: requestTags(input.Tags) },
  ],
  'redshift:DeleteTags': (input) => [{ action: 'redshift:DeleteTags', resource: input.ResourceName, context: { 'aws:TagKeys': input.TagKeys } }],
  // AuthorizeSnapshotAccess / RevokeSnapshotAccess: the snapshot (required) and the cluster the request names.
  ...Object.fromEntries(['AuthorizeSnapshotAccess', 'RevokeSnapshotAccess'].map((operation) => [`redshift:${operation}`, (input: Input, site: RequestSite) => [
    ...(input.SnapshotClusterIdentifier ? [{ action: `redshift:${operation}`, resource: redshiftCluster(site, input.SnapshotClusterIdentifier) }] : []),
    { action: `redshift:${operation}`, resource: redshiftSnapshot(site, input.SnapshotIdentifier, input.SnapshotClusterIdentifier) },
  ]])),
  'redshift:CreateSnapshotCopyGrant': (input, site) => [
    { action: 'redshift:CreateSnapshotCopyGrant', resource: arn(site, 'redshift', `snapshotcopygrant:${input.SnapshotCopyGrantName}`), context: requestTags(input.Tags) },
    { action: 'redshift:CreateTags', resource: arn(site, 'redshift', `snapshotcopygrant:${input.SnapshotCopyGrantName}`), context: requestTags(input.Tags) },
    // Not in the reference: Redshift creates a KMS grant on the key, and may do so with the caller's permissions.
    ...serviceUsesKey(site, input.KmsKeyId),
  ],
  'redshift:DescribeSnapshotCopyGrants': () => [{ action: 'redshift:DescribeSnapshotCopyGrants', resource: '*' }],
  'redshift:DeleteSnapshotCopyGrant': (input, site) => [
    { action: 'redshift:DeleteSnapshotCopyGrant', resource: arn(site, 'redshift', `snapshotcopygrant:${input.SnapshotCopyGrantName}`) },
  ],

  // Redshift Serverless: namespaces and snapshots are named in requests, but their ARNs end in generated ids.
  'redshift-serverless:CreateSnapshot': (input, site) => [
    { action: 'redshift-serverless:CreateSnapshot', resource: arn(site, 'redshift-serverless', `namespace/${GENERATED_ID}`), context: requestTags(input.tags) },
    { action: 'redshift-serverless:CreateSnapshot', resource: arn(site, 'redshift-serverless', `snapshot/${GENERATED_ID}`), context: requestTags(input.tags) },
    { action: 'redshift-serverless:TagResource', resource: arn(site, 'redshift-serverless', `snapshot/${GENERATED_ID}`), context: requestTags(input.tags) },
  ],
  'redshift-serverless:GetSnapshot': (_input, site) => [{ action: 'redshift-serverless:GetSnapshot', resource: arn(site, 'redshift-serverless', `snapshot/${GENERATED_ID}`) }],
  'redshift-serverless:UpdateSnapshot': (_input, site) => [{ action: 'redshift-serverless:UpdateSnapshot', resource: arn(site, 'redshift-serverless', `snapshot/${GENERATED_ID}`) }],
  'redshift-serverless:DeleteSnapshot': (_input, site) => [{ action: 'redshift-serverless:DeleteSnapshot', resource: arn(site, 'redshift-serverless', `snapshot/${GENERATED_ID}`) }],
  ...taggingRows('redshift-serverless', 'resourceArn', 'tags', 'tagKeys'),
  // No resource types (Service Authorization Reference, Amazon Redshift Serverless): authorized on `*`.
  'redshift-serverless:GetResourcePolicy': () => [{ action: 'redshift-serverless:GetResourcePolicy', resource: '*' }],
  'redshift-serverless:PutResourcePolicy': () => [{ action: 'redshift-serverless:PutResourcePolicy', resource: '*' }],
  'redshift-serverless:DeleteResourcePolicy': () => [{ action: 'redshift-serverless:DeleteResourcePolicy', resource: '*' }],

  // Redshift Serverless scheduled actions (ServerlessSnapshotSchedule). CreateScheduledAction authorizes against the
  // namespace; Get/Update/Delete/ListScheduledActions have no resource types ("*"). The "API operations" table
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html) lists
  // redshift-serverless:CreateSnapshot and iam:PassRole (iam:PassedToService = redshift-serverless.amazonaws.com) for
  // CreateScheduledAction and UpdateScheduledAction too: CreateSnapshot's resource types are namespace and snapshot.
  'redshift-serverless:CreateScheduledAction': (input, site) => [
    { action: 'redshift-serverless:CreateScheduledAction', resource: arn(site, 'redshift-serverless', `namespace/${GENERATED_ID}`) },
    ...scheduledSnapshotAuthorizations(input, site),
  ],
  'redshift-serverless:UpdateScheduledAction': (input, site) => [
    { action: 'redshift-serverless:UpdateScheduledAction', resource: '*' },
    ...scheduledSnapshotAuthorizations(input, site),
  ],
  'redshift-serverless:GetScheduledAction': () => [{ action: 'redshift-serverless:GetScheduledAction', resource: '*' }],
  'redshift-serverless:DeleteScheduledAction': () => [{ action: 'redshift-serverless:DeleteScheduledAction', resource: '*' }],
  'redshift-serverless:ListScheduledActions': () => [{ action: 'redshift-serverless:ListScheduledActions', resource: '*' }],

  // MemoryDB: CopySnapshot authorizes against the source and the target snapshot (MemoryDB permissions reference),
  // and memorydb:TagResource; an export asks the caller for S3 permissions ("Exporting a snapshot", step 3).
  'memorydb:CopySnapshot': (input, site) => [
    { action: 'memorydb:CopySnapshot', resource: memorydbSnapshot(site, input.SourceSnapshotName), context: requestTags(input.Tags) },
    { action: 'memorydb:CopySnapshot', resource: memorydbSnapshot(site, input.TargetSnapshotName), context: requestTags(input.Tags) },
    ...(input.TargetBucket ? [
      // An export checks the bucket with the caller's permissions (MemoryDB API permissions reference).
      { action: 's3:GetBucketLocation', resource: `arn:${site.partition}:s3:::${input.TargetBucket}` },
      { action: 's3:ListAllMyBuckets', resource: '*' },
      { action: 's3:GetBucketAcl', resource: `arn:${site.partition}:s3:::${input.TargetBucket}` },
      // The export's objects: their keys begin with the target name.
      { action: 's3:PutObject', resource: `arn:${site.partition}:s3:::${input.TargetBucket}/${input.TargetSnapshotName}` },
      { action: 's3:GetObject', resource: `arn:${site.partition}:s3:::${input.TargetBucket}/${input.TargetSnapshotName}` },
      { action: 's3:DeleteObject', resource: `arn:${site.partition}:s3:::${input.TargetBucket}/${input.TargetSnapshotName}` },
    ] : [
      { action: 'memorydb:TagResource', resource: memorydbSnapshot(site, input.TargetSnapshotName), context: requestTags(input.Tags) },
    ]),
    ...serviceUsesKey(site, input.KmsKeyId),
  ],
  'memorydb:DescribeSnapshots': (input, site) => [{ action: 'memorydb:DescribeSnapshots', resource: memorydbSnapshot(site, input.SnapshotName) }],
  'memorydb:DeleteSnapshot': (input, site) => [{ action: 'memorydb:DeleteSnapshot', resource: memorydbSnapshot(site, input.SnapshotName) }],
  'memorydb:ListTags': (input) => [{ action: 'memorydb:ListTags', resource: input.ResourceArn }],
  ...taggingRows('memorydb', 'ResourceArn', 'Tags', 'TagKeys'),

  // DocumentDB elastic: the copy's ARN ends in an id the service generates. The copy is made in the region the request
  // is sent to; the source is wherever its ARN says, and so is its cluster.
  'docdb-elastic:CopyClusterSnapshot': (input, site) => {
    const copy = arn(site, 'docdb-elastic', `cluster-snapshot/${GENERATED_ID}`);
    const sourceSite = { ...site, region: String(input.snapshotArn).split(':')[3] };
    return [
      { action: 'docdb-elastic:CopyClusterSnapshot', resource: input.snapshotArn, context: requestTags(input.tags) },
      { action: 'docdb-elastic:CopyClusterSnapshot', resource: copy, context: requestTags(input.tags) },
      { action: 'docdb-elastic:CreateClusterSnapshot', resource: copy, context: requestTags(input.tags) },
      // The source's cluster, which its snapshot ARN does not name: in the source's region.
      { action: 'docdb-elastic:CreateClusterSnapshot', resource: arn(sourceSite, 'docdb-elastic', `cluster/${GENERATED_ID}`), context: requestTags(input.tags) },
      { action: 'docdb-elastic:TagResource', resource: copy, context: requestTags(input.tags) },
      ...serviceUsesKey(site, input.kmsKeyId),
      // What the construct grants on the key in case the service acts with the caller's permissions: the Service
      // Authorization Reference lists no dependent action of CopyClusterSnapshot (the README says so).
      ...(input.kmsKeyId ? ['kms:Decrypt', 'kms:GenerateDataKey'].map((action) => ({ action, resource: keyArn(site, input.kmsKeyId) })) : []),
    ];
  },
  'docdb-elastic:GetClusterSnapshot': (input) => [{ action: 'docdb-elastic:GetClusterSnapshot', resource: input.snapshotArn }],
  'docdb-elastic:ListClusterSnapshots': () => [{ action: 'docdb-elastic:ListClusterSnapshots', resource: '*' }],
  'docdb-elastic:DeleteClusterSnapshot': (input) => [{ action: 'docdb-elastic:DeleteClusterSnapshot', resource: input.snapshotArn }],
  'docdb-elastic:ListTagsForResource': (input) => [{ action: 'docdb-elastic:ListTagsForResource', resource: input.resourceArn }],

  // S3: ListObjectsV2 is authorized as s3:ListBucket on the bucket, with the prefix as s3:prefix. (The operations
  // table also lists s3:GetObjectAcl, for the owner a request with FetchOwner asks for, which the handler never
  // sets, and s3-object-lambda:ListBucket, for Object Lambda access points.)
  's3:ListObjectsV2': (input, site) => [
    { action: 's3:ListBucket', resource: `arn:${site.partition}:s3:::${input.Bucket}`, context: { 's3:prefix': input.Prefix ?? '' } },
  ],
  ...taggingRows('docdb-elastic', 'resourceArn', 'tags', 'tagKeys'),

  // Redshift Serverless snapshot copy configurations (Service Authorization Reference): Create authorizes against the
  // namespace, List against the namespace when it names one (the resource type is optional), Update and Delete have
  // no resource types. The destination key: not in the reference; the service may use it with the caller's permissions.
  'redshift-serverless:CreateSnapshotCopyConfiguration': (input, site) => [
    { action: 'redshift-serverless:CreateSnapshotCopyConfiguration', resource: arn(site, 'redshift-serverless', `namespace/${GENERATED_ID}`) },
    ...serviceUsesKey({ ...site, region: input.destinationRegion }, input.destinationKmsKeyId),
  ],
  'redshift-serverless:ListSnapshotCopyConfigurations': (input, site) => [{
    action: 'redshift-serverless:ListSnapshotCopyConfigurations',
    resource: input.namespaceName ? arn(site, 'redshift-serverless', `namespace/${GENERATED_ID}`) : '*',
  }],
  'redshift-serverless:UpdateSnapshotCopyConfiguration': () => [{ action: 'redshift-serverless:UpdateSnapshotCopyConfiguration', resource: '*' }],
  'redshift-serverless:DeleteSnapshotCopyConfiguration': () => [{ action: 'redshift-serverless:DeleteSnapshotCopyConfiguration', resource: '*' }],
};

/** The authorizations of one request, or an error naming the missing row. */
export function authorizationsOf(service: string, operation: string, input: Input, site: RequestSite): Authorization[] {
  const row = REQUESTS[`${service}:${operation}`];
  if (!row) throw new Error(`no row for ${service}:${operation} in test/util/iam-requests.ts: add what it authorizes against`);
  return row(input, site);
}
