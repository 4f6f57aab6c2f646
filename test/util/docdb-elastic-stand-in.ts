// A stateful stand-in for DocumentDB elastic clusters (REST-JSON; moto implements none of it) that keeps the
// snapshots of each region apart: the region of a request is the one its SigV4 signature names (the credential
// scope `<date>/<region>/docdb-elastic/aws4_request`), as AWS answers each region from its own endpoint. It answers
// with the Request and Response Syntax of the DocumentDB elastic API reference (CopyClusterSnapshot,
// ListClusterSnapshots, GetClusterSnapshot, DeleteClusterSnapshot, TagResource, UntagResource, ListTagsForResource)
// and its documented error names, in the `x-amzn-errortype` header.

import { Answer, RecordedRequest, RecordingEndpoint } from './recording-endpoint';

export const STAND_IN_ACCOUNT = '123456789012';
/** What a snapshot encrypted with the service's own key says in `kmsKeyId` (as the wire test's documented object). */
export const AWS_OWNED_KEY = 'AWS_OWNED_KMS_KEY';

export interface StandInSnapshot {
  readonly arn: string;
  readonly name: string;
  status: string;
  tags: Record<string, string>;
  readonly kmsKeyId: string;
  /** How many more ListClusterSnapshots answers show a new copy as COPYING. */
  copyingLooks: number;
}

export interface StandInOptions {
  /** How many list answers a new copy stays COPYING before it is ACTIVE. @default 1 */
  readonly copyingLooks?: number;
}

const error = (status: number, type: string, message: string): Answer =>
  ({ status, body: { message }, headers: { 'x-amzn-errortype': type } });

/** The region an ARN names. */
export function regionOfArn(arn: string): string {
  return arn.split(':')[3];
}

/** The body of a CopyClusterSnapshot request (its Request Syntax). */
interface CopyRequestBody {
  readonly targetSnapshotName?: string;
  readonly kmsKeyId?: string;
  readonly copyTags?: boolean;
  readonly tags?: Record<string, string>;
}

export class DocDbElasticStandIn {
  public static async start(options: StandInOptions = {}): Promise<DocDbElasticStandIn> {
    const standIn = new DocDbElasticStandIn(options);
    standIn.endpoint = await RecordingEndpoint.start((request) => standIn.answer(request));
    return standIn;
  }

  /** Every request, with the region it was signed for. */
  public readonly requests: Array<RecordedRequest & { region: string }> = [];
  private endpoint!: RecordingEndpoint;
  private readonly regions = new Map<string, Map<string, StandInSnapshot>>();
  private copies = 0;

  private constructor(private readonly options: StandInOptions) {}

  public get url(): string {
    return this.endpoint.endpoint;
  }

  public async stop(): Promise<void> {
    await this.endpoint.stop();
  }

  /** Forgets every snapshot and request. */
  public reset(): void {
    this.regions.clear();
    this.requests.length = 0;
  }

  /** Puts a snapshot (a source, or someone else's snapshot of a name) into the region its ARN names. */
  public seed(arn: string, name: string, options: { tags?: Record<string, string>; kmsKeyId?: string } = {}): void {
    this.region(regionOfArn(arn)).set(arn, { arn, name, status: 'ACTIVE', tags: { ...options.tags }, kmsKeyId: options.kmsKeyId ?? AWS_OWNED_KEY, copyingLooks: 0 });
  }

  /** Deletes a snapshot, as its owner would (a source deleted after its copy was made). */
  public remove(arn: string): void {
    this.region(regionOfArn(arn)).delete(arn);
  }

  /** The snapshots of a region. */
  public snapshotsIn(region: string): StandInSnapshot[] {
    return [...this.region(region).values()];
  }

  private region(region: string): Map<string, StandInSnapshot> {
    let snapshots = this.regions.get(region);
    if (!snapshots) {
      snapshots = new Map();
      this.regions.set(region, snapshots);
    }
    return snapshots;
  }

