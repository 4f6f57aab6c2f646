// The survivors of `npm run mutation` accepted as they are: mutants no test can tell from the code, because the
// change cannot alter what the handler does. bench/mutation.ts counts a survivor that matches an entry as
// "accepted" (not in the score) and lists every entry, with its reason, in docs/mutation.md. Production code
// carries no `// Stryker disable` comments: this list is the one place such a decision is written and reviewed.
//
// An entry matches a surviving (or uncovered) mutant of its file made by its mutator on a line containing its
// code, and, where it names them, of exactly its original text and with its replacement (so that the other mutants
// of that line are still judged).

/** One accepted survivor (or one kind of survivor on the lines of one file that contain `code`). */
export interface AcceptedSurvivor {
  /** The mutated file, relative to the repository root, as Stryker's report names it. */
  readonly file: string;
  /** Text the mutated line contains: it finds the line again when the code around it moves. */
  readonly code: string;
  /** Text of the declaration of the top-level function the line is in, where `code` alone names lines elsewhere too. */
  readonly within?: string;
  /** Stryker's mutator name (StringLiteral, ConditionalExpression, ...). */
  readonly mutator: string;
  /** The text the mutant replaces, where the line has other mutants of this mutator that tests must kill. */
  readonly original?: string;
  /** What Stryker puts in its place, for the same reason. */
  readonly replacement?: string;
  /** Why the change cannot alter behaviour. */
  readonly why: string;
}

const NAMELESS_ERROR = 'An error without a name matches none of the error names compared below, whatever string stands in for the'
  + ' missing name: the handler rethrows it either way.';
const NOT_A_TAG = 'The list only stands in for tags AWS did not answer; an element that is not a tag has no Key, so it matches'
  + ' no tag key compared or changed, and no tag is added or removed because of it.';

const REVOKED_IS_UNWANTED = 'What revoke() answers never changes the outcome: syncSharing revokes only accounts it no longer wants, and'
  + ' deleting their record right after is a change whatever RevokeSnapshotAccess answered; the Delete path ignores the answer.';

const POLICY_ANSWER_UNREAD = 'ServerlessSnapshot\'s handler awaits syncPolicy and reads nothing of its answer (whether it changed'
  + ' the policy): it reports the resource done either way.';

