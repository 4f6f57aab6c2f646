// What `npm pack` ships: the compiled library and its declarations, the jsii assembly and its translated
// examples, the bundled handlers, README, API.md and LICENSE; nothing else (no sources, tests, handler sources
// or cdk.out). Then the packages themselves, as the test command made them (`npx projen package:js` and
// `package:python`, steps before jest): every handler bundle inside, the wheel's README in Python, and an app
// outside the repository that installs the npm tarball (offline) and synthesizes every construct.
// Needs `npx projen compile` first (a step of the test task).

import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { bindingsStack, customResources } from './bindings/app';

const ROOT = path.join(__dirname, '..');
const PYTHON = process.env.PYTHON ?? 'python3';
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^API\.md$/, /^LICENSE$/, /^\.jsii$/, /^\.jsii\.tabl\.json$/,
  /^lib\/.+\.js$/, /^lib\/.+\.d\.ts$/,
  /^assets\/lambda\/index\/index\.js$/,
];

test('the npm package holds the library, declarations, .jsii, handler bundles and docs, and nothing else', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files: string[] = pack.files.map((file: { path: string }) => file.path);
  expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
  // .jsii.tabl.json: the translated examples, which the CI jobs making the other languages' packages read from this tarball.
  for (const required of ['.jsii', '.jsii.tabl.json', 'lib/index.js', 'lib/index.d.ts', 'README.md', 'API.md']) expect(files).toContain(required);
  const bundles = files.filter((file) => file.startsWith('assets/lambda/')).sort();
  // One bundle: the router of the shared provider, with every kind's module (lambda/index.ts).
  expect(bundles).toEqual(['assets/lambda/index/index.js']);
  // eslint-disable-next-line no-console
  console.log(`npm package: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`);
});

test('the handler bundle carries the AWS SDK clients it calls: it loads with no node_modules in reach (what runs in Lambda is what the tests ran)', () => {
  // Needs `npx projen bundle`. A bundle that left the SDK to the Lambda runtime fails here: its require of
  // @aws-sdk/client-* finds nothing. (The runtime's SDK is older than ours: `throwOnRequestTimeout` may not exist there.)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-bundle-'));
  fs.copyFileSync(path.join(ROOT, 'assets', 'lambda', 'index', 'index.js'), path.join(dir, 'index.js'));
  const { NODE_PATH: _nodePath, ...env } = process.env;
  const exported = execFileSync(process.execPath, ['-e', 'console.log(Object.keys(require("./index.js")).sort().join(","))'], {
    cwd: dir, env: { ...env, AWS_REGION: 'us-east-1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  fs.rmSync(dir, { recursive: true, force: true });
  expect(exported.trim().split(',')).toEqual(expect.arrayContaining(['isComplete', 'onEvent']));
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
    expect(bundles).toEqual(['assets/lambda/index/index.js']);
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

  test('an app outside the repository installs the npm tarball (offline) and synthesizes every construct with the packaged handler', () => {
    const consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-consumer-'));
    const modules = path.join(ROOT, 'node_modules');
    // aws-cdk-lib and constructs from what the test run has: linked, as a user's app would have them installed.
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({
      name: 'consumer',
      version: '1.0.0',
      private: true,
      dependencies: {
        'aws-cdk-lib': `file:${path.join(modules, 'aws-cdk-lib')}`,
        'constructs': `file:${path.join(modules, 'constructs')}`,
        'cdk-db-snapshots': `file:${artifact('js', '.tgz')}`,
      },
    }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer, stdio: ['ignore', 'ignore', 'inherit'] });
    expect(fs.lstatSync(path.join(consumer, 'node_modules', 'cdk-db-snapshots')).isDirectory()).toBe(true);

    // The app of the bindings test, importing the installed package instead of the sources.
    const source = fs.readFileSync(path.join(__dirname, 'bindings', 'app.ts'), 'utf8').replace('from \'../../lib\'', 'from \'cdk-db-snapshots\'');
    expect(source).toContain('from \'cdk-db-snapshots\'');
    const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    fs.writeFileSync(path.join(consumer, 'app.js'), compiled.outputText);
    fs.writeFileSync(path.join(consumer, 'main.js'), [
      'const { App } = require("aws-cdk-lib");',
      'const app = new App({ outdir: "cdk.out" });',
      'require("./app").bindingsStack(app);',
      'app.synth();',
    ].join('\n'));
    const { NODE_PATH: _nodePath, ...env } = process.env;
    execFileSync(process.execPath, ['main.js'], { cwd: consumer, env, stdio: ['ignore', 'inherit', 'inherit'] });

    const outdir = path.join(consumer, 'cdk.out');
    const fromPackage = JSON.parse(fs.readFileSync(path.join(outdir, 'Bindings.template.json'), 'utf8'));
    const fromSources = Template.fromStack(bindingsStack(new App())).toJSON();
    const resources = customResources(fromPackage);
    expect(Object.keys(resources).length).toBe(9); // every kind (test/bindings/python.test.ts checks which)
    expect(resources).toEqual(customResources(fromSources as any));
    // The handler the app deploys is the bundle the build made, staged from the installed package.
    const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    const staged = fs.readdirSync(outdir).filter((entry) => entry.startsWith('asset.') && fs.existsSync(path.join(outdir, entry, 'index.js')))
      .map((entry) => sha(path.join(outdir, entry, 'index.js')));
    expect(staged).toContain(sha(path.join(ROOT, 'assets', 'lambda', 'index', 'index.js')));
    fs.rmSync(consumer, { recursive: true, force: true });
  }, 300_000);
});
