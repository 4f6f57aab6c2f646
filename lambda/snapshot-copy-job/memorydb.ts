// MemoryDB: CopySnapshot within MemoryDB, or to an S3 bucket (an export), and DescribeSnapshots to wait.
// A MemoryDB snapshot does not name the snapshot it was copied from: a copy carries the provenance tag its
// CopySnapshot request set (CopySnapshot "Tags: A list of tags to be added to this resource"), read with ListTags
// ("Lists all tags currently on a named resource"); see provenance.ts. The source is not needed to recognise it.
//
// An export is sent once, by onEvent (`start`): no AWS document says what a repeated CopySnapshot to a bucket
// answers, and the documented snapshot statuses (creating | available | restoring | copying | deleting: MemoryDB
// API reference, "Snapshot") have none for "exporting". isComplete only observes what is documented: the export's
// objects in the bucket and the source's status and shard count. An export of `name` writes one object per shard,
// `name-<shard id>.rdb` (MemoryDB Developer Guide, "Exporting a snapshot", step 3: "MemoryDB adds a shard identifier
// and .rdb to the value that you enter here. For example, if you enter my-exported-snapshot, MemoryDB creates
// my-exported-snapshot-0001.rdb"), so only keys of that form count: S3 ListObjectsV2 with Prefix `name-` ("Limits
// the response to keys that begin with the specified prefix"), never the objects of another export whose name
// begins with this one's (`name-2` writes `name-2-0001.rdb`). The source's shards come from DescribeSnapshots with
// ShowDetail ("A Boolean value which if true, the shard configuration is included in the snapshot description"):
// ClusterConfiguration NumShards ("The number of shards in the cluster"), or its list of Shards.

