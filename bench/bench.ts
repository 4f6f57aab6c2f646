// `npm run bench`: what this library costs next to what a careful user would write instead,
// AwsCustomResource calling the same APIs with a least-privilege policy. Prints a markdown report and
// writes it to docs/performance.md. Measurements only: nothing here passes or fails a build.
//
// BENCH_SIZES=1,50,200 and BENCH_RUNS=5 (synth runs per measurement) can be set in the environment.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { KINDS, Kind } from './kinds';
import { resolveIntrinsics } from '../test/util/iam';

const SIZES = (process.env.BENCH_SIZES ?? '1,50,200').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const ROOT = path.join(__dirname, '..');
const INLINE_LIMIT = 10_240;
const TEMPLATE_LIMIT = 1_048_576;
/** Targets per stack, whatever kinds it uses: the provider's resources and functions. */
const MAX_MACHINERY = 20;
const MAX_FUNCTIONS = 5;
/** docs/performance.md keeps what follows this heading (earlier measurements) when the bench rewrites it. */
const HISTORY_HEADING = '## Earlier measurements';

type Side = 'ours' | 'AwsCustomResource';

interface Measurement {
  readonly synthMs: number;
  readonly templateBytes: number;
  readonly resources: number;
  readonly functions: number;
  readonly stateMachines: number;
  /**
   * Resources that are neither a construct's custom resource nor a managed policy holding constructs' ARNs:
   * the machinery a stack pays for once (provider functions, roles, log groups, waiter).
   */
  readonly machinery: number;
  /** Inline policy characters of the role with the most, and managed policy characters of that role's largest. */
  readonly maxInlinePolicyChars: number;
  readonly maxManagedPolicyChars: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function build(side: Side, kinds: Kind[], count: number): { app: App; stack: Stack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-db-snapshots-bench-')) });
  const stack = new Stack(app, 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length];
    if (side === 'ours') kind.ours(stack, i); else kind.awsCustomResource(stack, i);
  }
  return { app, stack };
}

/** Characters of IAM policy per role, as IAM counts them (JSON without whitespace, intrinsics resolved). */
function policyCharacters(template: Template): { inline: number; managed: number } {
  const size = (document: unknown) => JSON.stringify(resolveIntrinsics(document)).length;
  const inline = new Map<string, number>();
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    for (const role of policy.Properties.Roles ?? []) {
      const id = JSON.stringify(role);
      inline.set(id, (inline.get(id) ?? 0) + size(policy.Properties.PolicyDocument));
    }
  }
  const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map((policy) => size(policy.Properties.PolicyDocument));
  return { inline: Math.max(0, ...inline.values()), managed: Math.max(0, ...managed) };
}

function measure(side: Side, kinds: Kind[], count: number, synthTimes: number[]): Measurement {
  const { app, stack } = build(side, kinds, count);
  const started = process.hrtime.bigint();
  app.synth();
  synthTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
  const template = Template.fromStack(stack);
  const json = JSON.stringify(template.toJSON());
  const policies = policyCharacters(template);
  const resourceTypes = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((resource) => resource.Type);
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return {
    synthMs: 0,
    templateBytes: Buffer.byteLength(json),
    resources: Object.keys(template.toJSON().Resources).length,
    functions: Object.keys(template.findResources('AWS::Lambda::Function')).length,
    stateMachines: Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).length,
    machinery: resourceTypes.filter((type) => !type.startsWith('Custom::') && type !== 'AWS::IAM::ManagedPolicy').length,
    maxInlinePolicyChars: policies.inline,
    maxManagedPolicyChars: policies.managed,
  };
}

/** Both sides at one size, synthesized alternately (ours, theirs, ours, ...) so that drift hits both alike. */
function compare(kinds: Kind[], count: number): Record<Side, Measurement> {
  const times: Record<Side, number[]> = { 'ours': [], 'AwsCustomResource': [] };
  let last: Partial<Record<Side, Measurement>> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const side of ['ours', 'AwsCustomResource'] as Side[]) {
      last = { ...last, [side]: measure(side, kinds, count, times[side]) };
    }
  }
  return {
    'ours': { ...last.ours!, synthMs: median(times.ours) },
    'AwsCustomResource': { ...last.AwsCustomResource!, synthMs: median(times.AwsCustomResource) },
  };
}

/**
 * Median time to load a handler bundle in a fresh node process (module initialization), and with the
 * AWS SDK client package its calls need loaded too (`sdkClient`): AwsCustomResource's handler loads the
 * SDK only when an event arrives, ours at initialization, so the second figure compares like with like.
 */
