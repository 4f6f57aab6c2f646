import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SnapshotValidationError } from './validation';

// Two constructs of one app that manage one AWS object (two ClusterSnapshots with one snapshotIdentifier, two
// CrossRegionSnapshotCopy on one cluster...) synthesize and deploy: the second adopts what the first made, and
// removing either with RemovalPolicy.DESTROY deletes what the other still claims. Each construct claims the
// AWS object it manages here, once, in its constructor; a second claim of the same object fails synthesis
// naming both construct paths. The claims live on the app (the construct tree's root), so they see every
// stack of the app and nothing of another app; across apps the handlers' ownership marks are the guard.

/** The AWS object a construct manages, as it claims it. */
export interface AwsObjectClaim {
  /** What the object is, in words for the message (`Redshift cluster snapshot`). Claims of different kinds never meet. */
  readonly kind: string;
  /** The prop that names the object, for the message. */
  readonly prop: string;
  /** The object's name. A token cannot be compared: such a claim is not made. */
  readonly name: string;
  /**
   * Whether AWS treats names of this kind that differ only in case as one name. Where AWS documents nothing,
   * claim `true`: a false alarm costs a rename, a missed duplicate costs data.
   */
  readonly ignoreCase: boolean;
  /** The region the object lives in. @default the stack's region */
  readonly region?: string;
  /** What scopes the name within the account and region besides the kind, e.g. the bucket of an S3 export. @default nothing */
  readonly within?: string;
}

/**
 * Claims the AWS object `construct` manages: fails synthesis if another construct of the app claimed the same
 * object in the same account and region, and warns if it may be the same (a stack whose account or region is
 * unknown at synth, in another stack). Names, regions and scopes that are tokens are not compared.
 */
export function claimAwsObject(construct: IConstruct, claim: AwsObjectClaim): void {
  if ([claim.name, claim.region, claim.within].some((part) => part !== undefined && Token.isUnresolved(part))) return;
  const stack = Stack.of(construct);
  const entry: Entry = {
    path: construct.node.path,
    name: claim.name,
    account: place(stack, stack.account),
    region: place(stack, claim.region ?? stack.region),
  };
  const key = [claim.kind, claim.within ?? '', claim.ignoreCase ? claim.name.toLowerCase() : claim.name].join('\n');
  const registry = registryOf(construct);
  const earlier = registry.get(key) ?? [];
  for (const other of earlier) {
    const same = sameEnvironment(entry, other);
    if (same === 'yes') {
      throw new SnapshotValidationError(construct, claim.prop, claim.name,
        `${other.path} manages the same ${claim.kind}${other.name === claim.name ? '' : ` ("${other.name}"; AWS does not tell names apart by case)`}`
        + `${describePlace(entry)}: two constructs must not manage one AWS object (the second adopts what the first made, and `
        + `removing either with RemovalPolicy.DESTROY deletes what the other still uses): give each its own ${claim.prop}`);
    }
    if (same === 'unknown') {
      Annotations.of(construct).addWarningV2('cdk-db-snapshots:sameObjectInAnotherStack',
        `${claim.prop} "${claim.name}" is also the ${claim.kind} of ${other.path}, in another stack, and the account or region of `
        + 'one of the two stacks is not known at synth (environment-agnostic): if both deploy to one account and region, they manage '
        + 'one AWS object (the second adopts what the first made; removing either with RemovalPolicy.DESTROY deletes what the other still uses). '
        + `Give each its own ${claim.prop}, or acknowledge this warning if the two stacks never share an account and region.`);
    }
  }
  registry.set(key, [...earlier, entry]);
}

/** A claim as the registry keeps it. */
interface Entry {
  readonly path: string;
  readonly name: string;
  readonly account: Place;
  readonly region: Place;
}

/**
 * Where an object lives, as far as synthesis knows: a concrete account or region, or "wherever this stack
 * deploys" (an environment-agnostic stack; nested stacks deploy with their parent).
 */
type Place = { readonly known: string } | { readonly deployedWith: string };

function place(stack: Stack, value: string): Place {
  if (!Token.isUnresolved(value)) return { known: value };
  let deployed: Stack = stack;
  while (deployed.nestedStackParent) deployed = deployed.nestedStackParent;
  return { deployedWith: deployed.node.path };
}

function samePlace(a: Place, b: Place): 'yes' | 'no' | 'unknown' {
  if ('known' in a && 'known' in b) return a.known === b.known ? 'yes' : 'no';
  if ('deployedWith' in a && 'deployedWith' in b && a.deployedWith === b.deployedWith) return 'yes';
  return 'unknown';
}

function sameEnvironment(a: Entry, b: Entry): 'yes' | 'no' | 'unknown' {
  const parts = [samePlace(a.account, b.account), samePlace(a.region, b.region)];
  if (parts.includes('no')) return 'no';
  return parts.includes('unknown') ? 'unknown' : 'yes';
}

function describePlace(entry: Entry): string {
  const known: string[] = [];
  if ('known' in entry.account) known.push(`account ${entry.account.known}`);
  if ('known' in entry.region) known.push(`region ${entry.region.known}`);
  return known.length > 0 ? ` in ${known.join(', ')}` : ' in the same stack';
}

const CLAIMS = Symbol.for('cdk-db-snapshots.awsObjectClaims');

/** The claims of the app `construct` belongs to, kept on the tree's root: never in static state. */
function registryOf(construct: IConstruct): Map<string, Entry[]> {
  const root = construct.node.root as unknown as Record<symbol, Map<string, Entry[]> | undefined>;
  if (root[CLAIMS] === undefined) {
    Object.defineProperty(root, CLAIMS, { value: new Map<string, Entry[]>(), enumerable: false });
  }
  return root[CLAIMS]!;
}
