import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SnapshotValidationError } from './validation';
import { TAG_RULES, TaggedService, tagKeyViolations, tagValueViolations } from '../handler-properties/tag-rules';

/**
 * Checks tags against the service's documented rules (lib/handler-properties/tag-rules.ts: tags per resource,
 * key and value lengths, allowed characters, no `aws:` prefix), the same table the test suite checks every request
 * against. `reserved` is how many tags of the resource the handler writes itself (an owner or provenance tag).
 * Keys and values that are tokens are left to AWS; a map that is a token is refused.
 */
export function checkTags(scope: IConstruct, tags: { [key: string]: string } | undefined, service: TaggedService, reserved = 0): void {
  if (tags === undefined) return;
  if (Token.isUnresolved(tags)) {
    throw new SnapshotValidationError(scope, 'tags', '<token>', 'must be a map written out at synth time (its keys and values may be tokens): '
      + 'the construct must see the keys to count them against the service\'s limit and to check them, which a map that is one token hides');
  }
  const rules = TAG_RULES[service];
  const entries = Object.entries(tags);
  const maxCount = rules.maxPerResource - reserved;
  if (entries.length > maxCount) {
    const ours = reserved > 0 ? ` (${rules.maxPerResource} per resource, ${reserved} of them written by the handler)` : ' per resource';
    throw new SnapshotValidationError(scope, 'tags', `${entries.length} tags`, `at most ${maxCount} tags are allowed${ours}`);
  }
  for (const [key, value] of entries) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    const [keyViolation] = tagKeyViolations(rules, key);
    if (keyViolation !== undefined) throw new SnapshotValidationError(scope, 'tag key', key, keyViolation);
    const [valueViolation] = tagValueViolations(rules, value);
    if (valueViolation !== undefined) throw new SnapshotValidationError(scope, `value of tag "${key}"`, value, valueViolation);
  }
}

/** Tags as the AWS APIs take them, in a stable order. */
export function tagList(tags: { [key: string]: string } | undefined): Array<{ Key: string; Value: string }> {
  return Object.entries(tags ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([Key, Value]) => ({ Key, Value }));
}
