import { Annotations, Duration, Reference, RemovalPolicy, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { HandlerRemovalPolicy, MAX_TIMEOUT_SECONDS, MIN_TIMEOUT_SECONDS } from '../handler-properties/common';

/**
 * The one error type of this library's synth-time validation. Its message names the construct path,
 * the prop, the value given and what is allowed.
 */
export class SnapshotValidationError extends Error {
  constructor(scope: IConstruct, prop: string, value: unknown, allowed: string) {
    super(`${scope.node.path}: invalid ${prop} ${describe(value)}: ${allowed}`);
    this.name = 'SnapshotValidationError';
  }
}

function describe(value: unknown): string {
  if (value instanceof Duration) {
    return `(${value.toHumanString()})`;
  }
  return JSON.stringify(value) ?? String(value);
}

/**
 * A Duration whose amount is a token (e.g. `Duration.days(param.valueAsNumber)`) passes through to the handler,
 * which checks it at deploy time, but only in the unit the handler takes: CloudFormation cannot convert units.
 * Returns the token amount, or undefined for a Duration known at synth.
 */
function tokenAmount(scope: IConstruct, prop: string, value: Duration, unit: 'seconds' | 'days', handlerCheck: string): number | undefined {
  if (!value.isUnresolved()) return undefined;
  if (value.unitLabel() !== unit) {
    throw new SnapshotValidationError(scope, prop, value,
      `a token (such as a CfnParameter) is supported only as Duration.${unit}(token): the handler takes ${unit}, and CloudFormation `
      + `cannot convert Duration.${value.unitLabel()}(token) to ${unit}; the handler checks the value at deploy time (${handlerCheck})`);
  }
  return unit === 'seconds' ? value.toSeconds() : value.toDays();
}

/** Converts a Duration to whole days within [min, max]; a token in days passes through (see tokenAmount). */
export function wholeDays(scope: IConstruct, prop: string, value: Duration, min: number, max: number): number {
  const token = tokenAmount(scope, prop, value, 'days', `${min} to ${max}`);
  if (token !== undefined) return token;
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min || days > max) {
    throw new SnapshotValidationError(scope, prop, value, `must be whole days from ${min} to ${max}`);
  }
  return days;
}

/**
 * The wait limit of a construct: 1 minute to 1 hour (the CloudFormation custom resource maximum). A token in
 * seconds passes through (see tokenAmount).
 */
export function timeoutSeconds(scope: IConstruct, value: Duration | undefined): number {
  if (value === undefined) return MAX_TIMEOUT_SECONDS;
  const token = tokenAmount(scope, 'timeout', value, 'seconds', `${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} seconds`);
  if (token !== undefined) return token;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
    throw new SnapshotValidationError(scope, 'timeout', value,
      `must be whole seconds from 1 minute to ${MAX_TIMEOUT_SECONDS / 60} minutes (the CloudFormation custom resource limit)`);
  }
  return seconds;
}

/** Maps a RemovalPolicy to what the handler does on Delete. */
export function handlerRemovalPolicy(scope: IConstruct, value: RemovalPolicy): HandlerRemovalPolicy {
  switch (value) {
    case RemovalPolicy.DESTROY:
      return HandlerRemovalPolicy.DESTROY;
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return HandlerRemovalPolicy.RETAIN;
    default:
      throw new SnapshotValidationError(scope, 'removalPolicy', value, 'must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN');
  }
}

/**
 * Identifiers of the Redshift kind: letters, digits and hyphens, a letter first, no trailing hyphen and no two
 * hyphens in a row (the ClusterIdentifier, SnapshotIdentifier and SnapshotCopyGrantName constraints of the Amazon
 * Redshift API reference; DocumentDB elastic's targetSnapshotName has the same). Lowercase only, unless
 * `allowUppercase`: Redshift documents "Alphabetic characters must be lowercase" for cluster identifiers
 * (CreateCluster) and nothing about case for snapshot identifiers, so this library takes lowercase for every
 * Redshift identifier and never changes what it is given (the name in IAM's ARNs is the name sent). Only names
 * AWS documents as "not case sensitive" (DocumentDB elastic's CopyClusterSnapshot targetSnapshotName) allow uppercase.
 */
export function checkRedshiftIdentifier(
  scope: IConstruct, prop: string, value: string, maxLength: number, options: { allowUppercase?: boolean } = {},
): void {
  if (Token.isUnresolved(value)) return;
  const letters = options.allowUppercase ? 'letters' : 'lowercase letters';
  const allowed = `must be 1 to ${maxLength} ${letters}, digits or hyphens, start with a letter, `
    + 'not end with a hyphen and not contain two hyphens in a row';
  const pattern = options.allowUppercase ? /^[a-zA-Z][a-zA-Z0-9-]*$/ : /^[a-z][a-z0-9-]*$/;
  if (value.length < 1 || value.length > maxLength || !pattern.test(value) || value.endsWith('-') || value.includes('--')) {
    throw new SnapshotValidationError(scope, prop, value, allowed);
  }
}

/**
 * Says which check could not run at synth and what AWS does at deploy time instead: an environment-agnostic stack
 * does not know its account or region until it is deployed. Acknowledge with `Annotations.of(c).acknowledgeWarning(id)`.
 */
export function warnUnchecked(scope: IConstruct, id: string, message: string): void {
  Annotations.of(scope).addWarningV2(`cdk-db-snapshots:${id}`, message);
}

/**
 * A destination region: known to aws-cdk-lib's region-info, not the stack's own region and in the
 * stack's partition. In an environment-agnostic stack the last two cannot be checked: a warning says so.
 */
export function checkDestinationRegion(scope: IConstruct, prop: string, value: string, atDeployTime: string): void {
  if (Token.isUnresolved(value)) return;
  const known = RegionInfo.regions.map((region) => region.name);
  if (!known.includes(value)) {
    throw new SnapshotValidationError(scope, prop, value, 'must be an AWS region name such as us-west-2');
  }
  const stackRegion = Stack.of(scope).region;
  if (Token.isUnresolved(stackRegion)) {
    warnUnchecked(scope, 'destinationRegionUnchecked',
      `${prop} ${value} was not checked against the stack's region: the stack is environment-agnostic, so its region is known only `
      + `at deploy time. Deploy it to a region other than ${value}, in the same partition (${RegionInfo.get(value).partition}): ${atDeployTime}`);
    return;
  }
  if (value === stackRegion) {
    throw new SnapshotValidationError(scope, prop, value, `must differ from the stack's own region (${stackRegion})`);
  }
  const stackPartition = RegionInfo.get(stackRegion).partition;
  const destinationPartition = RegionInfo.get(value).partition;
  if (stackPartition && destinationPartition && stackPartition !== destinationPartition) {
    throw new SnapshotValidationError(scope, prop, value,
      `must be in the stack's partition (${stackPartition}); ${value} is in ${destinationPartition}`);
  }
}

/** The constructs whose attributes or `Ref` a string is made of (tokens that are references). */
export function referencedConstructs(value: string): IConstruct[] {
  if (!Token.isUnresolved(value)) return [];
  return Tokenization.reverseString(value).tokens
    .filter((token): token is Reference => token instanceof Reference)
    .map((reference) => reference.target);
}
