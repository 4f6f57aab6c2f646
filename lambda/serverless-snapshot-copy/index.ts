// Handler of ServerlessSnapshotCopy (Custom::RedshiftServerlessSnapshotCopy).
//
// A namespace copies its snapshots "to one destination AWS Region at a time", with a retention that is
// "indefinitely" by default or 1 to 3653 days, and "to change the destination Region ..., first disable copying
// backups, and then specify the new destination Region" (Amazon Redshift Management Guide, "Copying backups to
// another AWS Region"). The API has no Get: ListSnapshotCopyConfigurations (by namespace, paginated) is the
// only way to look, and UpdateSnapshotCopyConfiguration changes only the retention (Redshift Serverless API
// Reference). A configuration carries no tags, so whether this resource made it or found it is remembered in
// the physical id, which onEvent decides by looking before anything is changed:
// `<namespace>:<region>` for a configuration this resource creates, `<namespace>:<region>:adopted:<retention>`
// for one it found (with the retention it had). A configuration this resource did not make is never deleted.
//
// | event          | found in AWS                                           | does                                            |
// | -------------- | ------------------------------------------------------ | ----------------------------------------------- |
// | onEvent Create | nothing to this region with this key                   | id `<namespace>:<region>`: this resource makes it |
// | onEvent Create | a configuration to this region with this key           | id `...:adopted:<its retention>`                |
// | onEvent Update | same namespace, region and key                         | the id stays                                    |
// | onEvent Update | new region or key of an adopted configuration          | fail at once: it would have to be deleted, and this resource never deletes what it did not make; the rollback Update that follows finds it in place and keeps the id |
// | onEvent Update | new region or key (or namespace)                       | as Create; an id this resource already has for that region is kept (the rollback of a failed change) |
// | Create/Update  | no configuration                                       | CreateSnapshotCopyConfiguration (retention left out for "indefinitely", AWS's default) |
// | Create/Update  | this region and key, other retention                   | UpdateSnapshotCopyConfiguration                 |
// | Create/Update  | this resource's, "indefinitely" wanted, a retention in days reported | done: it was created without a retention (AWS's default: indefinitely), and what AWS reports for that is not documented |
// | Create         | adopted, "indefinitely" wanted, a retention in days reported | fail naming it: adopted only when it surely matches |
// | Update in place| retention in days → "indefinitely"                    | fail, nothing changed: no documented value sets it in place, and deleting and re-creating the configuration could lose what it would copy meanwhile (not documented either) |
// | Create         | another region or key                                  | fail naming it; nothing changed                 |
// | Update         | the old region or key (this resource's)                | DeleteSnapshotCopyConfiguration, then create as above; a failed update rolls back the same way |
// | Update         | a region or key of neither                             | fail naming it; nothing changed                 |
// | any            | ConflictException (the namespace is busy), also from ListSnapshotCopyConfigurations (a documented error of it) | wait and look again, until the construct's timeout |
// | onEvent Create/Update | ListSnapshotCopyConfigurations: ConflictException | look again a few times within the invocation (the id needs the answer); still busy: fail saying to deploy again, nothing changed |
// | Create/Update  | namespace not found (ResourceNotFoundException)        | fail: set namespaceName                         |
// | Delete         | this resource's (created) configuration                | DeleteSnapshotCopyConfiguration (RETAIN: nothing) |
// | Delete         | an adopted configuration                               | never deleted: its retention is set back to what it was when adopted |
// | Delete         | gone, another region or key, namespace gone            | success, nothing touched                        |

import {
  CreateSnapshotCopyConfigurationCommand,
  DeleteSnapshotCopyConfigurationCommand,
  ListSnapshotCopyConfigurationsCommand,
  RedshiftServerlessClient,
  SnapshotCopyConfiguration,
  UpdateSnapshotCopyConfigurationCommand,
} from '@aws-sdk/client-redshift-serverless';
import { ADOPTED_MARKER, SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES } from '../../lib/handler-properties/serverless-snapshot-copy';
import { CLIENT_CONFIG, send } from '../shared/aws';
import { awsErrorName, UserError, userErrorFrom } from '../shared/errors';
import { IsCompleteRequest, OnEventRequest } from '../shared/framework';
import { handlers, parseCommon, ParsedCommon, ResourceHandler } from '../shared/handler';
import { log } from '../shared/log';
import { integer, optionalString, requiredString } from '../shared/properties';
import { DONE, Progress, waitingFor } from '../shared/waiting';

