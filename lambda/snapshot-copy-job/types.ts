// The types the SnapshotCopyJob handler (index.ts) and its engine modules share. A module of their own, so
// that the engine modules never import the handler that imports them.

import { HandlerTag } from '../../lib/handler-properties/cluster-snapshot';
import { COPY_ENGINES } from '../../lib/handler-properties/snapshot-copy-job';
import { IsCompleteRequest } from '../shared/framework';
import { ParsedCommon } from '../shared/handler';
import { Progress } from '../shared/waiting';

export interface CopyJobProperties extends ParsedCommon {
  readonly Engine: typeof COPY_ENGINES[number];
  readonly Source: string;
  readonly TargetSnapshotName: string;
  readonly TargetBucket?: string;
  readonly KmsKeyId?: string;
  readonly CopyTags: boolean;
  readonly Tags: HandlerTag[];
}

/** What each engine does; `previous` is set on an Update in place. */
export interface EngineCopier {
  /**
   * Work sent once per Create (and per replacing Update), from onEvent: for what isComplete cannot tell apart
   * from not yet started, and must therefore never resend.
   */
  start?(props: CopyJobProperties): Promise<void>;
  converge(props: CopyJobProperties, previous: CopyJobProperties | undefined, event: IsCompleteRequest): Promise<Progress>;
  remove(props: CopyJobProperties, event: IsCompleteRequest): Promise<Progress>;
}
