// Handler of SnapshotCopyGrant (Custom::RedshiftSnapshotCopyGrant). It calls Redshift in the grant's
// destination region, not the Lambda's own.
//
// Which grant is this resource's: one that carries the tag `cdk-db-snapshots:owner` (GRANT_OWNER_TAG_KEY)
// with the value of this resource (its stack id and logical id). The handler sets it in
// CreateSnapshotCopyGrant (which takes Tags) and on a grant it adopts; DescribeSnapshotCopyGrants returns a
// grant's Tags (Redshift API Reference: CreateSnapshotCopyGrant, DescribeSnapshotCopyGrants, SnapshotCopyGrant).
// The Provider framework reports the real physical id when isComplete fails, so the rollback Delete of a
// Create that failed on someone else's grant reaches remove(): the tag is how it knows to keep that grant.
//
// | event         | found in AWS                              | does                                                |
// | ------------- | ----------------------------------------- | --------------------------------------------------- |
// | Create/Update | no grant of that name                     | CreateSnapshotCopyGrant with the key, tags, owner tag |
// | Create/Update | a grant of that name with our key         | adopt: owner tag and tags in place (CreateTags / DeleteTags) |
// | Create/Update | a grant of that name with another key     | fail: give it another snapshotCopyGrantName; untouched |
// | Create/Update | DependentServiceRequestThrottlingFault ("Wait and retry the request", CreateSnapshotCopyGrant's errors) | wait and retry, until the construct's timeout |
// | Create/Update | any other error not in the table, DependentServiceUnavailableFault among them (not an error CreateSnapshotCopyGrant documents) | fail with AWS's message |
// | Delete        | the grant, with our owner tag (DESTROY)   | DeleteSnapshotCopyGrant                             |
// | Delete        | ours, but used by a cluster               | fail at once: disable that copy, or RETAIN (InvalidSnapshotCopyGrantStateFault: "used by one or more clusters") |
// | Delete        | a grant without our owner tag             | success, the grant is left as it is (not ours)      |
// | Delete        | gone, or RETAIN                           | success, nothing touched                            |

import {
  CreateSnapshotCopyGrantCommand,
  CreateTagsCommand,
  DeleteSnapshotCopyGrantCommand,
  DeleteTagsCommand,
  DescribeSnapshotCopyGrantsCommand,
  RedshiftClient,
  SnapshotCopyGrant,
} from '@aws-sdk/client-redshift';
import { HandlerTag } from '../../lib/handler-properties/cluster-snapshot';
import { GRANT_OWNER_TAG_KEY, SNAPSHOT_COPY_GRANT_ATTRIBUTES } from '../../lib/handler-properties/snapshot-copy-grant';
import { TAG_RULES } from '../../lib/handler-properties/tag-rules';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { IsCompleteRequest } from '../shared/framework';
import { handlers, parseCommon, ParsedCommon, previousInPlace, ResourceHandler, tagChanges } from '../shared/handler';
import { log } from '../shared/log';
import { ownerId } from '../shared/owner';
import { optionalString, requiredString, userTags } from '../shared/properties';
import { stackEnvironment } from '../shared/stack';
import { DONE, waitingFor } from '../shared/waiting';

/** One client per destination region, made when first needed. */
const clients = new Map<string, RedshiftClient>();
function redshiftIn(region: string): RedshiftClient {
  let client = clients.get(region);
  if (!client) {
    client = new RedshiftClient({ ...CLIENT_CONFIG, region });
    clients.set(region, client);
  }
  return client;
}

/**
 * The answer that ends by itself, waited out until the construct's timeout: DependentServiceRequestThrottlingFault
 * ("a dependent service is throttling requests made by Amazon Redshift on your behalf. Wait and retry the
 * request.", API Reference, CreateSnapshotCopyGrant, Errors). DependentServiceUnavailableFault is not among
 * CreateSnapshotCopyGrant's documented errors (Redshift documents it for other operations, such as CreateCluster),
 * so nothing here depends on it: it fails like any error of no table.
 */
