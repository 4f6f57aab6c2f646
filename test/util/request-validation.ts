// Jest setup (setupFilesAfterEnv, .projenrc.ts): after every test, every request any aws-sdk-client-mock mock
// received is checked against AWS's service model of its operation and AWS's tag rules (test/util/service-models.ts).
// Every mock is found as it is made (mockClient is wrapped here), so no test lists its mocks; a test that sends an
// invalid request on purpose says so with allowInvalidRequests(reason).

import type { mockClient } from 'aws-sdk-client-mock';
import { expectValidRequests, ServiceRequest } from './service-models';

// The module that defines mockClient: the package's index re-exports it through a getter that reads this module's
// export at each call, so replacing the export here reaches every `import { mockClient }` of the test file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mockModule = require('aws-sdk-client-mock/dist/cjs/mockClient') as { mockClient: typeof mockClient };

interface RecordedCall {
  readonly args: unknown[];
  readonly thisValue: unknown;
  /** sinon numbers every call of every stub in one sequence. */
  readonly callId: number;
}
interface Stub {
  calls(): RecordedCall[];
}

const STUBS = Symbol.for('cdk-db-snapshots.request-validation.stubs');
const ALLOWED = Symbol.for('cdk-db-snapshots.request-validation.allowed');
type State = { [STUBS]?: Stub[]; [ALLOWED]?: string };
const state = globalThis as unknown as State;

/**
 * Opts the current test out of the request validation of mocked clients: for a test that sends a request AWS would
 * refuse on purpose (e.g. to show the handler's message for AWS's answer). The reason is required and shows in the test.
 */
export function allowInvalidRequests(reason: string): void {
  if (reason.trim().length === 0) throw new Error('allowInvalidRequests needs the reason the test sends an invalid request');
  state[ALLOWED] = reason;
}

/** The requests a stub received after call `afterCallId`, as the handler's `send` names them. */
function requestsOf(stub: Stub, afterCallId: number): ServiceRequest[] {
  return stub.calls().filter((call) => call.callId > afterCallId).flatMap((call) => {
    const command = call.args[0] as { constructor: { name: string }; input?: unknown } | undefined;
    const client = call.thisValue as { config?: { serviceId?: string } } | undefined;
    const service = client?.config?.serviceId;
    if (!command || typeof service !== 'string') return [];
    return [{ service, call: command.constructor.name.replace(/Command$/, ''), input: command.input }];
  });
}

/** Installs the wrapper and the afterEach; run once per test file by jest. */
export function installRequestValidation(): void {
  const original = mockModule.mockClient;
  const registry: Stub[] = state[STUBS] = [];
  mockModule.mockClient = ((...args: Parameters<typeof original>) => {
    const stub = original(...args);
    registry.push(stub as unknown as Stub);
    return stub;
  }) as typeof original;

  // Each test's requests are checked once, after it: calls a test file does not reset stay with their stub.
  let checkedUpTo = -1;
  afterEach(() => {
    const since = checkedUpTo;
    checkedUpTo = Math.max(checkedUpTo, ...registry.flatMap((stub) => stub.calls().map((call) => call.callId)));
    const allowed = state[ALLOWED];
    state[ALLOWED] = undefined;
    if (allowed !== undefined) return;
    expectValidRequests(registry.flatMap((stub) => requestsOf(stub, since)), 'requests to mocked AWS clients');
  });
}
