// The WireTester on the reference implementation: no finding over many seeded random runs of
// every full method (EAP, ERP with a SEQ that runs out, TLS), optimized chains, fallbacks and
// network faults, while it verifies MACs, opens wrapped Ks and matches SA keys (so its silence
// is not for want of keys). And the active lower tester's tools: resealed PDUs pass impl's MAC
// check, PDUs sealed under another SA or hit by a mac/field fault do not.
import { describe, expect, it } from 'vitest';
import { referenceModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import type { WorldConfig } from '../../vocabulary/observation.ts';
import { decodePdu, TesterDecodeError } from '../../harness/tester/codec.ts';
import { applyFault } from '../../harness/tester/faults.ts';
import { WireTester } from '../../harness/tester/wire-tester.ts';
import { ImplSystem } from '../../impl/system.ts';
import { drive } from './drive.ts';

const ERP_WORLD: WorldConfig = {
  ...DEFAULT_WORLD,
  mns: [...DEFAULT_WORLD.mns, { id: 'mn3', home: 'C', rats: ['wlan', 'lte'], method: 'ERP', suites: [2, 1] }],
};

describe('WireTester on the reference implementation', () => {
  it('finds nothing, and checked real keys, over seeded random runs', async () => {
    const mod = await referenceModule();
    const total = { macsVerified: 0, wrapsOpened: 0, kBound: 0, misksDerived: 0, saKeysMatched: 0, tidsEchoed: 0 };
    for (const [config, seeds, system] of [
      [DEFAULT_WORLD, 30, {}],
      [ERP_WORLD, 20, {}],
      // RFC 6696: the SEQ runs out after one ERP run; the HPoS answers REJECTED and the MN goes EAP.
      [ERP_WORLD, 8, { provisioning: { erpSeqStart: 0xffff } }],
    ] as const) {
      for (let seed = 0; seed < seeds; seed++) {
        const run = drive(mod, config, seed, { steps: 200, system });
        expect(run.findings, `seed ${seed}`).toEqual([]);
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += run.stats[k];
      }
    }
    expect(total.macsVerified).toBeGreaterThan(200);
    expect(total.wrapsOpened).toBeGreaterThan(20);
    expect(total.kBound).toBeGreaterThan(10);
    expect(total.misksDerived).toBeGreaterThan(50);
    expect(total.saKeysMatched).toBeGreaterThan(500);
    expect(total.tidsEchoed).toBeGreaterThan(200);
  });

  it('flags an answer that does not echo its request\'s tid (§5.1), whoever sent it', () => {
    const { sys, tester } = preregistering();
    sys.deliver(0); // A relays: its N2N request to B
    const n2n = sys.inFlight()[0]!;
    expect(tester.emitted(n2n.src, n2n.dst, n2n.bytes).findings).toEqual([]);
    sys.deliver(0); // B answers
    const answer = sys.inFlight()[0]!;
    const wrongTid = tester.reseal(answer.bytes, { tid: (decodePdu(answer.bytes).tid + 1) & 0x0fff })!;
    const findings = tester.emitted(answer.src, answer.dst, wrongTid).findings;
    expect(findings.map((f) => [f.kind, f.requirement])).toEqual([['tid-echo', 'A-TLV']]);
    expect(findings[0]!.detail).toContain('MIS_N2N_Prereg_Xfer.request');
    const before = tester.stats().tidsEchoed;
    expect(tester.emitted(answer.src, answer.dst, answer.bytes).findings.filter(drawn), 'the same answer again: its Nonce-T is no new draw').toEqual([]);
    expect(tester.stats().tidsEchoed).toBe(before + 1);
  });
});

/**
 * Findings other than a repeated draw: the tests that feed an edited copy of a PDU the tester saw
 * emitted carry its nonces and wrap nonce again, which the fresh-draw check below judges itself.
 */
const drawn = (f: { readonly kind: string }): boolean => f.kind !== 'nonce-not-fresh';

describe('the fresh-draw check', () => {
  it('flags a Nonce-N or a wrap nonce an entity sends again in a run (§4, §6.7), and only then', () => {
    const { sys, tester, request } = preregistering();
    const again = tester.reseal(request, { tid: (decodePdu(request).tid + 1) & 0x0fff })!;
    expect(tester.emitted('mn1', 'A', again).findings.map((f) => [f.kind, f.requirement])).toEqual([['nonce-not-fresh', 'A-NONCE']]);
    sys.deliver(0); // A relays: its N2N request to B, K under a fresh wrap nonce
    const n2n = sys.inFlight()[0]!;
    expect(tester.emitted(n2n.src, n2n.dst, n2n.bytes).findings).toEqual([]);
    const rewrapped = tester.reseal(n2n.bytes, { tid: (decodePdu(n2n.bytes).tid + 1) & 0x0fff })!;
    const findings = tester.emitted(n2n.src, n2n.dst, rewrapped).findings;
    expect(findings.map((f) => [f.kind, f.requirement])).toEqual([['nonce-not-fresh', '5.14.2-S6']]);
    expect(findings[0]!.detail).toContain('wnonce');
  });
});

/** mn1 attached at A, its preregistration to B requested: the PDU on the wire and both worlds. */
function preregistering(): { sys: ImplSystem; tester: WireTester; request: Uint8Array } {
  const sys = new ImplSystem(DEFAULT_WORLD, { seed: 3 });
  const tester = new WireTester(DEFAULT_WORLD, 3);
  const watch = (): void => {
    for (const f of sys.inFlight()) expect(tester.emitted(f.src, f.dst, f.bytes).findings).toEqual([]);
  };
  sys.attach('mn1', 'A');
  watch();
  sys.deliver(0);
  watch();
  sys.deliver(0);
  sys.handover('mn1', 'B', false);
  watch();
  return { sys, tester, request: sys.inFlight()[0]!.bytes };
}

const discardsAt = (sys: ImplSystem, entity: string): string[] => sys.discarded().filter((d) => d.entity === entity).map((d) => d.reason);

describe('the active lower tester', () => {
  it('reseals an edited PDU so that impl accepts its MAC (and judges only the edit)', () => {
    const { sys, tester, request } = preregistering();
    const resealed = tester.reseal(request, { suites: [3] });
    expect(resealed).not.toBeNull();
    expect(decodePdu(resealed!).suites).toEqual([3]);
    expect(tester.emitted('mn1', 'A', resealed!).findings.filter(drawn)).toEqual([]);
    sys.pos('A').receive(resealed!, 'access');
    expect(discardsAt(sys, 'A')).toEqual([]);
    expect(sys.pos('A').receive(resealed!, 'access')).toEqual([]);
    expect(discardsAt(sys, 'A')).toEqual(['duplicate']);
  });

  it('seals under another SA, and mac/field faults break the MAC: impl and the tester both refuse them', () => {
    for (const make of [
      (t: WireTester, b: Uint8Array) => t.sealWith(b, 'other-sa'),
      (_: WireTester, b: Uint8Array) => applyFault(b, 'mac', 5),
      (_: WireTester, b: Uint8Array) => applyFault(b, 'field', 123),
    ]) {
      const { sys, tester, request } = preregistering();
      const forged = make(tester, request);
      expect(forged).not.toBeNull();
      expect(tester.emitted('mn1', 'A', forged!).findings.filter(drawn).map((f) => [f.kind, f.requirement])).toEqual([['bad-mac', '5.14.1-S20']]);
      sys.pos('A').receive(forged!, 'access');
      expect(discardsAt(sys, 'A')).toEqual(['bad-mac']);
    }
  });

  it('flags an SPoS that puts its N2N request under the MN\'s tid, at the third time in a run (§5.1: a fresh one)', () => {
    const { sys, tester, request } = preregistering();
    const mnTid = decodePdu(request).tid;
    sys.deliver(0); // A relays: its N2N request to B, under a fresh tid
    const n2n = sys.inFlight()[0]!;
    expect(decodePdu(n2n.bytes).tid).not.toBe(mnTid);
    const reused = tester.reseal(n2n.bytes, { tid: mnTid })!;
    expect(tester.emitted(n2n.src, n2n.dst, reused).findings.filter(drawn), 'one coincidence is chance').toEqual([]);
    expect(tester.emitted(n2n.src, n2n.dst, reused).findings.filter(drawn), 'and so are two').toEqual([]);
    const findings = tester.emitted(n2n.src, n2n.dst, reused).findings.filter(drawn);
    expect(findings.map((f) => [f.kind, f.requirement])).toEqual([['tid-not-fresh', 'A-TLV']]);
    expect(findings[0]!.detail).toContain('MIS_Prereg_Xfer.request of mn1');
    const other = tester.reseal(n2n.bytes, { tid: (mnTid + 1) & 0x0fff })!;
    expect(tester.emitted(n2n.src, n2n.dst, other).findings.filter(drawn)).toEqual([]);
  });

  it('offers an answer the tid of another exchange of its receiver, never one of its own exchange', () => {
    const { sys, tester, request } = preregistering();
    const mnTid = decodePdu(request).tid;
    sys.deliver(0); // A relays: its N2N request to B
    const n2n = sys.inFlight()[0]!;
    tester.emitted(n2n.src, n2n.dst, n2n.bytes);
    sys.deliver(0); // B answers A
    const answer = decodePdu(sys.inFlight()[0]!.bytes);
    // A's newest request outside the N2N exchange: the MN's preregistration it relays
    expect(tester.otherExchangeTid(answer)).toBe(mnTid);
    // never the answer's own tid
    expect(tester.otherExchangeTid({ ...answer, tid: mnTid })).not.toBe(mnTid);
    // B's one request is the N2N request, whose tid a PDU to B already carries: nothing to borrow
    expect(tester.otherExchangeTid({ ...answer, src: 'A', dst: 'B', type: 'MIS_Prereg_Xfer.response' })).toBeNull();
    expect(tester.otherExchangeTid({ ...answer, src: 'C', dst: 'D' })).toBeNull();
  });

  it('flags an MN that sends requests in a row under one tid, at the third time in a run', () => {
    const { tester, request } = preregistering();
    const again = tester.reseal(request, {})!;
    for (let i = 0; i < 2; i++) expect(tester.emitted('mn1', 'A', again).findings.filter((f) => f.kind === 'tid-not-fresh')).toEqual([]);
    expect(tester.emitted('mn1', 'A', again).findings.map((f) => f.kind)).toContain('tid-not-fresh');
  });

  it('holds no key for a link it knows nothing of, and refuses bytes that do not decode', () => {
    const tester = new WireTester(DEFAULT_WORLD, 3);
    const { request } = preregistering();
    expect(tester.reseal(request, { tid: 9 })).toBeNull();
    expect(tester.emitted('mn1', 'A', request).findings).toEqual([]);
    expect(() => tester.reseal(request.subarray(0, 5), {})).toThrow(TesterDecodeError);
    expect(tester.emitted('mn1', 'A', request.subarray(0, 20)).findings.map((f) => f.kind)).toEqual(['undecodable']);
  });

  it('flags an SA key that no exchange made, and stays silent for a pair it knows nothing of', () => {
    const { sys, tester } = preregistering();
    const [sa] = sys.snapshot().mns.find((m) => m.id === 'mn1')!.sas;
    expect(tester.saKey('mn1', 'A', sa!.fingerprint)).toBeNull();
    expect(tester.saKey('A', 'mn1', sa!.fingerprint)).toBeNull();
    expect(tester.saKey('A', 'mn1', '0011223344556677')).toMatchObject({ kind: 'misk-mismatch', requirement: 'A-KDF' });
    expect(tester.saKey('mn2', 'B', '0011223344556677')).toBeNull();
  });
});
