import { ArnFormat, CfnResource, ITaggableV2, RemovalPolicy, Stack, TagManager, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import {
  SERVERLESS_SNAPSHOT_SCHEDULE_ATTRIBUTES,
  SERVERLESS_SNAPSHOT_SCHEDULE_RESOURCE_TYPE,
  ServerlessSnapshotScheduleHandlerProperties,
} from './handler-properties/serverless-snapshot-schedule';
import { dropImpliedDependency } from './private/dependencies';
import { HandlerProvider, HandlerProviderSpec } from './private/handler-provider';
import { checkTagsAfterAspects, keyValueTagList, newTagManager, renderedTags } from './private/managed-tags';
import { acknowledgeFindings, arnFinding } from './private/nag';
import { generatedIdentifier } from './private/names';
import { claimAwsObject } from './private/ownership';
import { checkTags } from './private/tags';
import { handlerRemovalPolicy, SnapshotValidationError, timeoutSeconds } from './private/validation';
import { SnapshotRetention } from './snapshot-retention';

/** The principal of the Redshift scheduler ("Principal scheduler.redshift.amazonaws.com", CreateScheduledAction roleArn). */
const SCHEDULER_PRINCIPAL = 'scheduler.redshift.amazonaws.com';

/**
 * One cron field of the CloudWatch Events / EventBridge cron expressions the Redshift Serverless Schedule links to
 * ("Cron expressions reference", EventBridge User Guide): its values and the wildcards it accepts.
 */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
  readonly wildcards: string;
}

const CRON_FIELDS: CronField[] = [
  { name: 'minute', min: 0, max: 59, wildcards: ',-*/' },
  { name: 'hour', min: 0, max: 23, wildcards: ',-*/' },
  { name: 'day', min: 1, max: 31, wildcards: ',-*?/LW' },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], wildcards: ',-*/' },
  { name: 'weekDay', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], wildcards: ',-*?L#' },
  { name: 'year', min: 1970, max: 2199, wildcards: ',-*/' },
];

/**
 * When a Redshift Serverless scheduled action runs: a cron expression in UTC, or one moment.
 *
 * Built on aws-cdk-lib's `aws_applicationautoscaling.Schedule` (the same `cron(...)` and `at(...)` fields). What
 * Redshift Serverless accepts is checked at synth: six fields (Minutes Hours Day-of-month Month Day-of-week Year),
 * each with the values and wildcards of EventBridge cron expressions, a day of the month or of the week but not
 * both, and a single minute, because "schedule invocations must be separated by at least one hour" (Redshift
 * Serverless API Reference, Schedule).
 *
 * @example
 * ServerlessSchedule.cron({ minute: '0', hour: '3' });                 // every day at 03:00 UTC
 * ServerlessSchedule.cron({ minute: '30', hour: '1', weekDay: 'SUN' }); // Sundays at 01:30 UTC
 * ServerlessSchedule.at(new Date('2026-12-24T18:00:00Z'));             // once
 */
export class ServerlessSchedule {
  /**
   * A recurring schedule from cron fields, in UTC: `minute` is required (one number, at most one run an hour).
   *
   * @param options the fields; an absent field means every value (`*`), or any (`?`) for the day field not given
   */
  public static cron(options: appscaling.CronOptions): ServerlessSchedule {
    // Application Auto Scaling answers `cron(<minute> <hour> <day> <month> <weekDay> <year>)`.
    const expression = appscaling.Schedule.cron(options).expressionString;
    return new ServerlessSchedule(`(${expression.slice('cron('.length, -1)})`, undefined);
  }

  /**
   * A recurring schedule from a cron expression in Redshift Serverless's format: six fields in parentheses,
   * `(Minutes Hours Day-of-month Month Day-of-week Year)`, e.g. `(0 3 * * ? *)`: without the word `cron` of
   * EventBridge's `cron(...)`. Redshift Serverless has no rate expressions (`rate(1 day)`): use `ServerlessSchedule.cron`.
   */
  public static expression(expression: string): ServerlessSchedule {
    return new ServerlessSchedule(expression, undefined);
  }

