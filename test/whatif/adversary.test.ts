// The adversary layer on the model's public API: moves, their preconditions, their effects.
import { describe, expect, it } from 'vitest';
import { sposContextOf } from '../../model/adversary/roles.ts';
import { AdversaryError, type AdvEvent, type AdvWorld, advEventLabel, adversarySystem, isAdversaryMove, replayTrace } from '../../model/adversary/attacked-world.ts';
import { allTransitionIds } from '../../harness/explore/machine-memo.ts';
import { createSposMachine } from '../../model/machines/spos.ts';
import { machinesFor } from '../../model/world/machines.ts';
import { enabled, initialWorld, stepWithRecord } from '../../model/world/world.ts';
import { partnerRing, prng } from '../model/fixtures.ts';
import { candidateWorld, networkWorld, ringWalk, ringWorld } from '../../harness/whatif/scenarios.ts';
import { noUnauthorizedSa } from '../../properties/adversary/index.ts';

const labels = (sys: { enabled(s: AdvWorld): AdvEvent[] }, s: AdvWorld): string[] => sys.enabled(s).map(advEventLabel);

function walk(sys: ReturnType<typeof adversarySystem>, script: readonly string[]): AdvWorld[] {
  const states = [sys.initial];
  let s = sys.initial;
  for (const l of script) {
    const e = sys.enabled(s).find((x) => advEventLabel(x) === l);
    if (e === undefined) throw new Error(`${l} not enabled; enabled: ${labels(sys, s).join(', ')}`);
    s = sys.step(s, e);
    states.push(s);
  }
  return states;
}

const ATTACH = ['attach mn1 P0', 'deliver 0', 'deliver 0'];
const HOP = ['handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0', 'complete mn1', 'deliver 0', 'deliver 0'];

