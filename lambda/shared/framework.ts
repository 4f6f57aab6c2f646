// The events the aws-cdk-lib/custom-resources Provider framework sends to user handlers, and what they return.
// Our own copy of the types: a handler never imports aws-cdk-lib.

export type RequestType = 'Create' | 'Update' | 'Delete';

/** Resource properties as CloudFormation delivers them: every value a string. */
export type RawProperties = { readonly [key: string]: unknown };

export interface OnEventRequest {
  readonly RequestType: RequestType;
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  /** Pre-signed: never log it. */
  readonly ResponseURL?: string;
  readonly ServiceToken?: string;
  /** Absent on Create. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: RawProperties;
  /** Update only. */
  readonly OldResourceProperties?: RawProperties;
}

export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string | number>;
}

/** The onEvent request merged with what onEvent returned. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, unknown>;
}

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  /** Only allowed with IsComplete: true. */
  readonly Data?: Record<string, string | number>;
}
