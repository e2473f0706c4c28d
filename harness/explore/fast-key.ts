// A cheaper canonical key of a model world, equivalent to `canonicalKey` (world-key.ts).
//
// canonicalKey (world-key.ts) serializes the whole world to one JSON-like string and
// then renames every fresh token by first appearance with a regular expression: 2-3 kB of text
// built, scanned and hashed per successor, about a quarter of the exploration's time. Worlds are
// immutable and share structure (an unchanged machine snapshot or PDU keeps its object identity
// from one world to the next), so here each component object is serialized once (with the
// memo's canonicalSnapshot / the model's canonicalJson), its tokens localized, and the localized text interned as a small integer. A world's key is then
// the sequence of component ids plus the global tokens of each component renamed by first
// appearance, which determines canonicalKey's string and is determined by it: the two keys
// induce the same partition of worlds. test/explore/world.test.ts checks this on every state of
// a bounded exploration.
//
// The key does not include the configuration digest: keys are only compared within one
// exploration, whose configuration and variant are fixed.
import type { LocalSnapshot } from '../../model/machines/machine-step.ts';
import { canonicalJson } from '../../model/world/canonical.ts';
import type { World } from '../../model/world/world.ts';
import { fingerprint, StreamFingerprint } from './fingerprint.ts';
import { canonicalSnapshot } from './machine-memo.ts';

export class FastKeyError extends Error {
  override readonly name = 'FastKeyError';
}

interface Component {
  readonly id: string;
  readonly globals: readonly string[];
}

const WORLD_FIELDS = ['config', 'faults', 'fresh', 'hpos', 'inFlight', 'mns', 'poss', 'variant'];
const POS_FIELDS = ['replayCache', 'requestsFallback', 'spos', 'tpos'];

/** Throws FastKeyError if the world has a field this key does not account for. */
export function checkFastKeyApplies(w: World): void {
  const fields = Object.keys(w).sort();
  if (fields.join() !== WORLD_FIELDS.join()) {
    throw new FastKeyError(`the model's World has fields [${fields.join(', ')}], the fast key knows [${WORLD_FIELDS.join(', ')}]: use the model's key`);
  }
  for (const p of w.poss) {
    const pf = Object.keys(p).sort();
    if (pf.join() !== POS_FIELDS.join()) {
      throw new FastKeyError(`the model's PosState has fields [${pf.join(', ')}], the fast key knows [${POS_FIELDS.join(', ')}]: use the model's key`);
    }
  }
}

const TOKEN = /#\d+/g;

/** The model's fresh tokens (`#n`, model/types.ts Token) of `text` renamed `%i` by first appearance. */
function localize(text: string): { readonly text: string; readonly globals: readonly string[] } {
  if (!text.includes('#')) return { text, globals: [] };
  const index = new Map<string, string>();
  const globals: string[] = [];
  const out = text.replace(TOKEN, (t) => {
    let local = index.get(t);
    if (local === undefined) {
      local = `%${globals.length}`;
      index.set(t, local);
      globals.push(t);
    }
    return local;
  });
  return { text: out, globals };
}

/**
 * One interning table per exploration (a key is meaningful only against its table). With
 * `contentIds` a component's id is the 64-bit fingerprint of its localized text instead of its
 * rank in the table: keys (and fingerprints) then mean the same in every thread, which the
 * parallel explorer (parallel.ts) needs, at the price of hash compaction on components too.
 */
export class FastWorldKey {
  constructor(private readonly contentIds = false) {}

  /** Canonical component text (global tokens) → component. */
  private readonly byText = new Map<string, Component>();
  /** Localized text → interned id. */
  private readonly interned = new Map<string, string>();
  private readonly byObject = new WeakMap<object, Component>();
  // Per-key scratch state (the key is built by one call at a time).
  private names = new Map<string, string>();
  private out = '';

  /** Distinct component texts seen so far. */
  get internedCount(): number {
    return this.interned.size;
  }

  // Scratch of restFingerprint: token -> rank, and the running hash.
  private readonly ranks = new Map<string, number>();
  private readonly hash = new StreamFingerprint();

  private component(x: object, text: string): Component {
    let c = this.byText.get(text);
    if (c === undefined) {
      const local = localize(text);
      let id = this.interned.get(local.text);
      if (id === undefined) {
        const fp = this.contentIds ? fingerprint(local.text) : null;
        id = fp === null ? this.interned.size.toString(36) : `${fp.hi.toString(36)}~${fp.lo.toString(36)}`;
        this.interned.set(local.text, id);
      }
      c = { id, globals: local.globals };
      // Bounded: the texts carry global tokens, so old ones stop recurring.
      if (this.byText.size > 200_000) this.byText.clear();
      this.byText.set(text, c);
    }
    this.byObject.set(x, c);
    return c;
  }

