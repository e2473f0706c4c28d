// The remedies of SPEC_MAPPING.md ("Remedies: variants that implement the proposed text") as
// model knobs: each changes the outcome of the attack it answers, and nothing when it is off.

import { describe, expect, it } from 'vitest';
import { type AdvEvent, type AdvWorld, advEventLabel, adversarySystem, type AdversarySystem } from '../../model/adversary/attacked-world.ts';
import type { N2nPreregRequest, Pdu } from '../../model/pdus.ts';
import { chainEnforcers, resolveVariant, type Variant, VariantError } from '../../model/variants.ts';
import { initialWorld } from '../../model/world/world.ts';
import { networkWorld, ringWalk, ringWorld } from '../../harness/whatif/scenarios.ts';
import { Driver, partnerRing } from './fixtures.ts';

function walk(sys: AdversarySystem, script: readonly string[]): AdvWorld {
  let s = sys.initial;
  for (const l of script) {
    const e = sys.enabled(s).find((x) => advEventLabel(x) === l);
    if (e === undefined) throw new Error(`${l} not enabled; enabled: ${sys.enabled(s).map(advEventLabel).join(', ')}`);
    s = sys.step(s, e);
  }
  return s;
}

/** Every PDU delivered along a script, in order. */
function delivered(sys: AdversarySystem, script: readonly string[]): Pdu[] {
  const out: Pdu[] = [];
  let s = sys.initial;
  for (const l of script) {
    const e = sys.enabled(s).find((x) => advEventLabel(x) === l) as AdvEvent;
    if (e.kind === 'deliver') out.push(s.world.inFlight[e.index] as Pdu);
    s = sys.step(s, e);
  }
  return out;
}

const mnContext = (s: AdvWorld) => s.world.mns[0]?.context as { prepared: { depth: number; peer: string } | null; serving: { peer: string } | null; attachedTo: string | null };

const ring = (L: number, variant: Partial<Variant>): AdversarySystem =>
  adversarySystem(initialWorld(ringWorld(L, L + 3), variant, { faults: [] }), { moves: ['compromise', 'tamper'], worldEvents: ringWalk, quiescentMoves: true });

const ATTACH = ['attach mn1 P0', 'deliver 0', 'deliver 0'];

describe('5.14.2-N4b: enforcement is a set of {MN, SPoS, TPoS}', () => {
  //= SPEC_MAPPING.md#V-ENFORCE-ALL
  //= type=test
  //# The MN, the SPoS and the TPoS all check the chain limit
  it('the old ids are named sets; any set is accepted in canonical form', () => {
    expect(resolveVariant({ enforce: ['TPoS', 'SPoS'] }).enforce).toBe('V-ENFORCE-BOTH');
    expect(resolveVariant({ enforce: ['TPoS', 'SPoS', 'MN'] }).enforce).toBe('V-ENFORCE-ALL');
    expect(resolveVariant({ enforce: ['TPoS', 'MN'] }).enforce).toEqual(['MN', 'TPoS']);
    expect(chainEnforcers(resolveVariant({ enforce: 'V-ENFORCE-ALL' }))).toEqual({ mn: true, spos: true, tpos: true });
    expect(chainEnforcers(resolveVariant({ enforce: [] }))).toEqual({ mn: false, spos: false, tpos: false });
    expect(chainEnforcers(resolveVariant({ enforce: 'V-ENFORCE-BOTH' }))).toEqual({ mn: false, spos: true, tpos: true });
  });

  it('a member outside the three, a repeat or an unknown name is a VariantError', () => {
    expect(() => resolveVariant({ enforce: ['HPoS'] as never })).toThrow(VariantError);
    expect(() => resolveVariant({ enforce: ['MN', 'MN'] })).toThrow(VariantError);
    expect(() => resolveVariant({ enforce: 'V-ENFORCE-NOPE' as never })).toThrow(VariantError);
  });

  it('with all three enforcing, the MN asks first at depth L; with no one, the chain is not cut', () => {
    const chainOf = (enforce: Variant['enforce']) => {
      const d = new Driver(partnerRing(), { enforce });
      d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
      for (const to of ['B', 'C', 'D']) {
        d.handover('mn1', to);
        d.complete('mn1');
      }
      return d.handover('mn1', 'E').outcome;
    };
    expect(chainOf('V-ENFORCE-ALL')).toMatchObject({ path: 'full', reason: 'MN_REQUESTED' });
    expect(chainOf(['SPoS', 'TPoS'])).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
    expect(chainOf([])).toMatchObject({ path: 'optimized' });
  });
});

describe('5.14.2-N4c: the TPoS range check in the model (V-COUNTER-RANGE)', () => {
  // A compromised P0 rewinds its counter and states 0 for the SA it prepares.
  const lie = [...ATTACH, 'compromise P0', 'rewind mn1', 'handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0'];

  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //= type=test
  //# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L
  it('the TPoS refuses a stated counter of 0; the profile accepts it', () => {
    const answer = (variant: Partial<Variant>) => delivered(ring(3, variant), lie).find((p) => p.type === 'MIS_N2N_Prereg_Xfer.response');
    const request = delivered(ring(3, {}), lie).find((p): p is N2nPreregRequest => p.type === 'MIS_N2N_Prereg_Xfer.request');
    expect(request?.chain).toBe(0);
    expect(answer({ counterRange: 'V-COUNTER-RANGE' })).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
    expect(answer({})).toMatchObject({ status: 'SUCCESS' });
  });

  it('it refuses a counter above L even where no one enforces', () => {
    const noMn = new Driver(partnerRing(), { enforce: [], counterRange: 'V-COUNTER-RANGE' });
    noMn.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    for (const to of ['B', 'C', 'D']) {
      noMn.handover('mn1', to);
      noMn.complete('mn1');
    }
    const r = noMn.handover('mn1', 'E');
    expect(r.outcome).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
    expect(r.pdus.find((p) => p.type === 'MIS_N2N_Prereg_Xfer.response')).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
  });
});

