// Which accounts may restore a ServerlessSnapshot: one statement of this resource's in the snapshot's resource
// policy (PutResourcePolicy, whose documented example allows an account `redshift-serverless:RestoreFromSnapshot`;
// "Currently, you can use policies to share snapshots across AWS accounts", API Reference). The statement's Sid
// (RESOURCE_POLICY_SID_PREFIX + a hash of the owner id) says it is ours: every other statement is someone else's,
// kept as it is when ours changes. The policy itself is the record, so replays and rollbacks converge.

import {
  DeleteResourcePolicyCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  RedshiftServerlessClient,
  Snapshot,
} from '@aws-sdk/client-redshift-serverless';
import { RESOURCE_POLICY_SID_PREFIX, SERVERLESS_RESTORE_ACTION } from '../../lib/handler-properties/sharing';
import { send } from '../shared/aws';
import { awsErrorName, UserError } from '../shared/errors';
import { log } from '../shared/log';

interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: string | { AWS?: string | string[] };
  readonly Action?: string | string[];
  readonly [key: string]: unknown;
}

interface PolicyDocument {
  readonly Version?: string;
  readonly Statement?: PolicyStatement | PolicyStatement[];
  readonly [key: string]: unknown;
}

export interface SharingTarget {
  readonly SnapshotName: string;
  readonly ShareWith?: string[];
}

/** The snapshot's resource policy, or undefined when it has none (GetResourcePolicy: ResourceNotFoundException). */
async function getPolicy(serverless: RedshiftServerlessClient, resourceArn: string): Promise<PolicyDocument | undefined> {
  try {
    const output = await send(serverless, new GetResourcePolicyCommand({ resourceArn }));
    const text = output.resourcePolicy?.policy;
    return text ? JSON.parse(text) as PolicyDocument : undefined;
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw deniedOrAsIs(error, 'reading the resource policy');
  }
}

function statementsOf(policy: PolicyDocument | undefined): PolicyStatement[] {
  const statements = policy?.Statement;
  return statements === undefined ? [] : Array.isArray(statements) ? statements : [statements];
}

/** The principals of a statement: an account id for `123456789012` and `arn:<partition>:iam::123456789012:root`, else as written. */
function principalsOf(statement: PolicyStatement | undefined): string[] {
  const principal = statement?.Principal;
  if (principal === undefined) return [];
  const values = typeof principal === 'string' ? [principal] : [principal.AWS ?? []].flat();
  return values.map((value) => /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1] ?? value);
}

/** The Sid of this resource's statement (a Sid allows only letters and digits). */
export function ownSid(ownerHash: string): string {
  return `${RESOURCE_POLICY_SID_PREFIX}${ownerHash}`;
}

function ownStatement(sid: string, accounts: string[]): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Principal: { AWS: [...accounts] }, Action: [SERVERLESS_RESTORE_ACTION] };
}

/**
 * Brings this resource's statement to `ShareWith`, keeping every other statement. True when it changed the policy.
 */
export async function syncPolicy(
  serverless: RedshiftServerlessClient, target: SharingTarget, snapshot: Snapshot, ownerHash: string,
): Promise<boolean> {
  const resourceArn = snapshot.snapshotArn ?? '';
  const sid = ownSid(ownerHash);
  const policy = await getPolicy(serverless, resourceArn);
  const statements = statementsOf(policy);
  const mine = statements.find((statement) => statement.Sid === sid);
  const others = statements.filter((statement) => statement.Sid !== sid);
  const foreign = [...new Set(others.flatMap(principalsOf))];
  if (foreign.length > 0) {
    log({
      outcome: 'kept',
      reason: `the resource policy of snapshot "${target.SnapshotName}" has statements this resource did not write (principals `
        + `${foreign.join(', ')}): kept as they are`,
    });
  }
  const wanted = target.ShareWith ?? [];
  const current = principalsOf(mine);
  const same = mine !== undefined
    ? wanted.length === current.length && wanted.every((account) => current.includes(account))
    : wanted.length === 0;
  if (same) return false;
  const next = [...others, ...(wanted.length > 0 ? [ownStatement(sid, wanted)] : [])];
  if (next.length === 0) {
    await deletePolicy(serverless, resourceArn);
    return true;
  }
  try {
    await send(serverless, new PutResourcePolicyCommand({
      resourceArn,
      policy: JSON.stringify({ ...policy, Version: policy?.Version ?? '2012-10-17', Statement: next }),
    }));
  } catch (error) {
    if (awsErrorName(error) === 'ValidationException') {
      throw new UserError(`the resource policy of snapshot "${target.SnapshotName}" was rejected (${(error as Error).message}): `
        + 'check the account ids of shareWith (ValidationException)');
    }
    throw deniedOrAsIs(error, 'writing the resource policy');
  }
  return true;
}

async function deletePolicy(serverless: RedshiftServerlessClient, resourceArn: string): Promise<void> {
  try {
    await send(serverless, new DeleteResourcePolicyCommand({ resourceArn }));
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return;
    throw deniedOrAsIs(error, 'deleting the resource policy');
  }
}

/**
 * Before a Delete: fails naming the principals of statements someone else wrote (a snapshot other accounts may
 * restore is never deleted, as with ClusterSnapshot), then removes this resource's own statement. Without
 * `ShareWith` (no permission to read the policy) the snapshot's own lists of accounts decide: GetSnapshot's
 * accountsWithRestoreAccess and accountsWithProvisionedRestoreAccess ("All of the AWS accounts that have access to
 * restore a snapshot", API Reference, Snapshot).
 */
export async function removeOwnBeforeDelete(
  serverless: RedshiftServerlessClient, target: SharingTarget, snapshot: Snapshot, ownerHash: string, managed: boolean,
): Promise<void> {
  const fail = (accounts: string[], how: string) => new UserError(`snapshot "${target.SnapshotName}" is not deleted: `
    + `accounts ${accounts.join(', ')} may restore it (${how}). Remove their access from its resource policy, or set removalPolicy to RemovalPolicy.RETAIN`);
  if (!managed) {
    const accounts = [...new Set([...snapshot.accountsWithRestoreAccess ?? [], ...snapshot.accountsWithProvisionedRestoreAccess ?? []])];
    if (accounts.length > 0) throw fail(accounts, 'as its accountsWithRestoreAccess says');
    return;
  }
  const resourceArn = snapshot.snapshotArn ?? '';
  const sid = ownSid(ownerHash);
  const statements = statementsOf(await getPolicy(serverless, resourceArn));
  const foreign = [...new Set(statements.filter((statement) => statement.Sid !== sid).flatMap(principalsOf))];
  if (foreign.length > 0) throw fail(foreign, 'statements of its resource policy this resource did not write');
  if (statements.length > 0) await deletePolicy(serverless, resourceArn);
}

function deniedOrAsIs(error: unknown, doing: string): unknown {
  const name = awsErrorName(error) ?? '';
  if (!/AccessDenied|UnauthorizedOperation/.test(name)) return error;
  return new UserError(`${doing} was denied (${(error as Error).message}): the handler may change a snapshot's resource policy only while `
    + `shareWith is set. To stop sharing, deploy shareWith: [] first, then remove the prop (${name})`);
}
