// The request validation every test runs (test/util/service-models.ts, through the ProviderDriver and the jest
// setup of mocked clients) refuses what AWS's service models and tag rules refuse, and names the operation, the
// member, the value and the rule. Each rule is shown here on a request AWS documents as invalid, next to a valid one.

import { RedshiftServerlessClient, CreateSnapshotCommand } from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { allowInvalidRequests } from '../util/request-validation';
import { checkBotocoreVersion, pinnedBotocoreVersion, requestViolations, serviceModel } from '../util/service-models';

const tags = (count: number) => Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: 'v' }));

describe('AWS service models', () => {
  test('are botocore\'s of the pinned release, one per SDK service', () => {
    expect(pinnedBotocoreVersion()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(serviceModel('Redshift Serverless').metadata.serviceId).toBe('Redshift Serverless');
    expect(() => serviceModel('Lambda')).toThrow(/no botocore model for the SDK service "Lambda"/);
  });

  test('another installed botocore release fails clearly', () => {
    expect(() => checkBotocoreVersion(pinnedBotocoreVersion())).not.toThrow();
    expect(() => checkBotocoreVersion('1.0.0')).toThrow(
      `botocore 1.0.0 is installed, but the request validation checks against AWS's models of botocore ${pinnedBotocoreVersion()} (scripts/ensure-python-tools.sh)`);
  });

  test.each([
    ['a valid request', { service: 'Redshift Serverless', call: 'CreateSnapshot', input: { namespaceName: 'analytics', snapshotName: 's', tags: tags(2) } }, []],
    ['a missing required member', { service: 'Redshift Serverless', call: 'CreateSnapshot', input: { snapshotName: 's' } },
      ['Redshift Serverless CreateSnapshot: input.namespaceName: is required by CreateSnapshotRequest']],
    ['an unknown member', { service: 'Redshift', call: 'DeleteClusterSnapshot', input: { SnapshotIdentifier: 's', Force: true } },
      [expect.stringMatching(/^Redshift DeleteClusterSnapshot: input.Force = true: is not a member of DeleteClusterSnapshotMessage/)]],
    ['a string over its maximum length', { service: 'Redshift Serverless', call: 'GetScheduledAction', input: { scheduledActionName: 'a'.repeat(61) } },
      [`Redshift Serverless GetScheduledAction: input.scheduledActionName = "${'a'.repeat(61)}": must be at most 60 characters, is 61 (shape ScheduledActionName)`]],
    ['a string under its minimum length', { service: 'DocDB Elastic', call: 'CreateClusterSnapshot', input: { clusterArn: 'a', snapshotName: '' } },
      [expect.stringMatching(/input.snapshotName = "": must be at least 1 characters, is 0/)]],
    ['a string against its pattern', { service: 'Redshift Serverless', call: 'GetScheduledAction', input: { scheduledActionName: 'Nightly_Run' } },
      [expect.stringMatching(/input.scheduledActionName = "Nightly_Run": must match \^\[a-z0-9-\]\+\$/)]],
    ['a number out of range', { service: 'DocDB Elastic', call: 'ListClusterSnapshots', input: { maxResults: 10 } },
      [expect.stringMatching(/input.maxResults = 10: must be at least 20 \(shape ListClusterSnapshotsInputMaxResultsInteger\)/)]],
    ['a value outside its enum', { service: 'Redshift', call: 'DescribeClusterSnapshots', input: { SortingEntities: [{ Attribute: 'NAME' }] } },
      [expect.stringMatching(/input.SortingEntities\[0\].Attribute = "NAME": must be one of /)]],
    ['a list over its maximum size', { service: 'Redshift Serverless', call: 'TagResource', input: { resourceArn: 'arn', tags: tags(201) } },
      [expect.stringMatching(/input.tags = .*: must have at most 200 items, has 201/), expect.stringMatching(/201 tags, but redshift-serverless allows at most 50/)]],
    ['a union with two members', {
      service: 'Redshift Serverless', call: 'UpdateScheduledAction', input: { scheduledActionName: 'nightly', schedule: { cron: 'cron(0 1 * * ? *)', at: new Date(0) } },
    }, [expect.stringMatching(/input.schedule = .*: a union \(Schedule\) must set exactly one member, sets 2/)]],
    ['a nested structure', {
      service: 'Redshift Serverless', call: 'UpdateScheduledAction', input: { scheduledActionName: 'nightly', targetAction: { createSnapshot: { namespaceName: 'analytics' } } },
    }, ['Redshift Serverless UpdateScheduledAction: input.targetAction.createSnapshot.snapshotNamePrefix: is required by CreateSnapshotScheduleActionParameters']],
    ['a map key against its pattern', { service: 'DocDB Elastic', call: 'TagResource', input: { resourceArn: 'arn', tags: { 'team name': 'x' } } },
      [expect.stringMatching(/input.tags key "team name" = "team name": must match \^\(\?!aws:\)/), expect.stringMatching(/key "team name": must match \^\(\?!aws:\).* \(ASCII letters/)]],
    ['an operation the service does not have', { service: 'Redshift', call: 'CreateSnapshot', input: {} },
      ['Redshift CreateSnapshot: the Redshift model has no operation CreateSnapshot']],
    ['a wrong type', { service: 'MemoryDB', call: 'DescribeSnapshots', input: { MaxResults: '5' } },
      ['MemoryDB DescribeSnapshots: input.MaxResults = "5": must be a number (shape IntegerOptional)']],
  ])('%s', (_name, request, expected) => {
    expect(requestViolations(request)).toEqual(expected);
  });
});

describe('AWS tag rules', () => {
  test('a Redshift tag value with a character outside letters, digits, whitespace and _ . : / = + - @ (the owner tag\'s old "#")', () => {
    expect(requestViolations({
      service: 'Redshift',
      call: 'CreateTags',
      input: { ResourceName: 'arn', Tags: [{ Key: 'cdk-db-snapshots:owner', Value: 'arn:aws:cloudformation:us-east-1:1:stack/s/1#Resource' }] },
    })).toEqual([expect.stringMatching(
      /^Redshift CreateTags: input.Tags\["cdk-db-snapshots:owner"\] = "arn:aws:cloudformation:us-east-1:1:stack\/s\/1#Resource": must match .* \(letters, digits, whitespace and _ . : \/ = \+ - @\)/)]);
    expect(requestViolations({
      service: 'Redshift',
      call: 'CreateTags',
      input: { ResourceName: 'arn', Tags: [{ Key: 'cdk-db-snapshots:owner', Value: 'arn:aws:cloudformation:us-east-1:1:stack/s/1/Resource' }] },
    })).toEqual([]);
  });

  test('51 tags on a Redshift Serverless snapshot (50 per resource), 50 pass', () => {
    expect(requestViolations({ service: 'Redshift Serverless', call: 'CreateSnapshot', input: { namespaceName: 'analytics', snapshotName: 's', tags: tags(51) } }))
      .toEqual([expect.stringMatching(/input.tags: 51 tags, but redshift-serverless allows at most 50 per resource \(Amazon Redshift Management Guide/)]);
    expect(requestViolations({ service: 'Redshift Serverless', call: 'CreateSnapshot', input: { namespaceName: 'analytics', snapshotName: 's', tags: tags(50) } }))
      .toEqual([]);
  });

  test('a key with the aws: prefix, a key too long, a value too long', () => {
    expect(requestViolations({
      service: 'MemoryDB',
      call: 'TagResource',
      input: { ResourceArn: 'arn', Tags: [{ Key: 'AWS:team', Value: 'x' }, { Key: 'k'.repeat(129), Value: 'x' }, { Key: 'k', Value: 'v'.repeat(257) }] },
    })).toEqual([
      expect.stringMatching(/key "AWS:team": must not start with "aws:"/),
      expect.stringMatching(/key "k{116}\.\.\.: must be 1 to 128 characters/),
      expect.stringMatching(/\["k"\] = "v{116}\.\.\.: must be at most 256 characters/),
    ]);
  });

  test('the tags of a scheduled action\'s snapshots, nested in targetAction', () => {
    expect(requestViolations({
      service: 'Redshift Serverless',
      call: 'CreateScheduledAction',
      input: {
        scheduledActionName: 'nightly',
        namespaceName: 'analytics',
        roleArn: 'arn',
        schedule: { cron: 'cron(0 1 * * ? *)' },
        targetAction: { createSnapshot: { namespaceName: 'analytics', snapshotNamePrefix: 'nightly', tags: tags(51) } },
      },
    })).toEqual([expect.stringMatching(/input.targetAction.createSnapshot.tags: 51 tags, but redshift-serverless allows at most 50/)]);
  });
});

describe('mocked clients', () => {
  const serverless = mockClient(RedshiftServerlessClient);

  test('a test that sends an invalid request on purpose says why', async () => {
    allowInvalidRequests('shows that the opt-out is per test and needs a reason');
    serverless.on(CreateSnapshotCommand).resolves({});
    await new RedshiftServerlessClient({ region: 'us-east-1' }).send(new CreateSnapshotCommand({ namespaceName: 'analytics', snapshotName: 's', tags: tags(51) }));
    expect(() => allowInvalidRequests(' ')).toThrow(/needs the reason/);
  });
});
