import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec.ts';
import type { DecodeErrorCode } from './errors.ts';
import { runFuzz } from './fuzzer.ts';
import type { Pdu } from './messages.ts';

const EVERY_RULE: readonly DecodeErrorCode[] = [
  'TRUNCATED_HEADER',
  'OVERSIZE',
  'BAD_VERSION',
  'BAD_FLAGS',
  'RESERVED_BITS',
  'UNKNOWN_MESSAGE',
  'PAYLOAD_LENGTH',
  'TRAILING_BYTES',
  'TRUNCATED_TLV',
  'UNKNOWN_TLV',
  'DUPLICATE_TLV',
  'TLV_ORDER',
  'TLV_NOT_ALLOWED',
  'MISSING_TLV',
  'BAD_LENGTH',
  'BAD_ENUM',
  'BAD_BOOLEAN',
  'BAD_UTF8',
];

describe('wire fuzz (fixed seed)', () => {
  it('100,000 random and mutated PDUs: each decodes to a canonical PDU or throws DecodeError', () => {
    const report = runFuzz({ count: 100_000, seed: 20260127 });
    expect(report.failures).toEqual([]);
    expect(report.accepted + report.rejected).toBe(100_000);
    // The mix must reach the accept path and every rejection rule, else it proves little.
    expect(report.accepted).toBeGreaterThan(5_000);
    for (const code of EVERY_RULE) expect(report.rejectedByCode[code] ?? 0, code).toBeGreaterThan(0);
    expect(report.rejectedByCode.INTERNAL).toBeUndefined();
  });

  it('is deterministic for a seed', () => {
    const a = runFuzz({ count: 2_000, seed: 5 });
    const b = runFuzz({ count: 2_000, seed: 5 });
    expect({ ...a, elapsedMs: 0, slowestDecodeMs: 0 }).toEqual({ ...b, elapsedMs: 0, slowestDecodeMs: 0 });
  });

  it('catches a decoder that throws something other than DecodeError', () => {
    const crashing = (b: Uint8Array): Pdu => {
      if (b.length > 0 && b[b.length - 1] === 0xff) throw new TypeError('boom');
      return decode(b);
    };
    const report = runFuzz({ count: 5_000, seed: 6, codec: { decode: crashing, encode } });
    expect(report.failures.some((f) => f.problem.includes('non-DecodeError'))).toBe(true);
  });

  it('catches a lenient decoder that accepts trailing bytes (non-canonical accept)', () => {
    const lenient = (b: Uint8Array): Pdu => {
      const declared = b.length >= 8 ? 8 + ((b[6]! << 8) | b[7]!) : b.length;
      return decode(declared < b.length ? b.subarray(0, declared) : b);
    };
    const report = runFuzz({ count: 5_000, seed: 7, codec: { decode: lenient, encode } });
    expect(report.failures.some((f) => f.problem.includes('non-canonical'))).toBe(true);
  });
});
