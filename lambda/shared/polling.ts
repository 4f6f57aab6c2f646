// One provider serves every kind, polling isComplete at the shortest interval any kind needs. A kind that wants
// to look at AWS less often (a snapshot takes minutes) skips the polls in between, so that sharing the provider
// makes no more AWS calls per resource than a provider of its own did. Stateless: the decision depends only on
// the time since onEvent started the work (Data.StartedAt), which every poll carries.

import { IsCompleteRequest } from './framework';
import { elapsedSeconds, providerPollSeconds } from './waiting';

/**
 * Whether a kind that looks at AWS every `kindIntervalSeconds` works on this poll, rather than answering "not
 * complete" without calling AWS. It works:
 * - always, when its interval is not longer than the provider's;
 * - on the first poll, and when the start of the work is unknown;
 * - when the elapsed time modulo its interval is below the provider's interval: polls come at least one
 *   provider interval apart, so at most one poll falls in each such window, one window per kind interval;
 * - on the poll after which waiting once more would pass the construct's timeout (`timeoutSeconds`): the
 *   deadline is never skipped, and the kind's handler fails it with what it was waiting for (or finds it done).
 */
export function pollIsDue(
  event: IsCompleteRequest,
  kindIntervalSeconds: number,
  timeoutSeconds: number | undefined,
  now = Date.now(),
  providerIntervalSeconds = providerPollSeconds(),
): boolean {
  if (kindIntervalSeconds <= providerIntervalSeconds) return true;
  const elapsed = elapsedSeconds(event, now);
  if (elapsed === undefined || elapsed < providerIntervalSeconds) return true;
  if (elapsed % kindIntervalSeconds < providerIntervalSeconds) return true;
  return timeoutSeconds === undefined || elapsed + providerIntervalSeconds > timeoutSeconds;
}
