// Interpretation variants change the outcome exactly where their sentence applies.

import { describe, expect, it } from 'vitest';
import type { N2nPreregRequest } from '../../model/pdus.ts';
import { DEFAULT_VARIANT, READINGS, VariantError, resolveVariant, type Variant } from '../../model/variants.ts';
import { initialWorld, view } from '../../model/world/world.ts';
import { Driver, mnConfig, partnerRing, randomWalk } from './fixtures.ts';

function attached(variant: Partial<Variant>, config = partnerRing()): Driver {
  const d = new Driver(config, variant);
  d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
  return d;
}

function hop(d: Driver, to: string, fallback = false) {
  const r = d.handover('mn1', to, fallback);
  d.complete('mn1');
  return r;
}

const mnSa = (d: Driver) => view(d.world).mns[0]?.sas[0];

describe('variants: ids and defaults', () => {
  it('the defaults are the readings of docs/protocol.md', () => {
    expect(DEFAULT_VARIANT).toEqual({
      //= SPEC_MAPPING.md#V-NOTE1-NOT-POSSIBLE
      //= type=test
      //# "fall back … whenever it is possible" is read as "whenever the
      //= SPEC_MAPPING.md#V-ENFORCE-BOTH
      //= type=test
      //# The SPoS refuses to start an optimized hop at depth ≥ L and the TPoS refuses a request
      //# whose depth > L (A-DEPTH-WIRE).
      note1: 'V-NOTE1-NOT-POSSIBLE', count: 'V-COUNT-DEPTH', enforce: 'V-ENFORCE-BOTH', erp: 'V-ERP-FULL',
      //= SPEC_MAPPING.md#V-K-PER-TPOS
      //= type=test
      //# One K per (MN, SPoS, TPoS, Nonce-N): K is bound to one TPoS (A-K-BIND).
      //= SPEC_MAPPING.md#V-K-SPOS
      //= type=test
      //# The SPoS derives K from its SA with the MN (A-K-BIND) and sends it to the MN and the TPoS;
      //# the SA made is SPoS-generated (ID_TYPE 3).
      kSource: 'V-K-SPOS', tls: 'V-TLS-ROOT', kScope: 'V-K-PER-TPOS',
      counterRange: 'V-RANGE-UPPER', mnFallback: 'V-FALLBACK-ACCEPTS', tposSeesFallback: 'V-FALLBACK-UNSEEN', completion: 'V-COMPLETE-UNBOUND',
      mnTargetCheck: 'V-MN-TARGET-CHECK', tposServing: 'V-TPOS-SERVING-ACCEPTS',
    });
    for (const [id, r] of Object.entries(READINGS)) expect(id.startsWith('V-') && r.sentence.length > 0 && r.requirement.length > 0).toBe(true);
  });

  it('an id on the wrong axis or an unknown id is refused', () => {
    expect(() => resolveVariant({ note1: 'V-K-HPOS' as never })).toThrow(VariantError);
    expect(() => resolveVariant({ tls: 'V-TLS-NOPE' as never })).toThrow(VariantError);
    expect(() => initialWorld(partnerRing(), { count: 'x' as never })).toThrow(VariantError);
  });
});

describe('5.14.2-N1b: V-NOTE1-LITERAL', () => {
  it('never optimizes: FULL_AUTH_REQUIRED with no specific reason, on any walk', () => {
    const d = attached({ note1: 'V-NOTE1-LITERAL' });
    expect(hop(d, 'B').outcome).toMatchObject({ path: 'full', reason: 'NONE' });
    const outcomes: string[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      randomWalk(initialWorld(partnerRing(), { note1: 'V-NOTE1-LITERAL' }, { faults: [] }), 80, seed, (r) => {
        if (r.outcome) outcomes.push(r.outcome.path);
        for (const p of r.emitted) expect(p.type).not.toBe('MIS_N2N_Prereg_Xfer.request');
      });
    }
    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes).not.toContain('optimized');
  });

  it('the default reading does optimize on the same walks', () => {
    const outcomes: string[] = [];
    for (let seed = 1; seed <= 20; seed++) randomWalk(initialWorld(partnerRing(), {}, { faults: [] }), 80, seed, (r) => { if (r.outcome) outcomes.push(r.outcome.path); });
    expect(outcomes).toContain('optimized');
  });
});

