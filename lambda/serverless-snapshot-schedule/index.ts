// Handler of ServerlessSnapshotSchedule (Custom::RedshiftServerlessSnapshotSchedule): one Redshift Serverless
// scheduled action whose target action is createSnapshot.
//
// Sources: Redshift Serverless API Reference (CreateScheduledAction, GetScheduledAction, UpdateScheduledAction,
// DeleteScheduledAction, ScheduledActionResponse, the errors each lists) and the botocore model of the service.
//
// | event          | found in AWS                                          | does                                                    |
// | -------------- | ----------------------------------------------------- | ------------------------------------------------------- |
// | Create (onEvent) | no action of that name (GetScheduledAction: ResourceNotFoundException) | physical id = the name: this resource creates the action |
// | Create (onEvent) | an action of that name                              | physical id = `adopted:<name>`: this resource never deletes it |
// | Create/Update  | no action of that name                                | CreateScheduledAction with every setting                |
// | Create/Update  | CreateScheduledAction answers ConflictException       | wait, and look again on the next pass                   |
// | Create/Update  | ResourceNotFoundException (the namespace), ValidationException | fail at once saying what to fix               |
// | Create         | an action of that name with these settings            | adopt it: nothing sent                                  |
// | Create         | adopted (`adopted:<name>`), other settings            | fail naming each difference; nothing changed            |
// | Create         | created by this resource (its name), other settings   | UpdateScheduledAction (an earlier pass created it; AWS may answer with its own spelling) |
// | Update in place| settings differ from the properties                   | UpdateScheduledAction with every setting                |
// | Create/Update  | its own action, "indefinitely" wanted, AWS reports a retention in days | not a difference: what AWS reports for "indefinitely" is not documented, and no request can set it |
// | Create         | adopted, "indefinitely" wanted, AWS reports a retention in days | a difference: fail naming it (an action is adopted only when it surely matches) |
// | Update in place| retention in days → "indefinitely"                    | fail, nothing changed: what UpdateScheduledAction does without a retention is not documented; a new scheduledActionName makes a new action |
// | Update in place| UpdateScheduledAction: ConflictException, or ResourceNotFoundException (deleted meanwhile) | wait, and read it again on the next pass |
// | any            | an action of that name for another namespace          | fail: UpdateScheduledAction cannot move it; choose another name |
// | Update         | a new name                                            | a new action (as Create); CloudFormation then deletes the old one |
// | Delete         | RETAIN                                                | nothing                                                 |
// | Delete         | physical id `adopted:<name>`, or not a name (a Create that failed before onEvent chose one) | nothing: the action is not this resource's |
// | Delete         | DESTROY, the action of this namespace                 | DeleteScheduledAction (gone already is success); the snapshots it made stay (they are data) |
// | Delete         | gone, or of another namespace                         | success, nothing touched                                |

import {
  ConflictException,
  CreateScheduledActionCommand,
  DeleteScheduledActionCommand,
  GetScheduledActionCommand,
  RedshiftServerlessClient,
  Schedule,
  ScheduledActionResponse,
  TargetAction,
  UpdateScheduledActionCommand,
} from '@aws-sdk/client-redshift-serverless';
import { ServerlessHandlerTag } from '../../lib/handler-properties/serverless-snapshot';
import {
  ADOPTED_PREFIX,
  SERVERLESS_SNAPSHOT_SCHEDULE_ATTRIBUTES,
} from '../../lib/handler-properties/serverless-snapshot-schedule';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { OnEventRequest, OnEventResponse, RawProperties } from '../shared/framework';
import { Handlers, handlers, parseCommon, ParsedCommon, previousInPlace, ResourceHandler } from '../shared/handler';
import { log } from '../shared/log';
import { integer, oneOf, optionalString, requiredString, serverlessTags } from '../shared/properties';
import { DONE, Progress, waitingFor } from '../shared/waiting';

const serverless = new RedshiftServerlessClient(CLIENT_CONFIG);

/** ScheduledActionName: 3 to 60 characters, `^[a-z0-9-]+$` (botocore model of redshift-serverless). */
const ACTION_NAME = /^[a-z0-9-]{3,60}$/;

