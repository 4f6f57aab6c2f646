// Checks an AWS request against AWS's published service model of its operation (botocore's service-2.json, from
// the release pinned in scripts/ensure-python-tools.sh) and against AWS's documented tag rules
// (lib/handler-properties/tag-rules.ts). moto, the stand-ins and aws-sdk-client-mock accept any name, any tag and
// any count: this is where a request AWS would refuse fails a test, as the IAM simulation is for requests AWS
// would deny. SDK v3 input member names are the model's member names, so a command's input is checked as is.

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { TAG_RULES, TaggedService, tagKeyViolations, tagValueViolations } from '../../lib/handler-properties/tag-rules';

/** A request as the handlers' `send` logs it, and as a mocked client receives it. */
export interface ServiceRequest {
  /** The SDK client's service id (`client.config.serviceId`), e.g. `Redshift Serverless`. */
  readonly service: string;
  /** The operation, e.g. `CreateSnapshot`. */
  readonly call: string;
  readonly input: unknown;
}

/** The botocore folder of each SDK service id the handlers use. */
const BOTOCORE_SERVICE: Record<string, string> = {
  'Redshift': 'redshift',
  'Redshift Serverless': 'redshift-serverless',
  'MemoryDB': 'memorydb',
  'DocDB Elastic': 'docdb-elastic',
  'S3': 's3',
};

/** The tag rules of each SDK service id whose objects carry tags. */
const TAGGED_SERVICE: Record<string, TaggedService> = {
  'Redshift': 'redshift',
  'Redshift Serverless': 'redshift-serverless',
  'MemoryDB': 'memorydb',
  'DocDB Elastic': 'docdb-elastic',
};

interface Shape {
  readonly type: string;
  readonly required?: string[];
  readonly members?: Record<string, { readonly shape: string }>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
  readonly union?: boolean;
}

interface ServiceModel {
  readonly metadata: { readonly serviceId: string };
  readonly operations: Record<string, { readonly input?: { readonly shape: string } }>;
  readonly shapes: Record<string, Shape>;
}

const PINNED_VERSION_PATTERN = /botocore==([0-9.]+)/;

/** The botocore release scripts/ensure-python-tools.sh installs: the one AWS model release the suite checks against. */
export function pinnedBotocoreVersion(): string {
  const script = fs.readFileSync(path.join(__dirname, '..', '..', 'scripts', 'ensure-python-tools.sh'), 'utf8');
  const match = PINNED_VERSION_PATTERN.exec(script);
  if (!match) throw new Error('scripts/ensure-python-tools.sh pins no botocore==<version>');
  return match[1];
}

/** Fails, saying what to do, unless `installed` is the pinned botocore release. */
export function checkBotocoreVersion(installed: string): void {
  const pinned = pinnedBotocoreVersion();
  if (installed !== pinned) {
    throw new Error(`botocore ${installed} is installed, but the request validation checks against AWS's models of botocore ${pinned} `
      + '(scripts/ensure-python-tools.sh): run `bash scripts/ensure-python-tools.sh`, or change the pin there on purpose');
  }
}

/**
 * What is loaded once per jest worker: jest gives every test file its own module registry and globals, but Node's
 * built-in modules are the worker's own, so the cache hangs off one of them. Models are read-only data.
 */
interface WorkerCache {
  dataDir?: string;
  readonly models: Map<string, ServiceModel>;
  readonly patterns: Map<string, RegExp>;
}
const CACHE_KEY = Symbol.for('cdk-db-snapshots.service-models');
function workerCache(): WorkerCache {
  const holder = os as unknown as Record<symbol, WorkerCache | undefined>;
  return holder[CACHE_KEY] ??= { models: new Map(), patterns: new Map() };
}

/** botocore's data folder, after checking that the installed botocore is the pinned release. */
function botocoreData(): string {
  const cache = workerCache();
  if (cache.dataDir) return cache.dataDir;
  const python = process.env.PYTHON ?? 'python3';
  let answer: { version: string; data: string };
  try {
    answer = JSON.parse(execFileSync(python, ['-c',
      'import botocore, json, os; print(json.dumps({"version": botocore.__version__, "data": os.path.join(os.path.dirname(botocore.__file__), "data")}))'],
    { encoding: 'utf8' }));
  } catch (error) {
    throw new Error(`botocore is not importable with ${python} (run \`bash scripts/ensure-python-tools.sh\`): ${(error as Error).message}`);
  }
  checkBotocoreVersion(answer.version);
  cache.dataDir = answer.data;
  return answer.data;
}

