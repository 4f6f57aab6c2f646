// What `npm pack` ships: the compiled library and its declarations, the jsii assembly, the bundled
// handlers, README, API.md and LICENSE; nothing else (no sources, tests, handler sources or cdk.out).
// Needs `npx projen compile` first (a step of the test task).

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^API\.md$/, /^LICENSE$/, /^\.jsii$/,
  /^lib\/.+\.js$/, /^lib\/.+\.d\.ts$/,
  /^assets\/lambda\/index\/index\.js$/,
];

test('the npm package holds the library, declarations, .jsii, handler bundles and docs, and nothing else', () => {
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files: string[] = pack.files.map((file: { path: string }) => file.path);
  expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
  for (const required of ['.jsii', 'lib/index.js', 'lib/index.d.ts', 'README.md', 'API.md']) expect(files).toContain(required);
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
