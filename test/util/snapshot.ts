import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/**
 * The stack's template for a snapshot test, with asset hashes replaced: the snapshot guards the
 * template's shape, while the handler bundle's content is proven by the handler and lifecycle tests.
 */
export function templateForSnapshot(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(/[0-9a-f]{64}(\.zip)?/g, (_hash, zip) => `<asset-hash>${zip ?? ''}`));
}
