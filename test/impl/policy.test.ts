// Unit tests of the decisions of docs/protocol.md §4 and of their order: every combination of
// conditions is enumerated and the answer must be the first condition that holds, in the
// profile's order.
import { describe, expect, it } from 'vitest';
import {
  chainAllows,
  depthEncodable,
  eapRooted,
  fullEstablishmentMethod,
  mnEnforcesChain,
  relayTposRefusal,
  requestDepthAllowed,
  selectSuite,
  sourceAuthorized,
  sposDecision,
  tlsExcluded,
  tposDecision,
  trustAllows,
  type SposInput,
  type TposInput,
} from '../../impl/entities/policy.ts';
import { selectTarget } from '../../impl/entities/selection.ts';
import { ReplayCache } from '../../impl/entities/replay-cache.ts';
import { DEFAULT_POLICY } from '../../impl/config.ts';
import type { RootKind } from '../../impl/wire/messages.ts';

const policy = { ...DEFAULT_POLICY, chainLimit: 3 };

describe('single decisions', () => {
  it('chainAllows: depth < L (5.14.2-N4c, V-COUNT-DEPTH)', () => {
    expect([0, 1, 2, 3, 4].map((d) => chainAllows(d, 3))).toEqual([true, true, true, false, false]);
    expect(chainAllows(0, 0)).toBe(false);
    expect(depthEncodable(255)).toBe(true);
    expect(depthEncodable(256)).toBe(false);
  });

  it('requestDepthAllowed: request depth ≤ L at the TPoS', () => {
    expect([1, 2, 3, 4].map((d) => requestDepthAllowed(d, 3))).toEqual([true, true, true, false]);
  });

  it('trust and source authorization are directed partner lists (5.14.2-N1a, 5.14.1-S6)', () => {
    expect(trustAllows(['B'], 'B')).toBe(true);
    expect(trustAllows(['B'], 'C')).toBe(false);
    expect(sourceAuthorized([], 'A')).toBe(false);
    expect(sourceAuthorized(['A'], 'A')).toBe(true);
  });

  //= SPEC_MAPPING.md#V-TLS-ROOT
  //= type=test
  //# No optimized hop from an SA whose lineage root is TLS: the SPoS checks the root of its own SA
  //# with the MN (TLS_ROOT).
  //= SPEC_MAPPING.md#V-TLS-PROTOCOL
  //= type=test
  //# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs, not
  //# the root of its own SA.
  it('TLS exclusion: root reading vs protocol reading (5.14.2-N3, V-TLS-ROOT / V-TLS-PROTOCOL)', () => {
    expect(tlsExcluded({ root: 'TLS', idType: 0 }, 'root')).toBe(true);
    expect(tlsExcluded({ root: 'TLS', idType: 0 }, 'protocol')).toBe(true);
    expect(tlsExcluded({ root: 'TLS', idType: 3 }, 'root')).toBe(true);
    expect(tlsExcluded({ root: 'TLS', idType: 3 }, 'protocol')).toBe(false);
    expect(tlsExcluded({ root: 'EAP', idType: 1 }, 'root')).toBe(false);
  });

  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
  //= type=test
  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
  //# etsblishment applies.
  it('eapRooted: EAP and ERP only (5.14.2-N2a)', () => {
    const roots: RootKind[] = ['EAP', 'ERP', 'TLS', 'GKB'];
    expect(roots.map(eapRooted)).toEqual([true, true, false, false]);
  });

  it('selectSuite: the MN\'s first offered suite the TPoS supports (5.14.2-S8)', () => {
    expect(selectSuite([2, 1], [1, 2])).toBe(2);
    expect(selectSuite([3, 1], [1, 2])).toBe(1);
    expect(selectSuite([3, 4], [1, 2])).toBeNull();
    expect(selectSuite([], [1])).toBeNull();
  });

  it('relayTposRefusal: REJECTED becomes TARGET_REFUSED, FULL_AUTH_REQUIRED passes its reason on', () => {
    expect(relayTposRefusal('REJECTED', 'REPLAY')).toEqual({ status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED' });
    expect(relayTposRefusal('FULL_AUTH_REQUIRED', 'NO_COMMON_SUITE')).toEqual({ status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' });
  });

  //= SPEC_MAPPING.md#V-ENFORCE-MN
  //= type=test
  //# Only the MN checks: at depth ≥ L it sets the fallback flag in MIS_Prereg_Xfer.request, and the
  //# SPoS answers MN_REQUESTED.
  it('mnEnforcesChain only when the MN is an enforcer (V-ENFORCE-MN)', () => {
    expect(mnEnforcesChain(3, 3, true)).toBe(true);
    expect(mnEnforcesChain(2, 3, true)).toBe(false);
    expect(mnEnforcesChain(3, 3, false)).toBe(false);
  });

  //= SPEC_MAPPING.md#V-ERP-OPTIMIZED
  //= type=test
  //# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
  //# kept; the establishment the limit forces is then a full EAP run.
  it('fullEstablishmentMethod: configured method; EAP for a used-up ERP or a chain-forced ERP under V-ERP-OPTIMIZED', () => {
    expect(fullEstablishmentMethod('TLS', false, true, false)).toBe('TLS');
    expect(fullEstablishmentMethod('EAP', true, true, false)).toBe('EAP');
    expect(fullEstablishmentMethod('ERP', true, false, false)).toBe('ERP');
    expect(fullEstablishmentMethod('ERP', true, true, true)).toBe('ERP');
    expect(fullEstablishmentMethod('ERP', true, true, false)).toBe('EAP');
    expect(fullEstablishmentMethod('ERP', false, false, true)).toBe('EAP');
  });
});

/** All 2^n assignments of n booleans. */
function combos(n: number): boolean[][] {
  return Array.from({ length: 1 << n }, (_, m) => Array.from({ length: n }, (_, i) => ((m >> i) & 1) === 1));
}

describe('SPoS decision order: MN_REQUESTED, NO_TRUST, TLS_ROOT, NOT_EAP_ROOT, CHAIN_LIMIT', () => {
  const order = ['MN_REQUESTED', 'NO_TRUST', 'TLS_ROOT', 'NOT_EAP_ROOT', 'CHAIN_LIMIT'] as const;

  it.each(combos(5).map((c) => [c.map(Number).join(''), c] as const))('conditions %s: first match wins', (_, c) => {
    const [fallback, noTrust, tls, gkb, atLimit] = c as [boolean, boolean, boolean, boolean, boolean];
    // TLS and GKB are both roots; a GKB root that is also "TLS" is impossible, so TLS wins there
    // (the TLS check comes first and the root is TLS).
    const root: RootKind = tls ? 'TLS' : gkb ? 'GKB' : 'EAP';
    const input: SposInput = {
      fallback,
      target: 'B',
      partners: noTrust ? ['C'] : ['B'],
      sa: { root, idType: tls ? 0 : gkb ? 2 : 1, depth: atLimit ? 3 : 2 },
      policy,
    };
    const holds = [fallback, noTrust, tls, !tls && gkb, atLimit];
    const expected = order.find((_, i) => holds[i]) ?? null;
    expect(sposDecision(input)).toBe(expected);
  });

  it('CHAIN_LIMIT is not decided by an SPoS that does not enforce, except at the wire bound', () => {
    const input: SposInput = { fallback: false, target: 'B', partners: ['B'], sa: { root: 'EAP', idType: 3, depth: 3 }, policy: { ...policy, enforcers: { spos: false, tpos: true, mn: false } } };
    expect(sposDecision(input)).toBeNull();
    expect(sposDecision({ ...input, sa: { ...input.sa, depth: 255 } })).toBe('CHAIN_LIMIT');
  });
});

describe('TPoS decision order: UNAUTHORIZED_SOURCE, REPLAY, TPOS_REQUESTED, CHAIN_LIMIT, NO_COMMON_SUITE', () => {
  const order = [
    ['REJECTED', 'UNAUTHORIZED_SOURCE'],
    ['REJECTED', 'REPLAY'],
    ['FULL_AUTH_REQUIRED', 'TPOS_REQUESTED'],
    ['FULL_AUTH_REQUIRED', 'CHAIN_LIMIT'],
    ['FULL_AUTH_REQUIRED', 'NO_COMMON_SUITE'],
  ] as const;

  it.each(combos(5).map((c) => [c.map(Number).join(''), c] as const))('conditions %s: first match wins', (_, c) => {
    const [unauthorized, replayed, requests, tooDeep, noSuite] = c as [boolean, boolean, boolean, boolean, boolean];
    const input: TposInput = {
      spos: 'A',
      partners: unauthorized ? ['C'] : ['A'],
      replayed,
      requestsFallback: requests,
      requestDepth: tooDeep ? 4 : 3,
      offeredSuites: noSuite ? [3] : [3, 2],
      supportedSuites: [1, 2],
      policy,
    };
    const first = order.find((_, i) => c[i]);
    const expected = first === undefined ? { kind: 'accept', suite: 2 } : { kind: 'refuse', status: first[0], reason: first[1] };
    expect(tposDecision(input)).toEqual(expected);
  });

  it('a TPoS that does not enforce accepts any depth', () => {
    const input: TposInput = { spos: 'A', partners: ['A'], replayed: false, requestsFallback: false, requestDepth: 9, offeredSuites: [1], supportedSuites: [1], policy: { ...policy, enforcers: { spos: true, tpos: false, mn: false } } };
    expect(tposDecision(input)).toEqual({ kind: 'accept', suite: 1 });
  });
});

describe('TPoS selection (5.14.3)', () => {
  const neighbours = [
    { id: 'S', rats: ['wlan'] },
    { id: 'N', rats: ['wlan'] },
    { id: 'L', rats: ['lte'] },
    { id: 'W', rats: ['wlan', 'lte'] },
  ];

  it('first neighbour, in preference order, that is a partner and offers an MN RAT; never the SPoS itself', () => {
    expect(selectTarget('S', neighbours, ['S', 'L', 'W'], ['wlan'])).toBe('W');
    expect(selectTarget('S', neighbours, ['S', 'L', 'W'], ['lte'])).toBe('L');
    expect(selectTarget('S', neighbours, ['N', 'W'], ['wlan', 'lte'])).toBe('N');
    expect(selectTarget('S', neighbours, ['L'], ['wlan'])).toBeNull();
    expect(selectTarget('S', neighbours, ['S'], ['wlan'])).toBeNull();
    expect(selectTarget('S', [], ['W'], ['wlan'])).toBeNull();
  });
});

describe('replay cache (A-REPLAY)', () => {
  const nonce = (n: number): Uint8Array => new Uint8Array(32).fill(n);

  it('remembers (peer, nonce) pairs, keyed by both', () => {
    const cache = new ReplayCache(4);
    cache.add('A', nonce(1));
    expect(cache.has('A', nonce(1))).toBe(true);
    expect(cache.has('B', nonce(1))).toBe(false);
    expect(cache.has('A', nonce(2))).toBe(false);
  });

  it('is bounded: the oldest entry goes first', () => {
    const cache = new ReplayCache(3);
    for (let i = 1; i <= 5; i++) cache.add('A', nonce(i));
    expect(cache.size).toBe(3);
    expect([1, 2, 3, 4, 5].map((i) => cache.has('A', nonce(i)))).toEqual([false, false, true, true, true]);
    cache.add('A', nonce(5)); // already present: no eviction
    expect(cache.has('A', nonce(3))).toBe(true);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new ReplayCache(0)).toThrow(RangeError);
  });
});
