import * as path from 'path';
import { Annotations, CfnResource, CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct, IDependable } from 'constructs';
import { applyDeletionPolicy } from './deletion-policy';
import { dropImpliedDependency } from './dependencies';
import { HandlerLogs } from '../handler-logs';
import { AcknowledgedFinding, acknowledgeFindings } from './nag';
import { CommonHandlerProperties, HANDLER_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, POLL_INTERVAL_ENV } from '../handler-properties/common';
import { KindName, KINDS, PROVIDER_POLL_INTERVAL_SECONDS } from '../handler-properties/kinds';

/** The Lambda runtime of every handler of this library; the bundles target Node.js 22, which it runs too. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * IAM allows 6,144 characters per managed policy; resource ARNs go into managed policies of at most this
 * many estimated characters each, so that any number of constructs (CloudFormation allows 500 resources
 * a stack) stays within IAM's limits with exact ARNs instead of wildcards.
 */
const POLICY_ARN_BUDGET = 5_000;
/** The description of the handler role; the tests find the role by it. */
export const HANDLER_ROLE_DESCRIPTION = 'Handler of cdk-db-snapshots custom resources';
/** The characters of a statement besides its actions, ARNs and conditions: `{"Effect":"Allow","Action":[],"Resource":[]},`. */
const STATEMENT_OVERHEAD = 48;
/** IAM's default quota of managed policies attached to one role. */
const MANAGED_POLICIES_PER_ROLE = 10;
/** What we assume a token of unknown value in an ARN resolves to: the longest Redshift identifier. */
const TOKEN_LENGTH_ESTIMATE = 63;

/** What one kind of custom resource needs from the shared provider. */
export interface HandlerProviderSpec {
  /** The kind (lib/handler-properties/kinds.ts): its resource type and poll interval. */
  readonly kind: KindName;
  /**
   * The permissions every construct of this kind needs whatever its resource (e.g. actions without
   * resource-level permissions). Added once per stack, on the kind's first use. Per-construct permissions go
   * through `grant`.
   *
   * @default - none
   */
  readonly statements?: (stack: Stack) => iam.PolicyStatement[];

  /**
   * cdk-nag findings on those statements that cannot be avoided, each with its reason. Only for what AWS
   * makes unavoidable, such as ARNs of service-generated ids.
   *
   * @default - none
   */
  readonly acknowledgedFindings?: AcknowledgedFinding[];
}

/**
 * Construct id of the provider under the stack. Part of the public contract with the service token's path
 * below it (test/provider.test.ts pins both): CloudFormation never lets a custom resource change its
 * ServiceToken, so renaming either would strand every deployed resource.
 */
export const PROVIDER_ID = 'CdkDbSnapshotsProvider';

/**
 * The one Provider of a stack for every kind of custom resource of this library: one Lambda function (one
 * bundle that routes by resource type and serves both onEvent and isComplete), its role and log group, and the
 * Provider framework (three functions and a waiter state machine, logging to the same log group).
 *
 * Created on first use as a child of the stack and found again by id: never static state, which would
 * leak across apps and tests. Each kind adds its statements and cdk-nag acknowledgements on its first use.
 */
