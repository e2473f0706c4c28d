// The model alone, driven through the story of Clause 5.14 (docs/protocol.md §5).

import { describe, expect, it } from 'vitest';
import { stepRecord, stepWithRecord, view } from '../../model/world/world.ts';
import { Driver, domain, mnConfig, partnerRing } from './fixtures.ts';

const types = (pdus: readonly { type: string }[]): string[] => pdus.map((p) => p.type);

function attachedAtHome(config = partnerRing()): Driver {
  const d = new Driver(config);
  d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
  return d;
}

function saOf(d: Driver, pos: string) {
  return view(d.world).poss.find((p) => p.id === pos)?.sas ?? [];
}

function mnView(d: Driver) {
  const m = view(d.world).mns[0];
  if (m === undefined) throw new Error('no mn');
  return m;
}

describe('initial attachment (5.14.1-S15/S16)', () => {
  it('at home: one MIS_Auth exchange, a serving SA on both sides with the same key', () => {
    const d = new Driver(partnerRing());
    const recs = d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(types(recs.flatMap((r) => r.emitted))).toEqual(['MIS_Auth.request', 'MIS_Auth.response']);
    const mn = mnView(d);
    expect(mn).toMatchObject({ lifecycle: 'idle', attachedTo: 'A' });
    expect(mn.sas).toEqual([expect.objectContaining({ peer: 'A', idType: 1, root: 'EAP', depth: 0, state: 'serving' })]);
    expect(saOf(d, 'A')).toEqual([expect.objectContaining({ peer: 'mn1', idType: 1, root: 'EAP', depth: 0, state: 'serving', key: mn.sas[0]?.key })]);
  });

  it('at a visited network: the same, the keys coming with the HPoS\'s help', () => {
    const d = new Driver(partnerRing());
    d.run({ kind: 'attach', mn: 'mn1', domain: 'C' });
    expect(mnView(d)).toMatchObject({ lifecycle: 'idle', attachedTo: 'C' });
    expect(saOf(d, 'C')[0]?.key).toBe(mnView(d).sas[0]?.key);
    expect(saOf(d, 'A')).toEqual([]);
  });

  it('while waiting the MN is observed as waiting and no stimulus for it is enabled', () => {
    const d = new Driver(partnerRing());
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(mnView(d).lifecycle).toBe('waiting');
    expect(() => d.do({ kind: 'abort', mn: 'mn1' })).toThrow(/NOT_ENABLED/);
  });
});

describe('optimized handovers across partner networks (5.14.2)', () => {
  it('three hops: depth 1, 2, 3, ID_TYPE 3, MN and TPoS keys equal, old SPoS SA deleted on completion', () => {
    const d = attachedAtHome();
    const path = ['A', 'B', 'C', 'D'];
    for (let hop = 1; hop <= 3; hop++) {
      const from = path[hop - 1] as string;
      const to = path[hop] as string;
      const { outcome, pdus } = d.handover('mn1', to);
      expect(outcome).toEqual({ mn: 'mn1', from, to, path: 'optimized', reason: 'NONE' });
      expect(types(pdus)).toEqual(['MIS_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.response', 'MIS_Prereg_Xfer.response']);
      expect(pdus.map((p) => [p.src, p.dst])).toEqual([['mn1', from], [from, to], [to, from], [from, 'mn1']]);
      expect(pdus.filter((p) => p.status !== undefined).map((p) => [p.status, p.reason])).toEqual([['SUCCESS', 'NONE'], ['SUCCESS', 'NONE']]);
      // nonces: the MN's Nonce-N is the transaction id end to end; Nonce-T comes back from the TPoS
      expect(new Set(pdus.map((p) => p.nonceN)).size).toBe(1);
      expect(pdus[2]?.nonceT).toBeDefined();
      expect(pdus[3]).toMatchObject({ tpos: to, nonceT: pdus[2]?.nonceT });

      const prepared = mnView(d).sas.find((s) => s.state === 'prepared');
      expect(prepared).toMatchObject({ peer: to, idType: 3, root: 'EAP', depth: hop });
      expect(saOf(d, to)).toEqual([expect.objectContaining({ peer: 'mn1', idType: 3, depth: hop, state: 'prepared', key: prepared?.key })]);
      expect(mnView(d).lifecycle).toBe('prepared');

      // completion: the MN switches at once; the old SPoS forgets the MN when the indication arrives
      d.do({ kind: 'complete', mn: 'mn1' });
      expect(mnView(d).sas).toEqual([expect.objectContaining({ peer: to, state: 'serving', depth: hop })]);
      expect(saOf(d, from)).toHaveLength(1);
      const rest = d.drain();
      expect(types(rest.flatMap((r) => r.emitted))).toEqual(['MIS_N2N_HO_Complete.indication']);
      expect(saOf(d, from)).toEqual([]);
      expect(saOf(d, to)).toEqual([expect.objectContaining({ state: 'serving', key: prepared?.key })]);
      expect(mnView(d)).toMatchObject({ lifecycle: 'idle', attachedTo: to });
    }
  });

  it('every hop makes a new key: no two SAs of the chain share a key class', () => {
    const d = attachedAtHome();
    const keys = [mnView(d).sas[0]?.key];
    for (const to of ['B', 'C', 'D']) {
      d.handover('mn1', to);
      d.complete('mn1');
      keys.push(mnView(d).sas[0]?.key);
    }
    expect(new Set(keys).size).toBe(4);
  });
});

