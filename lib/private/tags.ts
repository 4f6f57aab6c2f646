import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SnapshotValidationError } from './validation';

/** The tag rules of a service, from its API reference. */
export interface TagRules {
  /** At most this many tags on one resource. */
  readonly maxCount: number;
  /** Tag keys must match this, when the service documents a pattern. */
  readonly keyPattern?: RegExp;
}

/**
 * Checks tags against the rules every service here shares (key 1–128 characters, value 0–256, no `aws:`
 * prefix) and the service's own count limit and key pattern. Keys and values that are tokens are left to AWS; a map that is a token is refused.
 */
export function checkTags(scope: IConstruct, tags: { [key: string]: string } | undefined, rules: TagRules): void {
  if (tags === undefined) return;
  if (Token.isUnresolved(tags)) {
    throw new SnapshotValidationError(scope, 'tags', '<token>', 'must be a map written out at synth time (its keys and values may be tokens): '
      + 'the construct must see the keys to count them against the service\'s limit and to check them, which a map that is one token hides');
  }
  const entries = Object.entries(tags);
  if (entries.length > rules.maxCount) {
    throw new SnapshotValidationError(scope, 'tags', `${entries.length} tags`, `at most ${rules.maxCount} tags are allowed`);
  }
  for (const [key, value] of entries) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    if (key.length < 1 || key.length > 128) {
      throw new SnapshotValidationError(scope, 'tag key', key, 'must be 1 to 128 characters');
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw new SnapshotValidationError(scope, 'tag key', key, 'must not start with "aws:" (reserved for AWS)');
    }
    if (rules.keyPattern && !rules.keyPattern.test(key)) {
      throw new SnapshotValidationError(scope, 'tag key', key, `must match ${rules.keyPattern.source}`);
    }
    if (value.length > 256) {
      throw new SnapshotValidationError(scope, `value of tag "${key}"`, value, 'must be at most 256 characters');
    }
  }
}

/** Tags as the AWS APIs take them, in a stable order. */
export function tagList(tags: { [key: string]: string } | undefined): Array<{ Key: string; Value: string }> {
  return Object.entries(tags ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([Key, Value]) => ({ Key, Value }));
}
