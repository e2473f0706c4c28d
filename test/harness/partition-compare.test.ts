import { describe, expect, it } from 'vitest';
import { ObservationComparator } from '../../harness/compare.ts';
import type { Observation } from '../../vocabulary/observation.ts';
import { Bijection } from '../../harness/partition.ts';

describe('Bijection (equality partitions of keys and nonces)', () => {
  it('accepts a consistent renaming and refuses both kinds of clash', () => {
    const b = new Bijection();
    expect(b.link('K1', 'aa')).toBeNull();
    expect(b.link('K1', 'aa')).toBeNull();
    expect(b.link('K2', 'bb')).toBeNull();
    expect(b.link('K1', 'cc')).toMatchObject({ kind: 'model-name-already-linked', other: 'aa' });
    expect(b.link('K3', 'aa')).toMatchObject({ kind: 'sut-value-already-linked', other: 'K1' });
    expect(b.size).toBe(2);
  });
});

const base = (key: string, nonce: string, patch: Partial<Observation> = {}): Observation => ({
  mns: [{ id: 'm', lifecycle: 'idle', attachedTo: 'A', sas: [{ peer: 'A', idType: 1, root: 'EAP', depth: 0, state: 'serving', suite: null, key }] }],
  poss: [{ id: 'A', sas: [{ peer: 'm', idType: 1, root: 'EAP', depth: 0, state: 'serving', suite: null, key }] }],
  inFlight: [{ type: 'MIS_Prereg_Xfer.request', src: 'm', dst: 'A', mn: 'm', nonceN: nonce }],
  ...patch,
});

describe('ObservationComparator', () => {
  it('treats symbolic names and fingerprints as the same partition', () => {
    const c = new ObservationComparator();
    expect(c.compare(base('MISK:1', '#1'), base('0011', 'ab'))).toBeNull();
    expect(c.compare(base('MISK:1', '#1'), base('0011', 'ab'))).toBeNull();
  });

  it('finds two model keys the SUT merged, and one model key the SUT split', () => {
    const c = new ObservationComparator();
    expect(c.compare(base('MISK:1', '#1'), base('0011', 'ab'))).toBeNull();
    const merged = c.compare(base('MISK:2', '#2'), base('0011', 'cd'));
    expect(merged?.where).toBe('MN m SA with A: key');
    expect(merged?.requirements[0]).toBe('5.14.2-S9');
    const c2 = new ObservationComparator();
    c2.compare(base('MISK:1', '#1'), base('0011', 'ab'));
    expect(c2.compare(base('MISK:1', '#1'), base('0022', 'ab'))?.actual).toMatch(/earlier seen as 0011/);
  });

  it('finds a reused nonce (5.14.2-S7)', () => {
    const c = new ObservationComparator();
    c.compare(base('MISK:1', '#1'), base('0011', 'ab'));
    expect(c.compare(base('MISK:1', '#2'), base('0011', 'ab'))?.requirements).toContain('5.14.2-S7');
  });

  it('maps SA field differences to their requirements', () => {
    const c = new ObservationComparator();
    const sut = base('x', 'n');
    const deeper: Observation = { ...sut, poss: [{ id: 'A', sas: [{ ...sut.poss[0]!.sas[0]!, depth: 1 }] }] };
    expect(c.compare(base('K', '#1'), deeper)).toMatchObject({ where: 'PoS A SA with m: depth', expected: '0', actual: '1', requirements: ['5.14.2-N4b'] });
    const relabelled: Observation = { ...sut, mns: [{ ...sut.mns[0]!, sas: [{ ...sut.mns[0]!.sas[0]!, idType: 3 }] }] };
    expect(new ObservationComparator().compare(base('K', '#1'), relabelled)?.requirements).toEqual(['5.14-T1']);
  });

  it('names the decision reason of a differing PDU first', () => {
    const model: Observation = { ...base('K', '#1'), inFlight: [{ type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'm', mn: 'm', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' }] };
    const sut: Observation = { ...base('x', 'n'), inFlight: [{ type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'm' }] };
    const d = new ObservationComparator().compare(model, sut);
    expect(d?.where).toBe('inFlight[0]');
    expect(d?.requirements[0]).toBe('5.14.2-N4c');
  });

  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
  //= type=test
  //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
  //# whenever it is possible,
  it('blames the receiver of a FULL_AUTH_REQUIRED that did not fall back (5.14.2-N1b)', () => {
    const model: Observation = { ...base('K', '#1'), mns: [{ ...base('K', '#1').mns[0]!, lifecycle: 'waiting' }], inFlight: [] };
    const sut: Observation = { ...base('x', 'n'), inFlight: [] };
    const d = new ObservationComparator().compare(model, sut, { delivered: { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'm', mn: 'm', status: 'FULL_AUTH_REQUIRED', reason: 'NO_TRUST' } });
    expect(d).toMatchObject({ where: 'MN m lifecycle', requirements: ['5.14.2-N1b', '5.14.2-N1a', '5.14.1-S17'] });
  });

  it('compares corruption marks and ignores nonces one side does not see', () => {
    const m = base('K', '#1');
    const s: Observation = { ...base('x', 'n'), inFlight: [{ type: 'MIS_Prereg_Xfer.request', src: 'm', dst: 'A', mn: 'm' }] };
    expect(new ObservationComparator().compare(m, s)).toBeNull();
    const broken: Observation = { ...s, inFlight: [{ ...s.inFlight[0]!, corrupted: true }] };
    expect(new ObservationComparator().compare(m, broken)?.requirements).toEqual(['A-TLV']);
  });
});
