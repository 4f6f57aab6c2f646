import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { SnapshotCopyJob, SnapshotCopyJobProps, SnapshotEngine, SnapshotSource, SnapshotSourceBindOptions, SnapshotSourceConfig } from '../lib';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::SnapshotCopyJob';
const DOCDB_SOURCE = 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/abc123';

function stackIn(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}
function memoryDbCopy(props: Partial<SnapshotCopyJobProps> = {}, stack = stackIn()): Stack {
  new SnapshotCopyJob(stack, 'Copy', { source: SnapshotSource.memoryDb({ snapshotName: 'sessions-2026-11-22' }), targetSnapshotName: 'sessions-copy', ...props });
  return stack;
}
function docDbCopy(props: Partial<SnapshotCopyJobProps> = {}, stack = stackIn()): Stack {
  new SnapshotCopyJob(stack, 'Copy', { source: SnapshotSource.docDbElastic({ snapshotArn: DOCDB_SOURCE }), targetSnapshotName: 'orders-copy', ...props });
  return stack;
}

describe('custom resource properties', () => {
  test('MemoryDB copy: defaults retain the copy and copy no tags', () => {
    Template.fromStack(memoryDbCopy()).hasResourceProperties(RESOURCE_TYPE, {
      Engine: 'memorydb',
      Source: 'sessions-2026-11-22',
      TargetSnapshotName: 'sessions-copy',
      TargetBucket: Match.absent(),
      KmsKeyId: Match.absent(),
      CopyTags: false,
      Tags: [],
      RemovalPolicy: 'retain',
      TimeoutSeconds: 3600,
    });
  });

  test('DocumentDB elastic copy with copyTags, a key, tags, DESTROY and a timeout', () => {
    const stack = stackIn();
    const key = new kms.Key(stack, 'Key');
    docDbCopy({ copyTags: true, encryptionKey: key, tags: { team: 'platform' }, removalPolicy: RemovalPolicy.DESTROY, timeout: Duration.minutes(30) }, stack);
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, {
      Engine: 'docdb-elastic',
      Source: DOCDB_SOURCE,
      CopyTags: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] },
      Tags: [{ Key: 'team', Value: 'platform' }],
      RemovalPolicy: 'destroy',
      TimeoutSeconds: 1800,
    });
  });

  test('SnapshotSource says which engine it is', () => {
    expect(SnapshotSource.memoryDb({ snapshotName: 'a' }).engine).toBe(SnapshotEngine.MEMORYDB);
    expect(SnapshotSource.docDbElastic({ snapshotArn: DOCDB_SOURCE }).engine).toBe(SnapshotEngine.DOCDB_ELASTIC);
  });

  test('the job sends what its source describes when bound, and never asks which engine it is', () => {
    const bound: SnapshotSourceBindOptions[] = [];
    const checkedTags: Array<Record<string, string> | undefined> = [];
    class DescribedSource extends SnapshotSource {
      constructor() { super(SnapshotEngine.DOCDB_ELASTIC); }
      public bind(_scope: Construct, options: SnapshotSourceBindOptions): SnapshotSourceConfig {
        bound.push(options);
        return { engine: SnapshotEngine.MEMORYDB, sourceIdentifier: 'described-by-bind', tagged: false, grants: [] };
      }
      public _checkTags(_scope: IConstruct, tags: Record<string, string> | undefined): void { checkedTags.push(tags); }
    }
    const stack = stackIn();
    const key = new kms.Key(stack, 'Key');
    new SnapshotCopyJob(stack, 'Copy', { source: new DescribedSource(), targetSnapshotName: 'copy', encryptionKey: key, copyTags: true, tags: { team: 'data' } });
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { Engine: 'memorydb', Source: 'described-by-bind', Tags: [] });
    expect(bound).toEqual([{ targetSnapshotName: 'copy', targetBucket: undefined, encryptionKey: key, copyTags: true, tags: { team: 'data' } }]);
    // A source whose copy takes no tags is not asked again after aspects.
    expect(checkedTags).toEqual([]);
  });

  test('targetSnapshotName and targetSnapshotArn are attributes of the custom resource', () => {
    const stack = stackIn();
    const job = new SnapshotCopyJob(stack, 'Job', { source: SnapshotSource.memoryDb({ snapshotName: 'a' }), targetSnapshotName: 'b' });
    expect(stack.resolve(job.targetSnapshotName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Job/), 'TargetSnapshotName'] });
    expect(stack.resolve(job.targetSnapshotArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Job/), 'TargetSnapshotArn'] });
  });
});

