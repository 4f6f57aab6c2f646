// What `npm pack` ships: the compiled library and its declarations, the jsii assembly and its translated
// examples, the bundled handlers, README, API.md and LICENSE; nothing else (no sources, tests, handler sources
// or cdk.out). Then the packages themselves, as the test command made them (`npx projen package:js` and
// `package:python`, steps before jest): every handler bundle inside, the wheel's README in Python, and the app a
// user has, outside the repository: made by the CDK CLI's own `cdk init` template (offline), with its feature flags,
// the npm tarball installed (offline), every construct, `Tags.of(app)`, cdk-nag 2.x and 3.x each applied as its
// README says, synthesized by the CLI, and cfn-lint on the result.
// Needs `npx projen compile` first (a step of the test task).

import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { bindingsStack, customResources } from './bindings/app';
import { cdkInitApp } from './util/cdk-init';
import { KIND_NAMES } from '../lib/handler-properties/kinds';
import { ON_DELETE_METADATA_KEY } from '../lib/private/deletion-policy';

const ROOT = path.join(__dirname, '..');
const PYTHON = process.env.PYTHON ?? 'python3';
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^API\.md$/, /^LICENSE$/, /^\.jsii$/, /^\.jsii\.tabl\.json$/,
  /^lib\/.+\.js$/, /^lib\/.+\.d\.ts$/,
  // The router and each kind's module beside it.
  /^assets\/lambda\/index\/(?:[a-z-]+\/)?index\.js$/,
];
/** The router's bundle and each kind's, which it requires on the kind's first event. */
const BUNDLES = ['assets/lambda/index/index.js', ...KIND_NAMES.map((kind) => `assets/lambda/index/${kind}/index.js`)].sort();

test('the npm package holds the library, declarations, .jsii, handler bundles and docs, and nothing else', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files: string[] = pack.files.map((file: { path: string }) => file.path);
  expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
  // .jsii.tabl.json: the translated examples, which the CI jobs making the other languages' packages read from this tarball.
  for (const required of ['.jsii', '.jsii.tabl.json', 'lib/index.js', 'lib/index.d.ts', 'README.md', 'API.md']) expect(files).toContain(required);
  const bundles = files.filter((file) => file.startsWith('assets/lambda/')).sort();
  // The router of the shared provider (lambda/index.ts), and every kind's module in a bundle of its own.
  expect(bundles).toEqual(BUNDLES);
  // eslint-disable-next-line no-console
  console.log(`npm package: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`);
});

test('the handler bundles carry the AWS SDK clients they call: each kind loads with no node_modules in reach (what runs in Lambda is what the tests ran)', () => {
  // Needs `npx projen bundle`. A bundle that left the SDK to the Lambda runtime fails here: its require of
  // @aws-sdk/client-* finds nothing. (The runtime's SDK is older than ours: `throwOnRequestTimeout` may not exist there.)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-bundle-'));
  fs.cpSync(path.join(ROOT, 'assets', 'lambda', 'index'), dir, { recursive: true });
  const { NODE_PATH: _nodePath, ...env } = process.env;
  // The router's exports, and each kind's module as the router loads it on the kind's first event.
  const exported = execFileSync(process.execPath, ['-e', 'const router = require("./index.js"); '
    + `for (const kind of ${JSON.stringify(KIND_NAMES)}) { const h = router.handlersOf(kind); if (typeof h.onEvent !== "function" || typeof h.isComplete !== "function") throw new Error(kind); }`
    + 'console.log(Object.keys(router).sort().join(","))'], {
    cwd: dir, env: { ...env, AWS_REGION: 'us-east-1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(exported.trim().split(',')).toEqual(expect.arrayContaining(['handler', 'isComplete', 'onEvent']));
});

/** The one artifact of a kind the test command's packaging steps left in dist/<language>. */
function artifact(language: string, suffix: string): string {
  const dir = path.join(ROOT, 'dist', language);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith(suffix)) : [];
  if (files.length !== 1) throw new Error(`expected one ${suffix} in dist/${language}, found ${files.length}: run \`npx projen package:${language}\``);
  return path.join(dir, files[0]);
}

/** Every handler bundle the build made (assets/<...>/index.js): each must be in every package. */
function handlerBundles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(file);
      else if (entry.name === 'index.js') found.push(file);
    }
  };
  walk('assets');
  return found.sort();
}

