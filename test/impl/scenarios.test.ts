// The story of Clause 5.14 told end to end through ImplSystem, with real bytes on the wire:
// every step asserts the PDUs (type, addressing, status, reason), the SAs on both ends (ID_TYPE,
// root, depth, state) and that both ends derived the same key (equal fingerprints).
import { describe, expect, it } from 'vitest';
import { ImplSystem, UsageError } from '../../impl/index.ts';
import type { SaView } from '../../impl/entities/sa.ts';
import { decode } from '../../impl/wire/codec.ts';
import type { N2NPreregXferRequest, PreregXferRequest, PreregXferResponse } from '../../impl/wire/messages.ts';
import { domain, drain, mn, newSystem, storyWorld, summary, type WireEvent } from './helpers.ts';

function mnState(system: ImplSystem, id = 'mn1') {
  const m = system.snapshot().mns.find((x) => x.id === id);
  if (m === undefined) throw new Error(`no MN ${id}`);
  return m;
}

function posSas(system: ImplSystem, pos: string): readonly SaView[] {
  const p = system.snapshot().poss.find((x) => x.id === pos);
  if (p === undefined) throw new Error(`no PoS ${pos}`);
  return p.sas;
}

/** The MN's SA with `peer` and the peer's SA with the MN. */
function bothEnds(system: ImplSystem, peer: string, mnId = 'mn1'): { mnSide: SaView; posSide: SaView } {
  const mnSide = mnState(system, mnId).sas.find((s) => s.peer === peer);
  const posSide = posSas(system, peer).find((s) => s.peer === mnId);
  if (mnSide === undefined || posSide === undefined) throw new Error(`no SA pair between ${mnId} and ${peer}`);
  return { mnSide, posSide };
}

function types(log: readonly WireEvent[]): string[] {
  return log.map((e) => e.pdu.type);
}

function attachHome(system: ImplSystem, at = 'A', mnId = 'mn1'): WireEvent[] {
  system.attach(mnId, at);
  return drain(system);
}

/** handover + drain + complete + drain; returns the two logs. */
function handOver(system: ImplSystem, target: string | null, fallback = false, mnId = 'mn1'): { prep: WireEvent[]; done: WireEvent[] } {
  system.handover(mnId, target, fallback);
  const prep = drain(system);
  system.complete(mnId);
  const done = drain(system);
  return { prep, done };
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S15
//= type=test
//# When the MN first attaches to one of the partner networks of the roaming partners, it is either
//# the MN's home network or a visited network.
describe('initial attachment (5.14.1-S15/S16)', () => {
  it('at home: MIS_Auth request/response, serving SA on both ends, ID_TYPE 1 for EAP, depth 0', () => {
    const system = newSystem(storyWorld());
    const log = attachHome(system);
    expect(log.map(summary)).toEqual([
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', status: 'SUCCESS' },
    ]);
    const req = log[0]!.pdu;
    const rsp = log[1]!.pdu;
    if (req.type !== 'MIS_Auth.request' || rsp.type !== 'MIS_Auth.response') throw new Error('unexpected PDUs');
    expect(req.method).toBe('EAP');
    //= spec/clause-5.14-proposed-text.txt#5.14-T1
    //= type=test
    //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
    //# 2: GKB-generated; 3: SPoS-generated
    expect(rsp.idType).toBe(1);
    expect(rsp.nonceN).toEqual(req.nonceN);
    const m = mnState(system);
    expect(m.lifecycle).toBe('idle');
    expect(m.attachedTo).toBe('A');
    const { mnSide, posSide } = bothEnds(system, 'A');
    expect(mnSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0, state: 'serving' });
    expect(posSide).toMatchObject({ peer: 'mn1', idType: 1, root: 'EAP', depth: 0, state: 'serving' });
    expect(mnSide.fingerprint).toBe(posSide.fingerprint);
    expect(mnSide.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // The HPoS served its own subscriber.
    expect(system.pos('A').subscribers.assists()).toEqual([{ mn: 'mn1', pos: 'A', what: 'full-establishment', method: 'EAP', granted: true }]);
  });

  it('at a visited PoS: the keys come with the HPoS\'s assistance (in-process AAA call)', () => {
    const system = newSystem(storyWorld());
    const log = attachHome(system, 'C');
    expect(log.map(summary)).toEqual([
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'C' },
      { type: 'MIS_Auth.response', src: 'C', dst: 'mn1', status: 'SUCCESS' },
    ]);
    const { mnSide, posSide } = bothEnds(system, 'C');
    expect(mnSide.fingerprint).toBe(posSide.fingerprint);
    expect(posSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0, state: 'serving' });
    expect(mnState(system).attachedTo).toBe('C');
    // A (the HPoS) was asked by C; C has no subscribers of its own.
    expect(system.pos('A').subscribers.assists()).toEqual([{ mn: 'mn1', pos: 'C', what: 'full-establishment', method: 'EAP', granted: true }]);
    expect(system.pos('C').subscribers.assists()).toEqual([]);
  });

  it('TLS gives ID_TYPE 0 and ERP gives ID_TYPE 1 with root ERP (5.14-T1)', () => {
    const system = newSystem(storyWorld({ mns: [mn('t', 'A', { method: 'TLS' }), mn('e', 'A', { method: 'ERP' })] }));
    attachHome(system, 'A', 't');
    attachHome(system, 'B', 'e');
    expect(bothEnds(system, 'A', 't').posSide).toMatchObject({ idType: 0, root: 'TLS', depth: 0 });
    expect(bothEnds(system, 'B', 'e').posSide).toMatchObject({ idType: 1, root: 'ERP', depth: 0 });
    expect(bothEnds(system, 'B', 'e').mnSide.fingerprint).toBe(bothEnds(system, 'B', 'e').posSide.fingerprint);
    expect(system.pos('A').subscribers.erpNextSeq('e')).toBe(1);
    expect(system.mn('e').erpNextSeq).toBe(1);
  });
});

