// The MN's halves of two remedies in the reference implementation: tlsExclusion 'mn'
// (V-TLS-MN: no optimized SA on a lineage of its own that is not EAP or ERP) and targetCheck
// 'reachable' (V-MN-TARGET-REACHABLE: an SPoS-selected TPoS only if the MN can reach it). An
// honest SPoS never grants what these checks refuse, so the SPoS of this file is a faulty one
// (what a compromised SPoS does, docs/whatif/README.md): it judges every SA as if rooted in EAP,
// and it selects C, a partner whose RATs the MN has none of.
import { describe, expect, it, vi } from 'vitest';
import type { ImplPolicyOptions } from '../../impl/config.ts';
import type { SposInput } from '../../impl/entities/policy.ts';
import { domain, drain, mn, newSystem, storyWorld, summary } from './helpers.ts';

vi.mock('../../impl/entities/policy.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../impl/entities/policy.ts')>();
  return { ...original, sposDecision: (input: SposInput) => original.sposDecision({ ...input, sa: { ...input.sa, root: 'EAP', idType: 1 } }) };
});

vi.mock('../../impl/entities/selection.ts', () => ({ selectTarget: () => 'C' }));

/** A with neighbours B (wlan) and C (lte only), all partners; the MN has wlan only. */
function world(method: 'EAP' | 'TLS') {
  return storyWorld({
    domains: [
      domain('A', { neighbours: ['B', 'C'], partners: ['B', 'C'] }),
      domain('B', { neighbours: ['A'], partners: ['A'] }),
      domain('C', { rats: ['lte'], neighbours: ['A'], partners: ['A'] }),
    ],
    mns: [mn('mn1', 'A', { method })],
  });
}

function handover(method: 'EAP' | 'TLS', policy: Partial<ImplPolicyOptions>, target: string | null, fallback = false) {
  const system = newSystem(world(method), { policy });
  system.attach('mn1', 'A');
  drain(system);
  system.handover('mn1', target, fallback);
  const log = drain(system).map(summary);
  const m = system.snapshot().mns[0]!;
  return { log, lifecycle: m.lifecycle, prepared: m.sas.find((s) => s.state === 'prepared'), bad: system.discarded().filter((d) => d.reason === 'bad-field').length };
}

describe('V-TLS-MN: an MN whose lineage is TLS, granted an optimized SA by its SPoS', () => {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //= type=test
  //# If protocol of establishing SAs between an MN and a TPoS is
  //= SPEC_MAPPING.md#V-TLS-MN
  //= type=test
  //# the MN refuses an optimized SA unless its own lineage is EAP or ERP: on SUCCESS it runs the full
  //# establishment with the named TPoS instead.
  it('tlsExclusion \'mn\': refuses it and runs a full (TLS) establishment with the TPoS named', () => {
    const { log, prepared } = handover('TLS', { tlsExclusion: 'mn' }, 'B');
    expect(log.map((e) => e.type)).toEqual([
      'MIS_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.response', 'MIS_Prereg_Xfer.response',
      'MIS_Auth.request', 'MIS_Auth.response',
    ]);
    expect(log[3]).toMatchObject({ status: 'SUCCESS' });
    expect(prepared).toMatchObject({ peer: 'B', idType: 0, root: 'TLS', depth: 0 });
  });

  it('the profile (\'root\') installs the optimized SA the SPoS granted', () => {
    const { log, prepared } = handover('TLS', {}, 'B');
    expect(log.map((e) => e.type)).not.toContain('MIS_Auth.request');
    expect(prepared).toMatchObject({ peer: 'B', idType: 3, root: 'TLS', depth: 1 });
  });

  it('an EAP MN takes the optimized SA under \'mn\' as well', () => {
    expect(handover('EAP', { tlsExclusion: 'mn' }, 'B').prepared).toMatchObject({ peer: 'B', idType: 3, root: 'EAP', depth: 1 });
  });
});

describe('V-MN-TARGET-REACHABLE: an SPoS that selects a TPoS the MN cannot reach', () => {
  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //= type=test
  //# As V-MN-TARGET-CHECK, and a TPoS the SPoS selected is taken only if it is a network the MN
  //# can reach from its point of attachment (a neighbour of its SPoS offering one of its RATs).
  it('targetCheck \'reachable\': the MN discards the optimized answer and keeps waiting', () => {
    const r = handover('EAP', { targetCheck: 'reachable' }, null);
    expect(r.log.at(-1)).toMatchObject({ type: 'MIS_Prereg_Xfer.response', status: 'SUCCESS' });
    expect(r).toMatchObject({ lifecycle: 'waiting', prepared: undefined, bad: 1 });
  });

  it('targetCheck \'reachable\': so it does an answer that sends it to a full establishment there', () => {
    const r = handover('EAP', { targetCheck: 'reachable' }, null, true);
    expect(r.log.at(-1)).toMatchObject({ type: 'MIS_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED' });
    expect(r).toMatchObject({ lifecycle: 'waiting', prepared: undefined, bad: 1 });
  });

  it('the profile (\'named\') takes the selected TPoS as it comes', () => {
    expect(handover('EAP', {}, null).prepared).toMatchObject({ peer: 'C', idType: 3 });
    expect(handover('EAP', {}, null, true).prepared).toMatchObject({ peer: 'C', idType: 1, depth: 0 });
  });

  it('a target the MN named itself is not checked for reachability', () => {
    expect(handover('EAP', { targetCheck: 'reachable' }, 'C').prepared).toMatchObject({ peer: 'C', idType: 3 });
  });
});