/** The namespace is in the Lambda's own region: the construct requires a namespace of the stack's region. */
const serverless = new RedshiftServerlessClient(CLIENT_CONFIG);

export interface ServerlessSnapshotCopyProperties extends ParsedCommon {
  readonly NamespaceName: string;
  readonly DestinationRegion: string;
  readonly DestinationKmsKeyId?: string;
  /** -1: indefinitely. */
  readonly RetentionPeriod: number;
}

/** At most this many AWS changes per pass; the next pass (one poll later) continues. */
const MAX_CHANGES_PER_PASS = 3;

const resource: ResourceHandler<ServerlessSnapshotCopyProperties> = {
  parse: (props) => ({
    NamespaceName: requiredString(props, 'NamespaceName'),
    DestinationRegion: requiredString(props, 'DestinationRegion'),
    DestinationKmsKeyId: optionalString(props, 'DestinationKmsKeyId'),
    RetentionPeriod: integer(props, 'RetentionPeriod', 1, 3653, [-1]),
    ...parseCommon(props),
  }),

  physicalId: createdId,

  decidePhysicalId: (props, event) => lookWhileBusy(props, () => decidePhysicalId(props, event)),

  converge: (props, event) => waitWhileBusy(props, () => converge(props, event)),

  remove: (props, event) => waitWhileBusy(props, () => remove(props, event)),
};

async function decidePhysicalId(props: ServerlessSnapshotCopyProperties, event: OnEventRequest): Promise<string> {
  if (event.RequestType === 'Update' && event.OldResourceProperties !== undefined) {
    const old = resource.parse(event.OldResourceProperties);
    const sameNamespace = old.NamespaceName === props.NamespaceName;
    if (sameNamespace && sameTarget(old, props)) return event.PhysicalResourceId ?? createdId(props);
    if (sameNamespace && adoptedRetention(event.PhysicalResourceId) !== undefined) {
      // Nothing to delete when the configuration already goes where the properties say: the rollback of a change
      // refused here, which must not fail in turn.
      const configurations = await listConfigurations(props.NamespaceName) ?? [];
      if (configurations.some((configuration) => sameTarget(configuration, props))) return event.PhysicalResourceId!;
      throw new UserError(`the snapshot copy configuration of namespace "${props.NamespaceName}" to ${describeTarget(old)} `
          + 'was not made by this resource (it was there when the resource was created), and changing the region or key '
          + 'means deleting it, which this resource never does. Nothing was changed: keep destinationRegion and '
          + 'destinationEncryptionKey, or delete the configuration (DeleteSnapshotCopyConfiguration) and deploy again');
    }
  }
  const existing = (await listConfigurations(props.NamespaceName) ?? []).find((configuration) => sameTarget(configuration, props));
  if (!existing) return createdId(props);
  // The rollback of a failed change finds the configuration this resource had before: it stays as it was.
  const current = event.PhysicalResourceId;
  if (event.RequestType === 'Update' && current !== undefined
      && (current === createdId(props) || current.startsWith(createdId(props) + ADOPTED_MARKER))) {
    return current;
  }
  return adoptedId(props, existing.snapshotRetentionPeriod);
}

