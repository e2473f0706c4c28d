// The wire fuzzer: random and mutated byte strings thrown at decode(). For every input, decode
// must either return a PDU whose encoding is exactly the input (canonical accept) or throw a
// DecodeError; anything else is recorded as a failure. Deterministic for a given seed.
import fc from 'fast-check';
import { pduArb } from './arbitraries.ts';
import { decode as realDecode, encode as realEncode } from './codec.ts';
import { DecodeError, type DecodeErrorCode } from './errors.ts';
import { HEADER_LENGTH, MAX_PDU_LENGTH, MESSAGE_ID, UNASSIGNED_TLV_TYPE, WIRE_VERSION, messageIdWord } from './format.ts';
import type { Pdu, PduType } from './messages.ts';
import { concatBytes } from '../bytes.ts';
import { joinTlvs, splitTlvs, type RawTlv } from './mutate.ts';

/** splitmix32: a small fast PRNG; fuzzing needs speed and replayability, not secrecy. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export interface FuzzFailure {
  readonly problem: string;
  readonly inputHex: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly count: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly rejectedByCode: Partial<Record<DecodeErrorCode, number>>;
  readonly failures: readonly FuzzFailure[];
  readonly elapsedMs: number;
  readonly slowestDecodeMs: number;
}

const MESSAGE_WORDS = (Object.keys(MESSAGE_ID) as PduType[]).map(messageIdWord);
const INTERESTING = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0f, 0x10, 0x14, 0x15, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xed, 0xf0, 0xfe, 0xff];

class Mutator {
  constructor(
    private readonly next: () => number,
    private readonly corpus: readonly Uint8Array[],
  ) {}

  int(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }

  /** Random bytes, sometimes behind a plausible header so the TLV rules get exercised. */
  random(): Uint8Array {
    const body = this.randomBytes(this.int(this.int(4) === 0 ? 40 : 300));
    if (this.int(2) === 0) return body;
    const word = this.pick(MESSAGE_WORDS);
    const tid = this.int(4096);
    const header = Uint8Array.of(WIRE_VERSION << 4, 0, word >>> 8, word & 0xff, tid >>> 8, tid & 0xff, body.length >>> 8, body.length & 0xff);
    return concatBytes(header, body);
  }

  tlvEdit(b: Uint8Array, edit: (tlvs: RawTlv[]) => RawTlv[]): Uint8Array {
    const { header, tlvs, rest } = splitTlvs(b);
    if (header.length < HEADER_LENGTH) return b;
    const joined = joinTlvs(header, edit(tlvs));
    return rest.length === 0 ? joined : concatBytes(joined, rest);
  }

  mutateOnce(b: Uint8Array): Uint8Array {
    const at = this.int(b.length);
    switch (this.int(19)) {
      case 0: // bit flip
      case 1: {
        if (b.length === 0) return b;
        const c = b.slice();
        c[at]! ^= 1 << this.int(8);
        return c;
      }
      case 2: {
        // interesting byte
        if (b.length === 0) return b;
        const c = b.slice();
        c[at] = this.pick(INTERESTING);
        return c;
      }
      case 3: // truncation
        return b.slice(0, this.int(b.length + 1));
      case 4: // insertion
        return concatBytes(b.subarray(0, at), this.randomBytes(1 + this.int(8)), b.subarray(at));
      case 5: // deletion of a range
        return concatBytes(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + this.int(8))));
      case 6: // TLV shuffle
        return this.tlvEdit(b, (tlvs) => {
          const c = tlvs.slice();
          for (let i = c.length - 1; i > 0; i--) {
            const j = this.int(i + 1);
            [c[i], c[j]] = [c[j]!, c[i]!];
          }
          return c;
        });
      case 7: // swap two adjacent TLVs
        return this.tlvEdit(b, (tlvs) => {
          if (tlvs.length < 2) return tlvs;
          const i = this.int(tlvs.length - 1);
          const c = tlvs.slice();
          [c[i], c[i + 1]] = [c[i + 1]!, c[i]!];
          return c;
        });
      case 8: // duplicate a TLV
        return this.tlvEdit(b, (tlvs) => {
          if (tlvs.length === 0) return tlvs;
          const i = this.int(tlvs.length);
          return [...tlvs.slice(0, i + 1), tlvs[i]!, ...tlvs.slice(i + 1)];
        });
      case 9: // remove a TLV
        return this.tlvEdit(b, (tlvs) => {
          const drop = this.int(tlvs.length);
          return tlvs.filter((_, i) => i !== drop);
        });
      case 10: // TLV from another PDU spliced in
        return this.tlvEdit(b, (tlvs) => {
          const donor = splitTlvs(this.pick(this.corpus)).tlvs;
          if (donor.length === 0) return tlvs;
          const i = this.int(tlvs.length + 1);
          return [...tlvs.slice(0, i), this.pick(donor), ...tlvs.slice(i)];
        });
      case 11: // resize a TLV value (wrong lengths for its field)
        return this.tlvEdit(b, (tlvs) => {
          if (tlvs.length === 0) return tlvs;
          const i = this.int(tlvs.length);
          const t = tlvs[i]!;
          const delta = this.int(3) - 1 || 1;
          const value = delta > 0 ? concatBytes(t.value, this.randomBytes(delta)) : t.value.slice(0, Math.max(0, t.value.length - 1));
          return tlvs.map((x, j) => (j === i ? { type: t.type, value } : x));
        });
      case 12: {
        // corrupt the header's payload length
        if (b.length < HEADER_LENGTH) return b;
        const c = b.slice();
        const declared = (c[6]! << 8) | c[7]!;
        const n = this.int(2) === 0 ? (declared + this.int(5) - 2) & 0xffff : this.next() & 0xffff;
        c[6] = n >>> 8;
        c[7] = n & 0xff;
        return c;
      }
      case 13: {
        // corrupt a TLV length field
        const { tlvs } = splitTlvs(b);
        if (tlvs.length === 0) return b;
        const i = this.int(tlvs.length);
        let pos = HEADER_LENGTH;
        for (let j = 0; j < i; j++) pos += 3 + tlvs[j]!.value.length;
        const c = b.slice();
        const n = this.int(2) === 0 ? (tlvs[i]!.value.length + this.int(5) - 2) & 0xffff : this.next() & 0xffff;
        c[pos + 1] = n >>> 8;
        c[pos + 2] = n & 0xff;
        return c;
      }
      case 14: {
        // splice: prefix of this PDU, suffix of another
        const other = this.pick(this.corpus);
        return concatBytes(b.subarray(0, at), other.subarray(this.int(other.length + 1)));
      }
      case 15: {
        // header of one PDU type, TLVs of another
        const other = this.pick(this.corpus);
        if (b.length < HEADER_LENGTH || other.length < HEADER_LENGTH) return b;
        return concatBytes(b.subarray(0, 6), other.subarray(6));
      }
      case 17: // set a TLV value byte to an interesting value (enum, flag, suite boundaries)
        return this.tlvEdit(b, (tlvs) => {
          if (tlvs.length === 0) return tlvs;
          const i = this.int(tlvs.length);
          const t = tlvs[i]!;
          if (t.value.length === 0) return tlvs;
          const value = t.value.slice();
          value[this.int(value.length)] = this.pick(INTERESTING);
          return tlvs.map((x, j) => (j === i ? { type: t.type, value } : x));
        });
      case 16: // unknown TLV type or trailing garbage
        return this.int(2) === 0
          ? this.tlvEdit(b, (tlvs) => [...tlvs.slice(0, at % (tlvs.length + 1)), { type: this.int(2) === 0 ? UNASSIGNED_TLV_TYPE : 21 + this.int(235), value: this.randomBytes(this.int(4)) }, ...tlvs.slice(at % (tlvs.length + 1))])
          : concatBytes(b, this.randomBytes(1 + this.int(3)));
      default: {
        // oversize: pad past MAX_PDU_LENGTH, sometimes as one huge valid-looking TLV
        const pad = MAX_PDU_LENGTH + 1 - b.length + this.int(16);
        return this.int(2) === 0 ? concatBytes(b, new Uint8Array(Math.max(1, pad))) : this.tlvEdit(b, (tlvs) => [...tlvs, { type: 1, value: new Uint8Array(Math.max(1, pad)) }]);
      }
    }
  }

  input(): Uint8Array {
    if (this.int(10) === 0) return this.random();
    let b = this.pick(this.corpus);
    if (this.int(20) === 0) return b; // some untouched valid PDUs keep the accept path honest
    const rounds = 1 + this.int(this.int(3) === 0 ? 4 : 1);
    for (let i = 0; i < rounds; i++) b = this.mutateOnce(b);
    return b;
  }
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b.subarray(0, 512)) s += x.toString(16).padStart(2, '0');
  return b.length > 512 ? `${s}…(${b.length} bytes)` : s;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs `count` fuzz cases from `seed`; never throws for a decode misbehaviour, it reports it. */