describe('optimized establishment across partner networks (5.14.2)', () => {
  it('three optimized hops A→B→C→D: K delivered wrapped, MISK on both ends, ID_TYPE 3, depth 1..3, same root', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    let spos = 'A';
    const fingerprints = new Set([bothEnds(system, 'A').mnSide.fingerprint]);
    for (const [hop, tpos] of [[1, 'B'], [2, 'C'], [3, 'D']] as const) {
      const servingBefore = bothEnds(system, spos);
      system.handover('mn1', tpos, false);
      const prep = drain(system);
      expect(prep.map(summary)).toEqual([
        { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: spos },
        { type: 'MIS_N2N_Prereg_Xfer.request', src: spos, dst: tpos },
        { type: 'MIS_N2N_Prereg_Xfer.response', src: tpos, dst: spos, status: 'SUCCESS', reason: 'NONE' },
        { type: 'MIS_Prereg_Xfer.response', src: spos, dst: 'mn1', status: 'SUCCESS', reason: 'NONE' },
      ]);
      const mnReq = prep[0]!.pdu as PreregXferRequest;
      const n2n = prep[1]!.pdu as N2NPreregXferRequest;
      const toMn = prep[3]!.pdu as PreregXferResponse;
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //= type=test
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      // Nonce-N travels from the MN through the SPoS to the TPoS, Nonce-T back.
      expect(n2n.nonceN).toEqual(mnReq.nonceN);
      expect(n2n).toMatchObject({ depth: hop, root: 'EAP', suites: [1, 2] });
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
      //= type=test
      //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
      //# described above.
      expect(toMn.tpos).toBe(tpos);
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //= type=test
      //# They also need to agree on a cipher suite coded as c.
      // c = the MN's first suite the TPoS supports
      expect(toMn.suite).toBe(1);
      expect(toMn.nonceT).toEqual((prep[2]!.pdu as { nonceT: Uint8Array }).nonceT);
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
      //= type=test
      //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
      //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
      // K is on the wire only wrapped, and under different SAs on the two legs.
      expect(n2n.wrappedK).toHaveLength(64);
      expect(toMn.wrappedK).toHaveLength(64);
      expect(toMn.wrappedK).not.toEqual(n2n.wrappedK);

      expect(mnState(system).lifecycle).toBe('prepared');
      const { mnSide, posSide } = bothEnds(system, tpos);
      expect(mnSide).toMatchObject({ idType: 3, root: 'EAP', depth: hop, state: 'prepared' });
      expect(posSide).toMatchObject({ idType: 3, root: 'EAP', depth: hop, state: 'prepared' });
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
      //= type=test
      //# With the information, MN and TPoS can derive the media independent session key (MISK) as
      //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
      expect(mnSide.fingerprint).toBe(posSide.fingerprint);
      expect(fingerprints.has(mnSide.fingerprint)).toBe(false);
      fingerprints.add(mnSide.fingerprint);
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
      //= type=test
      //# After initial attachment, there is signaling defined so that at all times
      // until completion the serving SA is untouched on both ends.
      expect(bothEnds(system, spos)).toEqual(servingBefore);

      system.complete('mn1');
      const done = drain(system);
      expect(done.map(summary)).toEqual([
        { type: 'MIS_HO_Complete.request', src: 'mn1', dst: tpos },
        { type: 'MIS_N2N_HO_Complete.indication', src: tpos, dst: spos },
      ]);
      expect((done[0]!.pdu as { previous: string }).previous).toBe(spos);
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
      //= type=test
      //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
      //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
      // the TPoS is now the SPoS; the old SPoS has forgotten the MN.
      expect(mnState(system)).toMatchObject({ lifecycle: 'idle', attachedTo: tpos });
      expect(mnState(system).sas).toHaveLength(1);
      expect(bothEnds(system, tpos).posSide.state).toBe('serving');
      expect(bothEnds(system, tpos).mnSide.state).toBe('serving');
      expect(posSas(system, spos)).toEqual([]);
      spos = tpos;
    }
    expect(system.outcomes().map((o) => [o.from, o.to, o.path, o.reason])).toEqual([
      ['A', 'B', 'optimized', 'NONE'],
      ['B', 'C', 'optimized', 'NONE'],
      ['C', 'D', 'optimized', 'NONE'],
    ]);
    expect(system.discarded()).toEqual([]);
  });

  it('the next handover is sent to the new SPoS (role rotation, 5.14.1-S19)', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    handOver(system, 'B');
    system.handover('mn1', 'C', false);
    expect(system.inFlight().map((f) => [f.src, f.dst])).toEqual([['mn1', 'B']]);
  });

  it('the chain limit forces a full establishment: L = 3, 4th handover FULL_AUTH_REQUIRED/CHAIN_LIMIT, depth back to 0 (5.14.2-N4c)', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    for (const t of ['B', 'C', 'D']) handOver(system, t);
    expect(bothEnds(system, 'D').mnSide.depth).toBe(3);

    system.handover('mn1', 'E', false);
    const prep = drain(system);
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'D' },
      { type: 'MIS_Prereg_Xfer.response', src: 'D', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'E' },
      { type: 'MIS_Auth.response', src: 'E', dst: 'mn1', status: 'SUCCESS' },
    ]);
    expect((prep[1]!.pdu as PreregXferResponse).tpos).toBe('E');
    expect((prep[1]!.pdu as PreregXferResponse).wrappedK).toBeNull();
    const { mnSide, posSide } = bothEnds(system, 'E');
    expect(mnSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0, state: 'prepared' });
    expect(posSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0, state: 'prepared' });
    expect(mnSide.fingerprint).toBe(posSide.fingerprint);
    system.complete('mn1');
    expect(types(drain(system))).toEqual(['MIS_HO_Complete.request', 'MIS_N2N_HO_Complete.indication']);
    expect(bothEnds(system, 'E').posSide).toMatchObject({ depth: 0, state: 'serving' });
    // A fresh chain: the next hop is optimized again, at depth 1.
    handOver(system, 'A');
    expect(bothEnds(system, 'A').posSide).toMatchObject({ idType: 3, depth: 1, state: 'serving' });
  });

  it('with only the TPoS enforcing, the TPoS refuses depth > L itself (V-ENFORCE-TPOS)', () => {
    const system = newSystem(storyWorld(), { policy: { enforcers: { spos: false, tpos: true, mn: false } } });
    attachHome(system);
    for (const t of ['B', 'C', 'D']) handOver(system, t);
    system.handover('mn1', 'E', false);
    const prep = drain(system);
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'D' },
      { type: 'MIS_N2N_Prereg_Xfer.request', src: 'D', dst: 'E' },
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'E', dst: 'D', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' },
      { type: 'MIS_Prereg_Xfer.response', src: 'D', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'E' },
      { type: 'MIS_Auth.response', src: 'E', dst: 'mn1', status: 'SUCCESS' },
    ]);
    expect((prep[1]!.pdu as N2NPreregXferRequest).depth).toBe(4);
    expect(bothEnds(system, 'E').posSide).toMatchObject({ idType: 1, depth: 0 });
  });

  it('with only the MN enforcing, the MN sets the fallback flag itself at depth L (V-ENFORCE-MN)', () => {
    const system = newSystem(storyWorld(), { policy: { enforcers: { spos: false, tpos: false, mn: true } } });
    attachHome(system);
    for (const t of ['B', 'C', 'D']) handOver(system, t);
    system.handover('mn1', 'E', false);
    const prep = drain(system);
    expect((prep[0]!.pdu as PreregXferRequest).fallback).toBe(true);
    expect(summary(prep[1]!)).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED' });
    expect(bothEnds(system, 'E').posSide).toMatchObject({ idType: 1, depth: 0 });
  });

  it('with nobody enforcing the chain grows past L (the configuration the clause forbids, 5.14.2-N4b)', () => {
    const system = newSystem(storyWorld(), { policy: { enforcers: { spos: false, tpos: false, mn: false } } });
    attachHome(system);
    for (const t of ['B', 'C', 'D', 'E']) handOver(system, t);
    expect(bothEnds(system, 'E').posSide).toMatchObject({ idType: 3, depth: 4 });
  });

  it('L = 0 disables the optimized path altogether', () => {
    const system = newSystem(storyWorld({ chainLimit: 0 }));
    attachHome(system);
    const { prep } = handOver(system, 'B');
    expect(summary(prep[1]!)).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
  });
});