  /**
   * One run at `moment` (UTC, whole seconds: the format is `yyyy-mm-ddThh:mm:ss`).
   */
  public static at(moment: Date): ServerlessSchedule {
    return new ServerlessSchedule(undefined, moment);
  }

  /** The cron expression sent to Redshift Serverless, `(Minutes Hours Day-of-month Month Day-of-week Year)`; undefined for `at`. */
  public readonly cronExpression?: string;
  /** The one moment of an `at` schedule; undefined for cron. */
  public readonly atTime?: Date;

  private constructor(cronExpression: string | undefined, atTime: Date | undefined) {
    this.cronExpression = cronExpression;
    this.atTime = atTime;
  }

  /**
   * Checks the schedule against what Redshift Serverless accepts; throws a SnapshotValidationError naming `scope`.
   *
   * @internal
   */
  public _validate(scope: IConstruct): void {
    if (this.atTime !== undefined) {
      if (Number.isNaN(this.atTime.getTime()) || this.atTime.getMilliseconds() !== 0) {
        throw new SnapshotValidationError(scope, 'schedule', this.atTime,
          'ServerlessSchedule.at needs a valid time of whole seconds (the format is yyyy-mm-ddThh:mm:ss, UTC)');
      }
      return;
    }
    const expression = this.cronExpression ?? '';
    if (Token.isUnresolved(expression)) return;
    const problem = cronProblem(expression);
    if (problem) {
      throw new SnapshotValidationError(scope, 'schedule', expression,
        `${problem}. Redshift Serverless takes six fields in UTC, (Minutes Hours Day-of-month Month Day-of-week Year), e.g. (0 3 * * ? *)`);
    }
  }
}

/**
 * What is wrong with a cron expression, or undefined. The Schedule type of the Redshift Serverless API Reference
 * (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_Schedule.html) has two members, `at` and
 * `cron`, and writes cron as the fields in parentheses without the word: the EventBridge forms `cron(...)` and
 * `rate(...)` are what users bring from elsewhere, so each gets a message of its own.
 */
function cronProblem(expression: string): string | undefined {
  const eventBridgeCron = /^\s*cron\s*(\([^()]*\))\s*$/i.exec(expression);
  if (eventBridgeCron) {
    const inner = cronProblem(eventBridgeCron[1]);
    return 'drop the word "cron": Redshift Serverless takes only the fields in parentheses, '
      + `ServerlessSchedule.expression('${eventBridgeCron[1]}')${inner ? `, and then ${inner}` : ''}`;
  }
  if (/^\s*rate\s*\(/i.test(expression)) {
    return 'rate expressions are not supported: Redshift Serverless schedules take a cron expression or one moment. '
      + 'For every day at 03:00 UTC use ServerlessSchedule.cron({ minute: \'0\', hour: \'3\' }); for every 6 hours, '
      + 'ServerlessSchedule.cron({ minute: \'0\', hour: \'*/6\' })';
  }
  const match = /^\s*\(([^()]*)\)\s*$/.exec(expression);
  if (!match) return 'the expression must be six fields in parentheses';
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) return `the expression has ${fields.length} fields, not 6`;
  for (const [index, field] of CRON_FIELDS.entries()) {
    const problem = cronFieldProblem(field, fields[index]);
    if (problem) return problem;
  }
  if (!/^\d+$/.test(fields[0])) {
    return `the minute must be one number ("${fields[0]}" runs more than once an hour; invocations must be at least one hour apart)`;
  }
  const [day, weekDay] = [fields[2], fields[4]];
  if ((day === '?') === (weekDay === '?')) {
    return `exactly one of day-of-month ("${day}") and day-of-week ("${weekDay}") must be "?"`;
  }
  return undefined;
}

function cronFieldProblem(field: CronField, value: string): string | undefined {
  const values = `${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''}`;
  if (value.split(',').every((item) => cronItemIsValid(field, item))) return undefined;
  return `the ${field.name} field "${value}" is not valid: values ${values}, wildcards ${field.wildcards.split('').join(' ')}`;
}

