// Handler of CrossRegionSnapshotCopy (Custom::RedshiftCrossRegionSnapshotCopy).
//
// | event         | found in AWS                               | does                                             |
// | ------------- | ------------------------------------------ | ------------------------------------------------ |
// | Create/Update | copy disabled                              | EnableSnapshotCopy with both retention periods   |
// | Create/Update | enabled to the wanted region and grant     | ModifySnapshotCopyRetentionPeriod where differing |
// | Update        | enabled to the old region, or other grant  | DisableSnapshotCopy, then enable as above        |
// | Create/Update | enabled to a region that is not ours       | fail: disable it or set destinationRegion        |
// | Create/Update | cluster not `available`                    | wait, until the construct's timeout              |
// | Delete        | enabled to our region                      | DisableSnapshotCopy (RETAIN: nothing)            |
// | Delete        | disabled, other region, cluster gone       | success, nothing touched                         |

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
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { handlers, parseCommon, ParsedCommon, previousInPlace, ResourceHandler } from '../shared/handler';
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
    // Regions whose copy setting this resource may change: its own, and before an in-place Update the
    // old one. A copy to any other region belongs to someone else and is never disabled.
    const previous = previousInPlace(resource, props, event);
    const ownRegions = [props.DestinationRegion, ...(previous ? [previous.DestinationRegion] : [])];

    for (let change = 0; change < MAX_CHANGES_PER_PASS; change++) {
      const cluster = await describeCluster(props.ClusterIdentifier);
      if (!cluster) {
        throw userErrorFor(props, 'ClusterNotFoundFault');
      }
      if (cluster.ClusterStatus !== 'available') {
        return waitingFor(`cluster "${props.ClusterIdentifier}" to be available: its status is "${cluster.ClusterStatus}"`);
      }
      const next = nextChange(props, cluster.ClusterSnapshotCopyStatus, ownRegions);
      if (next === undefined) return DONE;
      const outcome = await attempt(props, next);
      if (outcome) return outcome;
    }
    return waitingFor(`the snapshot copy settings of cluster "${props.ClusterIdentifier}" to settle`);
  },

  async remove(props) {
    const cluster = await describeCluster(props.ClusterIdentifier);
    const copy = cluster?.ClusterSnapshotCopyStatus;
    if (!cluster || cluster.ClusterStatus === 'deleting' || !copy) return DONE;
    if (copy.DestinationRegion !== props.DestinationRegion) {
      // Never created by this resource (e.g. its Create failed because of this very setting).
      return DONE;
    }
    const outcome = await attempt(props, new DisableSnapshotCopyCommand({ ClusterIdentifier: props.ClusterIdentifier }));
    return outcome ?? DONE;
  },
};

type Change = EnableSnapshotCopyCommand | DisableSnapshotCopyCommand | ModifySnapshotCopyRetentionPeriodCommand;

/**
 * The next call that brings the cluster's copy setting closer to the properties, undefined when it
 * matches. Throws when the copy goes to a region this resource does not own.
 */
function nextChange(props: CopyProperties, copy: ClusterSnapshotCopyStatus | undefined, ownRegions: string[]): Change | undefined {
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
  const sameGrant = (copy.SnapshotCopyGrantName ?? '') === (props.SnapshotCopyGrantName ?? '');
  if (copy.DestinationRegion === props.DestinationRegion && sameGrant) {
    if (copy.RetentionPeriod !== props.RetentionPeriod) {
      return new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier, RetentionPeriod: props.RetentionPeriod, Manual: false });
    }
    // Compared only where AWS reports it (a local emulator may not).
    if (copy.ManualSnapshotRetentionPeriod !== undefined && copy.ManualSnapshotRetentionPeriod !== props.ManualSnapshotRetentionPeriod) {
      return new ModifySnapshotCopyRetentionPeriodCommand({ ClusterIdentifier, RetentionPeriod: props.ManualSnapshotRetentionPeriod, Manual: true });
    }
    return undefined;
  }
  if (ownRegions.includes(copy.DestinationRegion)) {
    // A new region or grant: AWS changes neither in place.
    return new DisableSnapshotCopyCommand({ ClusterIdentifier });
  }
  throw new UserError(`snapshot copy of ${ClusterIdentifier} is already enabled to ${copy.DestinationRegion}; `
    + `disable it or set destinationRegion to ${copy.DestinationRegion}`);
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
      + 'retention must be 1 to 35 days and manualSnapshotRetention -1 or 1 to 3653 days',
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