describe('compromise and blast radius', () => {
  const sys = adversarySystem(initialWorld(ringWorld(2, 5), {}, { faults: [] }), { moves: ['compromise', 'tamper'], worldEvents: ringWalk, quiescentMoves: true, compromiseWhen: 'serving' });

  it('a passive compromise at hop 0 reaches exactly L later SAs', () => {
    const s = walk(sys, [...ATTACH, 'compromise P0', ...HOP, ...HOP, ...HOP]).at(-1) as AdvWorld;
    expect(s.adv.compromised).toBe('P0');
    expect(s.adv.blast).toBe(2);
    expect(s.adv.exposed).toHaveLength(2);
  });

  it('a compromised SPoS that rewinds its counter reaches L + 1', () => {
    const s = walk(sys, [...ATTACH, 'compromise P0', 'rewind mn1', ...HOP, ...HOP, ...HOP]).at(-1) as AdvWorld;
    expect(s.adv.lies).toBe(1);
    expect(s.adv.blast).toBe(3);
  });

  it('offers compromise only of the serving PoS, when nothing is in flight, and only once', () => {
    const after = walk(sys, ATTACH);
    const s = after.at(-1) as AdvWorld;
    expect(labels(sys, s).filter((l) => l.startsWith('compromise'))).toEqual(['compromise P0']);
    const busy = sys.step(s, { kind: 'handover', mn: 'mn1', target: null, fallback: false });
    expect(labels(sys, busy).some((l) => l.startsWith('compromise'))).toBe(false);
    const c = sys.step(s, { kind: 'compromise', pos: 'P0' });
    expect(labels(sys, c).some((l) => l.startsWith('compromise'))).toBe(false);
    expect(() => sys.step(c, { kind: 'compromise', pos: 'P1' })).toThrow(AdversaryError);
  });

  it('tamper in transit only when the counter is outside the MAC', () => {
    const s = walk(sys, [...ATTACH, 'handover mn1 (select)', 'deliver 0']).at(-1) as AdvWorld;
    expect(s.world.inFlight[0]?.type).toBe('MIS_N2N_Prereg_Xfer.request');
    expect(labels(sys, s)).not.toContain('tamper 0');
    expect(() => sys.step(s, { kind: 'tamper', index: 0 })).toThrow(AdversaryError);
    //= SPEC_MAPPING.md#V-COUNTER-CLEAR
    //= type=test
    //# What-if: the counter travels outside the integrity protection, so anyone on the path can
    //# rewrite it (an adversary resets it to 0).
    // Under V-COUNTER-CLEAR only a counter that reached L is worth resetting (at L = 2 the first
    // hop's counter 1 is not offered; at L = 1 it is).
    const clear2 = adversarySystem(initialWorld(ringWorld(2, 5), {}, { faults: [] }), { moves: ['tamper'], counter: 'V-COUNTER-CLEAR', worldEvents: ringWalk });
    expect(labels(clear2, walk(clear2, [...ATTACH, 'handover mn1 (select)', 'deliver 0']).at(-1) as AdvWorld)).not.toContain('tamper 0');
    const clear = adversarySystem(initialWorld(ringWorld(1, 5), {}, { faults: [] }), { moves: ['tamper'], counter: 'V-COUNTER-CLEAR', worldEvents: ringWalk });
    const t = walk(clear, [...ATTACH, 'handover mn1 (select)', 'deliver 0', 'tamper 0']).at(-1) as AdvWorld;
    const p = t.world.inFlight[0];
    expect(p?.type === 'MIS_N2N_Prereg_Xfer.request' ? p.chain : null).toBe(0);
    // The TPoS installs the counter it was told: the chain restarts.
    const after = walk(clear, [...ATTACH, 'handover mn1 (select)', 'deliver 0', 'tamper 0', 'deliver 0', 'deliver 0', 'deliver 0', 'complete mn1', 'deliver 0', 'deliver 0', ...HOP, ...HOP]).at(-1) as AdvWorld;
    expect(after.world.inFlight).toHaveLength(0);
  });

  it('a rewind goes through the compromised SPoS machine: its counter and depth change, nothing else', () => {
    const before = walk(sys, [...ATTACH, 'compromise P0']).at(-1) as AdvWorld;
    const after = sys.step(before, { kind: 'rewind', mn: 'mn1' });
    const was = before.world.poss[0]?.spos[0];
    const now = after.world.poss[0]?.spos[0];
    const sa = sposContextOf(before.world, 0, 0)?.sa;
    expect(sa?.chain).toBe(0);
    expect(now?.value).toEqual(was?.value);
    expect(now?.context).toEqual({ ...was?.context, sa: { ...sa, chain: -1, depth: -1 } });
    expect(after.world.poss.slice(1)).toEqual(before.world.poss.slice(1));
    expect(after.world.mns).toBe(before.world.mns);
    expect(after.world.inFlight).toBe(before.world.inFlight);
    //= SPEC_MAPPING.md#V-COUNTER-RANGE
    //= type=test
    //# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L
    //# (an optimized SA has depth ≥ 1), so the smallest lie a compromised SPoS gets through is 1.
    // Under V-COUNTER-RANGE (the model's TPoS check) it may also keep 0 and so state 1; a
    // rewind only lowers the counter, so from 0 only the lie of 0 is left, and from -1 none.
    const rangeWorld = initialWorld(ringWorld(1, 4), { counterRange: 'V-COUNTER-RANGE' }, { faults: [] });
    const range = adversarySystem(rangeWorld, { moves: ['compromise', 'tamper'], worldEvents: ringWalk, quiescentMoves: true });
    const rewinds = (s: AdvWorld) => labels(range, s).filter((l) => l.startsWith('rewind'));
    const atP0 = walk(range, [...ATTACH, 'compromise P0']).at(-1) as AdvWorld;
    expect(rewinds(atP0)).toEqual(['rewind mn1']);
    expect(rewinds(range.step(atP0, { kind: 'rewind', mn: 'mn1' }))).toEqual([]);
    const atP1 = walk(range, [...ATTACH, ...HOP, 'compromise P1']).at(-1) as AdvWorld;
    expect(rewinds(atP1)).toEqual(['rewind mn1', 'rewind mn1 to 0']);
    const kept0 = range.step(atP1, { kind: 'rewind', mn: 'mn1', to: 0 });
    expect(sposContextOf(kept0.world, 1, 0)?.sa?.chain).toBe(0);
    expect(rewinds(kept0)).toEqual(['rewind mn1']);
    expect(() => sys.step(before, { kind: 'rewind', mn: 'mn1', to: 0 })).toThrow(AdversaryError);
  });

  it('rejects malformed moves with a typed error', () => {
    expect(() => sys.step(sys.initial, null as unknown as AdvEvent)).toThrow(AdversaryError);
    expect(() => sys.step(sys.initial, { kind: 'rewind', mn: 'mn1' })).toThrow(AdversaryError);
    expect(() => adversarySystem(sys.initial.world, { moves: ['inject'], rogue: ['nowhere'] })).toThrow(AdversaryError);
  });

  it('is deterministic: the same trace gives the same states', () => {
    const trace = sys.enabled(sys.initial).slice(0, 1);
    const a = replayTrace(sys, trace).map((s) => sys.key(s));
    const b = replayTrace(sys, trace).map((s) => sys.key(s));
    expect(a).toEqual(b);
  });
});