function initMs(bundle: string, sdkClient?: string): number {
  const samples: number[] = [];
  const load = [bundle, ...(sdkClient ? [sdkClient] : [])].map((module) => `require(${JSON.stringify(module)});`).join('');
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, ['-e',
      `const t=process.hrtime.bigint();${load}console.log(Number(process.hrtime.bigint()-t)/1e6)`], {
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), AWS_REGION: 'us-east-1' },
      encoding: 'utf8',
    });
    samples.push(Number(out.trim().split('\n').pop()));
  }
  return median(samples);
}

/**
 * The handler bundled as it was before the AWS SDK went into the bundles (`--external:@aws-sdk/*`, otherwise the
 * bundle task's esbuild options), so that every run compares the two: that bundle ran on the Lambda runtime's
 * own, older SDK; here its SDK is loaded from node_modules, which is what the module init figure includes.
 */
function externalSdkBundle(): string {
  const outfile = path.join(ROOT, '.tmp', 'bench-external-sdk', 'index.js');
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), [
    '--bundle', path.join(ROOT, 'lambda', 'index.ts'), '--target=node22', '--platform=node', `--outfile=${outfile}`,
    '--external:@aws-sdk/*', '--minify', '--log-level=warning',
  ]);
  return outfile;
}

function directorySize(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? directorySize(full) : fs.statSync(full).size);
  }, 0);
}

