import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { Construct } from 'constructs';
import { ServerlessSnapshotCopy, SnapshotRetention } from '../lib';

/**
 * The README's ServerlessSnapshotCopy example: the namespace's snapshots copied to us-west-2, encrypted there with
 * a key of that region, kept for a week.
 */
export function addServerlessSnapshotCopyExample(scope: Construct, namespace: redshiftserverless.CfnNamespace): void {
  new ServerlessSnapshotCopy(scope, 'AnalyticsDr', {
    namespaceName: namespace.attrNamespaceNamespaceName,
    destinationRegion: 'us-west-2',
    retention: SnapshotRetention.days(7),
    destinationEncryptionKey: kms.Key.fromKeyArn(scope, 'AnalyticsDrKey', 'arn:aws:kms:us-west-2:123456789012:key/1111aaaa-2222-3333-4444-555566667777'),
    removalPolicy: RemovalPolicy.DESTROY,
    timeout: Duration.minutes(30),
  });
}
