// The transaction check (docs/protocol.md §5.1) matches sender and tid; the `tid` tamper fails
// the tid half (tid + 1), the `src` tamper the sender half (another PoS, the tid kept).
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
    forgeableSenders: (pdu: TesterPdu) => poss.filter((id) => id !== pdu.src && id !== pdu.dst),
  } as unknown as WireTester;
}

const AUTH_RESPONSE = encodePdu({ type: 'MIS_Auth.response', tid: 7, src: 'B', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: nonce(1), nonceP: nonce(2), idType: 1 } as TesterPdu);
const N2N_RESPONSE = encodePdu({ type: 'MIS_N2N_Prereg_Xfer.response', tid: 7, src: 'B', dst: 'A', mn: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED', nonceN: nonce(1), mac: new Uint8Array(16) } as TesterPdu);

const CHOICES = Array.from({ length: 64 }, (_, i) => i);

describe('the tid and src tampers', () => {
  it('fails the tid half in the tid way on every choice: tid + 1, the sender and the echo kept', () => {
    for (const c of CHOICES) {
      for (const bytes of [AUTH_RESPONSE, N2N_RESPONSE]) {
        const t = tamper(fakeWire(['A', 'B', 'C']), bytes, 'tid', c);
        expect(decodePdu(t.bytes)).toMatchObject({ src: 'B', tid: 8, nonceN: nonce(1) });
        expect(t.rule).toBeUndefined();
      }
    }
  });

  it('wraps the tid within its 12 bits', () => {
    const last = encodePdu({ ...decodePdu(AUTH_RESPONSE), tid: 0x0fff } as TesterPdu);
    expect(decodePdu(tamper(fakeWire(['B']), last, 'tid', 0).bytes)).toMatchObject({ src: 'B', tid: 0 });
  });

  it('takes the sender form on every choice in the src way, from every PoS that can seal it to the receiver', () => {
    const senders = CHOICES.map((c) => {
      const p = decodePdu(tamper(fakeWire(['A', 'B', 'C', 'D']), N2N_RESPONSE, 'src', c).bytes);
      expect([p.tid, p.nonceN]).toEqual([7, nonce(1)]);
      return p.src;
    });
    expect(new Set(senders)).toEqual(new Set(['C', 'D']));
  });

  it('refuses the src way, as a fault of its own, where no other PoS can seal the answer', () => {
    expect(() => tamper(fakeWire(['A', 'B']), N2N_RESPONSE, 'src', 0)).toThrow(/no PoS but the sender/);
  });
});
