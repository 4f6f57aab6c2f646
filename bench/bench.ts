// `npm run bench`: what this library costs next to what a careful user would write instead,
// AwsCustomResource calling the same APIs with a least-privilege policy. Prints a markdown report and
// writes it to docs/performance.md. Measurements only: nothing here passes or fails a build.
//
// BENCH_SIZES=1,50,200 and BENCH_RUNS=5 (synth runs per measurement) can be set in the environment.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { KINDS, Kind } from './kinds';
import { KIND_NAMES } from '../lib/handler-properties/kinds';
import { PROVIDER_ID } from '../lib/private/handler-provider';
import { resolveIntrinsics } from '../test/util/iam';

const SIZES = (process.env.BENCH_SIZES ?? '1,50,200').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? '5');
const ROOT = path.join(__dirname, '..');
const INLINE_LIMIT = 10_240;
const TEMPLATE_LIMIT = 1_048_576;
/** Targets per stack, whatever kinds it uses: the provider's resources and functions. */
const MAX_MACHINERY = 14;
const MAX_FUNCTIONS = 4;
/** Target: template bytes per extra construct at most this share of AwsCustomResource's. */
const MAX_BYTES_RATIO = 0.5;
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
   * The provider's resources but the managed policies holding constructs' ARNs: the machinery a stack pays for
   * once (functions, roles, log group, waiter). Not the app's own resources (the schedules' shared scheduler role).
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
  const provider = stack.node.tryFindChild(PROVIDER_ID);
  const machinery = provider ? provider.node.findAll().filter(CfnResource.isCfnResource)
    .filter((resource) => resource.cfnResourceType !== 'AWS::IAM::ManagedPolicy').length : 0;
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return {
    synthMs: 0,
    templateBytes: Buffer.byteLength(json),
    resources: Object.keys(template.toJSON().Resources).length,
    functions: Object.keys(template.findResources('AWS::Lambda::Function')).length,
    stateMachines: Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).length,
    machinery,
    maxInlinePolicyChars: policies.inline,
    maxManagedPolicyChars: policies.managed,
  };
}

/** Both sides at one size, synthesized alternately (ours, theirs, ours, ...) so that drift hits both alike. */
function compare(kinds: Kind[], count: number): Record<Side, Measurement> {
  const times: Record<Side, number[]> = { ours: [], AwsCustomResource: [] };
  let last: Partial<Record<Side, Measurement>> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const side of ['ours', 'AwsCustomResource'] as Side[]) {
      last = { ...last, [side]: measure(side, kinds, count, times[side]) };
    }
  }
  return {
    ours: { ...last.ours!, synthMs: median(times.ours) },
    AwsCustomResource: { ...last.AwsCustomResource!, synthMs: median(times.AwsCustomResource) },
  };
}

