import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SnapshotValidationError } from './validation';
import { MAX_ACCOUNTS_PER_SNAPSHOT, REDSHIFT_SUPPORT_ACCOUNT } from '../handler-properties/sharing';

/** What a construct accepts in `shareWith`. */
export interface ShareWithRules {
  /** Whether `amazon-redshift-support` is accepted (provisioned Redshift documents it; Serverless does not). */
  readonly allowRedshiftSupport: boolean;
}

/**
 * Checks `shareWith`: 12-digit account ids (and `amazon-redshift-support` where allowed), at most
 * MAX_ACCOUNTS_PER_SNAPSHOT, no duplicates, not the stack's own account when it is known ("Attempts to authorize
 * or revoke access to the owner account will receive an error", Amazon Redshift Management Guide, "Sharing a
 * snapshot"). Unresolved tokens are left to the handler.
 */
export function checkShareWith(scope: IConstruct, accounts: string[] | undefined, rules: ShareWithRules): void {
  if (accounts === undefined || Token.isUnresolved(accounts)) return;
  const allowed = rules.allowRedshiftSupport ? `12-digit AWS account ids or "${REDSHIFT_SUPPORT_ACCOUNT}"` : '12-digit AWS account ids';
  if (accounts.length > MAX_ACCOUNTS_PER_SNAPSHOT) {
    throw new SnapshotValidationError(scope, 'shareWith', `${accounts.length} accounts`,
      `at most ${MAX_ACCOUNTS_PER_SNAPSHOT} accounts may restore one snapshot (Redshift quota, not adjustable)`);
  }
  const seen = new Set<string>();
  const ownAccount = Stack.of(scope).account;
  for (const account of accounts) {
    if (Token.isUnresolved(account)) continue;
    const valid = /^\d{12}$/.test(account) || (rules.allowRedshiftSupport && account === REDSHIFT_SUPPORT_ACCOUNT);
    if (!valid) {
      throw new SnapshotValidationError(scope, 'shareWith account', account, `must be one of ${allowed}`);
    }
    if (seen.has(account)) {
      throw new SnapshotValidationError(scope, 'shareWith account', account, 'is listed twice: list each account once');
    }
    seen.add(account);
    if (!Token.isUnresolved(ownAccount) && account === ownAccount) {
      throw new SnapshotValidationError(scope, 'shareWith account', account,
        'is the stack\'s own account, which owns the snapshot and can always restore it: list only other accounts');
    }
  }
}
