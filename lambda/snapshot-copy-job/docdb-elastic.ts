// DocumentDB elastic clusters: CopyClusterSnapshot, and the copy found by name among all the account's snapshots
// in the handler's region (ListClusterSnapshots without clusterArn or snapshotType filters, every page): its ARN ends in an id
// the service generates, and its account is the fifth field (the stack's account, from the event's StackId: a
// snapshot of the same name shared from another account is never taken for the copy, so never adopted nor deleted).
// Whether it is our copy, its provenance tag says (set by CopyClusterSnapshot's `tags`, read
// with ListTagsForResource: "Lists all tags on a elastic cluster resource"); see provenance.ts. Neither needs the
// source, which is routinely deleted: only making the copy does.

import {
  ClusterSnapshotInList,
  CopyClusterSnapshotCommand,
  DeleteClusterSnapshotCommand,
  DocDBElasticClient,
  ListClusterSnapshotsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-docdb-elastic';
import { checkProvenance, mayDelete, Provenance, provenanceFrom } from './provenance';
import type { CopyJobProperties, EngineCopier } from './types';
import { provenanceTagKey, SNAPSHOT_COPY_JOB_ATTRIBUTES } from '../../lib/handler-properties/snapshot-copy-job';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, userErrorFrom } from '../shared/errors';
import type { OnEventRequest } from '../shared/framework';
import { leaveUnfinished, tagChangesSincePrevious } from '../shared/handler';
import { stackEnvironment } from '../shared/stack';
import { DONE, Progress, waitingFor } from '../shared/waiting';

/**
 * The client of the handler's own region, the stack's, where the source is and the copy is made: AWS documents copies
 * of elastic cluster snapshots "within the same region and within the same account" only (Amazon DocumentDB Developer
 * Guide, "Copying an elastic cluster snapshot"), and no way to send one to another region.
 */
const docdb = new DocDBElasticClient(CLIENT_CONFIG);

const WAITING_STATUSES = ['CREATING', 'COPYING', 'UPDATING'];

/** UntagResource's `tagKeys`: "Array Members: Minimum number of 0 items. Maximum number of 50 items" (API Reference). */
const MAX_UNTAG_KEYS = 50;

