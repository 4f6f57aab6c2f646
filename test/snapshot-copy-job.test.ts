import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SnapshotCopyJob, SnapshotCopyJobProps, SnapshotEngine, SnapshotSource } from '../lib';
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
    docDbCopy({ copyTags: true, kmsKey: key, tags: { team: 'platform' }, removalPolicy: RemovalPolicy.DESTROY, timeout: Duration.minutes(30) }, stack);
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
    const bucket = new s3.Bucket(stack, 'Exports');
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
    ['200 tags (the provenance tag is the 200th)', () => memoryDbCopy({ tags: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'])) }), /at most 199 tags are allowed/],
    ['a tag key of the provenance tag', () => docDbCopy({ tags: { 'cdk-db-snapshots:copy-of:orders-copy': 'x' } }), /invalid tag key "cdk-db-snapshots:copy-of:orders-copy": must not start with "cdk-db-snapshots:copy-of"/],
    ['a tag value of 257 characters', () => memoryDbCopy({ tags: { k: 'v'.repeat(257) } }), /invalid value of tag "k"/],
    ['tags with an S3 export', () => { const s = stackIn(); return memoryDbCopy({ targetBucket: new s3.Bucket(s, 'B'), tags: { a: 'b' } }, s); }, /invalid tags .*do not apply to an S3 export/],
    // aws-cdk-lib checks bucket names itself (stricter than CopySnapshot's ^[A-Za-z0-9._-]+$, at most 255).
    ['an imported bucket with an invalid name', () => { const s = stackIn(); return memoryDbCopy({ targetBucket: s3.Bucket.fromBucketName(s, 'B', 'bad/name') }, s); }, /Invalid S3 bucket name \(value: bad\/name\)/],
    ['an empty MemoryDB target name', () => memoryDbCopy({ targetSnapshotName: '' }), /invalid targetSnapshotName "": must not be empty/],
  ])('%s is rejected', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  test.each<[string, () => Stack]>([
    ['a DocumentDB target name of 63 characters', () => docDbCopy({ targetSnapshotName: 'o'.repeat(63) })],
    ['199 tags', () => memoryDbCopy({ tags: Object.fromEntries(Array.from({ length: 199 }, (_, i) => [`k${i}`, 'v'])) })],
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

  test('an export: s3:ListBucket on that bucket, for the target name as prefix only (to see the objects the export writes)', () => {
    const stack = stackIn();
    const bucket = new s3.Bucket(stack, 'Exports');
    memoryDbCopy({ targetBucket: bucket }, stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 's3:ListBucket',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Exports'), 'Arn'] },
          Condition: { StringEquals: { 's3:prefix': 'sessions-copy' } },
        }]),
      },
    });
  });

  test('a key: kms:DescribeKey on that key; kms:CreateGrant on that key only for AWS resources', () => {
    const stack = stackIn();
    const key = new kms.Key(stack, 'Key');
    memoryDbCopy({ kmsKey: key }, stack);
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
  const bucket = new s3.Bucket(stack, 'Exports');
  new SnapshotCopyJob(stack, 'Export', { source: SnapshotSource.memoryDb({ snapshotName: 'sessions' }), targetSnapshotName: 'sessions-export', targetBucket: bucket });
  docDbCopy({ copyTags: true, tags: { team: 'platform' } }, stack);
  expect(templateForSnapshot(stack)).toMatchSnapshot();
});