export interface ServerlessSnapshotScheduleProperties extends ParsedCommon {
  readonly ScheduledActionName: string;
  readonly NamespaceName: string;
  readonly ScheduleCron?: string;
  readonly ScheduleAt?: Date;
  readonly SnapshotNamePrefix: string;
  readonly RetentionPeriod: number;
  readonly Tags: ServerlessHandlerTag[];
  readonly RoleArn: string;
  readonly Enabled: boolean;
  readonly StartTime?: Date;
  readonly EndTime?: Date;
  readonly Description?: string;
}

const resource: ResourceHandler<ServerlessSnapshotScheduleProperties> = {
  parse: (props) => {
    const parsed = {
      ScheduledActionName: requiredString(props, 'ScheduledActionName'),
      NamespaceName: requiredString(props, 'NamespaceName'),
      ScheduleCron: optionalString(props, 'ScheduleCron'),
      ScheduleAt: optionalTime(props, 'ScheduleAt'),
      SnapshotNamePrefix: requiredString(props, 'SnapshotNamePrefix'),
      RetentionPeriod: integer(props, 'RetentionPeriod', 1, 3653, [-1]),
      Tags: serverlessTags(props),
      RoleArn: requiredString(props, 'RoleArn'),
      Enabled: oneOf(props, 'Enabled', ['true', 'false']) === 'true',
      StartTime: optionalTime(props, 'StartTime'),
      EndTime: optionalTime(props, 'EndTime'),
      Description: optionalString(props, 'Description'),
      ...parseCommon(props),
    };
    if ((parsed.ScheduleCron === undefined) === (parsed.ScheduleAt === undefined)) {
      throw new UserError('exactly one of the properties ScheduleCron and ScheduleAt is required');
    }
    return parsed;
  },

  // A scheduled action name is unique in the account and region (GetScheduledAction takes only the name). The
  // physical id also records whether this resource created the action (see onEvent below).
  physicalId: (props) => props.ScheduledActionName,

  async converge(props, event) {
    // Its own action (created by this resource, or adopted by it and now updated in place) is brought to the
    // properties; an action it found on Create or on an Update to a new name is only adopted when it matches.
    const previous = previousInPlace(resource, props, event);
    const mayChange = previous !== undefined || !event.PhysicalResourceId.startsWith(ADOPTED_PREFIX);
    if (previous && previous.RetentionPeriod !== -1 && props.RetentionPeriod === -1) {
      throw new UserError(`scheduled action "${props.ScheduledActionName}" keeps a retention of ${previous.RetentionPeriod} days: the API Reference `
        + 'gives retentionPeriod no value for "indefinitely", and does not say what UpdateScheduledAction does without one. Nothing was '
        + 'changed: set retention in days, or give a new scheduledActionName (a new action is created without a retention, so its '
        + 'snapshots are kept indefinitely, CreateSnapshot\'s default)');
    }
    const action = await getScheduledAction(props.ScheduledActionName);
    if (!action) return createScheduledAction(props);
    checkNamespace(props, action);
    const differences = settingDifferences(props, action, { strictRetention: !mayChange });
    if (differences.length > 0) {
      if (!mayChange) {
        throw new UserError(`a scheduled action "${props.ScheduledActionName}" already exists with settings this resource did not make: `
          + `${differences.join('; ')}. Nothing was changed: give this resource another scheduledActionName, or make its settings match`);
      }
      const waiting = await updateScheduledAction(props);
      if (waiting) return waiting;
    }
    return { done: true, data: { [SERVERLESS_SNAPSHOT_SCHEDULE_ATTRIBUTES.scheduledActionName]: props.ScheduledActionName } };
  },

  async remove(props, event) {
    const name = event.PhysicalResourceId;
    if (!ACTION_NAME.test(name)) {
      // `adopted:<name>`, or the id the Provider framework gives a Create that failed before onEvent chose one.
      log({ outcome: 'left', reason: `${name} is not a scheduled action this resource created: not deleted` });
      return DONE;
    }
    const action = await getScheduledAction(name);
    if (!action || action.namespaceName !== props.NamespaceName) return DONE;
    try {
      await send(serverless, new DeleteScheduledActionCommand({ scheduledActionName: name }));
    } catch (error) {
      if (awsErrorName(error) !== 'ResourceNotFoundException') throw error;
    }
    return DONE;
  },
};

const shared = handlers(resource);

/**
 * The physical id says whether this resource created the action: its name when no action of that name existed
 * when the Create (or the Update to a new name) began, `adopted:<name>` when one did. A Delete (a rollback among
 * them) deletes only the first kind. An Update in place keeps the id, and so what it says.
 */
