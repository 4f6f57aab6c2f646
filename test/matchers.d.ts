// Types of the aws-sdk-client-mock-jest matchers, which jest loads as a setup file (see .projenrc.ts).
/// <reference types="aws-sdk-client-mock-jest" />
