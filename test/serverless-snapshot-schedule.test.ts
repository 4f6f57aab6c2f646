import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { Construct } from 'constructs';
import { ServerlessSchedule, ServerlessSnapshotSchedule, ServerlessSnapshotScheduleProps, SnapshotRetention } from '../lib';
import { templateForSnapshot } from './util/snapshot';

const RESOURCE_TYPE = 'Custom::RedshiftServerlessSnapshotSchedule';
const NAMESPACE_ARN = 'arn:aws:redshift-serverless:us-east-1:123456789012:namespace/0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7';

function stackIn(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function schedule(props: Partial<ServerlessSnapshotScheduleProps> = {}, stack = stackIn()): Stack {
  new ServerlessSnapshotSchedule(stack, 'Nightly', { namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }), ...props });
  return stack;
}

const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:redshift-serverless:us-east-1:123456789012:${resource}`]] });

describe('custom resource properties', () => {
  test('defaults: a generated name that is also the prefix, kept indefinitely, enabled, the role of the construct, deleted on removal', () => {
    const template = Template.fromStack(schedule());
    template.hasResourceProperties(RESOURCE_TYPE, {
      ScheduledActionName: Match.stringLikeRegexp('^stack-nightly-[a-z0-9-]+$'),
      NamespaceName: 'analytics',
      ScheduleCron: '(0 3 * * ? *)',
      ScheduleAt: Match.absent(),
      RetentionPeriod: -1,
      Tags: [],
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlySchedulerRole'), 'Arn'] },
      Enabled: true,
      StartTime: Match.absent(),
      EndTime: Match.absent(),
      Description: Match.absent(),
      RemovalPolicy: 'destroy',
    });
    const [resource] = Object.values(template.findResources(RESOURCE_TYPE));
    expect(resource.Properties.ScheduledActionName).toMatch(/^[a-z0-9-]{3,40}$/);
    expect(resource.Properties.SnapshotNamePrefix).toBe(resource.Properties.ScheduledActionName);
  });

  test('the default prefix is the scheduled action\'s name when that has at most 40 characters, a 40-character name otherwise', () => {
    const prefixOf = (scheduledActionName: string) => {
      const [resource] = Object.values(Template.fromStack(schedule({ scheduledActionName })).findResources(RESOURCE_TYPE));
      return resource.Properties.SnapshotNamePrefix as string;
    };
    expect(prefixOf('n'.repeat(40))).toBe('n'.repeat(40));
    const long = prefixOf('n'.repeat(41));
    expect(long).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
    expect(long).not.toBe('n'.repeat(41));
  });

  test('a generated scheduled action name of more than 40 characters (a long construct path) gives a prefix of at most 40', () => {
    const stack = stackIn();
    const deep = new Construct(new Construct(stack, 'AnalyticsWarehouseProduction'), 'NightlySnapshotsOfTheNamespace');
    new ServerlessSnapshotSchedule(deep, 'Nightly', { namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0', hour: '3' }) });
    const [resource] = Object.values(Template.fromStack(stack).findResources(RESOURCE_TYPE));
    expect(resource.Properties.ScheduledActionName.length).toBeGreaterThan(40);
    expect(resource.Properties.SnapshotNamePrefix).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
  });

  test('every prop reaches the handler', () => {
    Template.fromStack(schedule({
      scheduledActionName: 'nightly',
      snapshotNamePrefix: 'analytics-nightly',
      schedule: ServerlessSchedule.at(new Date('2026-12-24T18:00:00Z')),
      retention: SnapshotRetention.days(14),
      tags: { team: 'analytics' },
      enabled: false,
      startTime: new Date('2026-12-01T00:00:00Z'),
      endTime: new Date('2027-12-01T00:00:00Z'),
      description: 'nightly snapshots',
      removalPolicy: RemovalPolicy.RETAIN,
    })).hasResourceProperties(RESOURCE_TYPE, {
      ScheduledActionName: 'nightly',
      SnapshotNamePrefix: 'analytics-nightly',
      ScheduleCron: Match.absent(),
      ScheduleAt: '2026-12-24T18:00:00.000Z',
      RetentionPeriod: 14,
      Tags: [{ key: 'team', value: 'analytics' }],
      Enabled: false,
      StartTime: '2026-12-01T00:00:00.000Z',
      EndTime: '2027-12-01T00:00:00.000Z',
      Description: 'nightly snapshots',
      RemovalPolicy: 'retain',
    });
  });

  test('a new namespace gives a new default name (a new action: an action cannot move to another namespace)', () => {
    const name = (namespaceName: string) =>
      Object.values(Template.fromStack(schedule({ namespaceName })).findResources(RESOURCE_TYPE))[0].Properties.ScheduledActionName;
    expect(name('analytics')).not.toBe(name('reporting'));
  });

  test('works with the L1 namespace; the name is an attribute', () => {
    const stack = stackIn();
    const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'analytics' });
    const nightly = new ServerlessSnapshotSchedule(stack, 'Nightly', {
      namespaceName: namespace.attrNamespaceNamespaceName,
      namespaceArn: namespace.attrNamespaceNamespaceArn,
      schedule: ServerlessSchedule.expression('(0 3 * * ? *)'),
    });
    Template.fromStack(stack).hasResourceProperties(RESOURCE_TYPE, { NamespaceName: { 'Fn::GetAtt': ['Namespace', 'Namespace.NamespaceName'] } });
    expect(stack.resolve(nightly.scheduledActionName)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Nightly/), 'ScheduledActionName'] });
  });
});

describe('ServerlessSchedule', () => {
  test.each<[string, ServerlessSchedule, string]>([
    ['daily', ServerlessSchedule.cron({ minute: '0', hour: '3' }), '(0 3 * * ? *)'],
    ['weekly', ServerlessSchedule.cron({ minute: '30', hour: '1', weekDay: 'SUN' }), '(30 1 ? * SUN *)'],
    ['monthly', ServerlessSchedule.cron({ minute: '0', hour: '0', day: '1' }), '(0 0 1 * ? *)'],
    ['hourly', ServerlessSchedule.cron({ minute: '15' }), '(15 * * * ? *)'],
    ['an expression', ServerlessSchedule.expression('(0 8 1W * ? 2027)'), '(0 8 1W * ? 2027)'],
  ])('%s, in Redshift Serverless\'s format', (_case, value, expression) => {
    expect(value.cronExpression).toBe(expression);
    expect(value.atTime).toBeUndefined();
  });
});

describe('validation at synth time', () => {
  test.each<[string, Partial<ServerlessSnapshotScheduleProps>, RegExp]>([
    ['a namespace name with uppercase', { namespaceName: 'Analytics' }, /Stack\/Nightly: invalid namespaceName "Analytics": must be 3 to 64 lowercase letters, digits or hyphens/],
    ['an action name of 61 characters', { scheduledActionName: 'a'.repeat(61) }, /invalid scheduledActionName "a{61}": must be 3 to 60/],
    ['an action name of 2 characters', { scheduledActionName: 'ab' }, /invalid scheduledActionName "ab"/],
    ['an action name with an underscore', { scheduledActionName: 'nightly_snapshots' }, /invalid scheduledActionName "nightly_snapshots"/],
    // A snapshot name has at most 64 characters, and AWS appends a date and time of undocumented format: 24 are kept for it.
    ['a prefix of 41 characters', { snapshotNamePrefix: 'p'.repeat(41) },
      /Stack\/Nightly: invalid snapshotNamePrefix "p{41}": must be 1 to 40 lowercase letters, digits or hyphens \(a snapshot name has at most 64 characters, and Redshift Serverless appends the date and time to the prefix\)/],
    ['a prefix with a dot', { snapshotNamePrefix: 'nightly.' }, /invalid snapshotNamePrefix "nightly\."/],
    ['a namespace ARN of another service', { namespaceArn: 'arn:aws:redshift:us-east-1:123456789012:namespace:x' }, /invalid namespaceArn .*must be a Redshift Serverless namespace ARN/],
    ['a minute of every minute', { schedule: ServerlessSchedule.cron({ hour: '3' }) }, /invalid schedule "\(\* 3 \* \* \? \*\)": the minute must be one number .*at least one hour apart/],
    ['a minute range', { schedule: ServerlessSchedule.expression('(0-30 3 * * ? *)') }, /the minute must be one number/],
    ['an hour of 24', { schedule: ServerlessSchedule.expression('(0 24 * * ? *)') }, /the hour field "24" is not valid: values 0-23/],
    ['a month name that does not exist', { schedule: ServerlessSchedule.expression('(0 3 1 FOO ? *)') }, /the month field "FOO" is not valid: values 1-12 or JAN-DEC/],
    ['W in the day of the week', { schedule: ServerlessSchedule.expression('(0 3 ? * 2W *)') }, /the weekDay field "2W" is not valid/],
    ['a year before 1970', { schedule: ServerlessSchedule.expression('(0 3 * * ? 1969)') }, /the year field "1969" is not valid: values 1970-2199/],
    ['both day fields', { schedule: ServerlessSchedule.expression('(0 3 * * MON *)') }, /exactly one of day-of-month \("\*"\) and day-of-week \("MON"\) must be "\?"/],
    ['five fields', { schedule: ServerlessSchedule.expression('(0 3 * * ?)') }, /the expression has 5 fields, not 6/],
    ['no parentheses', { schedule: ServerlessSchedule.expression('0 3 * * ? *') }, /must be six fields in parentheses/],
    ['a rate', { schedule: ServerlessSchedule.expression('rate(1 day)') }, /rate expressions are not supported/],
    ['an at time with milliseconds', { schedule: ServerlessSchedule.at(new Date('2026-12-24T18:00:00.500Z')) }, /invalid schedule .*whole seconds/],
    ['an end before the start', { startTime: new Date('2027-01-01T00:00:00Z'), endTime: new Date('2026-01-01T00:00:00Z') }, /invalid endTime "2026-01-01T00:00:00.000Z": must be after startTime \(2027-01-01T00:00:00.000Z\)/],
    ['an end equal to the start', { startTime: new Date('2027-01-01T00:00:00Z'), endTime: new Date('2027-01-01T00:00:00Z') }, /invalid endTime/],
    ['51 tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, /invalid tags "51 tags": at most 50 tags are allowed per resource/],
    ['a value of 257 characters', { tags: { k: 'v'.repeat(257) } }, /invalid value of tag "k" "v{257}": must be at most 256 characters/],
    ['a tag key with the aws: prefix', { tags: { 'aws:x': 'v' } }, /invalid tag key "aws:x"/],
    ['a # in a tag value ("Unicode letters, digits, white space, and ... _ . : / = + - @")', { tags: { team: 'data#1' } }, /invalid value of tag "team" "data#1": must match/],
    ['a removal policy of SNAPSHOT', { removalPolicy: RemovalPolicy.SNAPSHOT }, /invalid removalPolicy/],
  ])('%s is rejected', (_case, props, message) => {
    expect(() => schedule(props)).toThrow(message);
  });

  test.each<[string, Partial<ServerlessSnapshotScheduleProps>]>([
    ['an action name of 3 and of 60 characters', { scheduledActionName: 'a'.repeat(60), snapshotNamePrefix: 'p' }],
    ['a prefix of 40 characters', { snapshotNamePrefix: 'p'.repeat(40) }],
    ['every hour at minute 0', { schedule: ServerlessSchedule.expression('(0 * * * ? *)') }],
    ['ranges, lists, increments, L, W and #', { schedule: ServerlessSchedule.expression('(5 0/6 ? JAN-MAR,DEC 2#3 2027-2030)') }],
    ['the last day of the month and the weekday nearest the 15th', { schedule: ServerlessSchedule.expression('(0 3 L * ? *)') }],
    ['50 tags', { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }],
    ['a start without an end', { startTime: new Date('2027-01-01T00:00:00Z') }],
  ])('%s is accepted', (_case, props) => {
    expect(() => schedule(props)).not.toThrow();
  });

  test('tokens are left to AWS', () => {
    const stack = stackIn();
    const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'analytics' });
    expect(() => schedule({
      namespaceName: namespace.attrNamespaceNamespaceName, namespaceArn: namespace.attrNamespaceNamespaceArn, scheduledActionName: namespace.ref,
    }, stack)).not.toThrow();
  });
});

describe('permissions', () => {
  test('the scheduler role trusts scheduler.redshift.amazonaws.com and may create snapshots of the namespace only', () => {
    const template = Template.fromStack(schedule({ namespaceArn: NAMESPACE_ARN, tags: { team: 'analytics' } }));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.redshift.amazonaws.com' } }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NightlySchedulerRole') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'redshift-serverless:CreateSnapshot', Resource: [NAMESPACE_ARN, arn('snapshot/*')] },
          { Effect: 'Allow', Action: 'redshift-serverless:TagResource', Resource: arn('snapshot/*') },
        ],
      },
    });
  });

  test('without namespaceArn: the namespaces of the stack\'s account and region; without tags, TagResource all the same (Tags.of may add tags later)', () => {
    Template.fromStack(schedule()).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NightlySchedulerRole') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'redshift-serverless:CreateSnapshot', Resource: [arn('namespace/*'), arn('snapshot/*')] },
          { Effect: 'Allow', Action: 'redshift-serverless:TagResource', Resource: arn('snapshot/*') },
        ],
      },
    });
  });

  test('the handler may pass exactly the scheduler role, to Redshift Serverless only, and create the action on the namespace', () => {
    Template.fromStack(schedule({ namespaceArn: NAMESPACE_ARN })).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Action: ['redshift-serverless:CreateScheduledAction', 'redshift-serverless:CreateSnapshot'], Resource: NAMESPACE_ARN },
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlySchedulerRole'), 'Arn'] },
            Condition: Match.absent(),
          },
        ]),
      },
    });
  });

  test('a role of the user\'s: no role made, that role passed', () => {
    const stack = stackIn();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/snapshots');
    schedule({ role }, stack);
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('Nightly'))).toEqual([]);
    template.hasResourceProperties(RESOURCE_TYPE, { RoleArn: 'arn:aws:iam::123456789012:role/snapshots' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/snapshots' })]) },
    });
  });

  test('the shared role: Get/Update/DeleteScheduledAction on "*" (no resource types), CreateSnapshot on the account\'s snapshots', () => {
    Template.fromStack(schedule()).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['redshift-serverless:GetScheduledAction', 'redshift-serverless:UpdateScheduledAction', 'redshift-serverless:DeleteScheduledAction'],
            Resource: '*',
          },
          { Effect: 'Allow', Action: 'redshift-serverless:CreateSnapshot', Resource: arn('snapshot/*') },
        ]),
      },
    });
  });

  test('three schedules share one provider', () => {
    const stack = stackIn();
    for (const name of ['one', 'two', 'three']) {
      new ServerlessSnapshotSchedule(stack, name, { namespaceName: 'analytics', schedule: ServerlessSchedule.cron({ minute: '0' }) });
    }
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(stack).resourceCountIs(RESOURCE_TYPE, 3);
  });
});

test('template snapshot', () => {
  expect(templateForSnapshot(schedule({
    scheduledActionName: 'nightly', snapshotNamePrefix: 'nightly', retention: SnapshotRetention.days(14), tags: { team: 'analytics' },
  }))).toMatchSnapshot();
});