export class HandlerProvider extends Construct {
  /** The provider of the stack of `scope`, created on first use, with the permissions of `spec`'s kind. */
  public static of(scope: IConstruct, spec: HandlerProviderSpec): HandlerProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    const provider = existing instanceof HandlerProvider ? existing : new HandlerProvider(stack, PROVIDER_ID);
    provider.addKind(spec);
    return provider;
  }

  /** The service token custom resources use. */
  public readonly serviceToken: string;
  /** Where the handler's functions and the framework's functions log (`HandlerLogs`). */
  public readonly logGroup: logs.ILogGroup;
  /** The role of the handler function: grant per-construct permissions (e.g. KMS) to it. */
  public readonly role: iam.Role;
  /** Where the roles of the handler and of the framework functions live. */
  private readonly permissions: Construct;
  /** Where the managed policies with the constructs' resource ARNs live. */
  private readonly grantPolicyScope: Construct;

  /** The kinds whose statements the role has. */
  private readonly kinds = new Set<KindName>();
  /**
   * Every kind's cdk-nag acknowledgements: they apply to the role's own policy and to every grant policy. One
   * list, set again whenever it grows (a second `addMetadata` with the same key replaces the first).
   */
  private readonly acknowledgedFindings: AcknowledgedFinding[] = [];
  private readonly grantPolicyList: iam.ManagedPolicy[] = [];
  private grantPolicy?: iam.ManagedPolicy;
  private grantPolicyLength = 0;
  /** The statements (actions and conditions) of the current grant policy. */
  private readonly grantPolicyStatements = new Set<string>();
  /** Which managed policy holds each `actions ARN` grant. */
  private readonly granted = new Map<string, iam.ManagedPolicy>();

  private constructor(stack: Stack, id: string) {
    super(stack, id);

    this.permissions = new Construct(this, 'Permissions');
    this.grantPolicyScope = new Construct(this.permissions, 'Grants');
    const role = new iam.Role(this.permissions, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: HANDLER_ROLE_DESCRIPTION,
    });
    // Our own log group, so the role's log permissions name it instead of a managed policy's `*`.
    const logGroup = new logs.LogGroup(this, 'Logs');
    keepFor(logGroup, stack);
    logGroup.grantWrite(role);

    // One function for both of the framework's calls (the router, lambda/index.ts, tells an isComplete call by a
    // field of onEvent's response that the framework passes on): a second one would be the same code and role.
    const handlerFunction = new lambda.Function(this, 'Handler', {
      description: 'cdk-db-snapshots custom resources: onEvent and isComplete',
      runtime: HANDLER_RUNTIME,
      code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'lambda', 'index')),
      handler: 'index.handler',
      role,
      logGroup,
      // One invocation makes a few AWS calls; the SDK's retries (lambda/shared/aws.ts) fit well inside this.
      // The handlers' deadline (lambda/shared/waiting.ts) counts one pass as this long.
      timeout: Duration.seconds(HANDLER_TIMEOUT_SECONDS),
      memorySize: 256,
      environment: { [POLL_INTERVAL_ENV]: String(PROVIDER_POLL_INTERVAL_SECONDS) },
    });

    // The framework's functions get roles of ours too: they write to the same log group, and need no
    // AWS managed policy (whose `*` log permissions the framework's default roles carry).
    const frameworkRole = (name: string) => {
      const frameworkRoleOf = new iam.Role(this.permissions, name, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Provider framework of cdk-db-snapshots custom resources',
      });
      logGroup.grantWrite(frameworkRoleOf);
      return frameworkRoleOf;
    };
    const frameworkRoles = [
      frameworkRole('FrameworkOnEventRole'),
      // A second role: the framework requires it to differ from the onEvent one (circular dependencies).
      frameworkRole('FrameworkCompleteRole'),
    ];
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handlerFunction,
      isCompleteHandler: handlerFunction,
      logGroup,
      frameworkOnEventRole: frameworkRoles[0],
      frameworkCompleteAndTimeoutRole: frameworkRoles[1],
      // The shortest interval any kind needs; kinds with a longer one skip the polls in between (lambda/shared/polling.ts).
      queryInterval: Duration.seconds(PROVIDER_POLL_INTERVAL_SECONDS),
      // Each construct's own `timeout` is enforced by the handler; this is only the outer bound.
      totalTimeout: Duration.seconds(MAX_TIMEOUT_SECONDS),
      // Every state transition is logged, but never the execution data: it holds the pre-signed ResponseURL.
      disableWaiterStateMachineLogging: false,
      // The same log group as the functions: one resource less, and one place to read a request's whole story.
      waiterStateMachineLogOptions: {
        destination: logGroup,
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.serviceToken = provider.serviceToken;
    this.role = role;
    this.logGroup = logGroup;
    // Each function and the waiter already reference their role's ARN (cfn-lint W3005 on a DependsOn that repeats it).
    for (const fn of provider.node.findAll().concat(handlerFunction)) {
      if (!(fn instanceof lambda.Function) || !fn.role) continue;
      dropImpliedDependency(fn.node.defaultChild as CfnResource, fn.role.node.defaultChild as CfnResource);
    }
    for (const stateMachine of provider.node.findAll().filter((child) => child instanceof sfn.CfnStateMachine)) {
      const stateMachineRole = stateMachine.node.scope?.node.tryFindChild('Role');
      if (stateMachineRole instanceof iam.Role) dropImpliedDependency(stateMachine as CfnResource, stateMachineRole.node.defaultChild as CfnResource);
    }
    acknowledgeFrameworkFindings(provider, frameworkRoles);
  }

  /**
   * The permissions of a kind, once per stack, and its acknowledgements, added to those already there (a
   * construct of a kind may bring findings of its own options, e.g. a grant on `*` that only some of them need).
   */
  private addKind(spec: HandlerProviderSpec): void {
    if (!this.kinds.has(spec.kind)) {
      this.kinds.add(spec.kind);
      for (const statement of spec.statements?.(Stack.of(this)) ?? []) {
        this.role.addToPrincipalPolicy(statement);
      }
    }
    const known = new Set(this.acknowledgedFindings.map((finding) => JSON.stringify(finding)));
    const added = (spec.acknowledgedFindings ?? []).filter((finding) => !known.has(JSON.stringify(finding)));
    if (added.length === 0) return;
    this.acknowledgedFindings.push(...added);
    const policies = [this.role.node.findChild('DefaultPolicy').node.defaultChild as CfnResource,
      ...this.grantPolicyList.map((policy) => policy.node.defaultChild as CfnResource)];
    policies.forEach((policy) => this.acknowledge(policy));
  }

  private acknowledge(policy: CfnResource): void {
    acknowledgeFindings(policy, this.acknowledgedFindings);
  }

  /**
   * The custom resource of one construct, served by this provider. `properties` are what the construct
   * sends its handler (its wire type from lib/handler-properties); `grants` what `grant` returned for it.
   * The resource depends on those managed policies, so that its Delete still has the permissions
   * (CloudFormation deletes them after it). The roles' own policies need no such dependency: the service
   * token reaches the framework functions, which reach our functions, which depend on their role.
   */
  public newResource(scope: Construct, kind: KindName, properties: CommonHandlerProperties, grants: IDependable[] = []): CustomResource {
    const resource = new CustomResource(scope, 'Resource', {
      serviceToken: this.serviceToken,
      // The router finds the kind's handler by this type.
      resourceType: KINDS[kind].resourceType,
      properties: { ...properties },
    });
    // Only the managed policies with this construct's ARNs: a stack of many constructs has several.
    resource.node.addDependency(...grants);
    // The template says what deleting it does (DeletionPolicy, UpdateReplacePolicy and a Metadata note).
    applyDeletionPolicy(resource, kind, properties.RemovalPolicy);
    return resource;
  }

  /**
   * Lets the service the handler calls use a KMS key on the handler's behalf (a snapshot copy grant, an
   * encrypted copy): the service reads the key and creates a grant on it. `kms:GrantIsForAWSResource`
   * applies to the grant actions only ("Controlling access to grants", AWS KMS developer guide), so
   * DescribeKey (and what else the service does with the key, `keyActions`) gets a statement of its own: under
   * that condition it would never be allowed.
   */
  public allowServiceToUseKey(keyArn: string, keyActions: string[] = []): void {
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:DescribeKey', ...keyActions], resources: [keyArn] }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['kms:CreateGrant'],
      resources: [keyArn],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));
  }

  /**
   * Lets the handler call `actions` on exactly these resources. ARNs are packed into customer managed
   * policies of the handler role by estimated size, so the permissions stay exact however many
   * constructs a stack has. Granting the same actions on the same ARN twice adds nothing. `conditions`
   * narrow the grant further (e.g. an `s3:prefix`).
   *
   * @returns the managed policies that hold these grants, for `newResource`
   */
  public grant(actions: string[], resourceArns: string[], conditions?: Record<string, Record<string, string>>): IDependable[] {
    const policies: IDependable[] = [];
    for (const arn of resourceArns) {
      const key = `${actions.join(',')} ${arn} ${JSON.stringify(conditions ?? {})}`;
      const existing = this.granted.get(key);
      if (existing) {
        policies.push(existing);
        continue;
      }
      // A statement per set of actions and conditions: the kinds of a stack bring many, each with its own overhead.
      const statementKey = `${actions.join(',')} ${JSON.stringify(conditions ?? {})}`;
      const statementLength = STATEMENT_OVERHEAD + actions.reduce((sum, action) => sum + action.length + 3, 0)
        + (conditions ? JSON.stringify(conditions).length : 0);
      const arnLength = estimatedLength(arn) + 3;
      // What adding it costs the current policy: the ARN, and the statement unless the policy has it already.
      const cost = () => arnLength + (this.grantPolicyStatements.has(statementKey) ? 0 : statementLength);
      if (!this.grantPolicy || this.grantPolicyLength + cost() > POLICY_ARN_BUDGET) {
        const number = this.grantPolicyList.length + 1;
        if (number === MANAGED_POLICIES_PER_ROLE + 1) {
          Annotations.of(this).addWarningV2('cdk-db-snapshots:manyManagedPolicies',
            `The handler role needs more than ${MANAGED_POLICIES_PER_ROLE} managed policies for the ARNs of this stack's constructs: `
            + 'ask AWS to raise the IAM quota "Managed policies per role" (up to 20), or use shorter identifiers or fewer constructs per stack.');
        }
        this.grantPolicy = new iam.ManagedPolicy(this.grantPolicyScope, `Policy${number}`, {
          description: `cdk-db-snapshots handler permissions on the stack's resources (part ${number})`,
          roles: [this.role],
          // Statements with the same actions merge into one statement listing every ARN.
          document: new iam.PolicyDocument({ minimize: true }),
        });
        this.grantPolicyList.push(this.grantPolicy);
        this.acknowledge(this.grantPolicy.node.defaultChild as CfnResource);
        this.grantPolicyLength = 0;
        this.grantPolicyStatements.clear();
      }
      this.grantPolicy.addStatements(new iam.PolicyStatement({ actions, resources: [arn], conditions }));
      this.grantPolicyLength += cost();
      this.grantPolicyStatements.add(statementKey);
      this.granted.set(key, this.grantPolicy);
      policies.push(this.grantPolicy);
    }
    return policies;
  }
}

