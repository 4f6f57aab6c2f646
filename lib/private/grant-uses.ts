import { IConstruct } from 'constructs';
import { referencedConstructs } from './validation';

/**
 * How a SnapshotCopyGrant learns, at synth time, which CrossRegionSnapshotCopy constructs of its stack use
 * it, without the two modules importing each other: a copy marks itself, the grant looks for marks.
 */
const GRANT_USE = Symbol.for('cdk-db-snapshots.grantUse');

/** What a copy tells about the grant it uses. */
export interface GrantUse {
  /** The `snapshotCopyGrantName` the copy was given (a literal, or the token of a grant's attribute). */
  readonly grantName: string;
  readonly destinationRegion: string;
  /** The copy stays enabled when the copy resource is deleted (RemovalPolicy.RETAIN). */
  readonly retained: boolean;
}

export function markGrantUse(copy: IConstruct, use: GrantUse): void {
  Object.defineProperty(copy, GRANT_USE, { value: use, enumerable: false });
}

/** The copies below `root` (a stack) that use a grant, with what they told. */
export function grantUsesBelow(root: IConstruct): Array<{ readonly path: string; readonly use: GrantUse }> {
  return root.node.findAll()
    .filter((construct) => (construct as unknown as Record<symbol, unknown>)[GRANT_USE] !== undefined)
    .map((construct) => ({ path: construct.node.path, use: (construct as unknown as Record<symbol, GrantUse>)[GRANT_USE] }));
}

/**
 * How a CrossRegionSnapshotCopy learns the region of the SnapshotCopyGrant whose `snapshotCopyGrantName` it was
 * given: the grant marks itself, the copy follows the attribute's reference to the grant's resource and looks for
 * the mark on it and its scopes.
 */
const GRANT = Symbol.for('cdk-db-snapshots.grant');

/** What a grant tells about itself. */
export interface GrantFacts {
  readonly destinationRegion: string;
}

export function markGrant(grant: IConstruct, facts: GrantFacts): void {
  Object.defineProperty(grant, GRANT, { value: facts, enumerable: false });
}

/** The grant a value refers to (`grant.snapshotCopyGrantName`), if it is a reference to one of this library's grants. */
export function grantReferencedBy(value: string): { readonly path: string; readonly facts: GrantFacts } | undefined {
  for (const target of referencedConstructs(value)) {
    const grant = [...target.node.scopes].reverse().find((scope) => (scope as unknown as Record<symbol, unknown>)[GRANT] !== undefined);
    if (grant) return { path: grant.node.path, facts: (grant as unknown as Record<symbol, GrantFacts>)[GRANT] };
  }
  return undefined;
}
