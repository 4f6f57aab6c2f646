// Handler of ClusterSnapshot (Custom::RedshiftClusterSnapshot).
//
// | event         | found in AWS                                   | does                                               |
// | ------------- | ---------------------------------------------- | -------------------------------------------------- |
// | Create/Update | no snapshot of that identifier                 | CreateClusterSnapshot (cluster busy: wait)         |
// | Create/Update | none; InvalidClusterStateFault, DescribeClusters says `paused` (or another state only the user ends) | fail at once: "cluster c1 is paused: resume it (ResumeCluster), or ..." |
// | Create/Update | snapshot of the same cluster, `creating`       | wait (until the construct's timeout)               |
// | any           | still waiting, and the next pass might end after CloudFormation's hour (timeouts.test.ts) | fail now naming what it waited for: never CloudFormation's reasonless timeout |
// | Create/Update | snapshot of the same cluster, `available`      | ModifyClusterSnapshot / tag calls where differing  |
// | Create/Update | ModifyClusterSnapshot: InvalidRetentionPeriodFault (shorter than the snapshot's age) | fail: choose a longer retention; Force (deletes the snapshot) is never sent |
// | Create/Update | snapshot `failed`, `cancelled` or `deleted`    | fail with the status                               |
// | Create/Update | snapshot of that identifier of another cluster | fail: choose another snapshotIdentifier (seen as    |
// |               | (not listed for our cluster, Create: exists)   | ClusterSnapshotAlreadyExistsFault)                 |
// | Create/Update | `available`, an account of ShareWith not authorized | record it (tag cdk-db-snapshots:restore-access:<account> = owner), then AuthorizeSnapshotAccess (AuthorizationAlreadyExistsFault: done) |
// | Create/Update | AuthorizeSnapshotAccess: DependentServiceRequestThrottlingFault ("Wait and retry the request", API Reference) | wait and look again, until the construct's timeout |
// | Create/Update | AuthorizeSnapshotAccess: UnsupportedOperationFault | fail, saying what AWS documents ("The requested operation isn't supported"), no guessed cause |
// | Create/Update | `available`, an account this resource authorized (its tag) not in ShareWith (removed, or a rollback) | RevokeSnapshotAccess (AuthorizationNotFoundFault: done), then delete its tag |
// | Create/Update | `available`, an account authorized by someone else (no tag of ours), in ShareWith or not | left as it is, named in the log; never revoked by this resource |
// | Create/Update | ShareWith names the stack's own account        | fail: the owner can always restore its snapshots    |
// | Delete        | RETAIN (the default)                           | nothing (authorizations stay)                      |
// | Delete        | DESTROY, accounts authorized by someone else   | fail naming them, changing nothing (never revoke on the user's behalf) |
// | Delete        | DESTROY, only accounts this resource authorized | RevokeSnapshotAccess each, then DeleteClusterSnapshot |
// | Delete        | DESTROY, `creating` (the rollback of the Create that made it) | success, left in place and logged (`outcome: left`): DeleteClusterSnapshot takes only available, failed or cancelled snapshots, and waiting could outlast CloudFormation's hour (ROLLBACK_FAILED) |
// | Delete        | DESTROY, gone or of another cluster            | success, nothing touched                           |

import {
  CreateClusterSnapshotCommand,
  CreateTagsCommand,
  DeleteClusterSnapshotCommand,
  DeleteTagsCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  ModifyClusterSnapshotCommand,
  RedshiftClient,
  Snapshot,
} from '@aws-sdk/client-redshift';
import { revokeOwnBeforeDelete, syncSharing } from './sharing';
import { CLUSTER_SNAPSHOT_ATTRIBUTES, HandlerTag } from '../../lib/handler-properties/cluster-snapshot';
import { RESTORE_ACCESS_TAG_PREFIX } from '../../lib/handler-properties/sharing';
import { TAG_RULES } from '../../lib/handler-properties/tag-rules';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { clusterNeedsTheUser } from '../shared/cluster-status';
import { awsErrorName, isTransientAwsError, UserError, userErrorFrom } from '../shared/errors';
import { IsCompleteRequest } from '../shared/framework';
import { handlers, leaveUnfinished, parseCommon, ParsedCommon, previousInPlace, ResourceHandler, tagChanges } from '../shared/handler';
import { ownerId } from '../shared/owner';
import { integer, optionalStringList, requiredString, userTags } from '../shared/properties';
import { stackEnvironment } from '../shared/stack';
import { DONE, Progress, waitingFor } from '../shared/waiting';

