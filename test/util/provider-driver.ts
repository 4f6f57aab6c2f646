// Drives a bundled handler the way CloudFormation and the aws-cdk-lib Provider framework do:
// onEvent once, then isComplete until it says complete, throws (the resource fails) or polls run out.
// Each invocation is a fresh `node` process that loads the bundle from the cloud assembly, as a cold Lambda would.
// Every AWS request an invocation sends is simulated against the handler's synthesized role: a request IAM
// would deny fails the test, naming the call, the action, the ARN and the policies it was checked against.
// Every request is also checked against AWS's service model of its operation and AWS's tag rules
// (service-models.ts): a request AWS would refuse fails the test, naming the member, the value and the rule.

import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import type { SynthesizedHandler } from './assembly';
import { asCloudFormationStrings } from './events';
import { loggedRequests } from './iam-simulation';
import { expectValidRequests } from './service-models';
import type { RequestType } from '../../lambda/shared/framework';
import { KINDS } from '../../lib/handler-properties/kinds';

const run = promisify(execFile);
const PROJECT_ROOT = path.join(__dirname, '..', '..');
const RESULT_MARKER = '__HANDLER_RESULT__';

/** The framework answers a failed Create with this id, and ignores the Delete that follows. */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export interface HandlerEnvironment {
  /** The Lambda's region (AWS_REGION). */
  readonly region: string;
  /** Where the SDK sends requests (AWS_ENDPOINT_URL). */
  readonly endpoint: string;
  readonly extraEnv?: Record<string, string>;
}

export interface CfnRequest {
  readonly requestType: RequestType;
  readonly properties: Record<string, unknown>;
  readonly oldProperties?: Record<string, unknown>;
  readonly physicalResourceId?: string;
}

export interface CfnOutcome {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalResourceId?: string;
  readonly data?: Record<string, unknown>;
  readonly reason?: string;
  /** isComplete invocations it took. */
  readonly polls: number;
  /** Every JSON log line the handler printed. */
  readonly logs: string[];
}

export class ProviderDriver {
  public readonly invocations: Array<{ entry: string; result: unknown }> = [];

  /** Every AWS request the handler sent, simulated and allowed, in order: `<service> <operation>`. */
  public readonly authorizedRequests: string[] = [];

  /** @param handler the handler's bundle inside the cloud assembly, and its role */
  constructor(private readonly handler: SynthesizedHandler, private readonly env: HandlerEnvironment) {}

  /** One CloudFormation request, through onEvent and isComplete, as the framework runs it. */
  public async send(request: CfnRequest, maxPolls = 20): Promise<CfnOutcome> {
    const logs: string[] = [];
    if (request.requestType === 'Delete' && request.physicalResourceId === CREATE_FAILED_MARKER) {
      return { status: 'SUCCESS', physicalResourceId: request.physicalResourceId, polls: 0, logs };
    }
    const event = {
      RequestType: request.requestType,
      RequestId: `req-${Math.random().toString(16).slice(2)}`,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/lifecycle/1',
      LogicalResourceId: 'Resource',
      // The router of the bundle finds the kind's module by it.
      ResourceType: KINDS[this.handler.kind].resourceType,
      ResponseURL: 'https://cloudformation-custom-resource-response.s3.amazonaws.com/PRESIGNED-SECRET',
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
      PhysicalResourceId: request.physicalResourceId,
      ResourceProperties: asCloudFormationStrings(request.properties),
      OldResourceProperties: request.oldProperties ? asCloudFormationStrings(request.oldProperties) : undefined,
    };
    const onEvent = await this.invoke('onEvent', event, logs);
    if ('error' in onEvent) {
      const physicalResourceId = request.physicalResourceId ?? CREATE_FAILED_MARKER;
      return { status: 'FAILED', physicalResourceId, reason: onEvent.error, polls: 0, logs };
    }
    const response = onEvent.result as { PhysicalResourceId?: string; Data?: Record<string, unknown> };
    const physicalResourceId = response.PhysicalResourceId ?? request.physicalResourceId ?? event.RequestId;
    const completeEvent = { ...event, ...response, PhysicalResourceId: physicalResourceId };
    for (let poll = 1; poll <= maxPolls; poll++) {
      const complete = await this.invoke('isComplete', completeEvent, logs);
      if ('error' in complete) {
        return { status: 'FAILED', physicalResourceId, reason: complete.error, polls: poll, logs };
      }
      const result = complete.result as { IsComplete: boolean; Data?: Record<string, unknown> };
      if (result.IsComplete) {
        return { status: 'SUCCESS', physicalResourceId, data: { ...response.Data, ...result.Data }, polls: poll, logs };
      }
    }
    return { status: 'FAILED', physicalResourceId, reason: `still not complete after ${maxPolls} polls`, polls: maxPolls, logs };
  }

  /**
   * Runs the function's entry point in a fresh node process with one of the framework's calls: `entry` says which
   * the framework makes (an isComplete event is the request with onEvent's response merged in), the function tells.
   */
  public async invoke(entry: 'onEvent' | 'isComplete', event: object, logs: string[] = []): Promise<{ result: unknown } | { error: string }> {
    const script = `
      const handler = require(${JSON.stringify(this.handler.bundle)});
      handler[${JSON.stringify(this.handler.entryPoint)}](JSON.parse(process.argv[1])).then(
        (result) => console.log(${JSON.stringify(RESULT_MARKER)} + JSON.stringify({ result: result ?? null })),
        (error) => console.log(${JSON.stringify(RESULT_MARKER)} + JSON.stringify({ error: error.message })));`;
    const { stdout } = await run(process.execPath, ['-e', script, JSON.stringify(event)], {
      env: {
        PATH: process.env.PATH,
        NODE_PATH: path.join(PROJECT_ROOT, 'node_modules'),
        AWS_REGION: this.env.region,
        AWS_ENDPOINT_URL: this.env.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        // Every isComplete the driver sends is one the kind works on: the provider's poll interval is the kind's
        // own here, so the router skips none (skipped polls call no AWS; test/handlers/router.test.ts).
        POLL_INTERVAL_SECONDS: String(KINDS[this.handler.kind].pollIntervalSeconds),
        ...this.env.extraEnv,
      },
      timeout: 120_000,
    });
    const lines = stdout.split('\n').filter((line) => line.length > 0);
    const resultLine = lines.find((line) => line.startsWith(RESULT_MARKER));
    const logLines = lines.filter((line) => !line.startsWith(RESULT_MARKER));
    logs.push(...logLines);
    await this.authorize(logLines);
    if (!resultLine) throw new Error(`handler ${entry} printed no result:\n${stdout}`);
    const outcome = JSON.parse(resultLine.slice(RESULT_MARKER.length));
    this.invocations.push({ entry, result: outcome });
    return outcome;
  }

  /** Fails when AWS would refuse, or IAM deny the handler's role, any request of these log lines. */
  private async authorize(logLines: string[]): Promise<void> {
    expectValidRequests(loggedRequests(logLines), `${this.handler.kind} handler`);
    for (const request of loggedRequests(logLines)) {
      const denials = await this.handler.role.denials(request);
      if (denials.length > 0) throw new Error(`AccessDenied on AWS: ${denials.join('; ')}`);
      this.authorizedRequests.push(`${request.service} ${request.call}`);
    }
  }
}
