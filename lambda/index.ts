// The one handler bundle of the shared provider: routes each event by its resource type (event.ResourceType,
// the Custom::... type) to the module of its kind. The kinds are lib/handler-properties/kinds.ts; the table
// below maps each to its module, and a kind without a module there does not compile. The one Lambda function
// of the provider serves both the framework's onEvent and isComplete calls (lib/private/handler-provider.ts).
//
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './shared/framework';
import { Handlers } from './shared/handler';
import { log, logEvent } from './shared/log';
import { pollIsDue } from './shared/polling';
import { integer } from './shared/properties';
import { MAX_TIMEOUT_SECONDS } from '../lib/handler-properties/common';
import { KIND_NAMES, KindName, KINDS, kindOfResourceType } from '../lib/handler-properties/kinds';

/* eslint-disable @typescript-eslint/no-require-imports -- each kind's module is loaded on its first event (below) */
/**
 * Each kind's handler module, loaded on the kind's first event rather than when the function starts: a module
 * brings its AWS SDK client, the bulk of the bundle, so a cold start initializes only the client of the kind it
 * serves. The `typeof import` keeps the compiler checking each module against `Handlers`.
 */
const MODULES: Record<KindName, () => Handlers> = {
  'cluster-snapshot': () => require('./cluster-snapshot/index') as typeof import('./cluster-snapshot/index'),
  'cross-region-snapshot-copy': () => require('./cross-region-snapshot-copy/index') as typeof import('./cross-region-snapshot-copy/index'),
  'serverless-snapshot': () => require('./serverless-snapshot/index') as typeof import('./serverless-snapshot/index'),
  'snapshot-copy-grant': () => require('./snapshot-copy-grant/index') as typeof import('./snapshot-copy-grant/index'),
  'snapshot-copy-job': () => require('./snapshot-copy-job/index') as typeof import('./snapshot-copy-job/index'),
  'serverless-snapshot-schedule': () => require('./serverless-snapshot-schedule/index') as typeof import('./serverless-snapshot-schedule/index'),
  'serverless-snapshot-copy': () => require('./serverless-snapshot-copy/index') as typeof import('./serverless-snapshot-copy/index'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The handler module of `kind`, loaded on first use (Node's module cache keeps it for the next events). */
export function handlersOf(kind: KindName): Handlers {
  return MODULES[kind]();
}

/** The kind of the event's resource; a type this library does not have fails the request, naming those it has. */
export function kindOf(event: OnEventRequest): KindName {
  const kind = kindOfResourceType(event.ResourceType);
  if (kind === undefined) {
    throw new Error(`cdk-db-snapshots has no handler for resource type "${event.ResourceType}": `
      + `it handles ${KIND_NAMES.map((name) => KINDS[name].resourceType).join(', ')}`);
  }
  return kind;
}

/**
 * A field of what onEvent returns. The framework passes every field of onEvent's response on to isComplete
 * ("Any other field included in the response will be passed through to `isComplete`", aws-cdk-lib
 * custom-resources README, onEvent response), and CloudFormation's own requests never carry it: the one function
 * of the provider tells the framework's two calls apart by it. The framework's response to CloudFormation
 * carries only its own fields (Status, PhysicalResourceId, Data, ...), so the marker goes no further.
 */
export const IS_COMPLETE_MARKER = 'CdkDbSnapshotsIsComplete';

/** The entry point of the provider's function: the framework's onEvent and isComplete calls both arrive here. */
export async function handler(event: OnEventRequest | IsCompleteRequest): Promise<OnEventResponse | IsCompleteResponse> {
  return IS_COMPLETE_MARKER in event ? isComplete(event as IsCompleteRequest) : onEvent(event);
}

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  const response = await handlersOf(kindOf(event)).onEvent(event);
  return { ...response, [IS_COMPLETE_MARKER]: true } as OnEventResponse;
}

export async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  const kind = kindOf(event);
  const kindIntervalSeconds = KINDS[kind].pollIntervalSeconds;
  if (!pollIsDue(event, kindIntervalSeconds, timeoutSeconds(event))) {
    logEvent('isComplete', event);
    log({ outcome: 'waiting', waitingFor: `the next look at AWS (every ${kindIntervalSeconds} s for ${KINDS[kind].resourceType})` });
    return { IsComplete: false };
  }
  return handlersOf(kind).isComplete(event, { kindIntervalSeconds });
}

/** The construct's timeout, for the deadline; undefined when invalid (the kind's handler then says why). */
function timeoutSeconds(event: IsCompleteRequest): number | undefined {
  try {
    return integer(event.ResourceProperties, 'TimeoutSeconds', 1, MAX_TIMEOUT_SECONDS);
  } catch {
    return undefined;
  }
}
