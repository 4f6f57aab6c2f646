// Handler of CrossRegionSnapshotCopy (Custom::RedshiftCrossRegionSnapshotCopy).
//
// A copy setting is a cluster attribute (DescribeClusters' ClusterSnapshotCopyStatus: DestinationRegion,
// SnapshotCopyGrantName, RetentionPeriod, ManualSnapshotRetentionPeriod) and cannot carry a tag, so which
// setting is this resource's is read off the properties: on Create, only a setting equal to them (a setting
// this resource made, seen again on a replay); on an Update in place, one with the old or new region and
// grant; on Delete, one equal to them. Anything else belongs to someone else and is never changed.
// EnableSnapshotCopy requires a cluster "that does not already have cross-region snapshot copy enabled"
// (Redshift API Reference, EnableSnapshotCopy), so a setting in the way would have to be disabled first:
// on Create that is never done.
//
// | event         | found in AWS                                   | does                                             |
// | ------------- | ---------------------------------------------- | ------------------------------------------------ |
// | Create/Update | copy disabled                                  | EnableSnapshotCopy with both retention periods   |
// | Create        | enabled with exactly these settings            | adopt: nothing to do                             |
// | Create        | enabled with any other region, grant or retention | fail naming each difference; nothing changed  |
// | Update        | enabled to the wanted region and grant         | ModifySnapshotCopyRetentionPeriod where differing |
// | Update        | enabled to the old region or grant             | DisableSnapshotCopy, then enable as above        |
// | Update        | enabled to a region or grant of neither        | fail: disable it or set the properties           |
// | Create/Update | nothing to change                              | success at once, whatever the cluster's state    |
// | Create/Update | a change; cluster `paused`, `incompatible-*`, `storage-full`, `deleting` | fail at once: "cluster c1 is paused: resume it (ResumeCluster), or ..." |
// | Create/Update | a change; cluster `modifying`, `resizing`, ... | wait, until the construct's timeout              |
// | Delete        | ours, cluster `paused` (or as above)           | fail at once: resume it, or RemovalPolicy.RETAIN |
// | Delete        | enabled with exactly these settings            | DisableSnapshotCopy, done when DescribeClusters shows no copy (RETAIN: nothing) |
// | Delete        | disabled, other settings, cluster gone         | success, nothing touched                         |

