// The synth-time validation helpers (lib/private/validation.ts) one by one: each bound, the tokens they leave
// to deploy time, and the words of their messages. The constructs' own tests and the bad-input catalogue
// show the same checks through the public API.

import { App, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  checkDestinationRegion as checkRegion,
  checkRedshiftIdentifier,
  handlerRemovalPolicy,
  SnapshotValidationError,
  timeoutSeconds,
  wholeDays,
} from '../lib/private/validation';

const stackIn = (region?: string) => new Stack(new App(), 'Stack', region ? { env: { account: '123456789012', region } } : {});
const scope = () => stackIn('us-east-1');
const tokenNumber = () => Lazy.number({ produce: () => 7 });

describe('SnapshotValidationError', () => {
  test('names the construct path, the prop, the value and what is allowed', () => {
    const error = new SnapshotValidationError(scope(), 'retention', 'x', 'must be y');
    expect(error.message).toBe('Stack: invalid retention "x": must be y');
    expect(error.name).toBe('SnapshotValidationError');
  });

  test('a Duration reads as a human duration, undefined as undefined', () => {
    expect(new SnapshotValidationError(scope(), 'timeout', Duration.minutes(5), 'no').message).toBe('Stack: invalid timeout (5 minutes): no');
    expect(new SnapshotValidationError(scope(), 'p', undefined, 'no').message).toBe('Stack: invalid p undefined: no');
  });
});

describe('wholeDays', () => {
  test.each([[1, 1], [35, 35]])('%i days (a bound) is %i', (days, expected) => {
    expect(wholeDays(scope(), 'retention', Duration.days(days), 1, 35)).toBe(expected);
  });

  test.each([Duration.days(0), Duration.days(36), Duration.hours(36)])('%s is refused with the bounds', (value) => {
    expect(() => wholeDays(scope(), 'retention', value, 1, 35)).toThrow(/^Stack: invalid retention \(.*\): must be whole days from 1 to 35$/);
  });

  test('a token is left to deploy time', () => {
    const days = wholeDays(scope(), 'retention', Duration.days(tokenNumber()), 1, 35);
    expect(Token.isUnresolved(days)).toBe(true);
  });
});

describe('timeoutSeconds', () => {
  test('none given: the CloudFormation custom resource limit, one hour', () => {
    expect(timeoutSeconds(scope(), undefined)).toBe(3600);
  });

  test.each([[Duration.minutes(1), 60], [Duration.hours(1), 3600], [Duration.seconds(61), 61]])('%s is %i seconds', (value, expected) => {
    expect(timeoutSeconds(scope(), value)).toBe(expected);
  });

  test.each([Duration.seconds(59), Duration.seconds(3601), Duration.millis(60_500)])('%s is refused naming the limit', (value) => {
    expect(() => timeoutSeconds(scope(), value)).toThrow(
      /^Stack: invalid timeout \(.*\): must be whole seconds from 1 minute to 60 minutes \(the CloudFormation custom resource limit\)$/);
  });

  test('a token is left to deploy time', () => {
    expect(Token.isUnresolved(timeoutSeconds(scope(), Duration.seconds(tokenNumber())))).toBe(true);
  });
});

describe('handlerRemovalPolicy', () => {
  test.each([
    [RemovalPolicy.DESTROY, 'destroy'],
    [RemovalPolicy.RETAIN, 'retain'],
    [RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE, 'retain'],
  ])('%s: %s', (value, expected) => {
    expect(handlerRemovalPolicy(scope(), value)).toBe(expected);
  });

  test('SNAPSHOT is refused: these resources are snapshots already', () => {
    expect(() => handlerRemovalPolicy(scope(), RemovalPolicy.SNAPSHOT)).toThrow(
      'Stack: invalid removalPolicy "snapshot": must be RemovalPolicy.DESTROY or RemovalPolicy.RETAIN');
  });
});

