// npm run mutants: runs the standard conformance check (runConformance with its default budget)
// against every mutant of test/mutants/catalogue.ts and prints one JSON line per mutant:
//   {"mutant", "killed", "requirement", "expected", "correct", "property", "path", "runs", "ms", "traceLength"}
// then a summary line. Options: --seed <n> (default DEFAULT_SEED), --runs <n> (default
// DEFAULT_RUNS), --only <name,...>, --oracle model|reference (reference: differential against
// the unmutated implementation instead of the model), --reference (also run the unmutated one),
// --check default (the default check instead: test/mutants/default-check.ts, one line per mutant;
// with --shard i/n only that shard, with --jobs n all shards in n processes side by side, and with
// --record the first failing seeds into default-check-record.json, which the test suite replays).
// A mutant marked `only` (catalogue.ts) is out of the standard run's reach: its line says so.
import { ReferenceAdapter } from '../../harness/adapters/reference-adapter.ts';
import { ReferenceOracle } from '../../harness/adapters/reference-oracle.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, runConformance, type ConformanceResult } from '../../harness/conformance.ts';
import type { OracleFactory } from '../../harness/adapter.ts';
import { loadBase, loadMutant } from './build.ts';
import { MUTANTS, expectedRequirements, type Mutant } from './catalogue.ts';
import { defaultCheck, shardOf } from './default-check.ts';
import { RECORD_FILE, loadRecord, writeRecord, type RecordedKill } from './default-check-record.ts';
import { STANDARD_RECORD_FILE, loadStandardRecord, writeStandardRecord, type RecordedStandardKill } from './standard-run-record.ts';
import { parseShard, type Shard } from '../../harness/cli/shard.ts';
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

const seed = Number(arg('seed') ?? DEFAULT_SEED);
const runs = Number(arg('runs') ?? DEFAULT_RUNS);
const only = arg('only')?.split(',');
const base = await loadBase();
const oracle: OracleFactory | undefined = arg('oracle') === 'reference' ? () => new ReferenceOracle(base) : undefined;

function line(name: string, r: ConformanceResult, expected: readonly string[] | null, ms: number): Record<string, unknown> {
  const ce = r.counterexample;
  const killed = r.verdict === 'fail';
  return {
    mutant: name,
    killed,
    requirement: ce?.requirement ?? null,
    expected,
    correct: expected === null ? r.verdict === 'pass' : killed && ce !== undefined && expected.includes(ce.requirement),
    property: ce?.property ?? null,
    path: ce?.replayOptions.path ?? null,
    runs: r.runs,
    ms: Math.round(r.msToDetection ?? ms),
    totalMs: Math.round(ms),
    traceLength: ce?.length ?? null,
    ...(r.verdict === 'error' ? { error: r.error?.slice(0, 300) } : {}),
  };
}

async function one(m: Mutant | null): Promise<Record<string, unknown>> {
  const impl = m === null ? base : await loadMutant(m);
  const t = performance.now();
  const r = await runConformance({ sut: () => new ReferenceAdapter(impl, { name: m === null ? 'reference' : `mutant:${m.name}` }), seed, runs, ...(oracle === undefined ? {} : { oracle }) });
  return line(m === null ? '(reference)' : m.name, r, m === null ? null : expectedRequirements(m), performance.now() - t);
}

const recording = process.argv.includes('--record');
if (recording && arg('check') === undefined && (seed !== DEFAULT_SEED || runs !== DEFAULT_RUNS || oracle !== undefined)) {
  console.error('--record records the standard run: no --seed, --runs or --oracle');
  process.exit(2);
}

if (arg('check') === 'default') {
  const shard = arg('shard') === undefined ? undefined : parseShard(arg('shard')!);
  const jobs = Number(arg('jobs') ?? 1);
  const lines = jobs > 1 ? await inChildren(jobs) : await defaultCheckLines(shard);
  if (recording) record(lines);
  process.exit(0);
}

