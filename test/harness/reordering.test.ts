//= SPEC_MAPPING.md#A-SEQUENTIAL
//= type=test
//# so the next preparation may overtake it
// docs/protocol.md §3 and §5.3 in a conformance run's alphabet: a completion indication
// overtaken by the MN's next preparation (A-SEQUENTIAL relaxed, complete still blocked: F-16)
// and an old PDU delivered again. Model, impl and the profile's own enabling rules must agree.
import { describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, referenceModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { advanceDuplicated, advanceHistory, enabledStimuli, REDELIVERY_HISTORY } from '../../harness/enabled.ts';
import type { Observation, PduObservation, Stimulus } from '../../vocabulary/observation.ts';
import { initialWorld, step } from '../../model/world/world.ts';
import { REDELIVERY_HISTORY as MODEL_HISTORY } from '../../model/world/events.ts';
import { REDELIVERY_HISTORY as IMPL_HISTORY } from '../../impl/system.ts';
import { ModelError } from '../../model/world/errors.ts';

const INDICATION = 'MIS_N2N_HO_Complete.indication';

/** The model and the reference driven alike, with the profile's enabling rules tracked beside them. */
async function pair() {
  const model = new ModelOracle();
  const impl = new ReferenceAdapter(await referenceModule(), { name: 'reference', keyEvidence: false });
  model.reset(DEFAULT_WORLD, 1);
  impl.reset(DEFAULT_WORLD, 1);
  let duplicated: boolean[] = [];
  let history: PduObservation[] = [];
  const key = (s: Stimulus): string => JSON.stringify(s);
  const both = {
    model,
    impl,
    get history() {
      return history;
    },
    apply(s: Stimulus): void {
      const before = model.observe();
      expect(model.enabled().map(key), `model enables ${key(s)}`).toContain(key(s));
      history = advanceHistory(history, s, before);
      model.apply(s);
      impl.apply(s);
      duplicated = advanceDuplicated(duplicated, s, model.observe().inFlight.length);
    },
    /**
     * The profile's rules over the model's observation, as the CLI computes them, and the model's
     * own list; policy changes left out (the profile lists the no-op ones too).
     */
    profile(): string[] {
      return enabledStimuli(DEFAULT_WORLD, model.observe(), duplicated, { lowerTester: true, history }).filter((s) => s.kind !== 'setFallbackPolicy').map(key).sort();
    },
    modelEnabled(): string[] {
      return model.enabled().filter((s) => s.kind !== 'setFallbackPolicy').map(key).sort();
    },
    /** Delivers, oldest first, every PDU in flight but the indications. */
    settle(): void {
      for (let i = model.observe().inFlight.findIndex((p) => p.type !== INDICATION); i >= 0; i = model.observe().inFlight.findIndex((p) => p.type !== INDICATION)) both.apply({ kind: 'deliver', index: i });
    },
  };
  return both;
}

/** mn1 attached at A, handed over to B (fully or optimized) and completed; the indication to A in flight. */
async function movedToB(fallback: boolean) {
  const w = await pair();
  w.apply({ kind: 'attach', mn: 'mn1', domain: 'A' });
  w.settle();
  w.apply({ kind: 'handover', mn: 'mn1', target: 'B', fallback });
  w.settle();
  w.apply({ kind: 'complete', mn: 'mn1' });
  w.settle();
  return w;
}

const sasAt = (o: Observation, pos: string): string[] => (o.poss.find((p) => p.id === pos)?.sas ?? []).map((sa) => `${sa.peer}:${sa.state}:${sa.idType}`);

describe('reordering in a conformance run', () => {
  it('lets the next handover overtake a completion indication, but not the next completion (F-16)', async () => {
    const w = await movedToB(true);
    expect(w.model.observe().inFlight.map((p) => p.type)).toEqual([INDICATION]);
    const kinds = w.model.enabled().filter((s) => 'mn' in s && s.mn === 'mn1').map((s) => s.kind);
    expect(kinds).toContain('handover');
    expect(w.profile()).toEqual(w.modelEnabled());

    // Back to A before A hears that mn1 left it: A's fallback run makes a prepared SA.
    w.apply({ kind: 'handover', mn: 'mn1', target: 'A', fallback: true });
    w.settle();
    expect(w.model.observe().mns[0]!.lifecycle).toBe('prepared');
    expect(w.model.enabled().some((s) => s.kind === 'complete')).toBe(false);
    expect(w.profile()).toEqual(w.modelEnabled());
    expect(() => w.impl.apply({ kind: 'complete', mn: 'mn1' })).toThrow(/indication/);

    // The late indication finds a prepared SA, not the one it is about: discarded on both sides.
    const before = sasAt(w.model.observe(), 'A');
    expect(before).toEqual(['mn1:prepared:1']);
    w.apply({ kind: 'deliver', index: 0 });
    expect(sasAt(w.model.observe(), 'A')).toEqual(before);
    expect(sasAt(w.impl.observe(), 'A')).toEqual(before);
    expect(w.model.enabled().some((s) => s.kind === 'complete')).toBe(true);
  });

  it('discards an old fallback MIS_Auth.request delivered again after the MN completed (§5.3)', async () => {
    const w = await movedToB(true);
    w.apply({ kind: 'deliver', index: 0 });
    const k = w.history.findIndex((p) => p.type === 'MIS_Auth.request' && p.dst === 'B');
    expect(k).toBeGreaterThanOrEqual(0);
    const served = sasAt(w.model.observe(), 'B');
    expect(served).toEqual(['mn1:serving:1']);
    w.apply({ kind: 'redeliver', index: k });
    for (const o of [w.model.observe(), w.impl.observe()]) {
      expect(sasAt(o, 'B')).toEqual(served);
      expect(o.inFlight).toEqual([]);
    }
  });

  it('answers an N2N request delivered again after the MN completed with REJECTED/REPLAY', async () => {
    const w = await movedToB(false);
    const k = w.history.findIndex((p) => p.type === 'MIS_N2N_Prereg_Xfer.request');
    w.apply({ kind: 'redeliver', index: k });
    for (const o of [w.model.observe(), w.impl.observe()]) {
      const answer = o.inFlight.find((p) => p.type === 'MIS_N2N_Prereg_Xfer.response');
      expect([answer?.status, answer?.reason]).toEqual(['REJECTED', 'REPLAY']);
      expect(sasAt(o, 'B')).toEqual(['mn1:serving:3']);
    }
  });

  it('keeps the same delivery history on the three sides the walls keep apart', () => {
    expect([MODEL_HISTORY, IMPL_HISTORY]).toEqual([REDELIVERY_HISTORY, REDELIVERY_HISTORY]);
  });

  it('keeps the strict rule and has no redeliver in a world without the lower tester (explorer worlds)', () => {
    let w = initialWorld(DEFAULT_WORLD);
    w = step(w, { kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(w.redelivery).toBeUndefined();
    w = step(w, { kind: 'deliver', index: 0 });
    expect(() => step(w, { kind: 'redeliver', index: 0 })).toThrow(ModelError);
  });
});
