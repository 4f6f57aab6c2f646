import { HandlerTag } from './cluster-snapshot';
import { CommonHandlerProperties } from './common';

/** The custom resource type of SnapshotCopyJob. */
export const SNAPSHOT_COPY_JOB_RESOURCE_TYPE = 'Custom::SnapshotCopyJob';

/** The engines a SnapshotCopyJob copies snapshots of, as the handler knows them. */
export const COPY_ENGINES = ['memorydb', 'docdb-elastic'] as const;

/** What SnapshotCopyJob sends to its handler. CloudFormation delivers every value as a string. */
export interface SnapshotCopyJobHandlerProperties extends CommonHandlerProperties {
  readonly Engine: typeof COPY_ENGINES[number];
  /** MemoryDB: the source snapshot's name. DocumentDB elastic: the source snapshot's ARN. */
  readonly Source: string;
  readonly TargetSnapshotName: string;
  /** MemoryDB only: export to this S3 bucket instead of copying within MemoryDB. */
  readonly TargetBucket?: string;
  readonly KmsKeyId?: string;
  /** DocumentDB elastic only. */
  readonly CopyTags: boolean;
  readonly Tags: HandlerTag[];
}

/** The attributes the handler returns (`getAtt`). */
export const SNAPSHOT_COPY_JOB_ATTRIBUTES = {
  targetSnapshotName: 'TargetSnapshotName',
  targetSnapshotArn: 'TargetSnapshotArn',
} as const;
