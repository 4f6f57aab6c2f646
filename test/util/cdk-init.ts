// A new app as `cdk init app --language typescript` makes it, offline (`--generate-only`: no git, no npm install),
// with the CDK CLI this project pins: its files, and the feature flags its cdk.json turns on. Tests take the flags
// from here, never typed by hand, so that a newer CLI's flags reach them with the CLI upgrade.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const CLI = path.join(__dirname, '..', '..', 'node_modules', 'aws-cdk', 'bin', 'cdk');

/** Makes the app in a new folder `<parent>/<name>` (a new temporary parent by default) and returns the folder. */
export function cdkInitApp(name = 'userapp', parent = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-init-'))): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [CLI, 'init', 'app', '--language', 'typescript', '--generate-only'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  return dir;
}

/** The context (feature flags) of the cdk.json that `cdk init` writes. */
export function cdkInitContext(): Record<string, unknown> {
  const dir = cdkInitApp();
  const context = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8')).context;
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  return context;
}
