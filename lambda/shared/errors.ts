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