/**
 * Keeps a log group's events as long as `HandlerLogs.setRetention` chose for the stack, decided when the template is
 * written: the choice may come after the first construct created the provider.
 */
function keepFor(logGroup: logs.LogGroup, stack: Stack): logs.LogGroup {
  (logGroup.node.defaultChild as logs.CfnLogGroup).retentionInDays = Lazy.number({
    produce: () => {
      const retention = HandlerLogs.retentionOf(stack);
      return retention === logs.RetentionDays.INFINITE ? undefined : retention;
    },
  });
  return logGroup;
}

/** The length an ARN will have once CloudFormation resolves it, assuming the worst for each token. */
function estimatedLength(arn: string): number {
  return arn.replace(/\$\{Token\[([^\]]*)\]\}/g, (_token, name: string) => 'x'.repeat(
    name.startsWith('AWS.Partition') ? 10 : name.startsWith('AWS.Region') ? 14 : name.startsWith('AWS.AccountId') ? 12 : TOKEN_LENGTH_ESTIMATE,
  )).length;
}

/**
 * cdk-nag findings on what the Provider framework creates and does not let us configure, acknowledged in
 * the metadata cdk-nag 2.x and 3.x read (lib/private/nag.ts), so that users who run cdk-nag see them
 * explained rather than as errors. Scoped to the framework's own resources and the roles of its functions
 * (where the framework adds its invoke grants); nothing of our handlers.
 */
