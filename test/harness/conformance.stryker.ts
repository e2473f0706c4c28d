// The conformance check as StrykerJS runs it (stryker.config.mjs): the default check's own
// machinery (harness/cli: generated worlds, placements against pristine peers, the tester's
// wire checks, the active lower tester) over the implementation under test, which is impl/ as
// the bundled SUT resolves it, i.e. Stryker's mutated sandbox copy. The tester's own entities
// come from the pristine impl/ that stryker.config.mjs extracts from git HEAD
// (PROAUTH_PRISTINE_IMPL), and its codec and crypto are harness/tester's, which Stryker does
// not mutate: a mutation of impl/ never changes the tester. Shrinking is off: only the
// verdict counts. Not part of the regular suite (the file name does not end in .test.ts).
import { expect, it } from 'vitest';
import { CliSutAdapter, runSeed, DEFAULT_STEPS } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';

const RUNS = Number(process.env['PROAUTH_STRYKER_RUNS'] ?? 60);

it('the implementation passes the default check', async () => {
  if (process.env['PROAUTH_PRISTINE_IMPL'] === undefined) throw new Error('PROAUTH_PRISTINE_IMPL is not set (run through stryker.config.mjs)');
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
