//= SPEC_MAPPING.md#A-TLV
//= type=test
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// the tester's codec (harness/tester/codec.ts) against impl's, both ways, on random PDUs
// and on the wire fuzzer's malformed inputs: the same acceptance set, the same fields, the same
// error codes, the same MAC input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePdu, encodePdu, macInput, peekAddressing, TesterDecodeError, TesterEncodeError, type TesterPdu } from '../../harness/tester/codec.ts';
import { pduArb } from '../../impl/wire/arbitraries.ts';
import { decode, encode, macInput as implMacInput } from '../../impl/wire/codec.ts';
import { DecodeError } from '../../impl/wire/errors.ts';
import { runFuzz } from '../../impl/wire/fuzzer.ts';
import type { Pdu } from '../../impl/wire/messages.ts';

/** impl's record with its absent optional fields (null) left out: the tester's shape. */
function asTester(p: Pdu): TesterPdu {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null)) as unknown as TesterPdu;
}

const RUNS = { numRuns: 400, seed: 51 };

describe('tester codec against impl codec', () => {
  it('decodes what impl encodes to the same fields', () => {
    fc.assert(
      fc.property(pduArb, (p) => {
        expect(decodePdu(encode(p))).toEqual(asTester(p));
      }),
      RUNS,
    );
  });

  it('encodes byte for byte what impl encodes, and impl decodes it back', () => {
    fc.assert(
      fc.property(pduArb, (p) => {
        const bytes = encodePdu(asTester(p));
        expect(bytes).toEqual(encode(p));
        expect(asTester(decode(bytes))).toEqual(asTester(p));
      }),
      RUNS,
    );
  });

  it('cuts the same MAC input as impl, from bytes and from the record', () => {
    fc.assert(
      fc.property(pduArb, (p) => {
        const expected = implMacInput(p);
        expect(macInput(encode(p))).toEqual(expected);
        expect(macInput(asTester(p))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it("accepts and rejects the wire fuzzer's inputs exactly as impl does, with the same error code", () => {
    const disagreements: string[] = [];
    let compared = 0;
    const both = (bytes: Uint8Array): Pdu => {
      compared++;
      let mine: TesterPdu | TesterDecodeError;
      try {
        mine = decodePdu(bytes);
      } catch (e) {
        if (!(e instanceof TesterDecodeError)) throw e;
        mine = e;
      }
      try {
        const theirs = decode(bytes);
        if (mine instanceof TesterDecodeError) disagreements.push(`tester rejects (${mine.code}) what impl accepts`);
        else expect(mine).toEqual(asTester(theirs));
        return theirs;
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        if (!(mine instanceof TesterDecodeError)) disagreements.push(`tester accepts what impl rejects (${e.code})`);
        else if (mine.code !== e.code) disagreements.push(`codes differ: tester ${mine.code}, impl ${e.code}`);
        throw e;
      }
    };
    const report = runFuzz({ count: 4000, seed: 7, corpusSize: 200, codec: { decode: both, encode } });
    expect(report.failures).toEqual([]);
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(compared).toBe(4000);
    expect(report.rejected).toBeGreaterThan(1000);
    expect(report.accepted).toBeGreaterThan(100);
  });

  it('refuses records no PDU can carry with a typed error', () => {
    const base: TesterPdu = { type: 'MIS_HO_Complete.request', tid: 1, src: 'mn1', dst: 'B', mn: 'mn1', previous: 'A', mac: new Uint8Array(16) };
    expect(() => encodePdu({ ...base, tid: 4096 })).toThrow(TesterEncodeError);
    expect(() => encodePdu({ ...base, mac: new Uint8Array(15) })).toThrow(TesterEncodeError);
    expect(() => encodePdu({ ...base, depth: 1 })).toThrow(/does not carry/);
    expect(() => encodePdu({ ...base, src: '' })).toThrow(TesterEncodeError);
    expect(() => encodePdu({ ...base, src: '\uD800' })).toThrow(TesterEncodeError);
    const { previous: _previous, ...withoutPrevious } = base;
    expect(() => encodePdu(withoutPrevious)).toThrow(/requires it/);
  });

  it('reads addressing off bytes that no longer decode', () => {
    const bytes = encode({ type: 'MIS_N2N_HO_Complete.indication', src: 'B', dst: 'A', mn: 'mn1', tid: 77, mac: new Uint8Array(16) });
    const broken = bytes.slice(0, bytes.length - 1);
    expect(() => decodePdu(broken)).toThrow(TesterDecodeError);
    expect(peekAddressing(broken)).toEqual({ type: 'MIS_N2N_HO_Complete.indication', tid: 77, src: 'B', dst: 'A', mn: 'mn1' });
    expect(peekAddressing(new Uint8Array(3))).toEqual({});
  });
});