describe('when the optimized path does not apply (5.14.2 Notes 1-3)', () => {
  it('a TLS-rooted MN never takes the optimized path: TLS_ROOT, full TLS each time, ID_TYPE 0 (5.14.2-N3)', () => {
    const system = newSystem(storyWorld({ mns: [mn('mn1', 'A', { method: 'TLS' })] }));
    attachHome(system);
    const all: WireEvent[] = [];
    let spos = 'A';
    for (const t of ['B', 'C', 'D', 'E']) {
      const { prep, done } = handOver(system, t);
      all.push(...prep, ...done);
      expect(prep.map(summary)).toEqual([
        { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: spos },
        { type: 'MIS_Prereg_Xfer.response', src: spos, dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TLS_ROOT' },
        { type: 'MIS_Auth.request', src: 'mn1', dst: t },
        { type: 'MIS_Auth.response', src: t, dst: 'mn1', status: 'SUCCESS' },
      ]);
      expect((prep[2]!.pdu as { method: string }).method).toBe('TLS');
      expect(bothEnds(system, t).posSide).toMatchObject({ idType: 0, root: 'TLS', depth: 0, state: 'serving' });
      spos = t;
    }
    expect(all.some((e) => e.pdu.type.startsWith('MIS_N2N_Prereg'))).toBe(false);
  });

  it('a TPoS refuses an SPoS it has no agreement with: REJECTED/UNAUTHORIZED_SOURCE → MN told TARGET_REFUSED → full (5.14.1-S6)', () => {
    // One-sided configuration: A lists B as a partner, B does not list A.
    const world = storyWorld({ domains: [domain('A', { partners: ['B'] }), domain('B', { partners: [] })] });
    const system = newSystem(world);
    attachHome(system);
    system.handover('mn1', 'B', false);
    const prep = drain(system);
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B' },
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' },
      { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'B' },
      { type: 'MIS_Auth.response', src: 'B', dst: 'mn1', status: 'SUCCESS' },
    ]);
    const { mnSide, posSide } = bothEnds(system, 'B');
    expect(posSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0, state: 'prepared' });
    expect(mnSide.fingerprint).toBe(posSide.fingerprint);
    expect(system.outcomes()).toEqual([{ mn: 'mn1', from: 'A', to: 'B', path: 'full', reason: 'TARGET_REFUSED' }]);
  });

  it('fallback requested by the MN: MN_REQUESTED, no N2N PDU (5.14.2-N1c)', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    const { prep } = handOver(system, 'B', true);
    expect((prep[0]!.pdu as PreregXferRequest).fallback).toBe(true);
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'B' },
      { type: 'MIS_Auth.response', src: 'B', dst: 'mn1', status: 'SUCCESS' },
    ]);
    expect(bothEnds(system, 'B').posSide).toMatchObject({ idType: 1, depth: 0, state: 'serving' });
  });

  it('fallback requested by the TPoS (setFallbackPolicy): TPOS_REQUESTED relayed to the MN (5.14.2-N1c)', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    system.setFallbackPolicy('B', true);
    const { prep } = handOver(system, 'B');
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B' },
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' },
      { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'B' },
      { type: 'MIS_Auth.response', src: 'B', dst: 'mn1', status: 'SUCCESS' },
    ]);
    // Turning the policy off restores the optimized path (back to A).
    system.setFallbackPolicy('B', false);
    handOver(system, 'A');
    expect(bothEnds(system, 'A').posSide).toMatchObject({ idType: 3, depth: 1 });
  });

  it('a TPoS configured with requestsFallback asks every MN for full establishment', () => {
    const world = storyWorld();
    const system = newSystem({ ...world, domains: world.domains.map((d) => (d.id === 'B' ? { ...d, requestsFallback: true } : d)) });
    attachHome(system);
    const { prep } = handOver(system, 'B');
    expect(summary(prep[3]!)).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' });
  });

  it('no common cipher suite: NO_COMMON_SUITE, full establishment', () => {
    const world = storyWorld();
    const system = newSystem({ ...world, domains: world.domains.map((d) => (d.id === 'B' ? { ...d, suites: [3, 4] } : d)) });
    attachHome(system);
    const { prep } = handOver(system, 'B');
    expect(summary(prep[2]!)).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' });
    expect(bothEnds(system, 'B').posSide).toMatchObject({ idType: 1, depth: 0 });
  });

  it('handover to a network without a roaming agreement: NO_TRUST → full; the old SPoS still learns of completion (5.14.2-N1a)', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    const { prep, done } = handOver(system, 'X');
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'NO_TRUST' },
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'X' },
      { type: 'MIS_Auth.response', src: 'X', dst: 'mn1', status: 'SUCCESS' },
    ]);
    expect(done.map(summary)).toEqual([
      { type: 'MIS_HO_Complete.request', src: 'mn1', dst: 'X' },
      { type: 'MIS_N2N_HO_Complete.indication', src: 'X', dst: 'A' },
    ]);
    expect(posSas(system, 'A')).toEqual([]);
    expect(bothEnds(system, 'X').posSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0, state: 'serving' });
    // The HPoS assisted X (a visited PoS) for the full establishment.
    expect(system.pos('A').subscribers.assists().at(-1)).toMatchObject({ mn: 'mn1', pos: 'X', what: 'full-establishment', granted: true });
  });
});

