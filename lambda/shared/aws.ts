// The AWS SDK settings every handler uses, and the one function through which every AWS call goes.

import { log } from './log';

/**
 * Client settings: adaptive retry for throttling and 5xx answers, a few attempts, and short per-request
 * timeouts, so that one invocation (3 minutes) always ends well before its Lambda timeout:
 * 4 attempts x (3 s connect + 15 s request) + backoff stays under 90 seconds.
 */
export const CLIENT_CONFIG = {
  maxAttempts: 4,
  retryMode: 'adaptive',
  requestHandler: {
    connectionTimeout: 3_000,
    // REQUEST_TIMEOUT_MS shortens the wait for a hung connection in the fault-injection tests.
    requestTimeout: Number(process.env.REQUEST_TIMEOUT_MS ?? 15_000),
    // Without this the SDK only logs a warning and keeps waiting on a hung connection.
    throwOnRequestTimeout: true,
  },
} as const;

/** The output type of an SDK v3 command, read off its middleware stack's handler. */
type CommandOutput<C> = C extends { resolveMiddleware(...args: any[]): (...args: any[]) => Promise<{ output: infer O }> } ? O : never;

/**
 * Sends one command and logs one JSON line with the operation, its input and the outcome.
 * Callers pass only inputs that identify AWS objects; none of our calls carry secrets.
 */
export async function send<C extends { readonly input: object }>(
  client: { send(command: NoInfer<C>): Promise<unknown> },
  command: C,
): Promise<CommandOutput<C>> {
  const operation = command.constructor.name.replace(/Command$/, '');
  const started = Date.now();
  try {
    const output = await client.send(command) as CommandOutput<C>;
    log({ call: operation, input: command.input, outcome: 'ok', ms: Date.now() - started });
    return output;
  } catch (error) {
    const err = error as Error & { $metadata?: { httpStatusCode?: number } };
    log({
      call: operation,
      input: command.input,
      outcome: 'error',
      error: err.name,
      message: err.message,
      httpStatus: err.$metadata?.httpStatusCode,
      ms: Date.now() - started,
    });
    throw error;
  }
}
