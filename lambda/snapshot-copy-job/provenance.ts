// How a copy is recognised as this construct's: by the provenance tag the copy request itself sets (CopySnapshot
// and CopyClusterSnapshot both take tags for the new snapshot), read back with the service's documented tag
// listing (MemoryDB ListTags, DocumentDB elastic ListTagsForResource). Nothing else about a snapshot says which
// snapshot it was copied from.

import type { CopyJobProperties } from './types';
import { provenanceTagKey } from '../../lib/handler-properties/snapshot-copy-job';
import { UserError } from '../shared/errors';
import { log } from '../shared/log';

/** What the provenance tag of a snapshot of the target name says: our copy, no tag, or a copy of another source. */
export type Provenance = 'ours' | 'unmarked' | { readonly copyOf: string };

/** The provenance of a snapshot, from its tags. */
export function provenanceFrom(props: CopyJobProperties, tags: Array<{ Key?: string; Value?: string }>): Provenance {
  const key = provenanceTagKey(props.Engine, props.TargetSnapshotName);
  const mark = tags.find((tag) => tag.Key === key);
  if (mark === undefined) return 'unmarked';
  return mark.Value === props.Source ? 'ours' : { copyOf: mark.Value ?? '' };
}

/**
 * Whether Create/Update may take the snapshot of the target name as its copy; throws what the user must fix if not.
 * An unmarked snapshot is adopted only on an Update in place: CloudFormation then holds this resource for this
 * name since a successful Create (a copy made before copies were marked). It is never deleted (see mayDelete).
 */
export function checkProvenance(props: CopyJobProperties, previous: CopyJobProperties | undefined, provenance: Provenance): void {
  if (provenance === 'ours') return;
  const key = provenanceTagKey(props.Engine, props.TargetSnapshotName);
  if (provenance === 'unmarked') {
    if (previous) {
      log({ outcome: 'adopted unmarked', reason: `"${props.TargetSnapshotName}" has been this resource's since its Create; it carries no ${key} tag and is never deleted` });
      return;
    }
    throw new UserError(`a snapshot "${props.TargetSnapshotName}" already exists and is not a copy of "${props.Source}" (it carries no ${key} tag, `
      + 'which every copy this construct makes carries): choose another targetSnapshotName (AWS never overwrites a snapshot)');
  }
  throw new UserError(`a snapshot "${props.TargetSnapshotName}" already exists and is not a copy of "${props.Source}" (its ${key} tag names `
    + `"${provenance.copyOf}"): choose another targetSnapshotName (AWS never overwrites a snapshot)`);
}

/** Delete removes only a snapshot marked as a copy of this source; anything else is logged and left. */
export function mayDelete(props: CopyJobProperties, provenance: Provenance): boolean {
  if (provenance === 'ours') return true;
  const reason = provenance === 'unmarked' ? 'it carries no provenance tag' : `its provenance tag names "${provenance.copyOf}"`;
  log({ outcome: 'left alone', reason: `"${props.TargetSnapshotName}" is not known to be a copy of "${props.Source}": ${reason}` });
  return false;
}