/** Reads the wheel with Python's own zipfile and tarfile: an implementation other than scripts/check-package.js. */
function readWheel(wheel: string): { embeddedTarball: string[]; description: string } {
  const script = [
    'import io, json, sys, tarfile, zipfile',
    'wheel = zipfile.ZipFile(sys.argv[1])',
    'tarballs = [name for name in wheel.namelist() if name.endswith(".tgz")]',
    'metadata = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")][0]',
    'listing = tarfile.open(fileobj=io.BytesIO(wheel.read(tarballs[0])), mode="r:gz").getnames() if len(tarballs) == 1 else []',
    'print(json.dumps({"embeddedTarball": listing, "description": wheel.read(metadata).decode("utf-8")}))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', script, wheel], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

describe('the packages the test command made', () => {
  test('every handler bundle is in the npm tarball and in the npm tarball the wheel embeds', () => {
    const bundles = handlerBundles();
    expect(bundles).toEqual(BUNDLES);
    const tarball = execFileSync('tar', ['-tzf', artifact('js', '.tgz')], { encoding: 'utf8' }).split('\n');
    const wheel = readWheel(artifact('python', '.whl')).embeddedTarball;
    for (const bundle of bundles) {
      expect(tarball).toContain(`package/${bundle}`);
      expect(wheel).toContain(`package/${bundle}`);
    }
  });

  test('the wheel\'s README shows every TypeScript example of README.md in Python', () => {
    const fences = (markdown: string) => [...markdown.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```/gm)].map(([, language, code]) => ({ language, code }));
    const readme = fences(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const wheel = fences(readWheel(artifact('python', '.whl')).description);
    const python = wheel.filter((block) => block.language === 'python');
    // Each TypeScript block translated (jsii-rosetta's tablet), plus README.md's own Python block.
    expect(python).toHaveLength(readme.filter((block) => ['ts', 'typescript', 'python'].includes(block.language)).length);
    expect(wheel.filter((block) => ['ts', 'typescript'].includes(block.language))).toEqual([]);
    for (const { code } of python) {
      // TypeScript left as it was would show `new`, `const` or statements ending in `;`.
      expect(code).not.toMatch(/\bnew [A-Z]|\bconst |;\s*$/m);
      // jsii-rosetta copies comments word for word: one written in TypeScript (a camelCase prop name, `true`, the `//`
      // of commented-out code) reads wrong in Python, so the README's comments say things in words.
      for (const [, comment] of code.matchAll(/#(.*)$/gm)) {
        expect(comment).not.toMatch(/\/\/|\b(?:true|false)\b|\b[a-z]+[A-Z]\w*/);
      }
    }
    expect(python.some(({ code }) => code.includes('ClusterSnapshot(self, '))).toBe(true);
  });

});

// ---------------------------------------------------------------------------------------------------------------
// The app a user has. Its dependencies are those of consumer/ (the aws-cdk-lib and constructs versions the CLI's init
// template names, cdk-nag 2.x and 3.x: `npx projen test:consumer-deps` installs them), linked, as installed
// packages; the library is the packed tarball. One install, three synths by the CLI: as `cdk init` left it, with
// cdk-nag 2.x, with cdk-nag 3.x.
// ---------------------------------------------------------------------------------------------------------------

const CONSUMER_MODULES = path.join(ROOT, 'consumer', 'node_modules');
const CLI = path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
/** The tag the app puts on everything with `Tags.of(app)`. */
const APP_TAG = { key: 'cost-center', value: '42' };
/** What the app adds to the bin file `cdk init` wrote, after its `new cdk.App()`; the way each tool's README says. */
const APP_ADDITIONS = `
// Added by the test: every construct of the library (test/bindings/app.ts), a tag on everything, and cdk-nag.
import { bindingsStack } from '../lib/every-construct';
bindingsStack(app);
cdk.Tags.of(app).add('${APP_TAG.key}', '${APP_TAG.value}');
if (process.env.NAG_MAJOR === '2') {
  // cdk-nag 2.x README: an aspect.
  const { AwsSolutionsChecks } = require('cdk-nag');
  cdk.Aspects.of(app).add(new AwsSolutionsChecks());
} else if (process.env.NAG_MAJOR === '3') {
  // cdk-nag 3.x README: a policy validation plugin.
  const { AwsSolutionsChecks } = require('cdk-nag3');
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
`;
/** The construct ids of the library's constructs in test/bindings/app.ts, and what they create in the stack. */
const OURS = ['Grant', 'Copy', 'BeforeMigration', 'Nightly', 'ExportSessions', 'CopyOrders', 'ServerlessDr', 'NightlySchedule',
  'CdkDbSnapshotsProvider'];
const isOurs = (constructPath: string) => OURS.includes(constructPath.replace(/^\//, '').split('/')[1]);

/** Whether a version is in a caret range (`^2.275.0`), the form of the versions `cdk init` writes. */
function satisfiesCaret(version: string, range: string): boolean {
  const parse = (text: string) => text.replace(/^\^/, '').split('-')[0].split('.').map(Number);
  const [have, want] = [parse(version), parse(range)];
  if (!range.startsWith('^') || have[0] !== want[0]) return false;
  for (let i = 1; i < 3; i++) if (have[i] !== want[i]) return have[i] > want[i];
  return true;
}

interface Synth {
  readonly status: number;
  readonly output: string;
  readonly outdir: string;
}

describe('the app a user has', () => {
  let appDir: string;
  let initContext: Record<string, unknown>;
  const synth = (name: string, nagMajor?: '2' | '3'): Synth => {
    const outdir = path.join(appDir, `cdk.out.${name}`);
    const { NODE_PATH: _nodePath, ...env } = process.env;
    try {
      const output = execFileSync(process.execPath, [CLI, 'synth', '--app', 'node bin/userapp.js', '--output', outdir, '--quiet', '--no-notices'], {
        cwd: appDir,
        env: { ...env, NAG_MAJOR: nagMajor ?? '', CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { status: 0, output, outdir };
    } catch (error) {
      const failure = error as { status: number; stdout?: string; stderr?: string };
      return { status: failure.status, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}`, outdir };
    }
  };
  const template = (run: Synth) => JSON.parse(fs.readFileSync(path.join(run.outdir, 'Bindings.template.json'), 'utf8'));
  let plain: Synth;

  beforeAll(() => {
    appDir = cdkInitApp('userapp');
    initContext = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.json'), 'utf8')).context;
    const initPackage = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
    // The versions `cdk init` names are the ones consumer/ installed (else: npm install --prefix consumer).
    for (const name of ['aws-cdk-lib', 'constructs']) {
      const installed = JSON.parse(fs.readFileSync(path.join(CONSUMER_MODULES, name, 'package.json'), 'utf8')).version;
      if (!satisfiesCaret(installed, initPackage.dependencies[name])) {
        throw new Error(`consumer/ has ${name} ${installed}, cdk init names ${initPackage.dependencies[name]}: run npx projen && npm install --prefix consumer`);
      }
    }
    // The app's own dependencies, installed offline: the CDK and cdk-nag as consumer/ has them, and the tarball.
    // (Its devDependencies, TypeScript and a test runner, are not needed to synthesize: the test transpiles.)
    initPackage.dependencies = {
      'aws-cdk-lib': `file:${path.join(CONSUMER_MODULES, 'aws-cdk-lib')}`,
      'constructs': `file:${path.join(CONSUMER_MODULES, 'constructs')}`,
      'cdk-nag': `file:${path.join(CONSUMER_MODULES, 'cdk-nag')}`,
      'cdk-nag3': `file:${path.join(CONSUMER_MODULES, 'cdk-nag3')}`,
      'cdk-db-snapshots': `file:${artifact('js', '.tgz')}`,
    };
    delete initPackage.devDependencies;
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(initPackage, undefined, 2));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: appDir, stdio: ['ignore', 'ignore', 'inherit'] });

    // The app's code: `cdk init`'s bin and stack files, the bindings app importing the installed package, transpiled
    // as the app's `tsc` would (its TypeScript is a devDependency the offline install leaves out).
    const every = fs.readFileSync(path.join(__dirname, 'bindings', 'app.ts'), 'utf8').replace('from \'../../lib\'', 'from \'cdk-db-snapshots\'');
    expect(every).toContain('from \'cdk-db-snapshots\'');
    fs.writeFileSync(path.join(appDir, 'lib', 'every-construct.ts'), every);
    const bin = path.join(appDir, 'bin', 'userapp.ts');
    expect(fs.readFileSync(bin, 'utf8')).toContain('const app = new cdk.App();');
    fs.appendFileSync(bin, APP_ADDITIONS);
    for (const file of ['bin/userapp.ts', 'lib/userapp-stack.ts', 'lib/every-construct.ts']) {
      const compiled = ts.transpileModule(fs.readFileSync(path.join(appDir, file), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      fs.writeFileSync(path.join(appDir, file.replace(/\.ts$/, '.js')), compiled.outputText);
    }
    plain = synth('plain');
  }, 300_000);

  afterAll(() => {
    if (appDir && !process.env.KEEP_USER_APP) fs.rmSync(path.dirname(appDir), { recursive: true, force: true });
  });

  test('cdk init turned on its feature flags, partition literals among them', () => {
    expect(Object.keys(initContext).length).toBeGreaterThan(20);
    expect(initContext['@aws-cdk/core:enablePartitionLiterals']).toBe(true);
  });

  test('`cdk synth` synthesizes every construct with the packaged handler, as the sources do with the same flags', () => {
    expect(plain.output).not.toMatch(/error/i);
    expect(plain.status).toBe(0);
    const fromPackage = template(plain);
    const sources = new App({ context: initContext });
    const stack = bindingsStack(sources);
    Tags.of(sources).add(APP_TAG.key, APP_TAG.value);
    const resources = customResources(fromPackage);
    expect(Object.keys(resources).length).toBe(8); // every kind (test/bindings/python.test.ts checks which)
    expect(resources).toEqual(customResources(Template.fromStack(stack).toJSON() as any));
    // The handler the app deploys is the bundle the build made, staged from the installed package.
    const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const staged = fs.readdirSync(plain.outdir).filter((entry) => entry.startsWith('asset.') && fs.existsSync(path.join(plain.outdir, entry, 'index.js')))
      .map((entry) => sha(path.join(plain.outdir, entry, 'index.js')));
    expect(staged).toContain(sha(path.join(ROOT, 'assets', 'lambda', 'index', 'index.js')));
  });

  test('Tags.of(app) reaches the tags of every object that takes tags, beside the construct\'s own', () => {
    const resources = Object.values(template(plain).Resources as Record<string, any>).filter((resource) => resource.Type.startsWith('Custom::'));
    const tagsOf = (resource: any) => Object.fromEntries((resource.Properties.Tags ?? [])
      .map((tag: { Key?: string; Value?: string; key?: string; value?: string }) => [tag.Key ?? tag.key, tag.Value ?? tag.value]));
    const byPath = Object.fromEntries(resources.map((resource) => [resource.Metadata['aws:cdk:path'].split('/')[1], tagsOf(resource)]));
    // What takes tags (README "Tags"): snapshots, copies, grants and the snapshots a schedule takes; settings and an S3
    // export take none. The construct's own tags stay beside the app's.
    expect(byPath).toEqual({
      Grant: { [APP_TAG.key]: APP_TAG.value, team: 'data' },
      Copy: {},
      BeforeMigration: expect.objectContaining({ [APP_TAG.key]: APP_TAG.value }),
      Nightly: expect.objectContaining({ [APP_TAG.key]: APP_TAG.value }),
      ExportSessions: {},
      CopyOrders: expect.objectContaining({ [APP_TAG.key]: APP_TAG.value }),
      ServerlessDr: {},
      NightlySchedule: expect.objectContaining({ [APP_TAG.key]: APP_TAG.value }),
    });
  });

  test('cdk-nag 2.x (an aspect, as its README says): no error or warning on the library\'s resources', () => {
    const run = synth('nag2', '2');
    // Current cloud assemblies keep a stack's metadata in a file of its own, older ones in manifest.json.
    const metadataFile = path.join(run.outdir, 'Bindings.metadata.json');
    const metadata = fs.existsSync(metadataFile)
      ? JSON.parse(fs.readFileSync(metadataFile, 'utf8'))
      : JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8')).artifacts.Bindings.metadata;
    const findings = Object.entries(metadata as Record<string, Array<{ type: string; data: unknown }>>)
      .flatMap(([constructPath, entries]) => entries
        .filter((entry) => ['aws:cdk:error', 'aws:cdk:warning'].includes(entry.type) && /^AwsSolutions-/.test(String(entry.data)))
        .map((entry) => `${constructPath}: ${String(entry.data).split(': ')[0]}`));
    // cdk-nag ran: the app's own bucket and key (not the library's) have findings, and fail the synth as errors do.
    expect(findings.some((finding) => finding.startsWith('/Bindings/Exports/'))).toBe(true);
    expect(run.status).not.toBe(0);
    expect(findings.filter((finding) => isOurs(finding))).toEqual([]);
  });

  test('cdk-nag 3.x (a validation plugin, as its README says): no violation on the library\'s resources', () => {
    const run = synth('nag3', '3');
    // aws-cdk-lib writes validation-report.json (policy-validation-report.json before 2.27x).
    const reportFile = ['validation-report.json', 'policy-validation-report.json'].map((file) => path.join(run.outdir, file)).find((file) => fs.existsSync(file));
    if (!reportFile) throw new Error(`no validation report in ${run.outdir}: ${run.output}`);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    const violations: string[] = (report.pluginReports ?? []).flatMap((plugin: any) => (plugin.violations ?? [])
      .flatMap((violation: any) => (violation.violatingConstructs ?? violation.violatingResources ?? [])
        .map((resource: any) => `${resource.constructPath}: ${violation.ruleName}`)));
    // cdk-nag 3.x ran: the app's own bucket and key have violations, and fail the synth.
    expect(violations.some((violation) => violation.startsWith('Bindings/Exports/'))).toBe(true);
    expect(run.status).not.toBe(0);
    expect(violations.filter((violation) => isOurs(`/${violation}`))).toEqual([]);
  });

  test('cfn-lint: no error and no warning from the library\'s resources', () => {
    const templateFile = path.join(plain.outdir, 'Bindings.template.json');
    const resources = template(plain).Resources as Record<string, { Metadata?: Record<string, string> }>;
    let output = '';
    try {
      output = execFileSync(PYTHON, ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())', '--format', 'parseable', '--', templateFile], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? '';
    }
    // Each finding names the logical id it is on (`Resources/<id>/...`), or the one its message names first.
    const findings = output.split('\n').filter((line) => /:[EW]\d{4}:/.test(line));
    const ofOurs = findings.filter((line) => {
      const id = /Resources\/([A-Za-z0-9]+)/.exec(line)?.[1] ?? /'([A-Za-z0-9]+)'/.exec(line)?.[1];
      return id !== undefined && isOurs(resources[id]?.Metadata?.['aws:cdk:path'] ?? '');
    });
    expect(ofOurs).toEqual([]);
  });

  test('the deletion policies are the README\'s: each agrees with the removal policy its handler reads, and says so', () => {
    const resources = Object.values(template(plain).Resources as Record<string, any>).filter((resource) => resource.Type.startsWith('Custom::'));
    expect(resources).toHaveLength(8);
    for (const resource of resources) {
      const exported = resource.Type === 'Custom::SnapshotCopyJob' && resource.Properties.TargetBucket !== undefined;
      const expected = resource.Properties.RemovalPolicy === 'retain' || exported ? 'Retain' : 'Delete';
      expect({ path: resource.Metadata['aws:cdk:path'], policies: [resource.DeletionPolicy, resource.UpdateReplacePolicy] })
        .toEqual({ path: resource.Metadata['aws:cdk:path'], policies: [expected, expected] });
      expect(resource.Metadata[ON_DELETE_METADATA_KEY]).toMatch(new RegExp(`^DeletionPolicy ${expected}`));
    }
    // The defaults of the README's table: the snapshots the app leaves at their default are retained.
    const byPath = (id: string) => resources.find((resource) => resource.Metadata['aws:cdk:path'] === `Bindings/${id}/Resource/Default`);
    expect(byPath('BeforeMigration').DeletionPolicy).toBe('Retain');
    expect(byPath('CopyOrders').DeletionPolicy).toBe('Retain');
    expect(byPath('ServerlessDr').DeletionPolicy).toBe('Delete');
  });
});