/** One comma-separated item of a field: `*`, `?`, `L`, a value, a range, an increment (`/`), `3W`, `3#2`. */
function cronItemIsValid(field: CronField, item: string): boolean {
  const allows = (wildcard: string) => field.wildcards.includes(wildcard);
  const [base, increment, ...moreSlashes] = item.split('/');
  if (moreSlashes.length > 0) return false;
  if (increment !== undefined && !(allows('/') && /^\d+$/.test(increment) && Number(increment) >= 1)) return false;
  const [value, occurrence, ...moreHashes] = base.split('#');
  if (moreHashes.length > 0) return false;
  // `3#2`: the second Tuesday of the month; a month has at most five of a weekday.
  if (occurrence !== undefined) return allows('#') && /^[1-5]$/.test(occurrence) && cronValueIsValid(field, value);
  if (['*', '?', 'L'].includes(value)) return allows(value);
  // `3W`: the weekday closest to the third day of the month.
  if (/^\d+W$/.test(value)) return allows('W') && cronValueIsValid(field, value.slice(0, -1));
  const [from, to, ...moreDashes] = value.split('-');
  if (moreDashes.length > 0) return false;
  if (to !== undefined) return allows('-') && cronValueIsValid(field, from) && cronValueIsValid(field, to);
  return cronValueIsValid(field, value);
}

function cronValueIsValid(field: CronField, value: string): boolean {
  if (/^\d+$/.test(value)) return Number(value) >= field.min && Number(value) <= field.max;
  return (field.names ?? []).includes(value.toUpperCase());
}

/**
 * Properties of a ServerlessSnapshotSchedule.
 */
export interface ServerlessSnapshotScheduleProps {
  /**
   * The name of the Redshift Serverless namespace to snapshot, e.g. `namespace.attrNamespaceNamespaceName` of a
   * `CfnNamespace`, or the name as a string: 3 to 64 lowercase letters, digits or hyphens.
   */
  readonly namespaceName: string;

  /**
   * The ARN of that namespace, e.g. `namespace.attrNamespaceNamespaceArn`. Namespace ARNs end in an id the service
   * generates: with it, the scheduler role and the handler may create snapshots of this namespace only.
   *
   * @default - the scheduler role and the handler may create snapshots of any namespace of the stack's account and region
   */
  readonly namespaceArn?: string;

  /** When snapshots are taken: `ServerlessSchedule.cron({...})`, `ServerlessSchedule.expression('(0 3 * * ? *)')` or `ServerlessSchedule.at(date)`. */
  readonly schedule: ServerlessSchedule;

  /**
   * The name of the scheduled action: 3 to 60 lowercase letters, digits or hyphens, unique in the account and
   * region. A new name replaces the action.
   *
   * @default - generated from the stack, the construct path and the namespace
   */
  readonly scheduledActionName?: string;

  /**
   * The beginning of the name of every snapshot the action takes; Redshift Serverless appends "the date and time of
   * when the snapshot was created" (CreateSnapshotScheduleActionParameters). 1 to 40 lowercase letters, digits or
   * hyphens: a Redshift Serverless snapshot name has at most 64 characters (AWS::RedshiftServerless::Snapshot), and
   * AWS does not document the format of the date and time, so 24 characters are kept free for it.
   *
   * @default - the scheduled action's name when it has at most 40 characters, otherwise a name of 40 characters
   * generated from the stack, the construct path and the namespace
   */
  readonly snapshotNamePrefix?: string;

  /**
   * How long each snapshot the action takes is kept. Indefinitely is sent as no retention at all (CreateSnapshot's
   * default). A change from days to indefinitely fails, changing nothing: AWS does not document what
   * UpdateScheduledAction does without a retention (give a new scheduledActionName instead).
   *
   * @default SnapshotRetention.indefinitely()
   */
  readonly retention?: SnapshotRetention;

