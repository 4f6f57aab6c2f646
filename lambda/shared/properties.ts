// Parsing resource properties: CloudFormation delivers every value as a string ("7", "true").
// A bad value here is a bug or a hand-written template, and fails with the property's name.

import { UserError } from './errors';
import { RawProperties } from './framework';

export function requiredString(props: RawProperties, name: string): string {
  const value = props[name];
  if (typeof value !== 'string' || value === '') {
    throw new UserError(`property ${name} is required, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalString(props: RawProperties, name: string): string | undefined {
  const value = props[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new UserError(`property ${name} must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A whole number in [min, max], or one of `also` (e.g. -1 for "indefinitely"). Accepts "7" and 7. */
export function integer(props: RawProperties, name: string, min: number, max: number, also: number[] = []): number {
  const raw = props[name];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || ((value < min || value > max) && !also.includes(value))) {
    const allowed = `${also.length ? also.join(', ') + ' or ' : ''}a whole number from ${min} to ${max}`;
    throw new UserError(`property ${name} must be ${allowed}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function oneOf<T extends string>(props: RawProperties, name: string, values: readonly T[]): T {
  const value = props[name];
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw new UserError(`property ${name} must be one of ${values.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A list of `{ Key, Value }` tags (CloudFormation keeps the list, and the values are strings). */
export function tags(props: RawProperties, name: string): Array<{ Key: string; Value: string }> {
  const value = props[name];
  if (value === undefined || value === '') return [];
  const valid = Array.isArray(value) && value.every((tag) => typeof tag === 'object' && tag !== null
    && typeof (tag as { Key?: unknown }).Key === 'string' && typeof ((tag as { Value?: unknown }).Value ?? '') === 'string');
  if (!valid) {
    throw new UserError(`property ${name} must be a list of { Key, Value } tags, got ${JSON.stringify(value)}`);
  }
  return (value as Array<{ Key: string; Value?: string }>).map((tag) => ({ Key: tag.Key, Value: tag.Value ?? '' }));
}

/** The `Tags` property in Redshift Serverless's shape: a list of `{ key, value }`. */
export function serverlessTags(props: RawProperties): Array<{ key: string; value: string }> {
  const value = props.Tags;
  if (value === undefined || value === '') return [];
  if (!Array.isArray(value) || !value.every((tag) => typeof tag?.key === 'string' && typeof (tag.value ?? '') === 'string')) {
    throw new UserError(`property Tags must be a list of { key, value } tags, got ${JSON.stringify(value)}`);
  }
  return value.map((tag: { key: string; value?: string }) => ({ key: tag.key, value: tag.value ?? '' }));
}

/** A list of strings, or undefined when the property is absent (CloudFormation keeps lists as lists). */
export function optionalStringList(props: RawProperties, name: string): string[] | undefined {
  const value = props[name];
  if (value === undefined || value === '') return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new UserError(`property ${name} must be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

/**
 * The user's tags, refusing the keys the handler sets itself (an owner, provenance or sharing record: `reserved`
 * says which, as the construct's synth check does): a user's tag there would overwrite it, and its removal delete
 * it. The construct refuses them at synth; this holds for a template written by hand too.
 */
export function userTags(
  props: RawProperties, name: string, reserved: { readonly key?: string; readonly prefix?: string },
): Array<{ Key: string; Value: string }> {
  const list = tags(props, name);
  const found = list.find((tag) => tag.Key === reserved.key || (reserved.prefix !== undefined && tag.Key.startsWith(reserved.prefix)));
  if (found) {
    throw new UserError(`property ${name} must not set the tag key "${found.Key}": `
      + `${reserved.prefix !== undefined ? `keys starting with "${reserved.prefix}" are` : 'it is'} set by this resource's handler`);
  }
  return list;
}
