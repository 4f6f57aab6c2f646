// Which resource a mark on an AWS object belongs to: its stack and logical id, which no other resource shares.

import { createHash } from 'crypto';
import { OnEventRequest } from './framework';

/**
 * The owner id of the event's resource: `<stack id>#<logical id>`. A stack id (an ARN ending in a unique id) and a
 * logical id can exceed the 256 characters of a tag value: then a hash of them.
 */
export function ownerId(event: OnEventRequest): string {
  const value = `${event.StackId}#${event.LogicalResourceId}`;
  return value.length <= 256 ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`;
}

/** A short, alphanumeric mark of the owner (e.g. for an IAM policy Sid, which allows only [A-Za-z0-9]). */
export function ownerHash(event: OnEventRequest): string {
  return createHash('sha256').update(`${event.StackId}#${event.LogicalResourceId}`).digest('hex').slice(0, 16);
}
