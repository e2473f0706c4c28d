// The catalogue's contract with the lockstep driver (properties/types.ts): a property compares
// names (SA keys, nonces, K) only for equality, each kind only with its own kind, and reads key
// evidence that says "nothing wrong seen" alike however it is said. The driver relies on it to
// judge an SUT whose observations are the model's renamed by the model's verdict
// (harness/lockstep.ts). Checked here on the reference implementation and on mutants that break
// it through names: renaming every name of a trace and dropping its silent evidence changes no
// verdict, neither a pass nor the step and property of a failure.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import type { Observation, PduObservation, SaObservation, Stimulus } from '../../vocabulary/observation.ts';
import { initialFacts, judgeStep } from '../../properties/index.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { MUTANTS } from '../mutants/catalogue.ts';

/** Mutants whose faults show in names (nonces, keys, K) or in key evidence. */
const NAME_MUTANTS = ['nonce-t-echoes-nonce-n', 'k-not-bound-to-tpos', 'k-sent-unprotected', 'kdf-nonce-order-mn', 'old-spos-keeps-sa'];

const impls = new Map<string, ImplModule>();
beforeAll(async () => {
  impls.set('reference', await loadBase());
  for (const name of NAME_MUTANTS) impls.set(name, await loadMutant(MUTANTS.find((m) => m.name === name)!));
});

/** The SUT's observations along stimuli the model enables (cut where the SUT refuses one). */
function observe(impl: ImplModule, picks: readonly number[]): { trace: Stimulus[]; observations: Observation[] } {
  const model = new ModelOracle();
  model.reset(DEFAULT_WORLD, 0);
  const sut = new ReferenceAdapter(impl);
  sut.reset(DEFAULT_WORLD, 9);
  const trace: Stimulus[] = [];
  const observations = [sut.observe()];
  for (const p of picks) {
    const en = model.enabled();
    const progress = en.filter((s) => s.kind === 'deliver' || s.kind === 'complete');
    const pool = progress.length > 0 && p < 0.5 ? progress : en;
    const s = pool[Math.floor(((p * 2) % 1) * pool.length)]!;
    try {
      sut.apply(s);
    } catch {
      break;
    }
    model.apply(s);
    trace.push(s);
    observations.push(sut.observe());
  }
  return { trace, observations };
}

/** The first failing step and property of a trace, or null. */
function verdict(observations: readonly Observation[], trace: readonly Stimulus[]): { step: number; property: string } | null {
  let v = judgeStep(DEFAULT_WORLD, initialFacts(DEFAULT_WORLD), null, null, observations[0]!);
  for (let i = 0; ; i++) {
    const first = v.violations[0];
    if (first !== undefined) return { step: i, property: first.property };
    if (i === trace.length) return null;
    v = judgeStep(DEFAULT_WORLD, v.facts, observations[i]!, trace[i]!, observations[i + 1]!);
  }
}

/** Renames every name injectively, each kind on its own, and drops the silent key evidence. */
function renamed(observations: readonly Observation[], salt: number): Observation[] {
  const maps = { key: new Map<string, string>(), nonce: new Map<string, string>(), k: new Map<string, string>() };
  const name = (kind: keyof typeof maps, x: string): string => {
    let r = maps[kind].get(x);
    if (r === undefined) maps[kind].set(x, (r = `${kind}-${salt}-${maps[kind].size}`));
    return r;
  };
  const sa = (s: SaObservation): SaObservation => ({ ...s, key: name('key', s.key) });
  const pdu = ({ nonceN, nonceT, k, kBound, kExposed, ...rest }: PduObservation): PduObservation => ({
    ...rest,
    ...(nonceN === undefined ? {} : { nonceN: name('nonce', nonceN) }),
    ...(nonceT === undefined ? {} : { nonceT: name('nonce', nonceT) }),
    ...(k === undefined ? {} : { k: name('k', k) }),
    ...(kBound === false ? { kBound } : {}),
    ...(kExposed === true ? { kExposed } : {}),
  });
  return observations.map((o) => ({
    mns: o.mns.map((m) => ({ ...m, sas: m.sas.map(sa) })),
    poss: o.poss.map((p) => ({ ...p, sas: p.sas.map(sa) })),
    inFlight: o.inFlight.map(pdu),
  }));
}

describe('the catalogue under renaming', () => {
  it.each(['reference', ...NAME_MUTANTS])('gives the same verdicts on %s traces renamed', (name) => {
    let failing = 0;
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 20, maxLength: 90 }), fc.nat(), (picks, salt) => {
        const { trace, observations } = observe(impls.get(name)!, picks);
        const before = verdict(observations, trace);
        if (before !== null) failing++;
        expect(verdict(renamed(observations, salt), trace)).toEqual(before);
      }),
      { seed: 7, numRuns: 40 },
    );
    // Not vacuous: the reference passes every walk, each mutant fails some.
    if (name === 'reference') expect(failing).toBe(0);
    else expect(failing).toBeGreaterThan(0);
  });
});
