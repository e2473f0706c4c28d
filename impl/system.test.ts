import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corrupted } from './system.ts';
import { pduArb } from './wire/arbitraries.ts';
import { decode, encode } from './wire/codec.ts';
import { DecodeError } from './wire/errors.ts';

describe('corrupted (the network fault of docs/protocol.md §3)', () => {
  it.each([
    ['trailing', 'TRAILING_BYTES'],
    ['truncate', 'PAYLOAD_LENGTH'],
    ['unknown-tlv', 'UNKNOWN_TLV'],
  ] as const)('%s makes every valid PDU fail with %s', (how, code) => {
    fc.assert(
      fc.property(pduArb, (p) => {
        const bytes = corrupted(encode(p), how);
        expect(() => decode(bytes)).toThrow(DecodeError);
        expect(() => decode(bytes)).toThrow(expect.objectContaining({ code }));
      }),
      { seed: 25, numRuns: 200 },
    );
  });
});
