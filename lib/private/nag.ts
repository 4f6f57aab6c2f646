import { Aspects, CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * A cdk-nag acknowledgement in cdk-nag 2.x's `rules_to_suppress` form: `applies_to` lists the findings of a rule
 * that reports several (e.g. `Resource::*` of AwsSolutions-IAM5), as exact strings or `{ regex: '/.../' }`.
 */
export interface AcknowledgedFinding {
  readonly id: string;
  readonly reason: string;
  readonly applies_to?: Array<string | { regex: string }>;
}

/**
 * The partition of an ARN as cdk-nag prints it: `<AWS::Partition>` where the template says `{ Ref: AWS::Partition }`,
 * or the literal (`aws`, `aws-cn`, `aws-us-gov`, ...) where `@aws-cdk/core:enablePartitionLiterals` (which
 * `cdk init` turns on) and a known region let CDK write it. An acknowledgement must hold under both.
 */
export const ANY_PARTITION = '(<AWS::Partition>|aws(-[a-z]+)*)';

/**
 * An AwsSolutions-IAM5 finding on an ARN, whatever the partition's rendering: `rest` is the regular expression of
 * what follows `arn:<partition>:`, e.g. `redshift:.*:snapshot:\\*\\/.+`.
 */
export function arnFinding(rest: string): { regex: string } {
  return { regex: `/^Resource::arn:${ANY_PARTITION}:${rest}$/` };
}

/** The metadata key cdk-nag 3.x reads acknowledgements from (aws-cdk-lib's `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
export const ACKNOWLEDGED_RULES_METADATA_KEY = 'aws:cdk:acknowledged-rules';

/**
 * Acknowledges cdk-nag findings on one resource in both forms cdk-nag reads:
 *
 * - 2.x (an aspect): the resource's `cdk_nag.rules_to_suppress` metadata, matched against each finding, regexes included.
 * - 3.x (a policy validation plugin): acknowledgements recorded as `Validations.of(construct).acknowledge()` records
 *   them, construct metadata under `aws:cdk:acknowledged-rules` with one exact id per finding
 *   (`AwsSolutions-IAM5[Resource::arn:aws:...]`), since 3.x ignores the 2.x metadata and matches no patterns. The exact
 *   findings depend on the final policy and on how the app renders ARNs, so they are worked out at synthesis from the
 *   2.x metadata, which stays the one list. (`Validations` itself needs aws-cdk-lib 2.257; the metadata works with
 *   any version.)
 *
 * A later call replaces the list (a second `addMetadata` with the same key replaces the first).
 */
export function acknowledgeFindings(resource: CfnResource, findings: AcknowledgedFinding[]): void {
  if (findings.length === 0) return;
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...findings] });
  if (!Aspects.of(resource).all.some((aspect) => aspect instanceof ExactAcknowledgements)) {
    Aspects.of(resource).add(new ExactAcknowledgements());
  }
}

/** Writes the 3.x form of a resource's `cdk_nag` acknowledgements at synthesis, once the policies are final. */
class ExactAcknowledgements implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const findings: AcknowledgedFinding[] = node.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    const acknowledged: Record<string, string> = {};
    const iam5 = wildcardFindings(node);
    for (const finding of findings) {
      if (finding.id === 'AwsSolutions-IAM5') {
        // IAM5 reports one finding per wildcard: each is acknowledged by its own id, `AwsSolutions-IAM5[<finding>]`.
        for (const found of iam5.filter((candidate) => !finding.applies_to || finding.applies_to.some((pattern) => matches(pattern, candidate)))) {
          acknowledged[`${finding.id}[${found}]`] = finding.reason;
        }
      } else {
        acknowledged[finding.id] = finding.reason;
      }
    }
    if (Object.keys(acknowledged).length > 0) node.node.addMetadata(ACKNOWLEDGED_RULES_METADATA_KEY, acknowledged);
  }
}

function matches(pattern: string | { regex: string }, finding: string): boolean {
  if (typeof pattern === 'string') return pattern === finding;
  const parsed = /^\/(.*)\/([a-z]*)$/s.exec(pattern.regex);
  return parsed ? new RegExp(parsed[1], parsed[2]).test(finding) : false;
}

/**
 * The findings AwsSolutions-IAM5 reports on a policy or role, as cdk-nag words them: `Action::<action>` for each
 * allowed action with a `*`, `Resource::<resource>` for each resource with a `*`, CloudFormation references
 * flattened (`{ Ref: X }` as `<X>`, `Fn::GetAtt` as `<X.Attribute>`, `Fn::Join` joined, `${...}` as `<...>`).
 */
function wildcardFindings(node: CfnResource): string[] {
  const stack = Stack.of(node);
  const documents: any[] = [];
  if (node instanceof iam.CfnPolicy || node instanceof iam.CfnManagedPolicy) {
    documents.push(stack.resolve(node.policyDocument));
  } else if (node instanceof iam.CfnRole || node instanceof iam.CfnUser || node instanceof iam.CfnGroup) {
    for (const policy of stack.resolve(node.policies) ?? []) documents.push(stack.resolve(stack.resolve(policy).policyDocument));
  }
  const found = new Set<string>();
  for (const document of documents) {
    for (const statement of document?.Statement ?? []) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of [statement.Action ?? []].flat()) if (String(action).includes('*')) found.add(`Action::${action}`);
      for (const resource of [statement.Resource ?? []].flat().map(flatten)) if (resource.includes('*')) found.add(`Resource::${resource}`);
    }
  }
  return [...found];
}

function flatten(node: any): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node['Fn::Join']) {
    const [delimiter, items] = node['Fn::Join'];
    return items.map(flatten).join(delimiter);
  }
  if (node['Fn::Sub']) return flatten(node['Fn::Sub']);
  if (node['Fn::GetAtt']) {
    const [resource, attribute] = node['Fn::GetAtt'];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (node['Fn::ImportValue']) return flatten(node['Fn::ImportValue']);
  if (node.Ref) return `<${flatten(node.Ref)}>`;
  return JSON.stringify(node);
}
