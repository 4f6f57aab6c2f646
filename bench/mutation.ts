// `npm run mutation`: runs StrykerJS (stryker.config.json, generated from .projenrc.ts) with the arguments given,
// times it and writes docs/mutation.md from Stryker's JSON report: per mutated file, how many mutants the tests
// killed, how many survived and how many no test reached. Measurements only: nothing here passes or fails a build.
//
//   npm run mutation                                       every handler module and lib/private/validation.ts
//   npm run mutation -- --mutate lambda/shared/handler.ts  one file (while working: minutes, not an hour)
//   npx ts-node --transpile-only --project test/tsconfig.json bench/mutation.ts --from a.json b.json
//                                                          docs/mutation.md from reports of earlier runs, merged

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ACCEPTED_SURVIVORS, AcceptedSurvivor } from './mutation-accepted';

const ROOT = path.join(__dirname, '..');
const REPORT = path.join(ROOT, 'reports', 'mutation', 'mutation.json');
const DOC = path.join(ROOT, 'docs', 'mutation.md');
/** docs/mutation.md keeps what follows this heading (earlier measurements, by hand) when a run rewrites it. */
const HISTORY_HEADING = '## Earlier measurements';

/** The part of Stryker's JSON report (mutation-testing-report-schema) read here. */
interface MutationReport {
  readonly files: Record<string, {
    /** The file's text as Stryker mutated it (the accepted survivors are matched against its lines). */
    readonly source?: string;
    readonly mutants: ReadonlyArray<{
      readonly mutatorName: string;
      readonly replacement?: string;
      readonly status: string;
      readonly location: {
        readonly start: { readonly line: number; readonly column: number };
        readonly end: { readonly line: number; readonly column: number };
      };
    }>;
  }>;
}

/** What one run (or one earlier run's saved report) contributes: its report and how long it took. */
interface Run {
  readonly report: MutationReport;
  readonly date: string;
  readonly wallSeconds: number;
  readonly args: string[];
}

interface Counts {
  mutants: number;
  killed: number;
  survived: number;
  noCoverage: number;
  accepted: number;
  excluded: number;
}

type Mutant = MutationReport['files'][string]['mutants'][number];

/** A mutated file of the runs: its mutants, and the text they were made in. */
interface MutatedFile {
  readonly mutants: ReadonlyArray<Mutant>;
  readonly lines: string[];
}

/**
 * The entry of bench/mutation-accepted.ts that accepts this survivor, if any: same file and mutator, the mutated
 * line contains the entry's code, and the original text and the replacement are the entry's (where it names them).
 */
function acceptedBy(name: string, file: MutatedFile, mutant: Mutant): AcceptedSurvivor | undefined {
  if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') return undefined;
  const { start, end } = mutant.location;
  const line = file.lines[start.line - 1] ?? '';
  // Stryker's columns count from 1; a mutant over several lines has no one-line original.
  const original = start.line === end.line ? line.slice(start.column - 1, end.column - 1) : undefined;
  return ACCEPTED_SURVIVORS.find((entry) => entry.file === name && entry.mutator === mutant.mutatorName
    && line.includes(entry.code) && (entry.within === undefined || enclosingFunction(file.lines, start.line).includes(entry.within))
    && (entry.original === undefined || entry.original === original)
    && (entry.replacement === undefined || entry.replacement === mutant.replacement));
}

/** The declaration line of the top-level function that line `line` (from 1) is in, or '' outside any. */
function enclosingFunction(lines: string[], line: number): string {
  for (let index = line - 1; index >= 0; index--) {
    if (/^(export )?(async )?function /.test(lines[index])) return lines[index];
  }
  return '';
}

function main(): void {
  const argv = process.argv.slice(2);
  const runs = argv[0] === '--from' ? argv.slice(1).map(readSaved) : [runStryker(argv)];
  const previous = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf-8') : '';
  const history = previous.includes(HISTORY_HEADING) ? `\n${previous.slice(previous.indexOf(HISTORY_HEADING))}` : '';
  const markdown = render(runs) + history;
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  fs.writeFileSync(DOC, markdown);
  console.log(markdown);
}

function runStryker(args: string[]): Run {
  const date = new Date().toISOString();
  const started = Date.now();
  const result = spawnSync('npx', ['stryker', 'run', ...args], { cwd: ROOT, stdio: 'inherit' });
  const wallSeconds = Math.round((Date.now() - started) / 1000);
  if (result.status !== 0) throw new Error(`stryker run exited ${result.status}: no report written`);
  const run = { report: JSON.parse(fs.readFileSync(REPORT, 'utf-8')), date, wallSeconds, args };
  // Kept beside the report, so that runs of single files can be merged later (--from).
  fs.writeFileSync(`${REPORT}.run.json`, JSON.stringify({ date, wallSeconds, args }));
  return run;
}