describe('the chain limit (5.14.2-N4b/N4c)', () => {
  it('the fourth handover is forced to a full establishment (CHAIN_LIMIT) and resets depth to 0', () => {
    const d = attachedAtHome();
    for (const to of ['B', 'C', 'D']) {
      d.handover('mn1', to);
      d.complete('mn1');
    }
    const { outcome, pdus } = d.handover('mn1', 'E');
    expect(outcome).toEqual({ mn: 'mn1', from: 'D', to: 'E', path: 'full', reason: 'CHAIN_LIMIT' });
    expect(types(pdus)).toEqual(['MIS_Prereg_Xfer.request', 'MIS_Prereg_Xfer.response', 'MIS_Auth.request', 'MIS_Auth.response']);
    expect(pdus[1]).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
    expect(pdus[2]).toMatchObject({ src: 'mn1', dst: 'E' });
    d.complete('mn1');
    expect(mnView(d).sas).toEqual([expect.objectContaining({ peer: 'E', idType: 1, root: 'EAP', depth: 0, state: 'serving' })]);
    // the next handover is optimized again
    expect(d.handover('mn1', 'A').outcome).toMatchObject({ path: 'optimized' });
  });
});

describe('TLS (5.14.2-N3)', () => {
  it('a TLS-rooted MN is never optimized', () => {
    const d = attachedAtHome(partnerRing({ mns: [mnConfig('mn1', { method: 'TLS' })] }));
    expect(mnView(d).sas[0]).toMatchObject({ idType: 0, root: 'TLS', depth: 0 });
    for (const to of ['B', 'C', 'D', 'E', 'A']) {
      const { outcome, pdus } = d.handover('mn1', to);
      expect(outcome).toMatchObject({ path: 'full', reason: 'TLS_ROOT' });
      expect(types(pdus)).not.toContain('MIS_N2N_Prereg_Xfer.request');
      d.complete('mn1');
      expect(mnView(d).sas[0]).toMatchObject({ peer: to, idType: 0, root: 'TLS', depth: 0 });
    }
  });
});