async function converge(props: ServerlessSnapshotCopyProperties, event: IsCompleteRequest): Promise<Progress> {
  const ours = adoptedRetention(event.PhysicalResourceId) === undefined;
  const previous = event.RequestType === 'Update' && event.OldResourceProperties !== undefined
    ? resource.parse(event.OldResourceProperties) : undefined;
    // An update to another region or key of the same namespace replaces the configuration it had.
  const replaced = previous?.NamespaceName === props.NamespaceName && !sameTarget(previous, props) ? previous : undefined;

  for (let change = 0; change < MAX_CHANGES_PER_PASS; change++) {
    const configurations = await listConfigurations(props.NamespaceName);
    if (configurations === undefined) {
      throw new UserError(`namespace "${props.NamespaceName}" was not found in ${process.env.AWS_REGION}: `
          + 'set namespaceName to an existing Redshift Serverless namespace of the stack\'s region (ResourceNotFoundException)');
    }
    const wanted = configurations.find((configuration) => sameTarget(configuration, props));
    if (wanted) {
      if (sameRetention(wanted.snapshotRetentionPeriod, props.RetentionPeriod)) return done(wanted);
      if (props.RetentionPeriod !== -1) {
        const waiting = await attempt(props, new UpdateSnapshotCopyConfigurationCommand({
          snapshotCopyConfigurationId: wanted.snapshotCopyConfigurationId, snapshotRetentionPeriod: props.RetentionPeriod,
        }));
        if (waiting) return waiting;
        continue;
      }
      if (!ours) {
        throw new UserError(`${describe(wanted)} was not made by this resource and keeps snapshots `
            + `${wanted.snapshotRetentionPeriod} days; AWS documents no value that makes UpdateSnapshotCopyConfiguration keep them `
            + 'indefinitely, and this resource never deletes a configuration it did not make. Nothing was changed: set '
            + `retention to SnapshotRetention.days(${wanted.snapshotRetentionPeriod}), or delete the configuration and deploy again`);
      }
      if (previous && previous.RetentionPeriod !== -1 && sameTarget(previous, props)) {
        throw new UserError(`${describe(wanted)} keeps snapshots ${previous.RetentionPeriod} days: AWS documents no value that makes `
          + 'UpdateSnapshotCopyConfiguration keep them indefinitely (only leaving the retention out of CreateSnapshotCopyConfiguration does). '
          + 'Nothing was changed: set retention in days, or remove this resource (its configuration is deleted) and add it again');
      }
      // This resource created it without a retention (AWS's default, "indefinitely"): whatever AWS reports for that,
      // which is not documented, it is what was asked for.
      log({ outcome: 'kept', reason: `${describe(wanted)} was created without a retention (indefinitely); AWS reports ${wanted.snapshotRetentionPeriod}` });
      return done(wanted);
    }
    const other = configurations[0];
    if (!other) return createConfiguration(props);
    if (ours && replaced && sameTarget(other, replaced)) {
      const waiting = await deleteConfiguration(props, other);
      if (waiting) return waiting;
      continue;
    }
    throw new UserError(`${describe(other)} already exists, which this resource did not make: a namespace copies its `
        + 'snapshots to one destination region at a time. Nothing was changed: set destinationRegion and destinationEncryptionKey '
        + 'to match it (this resource then adopts it), or delete it (DeleteSnapshotCopyConfiguration) and deploy again');
  }
  return waitingFor(`the snapshot copy configuration of namespace "${props.NamespaceName}" to settle`);
}

async function remove(props: ServerlessSnapshotCopyProperties, event: IsCompleteRequest): Promise<Progress> {
  const configurations = await listConfigurations(props.NamespaceName);
  const mine = configurations?.find((configuration) => sameTarget(configuration, props));
  if (!mine) return DONE;
  const adopted = adoptedRetention(event.PhysicalResourceId);
  if (adopted !== undefined) return giveBack(props, mine, adopted);
  if (event.PhysicalResourceId !== createdId(props)) {
    log({ outcome: 'kept', reason: `${describe(mine)} is not the one resource ${event.PhysicalResourceId} made` });
    return DONE;
  }
  return await deleteConfiguration(props, mine) ?? DONE;
}

/**
 * isComplete: a ConflictException from any call, ListSnapshotCopyConfigurations included (the Redshift Serverless
 * API Reference lists it among that operation's errors), is the namespace being busy: the next pass looks again.
 */
async function waitWhileBusy(props: ServerlessSnapshotCopyProperties, pass: () => Promise<Progress>): Promise<Progress> {
  try {
    return await pass();
  } catch (error) {
    if (awsErrorName(error) === 'ConflictException') return failOrWait(props, error);
    throw error;
  }
}

/** How many times, and how far apart, onEvent looks at a busy namespace before it gives up. */
const ON_EVENT_LOOKS = 4;
// BUSY_LOOK_INTERVAL_MS shortens the interval in the tests.
const onEventLookIntervalMs = () => Number(process.env.BUSY_LOOK_INTERVAL_MS ?? 10_000);

/**
 * onEvent: the physical id depends on what ListSnapshotCopyConfigurations lists, so a busy namespace
 * (ConflictException) is looked at again within the invocation (3 x 10 s, well inside its 3 minutes). Still busy: a
 * failure before anything was changed, saying so; a Delete never gets here (onEvent keeps its id without looking).
 */
async function lookWhileBusy<T>(props: ServerlessSnapshotCopyProperties, look: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await look();
    } catch (error) {
      if (awsErrorName(error) !== 'ConflictException') throw error;
      if (tries >= ON_EVENT_LOOKS) {
        throw new UserError(`namespace "${props.NamespaceName}" stayed busy with another change while its snapshot copy configurations `
          + `were listed (${(error as Error).message}). Nothing was changed: deploy again once the other change has finished (ConflictException)`);
      }
      await new Promise((resolve) => setTimeout(resolve, onEventLookIntervalMs()));
    }
  }
}