/** The service model of an SDK service id, loaded once per worker. */
export function serviceModel(service: string): ServiceModel {
  const cache = workerCache();
  const cached = cache.models.get(service);
  if (cached) return cached;
  const folder = BOTOCORE_SERVICE[service];
  if (!folder) throw new Error(`no botocore model for the SDK service "${service}": add it to BOTOCORE_SERVICE in test/util/service-models.ts`);
  const serviceDir = path.join(botocoreData(), folder);
  // One API version per service folder; the newest if botocore ever ships two.
  const version = fs.readdirSync(serviceDir).sort().pop()!;
  const file = path.join(serviceDir, version, 'service-2.json');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString('utf8');
  const model = JSON.parse(text) as ServiceModel;
  if (model.metadata.serviceId !== service) {
    throw new Error(`botocore's ${folder} model is of the service "${model.metadata.serviceId}", not "${service}"`);
  }
  cache.models.set(service, model);
  return model;
}

function pattern(source: string): RegExp {
  const cache = workerCache();
  let compiled = cache.patterns.get(source);
  if (!compiled) {
    // The models' patterns are Java regular expressions; those of the operations used here are also valid in
    // JavaScript with the `u` flag, which gives \p{...} classes their Java meaning.
    compiled = new RegExp(source, 'u');
    cache.patterns.set(source, compiled);
  }
  return compiled;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isDate(value: unknown): boolean {
  return Object.prototype.toString.call(value) === '[object Date]';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isDate(value) && !ArrayBuffer.isView(value);
}

/** Every way `value` breaks `shapeName`, each naming the member path, the value and the rule. */
function shapeViolations(model: ServiceModel, shapeName: string, value: unknown, at: string): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${at}: the model has no shape ${shapeName}`];
  const broken = (rule: string) => [`${at} = ${show(value)}: ${rule} (shape ${shapeName})`];
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) return broken('must be a structure');
      const members = shape.members ?? {};
      const violations: string[] = [];
      const given = Object.entries(value).filter(([, memberValue]) => memberValue !== undefined);
      for (const [name] of given) {
        if (!(name in members)) violations.push(`${at}.${name} = ${show(value[name])}: is not a member of ${shapeName} (members: ${Object.keys(members).join(', ')})`);
      }
      for (const name of shape.required ?? []) {
        if (value[name] === undefined || value[name] === null) violations.push(`${at}.${name}: is required by ${shapeName}`);
      }
      if (shape.union && given.length !== 1) {
        violations.push(`${at} = ${show(value)}: a union (${shapeName}) must set exactly one member, sets ${given.length}`);
      }
      for (const [name, memberValue] of given) {
        if (name in members && memberValue !== null) violations.push(...shapeViolations(model, members[name].shape, memberValue, `${at}.${name}`));
      }
      return violations;
    }
    case 'list': {
      if (!Array.isArray(value)) return broken('must be a list');
      const violations: string[] = [];
      if (shape.min !== undefined && value.length < shape.min) violations.push(...broken(`must have at least ${shape.min} items, has ${value.length}`));
      if (shape.max !== undefined && value.length > shape.max) violations.push(...broken(`must have at most ${shape.max} items, has ${value.length}`));
      value.forEach((item, index) => violations.push(...shapeViolations(model, shape.member!.shape, item, `${at}[${index}]`)));
      return violations;
    }
    case 'map': {
      if (!isPlainObject(value)) return broken('must be a map');
      const entries = Object.entries(value);
      const violations: string[] = [];
      if (shape.min !== undefined && entries.length < shape.min) violations.push(...broken(`must have at least ${shape.min} entries, has ${entries.length}`));
      if (shape.max !== undefined && entries.length > shape.max) violations.push(...broken(`must have at most ${shape.max} entries, has ${entries.length}`));
      for (const [key, entry] of entries) {
        violations.push(...shapeViolations(model, shape.key!.shape, key, `${at} key ${show(key)}`));
        violations.push(...shapeViolations(model, shape.value!.shape, entry, `${at}[${show(key)}]`));
      }
      return violations;
    }
    case 'string': {
      if (typeof value !== 'string') return broken('must be a string');
      const violations: string[] = [];
      // Lengths count characters as the model does (code points).
      const length = [...value].length;
      if (shape.min !== undefined && length < shape.min) violations.push(...broken(`must be at least ${shape.min} characters, is ${length}`));
      if (shape.max !== undefined && length > shape.max) violations.push(...broken(`must be at most ${shape.max} characters, is ${length}`));
      if (shape.pattern !== undefined && !pattern(shape.pattern).test(value)) violations.push(...broken(`must match ${shape.pattern}`));
      if (shape.enum !== undefined && !shape.enum.includes(value)) violations.push(...broken(`must be one of ${shape.enum.join(', ')}`));
      return violations;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof value !== 'number' || Number.isNaN(value)) return broken('must be a number');
      if ((shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) return broken('must be a whole number');
      const violations: string[] = [];
      if (shape.min !== undefined && value < shape.min) violations.push(...broken(`must be at least ${shape.min}`));
      if (shape.max !== undefined && value > shape.max) violations.push(...broken(`must be at most ${shape.max}`));
      return violations;
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : broken('must be a boolean');
    case 'timestamp':
      // A Date in a command; its JSON string or epoch number in a request a handler logged.
      return isDate(value) || typeof value === 'string' || typeof value === 'number' ? [] : broken('must be a timestamp');
    case 'blob':
      return [];
    default:
      return [];
  }
}

/** The tags a request writes, as key/value pairs, and where: Redshift's `Tags`, Serverless's `tags`, DocumentDB elastic's map. */
function writtenTags(input: unknown, at: string): Array<{ at: string; tags: Array<{ key: string; value: string | undefined }> }> {
  if (!isPlainObject(input)) return [];
  const found: Array<{ at: string; tags: Array<{ key: string; value: string | undefined }> }> = [];
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (name === 'Tags' || name === 'tags') {
      if (Array.isArray(value)) {
        found.push({
          at: `${at}.${name}`,
          tags: value.map((tag: any) => ({ key: String(tag?.Key ?? tag?.key ?? ''), value: tag?.Value ?? tag?.value })),
        });
      } else if (isPlainObject(value)) {
        found.push({ at: `${at}.${name}`, tags: Object.entries(value).map(([key, tagValue]) => ({ key, value: tagValue as string })) });
      }
    } else if (isPlainObject(value)) {
      found.push(...writtenTags(value, `${at}.${name}`));
    }
  }
  return found;
}

/** Every way the request's tags break the service's documented tag rules. */
function tagRuleViolations(request: ServiceRequest): string[] {
  const service = TAGGED_SERVICE[request.service];
  if (!service) return [];
  const rules = TAG_RULES[service];
  const violations: string[] = [];
  for (const { at, tags } of writtenTags(request.input, 'input')) {
    if (tags.length > rules.maxPerResource) {
      violations.push(`${at}: ${tags.length} tags, but ${service} allows at most ${rules.maxPerResource} per resource (${rules.maxPerResourceSource})`);
    }
    for (const { key, value } of tags) {
      for (const rule of tagKeyViolations(rules, key)) violations.push(`${at} key ${show(key)}: ${rule} (${service} tag rules: ${rules.sources[0]})`);
      if (typeof value === 'string') {
        for (const rule of tagValueViolations(rules, value)) violations.push(`${at}[${show(key)}] = ${show(value)}: ${rule} (${service} tag rules: ${rules.sources[0]})`);
      }
    }
  }
  return violations;
}

/**
 * Every way `request` breaks AWS's model of its operation or AWS's tag rules; empty when AWS would accept it as
 * far as these say. Each names the service, the operation, the member path, the value and the rule.
 */
export function requestViolations(request: ServiceRequest): string[] {
  const model = serviceModel(request.service);
  const operation = model.operations[request.call];
  if (!operation) return [`${request.service} ${request.call}: the ${request.service} model has no operation ${request.call}`];
  const violations = operation.input
    ? shapeViolations(model, operation.input.shape, request.input ?? {}, 'input')
    : [];
  violations.push(...tagRuleViolations(request));
  return violations.map((violation) => `${request.service} ${request.call}: ${violation}`);
}

/** Throws, naming every violation, when AWS would refuse any of `requests`. */
export function expectValidRequests(requests: readonly ServiceRequest[], where: string): void {
  const violations = requests.flatMap(requestViolations);
  if (violations.length > 0) {
    throw new Error(`${where}: ${violations.length} part(s) of the AWS requests sent are invalid by AWS's service model or tag rules:\n  ${violations.join('\n  ')}`);
  }
}
