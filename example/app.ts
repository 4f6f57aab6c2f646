// The example app of cdk.json: one stack that uses every construct of the library.
// `npx projen synth:example` (the README's main command) bundles the handlers and synthesizes it offline.

import { App } from 'aws-cdk-lib';
import { ExampleStack } from './example-stack';

const app = new App();
new ExampleStack(app, 'CdkDbSnapshotsExample', { env: { account: '123456789012', region: 'us-east-1' } });
app.synth();
