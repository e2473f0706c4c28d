// Each remedy the wire carries is judged by lockstep against impl/ (harness/remedy/
// lockstep-variants.ts): the model oracle runs the variant, the ReferenceAdapter runs impl/ with
// the policy that implements it, over generated worlds as the CLI check draws them, and they
// must agree. A negative control runs the variant against impl/'s default policy, and the
// default model against the variant's policy: where the difference is reachable in these runs
// both must fail, which shows the judge sees the variant at all.
import { describe, expect, it } from 'vitest';
import { ReferenceAdapter, referenceModule } from '../../harness/adapters/reference-adapter.ts';
import { CLI_WEIGHTS, DEFAULT_STEPS } from '../../harness/cli/engine.ts';
import { runConformance, type ConformanceResult } from '../../harness/conformance.ts';
import { REFERENCE_PICS } from '../../harness/pics/pics.ts';
import { worldArbitrary } from '../../harness/pics/pics-world.ts';
import { judgedVariants, LOCKSTEP_VARIANTS, type LockstepVariant } from '../../harness/remedy/lockstep-variants.ts';
import type { ImplPolicyOptions } from '../../impl/config.ts';
import type { Variant } from '../../model/variants.ts';
import { READINGS } from '../../model/variants.ts';
import { PROPERTIES } from '../../properties/index.ts';

/** The seeds the negative control searches for a first failure. */
const SEEDS = [1, 2, 3, 4, 5, 6];
/** The seeds a variant must pass with its policy: 80 runs over generated worlds. */
const PASS_SEEDS = [1, 2, 3, 4];
const RUNS = 20;

async function run(v: LockstepVariant, seed: number, variant: Partial<Variant> | undefined, policy: Partial<ImplPolicyOptions> | undefined): Promise<ConformanceResult> {
  const impl = await referenceModule();
  const waived = v.waived ?? [];
  return runConformance({
    sut: () => new ReferenceAdapter(impl, policy === undefined ? {} : { policy }),
    ...(variant === undefined ? {} : { variant }),
    catalogue: PROPERTIES.filter((p) => !waived.includes(p.id)),
    worlds: worldArbitrary(REFERENCE_PICS),
    seed,
    runs: RUNS,
    maxCommands: DEFAULT_STEPS,
    weights: { ...CLI_WEIGHTS, ...v.weights },
    maxShrinkRuns: 0,
  });
}

/** The first seed whose run fails (a divergence or a property of the SUT), else null. */
async function firstFailure(v: LockstepVariant, variant: Partial<Variant> | undefined, policy: Partial<ImplPolicyOptions> | undefined): Promise<ConformanceResult | null> {
  for (const seed of SEEDS) {
    const r = await run(v, seed, variant, policy);
    expect(r.error, `${v.id} control, seed ${seed}`).toBeUndefined();
    if (r.verdict === 'fail') return r;
  }
  return null;
}

describe('the lockstep variant table', () => {
  it('names variants of the model, each with a policy or the reason it has none', () => {
    for (const v of LOCKSTEP_VARIANTS) {
      expect(READINGS[v.id], v.id).toBeDefined();
      for (const [axis, id] of Object.entries(v.variant)) expect(READINGS[id as keyof typeof READINGS]?.axis, v.id).toBe(axis);
      if (v.policy === null) expect(v.reason, v.id).toMatch(/not implemented by the reference/);
      for (const p of v.waived ?? []) expect(PROPERTIES.some((q) => q.id === p), `${v.id} waives ${p}`).toBe(true);
      if ((v.waived ?? []).length > 0) expect(v.waivedBecause, v.id).toBeTruthy();
      if (v.unreached !== undefined) expect(v.unreached, v.id).not.toBe('');
    }
  });
});

describe.each(judgedVariants().map((v) => [v.id, v] as const))('%s judged by lockstep against impl/', (id, v) => {
  it('passes with the policy that implements it', async () => {
    for (const seed of PASS_SEEDS) {
      const r = await run(v, seed, v.variant, v.policy);
      expect(r.error, `${id}, seed ${seed}`).toBeUndefined();
      expect(r.counterexample?.message, `${id}, seed ${seed}`).toBeUndefined();
      expect(r.verdict, `${id}, seed ${seed}`).toBe('pass');
      expect(r.runs, `${id}, seed ${seed}`).toBe(RUNS);
    }
  }, 120_000);

  // A variant whose difference these runs never reach says why (lockstep-variants.ts `unreached`).
  it.skipIf(v.unreached !== undefined)('fails against the default policy, and the default model fails the policy', async () => {
    const againstDefaultImpl = await firstFailure(v, v.variant, undefined);
    expect(againstDefaultImpl?.counterexample?.kind, `${id} against impl/'s default policy`).toMatch(/^(divergence|property)$/);
    const againstDefaultModel = await firstFailure(v, undefined, v.policy);
    expect(againstDefaultModel?.counterexample?.kind, `${id}'s policy against the default model`).toMatch(/^(divergence|property)$/);
  }, 120_000);
});