function acknowledgeFrameworkFindings(provider: cr.Provider, frameworkRoles: iam.IRole[]): void {
  const runtime = {
    id: 'AwsSolutions-L1',
    reason: 'The Provider framework picks the runtime of its own functions; it offers no setting for it.',
  };
  const invoke = {
    id: 'AwsSolutions-IAM5',
    reason: 'The Provider framework grants invoke on our handler function and its versions (`<function ARN>:*`).',
    applies_to: [{ regex: '/^Resource::<.*\\.Arn>:\\*$/' }],
  };
  const xray = {
    id: 'AwsSolutions-SF2',
    reason: 'The Provider framework\'s waiter state machine offers no X-Ray setting; its transitions are logged.',
  };
  const logDelivery = {
    id: 'AwsSolutions-IAM5',
    reason: 'The waiter state machine\'s log delivery actions (logs:CreateLogDelivery and the like) have no resource-level permissions.',
    applies_to: ['Resource::*'],
  };
  // Each on the kind of resource it is about: cdk-nag 3.x's exact acknowledgements should name only real findings.
  for (const child of [...provider.node.findAll(), ...frameworkRoles.flatMap((role) => role.node.findAll())]) {
    if (child instanceof lambda.CfnFunction) {
      acknowledgeFindings(child, [runtime]);
    } else if (child instanceof sfn.CfnStateMachine) {
      acknowledgeFindings(child, [xray]);
    } else if (child instanceof iam.CfnPolicy) {
      acknowledgeFindings(child, child.node.path.includes('/waiter-state-machine/Role/') ? [invoke, logDelivery] : [invoke]);
    }
  }
}
