// The `tid` tamper fails the transaction check (docs/protocol.md §5.1: sender and tid) by either
// half: the tid + 1, or another PoS as its sender with the tid kept.
import { describe, expect, it } from 'vitest';
import { decodePdu, encodePdu, type TesterPdu } from '../../harness/tester/codec.ts';
import { tamper } from '../../harness/tester/lower-tester.ts';
import type { TesterEdit, WireTester } from '../../harness/tester/wire-tester.ts';

const nonce = (b: number): Uint8Array => new Uint8Array(32).fill(b);

/** The WireTester calls the tamper makes: reseals that only rewrite, and the world's PoSs. */
function fakeWire(poss: readonly string[]): WireTester {
  return {
    reseal: (bytes: Uint8Array, edit: TesterEdit) => encodePdu({ ...decodePdu(bytes), ...edit } as TesterPdu),
    resealFrom: (bytes: Uint8Array, src: string) => encodePdu({ ...decodePdu(bytes), src } as TesterPdu),
    posIds: () => poss,
  } as unknown as WireTester;
}

const AUTH_RESPONSE = encodePdu({ type: 'MIS_Auth.response', tid: 7, src: 'B', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: nonce(1), nonceP: nonce(2), idType: 1 } as TesterPdu);
const N2N_RESPONSE = encodePdu({ type: 'MIS_N2N_Prereg_Xfer.response', tid: 7, src: 'B', dst: 'A', mn: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED', nonceN: nonce(1), mac: new Uint8Array(16) } as TesterPdu);

describe('the tid tamper', () => {
  it('on an even choice adds one to the tid and keeps the sender', () => {
    const t = tamper(fakeWire(['A', 'B', 'C']), AUTH_RESPONSE, 'tid', 4);
    const p = decodePdu(t.bytes);
    expect([p.src, p.tid, t.rule]).toEqual(['B', 8, undefined]);
  });

  it('on an odd choice names another PoS as the sender and keeps the tid', () => {
    const senders = [1, 3, 5].map((choice) => {
      const t = tamper(fakeWire(['A', 'B', 'C']), AUTH_RESPONSE, 'tid', choice);
      const p = decodePdu(t.bytes);
      expect([p.tid, p.nonceN, t.rule]).toEqual([7, nonce(1), 'tid:src']);
      return p.src;
    });
    expect(senders).toEqual(['A', 'C', 'A']);
  });

  it('keeps the tid form where no other PoS exists', () => {
    expect(decodePdu(tamper(fakeWire(['B']), AUTH_RESPONSE, 'tid', 1).bytes)).toMatchObject({ src: 'B', tid: 8 });
    expect(decodePdu(tamper(fakeWire(['A', 'B']), N2N_RESPONSE, 'tid', 1).bytes)).toMatchObject({ src: 'B', tid: 8 });
  });

  it('names neither the sender nor the receiver of an answer between PoSs', () => {
    const t = tamper(fakeWire(['A', 'B', 'C']), N2N_RESPONSE, 'tid', 3);
    expect([decodePdu(t.bytes).src, decodePdu(t.bytes).tid, t.rule]).toEqual(['C', 7, 'tid:src']);
  });
});