/** A report saved from an earlier run, with the `.run.json` written beside it. */
function readSaved(file: string): Run {
  const meta = JSON.parse(fs.readFileSync(`${file}.run.json`, 'utf-8'));
  return { report: JSON.parse(fs.readFileSync(file, 'utf-8')), ...meta };
}

/**
 * Killed counts Stryker's "Timeout" too (the mutant made a test hang: detected). Mutants that do not compile
 * ("CompileError", found by the TypeScript checker) or crash the runner ("RuntimeError"), and survivors
 * bench/mutation-accepted.ts accepts, are not counted in the score. Production code carries no
 * `// Stryker disable` comments: the accepted survivors and their reasons are listed in one place, the report.
 */
function count(name: string, file: MutatedFile): Counts {
  const counts: Counts = { mutants: file.mutants.length, killed: 0, survived: 0, noCoverage: 0, accepted: 0, excluded: 0 };
  for (const mutant of file.mutants) {
    if (mutant.status === 'Killed' || mutant.status === 'Timeout') counts.killed++;
    else if (acceptedBy(name, file, mutant)) counts.accepted++;
    else if (mutant.status === 'Survived') counts.survived++;
    else if (mutant.status === 'NoCoverage') counts.noCoverage++;
    else counts.excluded++;
  }
  return counts;
}

function score(counts: Counts): string {
  const judged = counts.killed + counts.survived + counts.noCoverage;
  return judged === 0 ? 'n/a' : `${(100 * counts.killed / judged).toFixed(1)}%`;
}

function row(name: string, counts: Counts): string {
  return `| ${name} | ${counts.mutants} | ${counts.killed} | ${counts.survived} | ${counts.noCoverage} | ${counts.accepted} | ${counts.excluded} | ${score(counts)} |`;
}

function render(runs: Run[]): string {
  const files = new Map<string, MutatedFile>();
  for (const run of runs) {
    for (const [file, result] of Object.entries(run.report.files)) {
      const source = result.source ?? fs.readFileSync(path.join(ROOT, file), 'utf-8');
      files.set(file, { mutants: result.mutants, lines: source.split('\n') });
    }
  }
  const names = [...files.keys()].sort();
  const total: Counts = { mutants: 0, killed: 0, survived: 0, noCoverage: 0, accepted: 0, excluded: 0 };
  const rows = names.map((name) => {
    const counts = count(name, files.get(name)!);
    for (const key of Object.keys(total) as Array<keyof Counts>) total[key] += counts[key];
    return row(name, counts);
  });
  const survivors = names.flatMap((name) => files.get(name)!.mutants
    .filter((mutant) => (mutant.status === 'Survived' || mutant.status === 'NoCoverage') && !acceptedBy(name, files.get(name)!, mutant))
    .map((mutant) => `| ${name}:${mutant.location.start.line} | ${mutant.status} | ${mutant.mutatorName} | \`${oneLine(mutant.replacement ?? '')}\` |`));
  const wall = runs.reduce((sum, run) => sum + run.wallSeconds, 0);
  const runLines = runs.map((run) => `- ${run.date}: \`stryker run${run.args.map((arg) => ' ' + (arg === '' ? '""' : arg)).join('')}\`, ${minutes(run.wallSeconds)}`);
  const unchecked = runs.some((run) => run.args.includes('--checkers'));
  return [
    '# Mutation testing',
    '',
    '`npm run mutation` (bench/mutation.ts) runs StrykerJS over every handler module (`lambda/**/*.ts`) and',
    '`lib/private/validation.ts` with the jest tests that exercise them in-process, and writes this file.',
    'A mutant is one small change to the code (a condition negated, a string emptied, a call removed); a test',
    'that fails on it kills it. A survivor is a change no test notices.',
    '',
    `Measured ${runs.length === 1 ? 'by one run' : `by ${runs.length} runs, one per file`}, ${minutes(wall)} wall time in all, on this project's machine (2 cores):`,
    '',
    ...runLines,
    '',
    '| file | mutants | killed | survived | no coverage | accepted | not counted | score |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    row('**all**', total),
    '',
    'Score = killed ÷ (killed + survived + no coverage). Killed includes timeouts (the mutant made a test hang).',
    '"Accepted": survivors listed under "Accepted survivors" below, changes that cannot alter behaviour.',
    '"Not counted": mutants that do not type-check (the TypeScript checker rejects them before any test runs),',
    'or that crash the runner.',
    ...(unchecked ? [
      '',
      '**Runs with `--checkers ""`** skipped the TypeScript checker (to fit a measurement on a busy machine): their',
      'mutants that would not compile were run as they are, and count as killed or survived by what the tests saw.',
    ] : []),
    '',
    ...(survivors.length === 0 ? ['No mutant survived.'] : [
      '## Survivors',
      '',
      '| where | status | mutator | replaced by |',
      '| --- | --- | --- | --- |',
      ...survivors,
    ]),
    '',
    ...acceptedSection(files),
    '',
    SETUP,
  ].join('\n');
}

