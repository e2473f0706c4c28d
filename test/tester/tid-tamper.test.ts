// The transaction check (docs/protocol.md §5.1) matches sender and tid; the `tid` tamper fails
// the tid half (another tid, above or below, the choice picks how far), the `src` tamper the
// sender half (another PoS, the tid kept). The `echo` tamper flips one bit of the echoed
// Nonce-N, anywhere in it: a check of a prefix or of tids one way round must not pass.
import { describe, expect, it } from 'vitest';
import { decodePdu, encodePdu, type TesterPdu } from '../../harness/tester/codec.ts';
import { tamper } from '../../harness/tester/lower-tester.ts';
import type { TesterEdit, WireTester } from '../../harness/tester/wire-tester.ts';

const nonce = (b: number): Uint8Array => new Uint8Array(32).fill(b);

/** The WireTester calls the tamper makes: reseals that only rewrite, and the world's PoSs. */
function fakeWire(poss: readonly string[], borrowed: number | null = null): WireTester {
  return {
    otherExchangeTid: () => borrowed,
    reseal: (bytes: Uint8Array, edit: TesterEdit) => encodePdu({ ...decodePdu(bytes), ...edit } as TesterPdu),
    resealFrom: (bytes: Uint8Array, src: string) => encodePdu({ ...decodePdu(bytes), src } as TesterPdu),
    posIds: () => poss,
    forgeableSenders: (pdu: TesterPdu) => poss.filter((id) => id !== pdu.src && id !== pdu.dst),
  } as unknown as WireTester;
}

const AUTH_RESPONSE = encodePdu({ type: 'MIS_Auth.response', tid: 7, src: 'B', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: nonce(1), nonceP: nonce(2), idType: 1 } as TesterPdu);
const N2N_RESPONSE = encodePdu({ type: 'MIS_N2N_Prereg_Xfer.response', tid: 7, src: 'B', dst: 'A', mn: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED', nonceN: nonce(1), mac: new Uint8Array(16) } as TesterPdu);

const CHOICES = Array.from({ length: 64 }, (_, i) => i);

describe('the tid, src and echo tampers', () => {
  it('fails the tid half in the tid way on every choice: another tid, the sender and the echo kept', () => {
    for (const c of CHOICES) {
      for (const bytes of [AUTH_RESPONSE, N2N_RESPONSE]) {
        const t = tamper(fakeWire(['A', 'B', 'C']), bytes, 'tid', c);
        const p = decodePdu(t.bytes);
        expect(p).toMatchObject({ src: 'B', nonceN: nonce(1) });
        expect(p.tid).not.toBe(7);
        expect(t.rule).toBeUndefined();
      }
    }
  });

  it('spreads the tids it puts over both sides of the right one, within 12 bits', () => {
    const mid = encodePdu({ ...decodePdu(AUTH_RESPONSE), tid: 0x0800 } as TesterPdu);
    const tids = CHOICES.map((c) => decodePdu(tamper(fakeWire(['B']), mid, 'tid', c).bytes).tid);
    expect(tids.filter((t) => t < 0x0800).length).toBeGreaterThan(CHOICES.length / 4);
    expect(tids.filter((t) => t > 0x0801).length).toBeGreaterThan(CHOICES.length / 4);
    expect(new Set(tids).size).toBe(CHOICES.length);
    for (const t of tids) expect(t >= 0 && t <= 0x0fff).toBe(true);
    const last = encodePdu({ ...decodePdu(AUTH_RESPONSE), tid: 0x0fff } as TesterPdu);
    for (const c of CHOICES) expect(decodePdu(tamper(fakeWire(['B']), last, 'tid', c).bytes).tid).not.toBe(0x0fff);
  });

  it('borrows the tid of another exchange of the receiver on an odd choice, and only there', () => {
    for (const c of CHOICES) {
      const p = decodePdu(tamper(fakeWire(['B'], 99), N2N_RESPONSE, 'tid', c).bytes);
      expect([p.src, p.nonceN]).toEqual(['B', nonce(1)]);
      // an even choice puts the tid it would put with nothing to borrow
      const drawn = decodePdu(tamper(fakeWire(['B']), N2N_RESPONSE, 'tid', c).bytes).tid;
      expect(p.tid).toBe(c % 2 === 1 ? 99 : drawn);
    }
  });

  it('flips one bit of the echo in the echo way, reaching most of its bytes, in both halves, over a run\'s choices', () => {
    const bytesHit = new Set<number>();
    for (const c of CHOICES) {
      const p = decodePdu(tamper(fakeWire(['B']), N2N_RESPONSE, 'echo', c).bytes);
      expect([p.src, p.tid]).toEqual(['B', 7]);
      const diff = [...p.nonceN!].map((b, i) => (b ^ 1) === 0 ? -1 : i).filter((i) => i >= 0);
      expect(diff).toHaveLength(1);
      const x = p.nonceN![diff[0]!]! ^ 1;
      expect(x & (x - 1)).toBe(0);
      bytesHit.add(diff[0]!);
    }
    expect(bytesHit.size).toBeGreaterThan(24);
    expect([...bytesHit].some((i) => i >= 16)).toBe(true);
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
