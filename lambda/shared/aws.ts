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

/** What `send` needs of an SDK v3 client: its service and region name the request in the log. */
interface Client<C> {
  readonly config: { readonly serviceId: string; region(): Promise<string> };
  send(command: NoInfer<C>): Promise<unknown>;
}

/**
 * Sends one command and logs one JSON line with the service, region, operation, its input and the outcome
 * (what a reader, and the IAM simulation of the tests, needs to know which request IAM authorized).
 * Callers pass only inputs that identify AWS objects; none of our calls carry secrets.
 */
export async function send<C extends { readonly input: object }>(client: Client<C>, command: C): Promise<CommandOutput<C>> {
  const request = {
    service: client.config.serviceId,
    region: await client.config.region(),
    call: command.constructor.name.replace(/Command$/, ''),
    input: command.input,
  };
  const started = Date.now();
  try {
    const output = await client.send(command) as CommandOutput<C>;
    log({ ...request, outcome: 'ok', ms: Date.now() - started });
    return output;
  } catch (error) {
    const err = error as Error & { $metadata?: { httpStatusCode?: number } };
    log({
      ...request,
      outcome: 'error',
      error: err.name,
      message: err.message,
      httpStatus: err.$metadata?.httpStatusCode,
      ms: Date.now() - started,
    });
    throw error;
  }
}
