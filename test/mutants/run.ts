// npm run mutants: runs the standard conformance check (runConformance with its default budget)
// against every mutant of test/mutants/catalogue.ts and prints one JSON line per mutant:
//   {"mutant", "killed", "requirement", "expected", "correct", "property", "runs", "ms", "traceLength"}
// then a summary line. Options: --seed <n> (default DEFAULT_SEED), --runs <n> (default
// DEFAULT_RUNS), --only <name,...>, --oracle model|reference (reference: differential against
// the unmutated implementation instead of the model), --reference (also run the unmutated one),
// --check default (the default check instead: test/mutants/default-check.ts, one line per mutant).
// A mutant marked `only` (catalogue.ts) is out of the standard run's reach: its line says so.
import { ReferenceAdapter } from '../../harness/adapters/reference-adapter.ts';
import { ReferenceOracle } from '../../harness/adapters/reference-oracle.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, runConformance, type ConformanceResult } from '../../harness/conformance.ts';
import type { OracleFactory } from '../../harness/adapter.ts';
import { loadBase, loadMutant } from './build.ts';
import { MUTANTS, expectedRequirements, type Mutant } from './catalogue.ts';
import { defaultCheck } from './default-check.ts';

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

if (arg('check') === 'default') {
  for (const m of MUTANTS) {
    if (only !== undefined && !only.includes(m.name)) continue;
    const r = await defaultCheck(m);
    console.log(JSON.stringify({ mutant: m.name, class: m.class, killed: r.exitCode === 1, requirement: r.requirement ?? null, expected: expectedRequirements(m), correct: r.exitCode === 1 && expectedRequirements(m).includes(r.requirement ?? ''), property: r.property ?? null, seed: r.seed ?? null, ms: r.ms }));
  }
  process.exit(0);
}

const results: Record<string, unknown>[] = [];
if (process.argv.includes('--reference') || only === undefined) {
  const r = await one(null);
  results.push(r);
  console.log(JSON.stringify(r));
}
for (const m of MUTANTS) {
  if (only !== undefined && !only.includes(m.name)) continue;
  const r = { ...(await one(m)), class: m.class, ...(m.only === undefined ? {} : { only: m.only.check }) };
  results.push(r);
  console.log(JSON.stringify(r));
}
const mutants = results.filter((r) => r['mutant'] !== '(reference)');
console.log(JSON.stringify({ summary: true, seed, runs, mutants: mutants.length, killed: mutants.filter((r) => r['killed']).length, correctlyNamed: mutants.filter((r) => r['correct']).length, referencePasses: results.find((r) => r['mutant'] === '(reference)')?.['correct'] ?? null }));