/** One JSON line per mutant of the shard, printed as it ends. */
async function defaultCheckLines(shard: Shard | undefined): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const mutants = shard === undefined ? MUTANTS : shardOf(MUTANTS, shard.index, shard.count);
  for (const m of mutants) {
    if (only !== undefined && !only.includes(m.name)) continue;
    const r = await defaultCheck(m);
    const line = { mutant: m.name, class: m.class, killed: r.exitCode === 1, requirement: r.requirement ?? null, expected: expectedRequirements(m), correct: r.exitCode === 1 && expectedRequirements(m).includes(r.requirement ?? ''), property: r.property ?? null, seed: r.seed ?? null, path: r.path ?? null, ms: r.ms };
    console.log(JSON.stringify(line));
    lines.push(line);
  }
  return lines;
}

/** --jobs n: the shards i/n in n processes side by side, their lines passed through. */
async function inChildren(jobs: number): Promise<Record<string, unknown>[]> {
  const pass = process.argv.slice(2).filter((a, i, all) => a !== '--record' && a !== '--jobs' && all[i - 1] !== '--jobs');
  const children = Array.from({ length: jobs }, (_, i) => execa(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...pass, '--shard', `${i}/${jobs}`], { stderr: 'inherit', lines: true }));
  const lines: Record<string, unknown>[] = [];
  for (const c of children) {
    const r = await c;
    for (const l of r.stdout) {
      console.log(l);
      lines.push(JSON.parse(l) as Record<string, unknown>);
    }
  }
  return lines;
}

/** --record: the first failing seed of every mutant, into default-check-record.json; a survivor is not recorded. */
function record(lines: readonly Record<string, unknown>[]): void {
  const kills: Record<string, RecordedKill> = only === undefined ? {} : { ...loadRecord().kills };
  for (const l of lines) {
    const name = String(l['mutant']);
    if (l['killed'] === true) kills[name] = { seed: Number(l['seed']), path: String(l['path']), requirement: String(l['requirement']), property: String(l['property']) };
    else {
      delete kills[name];
      console.error(`not recorded: ${name} survived the default check`);
    }
  }
  writeRecord(kills);
  console.error(`recorded ${Object.keys(kills).length} kills in ${fileURLToPath(RECORD_FILE)}`);
}

const results: Record<string, unknown>[] = [];
if (process.argv.includes('--reference') || only === undefined) {
  const r = await one(null);
  results.push(r);
  console.log(JSON.stringify(r));
}
for (const m of MUTANTS) {
  if (only !== undefined && !only.includes(m.name)) continue;
  // What the record leaves out need not run: a mutant out of the standard run's reach.
  if (recording && m.only !== undefined) continue;
  const r = { ...(await one(m)), class: m.class, ...(m.only === undefined ? {} : { only: m.only.check }) };
  results.push(r);
  console.log(JSON.stringify(r));
}
const mutants = results.filter((r) => r['mutant'] !== '(reference)');
console.log(JSON.stringify({ summary: true, seed, runs, mutants: mutants.length, killed: mutants.filter((r) => r['killed']).length, correctlyNamed: mutants.filter((r) => r['correct']).length, referencePasses: results.find((r) => r['mutant'] === '(reference)')?.['correct'] ?? null }));
if (recording) recordStandard(results);

/** --record without --check: the standard run's kill of every mutant it is to kill, into standard-run-record.json. */
function recordStandard(lines: readonly Record<string, unknown>[]): void {
  const kills: Record<string, RecordedStandardKill> = only === undefined ? {} : { ...loadStandardRecord().kills };
  for (const l of lines) {
    const name = String(l['mutant']);
    if (name === '(reference)') continue;
    if (l['killed'] === true) {
      // The path's first number is the failing run's index, which the run count must agree with.
      const path = String(l['path']);
      const run = Number(path.split(/[:~]/)[0]);
      if (run !== Number(l['runs']) - 1) throw new Error(`${name}: the path ${path} names run ${run}, but the run failed after ${String(l['runs'])} runs`);
      kills[name] = { run, path, requirement: String(l['requirement']), property: String(l['property']) };
    } else {
      delete kills[name];
      console.error(`not recorded: ${name} survived the standard run`);
    }
  }
  writeStandardRecord(kills);
  console.error(`recorded ${Object.keys(kills).length} kills in ${fileURLToPath(STANDARD_RECORD_FILE)}`);
}
