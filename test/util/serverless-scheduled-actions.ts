// A stand-in for the scheduled actions of Redshift Serverless (moto does not implement the service): a loopback
// endpoint that keeps the actions' state and answers CreateScheduledAction, GetScheduledAction,
// UpdateScheduledAction, DeleteScheduledAction and ListScheduledActions with the Request and Response Syntax of the
// Redshift Serverless API Reference (awsJson 1.1; timestamps as epoch seconds), and with the errors those operations
// document: ResourceNotFoundException for an unknown action or namespace, ConflictException and ValidationException.
// It records every request, so tests can check what the real SDK client sent.

import { RecordedRequest, RecordingEndpoint } from './recording-endpoint';

/** A scheduled action as the stand-in keeps it: the fields of ScheduledActionResponse. */
export interface StandInAction {
  scheduledActionName: string;
  namespaceName: string;
  schedule: { cron?: string; at?: number };
  roleArn: string;
  state: 'ACTIVE' | 'DISABLED';
  startTime?: number;
  endTime?: number;
  scheduledActionDescription?: string;
  targetAction: {
    createSnapshot: { namespaceName: string; snapshotNamePrefix: string; retentionPeriod?: number; tags?: Array<{ key: string; value: string }> };
  };
  scheduledActionUuid: string;
}

export class ServerlessScheduledActionsStandIn {
  public static async start(namespaces: string[]): Promise<ServerlessScheduledActionsStandIn> {
    const standIn = new ServerlessScheduledActionsStandIn(namespaces);
    standIn.endpoint = await RecordingEndpoint.start((request) => standIn.answer(request));
    return standIn;
  }

  /** The actions, by name. */
  public readonly actions = new Map<string, StandInAction>();
  /** Operations to fail once each with this error, in order: `{ operation: 'CreateScheduledAction', error: 'ConflictException' }`. */
  public readonly failures: Array<{ operation: string; error: string; message?: string }> = [];
  /**
   * Operations whose next request is carried out but answered with InternalServerException (HTTP 500, a documented
   * error of each): the answer a client loses when the connection breaks after the service acted.
   */
  public readonly lostAnswers: string[] = [];
  private endpoint!: RecordingEndpoint;
  private uuid = 0;

  private constructor(private readonly namespaces: string[]) {}

  public get url(): string {
    return this.endpoint.endpoint;
  }

  public get requests(): RecordedRequest[] {
    return this.endpoint.requests;
  }

  /** The bodies of every request of `operation`, in order. */
  public sent(operation: string): any[] {
    return this.requests.filter((request) => RecordingEndpoint.target(request) === operation).map((request) => request.body);
  }

  public async stop(): Promise<void> {
    await this.endpoint.stop();
  }

  private answer(request: RecordedRequest) {
    const operation = RecordingEndpoint.target(request);
    const lost = this.lostAnswers.indexOf(operation);
    if (lost >= 0) {
      this.lostAnswers.splice(lost, 1);
      this.act(operation, request);
      return { status: 500, body: { __type: 'InternalServerException', message: 'the connection broke' } };
    }
    return this.act(operation, request);
  }

  private act(operation: string, request: RecordedRequest) {
    const failure = this.failures.findIndex((candidate) => candidate.operation === operation);
    if (failure >= 0) {
      const [{ error, message }] = this.failures.splice(failure, 1);
      return { status: 400, body: { __type: error, message: message ?? `${operation} failed` } };
    }
    const body = request.body ?? {};
    const notFound = (what: string) => ({ status: 400, body: { __type: 'ResourceNotFoundException', message: `${what} not found` } });
    const found = this.actions.get(body.scheduledActionName);
    switch (operation) {
      case 'CreateScheduledAction': {
        if (!this.namespaces.includes(body.namespaceName)) return notFound(`namespace ${body.namespaceName}`);
        // The reference does not say what a name that exists answers; ConflictException is among the documented errors.
        if (found) return { status: 400, body: { __type: 'ConflictException', message: `scheduled action ${body.scheduledActionName} already exists` } };
        const action: StandInAction = {
          scheduledActionName: body.scheduledActionName,
          namespaceName: body.namespaceName,
          scheduledActionUuid: `uuid-${++this.uuid}`,
          ...settings(body),
        } as StandInAction;
        this.actions.set(action.scheduledActionName, action);
        return { status: 200, body: { scheduledAction: response(action) } };
      }
      case 'GetScheduledAction':
        return found ? { status: 200, body: { scheduledAction: response(found) } } : notFound(`scheduled action ${body.scheduledActionName}`);
      case 'UpdateScheduledAction': {
        if (!found) return notFound(`scheduled action ${body.scheduledActionName}`);
        const updated = { ...found, ...settings(body, found) };
        this.actions.set(found.scheduledActionName, updated);
        return { status: 200, body: { scheduledAction: response(updated) } };
      }
      case 'DeleteScheduledAction':
        if (!found) return notFound(`scheduled action ${body.scheduledActionName}`);
        this.actions.delete(found.scheduledActionName);
        return { status: 200, body: { scheduledAction: response(found) } };
      case 'ListScheduledActions':
        return {
          status: 200,
          body: {
            scheduledActions: [...this.actions.values()]
              .filter((action) => !body.namespaceName || action.namespaceName === body.namespaceName)
              .map((action) => ({ namespaceName: action.namespaceName, scheduledActionName: action.scheduledActionName })),
          },
        };
      default:
        return undefined;
    }
  }
}

/** The settings of a Create or Update request; an Update leaves what it does not send as it was. */
function settings(body: any, before?: StandInAction): Partial<StandInAction> {
  return {
    schedule: body.schedule ?? before?.schedule,
    roleArn: body.roleArn ?? before?.roleArn,
    state: body.enabled === undefined ? (before?.state ?? 'ACTIVE') : (body.enabled ? 'ACTIVE' : 'DISABLED'),
    startTime: body.startTime ?? before?.startTime,
    endTime: body.endTime ?? before?.endTime,
    scheduledActionDescription: body.scheduledActionDescription ?? before?.scheduledActionDescription,
    targetAction: body.targetAction ?? before?.targetAction,
  };
}

/** The ScheduledActionResponse of the Response Syntax. */
function response(action: StandInAction) {
  return {
    ...action,
    nextInvocations: action.schedule.at !== undefined ? [action.schedule.at] : [],
  };
}
