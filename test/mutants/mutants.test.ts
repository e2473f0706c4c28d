// Acceptance: the standard conformance run (runConformance with the default oracle,
// world, command weights and budget; only the fixed seed is chosen here) passes the reference
// implementation and kills every mutant of the catalogue, naming the requirement the mutant
// breaks (all but those only generated worlds reach, see `only` in catalogue.ts). For a mutant
// only the recorded first failing run is made, and the replay of the counterexample it shrinks to
// (standard-run-record.ts says why that is the same judgement); PROAUTH_MUTANTS_FULL=1 makes every
// run and the shrinking, and holds them to the record.
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, runConformance, type ConformanceResult } from '../../harness/conformance.ts';
import { formatTrace } from '../../harness/format.ts';
import { loadBase, loadMutant } from './build.ts';
import { MUTANTS, expectedRequirements } from './catalogue.ts';
import { fullCheck } from './default-check-record.ts';
import { STANDARD_RECORD_COMMAND, loadStandardRecord } from './standard-run-record.ts';
import { STANDARD_RUN_FINDINGS } from './naming-findings.ts';

/** The standard run, or (with a path) fast-check's replay of it: run `path` alone, or a shrunk counterexample. */
const standard = (impl: ImplModule, name: string, replay?: { readonly path: string; readonly runs: number }): Promise<ConformanceResult> =>
  runConformance({ sut: () => new ReferenceAdapter(impl, { name }), seed: DEFAULT_SEED, runs: replay?.runs ?? DEFAULT_RUNS, ...(replay === undefined ? {} : { path: replay.path }) });

const record = loadStandardRecord();
const mode = fullCheck() ? 'every run' : 'the recorded run';

describe(`standard conformance run (seed ${DEFAULT_SEED}, ${DEFAULT_RUNS} runs; for a mutant ${mode})`, () => {
  let base: ImplModule;
  beforeAll(async () => {
    base = await loadBase();
  });

  it('passes the reference implementation', async () => {
    const r = await standard(base, 'reference');
    const ce = r.counterexample;
    expect(r.verdict, ce === undefined ? r.error : `${ce.message}\n${formatTrace(ce.trace, ce.observations)}`).toBe('pass');
    expect(r.runs).toBe(DEFAULT_RUNS);
  });

  // A mutant marked `only` is out of this world's reach by nature (its `why`); the default
  // check kills it (test/mutants/default-check*.test.ts).
  it.each(MUTANTS.filter((m) => m.only === undefined).map((m) => [m.name, m] as const))('kills mutant %s, naming its requirement', async (name, m) => {
    const recorded = record.kills[name];
    expect(recorded, `no recorded kill for ${name}: ${STANDARD_RECORD_COMMAND}`).toBeDefined();
    const { run, path } = recorded!;
    expect(run, `recorded run of ${name} outside the standard run's ${DEFAULT_RUNS}`).toBeGreaterThanOrEqual(0);
    expect(run).toBeLessThan(DEFAULT_RUNS);
    expect(path.split(/[:~]/)[0], `the path of ${name} is not of its run ${run}`).toBe(String(run));
    const stale = `the record of ${name} (run ${run}, path ${path}) no longer holds; if the runs changed: ${STANDARD_RECORD_COMMAND}`;
    const impl = await loadMutant(m);
    let named: ConformanceResult;
    if (fullCheck()) {
      named = await standard(impl, `mutant:${name}`);
      expect(named.verdict, named.error).toBe('fail');
      expect({ run: named.runs - 1, path: named.counterexample?.replayOptions.path }, stale).toEqual({ run, path });
    } else {
      // Run `run` alone, unshrunk: fast-check replays a path without ":" for `runs` runs from there, so one.
      const alone = await standard(impl, `mutant:${name}`, { path: String(run), runs: 1 });
      expect(alone.verdict, alone.error ?? stale).toBe('fail');
      expect(alone.counterexample?.replayOptions.path.split('~')[0], stale).toBe(String(run));
      named = await standard(impl, `mutant:${name}`, { path, runs: DEFAULT_RUNS });
      expect(named.verdict, named.error ?? stale).toBe('fail');
      expect(named.counterexample?.replayOptions.path, stale).toBe(path);
    }
    const requirement = named.counterexample?.requirement;
    const finding = STANDARD_RUN_FINDINGS[name];
    if (finding !== undefined) expect(requirement, finding.why).toBe(finding.named);
    else expect(expectedRequirements(m), `${named.counterexample?.property} at run ${run}`).toContain(requirement);
    expect({ requirement, property: named.counterexample?.property }, stale).toEqual({ requirement: recorded!.requirement, property: recorded!.property });
  });
});
