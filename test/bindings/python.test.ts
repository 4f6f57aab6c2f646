// The Python binding, built and used: in a fresh virtual environment, install aws-cdk-lib, constructs and
// the wheel the build just made (dist/python, from `npx projen package:python`, a step of the test task),
// run test/bindings/app.py, and compare its custom resources with those of the same app in TypeScript.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { bindingsStack, customResources } from './app';
import { KIND_NAMES, KINDS } from '../../lib/handler-properties/kinds';

const ROOT = path.join(__dirname, '..', '..');
const PYTHON = process.env.PYTHON ?? 'python3';
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CDK_VERSION: string = PACKAGE.devDependencies['aws-cdk-lib'];
const CONSTRUCTS_VERSION: string = PACKAGE.devDependencies.constructs;

test('a Python app using every construct synthesizes the same custom resources as the TypeScript app', () => {
  const wheels = fs.existsSync(path.join(ROOT, 'dist', 'python'))
    ? fs.readdirSync(path.join(ROOT, 'dist', 'python')).filter((file) => file.endsWith('.whl')) : [];
  if (wheels.length !== 1) {
    throw new Error(`expected one wheel in dist/python, found ${wheels.length}: run \`npx projen compile && npx projen package:python\``);
  }
  const venv = path.join(ROOT, '.tmp', 'python-binding-venv');
  execFileSync(PYTHON, ['-m', 'venv', '--clear', venv], { stdio: 'inherit' });
  const pip = path.join(venv, 'bin', 'pip');
  execFileSync(pip, ['install', '--quiet', '--disable-pip-version-check',
    `aws-cdk-lib==${CDK_VERSION}`, `constructs==${CONSTRUCTS_VERSION}`, path.join(ROOT, 'dist', 'python', wheels[0])], { stdio: 'inherit' });

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-python-'));
  execFileSync(path.join(venv, 'bin', 'python'), [path.join(__dirname, 'app.py')], {
    // jsii's Node version notices: the test command says once which Node versions are supported.
    env: { ...process.env, CDK_OUTDIR: outdir, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.versions.node.split('.')[0] },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const fromPython = JSON.parse(fs.readFileSync(path.join(outdir, 'Bindings.template.json'), 'utf8'));
  const fromTypeScript = Template.fromStack(bindingsStack(new App())).toJSON();

  const python = customResources(fromPython);
  // Every kind, so that a construct added to the library cannot be left out of the bindings' apps.
  const types = new Set(Object.values(python).map((resource) => resource.Type));
  expect([...types].sort()).toEqual(KIND_NAMES.map((kind) => KINDS[kind].resourceType).sort());
  expect(Object.keys(python).length).toBe(8);
  expect(python).toEqual(customResources(fromTypeScript as any));
}, 600_000);
