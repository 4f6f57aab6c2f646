import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { addRedshiftExample } from './redshift';
import { addServerlessExample } from './serverless';
import { addServerlessSnapshotCopyExample } from './serverless-snapshot-copy';
import { addServerlessSnapshotScheduleExample } from './serverless-snapshot-schedule';
import { addSnapshotCopyJobExample } from './snapshot-copy-job';

/** Every construct of the library, as the README shows it. Each construct's example lives in its own file. */
export class ExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    addRedshiftExample(this);
    const namespace = addServerlessExample(this);
    addServerlessSnapshotCopyExample(this, namespace);
    addSnapshotCopyJobExample(this);
    addServerlessSnapshotScheduleExample(this);
  }
}