describe('TPoS selection by the SPoS (5.14.3)', () => {
  const world = {
    chainLimit: 3,
    domains: [
      // A's neighbours in preference order: N (no agreement), L (partner, LTE only), W (partner, WLAN).
      domain('A', { neighbours: ['N', 'L', 'W'], partners: ['L', 'W'] }),
      domain('N', { rats: ['wlan'], partners: ['A'] }),
      domain('L', { rats: ['lte'], partners: ['A'] }),
      domain('W', { rats: ['wlan', 'lte'], partners: ['A'] }),
    ],
    mns: [mn('mn1', 'A', { rats: ['wlan'] }), mn('mn2', 'A', { rats: ['5g'] }), mn('mn3', 'A', { rats: ['lte'] })],
  };

  it('picks the first neighbour that is a partner and offers one of the MN\'s RATs; the address comes back with K (5.14.3-S7)', () => {
    const system = newSystem(world);
    attachHome(system);
    system.handover('mn1', null, false);
    const prep = drain(system);
    expect((prep[0]!.pdu as PreregXferRequest).target).toBeNull();
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A' },
      { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'W' },
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'W', dst: 'A', status: 'SUCCESS', reason: 'NONE' },
      { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', status: 'SUCCESS', reason: 'NONE' },
    ]);
    expect((prep[3]!.pdu as PreregXferResponse).tpos).toBe('W');
    const { mnSide, posSide } = bothEnds(system, 'W');
    expect(mnSide.fingerprint).toBe(posSide.fingerprint);
    expect(mnSide).toMatchObject({ idType: 3, depth: 1, state: 'prepared' });
  });

  it('an MN with RATs matching the first eligible neighbour gets that one (L for an LTE MN)', () => {
    const system = newSystem(world);
    attachHome(system, 'A', 'mn3');
    system.handover('mn3', null, false);
    expect(drain(system)[1]).toMatchObject({ src: 'A', dst: 'L' });
  });

  it('no candidate: NO_TARGET, the MN stays idle with its serving SA unchanged', () => {
    const system = newSystem(world);
    attachHome(system, 'A', 'mn2');
    const before = system.snapshot();
    system.handover('mn2', null, false);
    const prep = drain(system);
    expect(prep.map(summary)).toEqual([
      { type: 'MIS_Prereg_Xfer.request', src: 'mn2', dst: 'A' },
      { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn2', status: 'NO_TARGET', reason: 'NONE' },
    ]);
    expect((prep[1]!.pdu as PreregXferResponse).tpos).toBeNull();
    expect(system.snapshot()).toEqual(before);
    expect(mnState(system, 'mn2').lifecycle).toBe('idle');
    expect(system.outcomes()).toEqual([{ mn: 'mn2', from: 'A', to: null, path: 'none', reason: 'NONE' }]);
  });
});