describe('checkRedshiftIdentifier', () => {
  const lowercase = 'must be 1 to 10 lowercase letters, digits or hyphens, start with a letter, not end with a hyphen and not contain two hyphens in a row';

  test.each(['a', 'a-1', 'abcdefghij'])('%s passes', (value) => {
    expect(() => checkRedshiftIdentifier(scope(), 'clusterIdentifier', value, 10)).not.toThrow();
  });

  test.each(['', 'abcdefghijk', 'A', '1a', '-a', 'a-', 'a--b', 'a_b', 'a b'])('%j is refused with the rules', (value) => {
    expect(() => checkRedshiftIdentifier(scope(), 'clusterIdentifier', value, 10)).toThrow(
      `Stack: invalid clusterIdentifier ${JSON.stringify(value)}: ${lowercase}`);
  });

  test('uppercase letters where allowed, with the rules saying letters', () => {
    expect(() => checkRedshiftIdentifier(scope(), 'snapshotIdentifier', 'Before-1', 10, { allowUppercase: true })).not.toThrow();
    expect(() => checkRedshiftIdentifier(scope(), 'snapshotIdentifier', '1Before', 10, { allowUppercase: true })).toThrow(
      'must be 1 to 10 letters, digits or hyphens, start with a letter');
    expect(() => checkRedshiftIdentifier(scope(), 'snapshotIdentifier', 'Before--1', 10, { allowUppercase: true })).toThrow('not contain two hyphens in a row');
    expect(() => checkRedshiftIdentifier(scope(), 'snapshotIdentifier', 'Before_1', 10, { allowUppercase: true })).toThrow('must be 1 to 10 letters');
  });

  test('a token is left to deploy time', () => {
    expect(() => checkRedshiftIdentifier(scope(), 'clusterIdentifier', Lazy.string({ produce: () => 'NOT VALID' }), 10)).not.toThrow();
  });
});

describe('checkDestinationRegion', () => {
  const AT_DEPLOY_TIME = 'EnableSnapshotCopy then refuses it.';
  const checkDestinationRegion = (scope_: Stack, prop: string, value: string) => checkRegion(scope_, prop, value, AT_DEPLOY_TIME);

  test('a stack whose region is a token: a warning says which check was skipped and what AWS does then', () => {
    const agnostic = stackIn();
    checkDestinationRegion(agnostic, 'destinationRegion', 'us-west-2');
    Annotations.fromStack(agnostic).hasWarning('/Stack', Match.stringLikeRegexp(
      'destinationRegion us-west-2 was not checked against the stack.s region: the stack is environment-agnostic.*EnableSnapshotCopy then refuses it'));
  });

  test('another region of the partition passes', () => {
    expect(() => checkDestinationRegion(stackIn('us-east-1'), 'destinationRegion', 'us-west-2')).not.toThrow();
  });

  test('an unknown name is refused with an example', () => {
    expect(() => checkDestinationRegion(scope(), 'destinationRegion', 'mars-1')).toThrow(
      'Stack: invalid destinationRegion "mars-1": must be an AWS region name such as us-west-2');
  });

  test('the stack\'s own region is refused, naming it', () => {
    expect(() => checkDestinationRegion(stackIn('us-east-1'), 'destinationRegion', 'us-east-1')).toThrow(
      'Stack: invalid destinationRegion "us-east-1": must differ from the stack\'s own region (us-east-1)');
  });

  test('a region of another partition is refused, naming both', () => {
    expect(() => checkDestinationRegion(stackIn('us-east-1'), 'destinationRegion', 'cn-north-1')).toThrow(
      'Stack: invalid destinationRegion "cn-north-1": must be in the stack\'s partition (aws); cn-north-1 is in aws-cn');
  });

  test('a stack whose region is a token, or whose partition is unknown: only the name is checked', () => {
    expect(() => checkDestinationRegion(stackIn(), 'destinationRegion', 'cn-north-1')).not.toThrow();
    expect(() => checkDestinationRegion(stackIn(), 'destinationRegion', 'us-east-1')).not.toThrow();
    expect(() => checkDestinationRegion(stackIn('us-fake-1'), 'destinationRegion', 'cn-north-1')).not.toThrow();
    expect(() => checkDestinationRegion(stackIn(), 'destinationRegion', 'mars-1')).toThrow('must be an AWS region name');
  });

  test('a token is left to deploy time', () => {
    expect(() => checkDestinationRegion(scope(), 'destinationRegion', Lazy.string({ produce: () => 'mars-1' }))).not.toThrow();
  });
});
