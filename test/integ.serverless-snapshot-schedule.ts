// Integration test: deploys with an AWS account (integ-runner), verified offline against its snapshot.
import { App } from 'aws-cdk-lib';
import { serverlessSnapshotScheduleApp } from './integ-apps';

const app = new App();
serverlessSnapshotScheduleApp(app);
app.synth();
