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

/**
 * The tag the handler puts on every copy it makes (in the copy request itself), naming the source: how it
 * recognises its copies later, even after the source is gone. Users cannot set tags under this key.
 */
export const PROVENANCE_TAG_KEY = 'cdk-db-snapshots:copy-of';

/**
 * The provenance tag key of a copy. DocumentDB elastic's `copyTags` copies the source's tags, so a source that
 * is itself a copy brings a provenance tag along: the key names the copy (lower case, as DocumentDB elastic
 * names are not case-sensitive) so that the two never share a key. MemoryDB copies no tags from the source.
 */
export function provenanceTagKey(engine: typeof COPY_ENGINES[number], targetSnapshotName: string): string {
  return engine === 'docdb-elastic' ? `${PROVENANCE_TAG_KEY}:${targetSnapshotName.toLowerCase()}` : PROVENANCE_TAG_KEY;
}
