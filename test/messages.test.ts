// Messages a user could misread: each says what was wrong in the user's own terms and what to write instead.

import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  ClusterSnapshot,
  ServerlessSchedule,
  ServerlessSnapshot,
  ServerlessSnapshotCopy,
  ServerlessSnapshotSchedule,
  SnapshotCopyGrant,
  SnapshotRetention,
} from '../lib';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function schedule(value: ServerlessSchedule, stack = newStack()): Stack {
  new ServerlessSnapshotSchedule(stack, 'Nightly', { namespaceName: 'analytics', schedule: value });
  return stack;
}

describe('ServerlessSchedule.expression in another service\'s form', () => {
  test('cron(...): says to drop "cron" and shows the expression to write', () => {
    expect(() => schedule(ServerlessSchedule.expression('cron(0 12 * * ? *)'))).toThrow(
      'Stack/Nightly: invalid schedule "cron(0 12 * * ? *)": drop the word "cron": Redshift Serverless takes only the fields in '
      + 'parentheses, ServerlessSchedule.expression(\'(0 12 * * ? *)\')');
  });

  test('the expression it shows is accepted', () => {
    expect(() => schedule(ServerlessSchedule.expression('(0 12 * * ? *)'))).not.toThrow();
  });

  test('cron(...) that is also wrong inside: says to drop "cron" and what is wrong with the rest', () => {
    expect(() => schedule(ServerlessSchedule.expression('CRON(0 12 * * ?)'))).toThrow(
      /drop the word "cron": .*ServerlessSchedule.expression\('\(0 12 \* \* \?\)'\), and then the expression has 5 fields, not 6/);
  });

  test('rate(...): says rate is not supported and shows ServerlessSchedule.cron', () => {
    expect(() => schedule(ServerlessSchedule.expression('rate(1 day)'))).toThrow(
      'Stack/Nightly: invalid schedule "rate(1 day)": rate expressions are not supported: Redshift Serverless schedules take a cron '
      + 'expression or one moment. For every day at 03:00 UTC use ServerlessSchedule.cron({ minute: \'0\', hour: \'3\' }); for every '
      + '6 hours, ServerlessSchedule.cron({ minute: \'0\', hour: \'*/6\' })');
  });

  test('the schedules it shows are accepted', () => {
    expect(() => schedule(ServerlessSchedule.cron({ minute: '0', hour: '3' }))).not.toThrow();
    expect(() => schedule(ServerlessSchedule.cron({ minute: '0', hour: '*/6' }))).not.toThrow();
  });
});

describe('SnapshotRetention.days out of range: the error names the construct path and the prop', () => {
  test.each<[string, (stack: Stack, retention: SnapshotRetention) => void, string]>([
    ['ClusterSnapshot', (stack, retention) => new ClusterSnapshot(stack, 'Snapshot', { clusterIdentifier: 'analytics', retention: retention }),
      'Stack/Snapshot: invalid retention'],
    ['ServerlessSnapshot', (stack, retention) => new ServerlessSnapshot(stack, 'Snapshot', { namespaceName: 'analytics', retention }),
      'Stack/Snapshot: invalid retention'],
    ['ServerlessSnapshotSchedule', (stack, retention) => new ServerlessSnapshotSchedule(stack, 'Snapshot', {
      namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), retention,
    }), 'Stack/Snapshot: invalid retention'],
    ['ServerlessSnapshotCopy', (stack, retention) => new ServerlessSnapshotCopy(stack, 'Snapshot', { namespaceName: 'analytics', destinationRegion: 'us-west-2', retention }),
      'Stack/Snapshot: invalid retention'],
  ])('%s', (_name, make, start) => {
    for (const days of [0, 3654, 1.5, -1]) {
      expect(() => make(newStack(), SnapshotRetention.days(days))).toThrow(
        `${start} "SnapshotRetention.days(${days})": the retention must be a whole number of days from 1 to 3653; `
        + 'use SnapshotRetention.indefinitely() to keep the snapshot until it is deleted');
    }
    expect(() => make(newStack(), SnapshotRetention.days(3653))).not.toThrow();
    expect(() => make(newStack(), SnapshotRetention.indefinitely())).not.toThrow();
  });
});

describe('default names made from a token', () => {
  const nameOf = (stack: Stack, type: string, property: string) =>
    Object.values(Template.fromStack(stack).findResources(type)).map((resource) => resource.Properties[property] as string);

  test('have no hash of nothing (-0000000) at the end, and stay unique and valid', () => {
    const stack = newStack();
    const token = new CfnParameter(stack, 'Name').valueAsString;
    new ClusterSnapshot(stack, 'First', { clusterIdentifier: token });
    new ClusterSnapshot(stack, 'Second', { clusterIdentifier: token });
    new ServerlessSnapshot(stack, 'Serverless', { namespaceName: token });
    new ServerlessSnapshotSchedule(stack, 'Schedule', { namespaceName: token, schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }) });
    new SnapshotCopyGrant(stack, 'Grant', { destinationRegion: new CfnParameter(stack, 'Region').valueAsString });
    const names = [
      ...nameOf(stack, 'Custom::RedshiftClusterSnapshot', 'SnapshotIdentifier'),
      ...nameOf(stack, 'Custom::RedshiftServerlessSnapshot', 'SnapshotName'),
      ...nameOf(stack, 'Custom::RedshiftServerlessSnapshotSchedule', 'ScheduledActionName'),
      ...nameOf(stack, 'Custom::RedshiftSnapshotCopyGrant', 'SnapshotCopyGrantName'),
    ];
    expect(names).toHaveLength(5);
    for (const name of names) {
      expect(name).not.toMatch(/-0000000$/);
      expect(name).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
      expect(name).not.toContain('--');
    }
    expect(new Set(names).size).toBe(5);
  });

  test('names made from known values keep their hash, which changes with the value', () => {
    const names = ['analytics', 'warehouse'].map((cluster) => {
      const stack = newStack();
      new ClusterSnapshot(stack, 'First', { clusterIdentifier: cluster });
      return nameOf(stack, 'Custom::RedshiftClusterSnapshot', 'SnapshotIdentifier')[0];
    });
    expect(names[0]).toMatch(/^stack-first-[a-z0-9]+-[a-z0-9]{7}$/);
    expect(names[0]).not.toBe(names[1]);
  });
});
