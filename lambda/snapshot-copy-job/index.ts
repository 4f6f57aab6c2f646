// Handler of SnapshotCopyJob (Custom::SnapshotCopyJob): copies a MemoryDB or DocumentDB elastic cluster
// snapshot, or exports a MemoryDB snapshot to S3. The Engine property chooses the engine's module.
//
// | event         | found in AWS                                     | does                                          |
// | ------------- | ------------------------------------------------ | --------------------------------------------- |
// | Create        | no copy of that name                             | CopySnapshot / CopyClusterSnapshot, its tags carrying the provenance tag (source) |
// | Create        | source still being created or copied            | wait (InvalidSnapshotStateFault, ConflictException) |
// | Create        | DocumentDB: ConflictException, the name not listed (yet) | wait and look again: never judged someone else's |
// | Update        | DocumentDB: the name changes only in case         | in place, same physical id (names are not case-sensitive: CopyClusterSnapshot) |
// | Create/Update | the copy, creating or copying                    | wait (until the construct's timeout)          |
// | any           | still waiting, and the next pass might end after CloudFormation's hour (timeouts.test.ts) | fail now naming what it waited for: never CloudFormation's reasonless timeout |
// | Create/Update | the copy, available / ACTIVE                     | tags in place; complete                       |
// | Create/Update | a snapshot of that name whose provenance tag names the source (ListTags / ListTagsForResource) | ours: adopted |
// | any           | DocumentDB: a snapshot of that name whose ARN names another account (shared with this one) | not the copy: never adopted, tagged nor deleted (the stack's account: event StackId) |
// | Update        | a tag key removed: MemoryDB TagNotFoundFault (removed outside the stack) | that key done; keys still listed (ListTags) untagged again |
// | Update        | DocumentDB: more tag keys removed than UntagResource takes (tagKeys: at most 50) | UntagResource in batches of 50 |
// | Create        | a snapshot of that name without the provenance tag, or naming another source | fail: AWS never overwrites a snapshot |
// | Update in place | a snapshot of that name without the provenance tag (a copy made before copies were marked) | tags in place; never deleted |
// | Update        | anything but tags changed, same target name      | fail: a new targetSnapshotName makes a new copy |
// | Delete        | DESTROY: the copy                                | delete it, wait until it is gone              |
// | Delete        | DESTROY: the copy still being made (creating/copying, CREATING/COPYING: the rollback of the Create that made it) | success, left in place and logged (`outcome: left`): a delete of an unfinished snapshot is not documented to work, and waiting could outlast CloudFormation's hour |
// | Update/Delete | the source is gone, the copy marked with it      | tags in place / delete: found by name, recognised by its tag, no source needed |
// | Delete        | RETAIN, gone, S3 export, no provenance tag naming the source | success, nothing touched          |
// | Create (export) | no shard file of the target name in the bucket | onEvent: CopySnapshot to the bucket, once; never from isComplete |
// | Create (export) | a shard file of the target name already (`name-<digits>.rdb`) | onEvent: nothing sent (adopted)  |
// | Create (export) | only objects of another export whose name begins with this one's (`name-2-0001.rdb`) | not this export's: exported |
// | Create/Update (export) | shard files of the name, one per shard of the source (DescribeSnapshots ShowDetail: ClusterConfiguration.NumShards; source gone: one), source available or gone | complete (S3 ListObjectsV2 Prefix `name-`; MemoryDB "Snapshot" statuses) |
// | Create/Update (export) | fewer shard files than the source has shards, or the source described without its shards | wait ("MemoryDB creates my-exported-snapshot-0001.rdb": a file per shard) |
// | Create/Update (export) | no object yet, or the source not available  | wait; an Update in place never exports again  |
// | Create (export) | source not available (InvalidSnapshotStateFault) | fail: deploy again once it is available      |