import {
  CopySnapshotCommand,
  DeleteSnapshotCommand,
  DescribeSnapshotsCommand,
  ListTagsCommand,
  MemoryDBClient,
  Snapshot,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-memorydb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { checkProvenance, mayDelete, Provenance, provenanceFrom } from './provenance';
import type { CopyJobProperties, EngineCopier } from './types';
import { provenanceTagKey, SNAPSHOT_COPY_JOB_ATTRIBUTES } from '../../lib/handler-properties/snapshot-copy-job';
import { TAG_RULES } from '../../lib/handler-properties/tag-rules';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { leaveUnfinished, tagChangesSincePrevious } from '../shared/handler';
import { log } from '../shared/log';
import { DONE, Progress, waitingFor } from '../shared/waiting';

const memorydb = new MemoryDBClient(CLIENT_CONFIG);
const s3 = new S3Client(CLIENT_CONFIG);

export const memoryDb: EngineCopier = {
  /** An export starts here, once per Create: a copy within MemoryDB is started by converge, which can see it. */
  async start(props) {
    if (props.TargetBucket) await startExport(props);
  },

  async converge(props, previous) {
    if (props.TargetBucket) return exportProgress(props);
    let copy = await describe(props.TargetSnapshotName);
    if (!copy) {
      const progress = await copySnapshot(props);
      if (progress) return progress;
      copy = await describe(props.TargetSnapshotName);
      if (!copy) return waitingFor(`copy "${props.TargetSnapshotName}" to appear`);
    }
    // Every request about the copy names its ARN, which AWS requires (ListTags, TagResource): wait for an answer with it.
    if (!copy.ARN) return waitingFor(`copy "${props.TargetSnapshotName}" to be described with its ARN`);
    const provenance = await provenanceOf(props, copy);
    if (!provenance) return waitingFor(`copy "${props.TargetSnapshotName}" to appear`);
    checkProvenance(props, previous, provenance);
    const status = copy.Status ?? 'unknown';
    if (status === 'failed') throw new Error(`copy "${props.TargetSnapshotName}" of snapshot "${props.Source}" is "failed"`);
    if (status !== 'available') return waitingFor(`copy "${props.TargetSnapshotName}" to be available: its status is "${status}"`);
    await syncTags(props, previous, copy.ARN);
    return {
      done: true,
      data: {
        [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName]: props.TargetSnapshotName,
        [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn]: copy.ARN,
      },
    };
  },

  async remove(props) {
    // Exports are objects in the user's bucket: never deleted here.
    if (props.TargetBucket) return DONE;
    const copy = await describe(props.TargetSnapshotName);
    if (!copy) return DONE;
    const provenance = await provenanceOf(props, copy);
    if (!provenance || !mayDelete(props, provenance)) return DONE;
    // DeleteSnapshot of an unfinished snapshot is documented only as InvalidSnapshotStateFault ("The snapshot is not in
    // a valid state for the requested operation"): not sent, and not waited for (see leaveUnfinished).
    if (copy.Status === 'creating' || copy.Status === 'copying') return leaveUnfinished(`copy "${props.TargetSnapshotName}" of "${props.Source}"`, copy.Status);
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
 * Sends the export, unless objects of that name are in the bucket already (an export of an earlier deployment:
 * adopted, as MemoryDB never overwrites one). Any answer but an error the user must fix leaves the judgement to
 * isComplete, which looks at the bucket.
 */
async function startExport(props: CopyJobProperties): Promise<void> {
  if (await exportedObjects(props, 1) > 0) {
    log({ outcome: 'adopted', reason: `objects under "${props.TargetSnapshotName}" are in bucket "${props.TargetBucket}" already: not exported again` });
    return;
  }
  try {
    await send(memorydb, new CopySnapshotCommand({
      SourceSnapshotName: props.Source,
      TargetSnapshotName: props.TargetSnapshotName,
      TargetBucket: props.TargetBucket,
      KmsKeyId: props.KmsKeyId,
    }));
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    // The name is taken in the bucket (CopySnapshot: "this name must be unique within its context - MemoryDB or
    // an Amazon S3 bucket if exporting"): whether those objects are this export isComplete tells by looking.
    if (name === 'SnapshotAlreadyExistsFault') {
      log({ outcome: 'not exported', reason: `${name}: ${message}` });
      return;
    }
    // The export is sent once: a source that cannot be exported now is not waited for in a loop of resends.
    if (name === 'InvalidSnapshotStateFault') {
      throw new UserError(`source snapshot "${props.Source}" cannot be exported now (${message}): MemoryDB exports an available snapshot; `
        + `deploy again once it is available (${name})`);
    }
    throw userErrorFrom(name, copyFixes(props, message)) ?? error;
  }
}

/**
 * An export is done when one object per shard of the source is in the bucket and the source is available again; a
 * source gone leaves the objects alone to judge, and one is enough. It is never sent again from here.
 */
async function exportProgress(props: CopyJobProperties): Promise<Progress> {
  const location = `s3://${props.TargetBucket}/${props.TargetSnapshotName}`;
  if (await exportedObjects(props, 1) === 0) return waitingFor(`MemoryDB to write the export of "${props.Source}" to ${location} (no object yet)`);
  const source = await describe(props.Source, true);
  if (source && source.Status !== 'available') return waitingFor(`the export of "${props.Source}" to ${location} to finish: the source's status is "${source.Status}"`);
  if (source) {
    // NumShards, or the shards listed ("Shards: The list of shards in the cluster"): what ShowDetail includes.
    const shards = source.ClusterConfiguration?.NumShards ?? source.ClusterConfiguration?.Shards?.length;
    if (shards === undefined) return waitingFor(`source "${props.Source}" to be described with its shards (ClusterConfiguration)`);
    const written = await exportedObjects(props, shards);
    if (written < shards) return waitingFor(`the export of "${props.Source}" to ${location} to finish: ${written} of its ${shards} shard files are there`);
  }
  return {
    done: true,
    data: { [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName]: props.TargetSnapshotName, [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn]: location },
  };
}

/**
 * How many shard files of the export (`name-<digits>.rdb`) are in the bucket, counted up to `enough`: ListObjectsV2
 * with Prefix `name-`, every page (NextContinuationToken) until that many are found.
 */
async function exportedObjects(props: CopyJobProperties, enough: number): Promise<number> {
  const prefix = `${props.TargetSnapshotName}-`;
  let found = 0;
  let ContinuationToken: string | undefined;
  try {
    do {
      const page = await send(s3, new ListObjectsV2Command({ Bucket: props.TargetBucket, Prefix: prefix, ContinuationToken }));
      found += (page.Contents ?? []).filter((object) => isShardFile(prefix, object.Key)).length;
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (found < enough && ContinuationToken);
    return found;
  } catch (error) {
    if (awsErrorName(error) === 'NoSuchBucket') {
      throw new UserError(`bucket "${props.TargetBucket}" does not exist: set targetBucket to an existing bucket (NoSuchBucket)`);
    }
    throw error;
  }
}

/** Whether a key is a shard file of the export: the prefix, then digits (the shard identifier), then `.rdb`. */
function isShardFile(prefix: string, key: string | undefined): boolean {
  return key !== undefined && key.startsWith(prefix) && /^[0-9]+\.rdb$/.test(key.slice(prefix.length));
}

/** Sends CopySnapshot within MemoryDB: a Progress to wait, undefined when it exists now (sent or already there), or throws. */
async function copySnapshot(props: CopyJobProperties): Promise<Progress | undefined> {
  try {
    await send(memorydb, new CopySnapshotCommand({
      SourceSnapshotName: props.Source,
      TargetSnapshotName: props.TargetSnapshotName,
      KmsKeyId: props.KmsKeyId,
      // The provenance tag is set with the copy, so no copy of ours ever exists without it.
      Tags: [...props.Tags, { Key: provenanceTagKey(props.Engine, props.TargetSnapshotName), Value: props.Source }],
    }));
    return waitingFor(`copy "${props.TargetSnapshotName}" of "${props.Source}" to be available: it is being made`);
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    if (name === 'SnapshotAlreadyExistsFault') return undefined;
    if (name === 'InvalidSnapshotStateFault') return waitingFor(`source snapshot "${props.Source}" to be available (${message})`);
    throw userErrorFrom(name, copyFixes(props, message)) ?? error;
  }
}

/** CopySnapshot's documented errors that the user must fix, with what to fix. */
function copyFixes(props: CopyJobProperties, message: string): Record<string, string> {
  return {
    SnapshotNotFoundFault: `source snapshot "${props.Source}" was not found: set SnapshotSource.memoryDb's snapshotName to an existing snapshot`,
    SnapshotQuotaExceededFault: 'the account has reached its quota of MemoryDB snapshots: delete snapshots you no longer need',
    TagQuotaPerResourceExceeded: `too many tags for a MemoryDB snapshot: use at most ${TAG_RULES.memorydb.maxPerResource - 1} `
      + `(${TAG_RULES.memorydb.maxPerResource} per snapshot, one of them the provenance tag)`,
    ServiceLinkedRoleNotFoundFault: 'MemoryDB\'s service-linked role is missing: create it (aws iam create-service-linked-role --aws-service-name memorydb.amazonaws.com)',
    InvalidParameterValueException: `MemoryDB rejected the copy (${message}): check targetSnapshotName, targetBucket and encryptionKey`,
    InvalidParameterCombinationException: `MemoryDB rejected the combination of settings (${message})`,
  };
}

/**
 * The copy's provenance from ListTags; undefined when it is gone (SnapshotNotFoundFault), or described without the
 * ARN ListTags requires (then a Delete leaves it alone, as it does a copy it cannot tell is its own).
 */
async function provenanceOf(props: CopyJobProperties, copy: Snapshot): Promise<Provenance | undefined> {
  if (!copy.ARN) return undefined;
  try {
    const output = await send(memorydb, new ListTagsCommand({ ResourceArn: copy.ARN }));
    return provenanceFrom(props, output.TagList ?? []);
  } catch (error) {
    if (awsErrorName(error) === 'SnapshotNotFoundFault') return undefined;
    throw error;
  }
}

/** DescribeSnapshots does not return tags: see tagChangesSincePrevious. */
async function syncTags(props: CopyJobProperties, previous: CopyJobProperties | undefined, ResourceArn: string): Promise<void> {
  const tags = tagChangesSincePrevious(props.Tags, previous?.Tags, (tag) => tag.Key);
  if (tags.set.length > 0) await send(memorydb, new TagResourceCommand({ ResourceArn, Tags: tags.set }));
  if (tags.remove.length > 0) await untag(ResourceArn, tags.remove);
}

/**
 * UntagResource of keys the copy should no longer carry. A key already removed (outside the stack) answers
 * TagNotFoundFault ("The specified tag does not exist", UntagResource's documented errors): that key is done. AWS
 * does not say whether the other keys of the request were removed, so those still listed (ListTags) are sent again.
 */
async function untag(ResourceArn: string, keys: string[]): Promise<void> {
  try {
    await send(memorydb, new UntagResourceCommand({ ResourceArn, TagKeys: keys }));
  } catch (error) {
    if (awsErrorName(error) !== 'TagNotFoundFault') throw error;
    const listed = await send(memorydb, new ListTagsCommand({ ResourceArn }));
    const remaining = keys.filter((key) => (listed.TagList ?? []).some((tag) => tag.Key === key));
    log({ outcome: 'already untagged', reason: `TagNotFoundFault: ${keys.filter((key) => !remaining.includes(key)).join(', ')} not on the copy` });
    if (remaining.length > 0) await send(memorydb, new UntagResourceCommand({ ResourceArn, TagKeys: remaining }));
  }
}

/**
 * The snapshot of that name, or undefined. With `showDetail` (DescribeSnapshots ShowDetail: "which if true, the shard
 * configuration is included in the snapshot description") when its shards are read (an export's source); without,
 * only the name, status and ARN are.
 */
async function describe(snapshotName: string, showDetail = false): Promise<Snapshot | undefined> {
  try {
    const output = await send(memorydb, new DescribeSnapshotsCommand({ SnapshotName: snapshotName, ShowDetail: showDetail || undefined }));
    return output.Snapshots?.find((snapshot) => snapshot.Name === snapshotName);
  } catch (error) {
    if (awsErrorName(error) === 'SnapshotNotFoundFault') return undefined;
    throw error;
  }
}
