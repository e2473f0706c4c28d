// The lockstep driver end to end, independently of the model: the reference implementation as
// SUT, the same implementation as oracle (harness/adapters/reference-oracle.ts), and SUTs
// deliberately broken at the observation boundary.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../harness/adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { ReferenceOracle } from '../../harness/adapters/reference-oracle.ts';
import { ConformanceOptionsError, runConformance } from '../../harness/conformance.ts';
import { ReplayPathError } from '../../harness/replay-token.ts';
import type { Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { loadBase } from '../mutants/build.ts';

let impl: ImplModule;
beforeAll(async () => {
  impl = await loadBase();
});

/** The reference, except that it reports every SPoS-generated SA of a PoS as EAP-generated. */
class MislabellingAdapter implements Adapter {
  readonly name = 'mislabelling';
  readonly #inner: ReferenceAdapter;
  constructor(i: ImplModule) {
    this.#inner = new ReferenceAdapter(i);
  }
  reset(config: WorldConfig, seed: number): void {
    this.#inner.reset(config, seed);
  }
  apply(s: Stimulus): void {
    this.#inner.apply(s);
  }
  observe(): Observation {
    const o = this.#inner.observe();
    return { ...o, poss: o.poss.map((p) => ({ ...p, sas: p.sas.map((sa) => (sa.idType === 3 ? { ...sa, idType: 1 as const } : sa)) })) };
  }
  close(): void {
    this.#inner.close();
  }
}

/** The reference, except that it refuses to be corrupted. */
class BrittleAdapter extends ReferenceAdapter {
  override apply(s: Stimulus): void {
    if (s.kind === 'corrupt') throw new Error('cannot corrupt');
    super.apply(s);
  }
}

describe('runConformance with the reference as SUT and oracle', () => {
  it('passes, exercises the clause and reports statistics', async () => {
    const r = await runConformance({ sut: () => new ReferenceAdapter(impl), oracle: () => new ReferenceOracle(impl), seed: 7, runs: 25 });
    expect(r.verdict).toBe('pass');
    expect(r.runs).toBe(25);
    expect(r.steps).toBeGreaterThan(25 * 10);
    expect(r.stats.stimuli['deliver']).toBeGreaterThan(0);
    expect(r.stats.completedHandovers).toBeGreaterThan(0);
    expect(r.requirementsExercised).toEqual(expect.arrayContaining(['5.14.1-S17', '5.14.2-N1a', '5.14.2-N3', '5.14-T1']));
  });

  it('is deterministic: the same seed gives the same runs, steps and statistics', async () => {
    const a = await runConformance({ sut: () => new ReferenceAdapter(impl), oracle: () => new ReferenceOracle(impl), seed: 3, runs: 10 });
    const b = await runConformance({ sut: () => new ReferenceAdapter(impl), oracle: () => new ReferenceOracle(impl), seed: 3, runs: 10 });
    expect(b.steps).toBe(a.steps);
    expect(b.stats).toEqual(a.stats);
  });
});

describe('runConformance on a non-conformant SUT', () => {
  it('names the requirement, shrinks the trace, and replays it exactly from seed and path', async () => {
    const options = { sut: () => new MislabellingAdapter(impl), oracle: () => new ReferenceOracle(impl), seed: 11, runs: 50 };
    const r = await runConformance(options);
    expect(r.verdict).toBe('fail');
    const ce = r.counterexample!;
    expect(ce.kind).toBe('property');
    expect(ce.property).toBe('id-type');
    expect(ce.requirement).toBe('5.14-T1');
    // Attach, handover, two deliveries reach the TPoS: nothing shorter shows an optimized SA.
    expect(ce.length).toBeLessThanOrEqual(8);
    expect(ce.trace.at(-1)).toMatchObject({ kind: 'deliver' });
    expect(ce.observations).toHaveLength(ce.length + 1);
    expect(ce.replay).toBe(`11:${ce.replayOptions.path}`);

    const again = await runConformance({ ...options, ...ce.replayOptions });
    expect(again.verdict).toBe('fail');
    expect(again.runs).toBe(1);
    expect(again.counterexample?.trace).toEqual(ce.trace);
    expect(again.counterexample?.message).toBe(ce.message);
  });

  it('reports an SUT that refuses an enabled stimulus', async () => {
    const r = await runConformance({ sut: () => new BrittleAdapter(impl), oracle: () => new ReferenceOracle(impl), seed: 5, runs: 50 });
    expect(r.verdict).toBe('fail');
    expect(r.counterexample?.kind).toBe('sut-error');
    expect(r.counterexample?.trace.at(-1)?.kind).toBe('corrupt');
  });

  it('reports a model finding as an error, not as the SUT failing', async () => {
    // Here the "model" is the mislabelling SUT and the reference is judged against it.
    const lyingOracle = () => {
      const inner = new MislabellingAdapter(impl);
      const o = new ReferenceOracle(impl);
      return {
        name: 'lying-oracle',
        reset: (c: WorldConfig, s: number) => (o.reset(c, s), inner.reset(c, s)),
        apply: (s: Stimulus) => (o.apply(s), inner.apply(s)),
        observe: () => inner.observe(),
        enabled: () => o.enabled(),
        close: () => (o.close(), inner.close()),
      };
    };
    const r = await runConformance({ sut: () => new ReferenceAdapter(impl), oracle: lyingOracle, seed: 11, runs: 50 });
    expect(r.verdict).toBe('error');
    expect(r.counterexample?.kind).toBe('model-property');
    expect(r.error).toMatch(/model finding \(id-type\)/);
  });

  it('rejects invalid options with typed errors before running anything', async () => {
    const base = { sut: () => new ReferenceAdapter(impl), oracle: () => new ReferenceOracle(impl), seed: 1, runs: 1 };
    await expect(runConformance({ ...base, path: 'nonsense' })).rejects.toThrow(ReplayPathError);
    await expect(runConformance({ ...base, runs: 0 })).rejects.toThrow(ConformanceOptionsError);
    await expect(runConformance({ ...base, seed: 1.5 })).rejects.toThrow(ConformanceOptionsError);
    await expect(runConformance({ ...base, maxCommands: -1 })).rejects.toThrow(ConformanceOptionsError);
  });
});
