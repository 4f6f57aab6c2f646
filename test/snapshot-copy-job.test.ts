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
    ['a MemoryDB tag value outside the documented characters', () => memoryDbCopy({ tags: { team: 'données' } }), /invalid value of tag "team" "données": must match .*ASCII letters/],
    ['200 MemoryDB tags (the copy carries its provenance tag too)', () => memoryDbCopy({ tags: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'])) }),
      /invalid tags "200 tags": at most 199 tags are allowed \(200 per resource, 1 of them written by the handler\)/],
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
  new SnapshotCopyJob(stack, 'ToOregon', {
    source: SnapshotSource.docDbElastic({ snapshotArn: DOCDB_SOURCE }),
    targetSnapshotName: 'orders-dr-copy',
    destinationRegion: 'us-west-2',
    kmsKey: kms.Key.fromKeyArn(stack, 'OregonKey', 'arn:aws:kms:us-west-2:123456789012:key/k'),
  });
  expect(templateForSnapshot(stack)).toMatchSnapshot();
});

describe('a DocumentDB elastic copy to another region (destinationRegion)', () => {
  const OREGON_KEY = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  test('the handler gets the destination region; the copy\'s actions are granted on the destination region\'s snapshots', () => {
    const stack = stackIn();
    docDbCopy({ destinationRegion: 'us-west-2', kmsKey: kms.Key.fromKeyArn(stack, 'OregonKey', OREGON_KEY) }, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RESOURCE_TYPE, { Engine: 'docdb-elastic', DestinationRegion: 'us-west-2', KmsKeyId: OREGON_KEY });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: [
            'docdb-elastic:CopyClusterSnapshot', 'docdb-elastic:CreateClusterSnapshot', 'docdb-elastic:DeleteClusterSnapshot',
            'docdb-elastic:ListTagsForResource', 'docdb-elastic:TagResource', 'docdb-elastic:UntagResource',
          ],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':docdb-elastic:us-west-2:123456789012:cluster-snapshot/*']] },
        }]),
      },
    });
    // The destination key: described, used and granted to the service (CopyClusterSnapshot's dependent actions).
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:Decrypt', 'kms:GenerateDataKey'], Resource: OREGON_KEY },
          { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: OREGON_KEY, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
        ]),
      },
    });
  });

  test('without destinationRegion nothing is granted in another region and no DestinationRegion is sent', () => {
    const template = Template.fromStack(docDbCopy());
    template.hasResourceProperties(RESOURCE_TYPE, { DestinationRegion: Match.absent() });
    expect(JSON.stringify(template.toJSON())).not.toContain('us-west-2');
  });

  test.each<[string, (stack: Stack) => Partial<SnapshotCopyJobProps>, RegExp]>([
    ['an unknown region', () => ({ destinationRegion: 'us-west-9' }), /Stack\/Copy: invalid destinationRegion "us-west-9": must be an AWS region name/],
    ['the stack\'s own region', () => ({ destinationRegion: 'us-east-1' }), /invalid destinationRegion "us-east-1": must differ from the stack's own region \(us-east-1\)/],
    ['a region of another partition', () => ({ destinationRegion: 'cn-north-1' }), /invalid destinationRegion "cn-north-1": must be in the stack's partition \(aws\)/],
    ['an imported key of another region', (stack) => ({ destinationRegion: 'us-west-2', kmsKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:eu-west-1:123456789012:key/k') }),
      /invalid kmsKey "Stack\/K": must be a key in destinationRegion \(us-west-2\): KMS keys are regional.*this key is in eu-west-1/],
    ['a key made in the stack (the stack\'s region)', (stack) => ({ destinationRegion: 'us-west-2', kmsKey: new kms.Key(stack, 'K') }),
      /invalid kmsKey "Stack\/K": must be a key in destinationRegion \(us-west-2\).*this key is in the stack's region \(us-east-1\), as every key made in this stack is/],
    ['an imported key of the stack\'s region', (stack) => ({ destinationRegion: 'us-west-2', kmsKey: kms.Key.fromKeyArn(stack, 'K', 'arn:aws:kms:us-east-1:123456789012:key/k') }),
      /invalid kmsKey "Stack\/K": must be a key in destinationRegion \(us-west-2\).*this key is in the stack's region \(us-east-1\)/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => { const stack = stackIn(); docDbCopy(props(stack), stack); }).toThrow(message);
  });

  test('a source in another region than the stack\'s is rejected: the copy goes from the stack\'s region', () => {
    expect(() => new SnapshotCopyJob(stackIn(), 'Copy', {
      source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:eu-west-1:123456789012:cluster-snapshot/x' }), targetSnapshotName: 'x', destinationRegion: 'us-west-2',
    })).toThrow(/invalid source snapshotArn "arn:aws:docdb-elastic:eu-west-1:.*": must be a snapshot of the stack's region \(us-east-1\), not eu-west-1/);
  });

  test('MemoryDB: rejected, saying CopySnapshot has no cross-region form and pointing to the S3 export', () => {
    expect(() => memoryDbCopy({ destinationRegion: 'us-west-2' })).toThrow(
      /Stack\/Copy: invalid destinationRegion "us-west-2": applies to DocumentDB elastic only: MemoryDB's CopySnapshot has no cross-region form.*export it with targetBucket/);
  });

  test('an environment-agnostic stack: the region checks are skipped with a warning; its own key is still rejected', () => {
    const agnostic = () => new Stack(new App(), 'Stack');
    const stack = agnostic();
    docDbCopy({ destinationRegion: 'us-west-2', kmsKey: kms.Key.fromKeyArn(stack, 'K', OREGON_KEY) }, stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Copy', Match.stringLikeRegexp('destinationRegion us-west-2 was not checked against the stack.s region'));
    const withOwnKey = agnostic();
    expect(() => docDbCopy({ destinationRegion: 'us-west-2', kmsKey: new kms.Key(withOwnKey, 'K') }, withOwnKey))
      .toThrow(/invalid kmsKey "Stack\/K": must be a key in destinationRegion \(us-west-2\).*this key is in the stack's region, as every key made in this stack is/);
    // The source's own region is known from its ARN even there.
    expect(() => docDbCopy({ destinationRegion: 'us-east-1' }, agnostic())).toThrow(/invalid destinationRegion "us-east-1": must differ from the source snapshot's region \(us-east-1\)/);
  });

  test('accepted: an imported key of the destination region, or no key', () => {
    expect(() => { const stack = stackIn(); docDbCopy({ destinationRegion: 'us-west-2', kmsKey: kms.Key.fromKeyArn(stack, 'K', OREGON_KEY) }, stack); }).not.toThrow();
    expect(() => docDbCopy({ destinationRegion: 'eu-west-1' })).not.toThrow();
    const stack = stackIn();
    docDbCopy({ destinationRegion: 'eu-west-1' }, stack);
    Annotations.fromStack(stack).hasNoWarning('/Stack/Copy', Match.anyValue());
  });
});
