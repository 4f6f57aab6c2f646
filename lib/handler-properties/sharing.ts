// Sharing a snapshot with other accounts: what ClusterSnapshot and ServerlessSnapshot and their handlers agree
// on. Plain TypeScript only (the handlers import it).

/**
 * The identifier that shares a provisioned snapshot with AWS Support: "To share a snapshot with AWS Support,
 * specify amazon-redshift-support" (Amazon Redshift API Reference, AuthorizeSnapshotAccess,
 * AccountWithRestoreAccess). Redshift Serverless documents no such identifier for its resource policies.
 */
export const REDSHIFT_SUPPORT_ACCOUNT = 'amazon-redshift-support';

/**
 * "You can authorize up to 20 for each snapshot and 100 for each AWS KMS key" (Amazon Redshift Management
 * Guide, "Sharing a snapshot"; the quota "AWS accounts you can authorize to restore a snapshot per snapshot",
 * 20, not adjustable, "Quotas and limits in Amazon Redshift").
 */
export const MAX_ACCOUNTS_PER_SNAPSHOT = 20;

/**
 * ClusterSnapshot records each account it authorized as a tag of the snapshot: key this prefix and the account,
 * value the resource's owner id (its stack id and logical id). Accounts authorized without such a tag are
 * someone else's: never revoked by this resource.
 */
export const RESTORE_ACCESS_TAG_PREFIX = 'cdk-db-snapshots:restore-access:';

/**
 * ServerlessSnapshot writes one statement into the snapshot's resource policy; its Sid is this prefix and a hash
 * of the resource's owner id, so the handler finds its own statement and leaves every other one as it is.
 */
export const RESOURCE_POLICY_SID_PREFIX = 'CdkDbSnapshotsShareWith';

/** The action a resource policy allows the accounts of `shareWith` (PutResourcePolicy, API Reference example). */
export const SERVERLESS_RESTORE_ACTION = 'redshift-serverless:RestoreFromSnapshot';
