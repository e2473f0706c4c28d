// The policy knobs of the four remedies the wire carries (impl/config.ts): rangeCheck
// (V-COUNTER-RANGE), tlsExclusion 'mn' (V-TLS-MN), servingPos (V-TPOS-SERVING-REFUSES) and
// targetCheck (V-MN-TARGET-REACHABLE). Each decision alone, then at the TPoS through ImplSystem;
// the MN's two checks need an SPoS that grants what an honest one does not, so they are shown in
// mn-remedy-checks.test.ts. Every default is the profile's behaviour.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../impl/config.ts';
import { resolvePolicy } from '../../impl/config-validation.ts';
import {
  mnRefusesOptimizedLineage,
  requestDepthInRange,
  targetReachable,
  tlsExcluded,
  tposDecision,
  tposDecisionWithRemedies,
  type TposRemedyInput,
} from '../../impl/entities/policy.ts';
import type { ImplSystem } from '../../impl/system.ts';
import { decode } from '../../impl/wire/codec.ts';
import { domain, drain, newSystem, storyWorld, summary } from './helpers.ts';

const policy = { ...DEFAULT_POLICY, chainLimit: 3 };

/** An acceptable request at a TPoS that trusts A and supports suite 1 (the profile's defaults). */
function request(partial: Partial<TposRemedyInput> = {}): TposRemedyInput {
  return {
    spos: 'A', partners: ['A'], replayed: false, requestsFallback: false, servesMn: false, requestDepth: 1,
    offeredSuites: [1], supportedSuites: [1], policy, ...partial,
  };
}

const refusal = (status: string, reason: string) => ({ kind: 'refuse', status, reason });

describe('the knobs in the policy', () => {
  it('default to the profile: no range check, a serving PoS accepts, the named-target check', () => {
    expect(DEFAULT_POLICY).toMatchObject({ rangeCheck: false, servingPos: 'accepts', targetCheck: 'named', tlsExclusion: 'root' });
    expect(resolvePolicy(storyWorld(), { rangeCheck: true, servingPos: 'refuses', targetCheck: 'reachable', tlsExclusion: 'mn' }))
      .toMatchObject({ rangeCheck: true, servingPos: 'refuses', targetCheck: 'reachable', tlsExclusion: 'mn' });
  });

  it.each([
    ['rangeCheck', { rangeCheck: 'yes' }],
    ['servingPos', { servingPos: 'refuse' }],
    ['targetCheck', { targetCheck: 'none' }],
    ['tlsExclusion', { tlsExclusion: 'MN' }],
  ] as const)('a bad %s is a ConfigError', (name, partial) => {
    expect(() => resolvePolicy(storyWorld(), partial as never)).toThrow(new RegExp(name));
  });
});

describe('V-COUNTER-RANGE: rangeCheck at the TPoS', () => {
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //= type=test
  //# the TPoS also refuses a counter outside 1..L
  it('requestDepthInRange is 1..L', () => {
    expect([0, 1, 3, 4].map((d) => requestDepthInRange(d, 3))).toEqual([false, true, true, false]);
    expect(requestDepthInRange(1, 0)).toBe(false);
  });

  it('refuses a depth below 1 (CHAIN_LIMIT); the profile accepts it', () => {
    expect(tposDecisionWithRemedies(request({ requestDepth: 0, policy: { ...policy, rangeCheck: true } }))).toEqual(refusal('FULL_AUTH_REQUIRED', 'CHAIN_LIMIT'));
    expect(tposDecisionWithRemedies(request({ requestDepth: 0 }))).toEqual({ kind: 'accept', suite: 1 });
  });

  it('refuses a depth above L even where the TPoS is no enforcer', () => {
    const notEnforcing = { ...policy, enforcers: { spos: true, tpos: false, mn: false } };
    expect(tposDecisionWithRemedies(request({ requestDepth: 4, policy: { ...notEnforcing, rangeCheck: true } }))).toEqual(refusal('FULL_AUTH_REQUIRED', 'CHAIN_LIMIT'));
    expect(tposDecisionWithRemedies(request({ requestDepth: 4, policy: notEnforcing }))).toEqual({ kind: 'accept', suite: 1 });
  });

  it('sits where the chain limit does: after REPLAY and TPOS_REQUESTED, before NO_COMMON_SUITE', () => {
    const ranged = { ...policy, rangeCheck: true };
    expect(tposDecisionWithRemedies(request({ requestDepth: 0, replayed: true, policy: ranged }))).toEqual(refusal('REJECTED', 'REPLAY'));
    expect(tposDecisionWithRemedies(request({ requestDepth: 0, requestsFallback: true, policy: ranged }))).toEqual(refusal('FULL_AUTH_REQUIRED', 'TPOS_REQUESTED'));
    expect(tposDecisionWithRemedies(request({ requestDepth: 0, offeredSuites: [2], policy: ranged }))).toEqual(refusal('FULL_AUTH_REQUIRED', 'CHAIN_LIMIT'));
  });

  it('through ImplSystem: an SPoS that does not enforce sends depth 1 over L = 0, and the TPoS refuses it', () => {
    const run = (rangeCheck: boolean) => {
      const system = newSystem(storyWorld({ chainLimit: 0 }), { policy: { rangeCheck, enforcers: { spos: false, tpos: false, mn: false } } });
      system.attach('mn1', 'A');
      drain(system);
      system.handover('mn1', 'B', false);
      return drain(system).map(summary).find((e) => e.type === 'MIS_N2N_Prereg_Xfer.response');
    };
    expect(run(true)).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
    expect(run(false)).toMatchObject({ status: 'SUCCESS' });
  });
});