describe('5.14.2-N1c: an MN that asked for a full establishment (V-FALLBACK-HONOURED)', () => {
  // L = 0, only the MN enforces: it always asks; the compromised P0 clears its flag in transit.
  const attack = [...ATTACH, 'compromise P0', 'handover mn1 (select)', 'tamper 0', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0'];

  //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
  //= type=test
  //# An MN that set the fallback flag refuses an optimized SA
  it('refuses the optimized SA the compromised SPoS granted and runs a full establishment', () => {
    const honoured = ring(0, { enforce: 'V-ENFORCE-MN', mnFallback: 'V-FALLBACK-HONOURED' });
    const s = walk(honoured, attack);
    expect(s.world.inFlight.map((p) => p.type)).toEqual(['MIS_Auth.request']);
    const done = walk(honoured, [...attack, 'deliver 0', 'deliver 0']);
    expect(mnContext(done).prepared).toMatchObject({ peer: 'P1', depth: 0 });
    expect(done.adv.blast).toBe(0);
  });

  it('the profile (V-FALLBACK-ACCEPTS) installs it: one SA past L = 0', () => {
    const s = walk(ring(0, { enforce: 'V-ENFORCE-MN' }), attack);
    expect(mnContext(s).prepared).toMatchObject({ peer: 'P1', depth: 1 });
    expect(s.adv.blast).toBe(1);
  });

  //= SPEC_MAPPING.md#V-FALLBACK-SEEN
  //= type=test
  //# MIS_N2N_Prereg_Xfer.request carries the MN's fallback flag
  it('V-FALLBACK-SEEN: the N2N request carries the flag as the SPoS received it', () => {
    const requestOf = (variant: Partial<Variant>) =>
      delivered(ring(0, { enforce: 'V-ENFORCE-MN', ...variant }), attack).find((p): p is N2nPreregRequest => p.type === 'MIS_N2N_Prereg_Xfer.request');
    // cleared by the compromised SPoS before it forwards: the TPoS sees false and cannot help.
    expect(requestOf({ tposSeesFallback: 'V-FALLBACK-SEEN' })?.mnFallback).toBe(false);
    expect(requestOf({})?.mnFallback).toBeUndefined();
  });
});

describe('5.14.1-S17: the completion indication bound to its preparation (V-COMPLETE-BOUND)', () => {
  // A -> B -> A, then the indication B -> A of the first handover is replayed (F-16).
  const hop = ['handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0', 'complete mn1', 'deliver 0', 'deliver 0'];
  const script = ['attach mn1 A', 'deliver 0', 'deliver 0', ...hop, ...hop, 'replay 1', 'deliver 0'];
  const replaying = (variant: Partial<Variant>) => adversarySystem(
    initialWorld(networkWorld(3), variant, { faults: [] }),
    { moves: ['replay'], quiescentMoves: true, logBound: 4, maxReplays: 1, logTypes: ['MIS_N2N_Prereg_Xfer.request', 'MIS_N2N_HO_Complete.indication'] },
  );
  const servingSaAtA = (s: AdvWorld) => (s.world.poss[0]?.spos[0]?.context as { sa: unknown }).sa;

  //= SPEC_MAPPING.md#V-COMPLETE-BOUND
  //= type=test
  //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
  it('the replayed indication names an old preparation: A keeps its SA with the MN', () => {
    const s = walk(replaying({ completion: 'V-COMPLETE-BOUND' }), script);
    expect(mnContext(s).attachedTo).toBe('A');
    expect(servingSaAtA(s)).not.toBeNull();
  });

  it('the profile (V-COMPLETE-UNBOUND) deletes it', () => {
    const s = walk(replaying({}), script);
    expect(mnContext(s).attachedTo).toBe('A');
    expect(servingSaAtA(s)).toBeNull();
  });

  it('the genuine indication still ends the old SA, after a full fallback too', () => {
    const sys = replaying({ completion: 'V-COMPLETE-BOUND' });
    const s = walk(sys, ['attach mn1 A', 'deliver 0', 'deliver 0', ...hop]);
    expect(servingSaAtA(s)).toBeNull();
    // a fallback (TPoS policy) makes the MN's SA by MIS_Auth, with a fresh Nonce-N of its own
    const d = new Driver(partnerRing(), { completion: 'V-COMPLETE-BOUND' });
    d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(d.handover('mn1', 'B', true).outcome).toMatchObject({ path: 'full', reason: 'MN_REQUESTED' });
    const pdus = d.complete('mn1').flatMap((r) => r.emitted);
    expect(pdus).toContainEqual(expect.objectContaining({ type: 'MIS_N2N_HO_Complete.indication' }));
    expect(d.world.poss[0]?.spos[0]?.context).toMatchObject({ sa: null });
  });
});
