// The conformance check as StrykerJS runs it (stryker.config.mjs): the default check's own
// machinery (harness/cli: generated worlds, placements against pristine peers, the tester's
// wire checks, the active lower tester) over the implementation under test, which is impl/ as
// the bundled SUT resolves it, i.e. Stryker's mutated sandbox copy. The tester's own entities
// come from the pristine impl/ that stryker.config.mjs extracts from git HEAD
// (PROAUTH_PRISTINE_IMPL), and its codec and crypto are harness/tester's, which Stryker does
// not mutate: a mutation of impl/ never changes the tester. The in-process lockstep
// (harness/adapters/reference-adapter.ts over impl/system.ts, as the harness's own tests drive
// it) is the second half: it plays every role with the implementation's ImplSystem, which the
// CLI path does not use. The third runs that lockstep once more for every remedy impl/ implements
// (harness/remedy/lockstep-variants.ts: the model runs the variant, impl/ the policy), so the
// policy code a default-configured SUT never runs is judged too. Shrinking is off: only the
// verdict counts. Not part of the regular suite (the file name does not end in .test.ts).
//
// Everything is imported inside the tests: a mutant of a module-level table (impl/wire/format.ts)
// that throws while the module loads then fails a test, instead of leaving vitest with a file
// that never loaded and no test run, which StrykerJS counts as survived.
//
// Each test loads every module afresh: StrykerJS's perTest coverage credits a mutant to the test
// that runs it, and a module's top level (a table such as config's, a per-process cache such as
// the shared random streams or the last provisioned world) runs only in the first test that
// loads it. Without the reset such a mutant counted as covered by that test alone and was never
// run against the other two, which may be the ones that kill it.
import { beforeEach, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

const RUNS = Number(process.env['PROAUTH_STRYKER_RUNS'] ?? 60);
const IN_PROCESS_SEEDS = 3;
const IN_PROCESS_RUNS = 20;
// A remedy's decisive case is as rare as the default check's (a stale serving SA at the TPoS, a
// grant against the fallback flag): the second stage gives the remedies a tenth of its budget each.
const VARIANT_RUNS = Math.max(5, Math.round(RUNS / 10));

it('the implementation passes the default check', async () => {
  if (process.env['PROAUTH_PRISTINE_IMPL'] === undefined) throw new Error('PROAUTH_PRISTINE_IMPL is not set (run through stryker.config.mjs)');
  const { CliSutAdapter, runSeed, DEFAULT_STEPS } = await import('../../harness/cli/engine.ts');
  const { openSut } = await import('../../harness/cli/sut.ts');
  const sut = await openSut({ timeoutMs: 10_000 });
  const adapter = new CliSutAdapter(sut.adapter, sut.name);
  try {
    for (let seed = 1; seed <= RUNS; seed++) {
      const r = await runSeed(sut, adapter, seed, { steps: DEFAULT_STEPS, model: true, maxShrinkRuns: 0 });
      expect(r.error, `seed ${seed}`).toBeUndefined();
      expect(r.counterexample?.message, `seed ${seed}`).toBeUndefined();
    }
  } finally {
    await sut.close();
  }
}, 300_000);

it('the implementation passes the in-process lockstep over generated worlds', async () => {
  const { ReferenceAdapter, referenceModule } = await import('../../harness/adapters/reference-adapter.ts');
  const { CLI_WEIGHTS, DEFAULT_STEPS } = await import('../../harness/cli/engine.ts');
  const { runConformance } = await import('../../harness/conformance.ts');
  const { REFERENCE_PICS } = await import('../../harness/pics/pics.ts');
  const { worldArbitrary } = await import('../../harness/pics/pics-world.ts');
  const impl = await referenceModule();
  for (let seed = 1; seed <= IN_PROCESS_SEEDS; seed++) {
    const r = await runConformance({
      sut: () => new ReferenceAdapter(impl),
      worlds: worldArbitrary(REFERENCE_PICS),
      seed,
      runs: IN_PROCESS_RUNS,
      maxCommands: DEFAULT_STEPS,
      weights: CLI_WEIGHTS,
      maxShrinkRuns: 0,
    });
    expect(r.error, `seed ${seed}`).toBeUndefined();
    expect(r.counterexample?.message, `seed ${seed}`).toBeUndefined();
    expect(r.verdict, `seed ${seed}`).toBe('pass');
  }
}, 300_000);

it('the implementation passes the lockstep of every remedy it implements', async () => {
  const { ReferenceAdapter, referenceModule } = await import('../../harness/adapters/reference-adapter.ts');
  const { CLI_WEIGHTS, DEFAULT_STEPS } = await import('../../harness/cli/engine.ts');
  const { runConformance } = await import('../../harness/conformance.ts');
  const { REFERENCE_PICS } = await import('../../harness/pics/pics.ts');
  const { worldArbitrary } = await import('../../harness/pics/pics-world.ts');
  const { judgedVariants } = await import('../../harness/remedy/lockstep-variants.ts');
  const { PROPERTIES } = await import('../../properties/index.ts');
  const impl = await referenceModule();
  for (const v of judgedVariants()) {
    const waived = v.waived ?? [];
    const r = await runConformance({
      sut: () => new ReferenceAdapter(impl, { policy: v.policy }),
      variant: v.variant,
      catalogue: PROPERTIES.filter((p) => !waived.includes(p.id)),
      worlds: worldArbitrary(REFERENCE_PICS),
      seed: 1,
      runs: VARIANT_RUNS,
      maxCommands: DEFAULT_STEPS,
      weights: { ...CLI_WEIGHTS, ...v.weights },
      maxShrinkRuns: 0,
    });
    expect(r.error, v.id).toBeUndefined();
    expect(r.counterexample?.message, v.id).toBeUndefined();
    expect(r.verdict, v.id).toBe('pass');
  }
}, 300_000);