  private put(c: Component): void {
    let s = c.id;
    for (let i = 0; i < c.globals.length; i++) {
      const g = c.globals[i] as string;
      let n = this.names.get(g);
      if (n === undefined) {
        n = this.names.size.toString(36);
        this.names.set(g, n);
      }
      s += (i === 0 ? ':' : '.') + n;
    }
    this.out += s + ',';
  }

  private snap(x: LocalSnapshot): void {
    this.put(this.byObject.get(x) ?? this.component(x, canonicalSnapshot(x)));
  }

  /**
   * The key of `w` from the components' part of it (`rest`) and the
   * PoSs' policies.
   */
  key(w: World, rest: string = this.rest(w)): string {
    return policyBits(w) + '|' + rest;
  }

  /** The components' part of the key of `w`. */
  rest(w: World): string {
    this.names = new Map();
    this.out = '';
    for (const x of w.mns) this.snap(x);
    this.out += '|';
    for (const x of w.hpos) this.snap(x);
    let caches = false;
    for (const p of w.poss) {
      this.out += '|';
      if (p.replayCache.length > 0) caches = true;
      for (const x of p.spos) this.snap(x);
      this.out += ';';
      for (const x of p.tpos) this.snap(x);
    }
    this.out += '|';
    for (const p of w.inFlight) this.put(this.byObject.get(p) ?? this.component(p, canonicalJson(p)));
    if (caches) {
      // As canonicalKey: a replay-cache entry whose Nonce-N appears nowhere else can never
      // match again, so it is left out (and a cache of only such entries leaves no trace).
      let replay = '';
      for (let j = 0; j < w.poss.length; j++) {
        for (const r of (w.poss[j] as World['poss'][number]).replayCache) {
          const n = this.names.get(r.nonceN);
          if (n !== undefined) replay += `${j}:${r.spos}:${n},`;
        }
      }
      if (replay !== '') this.out += '|r' + replay;
    }
    return this.out;
  }

  /**
   * fingerprintInto(this.rest(w)), without building the string: the same characters go
   * through the same hash in the same order (test/explore/world.test.ts checks the equality).
   */
  restFingerprint(w: World, out: { hi: number; lo: number }): void {
    const h = this.hash.reset();
    this.ranks.clear();
    for (const x of w.mns) this.feed(this.byObject.get(x) ?? this.component(x, canonicalSnapshot(x)));
    h.unit(PIPE);
    for (const x of w.hpos) this.feed(this.byObject.get(x) ?? this.component(x, canonicalSnapshot(x)));
    let caches = false;
    for (const p of w.poss) {
      h.unit(PIPE);
      if (p.replayCache.length > 0) caches = true;
      for (const x of p.spos) this.feed(this.byObject.get(x) ?? this.component(x, canonicalSnapshot(x)));
      h.unit(SEMI);
      for (const x of p.tpos) this.feed(this.byObject.get(x) ?? this.component(x, canonicalSnapshot(x)));
    }
    h.unit(PIPE);
    for (const p of w.inFlight) this.feed(this.byObject.get(p) ?? this.component(p, canonicalJson(p)));
    if (caches) {
      // As rest: the live replay-cache entries, after "|r", if there is any.
      let opened = false;
      for (let j = 0; j < w.poss.length; j++) {
        for (const r of (w.poss[j] as World['poss'][number]).replayCache) {
          const n = this.ranks.get(r.nonceN);
          if (n === undefined) continue;
          if (!opened) h.unit(PIPE).unit(R);
          opened = true;
          h.string(String(j)).unit(COLON).string(r.spos).unit(COLON).base36(n).unit(COMMA);
        }
      }
    }
    h.into(out);
  }

  /** As put, into the running hash. */
  private feed(c: Component): void {
    const h = this.hash.string(c.id);
    for (let i = 0; i < c.globals.length; i++) {
      const g = c.globals[i] as string;
      let n = this.ranks.get(g);
      if (n === undefined) {
        n = this.ranks.size;
        this.ranks.set(g, n);
      }
      h.unit(i === 0 ? COLON : DOT).base36(n);
    }
    h.unit(COMMA);
  }
}

const PIPE = 0x7c;
const SEMI = 0x3b;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const R = 0x72;

/** The PoSs' policies, the first part of the key (one character per PoS). */
export function policyBits(w: World): string {
  let bits = '';
  for (const p of w.poss) bits += p.requestsFallback ? '1' : '0';
  return bits;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Every component the key reads, other than the PoSs' policies, is the same object in a and b. */
export function sameButPolicies(a: World, b: World): boolean {
  if (!sameItems(a.mns, b.mns) || !sameItems(a.hpos, b.hpos) || !sameItems(a.inFlight, b.inFlight) || a.poss.length !== b.poss.length) return false;
  for (let j = 0; j < a.poss.length; j++) {
    const p = a.poss[j] as World['poss'][number];
    const q = b.poss[j] as World['poss'][number];
    if (p !== q && (!sameItems(p.spos, q.spos) || !sameItems(p.tpos, q.tpos) || !sameItems(p.replayCache, q.replayCache))) return false;
  }
  return true;
}
