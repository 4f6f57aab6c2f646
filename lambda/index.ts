// The one handler bundle of the shared provider: routes each event by its resource type (event.ResourceType,
// the Custom::... type) to the module of its kind. The kinds are lib/handler-properties/kinds.ts; the table
// below maps each to its module, and a kind without a module there does not compile.
//
import * as clusterSnapshot from './cluster-snapshot';
import * as crossRegionSnapshotCopy from './cross-region-snapshot-copy';
import * as serverlessSnapshot from './serverless-snapshot';
import { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './shared/framework';
import { Handlers } from './shared/handler';
import { log, logEvent } from './shared/log';
import { pollIsDue } from './shared/polling';
import { integer } from './shared/properties';
import * as snapshotCopyGrant from './snapshot-copy-grant';
import * as snapshotCopyJob from './snapshot-copy-job';
import { MAX_TIMEOUT_SECONDS } from '../lib/handler-properties/common';
import { KIND_NAMES, KindName, KINDS, kindOfResourceType } from '../lib/handler-properties/kinds';

/** Each kind's handler module. */
export const HANDLERS: Record<KindName, Handlers> = {
  'cluster-snapshot': clusterSnapshot,
  'cross-region-snapshot-copy': crossRegionSnapshotCopy,
  'serverless-snapshot': serverlessSnapshot,
  'snapshot-copy-grant': snapshotCopyGrant,
  'snapshot-copy-job': snapshotCopyJob,
};

/** The kind of the event's resource; a type this library does not have fails the request, naming those it has. */
export function kindOf(event: OnEventRequest): KindName {
  const kind = kindOfResourceType(event.ResourceType);
  if (kind === undefined) {
    throw new Error(`cdk-db-snapshots has no handler for resource type "${event.ResourceType}": `
      + `it handles ${KIND_NAMES.map((name) => KINDS[name].resourceType).join(', ')}`);
  }
  return kind;
}

export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  return HANDLERS[kindOf(event)].onEvent(event);
}

export async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  const kind = kindOf(event);
  const kindIntervalSeconds = KINDS[kind].pollIntervalSeconds;
  if (!pollIsDue(event, kindIntervalSeconds, timeoutSeconds(event))) {
    logEvent('isComplete', event);
    log({ outcome: 'waiting', waitingFor: `the next look at AWS (every ${kindIntervalSeconds} s for ${KINDS[kind].resourceType})` });
    return { IsComplete: false };
  }
  return HANDLERS[kind].isComplete(event, { kindIntervalSeconds });
}

/** The construct's timeout, for the deadline; undefined when invalid (the kind's handler then says why). */
function timeoutSeconds(event: IsCompleteRequest): number | undefined {
  try {
    return integer(event.ResourceProperties, 'TimeoutSeconds', 1, MAX_TIMEOUT_SECONDS);
  } catch {
    return undefined;
  }
}