describe('trust (5.14.2-N1a, 5.14.1-S6)', () => {
  it('an SPoS the TPoS does not trust is refused: REJECTED/UNAUTHORIZED_SOURCE becomes TARGET_REFUSED, then full', () => {
    const config = {
      chainLimit: 3,
      domains: [domain('A', { partners: ['B'], neighbours: ['B'] }), domain('B', { partners: [], neighbours: ['A'] })],
      mns: [mnConfig('mn1')],
    };
    const d = attachedAtHome(config);
    const { outcome, pdus } = d.handover('mn1', 'B');
    expect(pdus.map((p) => [p.type, p.status, p.reason])).toEqual([
      ['MIS_Prereg_Xfer.request', undefined, undefined],
      ['MIS_N2N_Prereg_Xfer.request', undefined, undefined],
      ['MIS_N2N_Prereg_Xfer.response', 'REJECTED', 'UNAUTHORIZED_SOURCE'],
      ['MIS_Prereg_Xfer.response', 'FULL_AUTH_REQUIRED', 'TARGET_REFUSED'],
      ['MIS_Auth.request', undefined, undefined],
      ['MIS_Auth.response', 'SUCCESS', undefined],
    ]);
    expect(outcome).toMatchObject({ path: 'full', reason: 'TARGET_REFUSED', to: 'B' });
    expect(saOf(d, 'B')).toEqual([expect.objectContaining({ idType: 1, depth: 0, state: 'prepared' })]);
  });

  it('no roaming agreement: NO_TRUST, no N2N PDU, full establishment; the old SPoS still forgets the MN', () => {
    const config = {
      chainLimit: 3,
      domains: [domain('A', { partners: ['B'] }), domain('B', { partners: ['A'] }), domain('C')],
      mns: [mnConfig('mn1')],
    };
    const d = attachedAtHome(config);
    const { outcome, pdus } = d.handover('mn1', 'C');
    expect(outcome).toEqual({ mn: 'mn1', from: 'A', to: 'C', path: 'full', reason: 'NO_TRUST' });
    expect(types(pdus)).toEqual(['MIS_Prereg_Xfer.request', 'MIS_Prereg_Xfer.response', 'MIS_Auth.request', 'MIS_Auth.response']);
    d.complete('mn1');
    expect(saOf(d, 'A')).toEqual([]);
    expect(mnView(d).sas).toEqual([expect.objectContaining({ peer: 'C', idType: 1, depth: 0 })]);
  });
});

describe('fallback on request (5.14.2-N1c)', () => {
  it('asked by the MN: MN_REQUESTED, decided by the SPoS without asking the TPoS', () => {
    const d = attachedAtHome();
    const { outcome, pdus } = d.handover('mn1', 'B', true);
    expect(outcome).toMatchObject({ path: 'full', reason: 'MN_REQUESTED' });
    expect(types(pdus)).not.toContain('MIS_N2N_Prereg_Xfer.request');
  });

  it('asked by the TPoS: its policy answers FULL_AUTH_REQUIRED/TPOS_REQUESTED, passed on by the SPoS', () => {
    const d = attachedAtHome();
    d.do({ kind: 'setFallbackPolicy', domain: 'B', on: true });
    const { outcome, pdus } = d.handover('mn1', 'B');
    expect(pdus.filter((p) => p.status !== undefined).map((p) => [p.type, p.status, p.reason])).toEqual([
      ['MIS_N2N_Prereg_Xfer.response', 'FULL_AUTH_REQUIRED', 'TPOS_REQUESTED'],
      ['MIS_Prereg_Xfer.response', 'FULL_AUTH_REQUIRED', 'TPOS_REQUESTED'],
      ['MIS_Auth.response', 'SUCCESS', undefined],
    ]);
    expect(outcome).toMatchObject({ path: 'full', reason: 'TPOS_REQUESTED' });
    d.complete('mn1');
    d.do({ kind: 'setFallbackPolicy', domain: 'B', on: false });
    expect(d.handover('mn1', 'C').outcome).toMatchObject({ path: 'optimized' });
  });

  it('no common cipher suite: FULL_AUTH_REQUIRED/NO_COMMON_SUITE from the TPoS (5.14.2-S8)', () => {
    const d = attachedAtHome(partnerRing({ mns: [mnConfig('mn1', { suites: [9] })] }));
    expect(d.handover('mn1', 'B').outcome).toMatchObject({ path: 'full', reason: 'NO_COMMON_SUITE' });
  });
});

