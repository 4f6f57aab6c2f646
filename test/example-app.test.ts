// The example app of cdk.json (every construct of the library) passes cfn-lint: no errors and no warnings, W3005
// included (a DependsOn that a GetAtt already implies, which aws-cdk-lib's Function and state machine write for their
// role; the library leaves it out of its resources). cfn-lint comes from scripts/ensure-python-tools.sh, run by the
// test task.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ExampleStack } from '../example/example-stack';

function synthesizeExample(): string {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-example-')) });
  const stack = new ExampleStack(app, 'CdkDbSnapshotsExample', { env: { account: '123456789012', region: 'us-east-1' } });
  const assembly = app.synth();
  return path.join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile);
}

function cfnLint(templateFile: string): { status: number; output: string } {
  const python = process.env.PYTHON ?? 'python3';
  try {
    const output = execFileSync(python, ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())', '--format', 'parseable', '--', templateFile], { encoding: 'utf8' });
    return { status: 0, output };
  } catch (error) {
    const failure = error as { status: number; stdout?: string; stderr?: string };
    return { status: failure.status, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

test('cfn-lint finds nothing in the example app template', () => {
  const result = cfnLint(synthesizeExample());
  expect(result.output).toBe('');
  expect(result.status).toBe(0);
});

test('cfn-lint is real: it reports a broken template', () => {
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-')), 'broken.json');
  fs.writeFileSync(broken, JSON.stringify({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs99.x' } } } }));
  const result = cfnLint(broken);
  expect(result.status).not.toBe(0);
  expect(result.output).toMatch(/E\d{4}/);
});

test.each(fs.readdirSync(__dirname).filter((entry) => entry.endsWith('.ts.snapshot')))('cfn-lint finds no error in the templates of %s', (snapshotDir) => {
  const templates = fs.readdirSync(path.join(__dirname, snapshotDir)).filter((file) => file.endsWith('.template.json'));
  expect(templates.length).toBeGreaterThanOrEqual(2); // the test stack and its assertions stack
  for (const template of templates) {
    const result = cfnLint(path.join(__dirname, snapshotDir, template));
    expect(result.output.split('\n').filter((line) => /:E\d{4}:/.test(line))).toEqual([]);
  }
});