describe('5.14.2-N4c: the chain limit L', () => {
  it('L = 0 never optimizes', () => {
    const d = attached({}, partnerRing({ chainLimit: 0 }));
    for (const to of ['B', 'C', 'D']) expect(hop(d, to).outcome).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
  });

  it('L = 1 allows exactly one optimized hop between full ones', () => {
    const d = attached({}, partnerRing({ chainLimit: 1 }));
    expect(['B', 'C', 'D', 'E'].map((to) => hop(d, to).outcome?.path)).toEqual(['optimized', 'full', 'optimized', 'full']);
  });
});

describe('5.14.2-N4b: who enforces', () => {
  const chainOf = (variant: Partial<Variant>) => {
    const d = attached(variant);
    for (const to of ['B', 'C', 'D']) hop(d, to);
    return d.handover('mn1', 'E');
  };

  //= SPEC_MAPPING.md#V-ENFORCE-SPOS
  //= type=test
  //# Only the SPoS checks (depth ≥ L → CHAIN_LIMIT); the TPoS accepts any depth.
  it('V-ENFORCE-BOTH and V-ENFORCE-SPOS: the SPoS refuses, no N2N PDU', () => {
    for (const enforce of ['V-ENFORCE-BOTH', 'V-ENFORCE-SPOS'] as const) {
      const r = chainOf({ enforce });
      expect(r.outcome).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
      expect(r.pdus.map((p) => p.type)).not.toContain('MIS_N2N_Prereg_Xfer.request');
    }
  });

  it('V-ENFORCE-TPOS: the request goes to the TPoS, which answers CHAIN_LIMIT', () => {
    const r = chainOf({ enforce: 'V-ENFORCE-TPOS' });
    expect(r.outcome).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
    expect(r.pdus.find((p) => p.type === 'MIS_N2N_Prereg_Xfer.response')).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
  });

  it('V-ENFORCE-MN: the MN asks for a full establishment itself (MN_REQUESTED)', () => {
    const r = chainOf({ enforce: 'V-ENFORCE-MN' });
    expect(r.outcome).toMatchObject({ path: 'full', reason: 'MN_REQUESTED' });
  });
});

describe('5.14.2-N4c: what the counter counts', () => {
  // optimized, optimized, voluntary fallback, optimized, then?
  const fifth = (count: Variant['count']) => {
    const d = attached({ count });
    hop(d, 'B');
    hop(d, 'C');
    hop(d, 'D', true);
    hop(d, 'E');
    expect(mnSa(d)).toMatchObject({ depth: 1 });
    return d.handover('mn1', 'A').outcome;
  };

  it('V-COUNT-DEPTH: the voluntary fallback reset the chain, the fifth hop is optimized', () => {
    expect(fifth('V-COUNT-DEPTH')).toMatchObject({ path: 'optimized' });
  });

  it('V-COUNT-HOPS-ANY: it did not, the fifth hop is the fourth optimized execution and is refused', () => {
    expect(fifth('V-COUNT-HOPS-ANY')).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
  });
});

describe('5.14.2-N2b: does ERP reset the chain', () => {
  const erpMn = partnerRing({ mns: [mnConfig('mn1', { method: 'ERP' })] });

  it('V-ERP-FULL: a fallback ERP run is full (root ERP, depth 0)', () => {
    const d = attached({ erp: 'V-ERP-FULL' }, erpMn);
    hop(d, 'B');
    hop(d, 'C', true);
    expect(mnSa(d)).toMatchObject({ idType: 1, root: 'ERP', depth: 0 });
  });

  it('V-ERP-OPTIMIZED: a fallback ERP run continues the chain; the forced one is a full EAP run', () => {
    const d = attached({ erp: 'V-ERP-OPTIMIZED' }, erpMn);
    hop(d, 'B');
    hop(d, 'C', true);
    expect(mnSa(d)).toMatchObject({ idType: 1, root: 'ERP', depth: 2 });
    hop(d, 'D');
    expect(mnSa(d)).toMatchObject({ depth: 3 });
    expect(hop(d, 'E').outcome).toMatchObject({ path: 'full', reason: 'CHAIN_LIMIT' });
    expect(mnSa(d)).toMatchObject({ idType: 1, root: 'EAP', depth: 0 });
    expect(view(d.world).poss.find((p) => p.id === 'E')?.sas[0]).toMatchObject({ root: 'EAP', depth: 0, key: mnSa(d)?.key });
  });
});

