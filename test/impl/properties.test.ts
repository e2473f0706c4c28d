//= spec/clause-5.14-proposed-text.txt#5.14.1-S17
//= type=test
//# After initial attachment, there is signaling defined so that at all times the MN has a security
//# association with the PoS in the network at its current point of attachment, i.e., the SPoS.
//= spec/clause-5.14-proposed-text.txt#5.14-T1
//= type=test
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//= type=test
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
// Property tests: random sequences of enabled stimuli (docs/protocol.md §3, network faults
// included) never make an entity throw, never hit a contained internal error, and keep the SA
// invariants the clause states: the MN always holds an SA with the PoS of its point of
// attachment (5.14.1-S17), both ends of every SA the MN holds derived the same key, ID_TYPE and
// depth stay consistent (5.14-T1) and the chain stays within L (5.14.2-N4c).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImplSystem, UsageError, type ImplPolicyOptions, type ImplWorldConfig } from '../../impl/index.ts';
import { apply, domain, enabledStimuli, mn, pickStimulus, type Stimulus } from './helpers.ts';

/** Three PoSs with a one-sided agreement (C does not list A), plus one without any. */
const world: ImplWorldConfig = {
  chainLimit: 2,
  domains: [
    domain('A', { neighbours: ['B', 'C'], partners: ['B', 'C'] }),
    domain('B', { neighbours: ['C', 'A'], partners: ['A', 'C'], rats: ['wlan', 'lte'] }),
    domain('C', { neighbours: ['A', 'B'], partners: ['B'], suites: [2] }),
    domain('X', { neighbours: ['A'], partners: [] }),
  ],
  mns: [mn('m1', 'A'), mn('m2', 'B', { method: 'ERP', rats: ['lte'] }), mn('m3', 'C', { method: 'TLS', suites: [1] })],
};

function checkInvariants(system: ImplSystem, policy: ImplPolicyOptions): void {
  const snap = system.snapshot();
  const posSas = (pos: string, m: string) => snap.poss.find((p) => p.id === pos)?.sas.filter((s) => s.peer === m) ?? [];
  for (const m of snap.mns) {
    const serving = m.sas.filter((s) => s.state === 'serving');
    const prepared = m.sas.filter((s) => s.state === 'prepared');
    expect(serving.length).toBeLessThanOrEqual(1);
    expect(prepared.length).toBeLessThanOrEqual(1);
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
    //= type=test
    //# After initial attachment, there is signaling defined so that at all times
    // attached ⇔ a serving SA with the PoS of the point of attachment.
    if (m.attachedTo === null) {
      expect(m.sas).toEqual([]);
      expect(['detached', 'waiting']).toContain(m.lifecycle);
    } else {
      expect(serving.map((s) => s.peer)).toEqual([m.attachedTo]);
    }
    expect(prepared.length === 1).toBe(m.lifecycle === 'prepared');
    if (prepared[0] !== undefined) expect(prepared[0].peer).not.toBe(m.attachedTo);
    for (const sa of m.sas) {
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
      //= type=test
      //# With the information, MN and TPoS can derive the media independent session key (MISK) as
      //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
      // Both ends of every SA the MN holds derived the same key (5.14.2-S9).
      const other = posSas(sa.peer, m.id).find((s) => s.fingerprint === sa.fingerprint);
      expect(other, `${sa.peer} has no SA with ${m.id} under key ${sa.fingerprint}`).toBeDefined();
      expect(other!).toMatchObject({ idType: sa.idType, root: sa.root, depth: sa.depth });
      if (sa.state === 'prepared') expect(other!.state).toBe('prepared');
    }
  }
  for (const p of snap.poss) {
    // docs/protocol.md §2: at most one SA per (PoS, MN) pair.
    expect(new Set(p.sas.map((s) => s.peer)).size).toBe(p.sas.length);
    for (const sa of p.sas) {
      //= spec/clause-5.14-proposed-text.txt#5.14-T1
      //= type=test
      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
      //# 2: GKB-generated; 3: SPoS-generated
      //= SPEC_MAPPING.md#V-COUNT-DEPTH
      //= type=test
      //# "certain number of executions" is the depth of the key lineage: optimized establishments
      //# since the last full establishment of any kind (the SA's depth).
      // full establishments are depth 0, optimized hops depth ≥ 1.
      if (sa.idType === 3) expect(sa.depth).toBeGreaterThanOrEqual(1);
      else expect(sa.depth).toBe(0);
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
      //= type=test
      //# If protocol of establishing SAs between an MN and a TPoS is
      // nothing optimized from TLS
      expect(sa.idType === 0).toBe(sa.root === 'TLS');
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
      //= type=test
      //# That is, after certain number of executions of the optimized SA establishment, it shall
      //# force an SA establishment through the methods specified in 21m.
      expect(sa.depth).toBeLessThanOrEqual(policy.chainLimit);
    }
  }
  expect(system.discarded().filter((d) => d.reason === 'internal')).toEqual([]);
}

