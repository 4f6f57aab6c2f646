// The kinds of custom resource this library has: the one table the shared provider (lib/private/handler-provider.ts)
// and the handler router (lambda/index.ts) both read. Plain TypeScript only: the handlers import this file.
//
// Adding a kind: a row here, its wire properties in lib/handler-properties/<kind>.ts, its handler module in
// lambda/<kind>/index.ts (exporting onEvent and isComplete), its row in the router's table (a compile error
// until it is there), and its construct in lib/<kind>.ts (docs/development.md, "Adding a kind").

import { CLUSTER_SNAPSHOT_RESOURCE_TYPE } from './cluster-snapshot';
import { CROSS_REGION_SNAPSHOT_COPY_RESOURCE_TYPE } from './cross-region-snapshot-copy';
import { SERVERLESS_SNAPSHOT_RESOURCE_TYPE } from './serverless-snapshot';
import { SERVERLESS_SNAPSHOT_COPY_RESOURCE_TYPE } from './serverless-snapshot-copy';
import { SERVERLESS_SNAPSHOT_SCHEDULE_RESOURCE_TYPE } from './serverless-snapshot-schedule';
import { SNAPSHOT_COPY_GRANT_RESOURCE_TYPE } from './snapshot-copy-grant';
import { SNAPSHOT_COPY_JOB_RESOURCE_TYPE } from './snapshot-copy-job';

/** What the provider and the router know of one kind. */
export interface KindSpec {
  /**
   * The CloudFormation type of its custom resources (`Custom::...`): how the router finds the kind's handler.
   * Part of the public contract once published: a resource's type never changes.
   */
  readonly resourceType: string;
  /**
   * How often the kind's handler wants to look at AWS while it waits, in seconds. The provider polls at the
   * shortest interval of all kinds; a kind with a longer one skips the polls in between (lambda/shared/polling.ts).
   */
  readonly pollIntervalSeconds: number;
}

/** Every kind, by the name of its handler folder under lambda/. */
export const KINDS = {
  'cluster-snapshot': {
    resourceType: CLUSTER_SNAPSHOT_RESOURCE_TYPE,
    // A snapshot takes minutes: looking more often would only add AWS calls.
    pollIntervalSeconds: 30,
  },
  'cross-region-snapshot-copy': { resourceType: CROSS_REGION_SNAPSHOT_COPY_RESOURCE_TYPE, pollIntervalSeconds: 10 },
  'serverless-snapshot': { resourceType: SERVERLESS_SNAPSHOT_RESOURCE_TYPE, pollIntervalSeconds: 30 },
  'snapshot-copy-grant': { resourceType: SNAPSHOT_COPY_GRANT_RESOURCE_TYPE, pollIntervalSeconds: 10 },
  'snapshot-copy-job': { resourceType: SNAPSHOT_COPY_JOB_RESOURCE_TYPE, pollIntervalSeconds: 30 },
  // Scheduled actions are created and changed synchronously: a pass only waits out a ConflictException.
  'serverless-snapshot-schedule': { resourceType: SERVERLESS_SNAPSHOT_SCHEDULE_RESOURCE_TYPE, pollIntervalSeconds: 10 },
  // Copy configurations change at once; only a busy namespace (ConflictException) is waited for.
  'serverless-snapshot-copy': { resourceType: SERVERLESS_SNAPSHOT_COPY_RESOURCE_TYPE, pollIntervalSeconds: 10 },
} as const satisfies Record<string, KindSpec>;

/** The name of a kind: its handler folder under lambda/. */
export type KindName = keyof typeof KINDS;

/** Every kind's name, in the table's order. */
export const KIND_NAMES = Object.keys(KINDS) as KindName[];

/** How often the shared provider polls isComplete: the shortest interval any kind needs. */
export const PROVIDER_POLL_INTERVAL_SECONDS = Math.min(...KIND_NAMES.map((kind) => KINDS[kind].pollIntervalSeconds));

/** The kind whose custom resources have `resourceType`, if any. */
export function kindOfResourceType(resourceType: string): KindName | undefined {
  return KIND_NAMES.find((kind) => KINDS[kind].resourceType === resourceType);
}
