import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SnapshotCopyJob, SnapshotSource } from '../lib';

/**
 * The README's SnapshotCopyJob example: a MemoryDB snapshot exported to S3 and copied under a new key, and a
 * DocumentDB elastic cluster snapshot copied with its tags.
 */
export function addSnapshotCopyJobExample(scope: Construct): void {
  const exports = new s3.Bucket(scope, 'SessionExports', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // MemoryDB's prerequisite for an export ("Exporting a snapshot", step 3): ACLs enabled, bucket owner preferred.
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
  });
  const key = new kms.Key(scope, 'SnapshotKey', { enableKeyRotation: true });

  new SnapshotCopyJob(scope, 'ExportSessions', {
    source: SnapshotSource.memoryDb({ snapshotName: 'sessions-2026-11-22' }),
    targetSnapshotName: 'sessions-export',
    targetBucket: exports,
    timeout: Duration.minutes(30),
  });

  new SnapshotCopyJob(scope, 'ReencryptSessions', {
    source: SnapshotSource.memoryDb({ snapshotName: 'sessions-2026-11-22' }),
    targetSnapshotName: 'sessions-reencrypted',
    encryptionKey: key,
    tags: { team: 'platform' },
    removalPolicy: RemovalPolicy.RETAIN,
  });

  new SnapshotCopyJob(scope, 'CopyOrders', {
    source: SnapshotSource.docDbElastic({ snapshotArn: 'arn:aws:docdb-elastic:us-east-1:123456789012:cluster-snapshot/0123abcd-orders-nightly' }),
    targetSnapshotName: 'orders-copy',
    copyTags: true,
    encryptionKey: key,
  });
}