export const docDbElastic: EngineCopier = {
  async converge(props, previous, event) {
    const copy = await findCopy(props, event);
    if (!copy) return copySnapshot(props);
    // Every request about the copy names its ARN, which AWS requires (ListTagsForResource, TagResource): wait for it.
    if (!copy.snapshotArn) return waitingFor(`copy "${props.TargetSnapshotName}" to be listed with its ARN`);
    const provenance = await provenanceOf(props, copy);
    if (!provenance) return waitingFor(`copy "${props.TargetSnapshotName}" to be listed`);
    checkProvenance(props, previous, provenance);
    const status = copy.status ?? 'UNKNOWN';
    if (WAITING_STATUSES.includes(status)) return waitingFor(`copy "${props.TargetSnapshotName}" to be ACTIVE: its status is ${status}`);
    if (status !== 'ACTIVE') throw new Error(`copy "${props.TargetSnapshotName}" of ${props.Source} is ${status}`);
    await syncTags(props, previous, copy.snapshotArn);
    return {
      done: true,
      data: {
        [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotName]: props.TargetSnapshotName,
        [SNAPSHOT_COPY_JOB_ATTRIBUTES.targetSnapshotArn]: copy.snapshotArn,
      },
    };
  },

  async remove(props, event) {
    const copy = await findCopy(props, event);
    if (!copy) return DONE;
    const provenance = await provenanceOf(props, copy);
    if (!provenance || !mayDelete(props, provenance)) return DONE;
    if (copy.status === 'DELETING') return waitingFor(`copy "${props.TargetSnapshotName}" to be deleted`);
    // Nothing documents DeleteClusterSnapshot of a snapshot being made: not sent, and not waited for (see leaveUnfinished).
    if (copy.status === 'CREATING' || copy.status === 'COPYING') return leaveUnfinished(`copy "${props.TargetSnapshotName}" of ${props.Source}`, copy.status);
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

/**
 * The stack account's snapshot named TargetSnapshotName (names are not case-sensitive) among all snapshots listed,
 * every page. One whose ARN names another account (shared with this one) is not it, whatever its name.
 */
async function findCopy(props: CopyJobProperties, event: OnEventRequest): Promise<ClusterSnapshotInList | undefined> {
  const { account } = stackEnvironment(event);
  let nextToken: string | undefined;
  do {
    const page = await send(docdb, new ListClusterSnapshotsCommand({ nextToken }));
    const found = page.snapshots?.find((snapshot) => snapshot.snapshotName?.toLowerCase() === props.TargetSnapshotName.toLowerCase()
      // Listed without an ARN: taken, and waited on until it is listed with one (converge), or left (remove).
      && (snapshot.snapshotArn === undefined || arnAccount(snapshot.snapshotArn) === account));
    if (found) return found;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

/** The account of an ARN: arn:partition:service:region:account:resource. */
function arnAccount(arn: string): string | undefined {
  return arn.split(':')[4];
}

/**
 * Sends CopyClusterSnapshot: a Progress to wait (the copy is judged once it is listed), or throws what the user
 * must fix. Right after a copy is made it may not be listed yet, so a ConflictException (documented without
 * saying why: "There was an access conflict") never means someone else's snapshot: the next look tells.
 */
async function copySnapshot(props: CopyJobProperties): Promise<Progress> {
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
    return waitingFor(`copy "${props.TargetSnapshotName}" to be listed and ACTIVE: it is being made`);
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    if (name === 'ConflictException') {
      return waitingFor(`"${props.TargetSnapshotName}" to be listed, or source snapshot ${props.Source} to be free to copy (${name}: ${message})`);
    }
    const fixes: Record<string, string> = {
      ResourceNotFoundException: `source snapshot ${props.Source} was not found: set SnapshotSource.docDbElastic's snapshotArn to an existing snapshot`,
      ServiceQuotaExceededException: 'the account has reached its quota of DocumentDB elastic cluster snapshots: delete snapshots you no longer need',
      ValidationException: validationFix(message),
      AccessDeniedException: `not allowed to copy ${props.Source} (${message}): check the KMS key policy and the handler role`,
    };
    throw userErrorFrom(name, fixes) ?? error;
  }
}

/** What to fix when CopyClusterSnapshot answers ValidationException ("A structure defining a validation exception"). */
function validationFix(message: string): string {
  return `DocumentDB elastic rejected the copy (${message}): check targetSnapshotName, encryptionKey and tags`;
}

/**
 * The copy's provenance from ListTagsForResource; undefined when it is gone (ResourceNotFoundException), or listed
 * without the ARN the call requires (then a Delete leaves it alone, as it does a copy it cannot tell is its own).
 */
async function provenanceOf(props: CopyJobProperties, copy: ClusterSnapshotInList): Promise<Provenance | undefined> {
  if (!copy.snapshotArn) return undefined;
  try {
    const output = await send(docdb, new ListTagsForResourceCommand({ resourceArn: copy.snapshotArn }));
    return provenanceFrom(props, Object.entries(output.tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** ListClusterSnapshots does not return tags: see tagChangesSincePrevious. */
async function syncTags(props: CopyJobProperties, previous: CopyJobProperties | undefined, resourceArn: string): Promise<void> {
  const tags = tagChangesSincePrevious(props.Tags, previous?.Tags, (tag) => tag.Key);
  if (tags.set.length > 0) {
    await send(docdb, new TagResourceCommand({ resourceArn, tags: Object.fromEntries(tags.set.map((tag) => [tag.Key, tag.Value])) }));
  }
  for (let start = 0; start < tags.remove.length; start += MAX_UNTAG_KEYS) {
    await send(docdb, new UntagResourceCommand({ resourceArn, tagKeys: tags.remove.slice(start, start + MAX_UNTAG_KEYS) }));
  }
}