//= SPEC_MAPPING.md#A-ERP-FULL
//= type=test
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
describe('ERP (A-ERP-FULL, RFC 6696 SEQ)', () => {
  //= SPEC_MAPPING.md#V-ERP-FULL
  //= type=test
  //# An ERP execution is a full establishment (A-ERP-FULL): root ERP, depth 0, ID_TYPE 1.
  it('an ERP full establishment resets the chain like EAP (V-ERP-FULL)', () => {
    const system = newSystem(storyWorld({ mns: [mn('mn1', 'A', { method: 'ERP' })] }));
    attachHome(system);
    for (const t of ['B', 'C', 'D']) handOver(system, t);
    expect(bothEnds(system, 'D').posSide).toMatchObject({ idType: 3, root: 'ERP', depth: 3 });
    const { prep } = handOver(system, 'E');
    expect((prep[2]!.pdu as { method: string }).method).toBe('ERP');
    expect(bothEnds(system, 'E').posSide).toMatchObject({ idType: 1, root: 'ERP', depth: 0 });
  });

  it('with erpResetsChain = false the full establishment forced by the limit is EAP (V-ERP-OPTIMIZED)', () => {
    const system = newSystem(storyWorld({ mns: [mn('mn1', 'A', { method: 'ERP' })] }), { policy: { erpResetsChain: false } });
    attachHome(system);
    for (const t of ['B', 'C', 'D']) handOver(system, t);
    const { prep } = handOver(system, 'E');
    expect((prep[2]!.pdu as { method: string }).method).toBe('EAP');
    expect(bothEnds(system, 'E').posSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0 });
    // Other fallbacks still use ERP.
    const again = handOver(system, 'A', true);
    expect((again.prep[2]!.pdu as { method: string }).method).toBe('ERP');
  });

  it('the last SEQ is used, then the MN runs EAP instead of letting SEQ wrap', () => {
    const system = newSystem(storyWorld({ mns: [mn('mn1', 'A', { method: 'ERP' })] }), { provisioning: { erpSeqStart: 0xffff } });
    attachHome(system);
    expect(bothEnds(system, 'A').posSide).toMatchObject({ root: 'ERP' });
    expect(system.mn('mn1').erpNextSeq).toBe(0x10000);
    const { prep } = handOver(system, 'B', true);
    expect((prep[2]!.pdu as { method: string }).method).toBe('EAP');
    expect(bothEnds(system, 'B').posSide).toMatchObject({ idType: 1, root: 'EAP', depth: 0 });
    expect(bothEnds(system, 'B').mnSide.fingerprint).toBe(bothEnds(system, 'B').posSide.fingerprint);
  });

  it('an HPoS whose SEQ is used up refuses ERP; the MN learns it and attaches with EAP', () => {
    const system = newSystem(storyWorld({ mns: [mn('mn1', 'A', { method: 'ERP' })] }), { provisioning: { erpSeqStart: 0xffff } });
    // The HPoS serves SEQ 0xffff but the response is lost: the MN never used it.
    system.attach('mn1', 'B');
    system.deliver(0);
    expect(system.pos('A').subscribers.erpNextSeq('mn1')).toBe(0x10000);
    system.drop(0);
    system.abort('mn1');
    expect(system.mn('mn1').lifecycle).toBe('detached');
    // The MN still believes one SEQ is left; the HPoS refuses (RFC 6696: never wrap).
    system.attach('mn1', 'B');
    const refused = drain(system);
    expect(refused.map(summary)).toEqual([
      { type: 'MIS_Auth.request', src: 'mn1', dst: 'B' },
      { type: 'MIS_Auth.response', src: 'B', dst: 'mn1', status: 'REJECTED' },
    ]);
    expect((refused[0]!.pdu as { method: string }).method).toBe('ERP');
    expect(mnState(system)).toMatchObject({ lifecycle: 'detached', attachedTo: null, sas: [] });
    expect(system.pos('A').subscribers.assists().at(-1)).toMatchObject({ pos: 'B', method: 'ERP', granted: false });
    system.attach('mn1', 'B');
    const eap = drain(system);
    expect((eap[0]!.pdu as { method: string }).method).toBe('EAP');
    expect(bothEnds(system, 'B').posSide).toMatchObject({ idType: 1, root: 'EAP', state: 'serving' });
    expect(bothEnds(system, 'B').mnSide.fingerprint).toBe(bothEnds(system, 'B').posSide.fingerprint);
  });
});

