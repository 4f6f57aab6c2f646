// Which accounts may restore a ClusterSnapshot: AuthorizeSnapshotAccess / RevokeSnapshotAccess, with the accounts
// this resource authorized recorded as tags of the snapshot (RESTORE_ACCESS_TAG_PREFIX + account = owner id).
//
// Why tags: CloudFormation hands a custom resource nothing of what it returned before, and a Delete or a rollback
// must revoke exactly what this resource authorized. The record lives with the snapshot and is written BEFORE an
// authorization and removed AFTER a revocation, so a pass cut short (a Lambda timeout, a replayed event, a
// rollback) leaves at worst a record of an account not (or no longer) authorized, which the next pass settles;
// never an authorization of ours without a record, which would look like someone else's.

import {
  AuthorizeSnapshotAccessCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  RedshiftClient,
  RevokeSnapshotAccessCommand,
  Snapshot,
} from '@aws-sdk/client-redshift';
import { REDSHIFT_SUPPORT_ACCOUNT, RESTORE_ACCESS_TAG_PREFIX } from '../../lib/handler-properties/sharing';
import { send } from '../shared/aws';
import { awsErrorName, UserError } from '../shared/errors';
import { log } from '../shared/log';

export interface SharingTarget {
  readonly ClusterIdentifier: string;
  readonly SnapshotIdentifier: string;
  readonly ShareWith?: string[];
}

/** The accounts the snapshot's AccountsWithRestoreAccess names: AWS Support by its alias, others by account id. */
export function authorizedAccounts(snapshot: Snapshot): string[] {
  return (snapshot.AccountsWithRestoreAccess ?? []).map((account) =>
    account.AccountAlias === REDSHIFT_SUPPORT_ACCOUNT ? REDSHIFT_SUPPORT_ACCOUNT : account.AccountId ?? account.AccountAlias ?? '?');
}

/** The accounts this resource (owner) recorded as authorized by it. */
export function ownAccounts(snapshot: Snapshot, owner: string): string[] {
  return (snapshot.Tags ?? [])
    .filter((tag) => tag.Key?.startsWith(RESTORE_ACCESS_TAG_PREFIX) && tag.Value === owner)
    .map((tag) => tag.Key!.slice(RESTORE_ACCESS_TAG_PREFIX.length));
}

/**
 * Brings the snapshot's authorizations to `ShareWith`: records and authorizes the accounts it lacks, revokes and
 * forgets the accounts this resource authorized that are no longer wanted. Accounts authorized by someone else are
 * never touched, only logged. True when it changed something.
 */
export async function syncSharing(redshift: RedshiftClient, target: SharingTarget, snapshot: Snapshot, owner: string, arn: string): Promise<boolean> {
  const wanted = target.ShareWith ?? [];
  const authorized = new Set(authorizedAccounts(snapshot));
  const ours = new Set(ownAccounts(snapshot, owner));
  const toRecord = wanted.filter((account) => !ours.has(account) && !authorized.has(account));
  const toAuthorize = wanted.filter((account) => !authorized.has(account));
  const unwanted = [...ours].filter((account) => !wanted.includes(account));
  const toRevoke = unwanted.filter((account) => authorized.has(account));
  const foreign = [...authorized].filter((account) => !ours.has(account));
  if (foreign.length > 0) {
    log({
      outcome: 'kept',
      reason: `accounts ${foreign.join(', ')} were authorized to restore snapshot "${target.SnapshotIdentifier}" by someone else than this `
        + 'resource: left as they are, and never revoked by it',
    });
  }

  let changed = false;
  if (toRecord.length > 0) {
    await send(redshift, new CreateTagsCommand({
      ResourceName: arn,
      Tags: toRecord.map((account) => ({ Key: `${RESTORE_ACCESS_TAG_PREFIX}${account}`, Value: owner })),
    }));
    changed = true;
  }
  for (const account of toAuthorize) {
    changed = await authorize(redshift, target, account) || changed;
  }
  for (const account of toRevoke) {
    changed = await revoke(redshift, target, account) || changed;
  }
  if (unwanted.length > 0) {
    await send(redshift, new DeleteTagsCommand({ ResourceName: arn, TagKeys: unwanted.map((account) => `${RESTORE_ACCESS_TAG_PREFIX}${account}`) }));
    changed = true;
  }
  return changed;
}