/** The time a fresh `node` process takes to run `load` (requires), in ms. */
function loadMs(load: string): number {
  const out = execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();${load}console.log(Number(process.hrtime.bigint()-t)/1e6)`], {
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' },
    encoding: 'utf8',
  });
  return Number(out.trim().split('\n').pop());
}

const requireOf = (module: string) => `require(${JSON.stringify(module)})`;

/**
 * Medians of 7 samples of two loads, alternating (ours, theirs, ours, ...) so that load on the machine from other
 * processes hits both alike.
 */
function loadPair(ours: string, theirs: string): [number, number] {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < 7; i++) {
    samples[0].push(loadMs(ours));
    samples[1].push(loadMs(theirs));
  }
  return [median(samples[0]), median(samples[1])];
}

/**
 * The AWS SDK clients a handler module loads: the `@aws-sdk/client-*` packages its imports reach, following
 * relative imports within lambda/ and lib/. AwsCustomResource's handler loads the client of a call's service on
 * its first event, so loading the same clients beside it compares like with like.
 */
function sdkClientsOf(file: string, seen = new Set<string>()): Set<string> {
  const clients = new Set<string>();
  if (seen.has(file)) return clients;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  for (const [, module] of source.matchAll(/from '([^']+)'/g)) {
    if (module.startsWith('@aws-sdk/client-')) clients.add(module);
    if (!module.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), module);
    const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.existsSync(candidate));
    if (resolved) sdkClientsOf(resolved, seen).forEach((client) => clients.add(client));
  }
  return clients;
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

/** The largest value of a measure over the stacks, and which stack. */
interface Worst { value: number; where: string }
/** One measure, ours and AwsCustomResource's. */
interface Pair { readonly ours: number; readonly acr: number }

/**
 * Why a provider target can be missed, for the report: what sets each measure. A miss names its amount; these
 * say where it comes from, so that a reader knows what would have to change.
 */
const WHY_MISSED = {
  machinery: 'the machinery is our function, its role and policy, the log group, and what aws-cdk-lib\'s Provider makes with an '
    + 'isComplete handler: three functions, two roles of ours for them with their policies, the waiter state machine and its role and policy',
  functions: 'one function of ours; the Provider framework adds its onEvent, isComplete and onTimeout functions whenever there is an isComplete handler',
  bytes: 'a construct\'s share of the template is its custom resource (properties, ServiceToken, the `cdk-db-snapshots:OnDelete` '
    + 'metadata note of what deleting it does, about 200 bytes, and its dependency on a grant policy) and its ARNs in the grant '
    + 'policies; a kind with more properties or more ARNs per construct (a ClusterSnapshot grants on its snapshot and its cluster) costs more',
  init: 'a cold start loads the router (a few KB) and the kind\'s own bundle, whose SDK clients carry their own copy of the SDK\'s '
    + 'core (the runtime\'s older SDK is not used: see the bundle in .projenrc.ts); AwsCustomResource\'s handler is small and, here, '
    + 'loads its client from node_modules, sharing the core with nothing else either. The figures are noisy on a loaded machine: '
    + 'the ratio moves by tenths between runs',
} as const;

/** The provider targets of each stack and kind: each with what was measured, whether it holds, and if not by how much and why. */
function reportProviderTargets(say: (line?: string) => void, machinery: Worst, functions: Worst,
  bytesPerConstruct: Map<string, Pair>, init: Map<string, Pair>): void {
  const rows: Array<{ target: string; measured: string; miss?: string; why: string }> = [];
  rows.push({
    target: `≤ ${MAX_MACHINERY} resources of machinery per stack`,
    measured: `${machinery.value} (most: ${machinery.where})`,
    miss: machinery.value > MAX_MACHINERY ? `${machinery.value - MAX_MACHINERY} resources over` : undefined,
    why: WHY_MISSED.machinery,
  });
  rows.push({
    target: `≤ ${MAX_FUNCTIONS} Lambda functions per stack`,
    measured: `${functions.value} (most: ${functions.where})`,
    miss: functions.value > MAX_FUNCTIONS ? `${functions.value - MAX_FUNCTIONS} functions over` : undefined,
    why: WHY_MISSED.functions,
  });
  for (const [kind, { ours, acr }] of init) {
    rows.push({
      target: `cold initialization of ${kind} ≤ AwsCustomResource's with the same SDK clients`,
      measured: `${ours.toFixed(1)} ms / ${acr.toFixed(1)} ms`,
      miss: ours > acr ? `${(ours - acr).toFixed(1)} ms slower` : undefined,
      why: WHY_MISSED.init,
    });
  }
  for (const [name, { ours, acr }] of bytesPerConstruct) {
    rows.push({
      target: `template bytes per extra ${name} ≤ ${MAX_BYTES_RATIO} of AwsCustomResource's`,
      measured: `${ours.toFixed(0)} / ${acr.toFixed(0)} = ${(ours / acr).toFixed(2)}`,
      miss: ours > acr * MAX_BYTES_RATIO ? `${(ours - acr * MAX_BYTES_RATIO).toFixed(0)} bytes per construct over` : undefined,
      why: WHY_MISSED.bytes,
    });
  }
  say('Provider targets:');
  say();
  say('| target | measured | met |');
  say('| --- | --- | --- |');
  rows.forEach((row) => say(`| ${row.target} | ${row.measured} | ${row.miss ? `no: ${row.miss}` : 'yes'} |`));
  const missed = rows.filter((row) => row.miss);
  say();
  say(missed.length === 0 ? 'Every provider target holds.' : `Provider targets missed: ${missed.length}. Why:`);
  for (const why of new Set(missed.map((row) => row.why))) {
    say(`- ${missed.filter((row) => row.why === why).map((row) => `${row.target} (${row.miss})`).join('; ')}: ${why}.`);
  }
}

