import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CrossRegionSnapshotCopy, SnapshotCopyGrant, SnapshotCopyGrantProps } from '../lib';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::RedshiftSnapshotCopyGrant';
const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function stackIn(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** The grant's props, with the key given by its ARN (`keyArn`: imported as `destinationEncryptionKey`). */
type GrantProps = Partial<SnapshotCopyGrantProps> & { keyArn?: string };

function grant({ keyArn, ...props }: GrantProps = {}, stack = stackIn()): Stack {
  const destinationEncryptionKey = keyArn === undefined ? undefined : kms.Key.fromKeyArn(stack, 'Key', keyArn);
  new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey, ...props });
  return stack;
}

describe('custom resource properties', () => {
  test('defaults: a generated name, the AWS-owned key, deleted with the stack', () => {
    Template.fromStack(grant()).hasResourceProperties(RESOURCE_TYPE, {
      DestinationRegion: 'us-west-2',
      SnapshotCopyGrantName: Match.stringLikeRegexp('^stack-grant-[a-z0-9-]+$'),
      KmsKeyId: Match.absent(),
      Tags: [],
      RemovalPolicy: 'destroy',
      TimeoutSeconds: 3600,
    });
  });

  test('every prop reaches the handler', () => {
    Template.fromStack(grant({
      keyArn: KEY_ARN, snapshotCopyGrantName: 'prod-copy-grant', tags: { team: 'data' }, removalPolicy: RemovalPolicy.RETAIN, timeout: Duration.minutes(10),
    })).hasResourceProperties(RESOURCE_TYPE, {
      SnapshotCopyGrantName: 'prod-copy-grant', KmsKeyId: KEY_ARN, Tags: [{ Key: 'team', Value: 'data' }], RemovalPolicy: 'retain', TimeoutSeconds: 600,
    });
  });

  test('the generated name changes with the key and the region (the grant is then replaced, not changed in place)', () => {
    const name = (props: GrantProps) =>
      Object.values(Template.fromStack(grant(props)).findResources(RESOURCE_TYPE))[0].Properties.SnapshotCopyGrantName as string;
    const plain = name({});
    expect(name({})).toBe(plain);
    expect(name({ keyArn: KEY_ARN })).not.toBe(plain);
    expect(name({ destinationRegion: 'eu-west-1' })).not.toBe(plain);
    expect(plain.length).toBeLessThanOrEqual(63);
  });

  test('a CrossRegionSnapshotCopy using the grant\'s name depends on the grant', () => {
    const stack = stackIn();
    const copyGrant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN) });
    new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: copyGrant.snapshotCopyGrantName });
    Template.fromStack(stack).hasResourceProperties('Custom::RedshiftCrossRegionSnapshotCopy', {
      SnapshotCopyGrantName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Grant'), 'SnapshotCopyGrantName'] },
    });
  });
});