/** The asset folder of AwsCustomResource's handler in a synthesized assembly. */
function awsCustomResourceAsset(): string {
  const app = new App({ outdir: path.join(ROOT, '.tmp', 'bench-acr'), context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Acr', { env: { account: '123456789012', region: 'us-east-1' } });
  KINDS[0].awsCustomResource(stack, 0);
  app.synth();
  const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0];
  return path.join(app.outdir, fn.Metadata['aws:asset:path']);
}

function main(): void {
  const lines: string[] = [];
  const say = (line = '') => { lines.push(line); console.log(line); };
  say(`# Performance: cdk-db-snapshots against AwsCustomResource`);
  say();
  say(`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node.js ${process.version}, `
    + `${RUNS} alternating synth runs per cell (median). AwsCustomResource: the same API calls on create/update/delete, `
    + '`AwsCustomResourcePolicy.fromSdkCalls` with the specific resource ARNs, `installLatestAwsSdk: false`.');
  say();
  const groups: Array<[string, Kind[]]> = [...KINDS.map((kind) => [kind.name, [kind]] as [string, Kind[]]), ['all kinds mixed', KINDS]];
  say('| stack | N | synth ms (ours / ACR / ratio) | template bytes (ours / ACR) | resources (ours / ACR) | Lambda functions (ours / ACR) | largest role inline policy chars (ours / ACR) | largest managed policy chars (ours) | fixed machinery resources (ours) |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const perExtra: string[] = [];
  const misses: string[] = [];
  const notes: string[] = [];
  for (const [name, kinds] of groups) {
    const results = new Map<number, Record<Side, Measurement>>();
    for (const count of SIZES) {
      const result = compare(kinds, count);
      results.set(count, result);
      const { ours, AwsCustomResource: acr } = result;
      const ratio = ours.synthMs / acr.synthMs;
      say(`| ${name} | ${count} | ${ours.synthMs.toFixed(0)} / ${acr.synthMs.toFixed(0)} / ${ratio.toFixed(2)} | ${ours.templateBytes} / ${acr.templateBytes} | `
        + `${ours.resources} / ${acr.resources} | ${ours.functions} / ${acr.functions} | `
        + `${ours.maxInlinePolicyChars}${ours.maxInlinePolicyChars < INLINE_LIMIT ? '' : ' (over 10,240)'} / `
        + `${acr.maxInlinePolicyChars}${acr.maxInlinePolicyChars < INLINE_LIMIT ? '' : ' (over 10,240)'} | ${ours.maxManagedPolicyChars} | ${ours.machinery} |`);
      if (ratio > 1) misses.push(`synth time ratio ${ratio.toFixed(2)} > 1.0 for ${name} at N=${count}`);
      if (ours.maxInlinePolicyChars >= INLINE_LIMIT) misses.push(`inline policy over 10,240 for ${name} at N=${count}`);
      if (ours.maxManagedPolicyChars >= 6_144) misses.push(`a managed policy over 6,144 for ${name} at N=${count}`);
      if (ours.templateBytes >= TEMPLATE_LIMIT) misses.push(`template over 1 MB for ${name} at N=${count}`);
      if (ours.stateMachines > 1) misses.push(`more than one provider for ${name} at N=${count}`);
      if (ours.machinery > MAX_MACHINERY) misses.push(`${ours.machinery} fixed machinery resources > ${MAX_MACHINERY} for ${name} at N=${count}`);
      if (ours.functions > MAX_FUNCTIONS) misses.push(`${ours.functions} Lambda functions > ${MAX_FUNCTIONS} for ${name} at N=${count}`);
    }
    // The marginal cost between the two largest sizes: every kind's provider is already in both stacks.
    const [low, high] = [...SIZES].sort((a, b) => a - b).slice(-2);
    if (high > low) {
      const extra = (side: Side) => (results.get(high)![side].templateBytes - results.get(low)![side].templateBytes) / (high - low);
      const ours = extra('ours');
      const acr = extra('AwsCustomResource');
      perExtra.push(`| ${name} | ${ours.toFixed(0)} | ${acr.toFixed(0)} | ${(ours / acr).toFixed(2)} |`);
      if (ours > acr / 2) misses.push(`bytes per extra construct ${ours.toFixed(0)} > half of AwsCustomResource's ${acr.toFixed(0)} for ${name}`);
    }
  }
  say();
  say('Template bytes added per extra construct:');
  say();
  say('| stack | ours | AwsCustomResource | ratio |');
  say('| --- | --- | --- | --- |');
  perExtra.forEach((row) => say(row));
  say();
  say('Handler assets (size on disk; module initialization in a fresh `node` process, median of 7). The bundles carry the AWS SDK '
    + 'clients they call, so that what runs in Lambda is the SDK the tests ran; "SDK external" is the same handler bundled without '
    + 'them (as before), its SDK loaded from node_modules instead of the Lambda runtime\'s older copy:');
  say();
  say('| handler | bytes | module init ms | bytes, SDK external | module init ms, SDK external |');
  say('| --- | --- | --- | --- | --- |');
  const acrAsset = awsCustomResourceAsset();
  const acrInit = initMs(path.join(acrAsset, 'index.js'));
  const acrWithSdk = initMs(path.join(acrAsset, 'index.js'), '@aws-sdk/client-redshift');
  // One bundle (lambda/index.ts, the router) serves every kind: it loads every kind's module and SDK client at init.
  for (const name of ['index']) {
    const dir = path.join(ROOT, 'assets', 'lambda', name);
    const external = externalSdkBundle();
    const init = initMs(path.join(dir, 'index.js'));
    const externalInit = initMs(external);
    say(`| ${name} | ${directorySize(dir)} | ${init.toFixed(1)} | ${fs.statSync(external).size} | ${externalInit.toFixed(1)} |`);
    if (init > acrWithSdk) misses.push(`handler ${name} with its SDK client loads in ${init.toFixed(1)} ms, slower than AwsCustomResource's ${acrWithSdk.toFixed(1)} ms`);
    if (init > acrInit) notes.push(`${name}: module init ${init.toFixed(1)} ms vs AwsCustomResource's ${acrInit.toFixed(1)} ms, which defers loading the SDK to the first event`);
  }
  say(`| AwsCustomResource (Redshift call; init + its SDK client: ${acrWithSdk.toFixed(1)} ms) | ${directorySize(acrAsset)} | ${acrInit.toFixed(1)} | | |`);
  say();
  say(misses.length === 0 ? 'Targets: all hold (policies within IAM limits, template under 1 MB, one provider per stack, '
    + `at most ${MAX_MACHINERY} fixed machinery resources and ${MAX_FUNCTIONS} Lambda functions per stack, `
    + 'at most half the bytes per construct, synth ratio ≤ 1.0, handler init no slower).' : `Targets missed:\n${misses.map((miss) => `- ${miss}`).join('\n')}`);
  if (notes.length > 0) {
    say();
    say('Our handlers load their SDK client when the Lambda initializes (AWS\'s advice: the init phase runs at full CPU, and the '
      + 'client is reused by every invocation); AwsCustomResource\'s loads it on the first event. Module initialization alone:');
    notes.forEach((note) => say(`- ${note}`));
  }
  const report = path.join(ROOT, 'docs', 'performance.md');
  const previous = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
  const history = previous.includes(HISTORY_HEADING) ? `\n${previous.slice(previous.indexOf(HISTORY_HEADING))}` : '';
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, lines.join('\n') + '\n' + history);
}

main();
