// Integration test: deploys with an AWS account (integ-runner), verified offline against its snapshot.
import { App } from 'aws-cdk-lib';
import { serverlessSnapshotApp } from './integ-apps';

const app = new App();
serverlessSnapshotApp(app);
app.synth();