/** The cluster is in the Lambda's own region: the construct requires a cluster of the stack's region. */
const redshift = new RedshiftClient(CLIENT_CONFIG);

export interface SnapshotProperties extends ParsedCommon {
  readonly ClusterIdentifier: string;
  readonly SnapshotIdentifier: string;
  readonly ManualSnapshotRetentionPeriod: number;
  readonly Tags: HandlerTag[];
  readonly ShareWith?: string[];
}

const TERMINAL_STATUSES = ['failed', 'cancelled', 'deleted'];
const MAX_CHANGES_PER_PASS = 3;

const resource: ResourceHandler<SnapshotProperties> = {
  parse: (props) => ({
    ClusterIdentifier: requiredString(props, 'ClusterIdentifier'),
    SnapshotIdentifier: requiredString(props, 'SnapshotIdentifier'),
    ManualSnapshotRetentionPeriod: integer(props, 'ManualSnapshotRetentionPeriod', 1, 3653, [-1]),
    Tags: userTags(props, 'Tags', { prefix: RESTORE_ACCESS_TAG_PREFIX }),
    ShareWith: optionalStringList(props, 'ShareWith'),
    ...parseCommon(props),
  }),

  // A snapshot identifier is unique in the account and region.
  physicalId: (props) => props.SnapshotIdentifier,

  async converge(props, event) {
    refuseOwnAccount(props, event);
    const previousTags = previousInPlace(resource, props, event)?.Tags ?? [];
    for (let change = 0; change < MAX_CHANGES_PER_PASS; change++) {
      const snapshot = await describeSnapshot(props);
      if (!snapshot) {
        const created = await createSnapshot(props);
        if (created) return created;
        continue;
      }
      const status = snapshot.Status ?? 'unknown';
      if (TERMINAL_STATUSES.includes(status)) {
        throw new Error(`snapshot "${props.SnapshotIdentifier}" of cluster "${props.ClusterIdentifier}" is "${status}"`);
      }
      if (status !== 'available') {
        return waitingFor(`snapshot "${props.SnapshotIdentifier}" to be available: its status is "${status}"`);
      }
      const changed = await syncSettings(props, snapshot, previousTags, event)
        || await syncSharing(redshift, props, snapshot, ownerId(event), snapshotArn(props, event));
      if (!changed) {
        return { done: true, data: attributes(props, event) };
      }
    }
    return waitingFor(`the settings of snapshot "${props.SnapshotIdentifier}" to settle`);
  },

  async remove(props, event) {
    const snapshot = await describeSnapshot(props);
    if (!snapshot) return DONE;
    if (snapshot.Status === 'creating') {
      // DeleteClusterSnapshot: "Must be the name of an existing snapshot that is in the available, failed, or
      // cancelled state" (API Reference): not deletable now, and not waited for (see leaveUnfinished).
      return leaveUnfinished(`snapshot "${props.SnapshotIdentifier}" of cluster "${props.ClusterIdentifier}"`, 'creating');
    }
    await revokeOwnBeforeDelete(redshift, props, snapshot, ownerId(event));
    try {
      await send(redshift, new DeleteClusterSnapshotCommand({
        SnapshotIdentifier: props.SnapshotIdentifier,
        SnapshotClusterIdentifier: props.ClusterIdentifier,
      }));
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'ClusterSnapshotNotFoundFault') return DONE;
      if (name === 'InvalidClusterSnapshotStateFault') {
        throw new UserError(`snapshot "${props.SnapshotIdentifier}" cannot be deleted in its state (${(error as Error).message}): `
          + 'if other accounts are authorized to restore it, revoke their access, or set removalPolicy to RemovalPolicy.RETAIN');
      }
      throw error;
    }
    return DONE;
  },
};

