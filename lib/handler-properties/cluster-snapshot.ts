import { CommonHandlerProperties } from './common';

/** The custom resource type of ClusterSnapshot. */
export const CLUSTER_SNAPSHOT_RESOURCE_TYPE = 'Custom::RedshiftClusterSnapshot';

/** A tag as the AWS APIs take it. */
export interface HandlerTag {
  readonly Key: string;
  readonly Value: string;
}

/** What ClusterSnapshot sends to its handler. CloudFormation delivers every value as a string. */
export interface ClusterSnapshotHandlerProperties extends CommonHandlerProperties {
  readonly ClusterIdentifier: string;
  readonly SnapshotIdentifier: string;
  /** -1 (indefinitely) or 1..3653 days. */
  readonly ManualSnapshotRetentionPeriod: number;
  readonly Tags: HandlerTag[];
  /** Accounts that may restore the snapshot (12-digit ids or `amazon-redshift-support`); absent: sharing not managed. */
  readonly ShareWith?: string[];
}

/** The attributes the handler returns (`getAtt`). */
export const CLUSTER_SNAPSHOT_ATTRIBUTES = {
  snapshotIdentifier: 'SnapshotIdentifier',
  snapshotArn: 'SnapshotArn',
} as const;