export const ACCEPTED_SURVIVORS: readonly AcceptedSurvivor[] = [
  { file: 'lambda/cluster-snapshot/index.ts', code: 'previousInPlace(resource, props, event)?.Tags ?? []', mutator: 'ArrayDeclaration', why: NOT_A_TAG },
  { file: 'lambda/cluster-snapshot/index.ts', code: 'tagChanges(snapshot.Tags ?? [], props.Tags, previousTags)', mutator: 'ArrayDeclaration', why: NOT_A_TAG },
  { file: 'lambda/cluster-snapshot/index.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  { file: 'lambda/cluster-snapshot/sharing.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  { file: 'lambda/cluster-snapshot/sharing.ts', code: 'return (snapshot.Tags ?? [])', mutator: 'ArrayDeclaration', why: NOT_A_TAG },
  {
    file: 'lambda/cluster-snapshot/sharing.ts',
    code: 'changed = await revoke(redshift, target, account) || changed;',
    mutator: 'LogicalOperator',
    why: REVOKED_IS_UNWANTED,
  },
  { file: 'lambda/cluster-snapshot/sharing.ts', code: 'return true;', within: 'async function revoke(', mutator: 'BooleanLiteral', why: REVOKED_IS_UNWANTED },
  {
    file: 'lambda/cluster-snapshot/sharing.ts',
    code: "if (name === 'AuthorizationNotFoundFault' || name === 'ClusterSnapshotNotFoundFault') return false;",
    mutator: 'BooleanLiteral',
    why: REVOKED_IS_UNWANTED,
  },
  { file: 'lambda/cross-region-snapshot-copy/index.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  { file: 'lambda/serverless-snapshot/index.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  { file: 'lambda/serverless-snapshot/sharing.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  {
    file: 'lambda/serverless-snapshot/sharing.ts',
    code: "const resourceArn = snapshot.snapshotArn ?? '';",
    within: 'function syncPolicy(',
    mutator: 'StringLiteral',
    why: 'The handler calls syncPolicy only once GetSnapshot has answered the snapshot\'s ARN (it waits for one before),'
      + ' so the fallback for a missing ARN is never used.',
  },
  { file: 'lambda/serverless-snapshot/sharing.ts', code: 'if (same) return false;', mutator: 'BooleanLiteral', why: POLICY_ANSWER_UNREAD },
  { file: 'lambda/serverless-snapshot/sharing.ts', code: 'return true;', within: 'function syncPolicy(', mutator: 'BooleanLiteral', why: POLICY_ANSWER_UNREAD },
  {
    file: 'lambda/serverless-snapshot/sharing.ts',
    code: 'const same = mine !== undefined',
    mutator: 'ConditionalExpression',
    original: 'mine !== undefined',
    replacement: 'true',
    why: 'Without a statement of ours the accounts it lists are none, so the first branch compares the wanted accounts'
      + ' with an empty list: equal exactly when none are wanted, which is what the second branch says.',
  },
  {
    file: 'lambda/shared/cluster-status.ts',
    code: "NEEDS_THE_USER[status ?? '']",
    mutator: 'StringLiteral',
    why: 'Without a status, the table is looked up under a stand-in key; no status the table names is an empty string or'
      + ' any other stand-in, so the lookup finds nothing either way.',
  },
  {
    file: 'lambda/shared/errors.ts',
    code: "if (typeof error !== 'object' || error === null) return false;",
    mutator: 'ConditionalExpression',
    original: "typeof error !== 'object'",
    replacement: 'false',
    why: 'Without the type test a string or number goes on to the checks below (null is still stopped by the second'
      + ' half); such a value has none of the fields they read, so the answer is false either way.',
  },
  {
    file: 'lambda/shared/polling.ts',
    code: 'if (kindIntervalSeconds <= providerIntervalSeconds) return true;',
    mutator: 'ConditionalExpression',
    original: 'kindIntervalSeconds <= providerIntervalSeconds',
    replacement: 'false',
    why: 'A shortcut: when the kind\'s interval is no longer than the provider\'s, the elapsed time modulo the kind\'s'
      + ' interval is below the provider\'s interval, so the checks below answer true as well.',
  },
  {
    file: 'lambda/shared/polling.ts',
    code: 'if (kindIntervalSeconds <= providerIntervalSeconds) return true;',
    mutator: 'EqualityOperator',
    why: 'The same shortcut for equal intervals: the checks below answer true for them too.',
  },
  {
    file: 'lambda/shared/properties.ts',
    code: "if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {",
    mutator: 'ConditionalExpression',
    original: "typeof value !== 'string'",
    replacement: 'false',
    why: 'The type test only spares the list a value that is not a string; such a value is in no list of strings,'
      + ' so the second half rejects it with the same message.',
  },
  {
    file: 'lambda/shared/waiting.ts',
    code: "Date.parse(String(event.Data?.[STARTED_AT] ?? ''))",
    mutator: 'StringLiteral',
    why: 'Without a recorded start, the stand-in text is parsed as a date; any text that is not a date parses to NaN'
      + ' alike, and NaN is what the next line treats as "no start".',
  },
  {
    file: 'lambda/shared/waiting.ts',
    code: 'if (elapsed === undefined) return;',
    mutator: 'ConditionalExpression',
    why: 'Without a start, the comparisons below are with NaN, which are never true: nothing is thrown either way.',
  },
  {
    file: 'lambda/snapshot-copy-grant/index.ts',
    code: 'if (!client) {',
    mutator: 'ConditionalExpression',
    why: 'The map only saves making a client per region again; a new client for every call sends the same requests.',
  },
  { file: 'lambda/snapshot-copy-grant/index.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  { file: 'lambda/snapshot-copy-grant/index.ts', code: 'tagChanges(grant.Tags ?? [], wantedTags, previous?.Tags ?? [])', mutator: 'ArrayDeclaration', why: NOT_A_TAG },
  { file: 'lambda/snapshot-copy-grant/index.ts', code: '(grant.Tags ?? []).some(', mutator: 'ArrayDeclaration', why: NOT_A_TAG },
  {
    file: 'lambda/snapshot-copy-grant/index.ts',
    code: "const id = (key: string | undefined) => (key ?? '').replace(",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    why: 'No key and a key of another id compare alike (unequal to the key wanted), whatever text stands in for the'
      + ' missing key.',
  },
  {
    file: 'lambda/snapshot-copy-grant/index.ts',
    code: "const id = (key: string | undefined) => (key ?? '').replace(",
    mutator: 'Regex',
    why: 'Dropping the `^` anchor: no key id contains an ARN\'s prefix, so the pattern only ever matches at the start.',
  },
  {
    file: 'lambda/snapshot-copy-job/docdb-elastic.ts',
    code: "WAITING_STATUSES.includes(copy.status ?? '')",
    mutator: 'StringLiteral',
    replacement: '"Stryker was here!"',
    why: 'A copy without a status is looked up under a stand-in status; no stand-in is one of the statuses listed, so'
      + ' it is not waited for either way.',
  },
  { file: 'lambda/snapshot-copy-job/docdb-elastic.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  {
    file: 'lambda/snapshot-copy-job/index.ts',
    code: "event.RequestType === 'Update' && event.OldResourceProperties ?",
    mutator: 'ConditionalExpression',
    original: "event.RequestType === 'Update'",
    replacement: 'true',
    why: 'CloudFormation sends OldResourceProperties with Update requests only ("Custom resource request objects" and'
      + ' "Update request for CloudFormation custom resources", AWS CloudFormation User Guide), so testing for Update'
      + ' picks no request that the presence of OldResourceProperties does not pick.',
  },
  {
    file: 'lambda/snapshot-copy-job/index.ts',
    code: "event.RequestType === 'Update' && event.OldResourceProperties ?",
    mutator: 'LogicalOperator',
    why: 'As above: with OldResourceProperties present only on Update requests, `||` and `&&` pick the same ones.',
  },
  { file: 'lambda/snapshot-copy-job/memorydb.ts', code: "awsErrorName(error) ?? ''", mutator: 'StringLiteral', why: NAMELESS_ERROR },
  { file: 'lambda/snapshot-copy-job/memorydb.ts', code: 'provenanceFrom(props, output.TagList ?? [])', mutator: 'ArrayDeclaration', why: NOT_A_TAG },
];
