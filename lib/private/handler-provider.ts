import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../handler-properties/common';

/** The Lambda runtime of every handler of this library (the bundles target the same Node version). */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** What one kind of custom resource needs from its shared provider. */
export interface HandlerProviderSpec {
  /** Construct id of the provider under the stack; one provider per id per stack. */
  readonly id: string;
  /** Folder name of the handler under lambda/ (and of its bundle under assets/lambda/). */
  readonly handlerName: string;
  /** How often the Provider framework calls isComplete while the handler waits. */
  readonly pollInterval: Duration;
  /**
   * The permissions every construct of this kind needs. Called once per stack, so the role's
   * policy does not grow with the number of constructs.
   */
  readonly statements: (stack: Stack) => iam.PolicyStatement[];
}

/**
 * The Lambda functions, role and Provider framework shared by all constructs of one kind in a stack.
 *
 * Created on first use as a child of the stack and found again by id: never static state, which would
 * leak across apps and tests.
 */
export class HandlerProvider extends Construct {
  /** The provider of `spec` for the stack of `scope`, created on first use. */
  public static of(scope: IConstruct, spec: HandlerProviderSpec): HandlerProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(spec.id);
    return existing instanceof HandlerProvider ? existing : new HandlerProvider(stack, spec.id, spec);
  }

  /** The service token custom resources use. */
  public readonly serviceToken: string;
  /** The role of the onEvent and isComplete functions: grant per-construct permissions (e.g. KMS) to it. */
  public readonly role: iam.IRole;

  private constructor(stack: Stack, id: string, spec: HandlerProviderSpec) {
    super(stack, id);

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Handler of cdk-db-snapshots ${spec.handlerName} custom resources`,
    });
    for (const statement of spec.statements(stack)) {
      role.addToPrincipalPolicy(statement);
    }
    // Our own log group, so the role's log permissions name it instead of a managed policy's `*`.
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    logGroup.grantWrite(role);

    const code = lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'lambda', spec.handlerName, 'index'));
    const handler = (name: string, entry: string) => new lambda.Function(this, name, {
      description: `cdk-db-snapshots ${spec.handlerName} ${entry}`,
      runtime: HANDLER_RUNTIME,
      code,
      handler: `index.${entry}`,
      role,
      logGroup,
      // One invocation makes a few AWS calls; the SDK's retries (lambda/shared/aws.ts) fit well inside this.
      timeout: Duration.minutes(3),
      memorySize: 256,
      environment: { [POLL_INTERVAL_ENV]: String(spec.pollInterval.toSeconds()) },
    });
    const onEventHandler = handler('OnEvent', 'onEvent');
    const isCompleteHandler = handler('IsComplete', 'isComplete');

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler,
      isCompleteHandler,
      queryInterval: spec.pollInterval,
      // Each construct's own `timeout` is enforced by the handler; this is only the outer bound.
      totalTimeout: Duration.seconds(MAX_TIMEOUT_SECONDS),
    });
    this.serviceToken = provider.serviceToken;
    this.role = role;
  }
}