  /**
   * Tags of every snapshot the action takes: at most 50 (Redshift Serverless allows 50 per resource); keys 1 to 128
   * characters, values up to 256, no `aws:` prefix.
   * Tags given with `Tags.of(scope)` are added to these (for one key, the value of `Tags.of` wins, as for an aws-cdk
   * L1 resource); the limit applies to both together. Changing them updates the action in place; snapshots it took
   * before keep their tags. The scheduled action itself takes no tags (CreateScheduledAction has no tags parameter).
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * Whether the action runs. `false` keeps it, disabled.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Before this time (UTC) the action does not run. Removing it later leaves the action's start time as it is:
   * UpdateScheduledAction cannot unset it.
   *
   * @default - no start time
   */
  readonly startTime?: Date;

  /**
   * After this time (UTC) the action no longer runs. Must be after `startTime`. Removing it later leaves the
   * action's end time as it is: UpdateScheduledAction cannot unset it.
   *
   * @default - no end time
   */
  readonly endTime?: Date;

  /**
   * A description of the scheduled action.
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * The role the Redshift scheduler assumes to take the snapshots. It must trust `scheduler.redshift.amazonaws.com`
   * and allow `redshift-serverless:CreateSnapshot` (and `redshift-serverless:TagResource` when the snapshots get tags,
   * from `tags` or from `Tags.of`) on the namespace and its snapshots.
   *
   * @default - a role of this construct that trusts scheduler.redshift.amazonaws.com and may create (and tag) snapshots of the namespace only
   */
  readonly role?: iam.IRole;

