import { CommonHandlerProperties } from './common';

/** The custom resource type of ServerlessSnapshot. */
export const SERVERLESS_SNAPSHOT_RESOURCE_TYPE = 'Custom::RedshiftServerlessSnapshot';

/** A tag as Redshift Serverless takes it (lowercase field names). */
export interface ServerlessHandlerTag {
  readonly key: string;
  readonly value: string;
}

/** What ServerlessSnapshot sends to its handler. CloudFormation delivers every value as a string. */
export interface ServerlessSnapshotHandlerProperties extends CommonHandlerProperties {
  readonly NamespaceName: string;
  readonly SnapshotName: string;
  /** -1 (indefinitely) or 1..3653 days. */
  readonly RetentionPeriod: number;
  readonly Tags: ServerlessHandlerTag[];
}

/** The attributes the handler returns (`getAtt`). */
export const SERVERLESS_SNAPSHOT_ATTRIBUTES = {
  snapshotName: 'SnapshotName',
  snapshotArn: 'SnapshotArn',
  namespaceArn: 'NamespaceArn',
  totalBackupSizeInMegaBytes: 'TotalBackupSizeInMegaBytes',
} as const;
