// A 64-bit fingerprint of a canonical state key, as two 32-bit lanes (hash compaction, Holzmann
// 1998 / Stern & Dill 1995): the visited set stores 8 bytes per state instead of the key. Two
// distinct states collide with probability about 2^-64 per pair, so with n states the chance
// that any state is wrongly taken as visited is about n^2 / 2^65 (1e-8 at n = 10^6). The
// explorer's `exactKeys` mode stores the keys themselves to check this on small worlds.
//
// The mixing is cyrb53's (public domain), kept at the full 2 x 32 bits.

export interface Fingerprint {
  readonly hi: number;
  readonly lo: number;
}

/**
 * The hash fed in pieces: 16-bit code units or 32-bit words one at a time (`unit`), strings
 * (`string`: the same as their code units in order), then `into`. Feeding the characters of a
 * string gives exactly fingerprintInto of that string, without building it.
 */
export class StreamFingerprint {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  reset(): this {
    this.h1 = 0xdeadbeef;
    this.h2 = 0x41c6ce57;
    return this;
  }

  unit(x: number): this {
    this.h1 = Math.imul(this.h1 ^ x, 2654435761);
    this.h2 = Math.imul(this.h2 ^ x, 1597334677);
    return this;
  }

  string(s: string): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    return this;
  }

  /** The characters of `n.toString(36)` (n a non-negative integer). */
  base36(n: number): this {
    if (n >= 36) this.base36(Math.floor(n / 36));
    const d = n % 36;
    return this.unit(d < 10 ? 48 + d : 87 + d);
  }

  into(out: { hi: number; lo: number }): void {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    out.hi = h2 >>> 0;
    out.lo = h1 >>> 0;
  }
}

const stream = new StreamFingerprint();

/** Fingerprint of `key`; the result is written to `out` to avoid an allocation per state. */
export function fingerprintInto(key: string, out: { hi: number; lo: number }): void {
  stream.reset().string(key).into(out);
}

/**
 * Fingerprint of a sequence of 32-bit words (e.g. the fingerprints of a key's parts), with the
 * same mixing as fingerprintInto.
 */
export function fingerprintWordsInto(out: { hi: number; lo: number }, a: number, b: number, c: number, d: number, e: number, f: number): void {
  stream.reset().unit(a).unit(b).unit(c).unit(d).unit(e).unit(f).into(out);
}

export function fingerprint(key: string): Fingerprint {
  const out = { hi: 0, lo: 0 };
  fingerprintInto(key, out);
  return out;
}

/** 16 hex digits, for reports. */
export function fingerprintHex(fp: Fingerprint): string {
  return fp.hi.toString(16).padStart(8, '0') + fp.lo.toString(16).padStart(8, '0');
}
