// Handler of ServerlessSnapshot (Custom::RedshiftServerlessSnapshot).
//
// | event         | found in AWS                                  | does                                              |
// | ------------- | --------------------------------------------- | ------------------------------------------------- |
// | Create/Update | no snapshot of that name                      | CreateSnapshot; ConflictException (the namespace busy, or the snapshot made meanwhile): look for it, adopt it if there, else wait (its message is not read) |
// | Create/Update | snapshot of the same namespace, CREATING      | wait (until the construct's timeout)              |
// | any           | still waiting, and the next pass might end after CloudFormation's hour (timeouts.test.ts) | fail now naming what it waited for: never CloudFormation's reasonless timeout |
// | Create/Update | snapshot of the same namespace, AVAILABLE     | UpdateSnapshot (retention in days only) / TagResource / UntagResource where needed |
// | Create/Update | AVAILABLE, "indefinitely" wanted              | retention never sent nor compared: the API documents no value for it, nor what GetSnapshot reports for it |
// | Update in place | retention in days → "indefinitely"          | fail, nothing changed: no documented UpdateSnapshot value makes a snapshot indefinite; a new snapshotName makes a new snapshot, kept indefinitely (AWS's default) |
// | Create/Update | snapshot FAILED, CANCELLED or DELETED         | fail with the status                              |
// | Create/Update | snapshot of that name of another namespace    | fail: choose another snapshotName                 |
// | Create/Update | AVAILABLE, ShareWith given (or it was, before this Update) | GetResourcePolicy; our statement (Sid CdkDbSnapshotsShareWith<owner hash>) differs from ShareWith: PutResourcePolicy with every other statement kept and ours rewritten; none left: DeleteResourcePolicy |
// | Create/Update | statements this resource did not write        | kept as they are, their principals named in the log |
// | Create/Update | ShareWith names the stack's own account       | fail: the owner can always restore its snapshots  |
// | Delete        | RETAIN (the default)                          | nothing (the resource policy stays)               |
// | Delete        | DESTROY, other accounts may restore it (statements not ours; without ShareWith: accountsWithRestoreAccess) | fail naming them, changing nothing |
// | Delete        | DESTROY                                       | remove our statement (DeleteResourcePolicy), DeleteSnapshot, then wait until it is gone |
// | Delete        | DESTROY, CREATING (the rollback of the Create that made it) | success, left in place and logged (`outcome: left`): nothing documents DeleteSnapshot of a snapshot being created, and waiting could outlast CloudFormation's hour |
// | Delete        | DESTROY, gone or of another namespace         | success, nothing touched                          |

import {
  CreateSnapshotCommand,
  DeleteSnapshotCommand,
  GetSnapshotCommand,
  RedshiftServerlessClient,
  Snapshot,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSnapshotCommand,
} from '@aws-sdk/client-redshift-serverless';
import { removeOwnBeforeDelete, syncPolicy } from './sharing';
import { SERVERLESS_SNAPSHOT_ATTRIBUTES, ServerlessHandlerTag } from '../../lib/handler-properties/serverless-snapshot';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { handlers, leaveUnfinished, parseCommon, ParsedCommon, previousInPlace, ResourceHandler, tagChangesSincePrevious } from '../shared/handler';
import { ownerHash } from '../shared/owner';
import { integer, optionalStringList, requiredString, serverlessTags } from '../shared/properties';
import { stackEnvironment } from '../shared/stack';
import { DONE, Progress, waitingFor } from '../shared/waiting';

const serverless = new RedshiftServerlessClient(CLIENT_CONFIG);

export interface ServerlessSnapshotProperties extends ParsedCommon {
  readonly NamespaceName: string;
  readonly SnapshotName: string;
  readonly RetentionPeriod: number;
  readonly Tags: ServerlessHandlerTag[];
  readonly ShareWith?: string[];
}

const TERMINAL_STATUSES = ['FAILED', 'CANCELLED', 'DELETED'];

