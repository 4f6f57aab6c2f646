// One JSON line per event and per AWS call outcome. Never the ResponseURL, never whole events.

import { OnEventRequest } from './framework';

interface LogContext {
  readonly requestId?: string;
  readonly logicalResourceId?: string;
  readonly requestType?: string;
}

// A Lambda instance handles one invocation at a time, so the current request can live here.
let context: LogContext = {};

/** Starts logging for an event: later lines carry its request id. Logs the event's identifying fields. */
export function logEvent(handler: string, event: OnEventRequest): void {
  context = {
    requestId: event.RequestId,
    logicalResourceId: event.LogicalResourceId,
    requestType: event.RequestType,
  };
  const { ServiceToken: _token, ...properties } = event.ResourceProperties as Record<string, unknown>;
  log({
    event: handler,
    physicalResourceId: event.PhysicalResourceId,
    resourceType: event.ResourceType,
    properties,
  });
}

export function log(fields: Record<string, unknown>): void {
  // eslint-disable-next-line no-console
  console.log(JSON.stringify({ ...context, ...fields }));
}