import {
  Cluster,
  ClusterSnapshotCopyStatus,
  DescribeClustersCommand,
  DisableSnapshotCopyCommand,
  EnableSnapshotCopyCommand,
  ModifySnapshotCopyRetentionPeriodCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { AUTOMATED_RETENTION_DAYS } from '../../lib/handler-properties/cross-region-snapshot-copy';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { clusterNeedsTheUser } from '../shared/cluster-status';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { handlers, parseCommon, ParsedCommon, previousInPlace, ResourceHandler } from '../shared/handler';
import { log } from '../shared/log';
import { integer, optionalString, requiredString } from '../shared/properties';
import { DONE, Progress, waitingFor } from '../shared/waiting';

/** The cluster is in the Lambda's own region: the construct requires a cluster of the stack's region. */
const redshift = new RedshiftClient(CLIENT_CONFIG);

export interface CopyProperties extends ParsedCommon {
  readonly ClusterIdentifier: string;
  readonly DestinationRegion: string;
  readonly RetentionPeriod: number;
  readonly ManualSnapshotRetentionPeriod: number;
  readonly SnapshotCopyGrantName?: string;
}

/** AWS errors that mean "try again on the next pass". */
const TRANSIENT = new Set([
  'InvalidClusterStateFault',
  'CopyToRegionDisabledFault',
  'DependentServiceRequestThrottlingFault',
  // "a dependent internal service is temporarily unavailable. Wait 30 to 60 seconds and try again."
  'DependentServiceUnavailableFault',
]);

/** At most this many AWS changes per pass; the next pass (one poll later) continues. */
const MAX_CHANGES_PER_PASS = 3;

const resource: ResourceHandler<CopyProperties> = {
  parse: (props) => ({
    ClusterIdentifier: requiredString(props, 'ClusterIdentifier'),
    DestinationRegion: requiredString(props, 'DestinationRegion'),
    RetentionPeriod: integer(props, 'RetentionPeriod', AUTOMATED_RETENTION_DAYS.min, AUTOMATED_RETENTION_DAYS.max),
    ManualSnapshotRetentionPeriod: integer(props, 'ManualSnapshotRetentionPeriod', 1, 3653, [-1]),
    SnapshotCopyGrantName: optionalString(props, 'SnapshotCopyGrantName'),
    ...parseCommon(props),
  }),

  // One copy setting per cluster: the cluster identifies it.
  physicalId: (props) => props.ClusterIdentifier,

  async converge(props, event) {
    // Before an in-place Update the old setting is this resource's too; on Create (and an Update that
    // moves to another cluster, which is a Create there) only a setting equal to the properties is.
    const previous = previousInPlace(resource, props, event);

    for (let change = 0; change < MAX_CHANGES_PER_PASS; change++) {
      const cluster = await describeCluster(props.ClusterIdentifier);
      if (!cluster) {
        throw userErrorFor(props, 'ClusterNotFoundFault');
      }
      // Nothing to change succeeds whatever the cluster's state (a no-op Update of a paused cluster).
      const next = nextChange(props, cluster.ClusterSnapshotCopyStatus, previous);
      if (next === undefined) return DONE;
      if (cluster.ClusterStatus !== 'available') {
        const stuck = clusterNeedsTheUser(props.ClusterIdentifier, cluster.ClusterStatus, 'deploy without this change until it is available');
        if (stuck) throw new UserError(stuck);
        return waitingFor(`cluster "${props.ClusterIdentifier}" to be available: its status is "${cluster.ClusterStatus}"`);
      }
      const outcome = await attempt(props, next);
      if (outcome) return outcome;
    }
    return waitingFor(`the snapshot copy settings of cluster "${props.ClusterIdentifier}" to settle`);
  },

  async remove(props) {
    const cluster = await describeCluster(props.ClusterIdentifier);
    const copy = cluster?.ClusterSnapshotCopyStatus;
    if (!cluster || cluster.ClusterStatus === 'deleting' || !copy) return DONE;
    const differences = differencesFrom(props, copy);
    if (differences.length > 0) {
      // Not the setting this resource made (e.g. the rollback of a Create that failed on this very setting).
      log({ outcome: 'kept', reason: `the snapshot copy of ${props.ClusterIdentifier} differs from this resource: ${differences.join('; ')}` });
      return DONE;
    }
    const stuck = clusterNeedsTheUser(props.ClusterIdentifier, cluster.ClusterStatus,
      'set removalPolicy to RemovalPolicy.RETAIN to leave the copy enabled');
    if (stuck) throw new UserError(stuck);
    const outcome = await attempt(props, new DisableSnapshotCopyCommand({ ClusterIdentifier: props.ClusterIdentifier }));
    if (outcome) return outcome;
    // Done only once the cluster reports no copy: CloudFormation deletes the grant next, and DeleteSnapshotCopyGrant
    // fails while a cluster still uses it.
    const after = await describeCluster(props.ClusterIdentifier);
    return after?.ClusterSnapshotCopyStatus?.DestinationRegion
      ? waitingFor(`cluster "${props.ClusterIdentifier}" to report its snapshot copy disabled`)
      : DONE;
  },
};

type Change = EnableSnapshotCopyCommand | DisableSnapshotCopyCommand | ModifySnapshotCopyRetentionPeriodCommand;

/**
 * The next call that brings the cluster's copy setting closer to the properties, undefined when it
 * matches. Throws, changing nothing, when the copy is enabled with settings this resource did not make.
 */
function nextChange(props: CopyProperties, copy: ClusterSnapshotCopyStatus | undefined, previous: CopyProperties | undefined): Change | undefined {
  const ClusterIdentifier = props.ClusterIdentifier;
  if (!copy?.DestinationRegion) {
    return new EnableSnapshotCopyCommand({
      ClusterIdentifier,
      DestinationRegion: props.DestinationRegion,
      RetentionPeriod: props.RetentionPeriod,
      ManualSnapshotRetentionPeriod: props.ManualSnapshotRetentionPeriod,
      SnapshotCopyGrantName: props.SnapshotCopyGrantName,
    });
  }
  if (!previous) {
    // Create: adopt only what equals the properties; anything else is someone's setting (a disaster-recovery
    // copy, say) that disabling could lose for good if the enable that follows failed.
    const differences = differencesFrom(props, copy);
    if (differences.length === 0) return undefined;
    throw new UserError(`snapshot copy of ${ClusterIdentifier} is already enabled with settings this resource did not make: `
      + `${differences.join('; ')}. Nothing was changed: set the properties to match, or disable the copy `
      + '(DisableSnapshotCopy) and deploy again');
  }
  if (sameTarget(copy, props)) {
    if (copy.RetentionPeriod !== props.RetentionPeriod) {
      return new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier, RetentionPeriod: props.RetentionPeriod, Manual: false });
    }
    // Compared only where AWS reports it (a local emulator may not).
    if (copy.ManualSnapshotRetentionPeriod !== undefined && copy.ManualSnapshotRetentionPeriod !== props.ManualSnapshotRetentionPeriod) {
      return new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier, RetentionPeriod: props.ManualSnapshotRetentionPeriod, Manual: true });
    }
    return undefined;
  }
  if (sameTarget(copy, previous)) {
    // A new region or grant: AWS changes neither in place.
    return new DisableSnapshotCopyCommand({ ClusterIdentifier });
  }
  throw new UserError(`snapshot copy of ${ClusterIdentifier} is enabled with settings this resource did not make: `
    + `${differencesFrom(props, copy).join('; ')}. Nothing was changed: set the properties to match, or disable the copy `
    + '(DisableSnapshotCopy) and deploy again');
}