describe('S3 export (MemoryDB)', () => {
  test('adds MemoryDB\'s documented statement to the bucket policy, and the copy waits for it', () => {
    const stack = stackIn();
    const bucket = new s3.Bucket(stack, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    memoryDbCopy({ targetBucket: bucket }, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { Service: 'us-east-1.memorydb-snapshot.amazonaws.com' },
          Action: ['s3:PutObject', 's3:GetObject', 's3:ListBucket', 's3:GetBucketAcl', 's3:ListMultipartUploadParts', 's3:ListBucketMultipartUploads'],
          Resource: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Exports'), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Exports'), 'Arn'] }, '/*']] }],
        }]),
      },
    });
    template.hasResourceProperties(RESOURCE_TYPE, { TargetBucket: { Ref: Match.stringLikeRegexp('^Exports') } });
    const [resource] = Object.values(template.findResources(RESOURCE_TYPE));
    expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ExportsPolicy/)]));
  });

  test('an imported bucket: a warning with the statement to add', () => {
    const stack = stackIn();
    memoryDbCopy({ targetBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'my-exports') }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Copy', Match.stringLikeRegexp('The policy of bucket Stack/Imported cannot be changed from this stack .*s3:PutObject.*us-east-1.memorydb-snapshot.amazonaws.com.*my-exports/\\*'));
  });

  // "Change the S3 Object Ownership to ACLs enabled - Bucket owner preferred" (MemoryDB, "Exporting a snapshot", step 3).
  test.each<[string, s3.ObjectOwnership | undefined, string]>([
    ['S3\'s default', undefined, 'none set, S3\'s default BucketOwnerEnforced: ACLs disabled'],
    ['BucketOwnerEnforced', s3.ObjectOwnership.BUCKET_OWNER_ENFORCED, 'BucketOwnerEnforced'],
    ['ObjectWriter', s3.ObjectOwnership.OBJECT_WRITER, 'ObjectWriter'],
  ])('a bucket of the app with %s object ownership is refused, with the fix, and left unchanged', (_case, objectOwnership, has) => {
    const stack = stackIn();
    const bucket = new s3.Bucket(stack, 'Exports', { objectOwnership });
    expect(() => memoryDbCopy({ targetBucket: bucket }, stack)).toThrow(
      `Stack/Copy: invalid targetBucket "Stack/Exports": must have the object ownership BucketOwnerPreferred (it has ${has}): MemoryDB requires `
      + '"ACLs enabled - Bucket owner preferred" on an export bucket ("Exporting a snapshot", step 3, MemoryDB Developer Guide). '
      + 'Create the bucket with objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED');
    const controls = stack.resolve((bucket.node.defaultChild as s3.CfnBucket).ownershipControls);
    expect(controls).toEqual(objectOwnership ? { rules: [{ objectOwnership }] } : undefined);
  });

  test('an imported bucket: a warning that its object ownership must be BucketOwnerPreferred', () => {
    const stack = stackIn();
    memoryDbCopy({ targetBucket: s3.Bucket.fromBucketName(stack, 'Imported', 'my-exports') }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Copy', Match.stringLikeRegexp(
      'The object ownership of bucket Stack/Imported cannot be read from this app .*"ACLs enabled - Bucket owner preferred".*ObjectOwnership=BucketOwnerPreferred'));
  });

  test('a bucket with BucketOwnerPreferred: no ownership warning', () => {
    const stack = stackIn();
    memoryDbCopy({ targetBucket: new s3.Bucket(stack, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }) }, stack);
    Annotations.fromStack(stack).hasNoWarning('/Stack/Copy', Match.anyValue());
  });

  // The bucket "must be in the same AWS Region as the MemoryDB snapshot" ("Exporting a snapshot").
  test('a bucket of another region (known at synth) is refused; one of the stack\'s region is accepted', () => {
    const stack = stackIn();
    const elsewhere = s3.Bucket.fromBucketAttributes(stack, 'Oregon', { bucketName: 'oregon-exports', region: 'us-west-2' });
    expect(() => memoryDbCopy({ targetBucket: elsewhere }, stack)).toThrow(
      /Stack\/Copy: invalid targetBucket "Stack\/Oregon": must be a bucket in the stack's region \(us-east-1\), where the snapshot is: .*this bucket is in us-west-2/);
    const here = stackIn();
    expect(() => memoryDbCopy({ targetBucket: s3.Bucket.fromBucketAttributes(here, 'Virginia', { bucketName: 'exports', region: 'us-east-1' }) }, here)).not.toThrow();
  });

  test('an export name of 1,000 characters is accepted, 1,001 refused ("between 1 and 1,000 characters")', () => {
    const bucketIn = (stack: Stack) => new s3.Bucket(stack, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    const ok = stackIn();
    expect(() => memoryDbCopy({ targetBucket: bucketIn(ok), targetSnapshotName: 'e'.repeat(1000) }, ok)).not.toThrow();
    const tooLong = stackIn();
    expect(() => memoryDbCopy({ targetBucket: bucketIn(tooLong), targetSnapshotName: 'e'.repeat(1001) }, tooLong)).toThrow(
      /Stack\/Copy: invalid targetSnapshotName "e{40}\.\.\. \(1001 characters\)": must be 1 to 1000 characters for an S3 export/);
    // A copy within MemoryDB has no documented length limit: not refused for length.
    expect(() => memoryDbCopy({ targetSnapshotName: 'e'.repeat(1001) })).not.toThrow();
  });
});

