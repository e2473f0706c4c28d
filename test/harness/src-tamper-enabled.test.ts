// The `src` tamper names a third PoS as the sender of an answer (docs/protocol.md §3). Where the
// world has none, neither the model nor the profile's enabledness offers it, so the lower tester
// is never asked for a forgery it cannot make (a fault of the tester, not the SUT's).
import { describe, expect, it } from 'vitest';
import { tamperApplies } from '../../harness/enabled.ts';
import { tamperable } from '../../model/world/lower-tester.ts';
import type { InFlightPdu } from '../../model/pdus.ts';
import type { PduObservation } from '../../vocabulary/observation.ts';

const n2nAnswer = { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', mn: 'mn1', status: 'SUCCESS' } as const;
const mnAnswer = { type: 'MIS_Auth.response', src: 'B', dst: 'mn1', mn: 'mn1', status: 'SUCCESS' } as const;
const request = { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1' } as const;

const model = (p: object, poss: readonly string[]): boolean => tamperable(p as unknown as InFlightPdu, 'src', poss);
const profile = (p: object, poss: readonly string[]): boolean => tamperApplies(p as unknown as PduObservation, 'src', poss);

describe('the src tamper is enabled only where a third PoS can be named', () => {
  for (const [name, enabled] of [['the model', model], ['the profile', profile]] as const) {
    it(`${name}: not on an answer between the only two PoSs`, () => {
      expect(enabled(n2nAnswer, ['A', 'B'])).toBe(false);
      expect(enabled(n2nAnswer, ['A', 'B', 'C'])).toBe(true);
    });
    it(`${name}: on an answer to an MN, any PoS but its sender`, () => {
      expect(enabled(mnAnswer, ['B'])).toBe(false);
      expect(enabled(mnAnswer, ['A', 'B'])).toBe(true);
    });
    it(`${name}: never on a request`, () => {
      expect(enabled(request, ['A', 'B', 'C'])).toBe(false);
    });
  }
});
