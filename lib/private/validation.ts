import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { HandlerRemovalPolicy, MAX_TIMEOUT_SECONDS } from '../handler-properties/common';

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

/** Converts a Duration to whole days within [min, max]. */
export function wholeDays(scope: IConstruct, prop: string, value: Duration, min: number, max: number): number {
  if (value.isUnresolved()) return value.toDays();
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min || days > max) {
    throw new SnapshotValidationError(scope, prop, value, `must be whole days from ${min} to ${max}`);
  }
  return days;
}

/** The wait limit of a construct: 1 minute to 1 hour (the CloudFormation custom resource maximum). */
export function timeoutSeconds(scope: IConstruct, value: Duration | undefined): number {
  if (value === undefined) return MAX_TIMEOUT_SECONDS;
  if (value.isUnresolved()) return value.toSeconds();
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > MAX_TIMEOUT_SECONDS) {
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
 * Redshift cluster, snapshot and grant identifiers: lowercase letters, digits and hyphens, a letter first,
 * no trailing hyphen and no two hyphens in a row. Source: the ClusterIdentifier, SnapshotIdentifier and
 * SnapshotCopyGrantName constraints of the Amazon Redshift API reference.
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
 * A destination region: known to aws-cdk-lib's region-info, not the stack's own region and in the
 * stack's partition, where the stack's region is known at synth time.
 */
export function checkDestinationRegion(scope: IConstruct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  const known = RegionInfo.regions.map((region) => region.name);
  if (!known.includes(value)) {
    throw new SnapshotValidationError(scope, prop, value, 'must be an AWS region name such as us-west-2');
  }
  const stackRegion = Stack.of(scope).region;
  // Stryker disable next-line ConditionalExpression: a token region equals no name and has no partition: nothing below refuses it
  if (Token.isUnresolved(stackRegion)) return;
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