describe('validation at synth time', () => {
  test.each<[string, () => Stack, RegExp]>([
    ['targetBucket with DocumentDB elastic', () => { const s = stackIn(); return docDbCopy({ targetBucket: new s3.Bucket(s, 'B') }, s); }, /invalid targetBucket "Stack\/B": applies to MemoryDB only/],
    ['copyTags with MemoryDB', () => memoryDbCopy({ copyTags: true }), /Stack\/Copy: invalid copyTags true: applies to DocumentDB elastic only/],
    ['a DocumentDB target name starting with a digit', () => docDbCopy({ targetSnapshotName: '1orders' }), /invalid targetSnapshotName "1orders": must be 1 to 63 letters/],
    ['a DocumentDB target name with two hyphens', () => docDbCopy({ targetSnapshotName: 'orders--copy' }), /invalid targetSnapshotName "orders--copy"/],
    ['a DocumentDB target name of 64 characters', () => docDbCopy({ targetSnapshotName: 'o'.repeat(64) }), /invalid targetSnapshotName "o{64}"/],
    ['a DocumentDB source that is not an elastic cluster snapshot ARN', () => {
      const s = stackIn(); new SnapshotCopyJob(s, 'Copy', { source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:rds:us-east-1:123456789012:snapshot:x' }), targetSnapshotName: 'x' }); return s;
    }, /invalid source snapshotArn "arn:aws:rds:.*": must be an elastic cluster snapshot ARN/],
    ['a DocumentDB tag key outside the documented pattern', () => docDbCopy({ tags: { 'team name': 'x' } }), /invalid tag key "team name": must match/],
    ['50 MemoryDB tags (the copy carries its provenance tag too: "Maximum number of tags per resource – 50")', () => memoryDbCopy({ tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }),
      /invalid tags "50 tags": at most 49 tags are allowed \(50 per resource, 1 of them written by the handler\)/],
    ['201 DocumentDB elastic tags (no count documented: held to 200, the provenance tag the 200th)', () => docDbCopy({ tags: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'])) }),
      /at most 199 tags are allowed/],
    ['a tag key of the provenance tag', () => docDbCopy({ tags: { 'cdk-db-snapshots:copy-of:orders-copy': 'x' } }), /invalid tag key "cdk-db-snapshots:copy-of:orders-copy": must not start with "cdk-db-snapshots:copy-of"/],
    ['a tag value of 257 characters', () => memoryDbCopy({ tags: { k: 'v'.repeat(257) } }), /invalid value of tag "k"/],
    ['tags with an S3 export', () => {
      const s = stackIn();
      return memoryDbCopy({ targetBucket: new s3.Bucket(s, 'B', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }), tags: { a: 'b' } }, s);
    }, /invalid tags .*do not apply to an S3 export/],
    // aws-cdk-lib checks bucket names itself (stricter than CopySnapshot's ^[A-Za-z0-9._-]+$, at most 255).
    ['an imported bucket with an invalid name', () => { const s = stackIn(); return memoryDbCopy({ targetBucket: s3.Bucket.fromBucketName(s, 'B', 'bad/name') }, s); }, /Invalid S3 bucket name \(value: bad\/name\)/],
    ['an empty MemoryDB target name', () => memoryDbCopy({ targetSnapshotName: '' }), /invalid targetSnapshotName "": must not be empty/],
  ])('%s is rejected', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  test.each<[string, () => Stack]>([
    ['a DocumentDB target name of 63 characters', () => docDbCopy({ targetSnapshotName: 'o'.repeat(63) })],
    ['49 MemoryDB tags', () => memoryDbCopy({ tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])) })],
    ['199 DocumentDB elastic tags', () => docDbCopy({ tags: Object.fromEntries(Array.from({ length: 199 }, (_, i) => [`k${i}`, 'v'])) })],
    ['MemoryDB tags of any characters ("MemoryDB allows for any character in its tags")', () => memoryDbCopy({ tags: { 'équipe #1': 'données, ¿sí? #1' } })],
    ['a DocumentDB tag key with the documented punctuation', () => docDbCopy({ tags: { 'team.name:a/b_c': 'x' } })],
  ])('%s is accepted', (_case, build) => {
    expect(build).not.toThrow();
  });
});

describe('permissions', () => {
  test('MemoryDB copy: the snapshot actions on exactly the source and target snapshot ARNs', () => {
    const template = Template.fromStack(memoryDbCopy());
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:memorydb:us-east-1:123456789012:snapshot/${name}`]] });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['memorydb:CopySnapshot', 'memorydb:DescribeSnapshots'], Resource: arn('sessions-2026-11-22') },
          {
            Effect: 'Allow',
            Action: ['memorydb:CopySnapshot', 'memorydb:DeleteSnapshot', 'memorydb:DescribeSnapshots', 'memorydb:ListTags', 'memorydb:TagResource', 'memorydb:UntagResource'],
            Resource: arn('sessions-copy'),
          },
        ]),
      },
    });
  });

  test('an export: s3:ListBucket on that bucket only, unconditioned ("Exporting a snapshot" asks it so; MemoryDB\'s own prefix is not documented)', () => {
    const stack = stackIn();
    const bucket = new s3.Bucket(stack, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    memoryDbCopy({ targetBucket: bucket }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:ListBucket'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Exports'), 'Arn'] },
        }]),
      },
    });
  });

  test('a key: kms:DescribeKey on that key; kms:CreateGrant on that key only for AWS resources', () => {
    const stack = stackIn();
    const key = new kms.Key(stack, 'Key');
    memoryDbCopy({ encryptionKey: key }, stack);
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: keyArn },
          { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: keyArn, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
        ]),
      },
    });
  });

  test('one provider for both engines in a stack', () => {
    const stack = memoryDbCopy();
    new SnapshotCopyJob(stack, 'Doc', { source: SnapshotSource.docDbElastic({ snapshotArn: DOCDB_SOURCE }), targetSnapshotName: 'orders-copy' });
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(stack).resourceCountIs(RESOURCE_TYPE, 2);
  });
});

test('template snapshot', () => {
  const stack = stackIn();
  const bucket = new s3.Bucket(stack, 'Exports', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
  new SnapshotCopyJob(stack, 'Export', { source: SnapshotSource.memoryDb({ snapshotName: 'sessions' }), targetSnapshotName: 'sessions-export', targetBucket: bucket });
  docDbCopy({ copyTags: true, tags: { team: 'platform' } }, stack);
  expect(templateForSnapshot(stack)).toMatchSnapshot();
});

describe('DocumentDB elastic copies are made in the stack\'s region only', () => {
  // AWS documents copies of elastic cluster snapshots "within the same region and within the same account" only
  // (Amazon DocumentDB Developer Guide, "Copying an elastic cluster snapshot").
  const docdbResources = (stack: Stack) => JSON.stringify(Template.fromStack(stack).toJSON()).match(/:docdb-elastic:[a-z0-9-]*:/g) ?? [];

  test('every DocumentDB elastic permission of the handler role is on the stack\'s region (least privilege: delete and tag only there)', () => {
    const stack = stackIn();
    docDbCopy({ encryptionKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-east-1:123456789012:key/k') }, stack);
    const regions = docdbResources(stack);
    expect(regions.length).toBeGreaterThan(0);
    expect(new Set(regions)).toEqual(new Set([':docdb-elastic:us-east-1:']));
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { DestinationRegion: Match.absent() });
  });

  test.each<[string, (stack: Stack) => Partial<SnapshotCopyJobProps>, RegExp]>([
    ['an imported key of another region', (stack) => ({ encryptionKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-west-2:123456789012:key/k') }),
      /Stack\/Copy: invalid encryptionKey "Stack\/K": must be a key in the stack's region \(us-east-1\), where the copy is made: KMS keys are regional .*this key is in us-west-2/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => { const stack = stackIn(); docDbCopy(props(stack), stack); }).toThrow(message);
  });

  test('accepted: a key made in the stack, an imported key of the stack\'s region, no key', () => {
    expect(() => { const stack = stackIn(); docDbCopy({ encryptionKey: new kms.Key(stack, 'K') }, stack); }).not.toThrow();
    expect(() => { const stack = stackIn(); docDbCopy({ encryptionKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-east-1:123456789012:key/k') }, stack); }).not.toThrow();
    expect(() => docDbCopy()).not.toThrow();
  });

  test('a source in another region than the stack\'s is rejected: the copy is made in the stack\'s region', () => {
    expect(() => new SnapshotCopyJob(stackIn(), 'Copy', {
      source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:eu-west-1:123456789012:cluster-snapshot/x' }), targetSnapshotName: 'x',
    })).toThrow(/invalid source snapshotArn "arn:aws:docdb-elastic:eu-west-1:.*": must be a snapshot of the stack's region \(us-east-1\), not eu-west-1/);
  });
});