  /**
   * What happens to the scheduled action when this resource is removed or replaced. The snapshots it took are
   * never deleted: they are data. An action this resource did not create (it found one of that name) is never deleted.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The longest snapshotNamePrefix: a Redshift Serverless snapshot name is 3 to 64 of [a-z0-9-] (SnapshotName,
 * AWS::RedshiftServerless::Snapshot, CloudFormation resource reference; the API reference gives no limit), and a
 * scheduled snapshot's name is "the string prefix appended by the date and time of when the snapshot was created"
 * (CreateSnapshotScheduleActionParameters), in a format AWS does not document. 24 characters are kept for it: more
 * than a date and time to the millisecond takes with separators (-yyyy-mm-dd-hh-mm-ss-sss).
 */
const MAX_SNAPSHOT_NAME_PREFIX_LENGTH = 64 - 24;

/** Namespace, scheduled action and snapshot prefix names: lowercase letters, digits or hyphens. */
const SERVERLESS_NAME = /^[a-z0-9-]+$/;

const PROVIDER: HandlerProviderSpec = {
  kind: 'serverless-snapshot-schedule',
  statements: (stack) => [
    // GetScheduledAction, UpdateScheduledAction and DeleteScheduledAction have no resource types (Service
    // Authorization Reference): only "*" authorizes them.
    new iam.PolicyStatement({
      actions: [
        'redshift-serverless:GetScheduledAction',
        'redshift-serverless:UpdateScheduledAction',
        'redshift-serverless:DeleteScheduledAction',
      ],
      resources: ['*'],
    }),
    // CreateScheduledAction and UpdateScheduledAction also authorize redshift-serverless:CreateSnapshot ("API
    // operations" table), whose resource types are namespace and snapshot; snapshot ARNs end in generated ids.
    new iam.PolicyStatement({
      actions: ['redshift-serverless:CreateSnapshot'],
      resources: [serverlessArn(stack, 'snapshot', '*')],
    }),
  ],
  acknowledgedFindings: [{
    id: 'AwsSolutions-IAM5',
    reason: 'GetScheduledAction, UpdateScheduledAction and DeleteScheduledAction have no resource-level permissions; '
      + 'Redshift Serverless snapshot (and, without namespaceArn, namespace) ARNs end in ids the service generates.',
    applies_to: ['Resource::*', arnFinding('redshift-serverless:.*:(namespace|snapshot)\\/\\*')],
  }],
};

function serverlessArn(stack: Stack, resource: string, resourceName: string): string {
  return stack.formatArn({ service: 'redshift-serverless', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * Recurring snapshots of a Redshift Serverless namespace: a scheduled action whose target is CreateSnapshot.
 *
 * Redshift Serverless keeps recovery points for 24 hours only; snapshots taken by this schedule are kept for
 * `retention`. Create adopts an action of that name whose settings are these, and fails naming every difference
 * otherwise. Update changes every setting in place (UpdateScheduledAction); a new `scheduledActionName` replaces the
 * action. Delete removes the action (unless `RemovalPolicy.RETAIN`), never the snapshots it took, and never an
 * action this resource did not create.
 *
 * @example
 * new ServerlessSnapshotSchedule(this, 'Nightly', {
 *   namespaceName: 'analytics',
 *   schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }),
 *   snapshotNamePrefix: 'nightly',
 *   retention: SnapshotRetention.days(14),
 * });
 *
 * @see https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateScheduledAction.html
 */
export class ServerlessSnapshotSchedule extends Construct implements ITaggableV2 {
  /**
   * The tags of every snapshot the action takes: `tags` merged with what `Tags.of(scope)` gives this construct.
   * Changing them updates the action in place.
   */
  public readonly cdkTagManager: TagManager;

  /**
   * Where this construct's handler logs, one JSON line per event and per AWS call (the log group of the handler that
   * every construct of this library in the stack shares): the place to look when a deployment fails. Its retention
   * is `HandlerLogs.setRetention`'s choice.
   */
  public readonly handlerLogGroup: logs.ILogGroup;

  /** The name of the scheduled action. */
  public readonly scheduledActionName: string;
  /** The role the Redshift scheduler assumes to take the snapshots. */
  public readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: ServerlessSnapshotScheduleProps) {
    super(scope, id);

    this.checkName('namespaceName', props.namespaceName, 3, 64);
    if (props.scheduledActionName !== undefined) this.checkName('scheduledActionName', props.scheduledActionName, 3, 60);
    if (props.snapshotNamePrefix !== undefined) {
      this.checkName('snapshotNamePrefix', props.snapshotNamePrefix, 1, MAX_SNAPSHOT_NAME_PREFIX_LENGTH,
        ' (a snapshot name has at most 64 characters, and Redshift Serverless appends the date and time to the prefix)');
    }
    this.checkNamespaceArn(props.namespaceArn);
    props.schedule._validate(this);
    this.checkTimes(props.startTime, props.endTime);
    props.retention?._validate(this, 'retention');
    checkTags(this, props.tags, 'redshift-serverless');
    this.cdkTagManager = newTagManager(SERVERLESS_SNAPSHOT_SCHEDULE_RESOURCE_TYPE, props.tags);
    checkTagsAfterAspects(this, this.cdkTagManager, (tags) => checkTags(this, tags, 'redshift-serverless'));

    const actionName = props.scheduledActionName
      ?? generatedIdentifier(this, 60, Token.isUnresolved(props.namespaceName) ? '' : props.namespaceName);
    // Names are lowercase only (ScheduledActionName, ^[a-z0-9-]+$) and unique in the account and region.
    claimAwsObject(this, { kind: 'Redshift Serverless scheduled action', prop: 'scheduledActionName', name: actionName, ignoreCase: false });
    const stack = Stack.of(this);
    const namespaceArn = props.namespaceArn ?? serverlessArn(stack, 'namespace', '*');
    this.role = props.role ?? this.schedulerRole(namespaceArn);

    const properties: ServerlessSnapshotScheduleHandlerProperties = {
      ScheduledActionName: actionName,
      NamespaceName: props.namespaceName,
      ScheduleCron: props.schedule.cronExpression,
      ScheduleAt: props.schedule.atTime?.toISOString(),
      SnapshotNamePrefix: props.snapshotNamePrefix ?? (actionName.length <= MAX_SNAPSHOT_NAME_PREFIX_LENGTH ? actionName
        : generatedIdentifier(this, MAX_SNAPSHOT_NAME_PREFIX_LENGTH, Token.isUnresolved(props.namespaceName) ? '' : props.namespaceName)),
      RetentionPeriod: (props.retention ?? SnapshotRetention.indefinitely()).retentionDays,
      Tags: renderedTags(this.cdkTagManager, keyValueTagList),
      RoleArn: this.role.roleArn,
      Enabled: props.enabled ?? true,
      StartTime: props.startTime?.toISOString(),
      EndTime: props.endTime?.toISOString(),
      Description: props.description,
      RemovalPolicy: handlerRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.DESTROY),
      TimeoutSeconds: timeoutSeconds(this, undefined),
    };

    const provider = HandlerProvider.of(this, PROVIDER);
    this.handlerLogGroup = provider.logGroup;
    const grants = [
      // CreateScheduledAction authorizes against the namespace, and authorizes CreateSnapshot there too.
      ...provider.grant(['redshift-serverless:CreateScheduledAction', 'redshift-serverless:CreateSnapshot'], [namespaceArn]),
      // iam:PassRole on exactly the scheduler role. The Service Authorization Reference's "API operations" table
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html) lists
      // it for CreateScheduledAction and UpdateScheduledAction with iam:PassedToService = redshift-serverless.amazonaws.com;
      // the grant names one role (this construct's own trusts only the scheduler), so it carries no condition.
      ...provider.grant(['iam:PassRole'], [this.role.roleArn]),
    ];
    const resource = provider.newResource(this, 'serverless-snapshot-schedule', properties, grants);
    // The scheduler must be able to use the role from the moment the action exists.
    // Its policy, that is: the role itself is ordered by the ARN the resource reads.
    if (this.role instanceof iam.Role) {
      resource.node.addDependency(this.role);
      dropImpliedDependency(resource.node.defaultChild as CfnResource, this.role.node.defaultChild as CfnResource);
    }

