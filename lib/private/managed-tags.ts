import { IResolvable, Lazy, TagManager, TagType } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SnapshotValidationError } from './validation';

/** Tags as a map, the form of every construct's `tags` prop. */
export type TagMap = { [key: string]: string };

/**
 * The tags of the AWS objects a construct manages: its own `tags` prop merged with what `Tags.of(scope)` gives
 * it, the way aws-cdk's L1 resources merge the `tags` of their props. The prop's tags are the TagManager's
 * initial tags, which aws-cdk holds at priority 50; `Tags.of(...).add` applies at priority 100 unless told
 * otherwise, so for one key the value from `Tags.of` wins, as it does for an L1 resource's own tags.
 *
 * `resourceType` is the custom resource type, which `Tags.of(...).add(k, v, { includeResourceTypes })` matches.
 */
export function newTagManager(resourceType: string, tags: TagMap | undefined): TagManager {
  return new TagManager(TagType.MAP, resourceType, tags);
}

/**
 * The merged tags in the form a handler takes, rendered when the template is written (after aspects, so after
 * every `Tags.of`). Typed as the wire type: the custom resource's properties take any token.
 */
export function renderedTags<T>(manager: TagManager, format: (tags: TagMap) => T[]): T[] {
  return Lazy.any({ produce: () => format(manager.tagValues()) }) as IResolvable as unknown as T[];
}

/**
 * Runs `check` on the merged tags when the app is validated, after aspects (so with every `Tags.of`). A
 * SnapshotValidationError becomes a validation error of the construct (the message names its path, the tag
 * and what is allowed); synth then fails listing it.
 */
export function checkTagsAfterAspects(scope: IConstruct, manager: TagManager, check: (tags: TagMap) => void): void {
  scope.node.addValidation({
    validate: () => {
      try {
        check(manager.tagValues());
        return [];
      } catch (error) {
        if (error instanceof SnapshotValidationError) {
          return [`${error.message} (the construct's tags merged with those Tags.of gives it)`];
        }
        throw error;
      }
    },
  });
}

/** Tags as Redshift Serverless takes them (`{ key, value }`), in a stable order. */
export function keyValueTagList(tags: TagMap): Array<{ key: string; value: string }> {
  return Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }));
}
