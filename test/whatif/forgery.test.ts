// The three adversaries of model/adversary/forgery.ts and moves.ts and their properties: a
// compromised trusted partner (adv-serving-sa-kept), a compromised SPoS choosing the TPoS
// (adv-target-as-requested) and one ignoring the MN's fallback request (adv-fallback-honoured).
// Each property fails on a hand-built attack and holds on the same walk without it, and the
// matrix's shortest counterexample replays.
import { describe, expect, it } from 'vitest';
import { type AdvEvent, type AdvWorld, advEventLabel, AdversaryError, type AdversarySystem } from '../../model/adversary/attacked-world.ts';
import { mnContextOf, sposContextOf } from '../../model/adversary/roles.ts';
import type { Variant } from '../../model/variants.ts';
import { analyseScenario } from '../../harness/whatif/analyse.ts';
import { replayCounterexample } from '../../harness/whatif/replay-counterexample.ts';
import { PROPOSED_ROW } from '../../harness/whatif/rows.ts';
import { buildSystem, type ScenarioKind, type ScenarioSpec } from '../../harness/whatif/scenarios.ts';
import type { AdversaryProperty } from '../../properties/adversary/index.ts';
import { ADVERSARY_PROPERTIES } from '../../properties/adversary/index.ts';
import { fallbackHonoured } from '../../properties/adversary/fallback-honoured.ts';
import { servingSaKept } from '../../properties/adversary/serving-sa-kept.ts';
import { targetAsRequested } from '../../properties/adversary/target-as-requested.ts';

const spec = (kind: ScenarioKind, variant: Partial<Variant> = {}): ScenarioSpec => ({ kind, chainLimit: 3, variant, counter: 'V-COUNTER-MAC', method: 'EAP' });

/** Runs the labelled events from the initial state; every state and event. */
function walk(sys: AdversarySystem, script: readonly string[]): { states: AdvWorld[]; events: AdvEvent[] } {
  const states = [sys.initial];
  const events: AdvEvent[] = [];
  let s = sys.initial;
  for (const l of script) {
    const e = sys.enabled(s).find((x) => advEventLabel(x) === l);
    if (e === undefined) throw new Error(`${l} not enabled; enabled: ${sys.enabled(s).map(advEventLabel).join(', ')}`);
    s = sys.step(s, e);
    states.push(s);
    events.push(e);
  }
  return { states, events };
}

/** The first message of `p` along the walk, with its step (1-based), or null. */
function firstViolation(p: AdversaryProperty, run: { states: AdvWorld[]; events: AdvEvent[] }): { step: number; message: string } | null {
  for (let i = 0; i < run.events.length; i++) {
    const m = p.check(run.states[i] as AdvWorld, run.events[i] as AdvEvent, run.states[i + 1] as AdvWorld);
    if (m !== null) return { step: i + 1, message: m };
  }
  return null;
}

const ATTACH_A = ['attach mn1 A', 'deliver 0', 'deliver 0'];
// a handover by selection, every PDU in order: prereg, N2N, N2N answer, answer, complete, HO_Complete, indication
const HOP = ['handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0', 'complete mn1', 'deliver 0', 'deliver 0'];

