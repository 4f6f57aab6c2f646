// The skeleton every handler shares: onEvent decides the physical id and starts the clock, isComplete
// does the work one idempotent pass at a time until AWS is in the state the properties ask for.
//
// Doing the work in isComplete (and re-reading AWS on every pass) is what makes the handlers safe under
// CloudFormation's retries, replays and rollbacks: a pass never trusts what an earlier pass did.

import { awsErrorName, errorMessage, isTransientAwsError } from './errors';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, RawProperties } from './framework';
import { log, logEvent } from './log';
import { integer, oneOf } from './properties';
import { checkDeadline, DONE, Progress, startedNow, waitingFor } from './waiting';
import { HandlerRemovalPolicy, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../../lib/handler-properties/common';

/** What every parsed property set has. */
export interface ParsedCommon {
  readonly RemovalPolicy: HandlerRemovalPolicy;
  readonly TimeoutSeconds: number;
}

/** The properties every resource has (lib/handler-properties/common.ts), parsed. */
export function parseCommon(props: RawProperties): ParsedCommon {
  return {
    RemovalPolicy: oneOf(props, 'RemovalPolicy', [HandlerRemovalPolicy.DESTROY, HandlerRemovalPolicy.RETAIN]),
    TimeoutSeconds: integer(props, 'TimeoutSeconds', MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS),
  };
}

export interface ResourceHandler<P extends ParsedCommon> {
  /** Validates and types the string properties CloudFormation sends; throws UserError. */
  parse(props: RawProperties): P;
  /** The id of the AWS object the properties describe; a different id means a replacement. */
  physicalId(props: P): string;
  /** One pass of Create or Update (also the Update that replaces the resource). */
  converge(props: P, event: IsCompleteRequest): Promise<Progress>;
  /** One pass of Delete with RemovalPolicy.DESTROY. */
  remove(props: P, event: IsCompleteRequest): Promise<Progress>;
  /**
   * The physical id of a Create or Update, when it depends on what AWS holds when the request starts (a kind
   * whose objects carry no tags remembers there whether it made the object or found it). Default: `physicalId`.
   */
  decidePhysicalId?(props: P, event: OnEventRequest): Promise<string>;
}

/** How the router calls a kind's isComplete. */
export interface PollOptions {
  /** How often this kind looks at AWS, when longer than the provider's poll interval (lambda/shared/polling.ts). */
  readonly kindIntervalSeconds?: number;
}

/** What each kind's module under lambda/ exports, and the router (lambda/index.ts) calls. */
export interface Handlers {
  onEvent(event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(event: IsCompleteRequest, options?: PollOptions): Promise<IsCompleteResponse>;
}

export function handlers<P extends ParsedCommon>(resource: ResourceHandler<P>): Handlers {
  return {
    async onEvent(event) {
      logEvent('onEvent', event);
      const props = resource.parse(event.ResourceProperties);
      switch (event.RequestType) {
        case 'Create':
        case 'Update':
          return {
            PhysicalResourceId: resource.decidePhysicalId ? await resource.decidePhysicalId(props, event) : resource.physicalId(props),
            Data: startedNow(),
          };
        case 'Delete':
          // Delete never changes the id.
          return { PhysicalResourceId: event.PhysicalResourceId, Data: startedNow() };
      }
    },

    async isComplete(event, options) {
      logEvent('isComplete', event);
      const props = resource.parse(event.ResourceProperties);
      const progress = await passOrWait(resource, props, event);
      if (progress.done) {
        log({ outcome: 'complete' });
        return { IsComplete: true, Data: progress.data };
      }
      log({ outcome: 'waiting', waitingFor: progress.waitingFor });
      checkDeadline(event, props.TimeoutSeconds, progress.waitingFor, Date.now(), options?.kindIntervalSeconds);
      return { IsComplete: false };
    },
  };
}

/** One pass; AWS being unwell (after the SDK's own retries) means trying again on the next poll. */
async function passOrWait<P extends ParsedCommon>(resource: ResourceHandler<P>, props: P, event: IsCompleteRequest): Promise<Progress> {
  try {
    return await pass(resource, props, event);
  } catch (error) {
    if (!isTransientAwsError(error)) throw error;
    return waitingFor(`AWS to answer (${awsErrorName(error)}: ${errorMessage(error)})`);
  }
}

async function pass<P extends ParsedCommon>(resource: ResourceHandler<P>, props: P, event: IsCompleteRequest): Promise<Progress> {
  switch (event.RequestType) {
    case 'Create':
    case 'Update':
      return resource.converge(props, event);
    case 'Delete':
      if (props.RemovalPolicy === HandlerRemovalPolicy.RETAIN) {
        log({ outcome: 'retained', physicalResourceId: event.PhysicalResourceId });
        return { done: true };
      }
      return resource.remove(props, event);
  }
}

/**
 * A Delete's answer for a snapshot that is still being made: success, leaving it in place, with a log line that
 * says so. A Delete finds a snapshot of ours unfinished only when the Create (or replacing Update) that made it did
 * not complete, i.e. in the rollback of that very request: waiting for it there could outlast CloudFormation's hour
 * for the Delete too (a snapshot that took longer than the Create's hour likely takes longer still), and a failed
 * rollback Delete leaves the stack ROLLBACK_FAILED. What is not deletable is never deleted: the user deletes it
 * once it is finished, or deploys again, and the Create adopts it.
 */
export function leaveUnfinished(snapshot: string, status: string): Progress {
  log({
    outcome: 'left',
    reason: `${snapshot} is still being created (status ${status}): not deleted, and not waited for. Delete it once it is `
      + 'finished, or deploy the resource again: its Create adopts the snapshot',
  });
  return DONE;
}

/**
 * The properties of the resource as it was before this Update, when it is the same AWS object
 * (an Update in place). Undefined on Create and on an Update that replaces the object.
 */
export function previousInPlace<P extends ParsedCommon>(resource: ResourceHandler<P>, props: P, event: IsCompleteRequest): P | undefined {
  if (event.RequestType !== 'Update' || event.OldResourceProperties === undefined) return undefined;
  const old = resource.parse(event.OldResourceProperties);
  return resource.physicalId(old) === resource.physicalId(props) ? old : undefined;
}

/** What changes between tag lists: tags to set, and keys to remove (only keys this resource set before). */
export function tagChanges(
  current: Array<{ Key?: string; Value?: string }>,
  wanted: Array<{ Key: string; Value: string }>,
  previouslyWanted: Array<{ Key: string; Value: string }>,
): { set: Array<{ Key: string; Value: string }>; remove: string[] } {
  const currentValues = new Map(current.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  const wantedKeys = new Set(wanted.map((tag) => tag.Key));
  return {
    set: wanted.filter((tag) => currentValues.get(tag.Key) !== tag.Value),
    remove: previouslyWanted.map((tag) => tag.Key).filter((key) => !wantedKeys.has(key) && currentValues.has(key)),
  };
}

/**
 * Tag changes for services whose Get/Describe does not return tags: set the wanted tags when they differ
 * from the properties before (or there were none before: a Create, which may have adopted the object), and
 * remove only keys this resource set before and no longer wants.
 */
export function tagChangesSincePrevious<T>(
  wanted: T[],
  previous: T[] | undefined,
  keyOf: (tag: T) => string,
): { set: T[]; remove: string[] } {
  const changed = JSON.stringify(previous ?? null) !== JSON.stringify(wanted);
  const wantedKeys = new Set(wanted.map(keyOf));
  return {
    set: changed ? wanted : [],
    remove: (previous ?? []).map(keyOf).filter((key) => !wantedKeys.has(key)),
  };
}
