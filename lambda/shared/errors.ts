// How handlers tell "the user must fix this" from everything else.

/**
 * A failure the user must fix (wrong name, missing grant, no permission). Its message goes to
 * CloudFormation as the reason the resource failed, so it says what to change.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * The UserError for an AWS error the user must fix, from a handler's table of error name → what to fix;
 * undefined for names not in the table (those are rethrown as they are).
 */
export function userErrorFrom(name: string, fixes: Record<string, string>): UserError | undefined {
  const fix = fixes[name];
  return fix === undefined ? undefined : new UserError(`${fix} (${name})`);
}

/** The AWS error name (`ClusterNotFoundFault`, ...) of a thrown SDK error, or undefined. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof (error as Error).name === 'string') {
    return (error as Error).name;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Names of AWS answers and network failures that go away by themselves. */
const TRANSIENT_NAMES = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestLimitExceeded', 'TooManyRequestsException',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ServiceUnavailable', 'ServiceUnavailableException',
  'InternalFailure', 'InternalError', 'InternalServerError', 'InternalServerException',
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException',
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN',
  // Redshift: "The request cannot be completed because a dependent service is throttling requests made by Amazon
  // Redshift on your behalf. Wait and retry the request." (Amazon Redshift API Reference, common to
  // AuthorizeSnapshotAccess, EnableSnapshotCopy, CreateSnapshotCopyGrant, ...). HTTP 400, so neither the SDK's retry
  // nor the status code below sees it.
  'DependentServiceRequestThrottlingFault',
]);

/**
 * Whether an error is AWS or the network being unwell rather than an answer about our request:
 * throttling, 5xx, timeouts, dropped connections. The SDK has already retried these; a handler waits
 * for the next poll instead of failing the deployment.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; code?: string; $fault?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return Boolean(e.$retryable) || e.$fault === 'server' || status >= 500 || status === 429
    || TRANSIENT_NAMES.has(e.name ?? '') || TRANSIENT_NAMES.has(e.code ?? '');
}