  private answer(request: RecordedRequest): Answer | undefined {
    const region = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\/docdb-elastic\//.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!region) return error(403, 'AccessDeniedException', 'request not signed for docdb-elastic');
    this.requests.push({ ...request, region });
    const [pathname, query] = request.path.split('?');
    const path = decodeURIComponent(pathname);
    const here = this.region(region);
    const copyOf = /^\/cluster-snapshot\/(.+)\/copy$/.exec(path);
    if (request.method === 'POST' && copyOf) return this.copy(region, copyOf[1], request.body ?? {});
    if (request.method === 'GET' && path === '/cluster-snapshots') {
      const snapshots = [...here.values()].map((snapshot) => {
        if (snapshot.status === 'COPYING' && snapshot.copyingLooks-- <= 0) snapshot.status = 'ACTIVE';
        return { snapshotArn: snapshot.arn, snapshotName: snapshot.name, clusterArn: `arn:aws:docdb-elastic:${region}:${STAND_IN_ACCOUNT}:cluster/c`, status: snapshot.status, snapshotCreationTime: '2026-11-22T10:00:00Z' };
      });
      return { status: 200, body: { snapshots } };
    }
    const snapshotPath = /^\/cluster-snapshot\/(.+)$/.exec(path);
    const tagsPath = /^\/tags\/(.+)$/.exec(path);
    // A resource exists only in its own region: asked elsewhere, it is not found.
    const found = here.get((snapshotPath ?? tagsPath)?.[1] ?? '');
    if (snapshotPath && request.method === 'GET') {
      return found ? { status: 200, body: { snapshot: this.documented(found, region) } } : error(404, 'ResourceNotFoundException', 'snapshot not found');
    }
    if (snapshotPath && request.method === 'DELETE') {
      if (!found) return error(404, 'ResourceNotFoundException', 'snapshot not found');
      if (found.status !== 'ACTIVE') return error(409, 'ConflictException', `snapshot is ${found.status}`);
      here.delete(found.arn);
      return { status: 200, body: { snapshot: { ...this.documented(found, region), status: 'DELETING' } } };
    }
    if (tagsPath) {
      if (!found) return error(404, 'ResourceNotFoundException', 'resource not found');
      if (request.method === 'GET') return { status: 200, body: { tags: found.tags } };
      if (request.method === 'POST') {
        found.tags = { ...found.tags, ...request.body.tags };
        return { status: 200, body: {} };
      }
      if (request.method === 'DELETE') {
        for (const key of new URLSearchParams(query).getAll('tagKeys')) delete found.tags[key];
        return { status: 200, body: {} };
      }
    }
    return undefined;
  }

  /**
   * CopyClusterSnapshot sent to `region`: the copy is made there, from a source of that region. AWS documents copies of
   * elastic cluster snapshots within a region only, so a source of another region is, as every resource asked for
   * outside its own region here, not found.
   */
  private copy(region: string, sourceArn: string, body: CopyRequestBody): Answer {
    const source = this.region(region).get(sourceArn);
    if (!source) return error(404, 'ResourceNotFoundException', `snapshot ${sourceArn} not found`);
    const name = body.targetSnapshotName ?? '';
    if ([...this.region(region).values()].some((snapshot) => snapshot.name.toLowerCase() === name.toLowerCase())) {
      return error(409, 'ConflictException', `snapshot ${name} already exists`);
    }
    const arn = `arn:aws:docdb-elastic:${region}:${STAND_IN_ACCOUNT}:cluster-snapshot/copy-${++this.copies}`;
    const copy: StandInSnapshot = {
      arn,
      name,
      status: 'COPYING',
      kmsKeyId: body.kmsKeyId ?? source.kmsKeyId,
      tags: { ...(body.copyTags ? source.tags : {}), ...body.tags },
      copyingLooks: this.options.copyingLooks ?? 1,
    };
    this.region(region).set(arn, copy);
    return { status: 200, body: { snapshot: this.documented(copy, region) } };
  }

  /** The documented ClusterSnapshot object. */
  private documented(snapshot: StandInSnapshot, region: string) {
    return {
      adminUserName: 'admin',
      clusterArn: `arn:aws:docdb-elastic:${region}:${STAND_IN_ACCOUNT}:cluster/c`,
      clusterCreationTime: '2026-11-01T00:00:00Z',
      kmsKeyId: snapshot.kmsKeyId,
      snapshotArn: snapshot.arn,
      snapshotCreationTime: '2026-11-22T10:00:00Z',
      snapshotName: snapshot.name,
      snapshotType: 'MANUAL',
      status: snapshot.status,
      subnetIds: ['subnet-1'],
      vpcSecurityGroupIds: ['sg-1'],
    };
  }
}
