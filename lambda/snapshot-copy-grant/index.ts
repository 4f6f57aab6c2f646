// Handler of SnapshotCopyGrant (Custom::RedshiftSnapshotCopyGrant). It calls Redshift in the grant's
// destination region, not the Lambda's own.
//
// | event         | found in AWS                           | does                                            |
// | ------------- | -------------------------------------- | ----------------------------------------------- |
// | Create/Update | no grant of that name                  | CreateSnapshotCopyGrant with the key and tags    |
// | Create/Update | a grant of that name with our key      | adopt; tags in place (CreateTags / DeleteTags)   |
// | Create/Update | a grant of that name with another key  | fail: give it another snapshotCopyGrantName      |
// | Delete        | the grant (DESTROY, the default)       | DeleteSnapshotCopyGrant; still in use: wait      |
// | Delete        | gone, or RETAIN                        | success, nothing touched                         |

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
import { SNAPSHOT_COPY_GRANT_ATTRIBUTES } from '../../lib/handler-properties/snapshot-copy-grant';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { IsCompleteRequest } from '../shared/framework';
import { handlers, parseCommon, ParsedCommon, previousInPlace, ResourceHandler, tagChanges } from '../shared/handler';
import { optionalString, requiredString, tags } from '../shared/properties';
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
    Tags: tags(props, 'Tags'),
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
    let grant = await describeGrant(props);
    if (!grant) {
      try {
        await send(redshiftIn(props.DestinationRegion), new CreateSnapshotCopyGrantCommand({
          SnapshotCopyGrantName: props.SnapshotCopyGrantName,
          KmsKeyId: props.KmsKeyId,
          Tags: props.Tags.length > 0 ? props.Tags : undefined,
        }));
      } catch (error) {
        // Created meanwhile (a replayed event, or someone else): the look below decides whether to adopt it.
        if (awsErrorName(error) !== 'SnapshotCopyGrantAlreadyExistsFault') throw createError(props, error);
      }
      grant = await describeGrant(props);
      if (!grant) return waitingFor(`snapshot copy grant "${props.SnapshotCopyGrantName}" to be visible in ${props.DestinationRegion}`);
    }
    if (props.KmsKeyId !== undefined && !sameKey(grant.KmsKeyId, props.KmsKeyId)) {
      throw new UserError(`a snapshot copy grant "${props.SnapshotCopyGrantName}" already exists in ${props.DestinationRegion} `
        + `with another KMS key (${grant.KmsKeyId}): give this one another snapshotCopyGrantName`);
    }
    const changes = tagChanges(grant.Tags ?? [], props.Tags, previous?.Tags ?? []);
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

  async remove(props) {
    try {
      await send(redshiftIn(props.DestinationRegion), new DeleteSnapshotCopyGrantCommand({ SnapshotCopyGrantName: props.SnapshotCopyGrantName }));
      return DONE;
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'SnapshotCopyGrantNotFoundFault') return DONE;
      if (name === 'InvalidSnapshotCopyGrantStateFault') {
        return waitingFor(`snapshot copy grant "${props.SnapshotCopyGrantName}" to be free to delete (${(error as Error).message})`);
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
    TagLimitExceededFault: 'too many tags for a snapshot copy grant: use at most 50',
    DependentServiceRequestThrottlingFault: 'KMS throttled Redshift while it created the grant: deploy again',
  };
  return userErrorFrom(name, fixes) ?? (error as Error);
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