function main(): void {
  const lines: string[] = [];
  const say = (line = '') => { lines.push(line); console.log(line); };
  say('# Performance: cdk-db-snapshots against AwsCustomResource');
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
  const machinery: Worst = { value: 0, where: '' };
  const functions: Worst = { value: 0, where: '' };
  const bytesPerConstruct = new Map<string, Pair>();
  const initResults = new Map<string, Pair>();
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
      if (ours.machinery > machinery.value) Object.assign(machinery, { value: ours.machinery, where: `${name} at N=${count}` });
      if (ours.functions > functions.value) Object.assign(functions, { value: ours.functions, where: `${name} at N=${count}` });
    }
    // The marginal cost between the two largest sizes: every kind's provider is already in both stacks.
    const [low, high] = [...SIZES].sort((a, b) => a - b).slice(-2);
    if (high > low) {
      const extra = (side: Side) => (results.get(high)![side].templateBytes - results.get(low)![side].templateBytes) / (high - low);
      const ours = extra('ours');
      const acr = extra('AwsCustomResource');
      perExtra.push(`| ${name} | ${ours.toFixed(0)} | ${acr.toFixed(0)} | ${(ours / acr).toFixed(2)} |`);
      if (kinds.length === 1) bytesPerConstruct.set(name, { ours, acr });
    }
  }
  say();
  say('Template bytes added per extra construct:');
  say();
  say('| stack | ours | AwsCustomResource | ratio |');
  say('| --- | --- | --- | --- |');
  perExtra.forEach((row) => say(row));
  say();
  say('Handler cold initialization, in a fresh `node` process (median of 7, alternating with AwsCustomResource): ours loads the '
    + 'router, which requires the kind\'s own bundle, with its AWS SDK clients, on the kind\'s first event; AwsCustomResource\'s handler '
    + 'loads its SDK client on its first event, here the same clients as the kind\'s:');
  say();
  say('| kind | SDK clients | ours: bundle + kind module ms | AwsCustomResource + the same clients ms | ratio |');
  say('| --- | --- | --- | --- | --- |');
  const acrAsset = path.join(awsCustomResourceAsset(), 'index.js');
  const bundle = path.join(ROOT, 'assets', 'lambda', 'index', 'index.js');
  for (const kind of KIND_NAMES) {
    const clients = [...sdkClientsOf(path.join(ROOT, 'lambda', kind, 'index.ts'))].sort();
    const [ours, acr] = loadPair(`${requireOf(bundle)}.handlersOf(${JSON.stringify(kind)});`, [acrAsset, ...clients].map(requireOf).join(';') + ';');
    say(`| ${kind} | ${clients.map((client) => client.replace('@aws-sdk/client-', '')).join(', ')} | ${ours.toFixed(1)} | ${acr.toFixed(1)} | ${(ours / acr).toFixed(2)} |`);
    initResults.set(kind, { ours, acr });
  }
  const [routerInit, acrInit] = loadPair(`${requireOf(bundle)};`, `${requireOf(acrAsset)};`);
  say();
  say(`Module initialization alone, before any event: our router (${fs.statSync(bundle).size} bytes; the asset, with every kind's bundle, `
    + `${directorySize(path.dirname(bundle))} bytes) ${routerInit.toFixed(1)} ms; AwsCustomResource's (${directorySize(path.dirname(acrAsset))} bytes) `
    + `${acrInit.toFixed(1)} ms.`);
  say();
  reportProviderTargets(say, machinery, functions, bytesPerConstruct, initResults);
  say();
  say(misses.length === 0 ? 'Other targets: all hold (policies within IAM limits, template under 1 MB, one provider per stack, synth ratio ≤ 1.0).'
    : `Other targets missed:\n${misses.map((miss) => `- ${miss}`).join('\n')}`);
  const report = path.join(ROOT, 'docs', 'performance.md');
  const previous = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : '';
  const history = previous.includes(HISTORY_HEADING) ? `\n${previous.slice(previous.indexOf(HISTORY_HEADING))}` : '';
  fs.mkdirSync(path.dirname(report), { recursive: true });
  fs.writeFileSync(report, lines.join('\n') + '\n' + history);
}

main();
