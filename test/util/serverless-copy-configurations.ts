// A stateful stand-in for Redshift Serverless snapshot copy configurations (moto has no Redshift Serverless),
// answering the four operations with their documented Request and Response Syntax (Redshift Serverless API
// Reference: CreateSnapshotCopyConfiguration, UpdateSnapshotCopyConfiguration, DeleteSnapshotCopyConfiguration,
// ListSnapshotCopyConfigurations; awsJson 1.1, `X-Amz-Target: RedshiftServerless.<Operation>`) and their documented
// error names. A router for RecordingEndpoint; compose it with the stand-ins of other operations.
//
// Where AWS documents nothing, the stand-in picks an answer the handler must not depend on: a second configuration
// for a namespace ("one destination AWS Region at a time", Management Guide) is refused with
// ServiceQuotaExceededException, and a configuration's ARN is made up (the Service Authorization Reference has no
// resource type for it).

import { Answer, RecordedRequest, RecordingEndpoint } from './recording-endpoint';

/** The documented SnapshotCopyConfiguration object. */
export interface CopyConfiguration {
  readonly snapshotCopyConfigurationId: string;
  readonly snapshotCopyConfigurationArn: string;
  readonly namespaceName: string;
  readonly destinationRegion: string;
  readonly destinationKmsKeyId?: string;
  readonly snapshotRetentionPeriod: number;
}

const error = (type: string, message: string): Answer => ({ status: 400, body: { __type: type, message } });

export class SnapshotCopyConfigurationsStandIn {
  /** Every configuration, by id. */
  public readonly configurations = new Map<string, CopyConfiguration>();
  /** Namespaces that exist. */
  private readonly namespaces: Set<string>;
  /** Changes answered with ConflictException before one goes through (a namespace busy with something else). */
  private busyChanges = 0;
  /** ListSnapshotCopyConfigurations calls answered with ConflictException (an error the operation documents). */
  private busyLists = 0;
  private nextId = 1;

  constructor(private readonly region: string, namespaces: string[]) {
    this.namespaces = new Set(namespaces);
  }

  /** The next `changes` Create/Update/Delete calls find the namespace busy (ConflictException). */
  public busyFor(changes: number): void {
    this.busyChanges = changes;
  }

  /** The next `lists` ListSnapshotCopyConfigurations calls find the namespace busy (ConflictException). */
  public busyListingFor(lists: number): void {
    this.busyLists = lists;
  }

  /** A configuration made outside the stack (by hand, or by another tool). */
  public add(configuration: Omit<CopyConfiguration, 'snapshotCopyConfigurationId' | 'snapshotCopyConfigurationArn'>): CopyConfiguration {
    const id = `00000000-0000-4000-8000-${String(this.nextId++).padStart(12, '0')}`;
    const made = { ...configuration, snapshotCopyConfigurationId: id, snapshotCopyConfigurationArn: `arn:aws:redshift-serverless:${this.region}:123456789012:snapshotcopyconfiguration/${id}` };
    this.configurations.set(id, made);
    return made;
  }

  /** The namespace's configurations, as `region/key/retention` (a short form for assertions). */
  public describe(namespaceName: string): string[] {
    return [...this.configurations.values()].filter((configuration) => configuration.namespaceName === namespaceName)
      .map((configuration) => `${configuration.destinationRegion}/${configuration.destinationKmsKeyId ?? '-'}/${configuration.snapshotRetentionPeriod}`);
  }

  /** The answer to a request of one of the four operations; undefined for any other. */
  public route = (request: RecordedRequest): Answer | undefined => {
    const body = request.body ?? {};
    switch (RecordingEndpoint.target(request)) {
      case 'CreateSnapshotCopyConfiguration':
        return this.busy() ?? this.create(body);
      case 'UpdateSnapshotCopyConfiguration':
        return this.busy() ?? this.update(body);
      case 'DeleteSnapshotCopyConfiguration':
        return this.busy() ?? this.delete(body);
      case 'ListSnapshotCopyConfigurations':
        if (this.busyLists > 0) {
          this.busyLists--;
          return error('ConflictException', 'The namespace is busy with another operation. Try again later.');
        }
        return this.list(body);
      default:
        return undefined;
    }
  };

  private busy(): Answer | undefined {
    if (this.busyChanges === 0) return undefined;
    this.busyChanges--;
    return error('ConflictException', 'The namespace is busy with another operation. Try again later.');
  }

  private create(body: Record<string, any>): Answer {
    if (!this.namespaces.has(body.namespaceName)) return error('ResourceNotFoundException', `Namespace ${body.namespaceName} not found`);
    if (typeof body.destinationRegion !== 'string') return error('ValidationException', 'destinationRegion is required');
    const retention = body.snapshotRetentionPeriod;
    if (retention !== undefined && (!Number.isInteger(retention) || retention < 1 || retention > 3653)) {
      return error('ValidationException', `snapshotRetentionPeriod ${retention} must be between 1 and 3653`);
    }
    if (this.describe(body.namespaceName).length > 0) {
      return error('ServiceQuotaExceededException', `Namespace ${body.namespaceName} already copies snapshots to another region`);
    }
    // Left out, the copies are kept indefinitely (AWS's default); reported here as -1, as snapshots report it.
    const made = this.add({
      namespaceName: body.namespaceName,
      destinationRegion: body.destinationRegion,
      destinationKmsKeyId: body.destinationKmsKeyId,
      snapshotRetentionPeriod: retention ?? -1,
    });
    return { status: 200, body: { snapshotCopyConfiguration: made } };
  }

  private update(body: Record<string, any>): Answer {
    const configuration = this.configurations.get(body.snapshotCopyConfigurationId);
    if (!configuration) return error('ResourceNotFoundException', `Snapshot copy configuration ${body.snapshotCopyConfigurationId} not found`);
    const updated = { ...configuration, snapshotRetentionPeriod: body.snapshotRetentionPeriod ?? configuration.snapshotRetentionPeriod };
    this.configurations.set(configuration.snapshotCopyConfigurationId, updated);
    return { status: 200, body: { snapshotCopyConfiguration: updated } };
  }

  private delete(body: Record<string, any>): Answer {
    const configuration = this.configurations.get(body.snapshotCopyConfigurationId);
    if (!configuration) return error('ResourceNotFoundException', `Snapshot copy configuration ${body.snapshotCopyConfigurationId} not found`);
    this.configurations.delete(configuration.snapshotCopyConfigurationId);
    return { status: 200, body: { snapshotCopyConfiguration: configuration } };
  }

  /** One configuration per page, so that a reader must follow nextToken. */
  private list(body: Record<string, any>): Answer {
    if (body.namespaceName !== undefined && !this.namespaces.has(body.namespaceName)) {
      return error('ResourceNotFoundException', `Namespace ${body.namespaceName} not found`);
    }
    const all = [...this.configurations.values()]
      .filter((configuration) => body.namespaceName === undefined || configuration.namespaceName === body.namespaceName);
    const start = Number(body.nextToken ?? 0);
    const page = all.slice(start, start + 1);
    const nextToken = start + 1 < all.length ? String(start + 1) : undefined;
    return { status: 200, body: { snapshotCopyConfigurations: page, ...(nextToken ? { nextToken } : {}) } };
  }
}