/** Whether the copy goes to the region, with the grant, of these properties. */
function sameTarget(copy: ClusterSnapshotCopyStatus, props: CopyProperties): boolean {
  return copy.DestinationRegion === props.DestinationRegion && (copy.SnapshotCopyGrantName ?? '') === (props.SnapshotCopyGrantName ?? '');
}

/** Each setting of the copy that differs from the properties, as "what it is (what this resource wants)". */
function differencesFrom(props: CopyProperties, copy: ClusterSnapshotCopyStatus): string[] {
  const differences: string[] = [];
  if (copy.DestinationRegion !== props.DestinationRegion) {
    differences.push(`destination region ${copy.DestinationRegion} (this resource: ${props.DestinationRegion})`);
  }
  if ((copy.SnapshotCopyGrantName ?? '') !== (props.SnapshotCopyGrantName ?? '')) {
    differences.push(`snapshot copy grant ${copy.SnapshotCopyGrantName ?? '(none)'} (this resource: ${props.SnapshotCopyGrantName ?? '(none)'})`);
  }
  if (copy.RetentionPeriod !== props.RetentionPeriod) {
    differences.push(`retention ${copy.RetentionPeriod} days (this resource: ${props.RetentionPeriod})`);
  }
  // Compared only where AWS reports it (a local emulator may not).
  if (copy.ManualSnapshotRetentionPeriod !== undefined && copy.ManualSnapshotRetentionPeriod !== props.ManualSnapshotRetentionPeriod) {
    differences.push(`manual snapshot retention ${copy.ManualSnapshotRetentionPeriod} days (this resource: ${props.ManualSnapshotRetentionPeriod})`);
  }
  return differences;
}

/**
 * Sends one change. Undefined when it went through or AWS says it is already done (the next look
 * at the cluster tells what is left); a Progress to wait; throws what the user must fix.
 */
async function attempt(props: CopyProperties, change: Change): Promise<Progress | undefined> {
  try {
    await send(redshift, change);
    return undefined;
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    if (['SnapshotCopyAlreadyEnabledFault', 'SnapshotCopyAlreadyDisabledFault', 'SnapshotCopyDisabledFault'].includes(name)) {
      return undefined;
    }
    if (name === 'ClusterNotFoundFault' && change instanceof DisableSnapshotCopyCommand) {
      return DONE;
    }
    if (TRANSIENT.has(name)) {
      return waitingFor(`cluster "${props.ClusterIdentifier}" to accept the change (${name}: ${(error as Error).message})`);
    }
    throw userErrorFor(props, name, error as Error);
  }
}

/** The message that tells the user what to fix, for every documented error that is theirs. */
function userErrorFor(props: CopyProperties, name: string, error: Error = new Error(name)): Error {
  const cluster = props.ClusterIdentifier;
  const fixes: Record<string, string> = {
    ClusterNotFoundFault: `cluster "${cluster}" was not found in ${process.env.AWS_REGION}: `
      + 'set clusterIdentifier to an existing provisioned cluster in the stack\'s region',
    SnapshotCopyGrantNotFoundFault: `snapshot copy grant "${props.SnapshotCopyGrantName}" was not found in ${props.DestinationRegion}: `
      + 'create it in the destination region (SnapshotCopyGrant) or correct snapshotCopyGrantName',
    UnknownSnapshotCopyRegionFault: `Redshift cannot copy snapshots of "${cluster}" to ${props.DestinationRegion}: `
      + 'choose another destinationRegion (an enabled region other than the cluster\'s)',
    InvalidRetentionPeriodFault: `retention rejected for "${cluster}" (automated ${props.RetentionPeriod} days, manual ${props.ManualSnapshotRetentionPeriod}): `
      + 'automatedCopyRetention must be 1 to 35 days and manualCopyRetention -1 or 1 to 3653 days',
    UnauthorizedOperation: `not authorized to copy snapshots of "${cluster}" to ${props.DestinationRegion}: `
      + 'enable the destination region for the account and check the KMS key policy of the snapshot copy grant',
    IncompatibleOrderableOptions: `the copy options given for "${cluster}" are incompatible: ${error.message}`,
    LimitExceededFault: `the KMS key of "${cluster}" has reached its grant limit: retire unused grants of the key, then deploy again`,
    UnsupportedOperationFault: `cross-region snapshot copy is not supported for "${cluster}": ${error.message}`,
  };
  return userErrorFrom(name, fixes) ?? error;
}

async function describeCluster(clusterIdentifier: string): Promise<Cluster | undefined> {
  try {
    const output = await send(redshift, new DescribeClustersCommand({ ClusterIdentifier: clusterIdentifier }));
    return output.Clusters?.[0];
  } catch (error) {
    if (awsErrorName(error) === 'ClusterNotFoundFault') return undefined;
    throw error;
  }
}

export const { onEvent, isComplete } = handlers(resource);