const resource: ResourceHandler<ServerlessSnapshotProperties> = {
  parse: (props) => ({
    NamespaceName: requiredString(props, 'NamespaceName'),
    SnapshotName: requiredString(props, 'SnapshotName'),
    RetentionPeriod: integer(props, 'RetentionPeriod', 1, 3653, [-1]),
    Tags: serverlessTags(props),
    ShareWith: optionalStringList(props, 'ShareWith'),
    ...parseCommon(props),
  }),

  // A snapshot name is unique in the account and region.
  physicalId: (props) => props.SnapshotName,

  async converge(props, event) {
    const { account } = stackEnvironment(event);
    if (props.ShareWith?.includes(account)) {
      throw new UserError(`shareWith lists ${account}, the account of the stack, which owns snapshot "${props.SnapshotName}" and can `
        + 'always restore it: list only other accounts');
    }
    const previous = previousInPlace(resource, props, event);
    let snapshot = await getSnapshot(props.SnapshotName);
    if (!snapshot) {
      const progress = await createSnapshot(props);
      if (progress) return progress;
      snapshot = await getSnapshot(props.SnapshotName);
      if (!snapshot) return waitingFor(`snapshot "${props.SnapshotName}" to appear`);
    }
    if (snapshot.namespaceName !== props.NamespaceName) {
      throw new UserError(`a snapshot "${props.SnapshotName}" already exists for namespace "${snapshot.namespaceName}": `
        + 'choose another snapshotName (snapshot names are unique in the account and region)');
    }
    const status = snapshot.status ?? 'UNKNOWN';
    if (TERMINAL_STATUSES.includes(status)) {
      throw new Error(`snapshot "${props.SnapshotName}" of namespace "${props.NamespaceName}" is ${status}`);
    }
    if (status !== 'AVAILABLE') {
      return waitingFor(`snapshot "${props.SnapshotName}" to be AVAILABLE: its status is ${status}`);
    }
    // TagResource and UntagResource require the snapshot's ARN: wait for an answer with it.
    if (!snapshot.snapshotArn) return waitingFor(`snapshot "${props.SnapshotName}" to be described with its ARN`);
    const waiting = await syncSettings(props, snapshot, previous);
    if (waiting) return waiting;
    // Managed while ShareWith is given, and in the Update that removes it (to remove our statement).
    if (props.ShareWith !== undefined || (previous?.ShareWith?.length ?? 0) > 0) {
      try {
        await syncPolicy(serverless, props, snapshot, ownerHash(event));
      } catch (error) {
        if (awsErrorName(error) === 'ConflictException') return waitingFor(`the resource policy of snapshot "${props.SnapshotName}" to accept the change`);
        throw error;
      }
    }
    return {
      done: true,
      data: {
        [SERVERLESS_SNAPSHOT_ATTRIBUTES.snapshotName]: props.SnapshotName,
        [SERVERLESS_SNAPSHOT_ATTRIBUTES.snapshotArn]: snapshot.snapshotArn,
        [SERVERLESS_SNAPSHOT_ATTRIBUTES.namespaceArn]: snapshot.namespaceArn ?? '',
        [SERVERLESS_SNAPSHOT_ATTRIBUTES.totalBackupSizeInMegaBytes]: snapshot.totalBackupSizeInMegaBytes ?? 0,
      },
    };
  },

  async remove(props, event) {
    const snapshot = await getSnapshot(props.SnapshotName);
    if (!snapshot || snapshot.status === 'DELETED' || snapshot.namespaceName !== props.NamespaceName) return DONE;
    if (snapshot.status === 'CREATING') {
      // The API Reference does not say what DeleteSnapshot does to a snapshot being created: it is not sent, and
      // the snapshot is not waited for either (see leaveUnfinished).
      return leaveUnfinished(`snapshot "${props.SnapshotName}" of namespace "${props.NamespaceName}"`, 'CREATING');
    }
    await removeOwnBeforeDelete(serverless, props, snapshot, ownerHash(event), props.ShareWith !== undefined);
    try {
      await send(serverless, new DeleteSnapshotCommand({ snapshotName: props.SnapshotName }));
    } catch (error) {
      const name = awsErrorName(error);
      if (name === 'ResourceNotFoundException') return DONE;
      if (name === 'ConflictException') return waitingFor(`snapshot "${props.SnapshotName}" to be free to delete (${(error as Error).message})`);
      throw error;
    }
    // Deletion takes a while; the next pass confirms the snapshot is gone.
    return waitingFor(`snapshot "${props.SnapshotName}" to be deleted`);
  },
};