/** Sends CreateClusterSnapshot; a Progress to wait, undefined to look again, or throws what the user must fix. */
async function createSnapshot(props: SnapshotProperties): Promise<Progress | undefined> {
  try {
    await send(redshift, new CreateClusterSnapshotCommand({
      ClusterIdentifier: props.ClusterIdentifier,
      SnapshotIdentifier: props.SnapshotIdentifier,
      ManualSnapshotRetentionPeriod: props.ManualSnapshotRetentionPeriod,
      Tags: props.Tags.length > 0 ? props.Tags : undefined,
    }));
    return waitingFor(`snapshot "${props.SnapshotIdentifier}" to be available: it is being created`);
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    if (name === 'ClusterSnapshotAlreadyExistsFault') {
      // Created meanwhile by a replayed event: the next look finds it among the cluster's snapshots and adopts it.
      // Not listed for this cluster: the identifier is taken by a snapshot of another cluster (identifiers are
      // unique in the account and region, CreateClusterSnapshot reference).
      if (await describeSnapshot(props)) return undefined;
      throw new UserError(`a snapshot "${props.SnapshotIdentifier}" already exists for another cluster than "${props.ClusterIdentifier}": `
        + 'choose another snapshotIdentifier (snapshot identifiers are unique in the account and region)');
    }
    if (name === 'InvalidClusterStateFault') {
      // "The specified cluster is not in the available state": DescribeClusters tells whether it will be
      // by itself (modifying, resizing, ...) or only when the user acts (paused, ...).
      const stuck = clusterNeedsTheUser(props.ClusterIdentifier, await clusterStatus(props.ClusterIdentifier),
        'deploy this snapshot once it is available');
      if (stuck) throw new UserError(stuck);
      return waitingFor(`cluster "${props.ClusterIdentifier}" to accept a snapshot (${(error as Error).message})`);
    }
    const fixes: Record<string, string> = {
      ClusterNotFoundFault: `cluster "${props.ClusterIdentifier}" was not found in ${process.env.AWS_REGION}: `
        + 'set clusterIdentifier to an existing provisioned cluster in the stack\'s region',
      ClusterSnapshotQuotaExceededFault: 'the account has reached its quota of manual snapshots: delete snapshots you no longer need '
        + 'or ask AWS for a higher quota',
      InvalidRetentionPeriodFault: `retention ${props.ManualSnapshotRetentionPeriod} was rejected: use -1 or 1 to 3653 days`,
      InvalidTagFault: `the tags were rejected (${(error as Error).message}): fix the tags`,
      TagLimitExceededFault: tagLimitFix(props),
    };
    throw userErrorFrom(name, fixes) ?? error;
  }
}

/** Brings retention and tags to the properties; true when it changed something. */
async function syncSettings(props: SnapshotProperties, snapshot: Snapshot, previousTags: HandlerTag[], event: IsCompleteRequest): Promise<boolean> {
  // Compared only where AWS reports it (a local emulator may not).
  if (snapshot.ManualSnapshotRetentionPeriod !== undefined && snapshot.ManualSnapshotRetentionPeriod !== props.ManualSnapshotRetentionPeriod) {
    try {
      // Never with Force: "If the manual snapshot falls outside of the new retention period, you can specify
      // the force option to immediately delete the snapshot" (API Reference, ModifyClusterSnapshot). Deleting
      // data is RemovalPolicy.DESTROY's job, not a retention change's.
      await send(redshift, new ModifyClusterSnapshotCommand({
        SnapshotIdentifier: props.SnapshotIdentifier,
        ManualSnapshotRetentionPeriod: props.ManualSnapshotRetentionPeriod,
      }));
    } catch (error) {
      if (awsErrorName(error) === 'InvalidRetentionPeriodFault') {
        throw new UserError(`retention ${props.ManualSnapshotRetentionPeriod} days was rejected for snapshot "${props.SnapshotIdentifier}" `
          + `(${(error as Error).message}): the snapshot is likely older than that, and Redshift would have to delete it at once. `
          + 'Choose a retention longer than its age, or SnapshotRetention.indefinitely(); to delete it, set removalPolicy to '
          + 'RemovalPolicy.DESTROY and remove the resource (InvalidRetentionPeriodFault)');
      }
      throw error;
    }
    return true;
  }
  const changes = tagChanges(snapshot.Tags ?? [], props.Tags, previousTags);
  const ResourceName = snapshotArn(props, event);
  if (changes.set.length > 0) {
    await send(redshift, new CreateTagsCommand({ ResourceName, Tags: changes.set }));
  }
  if (changes.remove.length > 0) {
    await send(redshift, new DeleteTagsCommand({ ResourceName, TagKeys: changes.remove }));
  }
  return changes.set.length + changes.remove.length > 0;
}