/** The physical id of a configuration this resource creates. */
function createdId(props: ServerlessSnapshotCopyProperties): string {
  return `${props.NamespaceName}:${props.DestinationRegion}`;
}

/** The physical id of a configuration this resource found, with the retention it had (`-1`: indefinitely). */
function adoptedId(props: ServerlessSnapshotCopyProperties, retention: number | undefined): string {
  return `${createdId(props)}${ADOPTED_MARKER}:${retention === undefined || retention < 1 ? -1 : retention}`;
}

/** The retention an adopted configuration had when this resource found it; undefined when it created its own. */
function adoptedRetention(physicalId: string | undefined): number | undefined {
  const at = physicalId?.lastIndexOf(`${ADOPTED_MARKER}:`) ?? -1;
  if (at < 0) return undefined;
  const retention = Number(physicalId!.slice(at + ADOPTED_MARKER.length + 1));
  return Number.isInteger(retention) ? retention : -1;
}

/**
 * Delete of an adopted configuration: it stays, with the retention it had when this resource found it (a
 * rolled-back Create leaves it as it was). "Indefinitely" cannot be set back in place (no documented value).
 */
async function giveBack(props: ServerlessSnapshotCopyProperties, configuration: SnapshotCopyConfiguration, retention: number): Promise<Progress> {
  if (retention !== -1 && configuration.snapshotRetentionPeriod !== retention) {
    const waiting = await attempt(props, new UpdateSnapshotCopyConfigurationCommand({
      snapshotCopyConfigurationId: configuration.snapshotCopyConfigurationId, snapshotRetentionPeriod: retention,
    }));
    if (waiting) return waiting;
  }
  log({
    outcome: 'kept',
    reason: `${describe(configuration)} was there when this resource was created: not deleted`
    + (retention === -1 || configuration.snapshotRetentionPeriod === retention ? '' : `; its retention is ${retention} days again`),
  });
  return DONE;
}

/** Whether a configuration (or properties) copies to the region, with the key, of these properties. */
function sameTarget(configuration: SnapshotCopyConfiguration | ServerlessSnapshotCopyProperties, props: ServerlessSnapshotCopyProperties): boolean {
  const [region, key] = 'NamespaceName' in configuration
    ? [configuration.DestinationRegion, configuration.DestinationKmsKeyId]
    : [configuration.destinationRegion, configuration.destinationKmsKeyId];
  return region === props.DestinationRegion && keyIdOf(key) === keyIdOf(props.DestinationKmsKeyId);
}

/**
 * A key named by ARN or by id, as its id ("The ID of the KMS key", SnapshotCopyConfiguration); no key as ''. The
 * response may name the key either way: compared by id, it is the same key.
 */
function keyIdOf(key: string | undefined): string {
  if (!key || key === 'AWS_OWNED_KMS_KEY') return '';
  return key.includes(':key/') ? key.slice(key.indexOf(':key/') + ':key/'.length) : key;
}

/** A reported retention equals the wanted one; absent or -1 reported is "indefinitely". */
function sameRetention(reported: number | undefined, wanted: number): boolean {
  return wanted === -1 ? reported === undefined || reported < 1 : reported === wanted;
}

function describeTarget(props: ServerlessSnapshotCopyProperties): string {
  return `${props.DestinationRegion} (${props.DestinationKmsKeyId ? `key ${props.DestinationKmsKeyId}` : 'no key of yours'})`;
}

function describe(configuration: SnapshotCopyConfiguration): string {
  const retention = configuration.snapshotRetentionPeriod;
  return `snapshot copy configuration ${configuration.snapshotCopyConfigurationId} of namespace "${configuration.namespaceName}" `
    + `to ${configuration.destinationRegion} (${configuration.destinationKmsKeyId ? `key ${configuration.destinationKmsKeyId}` : 'no key of yours'}, `
    + `retention ${retention === undefined || retention < 1 ? 'indefinitely' : `${retention} days`})`;
}

function done(configuration: SnapshotCopyConfiguration): Progress {
  return {
    done: true,
    data: {
      [SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES.snapshotCopyConfigurationId]: configuration.snapshotCopyConfigurationId ?? '',
      [SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES.snapshotCopyConfigurationArn]: configuration.snapshotCopyConfigurationArn ?? '',
    },
  };
}