type Choice = readonly [number, number];

/** Plays `choices` as a sequence of enabled stimuli, checking the invariants after each. */
function play(system: ImplSystem, choices: readonly Choice[]): ImplSystem {
  for (const [a, b] of choices) {
    apply(system, pickStimulus(enabledStimuli(system), a, b));
    checkInvariants(system, system.policy);
  }
  return system;
}

function run(choices: readonly Choice[], seed: number, policy: Partial<ImplPolicyOptions> = {}): ImplSystem {
  return play(new ImplSystem(world, { seed, policy }), choices);
}

const choices = fc.array(fc.tuple(fc.nat({ max: 9_999 }), fc.nat({ max: 9_999 })), { minLength: 20, maxLength: 120, size: 'max' });

describe('random sequences of enabled stimuli', () => {
  it('never throw and keep SA continuity and key agreement (default policy)', () => {
    fc.assert(
      fc.property(choices, fc.integer({ min: 0, max: 1000 }), (cs, seed) => {
        run(cs, seed);
      }),
      { numRuns: 80, seed: 20261127 },
    );
  });

  it('hold under every enforcer set and the interpretation variants', () => {
    const policies = fc.record({
      enforcers: fc.record({ spos: fc.boolean(), tpos: fc.boolean(), mn: fc.boolean() }),
      erpResetsChain: fc.boolean(),
      tlsExclusion: fc.constantFrom('root' as const, 'protocol' as const),
      kSource: fc.constantFrom('spos' as const, 'hpos' as const),
    });
    fc.assert(
      fc.property(choices, policies, (cs, policy) => {
        const anyEnforcer = policy.enforcers.spos || policy.enforcers.tpos || policy.enforcers.mn;
        // Without any enforcer the chain is unbounded by design; check everything else.
        play(new ImplSystem(world, { seed: 1, policy: anyEnforcer ? policy : { ...policy, chainLimit: 254 } }), cs);
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it('replay deterministically: same seed and choices, byte-identical network', () => {
    fc.assert(
      fc.property(choices, (cs) => {
        const a = run(cs, 3);
        const b = run(cs, 3);
        expect(b.inFlight()).toEqual(a.inFlight());
        expect(b.snapshot()).toEqual(a.snapshot());
        expect(b.discarded()).toEqual(a.discarded());
      }),
      { numRuns: 12, seed: 11 },
    );
  });

  it('a stimulus that is not enabled raises UsageError and changes nothing', () => {
    const anyStimulus: fc.Arbitrary<Stimulus> = fc.oneof(
      fc.record({ kind: fc.constant('attach' as const), mn: fc.constantFrom('m1', 'm2', 'm3', 'ghost'), domain: fc.constantFrom('A', 'B', 'X', 'Nowhere') }),
      fc.record({ kind: fc.constant('handover' as const), mn: fc.constantFrom('m1', 'm2', 'ghost'), target: fc.constantFrom('A', 'B', 'C', null, 'Nowhere'), fallback: fc.boolean() }),
      fc.record({ kind: fc.constant('complete' as const), mn: fc.constantFrom('m1', 'm2', 'm3') }),
      fc.record({ kind: fc.constant('abort' as const), mn: fc.constantFrom('m1', 'm2', 'm3') }),
      fc.record({ kind: fc.constant('deliver' as const), index: fc.integer({ min: -1, max: 5 }) }),
      fc.record({ kind: fc.constant('drop' as const), index: fc.integer({ min: -1, max: 5 }) }),
      fc.record({ kind: fc.constant('duplicate' as const), index: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ kind: fc.constant('corrupt' as const), index: fc.integer({ min: 0, max: 5 }), how: fc.constantFrom('trailing' as const, 'truncate' as const) }),
    );
    fc.assert(
      fc.property(choices, fc.array(anyStimulus, { maxLength: 10 }), (cs, probes) => {
        const system = run(cs, 5);
        for (const probe of probes) {
          const enabled = enabledStimuli(system).some((s) => JSON.stringify(s) === JSON.stringify(probe));
          if (enabled) continue;
          const before = { snap: system.snapshot(), flight: system.inFlight(), discarded: system.discarded().length };
          expect(() => apply(system, probe)).toThrow(UsageError);
          expect(system.snapshot()).toEqual(before.snap);
          expect(system.inFlight()).toEqual(before.flight);
          expect(system.discarded().length).toBe(before.discarded);
        }
      }),
      { numRuns: 30, seed: 13 },
    );
  });
});
