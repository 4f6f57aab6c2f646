import { CfnResource, CustomResource, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { HandlerRemovalPolicy } from '../handler-properties/common';
import { KindName } from '../handler-properties/kinds';

/**
 * The template Metadata key of the sentence that says what deleting (or replacing) a custom resource does: a
 * reviewer or policy tool reading the template finds it beside the DeletionPolicy.
 */
export const ON_DELETE_METADATA_KEY = 'cdk-db-snapshots:OnDelete';

/**
 * What the handler does on Delete with `RemovalPolicy.DESTROY`, by kind (each handler's behaviour table). Where it
 * keeps something, the template still says Delete: CloudFormation must call the handler for it to revoke, give back
 * or tell apart what it made from what it found, which a DeletionPolicy of Retain would skip.
 */
const ON_DESTROY: Record<KindName, string> = {
  'cluster-snapshot': 'revokes the accounts this resource authorized, then deletes the snapshot; fails, changing nothing, '
    + 'while accounts it did not authorize may restore it; leaves a snapshot still being created (the rollback of its own Create)',
  'serverless-snapshot': 'removes this resource\'s statement from the snapshot\'s resource policy, then deletes the snapshot; '
    + 'fails, changing nothing, while other accounts may restore it; leaves a snapshot still being created',
  'snapshot-copy-job': 'deletes the copy (found by name and its provenance tag); leaves a copy still being made',
  'cross-region-snapshot-copy': 'disables the cluster\'s cross-region snapshot copy when it has exactly these settings; '
    + 'a setting of someone else is left as it is',
  'snapshot-copy-grant': 'deletes the grant when it carries this resource\'s owner tag; a grant it did not create is left',
  'serverless-snapshot-copy': 'deletes the copy configuration this resource created; one it adopted is never deleted: its '
    + 'retention is set back to what it was when adopted',
  'serverless-snapshot-schedule': 'deletes the scheduled action this resource created (one it adopted is left); the snapshots '
    + 'it made stay',
};

/**
 * Makes the template say what deleting the custom resource does: DeletionPolicy and UpdateReplacePolicy `Retain`
 * where the handler keeps the object, `Delete` where it deletes, disables or gives back; and the Metadata sentence
 * above. `removalPolicy` may be a token decided at synthesis (a snapshot copy grant that a retained copy uses is
 * retained).
 *
 * Nothing depends on when CloudFormation calls the handler under `Retain`: its Delete with RETAIN does nothing, so
 * the outcome is the same whether it is called or not. (CloudFormation Template Reference, "DeletionPolicy attribute":
 * with Retain, CloudFormation keeps the resource when the stack is deleted or the resource removed from the template;
 * RetainExceptOnCreate "behaves like Retain ... except for the stack operation that initially created the resource",
 * whose rollback deletes it; "UpdateReplacePolicy attribute": what happens to the old resource on replacement.)
 *
 * `RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE` is RETAIN to the handler, so the template says Retain, not
 * RetainExceptOnCreate: the handler cannot tell the rollback of a failed Create from any other Delete, and keeps the
 * object in both.
 */
export function applyDeletionPolicy(resource: CustomResource, kind: KindName, removalPolicy: HandlerRemovalPolicy): void {
  const cfn = resource.node.defaultChild as CfnResource;
  const note = (retained: boolean) => (retained
    ? 'DeletionPolicy Retain (removalPolicy RETAIN): what this resource manages stays in place when it is deleted or replaced; '
      + 'its handler, if called, changes nothing'
    : `DeletionPolicy Delete (removalPolicy DESTROY): on delete, and on replacement, the handler ${ON_DESTROY[kind]}`);
  if (!Token.isUnresolved(removalPolicy)) {
    const retained = removalPolicy === HandlerRemovalPolicy.RETAIN;
    cfn.applyRemovalPolicy(retained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY);
    cfn.addMetadata(ON_DELETE_METADATA_KEY, note(retained));
    return;
  }
  const retained = () => Stack.of(resource).resolve(removalPolicy) === HandlerRemovalPolicy.RETAIN;
  for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    cfn.addOverride(attribute, Lazy.string({ produce: () => (retained() ? 'Retain' : 'Delete') }));
  }
  cfn.addMetadata(ON_DELETE_METADATA_KEY, Lazy.string({ produce: () => note(retained()) }));
}

/**
 * For a resource whose handler never deletes what it made, whatever its removal policy (a MemoryDB export's S3
 * objects): the template says Retain, and why.
 */
export function applyNeverDeleted(resource: CustomResource, why: string): void {
  const cfn = resource.node.defaultChild as CfnResource;
  cfn.applyRemovalPolicy(RemovalPolicy.RETAIN);
  cfn.addMetadata(ON_DELETE_METADATA_KEY, `DeletionPolicy Retain: ${why}`);
}