export function runFuzz(options: {
  count: number;
  seed: number;
  corpusSize?: number;
  /** The codec under test; defaults to this package's. Tests substitute broken ones. */
  codec?: { decode: (b: Uint8Array) => Pdu; encode: (p: Pdu) => Uint8Array };
}): FuzzReport {
  const { count, seed } = options;
  const { decode, encode } = options.codec ?? { decode: realDecode, encode: realEncode };
  const corpus = fc.sample(pduArb, { seed, numRuns: options.corpusSize ?? 500 }).map(realEncode);
  const mutator = new Mutator(prng(seed), corpus);
  const rejectedByCode: Partial<Record<DecodeErrorCode, number>> = {};
  const failures: FuzzFailure[] = [];
  let accepted = 0;
  let rejected = 0;
  let slowest = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const input = mutator.input();
    const t0 = performance.now();
    try {
      const pdu = decode(input);
      accepted++;
      let again: Uint8Array | undefined;
      try {
        again = encode(pdu);
      } catch (e) {
        failures.push({ problem: `accepted PDU does not re-encode: ${String(e)}`, inputHex: hex(input) });
      }
      if (again !== undefined && !sameBytes(again, input)) failures.push({ problem: 'accepted a non-canonical encoding', inputHex: hex(input) });
    } catch (e) {
      if (e instanceof DecodeError) {
        rejected++;
        rejectedByCode[e.code] = (rejectedByCode[e.code] ?? 0) + 1;
        if (e.code === 'INTERNAL') failures.push({ problem: `INTERNAL: ${e.message}`, inputHex: hex(input) });
      } else {
        failures.push({ problem: `decode threw a non-DecodeError: ${String(e)}`, inputHex: hex(input) });
      }
    }
    slowest = Math.max(slowest, performance.now() - t0);
    if (failures.length >= 20) break;
  }
  return { seed, count, accepted, rejected, rejectedByCode, failures, elapsedMs: Math.round(performance.now() - started), slowestDecodeMs: Number(slowest.toFixed(3)) };
}
