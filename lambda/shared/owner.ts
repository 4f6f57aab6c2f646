// Which resource a mark on an AWS object belongs to: its stack and logical id, which no other resource shares.

import { createHash } from 'crypto';
import { OnEventRequest } from './framework';
import { hasOnlyStandardTagCharacters, TAG_RULES } from '../../lib/handler-properties/tag-rules';

/** What identifies a resource: its stack and its logical id. */
type ResourceIdentity = Pick<OnEventRequest, 'StackId' | 'LogicalResourceId'>;

/**
 * The owner id of the event's resource, written as a tag value: `<stack id>/<logical id>`. A stack id is an ARN
 * (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<unique id>`) and a logical id is alphanumeric,
 * so the last `/` separates them and the value uses only the characters AWS allows in tag values (letters,
 * digits, whitespace and `_ . : / = + - @`; Redshift refuses any other with InvalidTagFault). A value that would
 * hold another character or exceed a tag value's 256 characters is replaced by a hash of it (`sha256:<hex>`),
 * which is as unique and uses only allowed characters.
 */
export function ownerId(event: ResourceIdentity): string {
  const value = `${event.StackId}/${event.LogicalResourceId}`;
  const fits = value.length <= TAG_RULES.redshift.maxValueLength && hasOnlyStandardTagCharacters(value);
  return fits ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

/** A short, alphanumeric mark of the owner (e.g. for an IAM policy Sid, which allows only [A-Za-z0-9]). */
export function ownerHash(event: ResourceIdentity): string {
  return createHash('sha256').update(`${event.StackId}#${event.LogicalResourceId}`).digest('hex').slice(0, 16);
}
