// Wire format shared by every construct and its handler. Plain TypeScript only: the handlers import
// this file from lambda/, so nothing from aws-cdk-lib may be imported here.

/** What the handler does with the AWS object on Delete. */
export enum HandlerRemovalPolicy {
  /** Delete (or disable) what the resource created. */
  DESTROY = 'destroy',
  /** Leave it in place. */
  RETAIN = 'retain',
}

/** Properties every custom resource of this library sends to its handler. */
export interface CommonHandlerProperties {
  /** `destroy` or `retain`. */
  readonly RemovalPolicy: HandlerRemovalPolicy;
  /** How long Create/Update/Delete may wait for AWS, in seconds. */
  readonly TimeoutSeconds: number;
}

/**
 * The CloudFormation maximum for a custom resource, and the longest a Provider may wait: ServiceTimeout "must be
 * an integer from 1 to 3600. The default value is 3600 seconds (1 hour)" (CloudFormation Template Reference,
 * AWS::CloudFormation::CustomResource). Our resources leave ServiceTimeout at that default.
 */
export const MAX_TIMEOUT_SECONDS = 3600;

/**
 * The shortest wait a construct accepts: one minute, the range every `timeout` prop documents. The handler holds
 * a value that comes from a CloudFormation parameter (unknown at synth) to the same range.
 */
export const MIN_TIMEOUT_SECONDS = 60;

/**
 * The Lambda timeout of the onEvent and isComplete handlers ("the maximum amount of time in seconds that a Lambda
 * function can run", Lambda Developer Guide, "Configure Lambda function timeout"): the longest one pass can take.
 */
export const HANDLER_TIMEOUT_SECONDS = 180;

/** Environment variable telling the isComplete handler how often the Provider polls it. */
export const POLL_INTERVAL_ENV = 'POLL_INTERVAL_SECONDS';
