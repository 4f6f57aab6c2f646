// Waiting with the Provider framework: onEvent records when the work started, isComplete is called every
// poll interval until it says complete. Each construct has its own timeout although the provider is shared.

import { IsCompleteRequest } from './framework';
import { HANDLER_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../../lib/handler-properties/common';

/** The Data key onEvent sets: when this request's work started (ISO 8601). */
export const STARTED_AT = 'StartedAt';

/** What one pass of a handler found: done, or waiting for something it names. */
export type Progress =
  | { readonly done: true; readonly data?: Record<string, string | number> }
  | { readonly done: false; readonly waitingFor: string };

export const DONE: Progress = { done: true };

export function waitingFor(reason: string): Progress {
  return { done: false, waitingFor: reason };
}

export function startedNow(): Record<string, string> {
  return { [STARTED_AT]: new Date().toISOString() };
}

/** How often the shared provider calls isComplete, in seconds (set on the functions by the provider). */
export function providerPollSeconds(): number {
  return Number(process.env[POLL_INTERVAL_ENV] ?? '10');
}

/** Seconds since onEvent started this request's work; undefined when onEvent recorded no start. */
export function elapsedSeconds(event: IsCompleteRequest, now = Date.now()): number | undefined {
  const startedAt = Date.parse(String(event.Data?.[STARTED_AT] ?? ''));
  return Number.isNaN(startedAt) ? undefined : Math.max(0, Math.round((now - startedAt) / 1000));
}

/**
 * What the deadline leaves for the Provider framework around our passes: before StartedAt, CloudFormation's
 * request reaching the framework's onEvent and ours (two invocations, perhaps cold starts); after the last pass,
 * the framework's response to CloudFormation. CloudFormation's clock runs from its request, not from StartedAt.
 */
export const FRAMEWORK_MARGIN_SECONDS = 30;

/**
 * Throws when waiting once more would pass a deadline, with what it was waiting for and how long it waited, so
 * that our message, not a generic timeout, reaches CloudFormation. Two deadlines, counted from StartedAt:
 *
 * - the construct's `timeout`: give up when the next pass (one poll interval from now) would start after it;
 * - CloudFormation's hour for a custom resource (MAX_TIMEOUT_SECONDS, the default and maximum ServiceTimeout):
 *   give up when the next pass could END after it. That pass starts one poll interval from now and may run as
 *   long as the handler's Lambda timeout (HANDLER_TIMEOUT_SECONDS); CloudFormation started counting before
 *   StartedAt (FRAMEWORK_MARGIN_SECONDS). Were it to fail instead, CloudFormation (or the framework's own
 *   totalTimeout, which starts later still) would fail the resource with a generic "timed out" and no reason.
 *
 * "Once more" is the provider's poll interval (the environment), or the kind's own when it is longer: a kind
 * that skips the polls in between (lambda/shared/polling.ts) next looks at AWS one kind interval later.
 */
export function checkDeadline(event: IsCompleteRequest, timeoutSeconds: number, reason: string, now = Date.now(), kindIntervalSeconds = 0): void {
  const elapsed = elapsedSeconds(event, now);
  if (elapsed === undefined) return;
  const pollSeconds = Math.max(providerPollSeconds(), kindIntervalSeconds);
  if (elapsed + pollSeconds > timeoutSeconds) {
    throw new Error(`timed out after ${formatSeconds(elapsed)} (timeout ${formatSeconds(timeoutSeconds)}) `
      + `waiting for ${reason}`);
  }
  const nextPassEndsBy = elapsed + pollSeconds + HANDLER_TIMEOUT_SECONDS + FRAMEWORK_MARGIN_SECONDS;
  if (nextPassEndsBy > MAX_TIMEOUT_SECONDS) {
    throw new Error(`timed out after ${formatSeconds(elapsed)} (CloudFormation allows a custom resource `
      + `${formatSeconds(MAX_TIMEOUT_SECONDS)}, and the next check might end after that) waiting for ${reason}`);
  }
}

export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}
