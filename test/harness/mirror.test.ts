// The lockstep driver judges the SUT by the model's verdict while the SUT's observations are
// the model's renamed (ObservationComparator.isImage), and on its own trace from the first step
// that is not. These tests break the mirror on purpose and check that nothing is missed: a fault
// that needs the facts of the unjudged steps is still found and named, and a property that
// tells names apart by more than equality is caught as a harness fault, not passed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../harness/adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { runConformance } from '../../harness/conformance.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { ConformanceFailure, Lockstep } from '../../harness/lockstep.ts';
import { ObservationComparator } from '../../harness/compare.ts';
import type { Observation, PduObservation, SaObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { PROPERTIES, type Property } from '../../properties/index.ts';
import { violation } from '../../properties/types.ts';
import { loadBase } from '../mutants/build.ts';

let impl: ImplModule;
beforeAll(async () => {
  impl = await loadBase();
});

type Rewrite = (o: Observation) => Observation;

/**
 * Wraps the reference and rewrites its observations with a rewrite made anew for every run
 * (the same observation object is rewritten once, so unchanged parts keep their identity).
 */
class RewritingAdapter implements Adapter {
  readonly name = 'rewriting';
  readonly #inner: ReferenceAdapter;
  #memo = new WeakMap<Observation, Observation>();
  #rewrite: Rewrite;
  constructor(
    i: ImplModule,
    readonly makeRewrite: () => Rewrite,
  ) {
    this.#inner = new ReferenceAdapter(i);
    this.#rewrite = makeRewrite();
  }
  reset(config: WorldConfig, seed: number): void {
    this.#memo = new WeakMap();
    this.#rewrite = this.makeRewrite();
    this.#inner.reset(config, seed);
  }
  apply(s: Stimulus): void {
    this.#inner.apply(s);
  }
  observe(): Observation {
    const o = this.#inner.observe();
    let r = this.#memo.get(o);
    if (r === undefined) this.#memo.set(o, (r = this.#rewrite(o)));
    return r;
  }
  close(): void {
    this.#inner.close();
  }
}

/**
 * Reports the Nonce-N of the first MIS_Prereg_Xfer.request it saw on every later one: a nonce
 * reuse that only the facts of earlier (mirrored, so unjudged) steps reveal.
 */
function reusingFirstNonceN(): Rewrite {
  let first: string | undefined;
  const rewritten = new WeakMap<PduObservation, PduObservation>();
  return (o) => ({
    ...o,
    inFlight: o.inFlight.map((p) => {
      if (p.type !== 'MIS_Prereg_Xfer.request' || p.nonceN === undefined) return p;
      if (first === undefined || first === p.nonceN) {
        first ??= p.nonceN;
        return p;
      }
      let r = rewritten.get(p);
      if (r === undefined) rewritten.set(p, (r = { ...p, nonceN: first }));
      return r;
    }),
  });
}

describe('the mirrored SUT judgement', () => {
  it('finds a fault that needs the facts of the unjudged steps, names its property, and agrees with judging every step', async () => {
    const mirrored = await runConformance({ sut: () => new RewritingAdapter(impl, reusingFirstNonceN), seed: 5, runs: 60 });
    const judgedAlways = await runConformance({ sut: () => new RewritingAdapter(impl, reusingFirstNonceN), seed: 5, runs: 60, compare: false });
    expect(mirrored.verdict).toBe('fail');
    // A property, not the comparator's divergence: the facts of the mirrored steps were rebuilt.
    expect(mirrored.counterexample?.kind).toBe('property');
    expect(mirrored.counterexample?.property).toBe('nonce-fresh');
    expect(judgedAlways.counterexample?.property).toBe('nonce-fresh');
    expect(mirrored.runs).toBe(judgedAlways.runs);
    expect(mirrored.counterexample?.trace).toEqual(judgedAlways.counterexample?.trace);
  });

  it('reports a property that tells names apart by more than equality as a harness fault', async () => {
    // Fails on any SA key that looks like the reference's fingerprints and never on the model's
    // key classes: on a mirroring SUT it is never asked, until the mirror breaks.
    const namesByShape: Property = {
      id: 'names-by-shape',
      title: 'a property that reads inside names',
      requirements: ['5.14.1-S17'],
      check: (ctx) => (ctx.next.mns.some((m) => m.sas.some((sa) => /^[0-9a-f]{8,}$/.test(sa.key))) ? violation(namesByShape, 'an SA key looks like a fingerprint') : null),
    };
    // Breaks the mirror once an MN holds two SAs, by listing them in reverse.
    const reversed = (o: Observation): Observation => ({ ...o, mns: o.mns.map((m) => (m.sas.length < 2 ? m : { ...m, sas: [...m.sas].reverse() })) });
    const ls = await Lockstep.start({ config: DEFAULT_WORLD, seed: 5, oracle: new ModelOracle(), sut: new RewritingAdapter(impl, () => reversed), catalogue: [...PROPERTIES, namesByShape] });
    // Attach, prepare a handover (the MN then holds its serving and its prepared SA).
    const next = async (kind: Stimulus['kind']): Promise<void> => {
      const s = ls.enabled().find((e) => e.kind === kind && (e.kind !== 'handover' || !e.fallback));
      if (s === undefined) throw new Error(`no ${kind} enabled`);
      await ls.step(s);
    };
    await next('attach');
    while (ls.enabled().some((e) => e.kind === 'deliver')) await next('deliver');
    await next('handover');
    let fault: unknown = null;
    try {
      while (ls.enabled().some((e) => e.kind === 'deliver')) await next('deliver');
    } catch (e) {
      fault = e;
    }
    expect(String(fault)).toMatch(/harness fault: names-by-shape fails on step \d+ of the SUT's trace, which mirrored the model's/);
    expect(fault).not.toBeInstanceOf(ConformanceFailure);
  });
});

describe('ObservationComparator.isImage', () => {
  const sa = (peer: string, key: string, state: SaObservation['state'] = 'serving'): SaObservation => ({ peer, idType: 1, root: 'EAP', depth: 0, state, suite: null, key });
  const pdu = (nonceN: string, more: Partial<PduObservation> = {}): PduObservation => ({ type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', nonceN, ...more });
  const model: Observation = {
    mns: [{ id: 'mn1', lifecycle: 'idle', attachedTo: 'A', sas: [sa('A', 'K1')] }],
    poss: [{ id: 'A', sas: [sa('mn1', 'K1'), sa('mn2', 'K2', 'prepared')] }],
    inFlight: [pdu('N1', { k: 'KK', kBound: true })],
  };
  const renamed = (o: Observation, edit: (p: PduObservation) => PduObservation = (p) => p): Observation => ({
    mns: o.mns.map((m) => ({ ...m, sas: m.sas.map((s) => ({ ...s, key: `f-${s.key}` })) })),
    poss: o.poss.map((p) => ({ ...p, sas: p.sas.map((s) => ({ ...s, key: `f-${s.key}` })) })),
    inFlight: o.inFlight.map((p) => edit({ ...p, nonceN: `h-${p.nonceN!}`, ...(p.k === undefined ? {} : { k: `g-${p.k}` }) })),
  });
  const judged = (sut: Observation): { agrees: boolean; image: boolean } => {
    const c = new ObservationComparator();
    const agrees = c.compare(model, sut) === null;
    return { agrees, image: agrees && c.isImage(model, sut) };
  };

  it('holds for the model renamed, and for key evidence that reads alike', () => {
    expect(judged(renamed(model))).toEqual({ agrees: true, image: true });
    // The lower tester could not tell whether K is bound: absent reads as "nothing wrong seen".
    expect(judged(renamed(model, ({ kBound: _b, ...p }) => p))).toEqual({ agrees: true, image: true });
    expect(judged(renamed(model, (p) => ({ ...p, kExposed: false })))).toEqual({ agrees: true, image: true });
  });

  it('fails where the comparator agrees but a property could see a difference', () => {
    // Same SAs, other order.
    const r = renamed(model);
    expect(judged({ ...r, poss: [{ id: 'A', sas: [...r.poss[0]!.sas].reverse() }] })).toEqual({ agrees: true, image: false });
    // K evidence of a fault on one side only.
    expect(judged(renamed(model, (p) => ({ ...p, kBound: false })))).toEqual({ agrees: true, image: false });
    expect(judged(renamed(model, (p) => ({ ...p, kExposed: true })))).toEqual({ agrees: true, image: false });
    // A name on one side only (the comparator compares names only where both show them).
    expect(judged(renamed(model, ({ k: _k, ...p }) => p))).toEqual({ agrees: true, image: false });
    // Reason NONE spelt out on one side only: a property may read the field.
    expect(judged(renamed(model, (p) => ({ ...p, reason: 'NONE' })))).toEqual({ agrees: true, image: false });
  });
});
