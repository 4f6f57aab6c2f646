import { CommonHandlerProperties } from './common';

/** The custom resource type of ServerlessSnapshotCopy. */
export const SERVERLESS_SNAPSHOT_COPY_RESOURCE_TYPE = 'Custom::RedshiftServerlessSnapshotCopy';

/** What ServerlessSnapshotCopy sends to its handler. CloudFormation delivers every value as a string. */
export interface ServerlessSnapshotCopyHandlerProperties extends CommonHandlerProperties {
  readonly NamespaceName: string;
  readonly DestinationRegion: string;
  /** The ARN of a KMS key in DestinationRegion; absent: AWS's default encryption there. */
  readonly DestinationKmsKeyId?: string;
  /**
   * Days to keep copied snapshots in DestinationRegion, 1..3653, or -1: indefinitely, AWS's default, which the
   * handler asks for by leaving snapshotRetentionPeriod out ("By default, the retention period is to keep the
   * snapshot indefinitely", Amazon Redshift Management Guide, "Copying backups to another AWS Region").
   */
  readonly RetentionPeriod: number;
}

/** The attributes the handler returns (`getAtt`). */
export const SERVERLESS_SNAPSHOT_COPY_ATTRIBUTES = {
  snapshotCopyConfigurationId: 'SnapshotCopyConfigurationId',
  snapshotCopyConfigurationArn: 'SnapshotCopyConfigurationArn',
} as const;

/**
 * The physical id of a configuration this resource adopted (found in place when it was created) ends in this
 * marker, followed by the retention it had then; one this resource created has no marker. A copy configuration
 * carries no tags, so the physical id is what tells a later Delete which configurations it may delete.
 */
export const ADOPTED_MARKER = ':adopted';
