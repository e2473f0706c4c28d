// The secrets the tester provisioned, hidden wherever a report or an error would show them.
// An SUT knows no key bytes but those the tester gave it (docs/sut-protocol.md, configure
// `provisioning`: a credential per MN, an MIS SA key per PoS pair), so these exact bytes are
// what must never be shown, in whatever encoding an SUT prints them: hex of either case, with
// or without separators between digits (`:`, `-`, `_`, `.`, a space), base64 and base64url,
// padded or not, alone or inside a longer run. Each is replaced by the key's fingerprint,
// `<secret fp:…>`, so a reader can still tell keys apart. Nothing else is touched: paths,
// identifiers and hex that is no provisioned key are kept whole.
//
// A part of a key is hidden too (at least PART_HEX_DIGITS hex digits or PART_BASE64_CHARS
// base64 characters of it): an SUT's output is cut to a length, and a cut key is still a key.
import type { WorldConfig } from '../../vocabulary/observation.ts';
import { fingerprint } from '../tester/crypto.ts';
import { testerSecrets } from '../tester/provisioning.ts';

/** A part of a key this long or longer is recognised (12 bytes): shorter runs say too little. */
export const PART_HEX_DIGITS = 24;
export const PART_BASE64_CHARS = 18;
/** Secrets shorter than this are not redacted (too short to tell from other text). */
const MIN_SECRET_BYTES = 12;

/** How long the windows of the index are, and the stride they are taken at. */
const HEX_WINDOW = 16;
const HEX_STRIDE = PART_HEX_DIGITS - HEX_WINDOW;
const B64_WINDOW = 12;
const B64_STRIDE = PART_BASE64_CHARS - B64_WINDOW;

interface Needle {
  /** The encoding of the secret the window is taken from (lower-case hex digits, or base64 characters). */
  readonly text: string;
  readonly at: number;
  readonly fp: string;
  /** base64: a character before (after) the text mixes the secret's first (last) bits with others'. */
  readonly mixed?: { readonly before: boolean; readonly after: boolean };
}

/** A run of hex digits with at most one separator between two digits. */
const HEX_RUN = /[0-9a-fA-F](?:[ :._-]?[0-9a-fA-F])+/g;
const B64_RUN = /[A-Za-z0-9+/_-]{2,}=*/g;

interface Core {
  readonly text: string;
  readonly mixed: { readonly before: boolean; readonly after: boolean };
}