/**
 * AuthorizeSnapshotAccess, passing SnapshotClusterIdentifier ("required if the associated IAM policy doesn't allow
 * access to all (*) snapshots", API Reference). True when it authorized; false when the account already was.
 */
async function authorize(redshift: RedshiftClient, target: SharingTarget, account: string): Promise<boolean> {
  try {
    await send(redshift, new AuthorizeSnapshotAccessCommand({
      SnapshotIdentifier: target.SnapshotIdentifier,
      SnapshotClusterIdentifier: target.ClusterIdentifier,
      AccountWithRestoreAccess: account,
    }));
    return true;
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    if (name === 'AuthorizationAlreadyExistsFault') return false;
    const subject = `authorizing account ${account} to restore snapshot "${target.SnapshotIdentifier}" failed (${message})`;
    if (name === 'AuthorizationQuotaExceededFault') {
      throw new UserError(`${subject}: Redshift allows 20 accounts per snapshot and 100 per KMS key; share with fewer accounts (${name})`);
    }
    if (name === 'LimitExceededFault') {
      throw new UserError(`${subject}: the snapshot's KMS key has reached its grant limit in AWS KMS; retire grants you no longer need (${name})`);
    }
    if (/AccessDenied|UnauthorizedOperation/.test(name)) {
      throw new UserError(`${subject}: if the snapshot is encrypted with a customer managed KMS key, set encryptionKey to it, so that the `
        + `handler may read it (kms:DescribeKey) (${name})`);
    }
    // UnsupportedOperationFault is documented only as "The requested operation isn't supported" (Amazon Redshift
    // API Reference, AuthorizeSnapshotAccess): nothing links it to the account id, so the message says no more.
    if (name === 'UnsupportedOperationFault') {
      throw new UserError(`${subject}: Amazon Redshift answered that the requested operation isn't supported for this snapshot; `
        + `AWS documents no further cause (${name})`);
    }
    // InvalidParameterValue, a common error of the Redshift API: "An invalid or out-of-range value was supplied for the input parameter".
    if (name === 'InvalidParameterValue') {
      throw new UserError(`${subject}: Amazon Redshift rejected a value of the request: check the account id in shareWith (${name})`);
    }
    throw error;
  }
}

/** RevokeSnapshotAccess; true when it revoked, false when the account was no longer authorized. */
async function revoke(redshift: RedshiftClient, target: SharingTarget, account: string): Promise<boolean> {
  try {
    await send(redshift, new RevokeSnapshotAccessCommand({
      SnapshotIdentifier: target.SnapshotIdentifier,
      SnapshotClusterIdentifier: target.ClusterIdentifier,
      AccountWithRestoreAccess: account,
    }));
    return true;
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    if (name === 'AuthorizationNotFoundFault' || name === 'ClusterSnapshotNotFoundFault') return false;
    if (/AccessDenied|UnauthorizedOperation/.test(name)) {
      throw new UserError(`revoking the access of account ${account} to snapshot "${target.SnapshotIdentifier}" was denied `
        + `(${(error as Error).message}): the handler may revoke only while shareWith is set. To stop sharing, deploy shareWith: [] first, `
        + `then remove the prop (${name})`);
    }
    throw error;
  }
}

/**
 * Before a Delete: fails naming the accounts someone else authorized (Redshift deletes only snapshots "with no
 * other users authorized to access the snapshot", DeleteClusterSnapshot), then revokes this resource's own.
 */
export async function revokeOwnBeforeDelete(redshift: RedshiftClient, target: SharingTarget, snapshot: Snapshot, owner: string): Promise<void> {
  const ours = new Set(ownAccounts(snapshot, owner));
  const authorized = authorizedAccounts(snapshot);
  const foreign = authorized.filter((account) => !ours.has(account));
  if (foreign.length > 0) {
    throw new UserError(`snapshot "${target.SnapshotIdentifier}" is not deleted: accounts ${foreign.join(', ')} are authorized to restore it. `
      + 'Revoke their access (RevokeSnapshotAccess) or set removalPolicy to RemovalPolicy.RETAIN');
  }
  for (const account of authorized) {
    await revoke(redshift, target, account);
  }
}