/**
 * Every entry of bench/mutation-accepted.ts, where it is in the code today, and what the runs saw of it: a
 * survivor no longer seen (a test kills it now, or the code changed) is named, so that the list does not rot.
 */
function acceptedSection(files: Map<string, MutatedFile>): string[] {
  const rows = ACCEPTED_SURVIVORS.map((entry) => {
    const lines = files.get(entry.file)?.lines ?? fs.readFileSync(path.join(ROOT, entry.file), 'utf-8').split('\n');
    const at = lines.flatMap((text, index) => text.includes(entry.code)
      && (entry.within === undefined || enclosingFunction(lines, index + 1).includes(entry.within)) ? [index + 1] : []);
    const file = files.get(entry.file);
    const seen = file?.mutants.filter((mutant) => acceptedBy(entry.file, file, mutant) === entry).length;
    const runs = seen === undefined ? 'file not mutated' : seen === 0 ? '**not seen: drop the entry**' : `${seen} survived`;
    const where = at.length === 0 ? `${entry.file} (**line not found: update the entry**)` : `${entry.file}:${at.join(', ')}`;
    const original = entry.original === undefined ? '' : ` of \`${oneLine(entry.original)}\``;
    const replacement = entry.replacement === undefined ? '' : ` → \`${oneLine(entry.replacement)}\``;
    return `| ${where} | \`${oneLine(entry.code)}\` | ${entry.mutator}${original}${replacement} | ${oneLine(entry.why, 400)} | ${runs} |`;
  });
  return [
    '## Accepted survivors',
    '',
    'Mutants that survive because no test can tell them from the code: the change cannot alter what the handler',
    'does. They are listed here, with the reason, instead of `// Stryker disable` comments in production code;',
    'bench/mutation-accepted.ts holds the list, and each run counts a matching survivor as "accepted". "In these',
    'runs" says what the runs above saw: a survivor no longer seen has been killed by a test or its code changed.',
    '',
    '| where | code | mutator (of what → replaced by) | why the change cannot alter behaviour | in these runs |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ];
}

const SETUP = `## What it takes to run Stryker here

- **Version**: StrykerJS 9.6 (\`@stryker-mutator/core\`, \`jest-runner\`, \`typescript-checker\`, all \`~9.6.1\`).
  Its engines accept Node 20, which these machines run; 10.x requires Node 22.
- **What is mutated**: Stryker's default \`mutate\` patterns (\`src/**\`, \`lib/**\`, ...) do not cover \`lambda/\`;
  \`stryker.config.json\` (generated from \`.projenrc.ts\`) names \`lambda/**/*.ts\` and \`lib/private/validation.ts\`.
- **Type check**: the TypeScript checker uses \`tsconfig.mutation.json\` (generated), whose program is \`lambda/\`
  and what it imports: the root \`tsconfig.json\` is jsii's and covers \`lib/\` only, and the dev tsconfig's tests,
  examples and aws-cdk-lib (3,600 files, with \`lib/private/validation.ts\`) made every check several times slower.
  \`lib/private/validation.ts\` is therefore mutated without a type check. Mutants that do not compile are left out,
  not run. The checker recompiles for each mutant and is the slow part of a run (seconds per mutant here);
  \`--checkers ""\` skips it for a quick look at the survivors of one file.
- **Tests**: the jest config of \`package.json\` with \`testMatch\` narrowed to the tests that call the code
  in-process: \`test/handlers/**\` (the handlers against mocked SDK clients) and \`test/validation.test.ts\`
  (validation helper by helper; the construct tests and the catalogue check it too, but synthesize stacks for
  every mutant: half an hour for validation.ts here, against a minute). \`enableFindRelatedTests\` makes a mutant run only the test files
  that import its file (without it, every mutant loaded every test file, aws-cdk-lib and all). The lifecycle, wire, fault, cloudformation, bindings, audit and
  package tests run the bundle (\`assets/\`) in other processes, where no mutant is, and take minutes: a
  behaviour they check is covered by a handler test of the same behaviour. \`coverageAnalysis: perTest\` runs
  for each mutant only the tests that reach it.
- **Sandbox**: Stryker copies the work tree; \`ignorePatterns\` leaves out build output and the integ snapshots.
- **CPU**: \`concurrency: 2\` (the machine's cores). One file at a time while working:
  \`npm run mutation -- --mutate lambda/<kind>/index.ts\` (then \`--concurrency 1\` if others share the machine).
`;

function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

if (require.main === module) main();
