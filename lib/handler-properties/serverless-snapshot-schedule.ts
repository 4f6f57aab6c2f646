import { CommonHandlerProperties } from './common';
import { ServerlessHandlerTag } from './serverless-snapshot';

/** The custom resource type of ServerlessSnapshotSchedule. */
export const SERVERLESS_SNAPSHOT_SCHEDULE_RESOURCE_TYPE = 'Custom::RedshiftServerlessSnapshotSchedule';

/**
 * What ServerlessSnapshotSchedule sends to its handler: the settings of one Redshift Serverless scheduled action
 * whose target action is createSnapshot. CloudFormation delivers every value as a string.
 */
export interface ServerlessSnapshotScheduleHandlerProperties extends CommonHandlerProperties {
  /** 3 to 60 lowercase letters, digits or hyphens; unique in the account and region. */
  readonly ScheduledActionName: string;
  readonly NamespaceName: string;
  /** A recurring schedule, `(Minutes Hours Day-of-month Month Day-of-week Year)`; exactly one of ScheduleCron and ScheduleAt. */
  readonly ScheduleCron?: string;
  /** A one-time schedule: the moment in UTC, ISO 8601 (`2026-12-01T03:00:00Z`). */
  readonly ScheduleAt?: string;
  readonly SnapshotNamePrefix: string;
  /** -1 (indefinitely) or 1..3653 days. */
  readonly RetentionPeriod: number;
  /** Tags of the snapshots the action makes. */
  readonly Tags: ServerlessHandlerTag[];
  /** The role the Redshift scheduler assumes to run the action. */
  readonly RoleArn: string;
  /** `true` or `false`. */
  readonly Enabled: boolean;
  /** ISO 8601. */
  readonly StartTime?: string;
  /** ISO 8601. */
  readonly EndTime?: string;
  readonly Description?: string;
}

/** The attributes the handler returns (`getAtt`). */
export const SERVERLESS_SNAPSHOT_SCHEDULE_ATTRIBUTES = {
  scheduledActionName: 'ScheduledActionName',
} as const;

/**
 * The physical id of an action this resource found instead of creating it: `adopted:<name>`. A scheduled action
 * name is lowercase letters, digits and hyphens (`^[a-z0-9-]+$`, Redshift Serverless API Reference, ScheduledActionName),
 * so the colon never occurs in a name. An action that this resource created has its name as the physical id.
 */
export const ADOPTED_PREFIX = 'adopted:';