const DEPENDENT_SERVICE_BUSY = ['DependentServiceRequestThrottlingFault'];

export interface GrantProperties extends ParsedCommon {
  readonly DestinationRegion: string;
  readonly SnapshotCopyGrantName: string;
  readonly KmsKeyId?: string;
  readonly Tags: HandlerTag[];
}

const resource: ResourceHandler<GrantProperties> = {
  parse: (props) => ({
    DestinationRegion: requiredString(props, 'DestinationRegion'),
    SnapshotCopyGrantName: requiredString(props, 'SnapshotCopyGrantName'),
    KmsKeyId: optionalString(props, 'KmsKeyId'),
    Tags: userTags(props, 'Tags', { key: GRANT_OWNER_TAG_KEY }),
    ...parseCommon(props),
  }),

  // A grant is identified by its name in its region.
  physicalId: (props) => `${props.DestinationRegion}/${props.SnapshotCopyGrantName}`,

  async converge(props, event) {
    const previous = previousInPlace(resource, props, event);
    if (previous && !sameKey(previous.KmsKeyId, props.KmsKeyId)) {
      throw new UserError(`the KMS key of snapshot copy grant "${props.SnapshotCopyGrantName}" cannot change in place: `
        + 'give the grant a new snapshotCopyGrantName (or leave the name to the construct, which changes it with the key)');
    }
    const wantedTags = [...props.Tags, ownerTag(event)];
    let grant = await describeGrant(props);
    if (!grant) {
      try {
        await send(redshiftIn(props.DestinationRegion), new CreateSnapshotCopyGrantCommand({
          SnapshotCopyGrantName: props.SnapshotCopyGrantName,
          KmsKeyId: props.KmsKeyId,
          Tags: wantedTags,
        }));
      } catch (error) {
        const name = awsErrorName(error) ?? '';
        if (DEPENDENT_SERVICE_BUSY.includes(name)) {
          return waitingFor(`Redshift's dependent service to answer (${name}: ${(error as Error).message})`);
        }
        // Created meanwhile (a replayed event, or someone else): the look below decides whether to adopt it.
        if (name !== 'SnapshotCopyGrantAlreadyExistsFault') throw createError(props, error);
      }
      grant = await describeGrant(props);
      if (!grant) return waitingFor(`snapshot copy grant "${props.SnapshotCopyGrantName}" to be visible in ${props.DestinationRegion}`);
    }
    if (props.KmsKeyId !== undefined && !sameKey(grant.KmsKeyId, props.KmsKeyId)) {
      throw new UserError(`a snapshot copy grant "${props.SnapshotCopyGrantName}" already exists in ${props.DestinationRegion} `
        + `with another KMS key (${grant.KmsKeyId}): give this one another snapshotCopyGrantName`);
    }
    // Only now, with the key checked, is the grant ours: the owner tag goes on with the user's tags.
    const changes = tagChanges(grant.Tags ?? [], wantedTags, previous?.Tags ?? []);
    const ResourceName = grantArn(props, event);
    if (changes.set.length > 0) await send(redshiftIn(props.DestinationRegion), new CreateTagsCommand({ ResourceName, Tags: changes.set }));
    if (changes.remove.length > 0) await send(redshiftIn(props.DestinationRegion), new DeleteTagsCommand({ ResourceName, TagKeys: changes.remove }));
    return {
      done: true,
      data: {
        [SNAPSHOT_COPY_GRANT_ATTRIBUTES.snapshotCopyGrantName]: props.SnapshotCopyGrantName,
        [SNAPSHOT_COPY_GRANT_ATTRIBUTES.snapshotCopyGrantArn]: ResourceName,
      },
    };
  },

  async remove(props, event) {
    const grant = await describeGrant(props);
    if (!grant) return DONE;
    if (!isOwnedBy(grant, event)) {
      // Made by someone else (e.g. the grant a failed Create found with another key): never deleted.
      log({ outcome: 'kept', reason: `snapshot copy grant "${props.SnapshotCopyGrantName}" does not carry this resource's ${GRANT_OWNER_TAG_KEY} tag` });
      return DONE;
    }
    try {
      await send(redshiftIn(props.DestinationRegion), new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: props.SnapshotCopyGrantName }));
      return DONE;
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'SnapshotCopyGrantNotFoundFault') return DONE;
      if (name === 'InvalidSnapshotCopyGrantStateFault') {
        // "The snapshot copy grant can't be deleted because it is used by one or more clusters" (Redshift API
        // Reference, DeleteSnapshotCopyGrant): nothing changes that without the user, so waiting would only
        // end in a timeout. A copy of this stack that used it was disabled before (it depends on the grant).
        throw new UserError(`snapshot copy grant "${props.SnapshotCopyGrantName}" in ${props.DestinationRegion} is used by one or more clusters `
          + `(${(error as Error).message}): disable their cross-region snapshot copy to ${props.DestinationRegion} (DisableSnapshotCopy, `
          + 'on clusters whose ClusterSnapshotCopyStatus names this grant), or set removalPolicy to RemovalPolicy.RETAIN (InvalidSnapshotCopyGrantStateFault)');
      }
      throw error;
    }
  },
};