//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//= type=test
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
describe('5.14.2-S2: where K comes from', () => {
  it('V-K-HPOS: the SA is EAP-generated (ID_TYPE 1), the SPoS never handles K, keys still agree', () => {
    const d = attached({ kSource: 'V-K-HPOS' });
    const preregs: N2nPreregRequest[] = [];
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    while (d.world.inFlight.length > 0) {
      const p = d.world.inFlight[0];
      if (p?.type === 'MIS_N2N_Prereg_Xfer.request') preregs.push(p);
      d.do({ kind: 'deliver', index: 0 });
    }
    expect(preregs).toHaveLength(1);
    expect(preregs[0]?.k).toBeNull();
    const prepared = view(d.world).mns[0]?.sas.find((s) => s.state === 'prepared');
    expect(prepared).toMatchObject({ idType: 1, depth: 1, root: 'EAP' });
    expect(view(d.world).poss.find((p) => p.id === 'B')?.sas[0]?.key).toBe(prepared?.key);
    d.complete('mn1');
    // the chain is still counted
    hop(d, 'C');
    hop(d, 'D');
    expect(d.handover('mn1', 'E').outcome).toMatchObject({ reason: 'CHAIN_LIMIT' });
  });

  it('V-K-SPOS: the SA is SPoS-generated (ID_TYPE 3)', () => {
    const d = attached({});
    d.handover('mn1', 'B');
    expect(view(d.world).mns[0]?.sas.find((s) => s.state === 'prepared')).toMatchObject({ idType: 3 });
  });
});

describe('K per TPoS or shared (A-K-BIND)', () => {
  // The MN asks for B, the N2N request is lost, the MN gives up and asks for C: two requests
  // made from the same SPoS SA. Which K did each carry?
  const kIds = (kScope: Variant['kScope']): string[] => {
    const d = new Driver(partnerRing(), { kScope });
    d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    const ks: string[] = [];
    const capture = () => {
      for (const p of d.world.inFlight) if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.k !== null) ks.push(p.k.id);
    };
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    d.do({ kind: 'deliver', index: 0 });
    capture();
    d.do({ kind: 'drop', index: 0 });
    d.do({ kind: 'abort', mn: 'mn1' });
    d.do({ kind: 'handover', mn: 'mn1', target: 'C', fallback: false });
    d.do({ kind: 'deliver', index: 0 });
    capture();
    d.drain();
    expect(view(d.world).mns[0]).toMatchObject({ lifecycle: 'prepared' });
    return ks;
  };

  it('V-K-PER-TPOS: each request carries a K of its own, bound to its TPoS', () => {
    const ks = kIds('V-K-PER-TPOS');
    expect(ks).toHaveLength(2);
    expect(ks[0]).not.toBe(ks[1]);
  });

  it('V-K-SHARED: both candidates got the same K', () => {
    const ks = kIds('V-K-SHARED');
    expect(ks).toHaveLength(2);
    expect(ks[0]).toBe(ks[1]);
  });
});

describe('5.14.2-N3: the scope of the TLS exclusion', () => {
  it('V-TLS-ROOT and V-TLS-PROTOCOL agree for every MN of the profile (one method per MN, root = method)', () => {
    for (const tls of ['V-TLS-ROOT', 'V-TLS-PROTOCOL'] as const) {
      const d = attached({ tls }, partnerRing({ mns: [mnConfig('mn1', { method: 'TLS' })] }));
      expect(hop(d, 'B').outcome).toMatchObject({ path: 'full', reason: 'TLS_ROOT' });
      const e = attached({ tls });
      expect(hop(e, 'B').outcome).toMatchObject({ path: 'optimized' });
    }
  });
});