//= SPEC_MAPPING.md#V-K-HPOS
//= type=test
//# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
//# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
describe('K from the HPoS (V-K-HPOS)', () => {
  it('the SPoS obtains K from the MN\'s HPoS; both ends still agree', () => {
    const system = newSystem(storyWorld(), { policy: { kSource: 'hpos' } });
    attachHome(system, 'C');
    handOver(system, 'D');
    const { mnSide, posSide } = bothEnds(system, 'D');
    expect(mnSide.fingerprint).toBe(posSide.fingerprint);
    expect(posSide).toMatchObject({ idType: 3, depth: 1 });
    expect(system.pos('A').subscribers.assists().at(-1)).toEqual({ mn: 'mn1', pos: 'C', what: 'handover-key', granted: true });
  });

  it('gives a different K, hence a different MISK, than the SPoS derivation for the same run', () => {
    const fp = (kSource: 'spos' | 'hpos'): string => {
      const system = newSystem(storyWorld(), { policy: { kSource } });
      attachHome(system);
      handOver(system, 'B');
      return bothEnds(system, 'B').posSide.fingerprint;
    };
    expect(fp('hpos')).not.toBe(fp('spos'));
  });
});

describe('replay, duplicates and tampering', () => {
  it('a duplicated N2N request is a replay: REJECTED/REPLAY, the prepared SA is untouched, the SPoS discards the late answer (A-REPLAY)', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    system.handover('mn1', 'B', false);
    system.deliver(0); // MIS_Prereg_Xfer.request at A
    expect(decode(system.inFlight()[0]!.bytes).type).toBe('MIS_N2N_Prereg_Xfer.request');
    system.duplicate(0);
    system.deliver(0); // the original: SUCCESS
    const prepared = posSas(system, 'B')[0]!;
    expect(prepared).toMatchObject({ peer: 'mn1', idType: 3, depth: 1, state: 'prepared' });
    system.deliver(0); // the copy: a replay
    expect(posSas(system, 'B')).toEqual([prepared]);
    const answers = system.inFlight().map((f) => summary({ src: f.src, dst: f.dst, pdu: decode(f.bytes) }));
    expect(answers).toEqual([
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', status: 'SUCCESS', reason: 'NONE' },
      { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', status: 'REJECTED', reason: 'REPLAY' },
    ]);
    const rest = drain(system);
    expect(rest.map((e) => e.pdu.type)).toEqual(['MIS_N2N_Prereg_Xfer.response', 'MIS_N2N_Prereg_Xfer.response', 'MIS_Prereg_Xfer.response']);
    expect(system.discarded()).toEqual([{ entity: 'A', reason: 'unknown-transaction' }]);
    expect(bothEnds(system, 'B').mnSide.fingerprint).toBe(prepared.fingerprint);
  });

  it('an N2N request replayed later, after the handover completed, is rejected and changes nothing', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    system.handover('mn1', 'B', false);
    system.deliver(0);
    const captured = system.inFlight()[0]!.bytes.slice();
    drain(system);
    system.complete('mn1');
    drain(system);
    const before = system.snapshot();
    const out = system.pos('B').receive(captured, 'core');
    expect(out).toHaveLength(1);
    expect(summary({ src: 'B', dst: out[0]!.to, pdu: decode(out[0]!.bytes) })).toEqual({
      type: 'MIS_N2N_Prereg_Xfer.response',
      src: 'B',
      dst: 'A',
      status: 'REJECTED',
      reason: 'REPLAY',
    });
    expect(system.snapshot()).toEqual(before);
  });

  it('duplicates of the other PDUs are discarded without effect', () => {
    const system = newSystem(storyWorld());
    system.attach('mn1', 'A');
    system.duplicate(0);
    system.deliver(0);
    system.deliver(0); // the copy of MIS_Auth.request: must not re-key the SA
    drain(system);
    const afterAttach = system.snapshot();
    expect(system.discarded()).toEqual([{ entity: 'A', reason: 'duplicate' }]);
    expect(bothEnds(system, 'A').mnSide.fingerprint).toBe(bothEnds(system, 'A').posSide.fingerprint);

    system.handover('mn1', 'B', false);
    system.duplicate(0); // the MIS_Prereg_Xfer.request
    drain(system);
    system.complete('mn1');
    system.duplicate(0); // MIS_HO_Complete.request
    system.deliver(0);
    system.duplicate(1); // MIS_N2N_HO_Complete.indication (index 1: the copy of HO_Complete is at 0)
    drain(system);
    expect(system.discarded().map((d) => `${d.entity}:${d.reason}`)).toEqual(['A:duplicate', 'A:duplicate', 'B:wrong-state', 'A:no-sa']);
    expect(afterAttach.mns[0]!.attachedTo).toBe('A');
    expect(mnState(system)).toMatchObject({ lifecycle: 'idle', attachedTo: 'B' });
    expect(bothEnds(system, 'B').posSide).toMatchObject({ state: 'serving', depth: 1 });
  });

  it('one SA per (PoS, MN) pair: a stale serving SA is replaced when the MN comes back (docs/protocol.md §2)', () => {
    const system = newSystem(storyWorld());
    // mn1's attachment succeeds at A but the answer is lost: A keeps a serving SA mn1 never got.
    system.attach('mn1', 'A');
    system.deliver(0);
    system.drop(0);
    system.abort('mn1');
    expect(posSas(system, 'A')).toMatchObject([{ peer: 'mn1', state: 'serving', depth: 0 }]);
    expect(mnState(system).sas).toEqual([]);
    attachHome(system, 'B');
    system.handover('mn1', 'A', false);
    drain(system);
    // A as TPoS installed the prepared SA in place of the stale one.
    const prepared = bothEnds(system, 'A');
    expect(posSas(system, 'A')).toEqual([prepared.posSide]);
    expect(prepared.posSide).toMatchObject({ idType: 3, depth: 1, state: 'prepared' });
    expect(prepared.posSide.fingerprint).toBe(prepared.mnSide.fingerprint);
    system.complete('mn1');
    drain(system);
    expect(posSas(system, 'A')).toEqual([{ ...prepared.posSide, state: 'serving' }]);
    expect(posSas(system, 'B')).toEqual([]);
  });

  it('a tampered PDU fails its MAC and is discarded with no SA change', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    system.handover('mn1', 'B', false);
    const original = system.inFlight()[0]!.bytes;
    const before = system.snapshot();
    // Flip one bit inside the nonceN value (TLV type 7): still well-formed, MAC no longer valid.
    const tampered = original.slice();
    const at = tampered.indexOf(7, 8);
    tampered[at + 3 + 5]! ^= 0x01;
    expect(() => decode(tampered)).not.toThrow();
    expect(system.pos('A').receive(tampered, 'access')).toEqual([]);
    expect(system.discarded().filter((r) => r.entity === 'A' && r.reason === 'bad-mac')).toHaveLength(1);
    expect(system.snapshot()).toEqual(before);
    // The untouched original still works.
    drain(system);
    expect(mnState(system).lifecycle).toBe('prepared');
  });

  it('a PDU corrupted in flight is discarded as malformed; the MN can then abort and keep its serving SA', () => {
    const system = newSystem(storyWorld());
    attachHome(system);
    const serving = bothEnds(system, 'A');
    system.handover('mn1', 'B', false);
    system.corrupt(0, 'unknown-tlv');
    expect(system.flightInfo(0).corrupted).toBe(true);
    system.deliver(0);
    expect(system.discarded()).toEqual([{ entity: 'A', reason: 'malformed' }]);
    expect(mnState(system).lifecycle).toBe('waiting');
    system.abort('mn1');
    expect(mnState(system).lifecycle).toBe('idle');
    //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
    //= type=test
    //# After initial attachment, there is signaling defined so that at all times
    expect(bothEnds(system, 'A')).toEqual(serving);
    // docs/protocol.md §7: an outcome is the SPoS's answer; an abort after a lost one records none.
    expect(system.outcomes()).toEqual([]);
  });

  it.each(['trailing', 'truncate', 'unknown-tlv'] as const)('corruption %s of every PDU kind is discarded', (how) => {
    const system = newSystem(storyWorld());
    const seen = new Set<string>();
    system.attach('mn1', 'A');
    // Walk one optimized handover; at each step corrupt a copy of what is in flight first.
    for (let step = 0; step < 20; step++) {
      if (system.inFlight().length === 0) {
        const lc = system.mn('mn1').lifecycle;
        if (lc === 'idle' && seen.size < 8) system.handover('mn1', system.mn('mn1').attachedTo === 'A' ? 'B' : 'A', false);
        else if (lc === 'prepared') system.complete('mn1');
        else break;
        continue;
      }
      seen.add(decode(system.inFlight()[0]!.bytes).type);
      system.duplicate(0);
      const copy = system.inFlight().length - 1;
      system.corrupt(copy, how);
      const before = system.discarded().length;
      system.deliver(copy);
      expect(system.discarded().slice(before).map((d) => d.reason)).toEqual(['malformed']);
      system.deliver(0);
    }
    expect(seen.size).toBe(8);
  });
});