describe('adv-serving-sa-kept: a compromised trusted partner', () => {
  const forgeN2n = 'forge MIS_N2N_Prereg_Xfer.request ->A mn1 chain 1';
  const forgeCompletion = 'forge MIS_HO_Complete.request ->A mn1 previous A';

  it('one fresh request from B makes A drop the serving SA mn1 still holds', () => {
    const run = walk(buildSystem(spec('partner')), [...ATTACH_A, 'compromise B', forgeN2n, 'deliver 0']);
    expect(firstViolation(servingSaKept, run)).toEqual({ step: 6, message: 'A dropped its serving SA with mn1 on "deliver 0" while mn1 still holds it' });
  });

  it('a forged completion then makes A serve mn1 under the key B made up', () => {
    const run = walk(buildSystem(spec('partner')), [...ATTACH_A, 'compromise B', forgeN2n, 'deliver 0', 'deliver 0', forgeCompletion, 'deliver 0']);
    const last = run.states.at(-1) as AdvWorld;
    expect(sposContextOf(last.world, 0, 0)?.sa?.key.id).toMatch(/^MISK\(K\(ADV\(B\)/);
    const m = servingSaKept.check(run.states.at(-2) as AdvWorld, run.events.at(-1) as AdvEvent, last);
    expect(m).toBe('A, mn1\'s point of attachment, serves it after "deliver 0" under a key the adversary computes and mn1 does not hold');
  });

  it('holds on honest handovers there and back, with B compromised and passive', () => {
    const run = walk(buildSystem(spec('partner')), [...ATTACH_A, 'compromise B', ...HOP, ...HOP]);
    expect(mnContextOf((run.states.at(-1) as AdvWorld).world, 0)?.attachedTo).toBe('A');
    expect(firstViolation(servingSaKept, run)).toBeNull();
  });

  it('under V-TPOS-SERVING-REFUSES A refuses the request and keeps its SA', () => {
    const run = walk(buildSystem(spec('partner', { tposServing: 'V-TPOS-SERVING-REFUSES' })), [...ATTACH_A, 'compromise B', forgeN2n, 'deliver 0']);
    const last = run.states.at(-1) as AdvWorld;
    expect(last.world.inFlight[0]).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' });
    expect(firstViolation(servingSaKept, run)).toBeNull();
    // nothing prepared under a key the adversary knows: no completion to forge
    expect(buildSystem(spec('partner', { tposServing: 'V-TPOS-SERVING-REFUSES' })).enabled(last).map(advEventLabel).filter((l) => l.startsWith('forge MIS_HO'))).toEqual([]);
  });

  it('a forgery is offered only to a partner that trusts the compromised PoS, about an MN it does not serve, and at most twice', () => {
    const sys = buildSystem(spec('partner'));
    const { states } = walk(sys, [...ATTACH_A, 'compromise A']);
    expect(sys.enabled(states.at(-1) as AdvWorld).map(advEventLabel).filter((l) => l.startsWith('forge'))).toEqual([]);
    const b = walk(sys, [...ATTACH_A, 'compromise B', forgeN2n, 'deliver 0', 'deliver 0', forgeCompletion, 'deliver 0']).states.at(-1) as AdvWorld;
    expect(b.adv.forgeries).toBe(2);
    expect(sys.enabled(b).map(advEventLabel).filter((l) => l.startsWith('forge'))).toEqual([]);
    expect(() => sys.step(b, { kind: 'forge', pdu: 'MIS_N2N_Prereg_Xfer.request', to: 'A', mn: 'mn1', chain: 1 })).toThrow(AdversaryError);
  });
});

describe('adv-target-as-requested: a compromised SPoS chooses the TPoS', () => {
  const SELECT = ['handover mn1 (select)'];
  const TO_B = ['handover mn1 B'];
  const ANSWERED = ['deliver 0', 'deliver 0', 'deliver 0', 'deliver 0'];

  it('sends an MN that left the choice to it to D, a partner not around A', () => {
    const run = walk(buildSystem(spec('selection')), [...ATTACH_A, 'compromise A', ...SELECT, 'redirect 0 to D', ...ANSWERED]);
    expect(mnContextOf((run.states.at(-1) as AdvWorld).world, 0)?.prepared?.peer).toBe('D');
    expect(firstViolation(targetAsRequested, run)).toEqual({ step: 10, message: 'mn1 left the choice to A and establishes its SA with D, a network it cannot reach from there' });
  });

  it('holds when the compromised SPoS selects honestly', () => {
    const run = walk(buildSystem(spec('selection')), [...ATTACH_A, 'compromise A', ...SELECT, ...ANSWERED]);
    expect(mnContextOf((run.states.at(-1) as AdvWorld).world, 0)?.prepared?.peer).toBe('B');
    expect(firstViolation(targetAsRequested, run)).toBeNull();
  });

  it('the profile\'s MN (V-MN-TARGET-CHECK, as impl/) discards an address other than the target it named', () => {
    const run = walk(buildSystem(spec('selection')), [...ATTACH_A, 'compromise A', ...TO_B, 'redirect 0 to D', ...ANSWERED]);
    const mn = mnContextOf((run.states.at(-1) as AdvWorld).world, 0);
    expect([mn?.prepared, mn?.pending?.step]).toEqual([null, 'prereg']);
    expect(firstViolation(targetAsRequested, run)).toBeNull();
  });

  it('V-MN-NO-TARGET-CHECK follows the SPoS to D although it named B', () => {
    const run = walk(buildSystem(spec('selection', { mnTargetCheck: 'V-MN-NO-TARGET-CHECK' })), [...ATTACH_A, 'compromise A', ...TO_B, 'redirect 0 to D', ...ANSWERED]);
    expect(firstViolation(targetAsRequested, run)?.message).toBe('mn1 asked A for B and establishes its SA with D');
  });

  it('V-MN-TARGET-REACHABLE discards a selected address the MN cannot reach', () => {
    const run = walk(buildSystem(spec('selection', { mnTargetCheck: 'V-MN-TARGET-REACHABLE' })), [...ATTACH_A, 'compromise A', ...SELECT, 'redirect 0 to D', ...ANSWERED]);
    expect(mnContextOf((run.states.at(-1) as AdvWorld).world, 0)?.prepared).toBeNull();
    expect(firstViolation(targetAsRequested, run)).toBeNull();
  });
});

describe('adv-fallback-honoured: a compromised SPoS ignores the MN\'s fallback request', () => {
  const ASK = ['handover mn1 (select) fallback'];
  const ANSWERED = ['deliver 0', 'deliver 0', 'deliver 0', 'deliver 0'];

  it('the profile\'s MN installs the optimized SA it asked not to get', () => {
    const run = walk(buildSystem(spec('fallback')), [...ATTACH_A, 'compromise A', ...ASK, 'tamper 0', ...ANSWERED]);
    expect(run.states[6]?.adv.askedFallback).toHaveLength(1);
    expect(firstViolation(fallbackHonoured, run)).toEqual({ step: 10, message: 'mn1 asked A for a full establishment and installed an optimized SA with B' });
  });

  it('holds when the SPoS honours the request (a full establishment follows)', () => {
    const run = walk(buildSystem(spec('fallback')), [...ATTACH_A, 'compromise A', ...ASK, 'deliver 0', 'deliver 0']);
    expect(mnContextOf((run.states.at(-1) as AdvWorld).world, 0)?.pending?.step).toBe('fullAuth');
    expect((run.states.at(-1) as AdvWorld).adv.askedFallback).toEqual([]);
    expect(firstViolation(fallbackHonoured, run)).toBeNull();
  });

  it('V-FALLBACK-HONOURED: the MN runs the full establishment anyway', () => {
    const run = walk(buildSystem(spec('fallback', { mnFallback: 'V-FALLBACK-HONOURED' })), [...ATTACH_A, 'compromise A', ...ASK, 'tamper 0', ...ANSWERED]);
    expect(mnContextOf((run.states.at(-1) as AdvWorld).world, 0)?.pending?.step).toBe('fullAuth');
    expect(firstViolation(fallbackHonoured, run)).toBeNull();
  });

  it('V-FALLBACK-SEEN alone does not help: the flag reaches the TPoS through the SPoS that cleared it', () => {
    const run = walk(buildSystem(spec('fallback', { tposSeesFallback: 'V-FALLBACK-SEEN' })), [...ATTACH_A, 'compromise A', ...ASK, 'tamper 0', ...ANSWERED]);
    expect(firstViolation(fallbackHonoured, run)).not.toBeNull();
  });
});

describe('the matrix\'s counterexamples for the three properties', () => {
  const NEW: readonly [ScenarioKind, string][] = [['partner', 'adv-serving-sa-kept'], ['selection', 'adv-target-as-requested'], ['fallback', 'adv-fallback-honoured']];

  it('are registered as adversary properties', () => {
    for (const [, id] of NEW) expect(ADVERSARY_PROPERTIES.map((p) => p.id)).toContain(id);
  });

  for (const [kind, property] of NEW) {
    it(`${property}: DEFAULT's shortest counterexample in ${kind} replays; PROPOSED holds it at L = 0..8`, () => {
      const r = analyseScenario(spec(kind));
      const c = r.counterexamples.find((x) => x.property === property);
      expect(c).toBeDefined();
      const file = { format: 'proauth-whatif-cex/1' as const, id: `DEFAULT-L3-${property}`, property, message: c?.message ?? '', requirements: c?.requirements ?? [], spec: spec(kind), trace: c?.trace ?? [] };
      expect(replayCounterexample(file)).toMatchObject({ reproduced: true, step: c?.trace.length, message: c?.message });
      for (let L = 0; L <= 8; L++) {
        const p = analyseScenario({ kind, chainLimit: L, variant: PROPOSED_ROW.variant, counter: PROPOSED_ROW.counter, method: PROPOSED_ROW.method });
        expect(p.counterexamples.map((x) => x.property), `PROPOSED L = ${L}`).toEqual([]);
      }
    });
  }
});