describe('TPoS selection by the SPoS (5.14.3)', () => {
  const config = {
    chainLimit: 3,
    domains: [
      domain('A', { neighbours: ['C', 'B', 'D', 'E'], partners: ['B', 'D', 'E'] }),
      domain('B', { rats: ['5g'], partners: ['A'] }),
      domain('C', { partners: ['A'] }),
      domain('D', { rats: ['wlan'], partners: ['A'] }),
      domain('E', { partners: ['A'] }),
    ],
    mns: [mnConfig('mn1', { rats: ['wlan'] }), mnConfig('mn2', { rats: ['x'] })],
  };

  it('target null: the first neighbour that is a partner and offers one of the MN\'s RATs', () => {
    const d = attachedAtHome(config);
    const { outcome, pdus } = d.handover('mn1', null);
    // C is not a partner of A, B offers no RAT of mn1: D is chosen
    expect(outcome).toEqual({ mn: 'mn1', from: 'A', to: 'D', path: 'optimized', reason: 'NONE' });
    expect(pdus[1]).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.request', dst: 'D' });
  });

  it('no candidate: NO_TARGET, the MN stays idle with its serving SA', () => {
    const d = new Driver(config);
    d.run({ kind: 'attach', mn: 'mn2', domain: 'A' });
    const before = view(d.world).mns[1];
    const recs = d.run({ kind: 'handover', mn: 'mn2', target: null, fallback: false });
    expect(recs.flatMap((r) => r.emitted).map((p) => [p.type, p.status])).toEqual([
      ['MIS_Prereg_Xfer.request', undefined], ['MIS_Prereg_Xfer.response', 'NO_TARGET'],
    ]);
    expect(recs.find((r) => r.outcome)?.outcome).toEqual({ mn: 'mn2', from: 'A', to: null, path: 'none', reason: 'NONE' });
    expect(view(d.world).mns[1]).toEqual(before);
  });
});

describe('the step record', () => {
  it('stepRecord agrees with stepWithRecord and checks the world it is given', () => {
    const d = attachedAtHome();
    const before = d.world;
    const e = { kind: 'handover', mn: 'mn1', target: 'B', fallback: false } as const;
    const r = stepWithRecord(before, e);
    expect(stepRecord(before, e)).toEqual(r.record);
    expect(stepRecord(before, e, r.world)).toEqual(r.record);
    expect(() => stepRecord(before, e, before)).toThrow(/BAD_EVENT/);
    expect(r.record).toMatchObject({ event: e, delivered: null, discarded: false, outcome: null });
    expect(r.record.emitted.map((p) => p.type)).toEqual(['MIS_Prereg_Xfer.request']);
    expect(r.record.fired).toEqual([{ machine: 'mn', owner: 'mn1', transition: 'mn.attached.idle:handover:1' }]);
  });
});

describe('several MNs', () => {
  it('procedures of different MNs interleave without interfering', () => {
    const d = new Driver(partnerRing({ mns: [mnConfig('mn1'), mnConfig('mn2', { home: 'B' })] }));
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    d.do({ kind: 'attach', mn: 'mn2', domain: 'A' });
    // deliver mn2's request first
    d.do({ kind: 'deliver', index: 1 });
    d.drain();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    d.do({ kind: 'handover', mn: 'mn2', target: 'C', fallback: false });
    while (d.world.inFlight.length > 0) d.do({ kind: 'deliver', index: d.world.inFlight.length - 1 });
    const v = view(d.world);
    expect(v.mns.map((m) => m.lifecycle)).toEqual(['prepared', 'prepared']);
    expect(v.poss.find((p) => p.id === 'A')?.sas.map((s) => s.peer)).toEqual(['mn1', 'mn2']);
    expect(v.poss.find((p) => p.id === 'B')?.sas).toEqual([expect.objectContaining({ peer: 'mn1', state: 'prepared' })]);
    expect(v.poss.find((p) => p.id === 'C')?.sas).toEqual([expect.objectContaining({ peer: 'mn2', state: 'prepared' })]);
  });
});
