// CloudFormation events as the Provider framework hands them to our handlers: every property a string.

import type { IsCompleteRequest, OnEventRequest, RequestType } from '../../lambda/shared/framework';

/** CloudFormation turns every resource property into a string ("7", "true"); so does this. */
export function asCloudFormationStrings(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[key] = value.map((item) => (typeof item === 'object' ? asCloudFormationStrings(item) : String(item)));
    else if (typeof value === 'object') out[key] = asCloudFormationStrings(value as Record<string, unknown>);
    else out[key] = String(value);
  }
  return out;
}

export interface EventOptions {
  readonly physicalResourceId?: string;
  readonly oldProperties?: Record<string, unknown>;
  readonly startedAt?: string;
  readonly resourceType?: string;
}

export function onEventRequest(requestType: RequestType, properties: Record<string, unknown>, options: EventOptions = {}): OnEventRequest {
  return {
    RequestType: requestType,
    RequestId: `request-${Math.random().toString(16).slice(2)}`,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/test/abc',
    LogicalResourceId: 'Resource',
    ResourceType: options.resourceType ?? 'Custom::Test',
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/SECRET-PRESIGNED',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent',
    PhysicalResourceId: options.physicalResourceId,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:framework-onEvent', ...asCloudFormationStrings(properties) },
    OldResourceProperties: options.oldProperties ? asCloudFormationStrings(options.oldProperties) : undefined,
  };
}

export function isCompleteRequest(
  requestType: RequestType,
  properties: Record<string, unknown>,
  options: EventOptions & { physicalResourceId: string },
): IsCompleteRequest {
  return {
    ...onEventRequest(requestType, properties, options),
    PhysicalResourceId: options.physicalResourceId,
    Data: { StartedAt: options.startedAt ?? new Date().toISOString() },
  };
}

/** What an isComplete test may vary: the properties before an Update, and when the work started. */
export interface CompleteOptions {
  readonly old?: Record<string, unknown>;
  readonly startedAt?: string;
}

/** The isComplete event for `properties` of the resource `physicalResourceId`. */
export function completeEvent(
  requestType: RequestType,
  properties: Record<string, unknown>,
  physicalResourceId: string,
  options: CompleteOptions = {},
): IsCompleteRequest {
  return isCompleteRequest(requestType, properties, { physicalResourceId, oldProperties: options.old, startedAt: options.startedAt });
}