/** Sends CreateSnapshot; a Progress to wait, undefined to look again, or throws what the user must fix. */
async function createSnapshot(props: ServerlessSnapshotProperties): Promise<Progress | undefined> {
  try {
    await send(serverless, new CreateSnapshotCommand({
      namespaceName: props.NamespaceName,
      snapshotName: props.SnapshotName,
      // Indefinitely is the default (Management Guide, "Working with snapshots and recovery points": "By default,
      // Amazon Redshift Serverless keeps snapshots for an indefinite period, but you can specify a retention period in
      // your request"), and the API Reference gives retentionPeriod no value for it: left out.
      retentionPeriod: props.RetentionPeriod === -1 ? undefined : props.RetentionPeriod,
      tags: props.Tags.length > 0 ? props.Tags : undefined,
    }));
    return waitingFor(`snapshot "${props.SnapshotName}" to be AVAILABLE: it is being created`);
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    const message = (error as Error).message;
    if (name === 'ConflictException') {
      // The namespace is busy (another snapshot or a restore), or the snapshot appeared meanwhile: AWS documents
      // ConflictException only as "The submitted action has conflicts", so the snapshot is looked for, not the message read.
      return await getSnapshot(props.SnapshotName) ? undefined : waitingFor(`namespace "${props.NamespaceName}" to accept a snapshot (${message})`);
    }
    const fixes: Record<string, string> = {
      ResourceNotFoundException: `namespace "${props.NamespaceName}" was not found in ${process.env.AWS_REGION}: set namespaceName to an existing namespace`,
      ServiceQuotaExceededException: 'the account has reached its quota of Redshift Serverless snapshots: delete snapshots you no longer need',
      TooManyTagsException: 'too many tags for a snapshot: Redshift Serverless allows at most 50 per resource',
      ValidationException: `the snapshot request was rejected (${message}): check namespaceName, snapshotName, retention and tags`,
    };
    throw userErrorFrom(name, fixes) ?? error;
  }
}

/** Brings retention and tags to the properties; a Progress when the namespace is busy. */
async function syncSettings(
  props: ServerlessSnapshotProperties,
  snapshot: Snapshot,
  previous: ServerlessSnapshotProperties | undefined,
): Promise<Progress | undefined> {
  if (props.RetentionPeriod === -1 && previous !== undefined && previous.RetentionPeriod !== -1) {
    throw new UserError(`snapshot "${props.SnapshotName}" keeps its retention of ${previous.RetentionPeriod} days: AWS documents no value of `
      + 'UpdateSnapshot\'s retentionPeriod that keeps a snapshot indefinitely (only leaving it out of CreateSnapshot does). Nothing was '
      + 'changed: set retention in days, or give a new snapshotName, which makes a new snapshot kept indefinitely');
  }
  try {
    // Days only: "indefinitely" has no documented value to send, and what GetSnapshot reports for it is not documented
    // either, so a snapshot this resource made without a retention is never compared or changed (see README).
    if (props.RetentionPeriod !== -1 && snapshot.snapshotRetentionPeriod !== props.RetentionPeriod) {
      await send(serverless, new UpdateSnapshotCommand({ snapshotName: props.SnapshotName, retentionPeriod: props.RetentionPeriod }));
    }
    // Tags are not part of GetSnapshot's answer: set what the properties ask for (idempotent) when they
    // changed or the snapshot was adopted, and remove only keys this resource had set.
    const tags = tagChangesSincePrevious(props.Tags, previous?.Tags, (tag) => tag.key);
    const resourceArn = snapshot.snapshotArn;
    if (tags.set.length > 0) {
      await send(serverless, new TagResourceCommand({ resourceArn, tags: tags.set }));
    }
    if (tags.remove.length > 0) {
      await send(serverless, new UntagResourceCommand({ resourceArn, tagKeys: tags.remove }));
    }
    return undefined;
  } catch (error) {
    if (awsErrorName(error) === 'ConflictException') return waitingFor(`snapshot "${props.SnapshotName}" to accept the change (${(error as Error).message})`);
    throw error;
  }
}

async function getSnapshot(snapshotName: string): Promise<Snapshot | undefined> {
  try {
    return (await send(serverless, new GetSnapshotCommand({ snapshotName }))).snapshot;
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

export const { onEvent, isComplete } = handlers(resource);
