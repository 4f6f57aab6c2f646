import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { SnapshotValidationError } from './private/validation';

/** How long the shared handler's logs are kept unless `HandlerLogs.setRetention` says otherwise. */
const DEFAULT_RETENTION = logs.RetentionDays.ONE_YEAR;
/** The id of the construct under the stack that holds the chosen retention (never static state). */
const SETTINGS_ID = 'CdkDbSnapshotsHandlerLogs';

/**
 * Where the handler of this library's constructs logs, and for how long.
 *
 * Every construct of this library in a stack is served by one shared handler (one Lambda function and a
 * Step Functions waiter), which writes one JSON line per event and per AWS call to one log group of the stack:
 * each construct's `handlerLogGroup`. The waiter's state transitions go there too. It keeps its logs for one
 * year unless `setRetention` chooses otherwise.
 *
 * @example
 * import * as logs from 'aws-cdk-lib/aws-logs';
 * import { HandlerLogs } from 'cdk-db-snapshots';
 *
 * declare const snapshot: ClusterSnapshot;
 * // Keep the shared handler's logs for three months, and print where they are when the stack is deployed.
 * HandlerLogs.setRetention(this, logs.RetentionDays.THREE_MONTHS);
 * new CfnOutput(this, 'HandlerLogGroup', { value: snapshot.handlerLogGroup.logGroupName });
 */
export class HandlerLogs {
  /**
   * Keeps the shared handler's logs of the stack of `scope` (its one log group) for `retention`. Works before or
   * after the stack's constructs are created. Choosing two different retentions for one stack is an error.
   *
   * @param scope any construct of the stack
   * @param retention how long CloudWatch Logs keeps the log events
   */
  public static setRetention(scope: IConstruct, retention: logs.RetentionDays): void {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(SETTINGS_ID);
    if (existing instanceof HandlerLogSettings) {
      if (existing.retention !== retention) {
        throw new SnapshotValidationError(scope, 'HandlerLogs.setRetention retention', retention,
          `must be the same for the whole stack: ${existing.retentionSetBy} already chose ${existing.retention} days `
          + '(one shared handler serves every construct of this library in a stack)');
      }
      return;
    }
    new HandlerLogSettings(stack, SETTINGS_ID, retention, scope.node.path);
  }

  /**
   * The retention in days of the shared handler's logs of the stack of `scope` (`RetentionDays.ONE_YEAR` unless
   * `setRetention` chose another).
   *
   * @param scope any construct of the stack
   */
  public static retentionOf(scope: IConstruct): logs.RetentionDays {
    const settings = Stack.of(scope).node.tryFindChild(SETTINGS_ID);
    return settings instanceof HandlerLogSettings ? settings.retention : DEFAULT_RETENTION;
  }

  private constructor() {}
}

/** The retention chosen for one stack: a child of the stack, so it is found again and never outlives its app. */
class HandlerLogSettings extends Construct {
  constructor(scope: Stack, id: string, public readonly retention: logs.RetentionDays, public readonly retentionSetBy: string) {
    super(scope, id);
  }
}