describe('the upper tester interface', () => {
  it('primitives that are not enabled raise UsageError and change nothing', () => {
    const system = newSystem(storyWorld());
    const snap = system.snapshot();
    expect(() => system.handover('mn1', 'B', false)).toThrow(UsageError);
    expect(() => system.complete('mn1')).toThrow(UsageError);
    expect(() => system.abort('mn1')).toThrow(UsageError);
    expect(() => system.deliver(0)).toThrow(UsageError);
    expect(() => system.attach('nobody', 'A')).toThrow(UsageError);
    expect(() => system.attach('mn1', 'Nowhere')).toThrow(UsageError);
    expect(() => system.setFallbackPolicy('Nowhere', true)).toThrow(UsageError);
    expect(system.snapshot()).toEqual(snap);
    system.attach('mn1', 'A');
    expect(() => system.attach('mn1', 'A')).toThrow(UsageError); // a PDU concerning mn1 is in flight
    drain(system);
    expect(() => system.attach('mn1', 'B')).toThrow(UsageError); // not detached
    expect(() => system.handover('mn1', 'A', false)).toThrow(UsageError); // target = current domain
    system.handover('mn1', 'B', false);
    system.duplicate(0);
    expect(() => system.duplicate(0)).toThrow(UsageError); // at most once
    expect(system.inFlight()).toHaveLength(2);
    system.corrupt(1, 'truncate');
    expect(() => system.corrupt(1, 'trailing')).toThrow(UsageError); // at most once: it could undo the first
    expect(system.flightInfo(1)).toEqual({ mn: 'mn1', duplicated: true, corrupted: true });
  });

  it('a bad world configuration is a ConfigError', async () => {
    const { ConfigError } = await import('../../impl/config-validation.ts');
    expect(() => new ImplSystem(storyWorld({ mns: [mn('mn1', 'Z')] }))).toThrow(ConfigError);
    expect(() => new ImplSystem(storyWorld({ mns: [mn('A', 'A')] }))).toThrow(ConfigError);
    expect(() => new ImplSystem({ ...storyWorld(), chainLimit: -1 })).toThrow(ConfigError);
    expect(() => new ImplSystem(storyWorld({ domains: [domain('A', { suites: [9] })] }))).toThrow(ConfigError);
  });
});

describe('determinism', () => {
  function script(seed: string | number): Uint8Array[] {
    const system = new ImplSystem(storyWorld(), { seed });
    const wire: Uint8Array[] = [];
    const record = (): void => {
      while (system.inFlight().length > 0) {
        wire.push(system.inFlight()[0]!.bytes);
        system.deliver(0);
      }
    };
    system.attach('mn1', 'A');
    record();
    for (const t of ['B', 'C', 'X', 'A']) {
      system.handover('mn1', t, false);
      record();
      system.complete('mn1');
      record();
    }
    return wire;
  }

  it('the same seed gives byte-identical PDUs; another seed does not', () => {
    const a = script(42);
    const b = script(42);
    expect(a.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
    const c = script(43);
    expect(c).toHaveLength(a.length);
    expect(c).not.toEqual(a);
  });
});
