// docs/protocol.md §7: lockstep compares each entity's discards, where both sides show them:
// the count always, the latest cause where the model can tell it (harness/discards.ts).
import { describe, expect, it } from 'vitest';
import { ObservationComparator } from '../../harness/compare.ts';
import type { DiscardSummary, Observation, PduObservation } from '../../vocabulary/observation.ts';

const at = (pos: DiscardSummary | undefined): Observation => ({ mns: [], poss: [{ id: 'B', sas: [], ...(pos === undefined ? {} : { discards: pos }) }], inFlight: [] });
const compare = (model: DiscardSummary | undefined, sut: DiscardSummary | undefined) => new ObservationComparator().compare(at(model), at(sut));

describe('discards in lockstep', () => {
  it('agree on the same count and cause, or where the model leaves the cause open', () => {
    expect(compare({ count: 1, last: 'bad-mac' }, { count: 1, last: 'bad-mac' })).toBeNull();
    expect(compare({ count: 2, last: null }, { count: 2, last: 'unknown-transaction' })).toBeNull();
    expect(compare(undefined, { count: 3, last: 'bad-mac' })).toBeNull();
    expect(compare({ count: 3, last: 'bad-mac' }, undefined)).toBeNull();
  });

  it('a discard at another check names the check the receiver had to make first', () => {
    expect(compare({ count: 1, last: 'nonce-mismatch' }, { count: 1, last: 'bad-wrapped-key' })).toEqual({
      where: 'PoS B discards',
      expected: '1 discarded, the latest nonce-mismatch',
      actual: '1 discarded, the latest bad-wrapped-key',
      requirements: ['A-NONCE', '5.14.2-S6', 'A-DISCARD'],
    });
  });

  it('a PDU taken up that had to be discarded, or the other way round, is a divergence', () => {
    expect(compare({ count: 1, last: null }, { count: 0, last: null })).toMatchObject({ expected: '1 discarded, the latest for a cause the model leaves open', actual: '0 discarded', requirements: ['A-DISCARD'] });
    expect(compare({ count: 0, last: null }, { count: 1, last: 'duplicate' })?.requirements).toEqual(['A-REPLAY', 'A-DISCARD']);
  });

  it('an internal failure is never a cause of the profile, even where the model leaves it open', () => {
    expect(compare({ count: 1, last: null }, { count: 1, last: 'internal' })?.requirements).toEqual(['A-DISCARD']);
  });

  it('an observation that differs only in discards is not an image of the model', () => {
    const c = new ObservationComparator();
    expect(c.compare(at({ count: 1, last: null }), at({ count: 1, last: 'bad-mac' }))).toBeNull();
    expect(c.isImage(at({ count: 1, last: 'bad-mac' }), at({ count: 1, last: 'bad-mac' }))).toBe(true);
    expect(c.isImage(at({ count: 1, last: 'bad-mac' }), at({ count: 2, last: 'bad-mac' }))).toBe(false);
  });
  //= SPEC_MAPPING.md#A-DISCARD
  //= type=test
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  describe('an answer the SUT never sent because its receiver discarded the request', () => {
    const request: PduObservation = { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'B', mn: 'mn1' };
    const answer: PduObservation = { type: 'MIS_Prereg_Xfer.response', src: 'B', dst: 'mn1', mn: 'mn1', status: 'NO_TARGET', reason: 'NONE' };
    const after = (discards: DiscardSummary, inFlight: readonly PduObservation[]): Observation => ({ mns: [], poss: [{ id: 'B', sas: [], discards }], inFlight });
    const judge = (cause: DiscardSummary['last']) =>
      new ObservationComparator().compare(after({ count: 0, last: null }, [answer]), after({ count: 1, last: cause }, []), { delivered: request });

    it('names the check that discarded it first, then the answer', () => {
      const d = judge('malformed');
      expect(d?.requirements[0]).toBe('A-TLV');
      expect(d?.requirements).toContain('5.14.3-S3');
      expect(d?.actual).toBe('1 discarded, the latest malformed');
    });

    it('names the answer where the discard has no rule but A-DISCARD', () => {
      expect(judge('unknown-mn')?.requirements[0]).toBe('5.14.3-S3');
    });

    it('names the answer where the receiver discarded nothing', () => {
      const d = new ObservationComparator().compare(after({ count: 0, last: null }, [answer]), after({ count: 0, last: null }, []), { delivered: request });
      expect(d?.requirements[0]).toBe('5.14.3-S3');
    });
  });
  //= SPEC_MAPPING.md#A-DISCARD
  //= type=test
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  describe('an answer the SUT sent because its receiver took up a request the model discards', () => {
    const request: PduObservation = { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'B', mn: 'mn1' };
    const answer: PduObservation = { type: 'MIS_Prereg_Xfer.response', src: 'B', dst: 'mn1', mn: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'NO_TRUST' };
    const after = (discards: DiscardSummary | undefined, inFlight: readonly PduObservation[]): Observation => ({ mns: [], poss: [{ id: 'B', sas: [], ...(discards === undefined ? {} : { discards }) }], inFlight });
    const judge = (model: DiscardSummary, sut: DiscardSummary | undefined) => new ObservationComparator().compare(after(model, []), after(sut, [answer]), { delivered: request });

    it('names the check it skipped first, then A-DISCARD and the answer', () => {
      const d = judge({ count: 1, last: 'wrong-state' }, { count: 0, last: null });
      expect(d?.requirements.slice(0, 1)).toEqual(['A-DISCARD']);
      expect(d?.requirements).toContain('5.14.2-N1a');
      expect(d).toMatchObject({ where: 'PoS B discards (inFlight[0])', expected: '1 discarded, the latest wrong-state', actual: '0 discarded' });
      expect(judge({ count: 1, last: 'bad-mac' }, { count: 0, last: null })?.requirements.slice(0, 2)).toEqual(['5.14.1-S20', 'A-DISCARD']);
    });

    it('names the answer where the model leaves the cause open, or the SUT reports no discards', () => {
      expect(judge({ count: 1, last: null }, { count: 0, last: null })?.requirements[0]).not.toBe('A-DISCARD');
      expect(judge({ count: 1, last: 'bad-mac' }, undefined)?.requirements[0]).not.toBe('5.14.1-S20');
    });
  });
});
