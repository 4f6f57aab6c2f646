// AWS's documented tag rules of each service this library tags objects of: one table, read by the constructs at
// synth (lib/private/tags.ts), by the handlers where they write a tag value of their own (lambda/shared/owner.ts),
// and by the test suite, which checks every request the handlers send against it. Plain TypeScript with nothing
// from aws-cdk-lib: handlers import it too.

/** The services whose objects carry tags this library writes, by the IAM prefix of the service. */
export type TaggedService = 'redshift' | 'redshift-serverless' | 'memorydb' | 'docdb-elastic';

/** What one service documents about the tags of one resource. */
export interface TagRules {
  /** At most this many tags on one resource. */
  readonly maxPerResource: number;
  /** Where `maxPerResource` comes from. */
  readonly maxPerResourceSource: string;
  /** A key has 1 to this many characters. */
  readonly maxKeyLength: number;
  /** A value has at most this many characters. */
  readonly maxValueLength: number;
  /** Keys must match this, where the service documents a pattern or character set for keys. */
  readonly keyPattern?: RegExp;
  /** Values must match this, where the service documents a pattern or character set for values. */
  readonly valuePattern?: RegExp;
  /** Words for the characters `keyPattern`/`valuePattern` allow, for messages. */
  readonly allowedCharacters?: string;
  /** The page(s) the row comes from. */
  readonly sources: readonly string[];
}

/**
 * Letters, digits, whitespace and `_ . : / = + - @`: the characters Redshift documents for tag keys and values
 * (and names in its InvalidTagFault: "Tag values may only contain unicode letters, digits, whitespace, or one of
 * these symbols: _ . : / = + - @").
 */
export const STANDARD_TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const STANDARD_TAG_CHARACTERS_IN_WORDS = 'letters, digits, whitespace and _ . : / = + - @';

/** Whether AWS's standard tag character set allows `text` (what a handler checks before writing a tag value of its own). */
export function hasOnlyStandardTagCharacters(text: string): boolean {
  return STANDARD_TAG_CHARACTERS.test(text);
}

/** No service lets a user write a tag key that starts with `aws:` (any case): AWS reserves the prefix. */
export const RESERVED_TAG_KEY_PREFIX = 'aws:';

export const TAG_RULES: { readonly [service in TaggedService]: TagRules } = {
  'redshift': {
    maxPerResource: 50,
    maxPerResourceSource: 'Amazon Redshift Management Guide, "Tagging resources overview": each resource can have up to 50 tags',
    maxKeyLength: 128,
    maxValueLength: 256,
    keyPattern: STANDARD_TAG_CHARACTERS,
    valuePattern: STANDARD_TAG_CHARACTERS,
    allowedCharacters: STANDARD_TAG_CHARACTERS_IN_WORDS,
    sources: [
      'https://docs.aws.amazon.com/redshift/latest/mgmt/amazon-redshift-tagging.html',
      'https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateTags.html ("A resource can have up to 50 tags")',
    ],
  },
  'redshift-serverless': {
    // The API's TagList takes up to 200 items in one request; the resource itself holds 50.
    maxPerResource: 50,
    maxPerResourceSource: 'Amazon Redshift Management Guide, "Tagging resources overview" (Redshift Serverless): each resource can have up to 50 tags in its tag set',
    maxKeyLength: 128,
    maxValueLength: 256,
    // The same page: "Allowed characters for keys and values are Unicode letters, digits, white space, and any of the
    // following symbols: _ . : / = + - @", the set provisioned Redshift documents.
    keyPattern: STANDARD_TAG_CHARACTERS,
    valuePattern: STANDARD_TAG_CHARACTERS,
    allowedCharacters: STANDARD_TAG_CHARACTERS_IN_WORDS,
    sources: [
      'https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-tagging-resources.html (count, lengths, characters)',
      'https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Tag.html (key 1-128, value 0-256)',
    ],
  },
  'memorydb': {
    // MemoryDB Developer Guide, "Tagging your MemoryDB resources": "Maximum number of tags per resource – 50" (the
    // requests' Tags lists take up to 200 items, but the snapshot holds 50), and "MemoryDB allows for any character
    // in its tags": no character rule. (The CloudFormation Tag type's pattern is CloudFormation's, not MemoryDB's.)
    maxPerResource: 50,
    maxPerResourceSource: 'MemoryDB Developer Guide, "Tagging your MemoryDB resources": "Maximum number of tags per resource – 50"',
    maxKeyLength: 128,
    maxValueLength: 256,
    sources: [
      'https://docs.aws.amazon.com/memorydb/latest/devguide/tagging-resources.html (count, lengths, "any character")',
    ],
  },
  'docdb-elastic': {
    // DocumentDB elastic documents no tags-per-resource count: its TagMap (CopyClusterSnapshot and TagResource `tags`)
    // has no maximum, and the only count it gives is UntagResource's `tagKeys`, "Maximum number of 50 items" per request
    // (the handler removes keys in batches of that size). The construct holds a copy to 200, the most any tag request
    // of the services in this table takes, so that it refuses no count AWS is documented to accept; AWS itself reports
    // a lower real limit at deployment.
    maxPerResource: 200,
    maxPerResourceSource: 'not documented for DocumentDB elastic clusters (TagMap has no maximum): held to 200',
    maxKeyLength: 128,
    maxValueLength: 256,
    // As the API reference writes it: `+-=` is the range from + to =, which includes the digits.
    keyPattern: /^(?!aws:)[a-zA-Z+-=._:/]+$/,
    allowedCharacters: 'ASCII letters and the characters + through = (digits, + , - . / : ; < =), _ and .',
    sources: [
      'https://docs.aws.amazon.com/documentdb/latest/developerguide/API_elastic_TagResource.html (key pattern, key 1-128, value 0-256)',
    ],
  },
};

/** What is wrong with a tag key under a service's rules (each a rule the key breaks); empty when nothing is. */
export function tagKeyViolations(rules: TagRules, key: string): string[] {
  const violations: string[] = [];
  if (key.length < 1 || key.length > rules.maxKeyLength) violations.push(`must be 1 to ${rules.maxKeyLength} characters`);
  if (key.toLowerCase().startsWith(RESERVED_TAG_KEY_PREFIX)) violations.push('must not start with "aws:" (reserved for AWS)');
  if (rules.keyPattern && !rules.keyPattern.test(key)) violations.push(`must match ${rules.keyPattern.source} (${rules.allowedCharacters})`);
  return violations;
}

/** What is wrong with a tag value under a service's rules; empty when nothing is. */
export function tagValueViolations(rules: TagRules, value: string): string[] {
  const violations: string[] = [];
  if (value.length > rules.maxValueLength) violations.push(`must be at most ${rules.maxValueLength} characters`);
  if (rules.valuePattern && !rules.valuePattern.test(value)) violations.push(`must match ${rules.valuePattern.source} (${rules.allowedCharacters})`);
  return violations;
}
