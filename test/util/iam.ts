// Measures a synthesized role's policies as IAM counts them: the policy document as JSON without
// whitespace, with CloudFormation's intrinsics resolved the way a deployment would resolve them.

import { Template } from 'aws-cdk-lib/assertions';

/** IAM's limits: all inline policies of a role together, each managed policy, managed policies per role (default quota). */
export const IAM_LIMITS = { inlineCharacters: 10_240, managedCharacters: 6_144, managedPerRole: 10 } as const;

/** Resolves Ref/Fn::Join/Fn::GetAtt to plausible strings of realistic length. */
export function resolveIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const ref = String(object.Ref);
    return ({ 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::URLSuffix': 'amazonaws.com' } as Record<string, string>)[ref]
      ?? `${ref.toLowerCase().slice(0, 40)}-abcdef123456`;
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return (parts.map(resolveIntrinsics) as string[]).join(separator);
  }
  if ('Fn::GetAtt' in object) {
    const [logicalId, attribute] = object['Fn::GetAtt'] as [string, string];
    return `arn:aws:service:us-east-1:123456789012:${logicalId.toLowerCase()}-${attribute.toLowerCase()}-abcdef123456`;
  }
  return Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, resolveIntrinsics(inner)]));
}

export interface RolePolicySizes {
  /** Characters of all inline policies of the role (AWS::IAM::Policy attached to it and Policies of the role). */
  readonly inline: number;
  /** Characters of each customer managed policy attached to the role. */
  readonly managed: number[];
}

export function rolePolicySizes(template: Template, roleLogicalId: string): RolePolicySizes {
  const size = (document: unknown) => JSON.stringify(resolveIntrinsics(document)).length;
  const attachedTo = (roles: unknown) => JSON.stringify(roles ?? []).includes(`"${roleLogicalId}"`);
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  const inline = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => attachedTo(policy.Properties.Roles))
    .reduce((sum, policy) => sum + size(policy.Properties.PolicyDocument), 0)
    + ((role.Properties.Policies ?? []) as Array<{ PolicyDocument: unknown }>).reduce((sum, policy) => sum + size(policy.PolicyDocument), 0);
  const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter((policy) => attachedTo(policy.Properties.Roles))
    .map((policy) => size(policy.Properties.PolicyDocument));
  return { inline, managed };
}