/** The message that tells the user what to fix, for every documented error that is theirs. */
function createError(props: GrantProperties, error: unknown): Error {
  const name = awsErrorName(error) ?? '';
  const fixes: Record<string, string> = {
    SnapshotCopyGrantQuotaExceededFault: `the account has reached its quota of snapshot copy grants in ${props.DestinationRegion}: `
      + 'delete grants you no longer use',
    LimitExceededFault: `the KMS key ${props.KmsKeyId ?? '(AWS-owned)'} has reached its grant limit: retire unused grants of the key`,
    InvalidTagFault: `the tags were rejected (${(error as Error).message}): fix the tags`,
    TagLimitExceededFault: `too many tags for a snapshot copy grant: use at most ${TAG_RULES.redshift.maxPerResource - 1} `
      + `(${TAG_RULES.redshift.maxPerResource} per grant, one of them the owner tag ${GRANT_OWNER_TAG_KEY})`,
  };
  return userErrorFrom(name, fixes) ?? (error as Error);
}

/** The owner tag of this resource: its owner id (lambda/shared/owner.ts), which no other resource shares. */
function ownerTag(event: IsCompleteRequest): { Key: string; Value: string } {
  return { Key: GRANT_OWNER_TAG_KEY, Value: ownerId(event) };
}

function isOwnedBy(grant: SnapshotCopyGrant, event: IsCompleteRequest): boolean {
  const owner = ownerTag(event);
  return (grant.Tags ?? []).some((tag) => tag.Key === owner.Key && tag.Value === owner.Value);
}

/** Two ways of naming the same key: an ARN and a bare key id compare by the id. */
function sameKey(a: string | undefined, b: string | undefined): boolean {
  const id = (key: string | undefined) => (key ?? '').replace(/^arn:[^:]+:kms:[^:]*:[^:]*:key\//, '');
  return id(a) === id(b);
}

function grantArn(props: GrantProperties, event: IsCompleteRequest): string {
  const { partition, account } = stackEnvironment(event);
  return `arn:${partition}:redshift:${props.DestinationRegion}:${account}:snapshotcopygrant:${props.SnapshotCopyGrantName}`;
}

async function describeGrant(props: GrantProperties): Promise<SnapshotCopyGrant | undefined> {
  try {
    const output = await send(redshiftIn(props.DestinationRegion), new DescribeSnapshotCopyGrantsCommand({
      SnapshotCopyGrantName: props.SnapshotCopyGrantName,
    }));
    return output.SnapshotCopyGrants?.find((grant) => grant.SnapshotCopyGrantName === props.SnapshotCopyGrantName);
  } catch (error) {
    if (awsErrorName(error) === 'SnapshotCopyGrantNotFoundFault') return undefined;
    throw error;
  }
}

export const { onEvent, isComplete } = handlers(resource);