describe('V-TPOS-SERVING-REFUSES: servingPos at the TPoS', () => {
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //= type=test
  //# A PoS that serves the MN refuses to be its TPoS: it answers a MIS_N2N_Prereg_Xfer.request for
  //# that MN with FULL_AUTH_REQUIRED (TPOS_REQUESTED)
  it('refuses a request for an MN it serves with TPOS_REQUESTED; the profile accepts it', () => {
    const refusing = { ...policy, servingPos: 'refuses' as const };
    expect(tposDecisionWithRemedies(request({ servesMn: true, policy: refusing }))).toEqual(refusal('FULL_AUTH_REQUIRED', 'TPOS_REQUESTED'));
    expect(tposDecisionWithRemedies(request({ servesMn: false, policy: refusing }))).toEqual({ kind: 'accept', suite: 1 });
    expect(tposDecisionWithRemedies(request({ servesMn: true }))).toEqual({ kind: 'accept', suite: 1 });
  });

  it('sits after the REJECTED answers and before the chain limit', () => {
    const refusing = { ...policy, servingPos: 'refuses' as const };
    expect(tposDecisionWithRemedies(request({ servesMn: true, partners: [], policy: refusing }))).toEqual(refusal('REJECTED', 'UNAUTHORIZED_SOURCE'));
    expect(tposDecisionWithRemedies(request({ servesMn: true, replayed: true, policy: refusing }))).toEqual(refusal('REJECTED', 'REPLAY'));
    expect(tposDecisionWithRemedies(request({ servesMn: true, requestDepth: 4, policy: refusing }))).toEqual(refusal('FULL_AUTH_REQUIRED', 'TPOS_REQUESTED'));
  });

  it('with the defaults it is the profile order', () => {
    for (const partial of [{}, { requestDepth: 4 }, { replayed: true }, { offeredSuites: [2] }, { requestDepth: 0, servesMn: true }]) {
      const input = request(partial);
      expect(tposDecisionWithRemedies(input)).toEqual(tposDecision(input));
    }
  });

  /**
   * mn1 attaches to A, hands over to B and completes, but the indication to A is lost: A keeps
   * a stale serving SA. mn1 then hands over back to A. Returns what the wire carried then.
   */
  function backToStaleServingPos(servingPos: 'accepts' | 'refuses'): { system: ImplSystem; log: ReturnType<typeof drain> } {
    const system = newSystem(storyWorld(), { policy: { servingPos } });
    system.attach('mn1', 'A');
    drain(system);
    system.handover('mn1', 'B', false);
    drain(system);
    system.complete('mn1');
    system.deliver(0); // MIS_HO_Complete.request at B
    expect(decode(system.inFlight()[0]!.bytes).type).toBe('MIS_N2N_HO_Complete.indication');
    system.drop(0);
    expect(system.snapshot().poss.find((p) => p.id === 'A')?.sas).toMatchObject([{ peer: 'mn1', state: 'serving' }]);
    system.handover('mn1', 'A', false);
    return { system, log: drain(system) };
  }

  it('through ImplSystem: the PoS left serving refuses, and the MN runs a full establishment with it', () => {
    const { system, log } = backToStaleServingPos('refuses');
    expect(log.map(summary)).toMatchObject([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'B' },
      { type: 'MIS_N2N_Prereg_Xfer.request', src: 'B', dst: 'A' },
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'A', dst: 'B', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' },
      { type: 'MIS_Prereg_Xfer.response', src: 'B', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', status: 'SUCCESS' },
    ]);
    // the full establishment, which the MN ran itself, replaced the stale SA (one SA per MN)
    expect(system.snapshot().poss.find((p) => p.id === 'A')?.sas).toMatchObject([{ peer: 'mn1', state: 'prepared', depth: 0, idType: 1 }]);
  });

  it('through ImplSystem: the profile makes the PoS left serving the TPoS of an optimized hop', () => {
    const { system, log } = backToStaleServingPos('accepts');
    expect(log.map(summary).find((e) => e.type === 'MIS_N2N_Prereg_Xfer.response')).toMatchObject({ status: 'SUCCESS' });
    expect(system.snapshot().poss.find((p) => p.id === 'A')?.sas).toMatchObject([{ peer: 'mn1', state: 'prepared', depth: 2, idType: 3 }]);
  });
});

