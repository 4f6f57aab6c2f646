import { CommonHandlerProperties } from './common';

/** The custom resource type of CrossRegionSnapshotCopy. */
export const CROSS_REGION_SNAPSHOT_COPY_RESOURCE_TYPE = 'Custom::RedshiftCrossRegionSnapshotCopy';

/**
 * What CrossRegionSnapshotCopy sends to its handler. CloudFormation delivers every value as a string.
 */
export interface CrossRegionSnapshotCopyHandlerProperties extends CommonHandlerProperties {
  readonly ClusterIdentifier: string;
  readonly DestinationRegion: string;
  /** Days to keep automated snapshots in the destination region: 1..35. */
  readonly RetentionPeriod: number;
  /** Days to keep copied manual snapshots: -1 (indefinitely) or 1..3653. */
  readonly ManualSnapshotRetentionPeriod: number;
  /** Absent when the cluster is not KMS-encrypted. */
  readonly SnapshotCopyGrantName?: string;
}

/** The automated-snapshot retention range of EnableSnapshotCopy, in days. */
export const AUTOMATED_RETENTION_DAYS = { min: 1, max: 35, default: 7 } as const;
