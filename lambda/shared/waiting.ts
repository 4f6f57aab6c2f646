// Waiting with the Provider framework: onEvent records when the work started, isComplete is called every
// poll interval until it says complete. Each construct has its own timeout although the provider is shared.

import { IsCompleteRequest } from './framework';
import { POLL_INTERVAL_ENV } from '../../lib/handler-properties/common';

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
 * Throws when waiting once more would pass the construct's timeout, with what it was waiting for and
 * how long it waited. Giving up one poll interval early means our message, not the framework's
 * generic "Operation timed out", reaches CloudFormation.
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
}

export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes > 0 ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}