describe('a grant used by a retained copy (the copy keeps using it, so it cannot be deleted)', () => {
  const removalPolicyOf = (stack: Stack) =>
    Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE)).map((resource) => resource.Properties.RemovalPolicy);

  test.each([
    ['the grant\'s attribute', (g: SnapshotCopyGrant) => g.snapshotCopyGrantName],
    ['the literal name', () => 'prod-copy-grant'],
  ])('is retained when a RETAIN copy of the stack uses it by %s', (_how, nameOf) => {
    const stack = stackIn();
    const copyGrant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', snapshotCopyGrantName: 'prod-copy-grant' });
    new CrossRegionSnapshotCopy(stack, 'Copy', {
      clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: nameOf(copyGrant), removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(removalPolicyOf(stack)).toEqual(['retain']);
  });

  test('is destroyed (the default) when the copy that uses it is destroyed too', () => {
    const stack = stackIn();
    const copyGrant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2' });
    new CrossRegionSnapshotCopy(stack, 'Copy', { clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: copyGrant.snapshotCopyGrantName });
    new CrossRegionSnapshotCopy(stack, 'Other', {
      clusterIdentifier: 'reporting', destinationRegion: 'us-west-2', snapshotCopyGrantName: 'someone-elses-grant', removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(removalPolicyOf(stack)).toEqual(['destroy']);
  });

  test('an explicit RemovalPolicy.DESTROY fails synthesis naming the retained copy', () => {
    const stack = stackIn();
    const copyGrant = new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', removalPolicy: RemovalPolicy.DESTROY });
    new CrossRegionSnapshotCopy(stack, 'Copy', {
      clusterIdentifier: 'analytics', destinationRegion: 'us-west-2', snapshotCopyGrantName: copyGrant.snapshotCopyGrantName, removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(() => Template.fromStack(stack)).toThrow(/Stack\/Grant: invalid removalPolicy "destroy": the CrossRegionSnapshotCopy Stack\/Copy uses this grant and is retained/);
  });
});

describe('validation at synth time', () => {
  test('an alias (kms.Alias) is rejected: its keyArn is the alias\'s ARN', () => {
    const stack = stackIn();
    expect(() => new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: 'us-west-2', destinationEncryptionKey: kms.Alias.fromAliasName(stack, 'Alias', 'alias/my-key') }))
      .toThrow(/^Stack\/Grant: invalid destinationEncryptionKey "Stack\/Alias": must be a KMS key, not an alias/);
  });

  test.each<[string, GrantProps, RegExp]>([
    ['a key in another region', { keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' }, /invalid destinationEncryptionKey "arn:aws:kms:eu-west-1:123456789012:key\/abc": must be a key in destinationRegion \(us-west-2\); this key is in eu-west-1/],
    ['an ARN that is not a KMS key', { keyArn: 'arn:aws:s3:::bucket/key' }, /invalid destinationEncryptionKey .*must be a KMS key \(arn:…:kms:<region>:<account>:key\/<id>\), not an alias/],
    ['an alias ARN', { keyArn: 'arn:aws:kms:us-west-2:123456789012:alias/my-key' }, /invalid destinationEncryptionKey "arn:aws:kms:us-west-2:123456789012:alias\/my-key": must be a KMS key/],
    ['a key ARN over 2048 characters', { keyArn: `${KEY_ARN}${'k'.repeat(2048)}` }, /invalid destinationEncryptionKey "arn:aws:kms:us-west-2:123456789012:key\/1234abcd-12ab-34cd-56ef-1234567890abk+": must have an ARN of 1 to 2048 characters/],
    ['a name with uppercase', { snapshotCopyGrantName: 'Prod' }, /invalid snapshotCopyGrantName "Prod": must be 1 to 63 lowercase letters/],
    ['a name of 64 characters', { snapshotCopyGrantName: 'g'.repeat(64) }, /invalid snapshotCopyGrantName "g{64}"/],
    ['the stack\'s own region', { destinationRegion: 'us-east-1' }, /invalid destinationRegion "us-east-1": must differ from the stack's own region/],
    ['an unknown region', { destinationRegion: 'mars-north-1' }, /invalid destinationRegion "mars-north-1": must be an AWS region name/],
    ['50 tags (the handler adds the 50th, its owner tag)', { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }, /invalid tags "50 tags": at most 49/],
    ['the reserved owner tag key', { tags: { 'cdk-db-snapshots:owner': 'me' } }, /invalid tag key "cdk-db-snapshots:owner": is reserved/],
    ['a tag key with the aws: prefix', { tags: { 'aws:x': 'v' } }, /invalid tag key "aws:x"/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => grant(props)).toThrow(message);
  });

  test.each<[string, GrantProps]>([
    ['a key ARN in the destination region', { keyArn: KEY_ARN }],
    ['a name of 63 characters', { snapshotCopyGrantName: 'g'.repeat(63) }],
  ])('%s is accepted', (_case, props) => {
    expect(() => grant(props)).not.toThrow();
  });
});

describe('permissions', () => {
  test('the grant actions on exactly the grant\'s ARN in the destination region', () => {
    Template.fromStack(grant({ snapshotCopyGrantName: 'prod-copy-grant' })).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: [
            'redshift:CreateSnapshotCopyGrant',
            'redshift:CreateTags',
            'redshift:DeleteSnapshotCopyGrant',
            'redshift:DeleteTags',
          ],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':redshift:us-west-2:123456789012:snapshotcopygrant:prod-copy-grant']] },
        }],
      },
    });
  });

  test('redshift:DescribeSnapshotCopyGrants on "*": it has no resource-level permissions', () => {
    Template.fromStack(grant()).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Effect: 'Allow', Action: 'redshift:DescribeSnapshotCopyGrants', Resource: '*' }]) },
    });
  });

  test('a given key: kms:DescribeKey on that key; kms:CreateGrant on that key only for AWS resources', () => {
    Template.fromStack(grant({ keyArn: KEY_ARN })).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: 'kms:DescribeKey', Resource: KEY_ARN },
          { Effect: 'Allow', Action: 'kms:CreateGrant', Resource: KEY_ARN, Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } },
        ]),
      },
    });
  });

  test('no key: no KMS permission at all', () => {
    expect(JSON.stringify(Template.fromStack(grant()).toJSON())).not.toContain('kms:');
  });

  test('two grants share one provider', () => {
    const stack = grant();
    new SnapshotCopyGrant(stack, 'Other', { destinationRegion: 'eu-west-1' });
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });
});

test('template snapshot', () => {
  expect(templateForSnapshot(grant({ keyArn: KEY_ARN, snapshotCopyGrantName: 'prod-copy-grant', tags: { team: 'data' } }))).toMatchSnapshot();
});