import { docDbElastic } from './docdb-elastic';
import { memoryDb } from './memorydb';
import { CopyJobProperties, EngineCopier } from './types';
import { COPY_ENGINES, PROVENANCE_TAG_KEY } from '../../lib/handler-properties/snapshot-copy-job';
import { UserError } from '../shared/errors';
import { OnEventRequest } from '../shared/framework';
import { handlers, parseCommon, previousInPlace, ResourceHandler } from '../shared/handler';
import { oneOf, optionalString, requiredString, userTags } from '../shared/properties';

const ENGINES: Record<CopyJobProperties['Engine'], EngineCopier> = { 'memorydb': memoryDb, 'docdb-elastic': docDbElastic };

const resource: ResourceHandler<CopyJobProperties> = {
  parse: (props) => ({
    Engine: oneOf(props, 'Engine', COPY_ENGINES),
    Source: requiredString(props, 'Source'),
    TargetSnapshotName: requiredString(props, 'TargetSnapshotName'),
    TargetBucket: optionalString(props, 'TargetBucket'),
    KmsKeyId: optionalString(props, 'KmsKeyId'),
    CopyTags: oneOf(props, 'CopyTags', ['true', 'false']) === 'true',
    Tags: userTags(props, 'Tags', { prefix: PROVENANCE_TAG_KEY }),
    ...parseCommon(props),
  }),

  // The copy is identified by its engine and name (and bucket, for an export). DocumentDB elastic names are not
  // case-sensitive (CopyClusterSnapshot: targetSnapshotName "is not case sensitive"): names differing only in case
  // are one snapshot, so one id, and a case-only rename is an Update in place, never a replacement whose cleanup
  // Delete would remove the copy the new resource just adopted.
  physicalId: (props) => props.TargetBucket
    ? `s3://${props.TargetBucket}/${props.TargetSnapshotName}`
    : `${props.Engine}:${props.Engine === 'docdb-elastic' ? props.TargetSnapshotName.toLowerCase() : props.TargetSnapshotName}`,

  async converge(props, event) {
    const previous = previousInPlace(resource, props, event);
    if (previous) refuseChangesInPlace(previous, props);
    return ENGINES[props.Engine].converge(props, previous, event);
  },

  remove: (props, event) => ENGINES[props.Engine].remove(props, event),
};

/** AWS never overwrites a snapshot, so only tags can change for the same target name. */
function refuseChangesInPlace(previous: CopyJobProperties, props: CopyJobProperties): void {
  const fields = ['Source', 'KmsKeyId', 'CopyTags'] as const;
  const changed = fields.filter((field) => previous[field] !== props[field]);
  if (changed.length > 0) {
    throw new UserError(`${changed.join(', ')} of the copy "${props.TargetSnapshotName}" cannot change in place (AWS never overwrites a snapshot): `
      + 'give it a new targetSnapshotName, which makes a new copy');
  }
}

const copyJobHandlers = handlers(resource);
export const isComplete = copyJobHandlers.isComplete;

/**
 * onEvent also refuses an impossible Update before anything happens, and starts the engine's once-only work
 * on a Create or a replacing Update (never on an Update in place, nor on a Delete).
 */
export async function onEvent(event: OnEventRequest) {
  const props = resource.parse(event.ResourceProperties);
  const previous = event.RequestType === 'Update' && event.OldResourceProperties ? resource.parse(event.OldResourceProperties) : undefined;
  const inPlace = previous !== undefined && resource.physicalId(previous) === resource.physicalId(props);
  if (inPlace) refuseChangesInPlace(previous, props);
  const response = await copyJobHandlers.onEvent(event);
  // In place, the id stays the one CloudFormation holds (it may differ in case, from before ids were lower case):
  // a different id would make CloudFormation delete the resource it holds.
  if (inPlace) return { ...response, PhysicalResourceId: event.PhysicalResourceId ?? response.PhysicalResourceId };
  if (event.RequestType !== 'Delete') await ENGINES[props.Engine].start?.(props);
  return response;
}