describe('inject and replay', () => {
  const fifo = (e: { kind: string; domain?: string; target?: unknown; fallback?: boolean }): boolean =>
    e.kind === 'attach' ? e.domain === 'A' : e.kind === 'handover' ? e.target === null && e.fallback === false : e.kind === 'deliver' || e.kind === 'complete';

  it('a request injected from an untrusted PoS is refused and installs nothing (5.14.1-S6)', () => {
    const sys = adversarySystem(initialWorld(networkWorld(3), {}, { faults: [] }), { moves: ['inject'], rogue: ['R'], worldEvents: fifo, maxInjects: 1 });
    const before = walk(sys, ['attach mn1 A', 'deliver 0', 'deliver 0', 'inject MIS_N2N_Prereg_Xfer.request R->B mn1']).at(-1) as AdvWorld;
    const e: AdvEvent = { kind: 'deliver', index: 0 };
    const after = sys.step(before, e);
    const answer = after.world.inFlight[0];
    expect(answer?.type === 'MIS_N2N_Prereg_Xfer.response' ? [answer.status, answer.reason] : null).toEqual(['REJECTED', 'UNAUTHORIZED_SOURCE']);
    expect(noUnauthorizedSa.check(before, e, after)).toBeNull();
    expect(labels(sys, after).some((l) => l.startsWith('inject'))).toBe(false);
  });

  it('marks a network duplicate as the replay, whichever copy arrives first', () => {
    const sys = adversarySystem(initialWorld(networkWorld(3), {}, { faults: ['duplicate', 'drop'] }), { moves: [], worldEvents: () => true });
    const s = walk(sys, ['attach mn1 A', 'duplicate 0']).at(-1) as AdvWorld;
    expect(s.adv.replayed).toEqual([1]);
    const copyFirst = sys.step(s, { kind: 'deliver', index: 1 });
    expect(copyFirst.adv.deliveredReplay).toBe(false);
    expect(copyFirst.adv.replayed).toEqual([0]);
    const originalLost = sys.step(s, { kind: 'drop', index: 0 });
    expect(originalLost.adv.replayed).toEqual([]);
  });

  it('V-K-SHARED: a candidate that never served the MN reads its SA with another TPoS', () => {
    const walkC = (kScope: 'V-K-SHARED' | 'V-K-PER-TPOS'): AdvWorld => {
      const sys = adversarySystem(initialWorld(candidateWorld(3), { kScope }, { faults: ['drop'] }), { moves: ['compromise'], worldEvents: () => true, quiescentMoves: true });
      return walk(sys, ['attach mn1 A', 'deliver 0', 'deliver 0', 'compromise B', 'handover mn1 B', 'deliver 0', 'drop 0', 'abort mn1', 'handover mn1 C', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0']).at(-1) as AdvWorld;
    };
    expect(walkC('V-K-SHARED').adv.lateral).toHaveLength(1);
    expect(walkC('V-K-PER-TPOS').adv.lateral).toHaveLength(0);
    expect(walkC('V-K-PER-TPOS').adv.exposed).toHaveLength(0);
  });
});

describe('the compromised SPoS is an adversary capability only', () => {
  const CAPABILITY = 'compromisedRewindsChain';
  const config = partnerRing({ chainLimit: 1 });
  const variant = initialWorld(config).variant;
  const m = machinesFor(config, variant);

  it('the conformance world\'s machines do not define it; the adversary\'s instance does', () => {
    const defined = m.spos.flat().flatMap((x) => allTransitionIds(x.logic));
    expect(defined.filter((t) => t.includes(`:${CAPABILITY}:`))).toEqual([]);
    const params = { chainLimit: config.chainLimit, variant, mn: config.mns[0]!, pos: config.domains[0]!, domainById: new Map(config.domains.map((d) => [d.id, d])) };
    expect(allTransitionIds(createSposMachine(params, { compromised: true })).filter((t) => t.includes(`:${CAPABILITY}:`))).toEqual([`spos:${CAPABILITY}:0`]);
  });

  it('the conformance world never enables an adversary move and never fires the capability', () => {
    const fired = new Set<string>();
    for (let seed = 1; seed <= 10; seed++) {
      const rnd = prng(seed);
      let w = initialWorld(config);
      for (let n = 0; n < 150; n++) {
        const es = enabled(w);
        expect(es.filter((e) => isAdversaryMove(e) || (e.kind as string) === CAPABILITY)).toEqual([]);
        const e = es[Math.floor(rnd() * es.length)];
        if (e === undefined) break;
        const r = stepWithRecord(w, e);
        for (const f of r.record.fired) fired.add(f.transition);
        w = r.world;
      }
    }
    expect(fired.size).toBeGreaterThan(10);
    expect([...fired].filter((t) => t.includes(`:${CAPABILITY}:`))).toEqual([]);
  });
});