export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  const response = await shared.onEvent(event);
  const name = response.PhysicalResourceId ?? '';
  if (event.RequestType === 'Delete') return response;
  if (event.RequestType === 'Update' && nameOf(event.PhysicalResourceId) === name) {
    return { ...response, PhysicalResourceId: event.PhysicalResourceId };
  }
  const existing = await getScheduledAction(name);
  return { ...response, PhysicalResourceId: existing ? `${ADOPTED_PREFIX}${name}` : name };
}

export const isComplete: Handlers['isComplete'] = shared.isComplete;

function nameOf(physicalId: string | undefined): string | undefined {
  return physicalId?.startsWith(ADOPTED_PREFIX) ? physicalId.slice(ADOPTED_PREFIX.length) : physicalId;
}

/** UpdateScheduledAction takes no namespaceName: an action never moves to another namespace. */
function checkNamespace(props: ServerlessSnapshotScheduleProperties, action: ScheduledActionResponse): void {
  if (action.namespaceName !== undefined && action.namespaceName !== props.NamespaceName) {
    throw new UserError(`a scheduled action "${props.ScheduledActionName}" already exists for namespace "${action.namespaceName}": `
      + 'an action cannot move to another namespace (UpdateScheduledAction takes no namespaceName) and names are unique in the '
      + 'account and region: give this resource another scheduledActionName');
  }
}

/**
 * Every setting of the action that differs from the properties, as `what: AWS value (this resource: value)`. With
 * "indefinitely" wanted, a reported retention in days is a difference only when `strictRetention` (adopting an action
 * this resource did not make): what AWS reports for "indefinitely" is not documented, so for its own action, created
 * without a retention, no report is taken to mean otherwise (and no request could change it).
 */
export function settingDifferences(
  props: ServerlessSnapshotScheduleProperties,
  action: ScheduledActionResponse,
  options: { strictRetention?: boolean } = {},
): string[] {
  const target = action.targetAction?.createSnapshot;
  const differences: string[] = [];
  const compare = (what: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
      differences.push(`${what} ${JSON.stringify(actual) ?? 'not set'} (this resource: ${JSON.stringify(wanted) ?? 'not set'})`);
    }
  };
  if (!target) {
    differences.push('its target action is not createSnapshot');
  } else {
    compare('snapshot name prefix', target.snapshotNamePrefix, props.SnapshotNamePrefix);
    if (props.RetentionPeriod !== -1 || options.strictRetention) {
      compare('retention period', retentionOrIndefinite(target.retentionPeriod), props.RetentionPeriod);
    }
    compare('snapshot tags', sortedTags(target.tags ?? []), sortedTags(props.Tags));
  }
  compare('schedule', scheduleText(action.schedule), scheduleText(wantedSchedule(props)));
  compare('role', action.roleArn, props.RoleArn);
  // ScheduledActionResponse.state is ACTIVE or DISABLED; `enabled: false` means the action does not trigger.
  compare('state', action.state, props.Enabled ? 'ACTIVE' : 'DISABLED');
  // What this resource leaves unset is not compared: the API Reference documents no default, and
  // UpdateScheduledAction cannot unset these.
  if (props.StartTime) compare('start time', isoSeconds(action.startTime), isoSeconds(props.StartTime));
  if (props.EndTime) compare('end time', isoSeconds(action.endTime), isoSeconds(props.EndTime));
  if (props.Description !== undefined) compare('description', action.scheduledActionDescription, props.Description);
  return differences;
}

/** Sends CreateScheduledAction; a Progress to wait for, or done; throws what the user must fix. */
async function createScheduledAction(props: ServerlessSnapshotScheduleProperties): Promise<Progress> {
  try {
    await send(serverless, new CreateScheduledActionCommand({
      scheduledActionName: props.ScheduledActionName,
      namespaceName: props.NamespaceName,
      ...settings(props),
    }));
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    // What CreateScheduledAction answers for a name that exists is not documented: whatever the conflict, the
    // next pass reads the action again and decides from what it finds.
    if (error instanceof ConflictException || name === 'ConflictException') {
      return waitingFor(`scheduled action "${props.ScheduledActionName}" to be created (${(error as Error).message})`);
    }
    throw userErrorFrom(name, userFixes(props, (error as Error).message)) ?? error;
  }
  return waitingFor(`scheduled action "${props.ScheduledActionName}" to be read back after its creation`);
}

