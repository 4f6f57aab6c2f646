// Where the stack of an event lives: partition, region and account, read from its StackId
// (arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>), for building ARNs.

import { OnEventRequest } from './framework';

export interface StackEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export function stackEnvironment(event: OnEventRequest): StackEnvironment {
  const [, partition, , region, account] = event.StackId.split(':');
  return { partition, region, account };
}
