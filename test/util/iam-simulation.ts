// Evaluates the AWS requests a handler sent (its `send` log lines) against the synthesized role's identity
// policies with an IAM policy simulator (@cloud-copilot/iam-simulate): moto and the stand-ins answer every
// request, so this is where a request that AWS would deny fails a test.

import { runSimulation } from '@cloud-copilot/iam-simulate';
import { authorizationsOf, Authorization, RequestSite } from './iam-requests';
import { handlerRoleId, NamedPolicy, rolePolicies, SynthesizedTemplate, TEST_ENVIRONMENT } from './role-policies';

/** The IAM prefix of each SDK client's service id (what `send` logs as `service`). */
const IAM_PREFIX: Record<string, string> = {
  'Redshift': 'redshift',
  'Redshift Serverless': 'redshift-serverless',
  'MemoryDB': 'memorydb',
  'DocDB Elastic': 'docdb-elastic',
  'S3': 's3',
};

/**
 * The default key policy of a KMS key (AWS KMS developer guide, "Default key policy"): it gives the account
 * full access to the key, which is what lets the IAM policies of the account's roles grant use of the key.
 */
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${TEST_ENVIRONMENT.account}:root` },
    Action: 'kms:*',
    Resource: '*',
  }],
};

/** A request as `send` logs it. */
export interface LoggedRequest {
  readonly service: string;
  readonly region: string;
  readonly call: string;
  readonly input: Record<string, unknown>;
}

/** The requests among a handler's log lines. */
export function loggedRequests(logLines: string[]): LoggedRequest[] {
  return logLines.flatMap((line) => {
    try {
      const entry = JSON.parse(line);
      return typeof entry.call === 'string' && typeof entry.service === 'string' ? [entry as LoggedRequest] : [];
    } catch {
      return [];
    }
  });
}

/** The role a handler runs with, as IAM sees it once deployed. */
export class HandlerRole {
  /** The shared handler role of the template's stack. */
  public static of(template: SynthesizedTemplate): HandlerRole {
    const roleId = handlerRoleId(template);
    return new HandlerRole(`arn:aws:iam::${TEST_ENVIRONMENT.account}:role/${roleId}`, rolePolicies(template, roleId));
  }

  private constructor(public readonly principal: string, public readonly policies: NamedPolicy[]) {}

  /** A sentence for each authorization of `request` that IAM would not allow; empty when all are allowed. */
  public async denials(request: LoggedRequest): Promise<string[]> {
    const service = IAM_PREFIX[request.service];
    if (!service) return [`${request.call}: no IAM prefix for the SDK service "${request.service}" in test/util/iam-simulation.ts`];
    const site: RequestSite = { partition: TEST_ENVIRONMENT.partition, account: TEST_ENVIRONMENT.account, region: request.region };
    const denials: string[] = [];
    for (const authorization of authorizationsOf(service, request.call, request.input, site)) {
      const outcome = await this.evaluate(authorization);
      if (outcome !== 'Allowed') {
        denials.push(`${request.service} ${request.call} in ${request.region}: ${authorization.action} on ${authorization.resource} `
          + `${JSON.stringify(authorization.context ?? {})} is ${outcome} by the policies ${this.policies.map((policy) => policy.name).join(', ')}`);
      }
    }
    return denials;
  }

  private async evaluate(authorization: Authorization): Promise<string> {
    const result = await runSimulation({
      request: {
        principal: this.principal,
        action: authorization.action,
        resource: { resource: authorization.resource, accountId: TEST_ENVIRONMENT.account },
        contextVariables: authorization.context ?? {},
      },
      identityPolicies: this.policies.map((policy) => ({ name: policy.name, policy: policy.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // A KMS key allows nothing unless its key policy does: the default key policy lets IAM policies decide.
      resourcePolicy: authorization.action.startsWith('kms:') ? DEFAULT_KEY_POLICY : undefined,
    }, {});
    if (result.resultType === 'error') return `not simulated (${JSON.stringify(result.errors)})`;
    return result.overallResult;
  }
}