/** The base64 characters every encoding of `bytes` at byte offset 0, 1, 2 of a longer run has. */
function base64Cores(bytes: Uint8Array): Core[] {
  const out: Core[] = [];
  for (let a = 0; a < 3; a++) {
    const padded = Buffer.concat([Buffer.alloc(a), Buffer.from(bytes)]);
    const b64 = padded.toString('base64').replace(/=+$/, '');
    // Character k carries bits 6k..6k+5: the core is the characters made of the secret's bits only.
    const from = Math.ceil((8 * a) / 6);
    const to = Math.floor((8 * (a + bytes.length)) / 6);
    const core = b64.slice(from, to);
    const mixed = { before: (8 * a) % 6 !== 0, after: (8 * (a + bytes.length)) % 6 !== 0 };
    out.push({ text: core, mixed }, { text: core.replace(/\+/g, '-').replace(/\//g, '_'), mixed });
  }
  return out;
}

function windows(text: string, width: number, stride: number): number[] {
  const at: number[] = [];
  for (let j = 0; j + width <= text.length; j += stride) at.push(j);
  if (at.at(-1) !== text.length - width && text.length >= width) at.push(text.length - width);
  return at;
}

/** Ranges [start, end) of `norm` that are parts of a needle's text (at least `least` long), left to right. */
interface Match {
  readonly start: number;
  readonly end: number;
  readonly needle: Needle;
  /** Where in the needle's text the match starts. */
  readonly from: number;
}

function matches(norm: string, index: ReadonlyMap<string, readonly Needle[]>, width: number, least: number): Match[] {
  const out: Match[] = [];
  let floor = 0;
  for (let i = 0; i + width <= norm.length; i++) {
    const hits = index.get(norm.slice(i, i + width));
    if (hits === undefined) continue;
    let best: Match | undefined;
    for (const h of hits) {
      let back = 0;
      while (i - back - 1 >= floor && h.at - back - 1 >= 0 && norm[i - back - 1] === h.text[h.at - back - 1]) back++;
      let len = width;
      while (i + len < norm.length && h.at + len < h.text.length && norm[i + len] === h.text[h.at + len]) len++;
      const m: Match = { start: i - back, end: i + len, needle: h, from: h.at - back };
      if (best === undefined || m.end - m.start > best.end - best.start) best = m;
    }
    if (best === undefined || best.end - best.start < least) continue;
    out.push(best);
    floor = best.end;
    i = best.end - 1;
  }
  return out;
}

export class Redactor {
  readonly #fps = new Map<string, string>();
  #hex: Map<string, Needle[]> | null = null;
  #b64: Map<string, Needle[]> | null = null;
  readonly #secrets: Uint8Array[] = [];
  /** The worlds added: their secrets depend on the seed and the entities' ids alone. */
  readonly #worlds = new Set<string>();

  /** How many distinct secrets it hides. */
  get size(): number {
    return this.#fps.size;
  }

  /** Adds one secret (its bytes are copied). */
  add(secret: Uint8Array): void {
    if (secret.length < MIN_SECRET_BYTES) return;
    const hex = Buffer.from(secret).toString('hex');
    if (this.#fps.has(hex)) return;
    this.#fps.set(hex, fingerprint(secret));
    this.#secrets.push(Uint8Array.from(secret));
    this.#hex = null;
    this.#b64 = null;
  }

  /** Adds every secret the tester provisions a world with (a superset of what one SUT placement receives). */
  addWorld(config: WorldConfig, seed: number): void {
    // Shrinking resets the same world again and again: derive its secrets once.
    const key = JSON.stringify([seed, config.mns.map((m) => m.id), config.domains.map((d) => d.id)]);
    if (this.#worlds.has(key)) return;
    this.#worlds.add(key);
    const s = testerSecrets(config, seed);
    for (const key of s.credentials.values()) this.add(key);
    for (const p of s.misSas) this.add(p.key);
  }

  #indexes(): { hex: Map<string, Needle[]>; b64: Map<string, Needle[]> } {
    if (this.#hex === null || this.#b64 === null) {
      const hex = new Map<string, Needle[]>();
      const b64 = new Map<string, Needle[]>();
      const put = (m: Map<string, Needle[]>, text: string, width: number, stride: number, fp: string, mixed?: Core['mixed']): void => {
        for (const at of windows(text, width, stride)) {
          const key = text.slice(at, at + width);
          const list = m.get(key) ?? [];
          list.push({ text, at, fp, ...(mixed === undefined ? {} : { mixed }) });
          m.set(key, list);
        }
      };
      for (const secret of this.#secrets) {
        const h = Buffer.from(secret).toString('hex');
        const fp = this.#fps.get(h)!;
        put(hex, h, HEX_WINDOW, HEX_STRIDE, fp);
        for (const core of base64Cores(secret)) put(b64, core.text, B64_WINDOW, B64_STRIDE, fp, core.mixed);
      }
      this.#hex = hex;
      this.#b64 = b64;
    }
    return { hex: this.#hex, b64: this.#b64 };
  }

  /** `text` with every provisioned secret (or part of one) replaced by `<secret fp:…>`. */
  redact(text: string): string {
    if (this.#secrets.length === 0) return text;
    const { hex, b64 } = this.#indexes();
    const afterHex = text.replace(HEX_RUN, (run) => {
      if (run.length < PART_HEX_DIGITS) return run;
      // The digits alone, lower case, and where each stands in the run.
      const where: number[] = [];
      let norm = '';
      for (let i = 0; i < run.length; i++) {
        if (/[0-9a-fA-F]/.test(run[i]!)) {
          where.push(i);
          norm += run[i]!.toLowerCase();
        }
      }
      let out = '';
      let last = 0;
      for (const m of matches(norm, hex, HEX_WINDOW, PART_HEX_DIGITS)) {
        out += run.slice(last, where[m.start]) + token(m.needle.fp);
        last = where[m.end - 1]! + 1;
      }
      return out + run.slice(last);
    });
    return afterHex.replace(B64_RUN, (run) => {
      if (run.length < PART_BASE64_CHARS) return run;
      let out = '';
      let last = 0;
      for (const m of matches(run, b64, B64_WINDOW, PART_BASE64_CHARS)) {
        // The characters beside the core mix the secret's first or last bits with others': hidden too.
        const whole = { start: m.from === 0, end: m.from + (m.end - m.start) === m.needle.text.length };
        const start = whole.start && m.needle.mixed?.before === true && m.start > last ? m.start - 1 : m.start;
        let end = whole.end && m.needle.mixed?.after === true && m.end < run.length && run[m.end] !== '=' ? m.end + 1 : m.end;
        if (whole.end) while (run[end] === '=') end++;
        out += run.slice(last, start) + token(m.needle.fp);
        last = end;
      }
      return out + run.slice(last);
    });
  }

  /** A copy of `value` with `redact` applied to every string in it (object keys are field names: kept). */
  redactValue<T>(value: T): T {
    if (this.#secrets.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  }
}

function token(fp: string): string {
  return `<secret fp:${fp}>`;
}