/** Sends UpdateScheduledAction with every setting; a Progress while the action is busy. */
async function updateScheduledAction(props: ServerlessSnapshotScheduleProperties): Promise<Progress | undefined> {
  try {
    await send(serverless, new UpdateScheduledActionCommand({ scheduledActionName: props.ScheduledActionName, ...settings(props) }));
    return undefined;
  } catch (error) {
    const name = awsErrorName(error) ?? '';
    if (name === 'ConflictException') {
      return waitingFor(`scheduled action "${props.ScheduledActionName}" to accept the change (${(error as Error).message})`);
    }
    if (name === 'ResourceNotFoundException') {
      // Deleted since GetScheduledAction found it: the next pass finds it gone and creates it.
      return waitingFor(`scheduled action "${props.ScheduledActionName}" to be read again (${(error as Error).message})`);
    }
    throw userErrorFrom(name, userFixes(props, (error as Error).message)) ?? error;
  }
}

function userFixes(props: ServerlessSnapshotScheduleProperties, message: string): Record<string, string> {
  return {
    ResourceNotFoundException: `namespace "${props.NamespaceName}" was not found in ${process.env.AWS_REGION} (${message}): `
      + 'set namespaceName to an existing namespace',
    ValidationException: `the scheduled action was rejected (${message}): check schedule, snapshotNamePrefix, retention, tags, `
      + 'startTime, endTime and role',
  };
}

/**
 * "Indefinitely" is left out of the request: the API Reference gives retentionPeriod no value for it, and the
 * Management Guide says of Serverless snapshots "The default is retain indefinitely" (Creating a snapshot).
 */
function sentRetention(days: number): number | undefined {
  return days === -1 ? undefined : days;
}

/** A retention AWS reports: absent (the default, indefinitely) or a number; -1 stands for indefinitely here. */
function retentionOrIndefinite(days: number | undefined): number {
  return days === undefined || days < 1 ? -1 : days;
}

/** The settings CreateScheduledAction and UpdateScheduledAction share. */
function settings(props: ServerlessSnapshotScheduleProperties) {
  const targetAction: TargetAction = {
    createSnapshot: {
      namespaceName: props.NamespaceName,
      snapshotNamePrefix: props.SnapshotNamePrefix,
      retentionPeriod: sentRetention(props.RetentionPeriod),
      tags: props.Tags.length > 0 ? props.Tags : undefined,
    },
  };
  return {
    targetAction,
    schedule: wantedSchedule(props),
    roleArn: props.RoleArn,
    enabled: props.Enabled,
    startTime: props.StartTime,
    endTime: props.EndTime,
    scheduledActionDescription: props.Description,
  };
}

function wantedSchedule(props: ServerlessSnapshotScheduleProperties): Schedule {
  return props.ScheduleAt ? { at: props.ScheduleAt } : { cron: props.ScheduleCron! };
}

/** A schedule to compare: `at <ISO seconds>`, or the cron fields, without `cron` and parentheses, single-spaced. */
function scheduleText(schedule: Schedule | undefined): string | undefined {
  if (schedule?.at !== undefined) return `at ${isoSeconds(schedule.at)}`;
  if (schedule?.cron !== undefined) return `cron ${schedule.cron.replace(/^\s*cron/i, '').replace(/[()]/g, ' ').trim().split(/\s+/).join(' ')}`;
  return undefined;
}

function isoSeconds(time: Date | undefined): string | undefined {
  return time === undefined ? undefined : new Date(Math.floor(time.getTime() / 1000) * 1000).toISOString();
}

function sortedTags(tags: Array<{ key?: string; value?: string }>): string[] {
  return tags.map((tag) => `${tag.key}=${tag.value ?? ''}`).sort();
}

async function getScheduledAction(scheduledActionName: string): Promise<ScheduledActionResponse | undefined> {
  try {
    return (await send(serverless, new GetScheduledActionCommand({ scheduledActionName }))).scheduledAction;
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function optionalTime(props: RawProperties, name: string): Date | undefined {
  const value = optionalString(props, name);
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UserError(`property ${name} must be an ISO 8601 time, got ${JSON.stringify(value)}`);
  return time;
}
