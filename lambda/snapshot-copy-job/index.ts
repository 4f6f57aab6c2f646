// Handler of SnapshotCopyJob (Custom::SnapshotCopyJob): copies a MemoryDB or DocumentDB elastic cluster
// snapshot, or exports a MemoryDB snapshot to S3. The Engine property chooses the engine's module.
//
// | event         | found in AWS                                     | does                                          |
// | ------------- | ------------------------------------------------ | --------------------------------------------- |
// | Create        | no copy of that name                             | CopySnapshot / CopyClusterSnapshot            |
// | Create        | source still being created or copied            | wait (InvalidSnapshotStateFault, ConflictException) |
// | Create/Update | the copy, creating or copying                    | wait (until the construct's timeout)          |
// | Create/Update | the copy, available / ACTIVE                     | tags in place; complete                       |
// | Create        | a snapshot of that name that is not a copy of the source | fail: AWS never overwrites a snapshot |
// | Update        | anything but tags changed, same target name      | fail: a new targetSnapshotName makes a new copy |
// | Delete        | DESTROY: the copy                                | delete it, wait until it is gone              |
// | Delete        | RETAIN, gone, not a copy of the source, S3 export | success, nothing touched                     |

import { docDbElastic } from './docdb-elastic';
import { memoryDb } from './memorydb';
import { HandlerTag } from '../../lib/handler-properties/cluster-snapshot';
import { COPY_ENGINES } from '../../lib/handler-properties/snapshot-copy-job';
import { UserError } from '../shared/errors';
import { IsCompleteRequest, OnEventRequest } from '../shared/framework';
import { handlers, parseCommon, ParsedCommon, previousInPlace, ResourceHandler } from '../shared/handler';
import { oneOf, optionalString, requiredString, tags } from '../shared/properties';
import { Progress } from '../shared/waiting';

export interface CopyJobProperties extends ParsedCommon {
  readonly Engine: typeof COPY_ENGINES[number];
  readonly Source: string;
  readonly TargetSnapshotName: string;
  readonly TargetBucket?: string;
  readonly KmsKeyId?: string;
  readonly CopyTags: boolean;
  readonly Tags: HandlerTag[];
}

/** What each engine does; `previous` is set on an Update in place. */
export interface EngineCopier {
  converge(props: CopyJobProperties, previous: CopyJobProperties | undefined, event: IsCompleteRequest): Promise<Progress>;
  remove(props: CopyJobProperties): Promise<Progress>;
}

const ENGINES: Record<CopyJobProperties['Engine'], EngineCopier> = { 'memorydb': memoryDb, 'docdb-elastic': docDbElastic };

const resource: ResourceHandler<CopyJobProperties> = {
  parse: (props) => ({
    Engine: oneOf(props, 'Engine', COPY_ENGINES),
    Source: requiredString(props, 'Source'),
    TargetSnapshotName: requiredString(props, 'TargetSnapshotName'),
    TargetBucket: optionalString(props, 'TargetBucket'),
    KmsKeyId: optionalString(props, 'KmsKeyId'),
    CopyTags: oneOf(props, 'CopyTags', ['true', 'false']) === 'true',
    Tags: tags(props, 'Tags'),
    ...parseCommon(props),
  }),

  // The copy is identified by its engine and name (and bucket, for an export).
  physicalId: (props) => props.TargetBucket
    ? `s3://${props.TargetBucket}/${props.TargetSnapshotName}`
    : `${props.Engine}:${props.TargetSnapshotName}`,

  async converge(props, event) {
    const previous = previousInPlace(resource, props, event);
    if (previous) refuseChangesInPlace(previous, props);
    return ENGINES[props.Engine].converge(props, previous, event);
  },

  remove: (props) => ENGINES[props.Engine].remove(props),
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

/** onEvent also refuses an impossible Update before anything happens. */
export async function onEvent(event: OnEventRequest) {
  if (event.RequestType === 'Update' && event.OldResourceProperties) {
    const props = resource.parse(event.ResourceProperties);
    const previous = resource.parse(event.OldResourceProperties);
    if (resource.physicalId(previous) === resource.physicalId(props)) refuseChangesInPlace(previous, props);
  }
  return copyJobHandlers.onEvent(event);
}
