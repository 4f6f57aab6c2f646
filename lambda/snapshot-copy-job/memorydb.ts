// MemoryDB: CopySnapshot within MemoryDB, or to an S3 bucket (an export), and DescribeSnapshots to wait.
// A MemoryDB snapshot does not name the snapshot it was copied from: a copy is recognised by carrying the
// same cluster configuration (cluster name and shard snapshot times) as the source.

import {
  CopySnapshotCommand,
  DeleteSnapshotCommand,
  DescribeSnapshotsCommand,
  MemoryDBClient,
  Snapshot,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-memorydb';
import type { CopyJobProperties, EngineCopier } from '.';
import { SNAPSHOT_COPY_JOB_ATTRIBUTES } from '../../lib/handler-properties/snapshot-copy-job';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { tagChangesSincePrevious } from '../shared/handler';
import { log } from '../shared/log';
import { DONE, Progress, waitingFor } from '../shared/waiting';

const memorydb = new MemoryDBClient(CLIENT_CONFIG);

export const memoryDb: EngineCopier = {
  async converge(props, previous) {
    if (props.TargetBucket) return exportToBucket(props);
    const source = await describe(props.Source);
    let copy = await describe(props.TargetSnapshotName);
    if (!copy) {
      if (!source) throw new UserError(`source snapshot "${props.Source}" was not found: set SnapshotSource.memoryDb's snapshotName to an existing snapshot`);
      const progress = await copySnapshot(props);
      if (progress) return progress;
      copy = await describe(props.TargetSnapshotName);
      if (!copy) return waitingFor(`copy "${props.TargetSnapshotName}" to appear`);
    }
    if (source && !sameContent(source, copy)) {
      throw new UserError(`a snapshot "${props.TargetSnapshotName}" already exists and is not a copy of "${props.Source}": `
        + 'choose another targetSnapshotName (AWS never overwrites a snapshot)');
    }
    const status = copy.Status ?? 'unknown';
    if (status === 'failed') throw new Error(`copy "${props.TargetSnapshotName}" of snapshot "${props.Source}" is "failed"`);
    if (status !== 'available') return waitingFor(`copy "${props.TargetSnapshotName}" to be available: its status is "${status}"`);
    await syncTags(props, previous, copy.ARN ?? '');
    return {
      done: true,
      data: { [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName]: props.TargetSnapshotName, [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn]: copy.ARN ?? '' },
    };
  },

  async remove(props) {
    // Exports are objects in the user's bucket: never deleted here.
    if (props.TargetBucket) return DONE;
    const copy = await describe(props.TargetSnapshotName);
    if (!copy) return DONE;
    const source = await describe(props.Source);
    if (!source || !sameContent(source, copy)) {
      log({ outcome: 'left alone', reason: `"${props.TargetSnapshotName}" is not known to be a copy of "${props.Source}"` });
      return DONE;
    }
    if (copy.Status === 'creating' || copy.Status === 'copying') return waitingFor(`copy "${props.TargetSnapshotName}" to finish before it is deleted`);
    try {
      await send(memorydb, new DeleteSnapshotCommand({ SnapshotName: props.TargetSnapshotName }));
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'SnapshotNotFoundFault') return DONE;
      if (name === 'InvalidSnapshotStateFault') return waitingFor(`copy "${props.TargetSnapshotName}" to be free to delete`);
      throw error;
    }
    return waitingFor(`copy "${props.TargetSnapshotName}" to be deleted`);
  },
};

/**
 * An export is done when MemoryDB says the name exists in the bucket (SnapshotAlreadyExistsFault on a
 * repeated CopySnapshot) and the source is available again (no longer exporting).
 */
async function exportToBucket(props: CopyJobProperties): Promise<Progress> {
  const progress = await copySnapshot(props);
  if (progress) return progress;
  const source = await describe(props.Source);
  if (!source) throw new UserError(`source snapshot "${props.Source}" was not found: set SnapshotSource.memoryDb's snapshotName to an existing snapshot`);
  if (source.Status !== 'available') return waitingFor(`the export of "${props.Source}" to finish: the source's status is "${source.Status}"`);
  return {
    done: true,
    data: {
      [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName]: props.TargetSnapshotName,
      [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn]: `s3://${props.TargetBucket}/${props.TargetSnapshotName}`,
    },
  };
}

/** Sends CopySnapshot: a Progress to wait, undefined when it exists now (sent or already there), or throws. */
async function copySnapshot(props: CopyJobProperties): Promise<Progress | undefined> {
  try {
    await send(memorydb, new CopySnapshotCommand({
      SourceSnapshotName: props.Source,
      TargetSnapshotName: props.TargetSnapshotName,
      TargetBucket: props.TargetBucket,
      KmsKeyId: props.KmsKeyId,
      Tags: props.Tags.length > 0 && !props.TargetBucket ? props.Tags : undefined,
    }));
    return waitingFor(`copy "${props.TargetSnapshotName}" of "${props.Source}" to be available: it is being made`);
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    if (name === 'SnapshotAlreadyExistsFault') return undefined;
    if (name === 'InvalidSnapshotStateFault') return waitingFor(`source snapshot "${props.Source}" to be available (${message})`);
    const fixes: Record<string, string> = {
      SnapshotNotFoundFault: `source snapshot "${props.Source}" was not found: set SnapshotSource.memoryDb's snapshotName to an existing snapshot`,
      SnapshotQuotaExceededFault: 'the account has reached its quota of MemoryDB snapshots: delete snapshots you no longer need',
      TagQuotaPerResourceExceeded: 'too many tags for a MemoryDB snapshot: use at most 200',
      ServiceLinkedRoleNotFoundFault: 'MemoryDB\'s service-linked role is missing: create it (aws iam create-service-linked-role --aws-service-name memorydb.amazonaws.com)',
      InvalidParameterValueException: `MemoryDB rejected the copy (${message}): check targetSnapshotName, targetBucket and kmsKey`,
      InvalidParameterCombinationException: `MemoryDB rejected the combination of settings (${message})`,
    };
    throw userErrorFrom(name, fixes) ?? error;
  }
}

/** Same cluster and the same shard snapshot times: the same data. */
function sameContent(source: Snapshot, copy: Snapshot): boolean {
  const fingerprint = (snapshot: Snapshot) => JSON.stringify({
    cluster: snapshot.ClusterConfiguration?.Name,
    shards: (snapshot.ClusterConfiguration?.Shards ?? []).map((shard) => [shard.Name, String(shard.SnapshotCreationTime ?? '')]),
  });
  return fingerprint(source) === fingerprint(copy);
}

/** DescribeSnapshots does not return tags: see tagChangesSincePrevious. */
async function syncTags(props: CopyJobProperties, previous: CopyJobProperties | undefined, ResourceArn: string): Promise<void> {
  const tags = tagChangesSincePrevious(props.Tags, previous?.Tags, (tag) => tag.Key);
  if (tags.set.length > 0) await send(memorydb, new TagResourceCommand({ ResourceArn, Tags: tags.set }));
  if (tags.remove.length > 0) await send(memorydb, new UntagResourceCommand({ ResourceArn, TagKeys: tags.remove }));
}

async function describe(snapshotName: string): Promise<Snapshot | undefined> {
  try {
    const output = await send(memorydb, new DescribeSnapshotsCommand({ SnapshotName: snapshotName, ShowDetail: true }));
    return output.Snapshots?.find((snapshot) => snapshot.Name === snapshotName);
  } catch (error) {
    if (awsErrorName(error) === 'SnapshotNotFoundFault') return undefined;
    throw error;
  }
}
