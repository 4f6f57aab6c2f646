// DocumentDB elastic clusters: CopyClusterSnapshot, and the copy found by name among the snapshots of the
// source's cluster (ListClusterSnapshots, every page): its ARN ends in an id the service generates. Whether it is
// our copy, its provenance tag says (set by CopyClusterSnapshot's `tags`, read with ListTagsForResource: "Lists
// all tags on a elastic cluster resource"); see provenance.ts.

import {
  ClusterSnapshotInList,
  CopyClusterSnapshotCommand,
  DeleteClusterSnapshotCommand,
  DocDBElasticClient,
  GetClusterSnapshotCommand,
  ListClusterSnapshotsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-docdb-elastic';
import type { CopyJobProperties, EngineCopier } from '.';
import { checkProvenance, mayDelete, Provenance, provenanceFrom } from './provenance';
import { provenanceTagKey, SNAPSHOT_COPY_JOB_ATTRIBUTES } from '../../lib/handler-properties/snapshot-copy-job';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { tagChangesSincePrevious } from '../shared/handler';
import { DONE, Progress, waitingFor } from '../shared/waiting';

const docdb = new DocDBElasticClient(CLIENT_CONFIG);
const WAITING_STATUSES = ['CREATING', 'COPYING', 'UPDATING'];

export const docDbElastic: EngineCopier = {
  async converge(props, previous) {
    const clusterArn = await sourceClusterArn(props);
    let copy = await findCopy(props, clusterArn);
    if (!copy) {
      const progress = await copySnapshot(props);
      if (progress) return progress;
      copy = await findCopy(props, clusterArn);
      if (!copy) {
        throw new UserError(`a snapshot "${props.TargetSnapshotName}" already exists and is not a copy of a snapshot of the source's cluster: `
          + 'choose another targetSnapshotName (AWS never overwrites a snapshot)');
      }
    }
    const provenance = await provenanceOf(props, copy);
    if (!provenance) return waitingFor(`copy "${props.TargetSnapshotName}" to be listed`);
    checkProvenance(props, previous, provenance);
    const status = copy.status ?? 'UNKNOWN';
    if (WAITING_STATUSES.includes(status)) return waitingFor(`copy "${props.TargetSnapshotName}" to be ACTIVE: its status is ${status}`);
    if (status !== 'ACTIVE') throw new Error(`copy "${props.TargetSnapshotName}" of ${props.Source} is ${status}`);
    await syncTags(props, previous, copy.snapshotArn ?? '');
    return {
      done: true,
      data: { [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName]: props.TargetSnapshotName, [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn]: copy.snapshotArn ?? '' },
    };
  },

  async remove(props) {
    let clusterArn: string;
    try {
      clusterArn = await sourceClusterArn(props);
    } catch (error) {
      // Without the source we cannot tell our copy from someone else's snapshot of that name: keep it.
      if (error instanceof UserError) return DONE;
      throw error;
    }
    const copy = await findCopy(props, clusterArn);
    if (!copy) return DONE;
    const provenance = await provenanceOf(props, copy);
    if (!provenance || !mayDelete(props, provenance)) return DONE;
    if (copy.status === 'DELETING') return waitingFor(`copy "${props.TargetSnapshotName}" to be deleted`);
    if (WAITING_STATUSES.includes(copy.status ?? '')) return waitingFor(`copy "${props.TargetSnapshotName}" to finish before it is deleted`);
    try {
      await send(docdb, new DeleteClusterSnapshotCommand({ snapshotArn: copy.snapshotArn }));
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'ResourceNotFoundException') return DONE;
      if (name === 'ConflictException') return waitingFor(`copy "${props.TargetSnapshotName}" to be free to delete`);
      throw error;
    }
    return waitingFor(`copy "${props.TargetSnapshotName}" to be deleted`);
  },
};

async function sourceClusterArn(props: CopyJobProperties): Promise<string> {
  try {
    const output = await send(docdb, new GetClusterSnapshotCommand({ snapshotArn: props.Source }));
    return output.snapshot?.clusterArn ?? '';
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') {
      throw new UserError(`source snapshot ${props.Source} was not found: set SnapshotSource.docDbElastic's snapshotArn to an existing snapshot`);
    }
    throw error;
  }
}

/** The snapshot named TargetSnapshotName among the snapshots of the source's cluster, every page of them. */
async function findCopy(props: CopyJobProperties, clusterArn: string): Promise<ClusterSnapshotInList | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await send(docdb, new ListClusterSnapshotsCommand({ clusterArn, snapshotType: 'manual', nextToken }));
    const found = page.snapshots?.find((snapshot) => snapshot.snapshotName?.toLowerCase() === props.TargetSnapshotName.toLowerCase());
    if (found) return found;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

/** Sends CopyClusterSnapshot: a Progress to wait, undefined to look again, or throws what the user must fix. */
async function copySnapshot(props: CopyJobProperties): Promise<Progress | undefined> {
  try {
    await send(docdb, new CopyClusterSnapshotCommand({
      snapshotArn: props.Source,
      targetSnapshotName: props.TargetSnapshotName,
      kmsKeyId: props.KmsKeyId,
      copyTags: props.CopyTags,
      // The provenance tag is set with the copy, so no copy of ours ever exists without it.
      tags: {
        ...Object.fromEntries(props.Tags.map((tag) => [tag.Key, tag.Value])),
        [provenanceTagKey(props.Engine, props.TargetSnapshotName)]: props.Source,
      },
    }));
    return waitingFor(`copy "${props.TargetSnapshotName}" to be ACTIVE: it is being made`);
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    // The source is busy (being created or copied), or the name is taken: the next look tells which.
    if (name === 'ConflictException') {
      return /already exists/i.test(message) ? undefined : waitingFor(`source snapshot ${props.Source} to be free to copy (${message})`);
    }
    const fixes: Record<string, string> = {
      ResourceNotFoundException: `source snapshot ${props.Source} was not found: set SnapshotSource.docDbElastic's snapshotArn to an existing snapshot`,
      ServiceQuotaExceededException: 'the account has reached its quota of DocumentDB elastic cluster snapshots: delete snapshots you no longer need',
      ValidationException: `DocumentDB elastic rejected the copy (${message}): check targetSnapshotName, kmsKey and tags`,
      AccessDeniedException: `not allowed to copy ${props.Source} (${message}): check the KMS key policy and the handler role`,
    };
    throw userErrorFrom(name, fixes) ?? error;
  }
}

/** The copy's provenance from ListTagsForResource; undefined when it is gone (ResourceNotFoundException). */
async function provenanceOf(props: CopyJobProperties, copy: ClusterSnapshotInList): Promise<Provenance | undefined> {
  try {
    const output = await send(docdb, new ListTagsForResourceCommand({ resourceArn: copy.snapshotArn }));
    return provenanceFrom(props, Object.entries(output.tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** GetClusterSnapshot does not return tags: see tagChangesSincePrevious. */
async function syncTags(props: CopyJobProperties, previous: CopyJobProperties | undefined, resourceArn: string): Promise<void> {
  const tags = tagChangesSincePrevious(props.Tags, previous?.Tags, (tag) => tag.Key);
  if (tags.set.length > 0) {
    await send(docdb, new TagResourceCommand({ resourceArn, tags: Object.fromEntries(tags.set.map((tag) => [tag.Key, tag.Value])) }));
  }
  if (tags.remove.length > 0) await send(docdb, new UntagResourceCommand({ resourceArn, tagKeys: tags.remove }));
}
