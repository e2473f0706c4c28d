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
    forgeableSenders: (pdu: TesterPdu) => poss.filter((id) => id !== pdu.src && id !== pdu.dst),
  } as unknown as WireTester;
}

const AUTH_RESPONSE = encodePdu({ type: 'MIS_Auth.response', tid: 7, src: 'B', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: nonce(1), nonceP: nonce(2), idType: 1 } as TesterPdu);
const N2N_RESPONSE = encodePdu({ type: 'MIS_N2N_Prereg_Xfer.response', tid: 7, src: 'B', dst: 'A', mn: 'mn1', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED', nonceN: nonce(1), mac: new Uint8Array(16) } as TesterPdu);

/** The form the tamper took for `choice`: 'tid' (sender kept, tid + 1) or the PoS it names as the sender (tid kept). */
function formOf(poss: readonly string[], bytes: Uint8Array, choice: number): string {
  const t = tamper(fakeWire(poss), bytes, 'tid', choice);
  const p = decodePdu(t.bytes);
  if (t.rule === undefined) {
    expect([p.src, p.tid]).toEqual(['B', 8]);
    return 'tid';
  }
  expect([p.tid, p.nonceN, t.rule]).toEqual([7, nonce(1), 'tid:src']);
  return p.src;
}

const CHOICES = Array.from({ length: 64 }, (_, i) => i);

describe('the tid tamper', () => {
  it('fails either half: the tid with the sender kept, or the sender with the tid kept', () => {
    const forms = CHOICES.map((c) => formOf(['A', 'B', 'C'], AUTH_RESPONSE, c));
    expect(new Set(forms)).toEqual(new Set(['tid', 'A', 'C']));
    const tidForms = forms.filter((f) => f === 'tid').length;
    expect(tidForms).toBeGreaterThan(16);
    expect(tidForms).toBeLessThan(48);
  });

  it('does not tie the form to the parity of the choice (the step number)', () => {
    for (const parity of [0, 1]) {
      const forms = CHOICES.filter((c) => c % 2 === parity).map((c) => formOf(['A', 'B', 'C'], AUTH_RESPONSE, c));
      expect(forms).toContain('tid');
      expect(forms.some((f) => f !== 'tid')).toBe(true);
    }
  });

  it('keeps the tid form where no other PoS exists', () => {
    for (const c of CHOICES) {
      expect(decodePdu(tamper(fakeWire(['B']), AUTH_RESPONSE, 'tid', c).bytes)).toMatchObject({ src: 'B', tid: 8 });
      expect(decodePdu(tamper(fakeWire(['A', 'B']), N2N_RESPONSE, 'tid', c).bytes)).toMatchObject({ src: 'B', tid: 8 });
    }
  });

  it('names neither the sender nor the receiver of an answer between PoSs', () => {
    const forms = CHOICES.map((c) => formOf(['A', 'B', 'C'], N2N_RESPONSE, c));
    expect(new Set(forms)).toEqual(new Set(['tid', 'C']));
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