describe('V-TLS-MN: tlsExclusion \'mn\'', () => {
  //= SPEC_MAPPING.md#V-TLS-MN
  //= type=test
  //# As V-TLS-ROOT at the SPoS
  it('the SPoS excludes what V-TLS-ROOT excludes', () => {
    for (const sa of [{ root: 'TLS', idType: 0 }, { root: 'TLS', idType: 3 }, { root: 'EAP', idType: 1 }, { root: 'GKB', idType: 3 }] as const) {
      expect(tlsExcluded(sa, 'mn'), JSON.stringify(sa)).toBe(tlsExcluded(sa, 'root'));
    }
  });

  //= SPEC_MAPPING.md#V-TLS-MN
  //= type=test
  //# the MN refuses an optimized SA unless its own lineage is EAP or ERP
  it('the MN refuses an optimized SA on a lineage that is not EAP or ERP, under \'mn\' only', () => {
    expect((['EAP', 'ERP', 'TLS', 'GKB'] as const).map((r) => mnRefusesOptimizedLineage(r, 'mn'))).toEqual([false, false, true, true]);
    for (const mode of ['root', 'protocol'] as const) expect(mnRefusesOptimizedLineage('TLS', mode)).toBe(false);
  });
});

describe('V-MN-TARGET-REACHABLE: targetReachable', () => {
  const around = new Map([
    ['A', { neighbours: ['B', 'C'], rats: ['wlan'] }],
    ['B', { neighbours: ['A'], rats: ['wlan', 'lte'] }],
    ['C', { neighbours: ['A'], rats: ['lte'] }],
    ['D', { neighbours: [], rats: ['wlan'] }],
  ]);

  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //= type=test
  //# a TPoS the SPoS selected is taken only if it is a network the MN can reach
  it('a neighbour of the SPoS that offers one of the MN\'s RATs', () => {
    expect(targetReachable('A', 'B', ['wlan'], around)).toBe(true);
    expect(targetReachable('A', 'C', ['wlan'], around)).toBe(false); // no common RAT
    expect(targetReachable('A', 'C', ['lte'], around)).toBe(true);
    expect(targetReachable('A', 'D', ['wlan'], around)).toBe(false); // not a neighbour of A
    expect(targetReachable('X', 'B', ['wlan'], around)).toBe(false); // an SPoS the MN knows nothing of
    expect(targetReachable('A', 'Y', ['wlan'], around)).toBe(false);
  });

  it('an honest SPoS selects only reachable targets, so the knob changes nothing there', () => {
    const world = storyWorld({ domains: [domain('A', { neighbours: ['C', 'B'], partners: ['B', 'C'] }), domain('B', { partners: ['A'] }), domain('C', { rats: ['lte'], partners: ['A'] })] });
    const run = (targetCheck: 'named' | 'reachable') => {
      const system = newSystem(world, { policy: { targetCheck } });
      system.attach('mn1', 'A');
      drain(system);
      system.handover('mn1', null, false);
      drain(system);
      return system.snapshot().mns[0]?.sas;
    };
    expect(run('reachable')).toEqual(run('named'));
    expect(run('reachable')).toMatchObject([{ peer: 'A' }, { peer: 'B', state: 'prepared' }]);
  });
});