/** How many tags the snapshot may take: Redshift's 50 per resource, less one tag per account of ShareWith (its record). */
function tagLimitFix(props: SnapshotProperties): string {
  const perResource = TAG_RULES.redshift.maxPerResource;
  const shared = props.ShareWith?.length ?? 0;
  const accounts = shared === 0 ? '' : `, less ${shared} for the shareWith account${shared === 1 ? '' : 's'}, each recorded as a tag`;
  return `too many tags for a Redshift snapshot: use at most ${perResource - shared} (${perResource} per snapshot${accounts})`;
}

/** An env-agnostic stack learns its account only here: "Attempts to authorize or revoke access to the owner account will receive an error". */
function refuseOwnAccount(props: SnapshotProperties, event: IsCompleteRequest): void {
  const { account } = stackEnvironment(event);
  if (props.ShareWith?.includes(account)) {
    throw new UserError(`shareWith lists ${account}, the account of the stack, which owns snapshot "${props.SnapshotIdentifier}" and can `
      + 'always restore it: list only other accounts');
  }
}

function snapshotArn(props: SnapshotProperties, event: IsCompleteRequest): string {
  const { partition, region, account } = stackEnvironment(event);
  return `arn:${partition}:redshift:${region}:${account}:snapshot:${props.ClusterIdentifier}/${props.SnapshotIdentifier}`;
}

function attributes(props: SnapshotProperties, event: IsCompleteRequest): Record<string, string> {
  return {
    [CLUSTER_SNAPSHOT_ATTRIBUTES.snapshotIdentifier]: props.SnapshotIdentifier,
    [CLUSTER_SNAPSHOT_ATTRIBUTES.snapshotArn]: snapshotArn(props, event),
  };
}

/** The cluster's ClusterStatus, or undefined when it cannot be read (then the caller waits, as before). */
async function clusterStatus(clusterIdentifier: string): Promise<string | undefined> {
  try {
    const output = await send(redshift, new DescribeClustersCommand({ ClusterIdentifier: clusterIdentifier }));
    return output.Clusters?.[0]?.ClusterStatus;
  } catch (error) {
    if (isTransientAwsError(error) || awsErrorName(error) === 'ClusterNotFoundFault') return undefined;
    throw error;
  }
}

/**
 * The snapshot of that identifier of the resource's cluster, or undefined. The cluster is always named:
 * DescribeClusterSnapshots authorizes against the cluster only (Service Authorization Reference, Amazon
 * Redshift), so the handler role is granted it on the cluster's ARN. A snapshot of that identifier of another
 * cluster is not listed; CreateClusterSnapshot then answers ClusterSnapshotAlreadyExistsFault.
 */
async function describeSnapshot(props: SnapshotProperties): Promise<Snapshot | undefined> {
  try {
    const output = await send(redshift, new DescribeClusterSnapshotsCommand({
      ClusterIdentifier: props.ClusterIdentifier,
      SnapshotIdentifier: props.SnapshotIdentifier,
    }));
    return output.Snapshots?.find((snapshot) =>
      snapshot.SnapshotIdentifier === props.SnapshotIdentifier && snapshot.ClusterIdentifier === props.ClusterIdentifier);
  } catch (error) {
    const name = awsErrorName(error);
    // Both are documented errors of DescribeClusterSnapshots: no such snapshot, or no such cluster (which
    // CreateClusterSnapshot then reports with what to fix).
    if (name === 'ClusterSnapshotNotFoundFault' || name === 'ClusterNotFoundFault') return undefined;
    throw error;
  }
}

export const { onEvent, isComplete } = handlers(resource);
