// shareWith at synth: what ClusterSnapshot and ServerlessSnapshot send their handler, the permissions
// they grant (only with shareWith), the KMS key of an encrypted cluster, and cdk-nag on the result.

import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClusterSnapshot, ServerlessSnapshot } from '../lib';
import { handlerRoleId, listOf, rolePolicies, SynthesizedTemplate } from './util/role-policies';

const stackFor = () => new Stack(new App(), 'Sharing', { env: { account: '123456789012', region: 'us-east-1' } });
const SHARING = ['redshift:AuthorizeSnapshotAccess', 'redshift:RevokeSnapshotAccess'];
const POLICY_ACTIONS = ['redshift-serverless:PutResourcePolicy', 'redshift-serverless:GetResourcePolicy', 'redshift-serverless:DeleteResourcePolicy'];

/** Every (action, resource) the handler role is allowed. */
function grants(stack: Stack): Array<[string, string]> {
  const template = Template.fromStack(stack).toJSON() as SynthesizedTemplate;
  return rolePolicies(template, handlerRoleId(template)).flatMap((policy) => policy.document.Statement.flatMap((statement) =>
    listOf(statement.Action).flatMap((action) => listOf(statement.Resource as string | string[])
      .map((resource) => [action, resource] as [string, string]))));
}

describe('ClusterSnapshot', () => {
  test('without shareWith: no ShareWith property, no sharing permission', () => {
    const stack = stackFor();
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', snapshotIdentifier: 'nightly' });
    const properties = Template.fromStack(stack).findResources('Custom::RedshiftClusterSnapshot');
    expect(Object.values(properties)[0].Properties.ShareWith).toBeUndefined();
    expect(grants(stack).filter(([action]) => SHARING.includes(action))).toEqual([]);
  });

  test('with shareWith: the accounts go to the handler; Authorize/RevokeSnapshotAccess on the cluster and on the snapshot', () => {
    const stack = stackFor();
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', snapshotIdentifier: 'nightly', shareWith: ['111111111111', 'amazon-redshift-support'] });
    Template.fromStack(stack).hasResourceProperties('Custom::RedshiftClusterSnapshot', { ShareWith: ['111111111111', 'amazon-redshift-support'] });
    for (const action of SHARING) {
      expect(grants(stack)).toContainEqual([action, 'arn:aws:redshift:us-east-1:123456789012:cluster:analytics']);
      expect(grants(stack)).toContainEqual([action, 'arn:aws:redshift:us-east-1:123456789012:snapshot:*/nightly']);
    }
  });

  test('shareWith: [] still grants the permissions, so that an Update can revoke what was shared', () => {
    const stack = stackFor();
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', snapshotIdentifier: 'nightly', shareWith: [] });
    expect(grants(stack)).toContainEqual(['redshift:RevokeSnapshotAccess', 'arn:aws:redshift:us-east-1:123456789012:snapshot:*/nightly']);
  });

  test('encryptionKey of the app: kms:DescribeKey for the handler, kms:Decrypt for the shared accounts in the key policy', () => {
    const stack = stackFor();
    const key = new kms.Key(stack, 'Key');
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', shareWith: ['111111111111', 'amazon-redshift-support'], encryptionKey: key });
    expect(grants(stack).filter(([action]) => action.startsWith('kms:'))).toEqual([['kms:DescribeKey', expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//)]]);
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'kms:Decrypt',
          Effect: 'Allow',
          Resource: '*',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } },
        })]),
      },
    });
  });

  test('encryptionKey imported: a warning to add the key policy statement by hand', () => {
    const stack = stackFor();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', shareWith: ['111111111111'], encryptionKey: key });
    Annotations.fromStack(stack).hasWarning('/Sharing/Snapshot', Match.stringLikeRegexp('is not managed by this app: add a statement to its key policy that allows kms:Decrypt'));
  });
});

test('ClusterSnapshot encryptionKey without shareWith: a warning that it changes nothing, and no key permission', () => {
  const stack = stackFor();
  new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', encryptionKey: new kms.Key(stack, 'Key') });
  Annotations.fromStack(stack).hasWarning('/Sharing/Snapshot', Match.stringLikeRegexp('encryptionKey is used only to share the snapshot'));
  expect(grants(stack).filter(([action]) => action.startsWith('kms:'))).toEqual([]);
});

describe('ServerlessSnapshot', () => {
  test('without shareWith: no resource policy permission', () => {
    const stack = stackFor();
    new ServerlessSnapshot(stack, 'Snapshot', { namespaceName: 'analytics' });
    expect(grants(stack).filter(([action]) => POLICY_ACTIONS.includes(action))).toEqual([]);
  });

  test('with shareWith: the accounts go to the handler; Put/Get/DeleteResourcePolicy on * (they take no resource)', () => {
    const stack = stackFor();
    new ServerlessSnapshot(stack, 'Snapshot', { namespaceName: 'analytics', shareWith: ['111111111111'] });
    Template.fromStack(stack).hasResourceProperties('Custom::RedshiftServerlessSnapshot', { ShareWith: ['111111111111'] });
    for (const action of POLICY_ACTIONS) expect(grants(stack)).toContainEqual([action, '*']);
  });

  test('cdk-nag: the * of the resource policy actions is acknowledged with its reason, nothing else', () => {
    const stack = stackFor();
    new ServerlessSnapshot(stack, 'Snapshot', { namespaceName: 'analytics', shareWith: ['111111111111'] });
    new ClusterSnapshot(stack, 'Cluster', { clusterIdentifier: 'analytics', shareWith: ['111111111111'] });
    Aspects.of(stack).add(new AwsSolutionsChecks());
    expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
  });
});