/** Every configuration of the namespace (all pages); undefined when the namespace does not exist. */
async function listConfigurations(namespaceName: string): Promise<SnapshotCopyConfiguration[] | undefined> {
  const configurations: SnapshotCopyConfiguration[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await send(serverless, new ListSnapshotCopyConfigurationsCommand({ namespaceName, nextToken }));
      configurations.push(...page.snapshotCopyConfigurations ?? []);
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
  return configurations;
}

/** CreateSnapshotCopyConfiguration; done with the new configuration, waiting while the namespace is busy. */
async function createConfiguration(props: ServerlessSnapshotCopyProperties): Promise<Progress> {
  try {
    const output = await send(serverless, new CreateSnapshotCopyConfigurationCommand({
      namespaceName: props.NamespaceName,
      destinationRegion: props.DestinationRegion,
      destinationKmsKeyId: props.DestinationKmsKeyId,
      // Left out, AWS keeps the copies indefinitely (its default): no value for "indefinitely" is documented.
      snapshotRetentionPeriod: props.RetentionPeriod === -1 ? undefined : props.RetentionPeriod,
    }));
    return output.snapshotCopyConfiguration
      ? done(output.snapshotCopyConfiguration)
      : waitingFor(`the snapshot copy configuration of namespace "${props.NamespaceName}" to be listed`);
  } catch (error) {
    // What CreateSnapshotCopyConfiguration answers when the configuration exists already is not documented: a
    // configuration that appeared meanwhile (or a retried request that went through) is found by looking again.
    if (awsErrorName(error) !== 'ConflictException') {
      const made = (await listConfigurations(props.NamespaceName))?.find((configuration) => sameTarget(configuration, props));
      if (made) return sameRetention(made.snapshotRetentionPeriod, props.RetentionPeriod) ? done(made) : waitingFor(`${describe(made)} to be brought in line`);
    }
    return failOrWait(props, error);
  }
}

/** DeleteSnapshotCopyConfiguration; undefined once deleted or gone, a Progress while the namespace is busy. */
async function deleteConfiguration(props: ServerlessSnapshotCopyProperties, configuration: SnapshotCopyConfiguration): Promise<Progress | undefined> {
  try {
    await send(serverless, new DeleteSnapshotCopyConfigurationCommand({ snapshotCopyConfigurationId: configuration.snapshotCopyConfigurationId }));
    return undefined;
  } catch (error) {
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    return failOrWait(props, error);
  }
}

/** Sends an update; undefined when it went through, a Progress while the namespace is busy. */
async function attempt(props: ServerlessSnapshotCopyProperties, command: UpdateSnapshotCopyConfigurationCommand): Promise<Progress | undefined> {
  try {
    await send(serverless, command);
    return undefined;
  } catch (error) {
    // Gone meanwhile: the next look decides what to do.
    if (awsErrorName(error) === 'ResourceNotFoundException') return undefined;
    return failOrWait(props, error);
  }
}

/**
 * ConflictException ("The submitted action has conflicts", e.g. the namespace is busy) is waited out: the next
 * pass looks again, and finds a configuration that was made meanwhile. What the user must fix fails at once.
 */
function failOrWait(props: ServerlessSnapshotCopyProperties, error: unknown): Progress {
  const name = awsErrorName(error) ?? '';
  const message = (error as Error).message;
  if (name === 'ConflictException') {
    return waitingFor(`namespace "${props.NamespaceName}" to accept a change of its snapshot copy configuration (${message})`);
  }
  const fixes: Record<string, string> = {
    ResourceNotFoundException: `namespace "${props.NamespaceName}" was not found in ${process.env.AWS_REGION}: `
      + 'set namespaceName to an existing Redshift Serverless namespace of the stack\'s region',
    ServiceQuotaExceededException: `namespace "${props.NamespaceName}" cannot have another snapshot copy configuration (${message}): `
      + 'a namespace copies to one destination region at a time; delete the configuration you no longer need',
    ValidationException: `the snapshot copy configuration of namespace "${props.NamespaceName}" was rejected (${message}): `
      + 'check destinationRegion (a region where Redshift Serverless is available), destinationEncryptionKey (a key in '
      + 'destinationRegion) and retention (1 to 3653 days)',
    AccessDeniedException: `not allowed to copy the snapshots of namespace "${props.NamespaceName}" to ${describeTarget(props)} `
      + `(${message}): check that the region is enabled for the account and that the key policy lets this account use the key`,
  };
  throw userErrorFrom(name, fixes) ?? error;
}

export const { onEvent, isComplete } = handlers(resource);
