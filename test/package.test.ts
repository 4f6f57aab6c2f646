// What `npm pack` ships: the compiled library and its declarations, the jsii assembly, the bundled
// handlers, README, API.md and LICENSE; nothing else (no sources, tests, handler sources or cdk.out).
// Needs `npx projen compile` first (a step of the test task).

import { execFileSync } from 'child_process';
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