    this.scheduledActionName = resource.getAttString(SERVERLESS_SNAPSHOT_SCHEDULE_ATTRIBUTES.scheduledActionName);
  }

  /** The role the Redshift scheduler assumes: it may create (and tag) snapshots of the namespace only. */
  private schedulerRole(namespaceArn: string): iam.IRole {
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal(SCHEDULER_PRINCIPAL),
      description: `Redshift scheduler: snapshots of ${this.node.path}`,
    });
    const snapshots = serverlessArn(Stack.of(this), 'snapshot', '*');
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['redshift-serverless:CreateSnapshot'],
      resources: [namespaceArn, snapshots],
    }));
    // CreateSnapshot with tags also authorizes TagResource on the new snapshot ("API operations" table). Granted
    // whether or not `tags` is given: Tags.of may add tags after this constructor, when the role is already made.
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['redshift-serverless:TagResource'], resources: [snapshots] }));
    const policy = role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy;
    acknowledgeFindings(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'Redshift Serverless snapshot ARNs (and namespace ARNs, unless namespaceArn is given) end in ids the service generates; '
        + 'the statement is scoped to the stack\'s account and region and to CreateSnapshot (and TagResource for its tags).',
      applies_to: [arnFinding('redshift-serverless:.*:(namespace|snapshot)\\/\\*')],
    }]);
    return role;
  }

  private checkName(prop: string, value: string, min: number, max: number, why = ''): void {
    if (Token.isUnresolved(value)) return;
    if (value.length < min || value.length > max || !SERVERLESS_NAME.test(value)) {
      throw new SnapshotValidationError(this, prop, value, `must be ${min} to ${max} lowercase letters, digits or hyphens${why}`);
    }
  }

  private checkNamespaceArn(value: string | undefined): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!/^arn:[a-z-]+:redshift-serverless:[a-z0-9-]+:\d{12}:namespace\/[A-Za-z0-9-]+$/.test(value)) {
      throw new SnapshotValidationError(this, 'namespaceArn', value,
        'must be a Redshift Serverless namespace ARN, arn:<partition>:redshift-serverless:<region>:<account>:namespace/<id>');
    }
  }

  private checkTimes(startTime: Date | undefined, endTime: Date | undefined): void {
    for (const [prop, time] of [['startTime', startTime], ['endTime', endTime]] as const) {
      if (time !== undefined && Number.isNaN(time.getTime())) {
        throw new SnapshotValidationError(this, prop, String(time), 'must be a valid time');
      }
    }
    if (startTime && endTime && startTime.getTime() >= endTime.getTime()) {
      throw new SnapshotValidationError(this, 'endTime', endTime.toISOString(), `must be after startTime (${startTime.toISOString()})`);
    }
  }
}
