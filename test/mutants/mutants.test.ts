// Acceptance: the standard conformance run (runConformance with the default oracle,
// world, command weights and budget; only the fixed seed is chosen here) passes the reference
// implementation and kills every mutant of the catalogue, naming the requirement the mutant
// breaks (all but those only generated worlds reach, see `only` in catalogue.ts). Runtime is dominated by shrinking; see the report for per-mutant figures and sharding.
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_RUNS, DEFAULT_SEED, runConformance } from '../../harness/conformance.ts';
import { formatTrace } from '../../harness/format.ts';
import { loadBase, loadMutant } from './build.ts';
import { MUTANTS, expectedRequirements } from './catalogue.ts';
import { STANDARD_RUN_FINDINGS } from './naming-findings.ts';

const standard = (impl: ImplModule, name: string) => runConformance({ sut: () => new ReferenceAdapter(impl, { name }), seed: DEFAULT_SEED, runs: DEFAULT_RUNS });

describe('standard conformance run', () => {
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
  it.each(MUTANTS.filter((m) => m.only === undefined).map((m) => [m.name, m] as const))('kills mutant %s, naming its requirement', async (_name, m) => {
    const r = await standard(await loadMutant(m), `mutant:${m.name}`);
    expect(r.verdict, r.error).toBe('fail');
    const finding = STANDARD_RUN_FINDINGS[m.name];
    if (finding !== undefined) expect(r.counterexample?.requirement, finding.why).toBe(finding.named);
    else expect(expectedRequirements(m)).toContain(r.counterexample?.requirement);
  });
});
