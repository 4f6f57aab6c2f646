// Integration test: deploys with an AWS account (integ-runner), verified offline against its snapshot.
import { App } from 'aws-cdk-lib';
import { serverlessSnapshotCopyApp } from './integ-apps';

const app = new App();
serverlessSnapshotCopyApp(app);
app.synth();
