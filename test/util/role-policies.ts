// The identity policies of a synthesized role, as IAM will see them once CloudFormation has resolved the
// template: every AWS::IAM::Policy and AWS::IAM::ManagedPolicy attached to the role and the role's own
// Policies, with Ref, Fn::GetAtt and Fn::Join resolved to the values a deployment in `env` would give.

import { HANDLER_ROLE_DESCRIPTION } from '../../lib/private/handler-provider';

export interface DeployEnvironment {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export const TEST_ENVIRONMENT: DeployEnvironment = { partition: 'aws', region: 'us-east-1', account: '123456789012' };

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface NamedPolicy {
  /** Logical id of the policy resource, or `<role>/<policy name>` for a role's own policy. */
  readonly name: string;
  readonly document: { Version?: string; Statement: PolicyStatement[] };
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
}
export interface SynthesizedTemplate {
  readonly Resources: Record<string, TemplateResource>;
}

/**
 * What `Ref` and `Fn::GetAtt <id>.Arn` of the resource types in our templates resolve to: the physical name
 * CloudFormation would generate (the logical id, lowercased) in the ARN format of the type.
 */
const ARN_OF_TYPE: Record<string, (name: string, env: DeployEnvironment) => string> = {
  'AWS::KMS::Key': (name, env) => `arn:${env.partition}:kms:${env.region}:${env.account}:key/${name}`,
  'AWS::S3::Bucket': (name, env) => `arn:${env.partition}:s3:::${name}`,
  'AWS::Logs::LogGroup': (name, env) => `arn:${env.partition}:logs:${env.region}:${env.account}:log-group:${name}:*`,
  'AWS::Lambda::Function': (name, env) => `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${name}`,
  'AWS::StepFunctions::StateMachine': (name, env) => `arn:${env.partition}:states:${env.region}:${env.account}:stateMachine:${name}`,
  'AWS::IAM::Role': (name, env) => `arn:${env.partition}:iam::${env.account}:role/${name}`,
  'AWS::Redshift::Cluster': (name) => name,
};
/** Types whose `Ref` is their ARN rather than their name. */
const REF_IS_ARN = new Set(['AWS::StepFunctions::StateMachine', 'AWS::IAM::ManagedPolicy']);

/**
 * Resolves the intrinsics CDK writes into policies and custom resource properties, to the values IAM will
 * evaluate. (test/util/iam.ts resolves to pessimistic lengths instead, for IAM's size limits.)
 */
export function resolveTemplateValue(value: unknown, template: SynthesizedTemplate, env: DeployEnvironment = TEST_ENVIRONMENT): any {
  const resolve = (inner: unknown): any => resolveTemplateValue(inner, template, env);
  if (Array.isArray(value)) return value.map(resolve);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const ref = String(object.Ref);
    const pseudo: Record<string, string> = {
      'AWS::Partition': env.partition, 'AWS::Region': env.region, 'AWS::AccountId': env.account, 'AWS::URLSuffix': 'amazonaws.com',
    };
    if (pseudo[ref]) return pseudo[ref];
    const type = template.Resources[ref]?.Type;
    if (!type) throw new Error(`Ref to ${ref}, which is not in the template`);
    return REF_IS_ARN.has(type) ? arnOf(ref, type, env) : ref.toLowerCase();
  }
  if ('Fn::GetAtt' in object) {
    const [logicalId, attribute] = object['Fn::GetAtt'] as [string, string];
    const type = template.Resources[logicalId]?.Type;
    if (attribute !== 'Arn' || !type) throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute}`);
    return arnOf(logicalId, type, env);
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return (resolve(parts) as string[]).join(separator);
  }
  const unresolved = Object.keys(object).find((key) => key.startsWith('Fn::'));
  if (unresolved) throw new Error(`cannot resolve ${unresolved} in ${JSON.stringify(object)}`);
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, resolve(inner)]));
}

function arnOf(logicalId: string, type: string, env: DeployEnvironment): string {
  const format = ARN_OF_TYPE[type];
  if (!format) throw new Error(`no ARN format for ${type} (${logicalId}): add it to ARN_OF_TYPE`);
  return format(logicalId.toLowerCase(), env);
}

/** The identity policies attached to the role `roleLogicalId`, resolved. */
export function rolePolicies(template: SynthesizedTemplate, roleLogicalId: string, env: DeployEnvironment = TEST_ENVIRONMENT): NamedPolicy[] {
  const attached = (roles: unknown) => Array.isArray(roles) && roles.some((role) => (role as { Ref?: string }).Ref === roleLogicalId);
  const policies: NamedPolicy[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const isPolicy = resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy';
    if (isPolicy && attached(resource.Properties?.Roles)) {
      policies.push({ name: id, document: resolveTemplateValue(resource.Properties!.PolicyDocument, template, env) });
    }
  }
  for (const inline of template.Resources[roleLogicalId]?.Properties?.Policies ?? []) {
    policies.push({ name: `${roleLogicalId}/${inline.PolicyName}`, document: resolveTemplateValue(inline.PolicyDocument, template, env) });
  }
  return policies;
}

/** The logical ids of the roles in the template, with their descriptions. */
export function templateRoles(template: SynthesizedTemplate): Array<{ id: string; description: string }> {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
    .map(([id, resource]) => ({ id, description: String(resource.Properties?.Description ?? '') }));
}

/** The logical id of the one role every handler of the stack's shared provider runs with. */
export function handlerRoleId(template: SynthesizedTemplate): string {
  const roles = templateRoles(template).filter(({ description }) => description === HANDLER_ROLE_DESCRIPTION);
  if (roles.length !== 1) throw new Error(`expected one handler role in the template, found ${roles.length}`);
  return roles[0].id;
}

/** Each statement's actions and resources as arrays. */
export function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : [value].flat();
}
