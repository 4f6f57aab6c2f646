import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';

/**
 * Leaves out of a resource's DependsOn the resource whose attribute it already references (a function's or state
 * machine's role, whose Arn it reads): CloudFormation orders them by that reference anyway, and cfn-lint warns of
 * the repetition (W3005) in every template that has our resources. aws-cdk-lib adds both on purpose, so the rest of
 * the DependsOn (e.g. the role's policy, which nothing references) is kept as aws-cdk-lib made it.
 */
export function dropImpliedDependency(resource: CfnResource, referenced: CfnResource): void {
  resource.addOverride('DependsOn', Lazy.list({
    produce: () => {
      // By the time the template is written every construct dependency has become one of these.
      const kept = resource.obtainDependencies()
        .filter((dependency): dependency is CfnResource => CfnResource.isCfnResource(dependency) && dependency !== referenced)
        .map((dependency) => Stack.of(resource).resolve(dependency.logicalId) as string)
        .sort();
      return kept.length > 0 ? kept : undefined;
    },
  }, { omitEmpty: true }));
}
