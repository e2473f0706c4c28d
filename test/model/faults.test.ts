// Network faults of docs/protocol.md §3: the model survives losses, copies and corruption.

import { describe, expect, it } from 'vitest';
import { enabled, initialWorld, view } from '../../model/world/world.ts';
import { Driver, partnerRing, until } from './fixtures.ts';

function attached(): Driver {
  const d = new Driver(partnerRing());
  d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
  return d;
}

const mn = (d: Driver) => view(d.world).mns[0];
const pos = (d: Driver, id: string) => view(d.world).poss.find((p) => p.id === id)?.sas ?? [];

describe('network faults', () => {
  it('are in the alphabet by default: drop each, duplicate each once, corrupt each three ways', () => {
    const d = new Driver(partnerRing());
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(enabled(d.world).filter((e) => ['drop', 'duplicate', 'corrupt'].includes(e.kind))).toEqual([
      { kind: 'drop', index: 0 }, { kind: 'duplicate', index: 0 },
      { kind: 'corrupt', index: 0, how: 'trailing' }, { kind: 'corrupt', index: 0, how: 'truncate' }, { kind: 'corrupt', index: 0, how: 'unknown-tlv' },
    ]);
    d.do({ kind: 'duplicate', index: 0 });
    expect(enabled(d.world).filter((e) => e.kind === 'duplicate')).toEqual([]);
    expect(() => d.do({ kind: 'duplicate', index: 1 })).toThrow(/NOT_ENABLED/);
    const reliable = initialWorld(partnerRing(), {}, { faults: [] });
    expect(enabled(reliable).every((e) => e.kind === 'attach' || e.kind === 'setFallbackPolicy')).toBe(true);
  });

  it('a delivered copy of MIS_N2N_Prereg_Xfer.request is a replay: REJECTED/REPLAY, discarded by the SPoS', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    const k = until(d, 'MIS_N2N_Prereg_Xfer.request');
    d.do({ kind: 'duplicate', index: k });
    d.do({ kind: 'deliver', index: k }); // the original
    const answers = d.drain();
    expect(answers.flatMap((r) => r.emitted).map((p) => [p.type, p.status, p.reason])).toContainEqual(['MIS_N2N_Prereg_Xfer.response', 'REJECTED', 'REPLAY']);
    expect(answers.filter((r) => r.discarded).map((r) => r.delivered?.reason)).toEqual(['REPLAY']);
    expect(answers.find((r) => r.outcome)?.outcome).toMatchObject({ path: 'optimized' });
    expect(mn(d)?.lifecycle).toBe('prepared');
  });

  it('a corrupted PDU is discarded on delivery with no effect; the MN can then give up', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    d.do({ kind: 'corrupt', index: 0, how: 'truncate' });
    expect(() => d.do({ kind: 'corrupt', index: 0, how: 'trailing' })).toThrow(/NOT_ENABLED/);
    expect(view(d.world).inFlight[0]).toEqual({ type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A', mn: 'mn1', corrupted: true });
    const before = view(d.world);
    const r = d.do({ kind: 'deliver', index: 0 });
    expect(r).toMatchObject({ discarded: true, emitted: [], fired: [] });
    expect(view(d.world)).toEqual({ ...before, inFlight: [] });
    expect(enabled(d.world)).toContainEqual({ kind: 'abort', mn: 'mn1' });
    d.do({ kind: 'abort', mn: 'mn1' });
    expect(mn(d)).toMatchObject({ lifecycle: 'idle', attachedTo: 'A', sas: [expect.objectContaining({ peer: 'A', state: 'serving' })] });
    expect(d.handover('mn1', 'B').outcome).toMatchObject({ path: 'optimized' });
  });

  it('after a lost request the MN aborts and a new attempt supersedes the stale one at the SPoS', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    until(d, 'MIS_N2N_Prereg_Xfer.request');
    d.do({ kind: 'drop', index: 0 });
    d.do({ kind: 'abort', mn: 'mn1' });
    const { outcome } = d.handover('mn1', 'C');
    expect(outcome).toMatchObject({ path: 'optimized', to: 'C' });
    d.complete('mn1');
    expect(mn(d)?.sas).toEqual([expect.objectContaining({ peer: 'C', depth: 1 })]);
  });

  it('a copy of the MN\'s request being relayed is discarded by the SPoS', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    d.do({ kind: 'duplicate', index: 0 });
    d.do({ kind: 'deliver', index: 0 });
    const copy = d.do({ kind: 'deliver', index: 0 });
    expect(copy).toMatchObject({ discarded: true, delivered: { type: 'MIS_Prereg_Xfer.request' } });
    d.drain();
    expect(mn(d)?.lifecycle).toBe('prepared');
  });

  it('a copy of a request the SPoS already answered is discarded (its Nonce-N is taken)', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: true });
    d.do({ kind: 'duplicate', index: 0 });
    expect(d.do({ kind: 'deliver', index: 0 }).emitted.map((p) => p.reason)).toEqual(['MN_REQUESTED']);
    expect(d.do({ kind: 'deliver', index: 0 })).toMatchObject({ discarded: true, delivered: { type: 'MIS_Prereg_Xfer.request' } });
  });

  it('a copy of the full establishment request does not disturb the prepared SA', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: true });
    const k = until(d, 'MIS_Auth.request');
    d.do({ kind: 'duplicate', index: k });
    const recs = d.drain();
    expect(recs.filter((r) => r.discarded).map((r) => r.delivered?.type)).toEqual(['MIS_Auth.request']);
    const prepared = mn(d)?.sas.find((s) => s.state === 'prepared');
    expect(pos(d, 'B')).toEqual([expect.objectContaining({ state: 'prepared', key: prepared?.key })]);
    d.complete('mn1');
    expect(pos(d, 'B')).toEqual([expect.objectContaining({ state: 'serving', key: prepared?.key })]);
    expect(pos(d, 'A')).toEqual([]);
  });

  it('every other copy is discarded by a receiver it no longer fits', () => {
    for (const type of ['MIS_Auth.request', 'MIS_Auth.response', 'MIS_Prereg_Xfer.response', 'MIS_N2N_Prereg_Xfer.response', 'MIS_HO_Complete.request', 'MIS_N2N_HO_Complete.indication']) {
      const d = new Driver(partnerRing());
      d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
      let copied = false;
      const copy = () => {
        const k = d.world.inFlight.findIndex((p) => p.type === type && p.duplicated !== true);
        if (k >= 0 && !copied) {
          d.do({ kind: 'duplicate', index: k });
          copied = true;
        }
      };
      const drainCopying = () => {
        while (d.world.inFlight.length > 0) {
          copy();
          d.do({ kind: 'deliver', index: 0 });
        }
      };
      drainCopying();
      d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
      drainCopying();
      d.do({ kind: 'complete', mn: 'mn1' });
      drainCopying();
      expect(copied, type).toBe(true);
      expect(d.records.filter((r) => r.discarded).map((r) => r.delivered?.type), type).toEqual([type]);
      const m = mn(d);
      expect(m, type).toMatchObject({ lifecycle: 'idle', attachedTo: 'B' });
      expect(pos(d, 'B'), type).toEqual([expect.objectContaining({ state: 'serving', key: m?.sas[0]?.key })]);
      expect(pos(d, 'A'), type).toEqual([]);
    }
  });

  //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
  //= type=test
  //# As the MN moves from one partner network to the next target network, the MN establishes or
  //# renews a security association with the PoS in the target network, i.e. the TPoS.
  it('a PoS holds one SA per MN: a new one replaces the stale SA a lost answer left behind (5.14.1-S18)', () => {
    const d = new Driver(partnerRing());
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    d.do({ kind: 'deliver', index: 0 });
    d.do({ kind: 'drop', index: 0 }); // the MIS_Auth.response
    expect(pos(d, 'A')).toEqual([expect.objectContaining({ state: 'serving' })]);
    d.do({ kind: 'abort', mn: 'mn1' });
    d.run({ kind: 'attach', mn: 'mn1', domain: 'B' });
    d.handover('mn1', 'A');
    const prepared = mn(d)?.sas.find((x) => x.state === 'prepared');
    expect(pos(d, 'A')).toEqual([expect.objectContaining({ state: 'prepared', key: prepared?.key })]);
  });

  it('a new attachment renews the SA a lost answer left behind; a copy of the old request does not', () => {
    const d = new Driver(partnerRing());
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    d.do({ kind: 'duplicate', index: 0 });
    d.do({ kind: 'deliver', index: 0 });
    expect(d.do({ kind: 'deliver', index: 0 })).toMatchObject({ discarded: true, delivered: { type: 'MIS_Auth.request' } });
    d.do({ kind: 'drop', index: 0 });
    d.do({ kind: 'abort', mn: 'mn1' });
    const stale = pos(d, 'A')[0]?.key;
    d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(mn(d)).toMatchObject({ lifecycle: 'idle', attachedTo: 'A' });
    expect(pos(d, 'A')).toEqual([expect.objectContaining({ state: 'serving', key: mn(d)?.sas[0]?.key })]);
    expect(pos(d, 'A')[0]?.key).not.toBe(stale);
  });

  it('a lost MIS_HO_Complete.request strands the MN: its new PoS never serves it (liveness hole of the profile)', () => {
    const d = attached();
    d.handover('mn1', 'B');
    d.do({ kind: 'complete', mn: 'mn1' });
    d.do({ kind: 'drop', index: 0 });
    expect(mn(d)).toMatchObject({ lifecycle: 'idle', attachedTo: 'B' });
    expect(pos(d, 'B')).toEqual([expect.objectContaining({ state: 'prepared' })]);
    expect(pos(d, 'A')).toEqual([expect.objectContaining({ state: 'serving' })]);
    // the next preregistration is discarded by B, which holds no serving SA: the MN can only give up
    const recs = d.run({ kind: 'handover', mn: 'mn1', target: 'C', fallback: false });
    expect(recs.at(-1)).toMatchObject({ discarded: true });
    expect(mn(d)?.lifecycle).toBe('waiting');
  });
});
