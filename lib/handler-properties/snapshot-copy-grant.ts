import { HandlerTag } from './cluster-snapshot';
import { CommonHandlerProperties } from './common';

/** The custom resource type of SnapshotCopyGrant. */
export const SNAPSHOT_COPY_GRANT_RESOURCE_TYPE = 'Custom::RedshiftSnapshotCopyGrant';

/** What SnapshotCopyGrant sends to its handler. CloudFormation delivers every value as a string. */
export interface SnapshotCopyGrantHandlerProperties extends CommonHandlerProperties {
  /** The region where the grant is created: the handler calls Redshift there. */
  readonly DestinationRegion: string;
  readonly SnapshotCopyGrantName: string;
  /** Absent: Redshift's AWS-owned key in the destination region. */
  readonly KmsKeyId?: string;
  readonly Tags: HandlerTag[];
}

/** The attributes the handler returns (`getAtt`). */
export const SNAPSHOT_COPY_GRANT_ATTRIBUTES = {
  snapshotCopyGrantName: 'SnapshotCopyGrantName',
  snapshotCopyGrantArn: 'SnapshotCopyGrantArn',
} as const;

/**
 * The tag the handler sets on every grant it creates or adopts; its value names the stack and the logical
 * resource. Delete deletes only a grant that carries this tag with its own value, so that the rollback of a
 * failed Create never deletes a grant someone else made. Users cannot set this key.
 */
export const GRANT_OWNER_TAG_KEY = 'cdk-db-snapshots:owner';
