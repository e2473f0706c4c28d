// The coarse world key (`--world-key coarse`): a model world up to what can still make a
// difference, coarser than canonicalKey (world-key.ts) and the fast key (fast-key.ts).
//
// Why the exact keys grow with L: a symbolic key's id is its whole derivation term
// (model/keys.ts), `MISK(K(MISK(K(MSK(..)|..)|..)|..)|..)`, so it spells out every hop the lineage
// took, and the nonces inside it keep replay-cache entries alive (world-key.ts keeps an entry
// while its Nonce-N appears anywhere). The number of distinct paths doubles with every unit of L.
//
// What this key keeps of a world (and why that is enough; the conditions are checked by
// test/explore/coarse-key.test.ts against the exact explorer, and listed in README.md):
// - Every component (machine snapshot, PDU in flight, delivery history) as canonical JSON with
//   fresh tokens renamed by first appearance in one fixed traversal of the world, as canonicalKey.
// - A key term (KeyTerm: an object with `kind`, `id`, `origin`) as its attributes kind, root,
//   depth, generatedBy, boundTo, and its id and origin as *key classes*: key ids renamed by first
//   appearance. A MAC (`mac`, the id of the key it was made with) is a key class too. Machines
//   compare key ids only for equality and build new ids only from whole key ids they hold, so
//   the path inside an id matters only through the ids still in the world: at its first
//   appearance a class is followed by its *shape*, the head and top-level arguments of its term,
//   where an argument that is a key id still in the world (live) is its class, one that is not
//   is `~`, a token is its rank, and a name is itself. That decides every equality a future
//   derivation can make with a key of the world (a new term equals a live one only if it is
//   made from the same live inputs), and forgets the dead ancestors, whose number grows with L.
// - A replay-cache entry (and an MN-request cache entry) only while its Nonce-N can still come
//   back: while the token appears outside key ids in a PDU in flight, the delivery history, or
//   an MN or SPoS role (the roles that put a Nonce-N into a request). Tokens are never drawn
//   twice and key ids are never taken apart, so a Nonce-N found only inside key ids, or at a
//   TPoS or HPoS role, can never reach a TPoS again in a request.
// The facts part of the state stays facts-key.ts's live projection: its names are the
// observation's, which the view derives from this world, so the renaming that makes two worlds'
// coarse keys equal maps the one observation onto the other.
//
// Soundness rests on the model (machines never parse a key id, never reuse a token; the lower
// tester, which holds keys of its own, is refused) and on the catalogue reading key names and
// nonces only for equality (property-reads.ts: the key refuses a catalogue with an undeclared or
// deeper read).
import type { LocalSnapshot } from '../../model/machines/machine-step.ts';
import { LOWER_TESTER_KINDS } from '../../model/world/events.ts';
import type { World } from '../../model/world/world.ts';
import { policyBits } from './fast-key.ts';

export class CoarseKeyError extends Error {
  override readonly name = 'CoarseKeyError';
}

/** One piece of a component's template: literal text, a token, a key id (`key`), or a MAC. */
type Piece = string | { readonly tok: string } | { readonly key: KeyHole };

interface KeyHole {
  readonly id: string;
  /** The key term's own attributes (kind, root, depth, generatedBy, boundTo), null for a bare id (a MAC, an origin). */
  readonly attrs: string | null;
  readonly origin: string | null;
}

interface Template {
  readonly pieces: readonly Piece[];
  /** Every whole key id in the component (ids, origins, MACs): the world's live ids. */
  readonly keyIds: readonly string[];
  /** Tokens outside key ids (the ones that keep a replay-cache entry alive). */
  readonly tokens: readonly string[];
}

/** A top-level argument of a key term. */
type Arg = { readonly key: string } | { readonly tok: string } | { readonly lit: string };

interface Shape {
  readonly head: string;
  readonly args: readonly Arg[];
}

const TOKEN = /^#\d+$/;
const KEY_FIELDS = new Set(['kind', 'root', 'depth', 'generatedBy', 'boundTo', 'origin', 'id']);

/** The head and top-level arguments of a key id `H(a|b|...)`; an id without `(` is an atom. */
function parseShape(id: string): Shape {
  const open = id.indexOf('(');
  if (open < 0 || !id.endsWith(')')) throw new CoarseKeyError(`a key id the coarse key cannot read: ${JSON.stringify(id.slice(0, 60))}`);
  const args: Arg[] = [];
  let depth = 0;
  let start = open + 1;
  const push = (s: string): void => {
    args.push(s.includes('(') ? { key: s } : TOKEN.test(s) ? { tok: s } : { lit: s });
  };
  for (let i = start; i < id.length - 1; i++) {
    const c = id.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (c === 0x29) depth--;
    else if (c === 0x7c && depth === 0) {
      push(id.slice(start, i));
      start = i + 1;
    }
  }
  push(id.slice(start, id.length - 1));
  return { head: id.slice(0, open), args };
}

const isKeyTerm = (o: Record<string, unknown>): boolean => typeof o.id === 'string' && typeof o.kind === 'string' && typeof o.origin === 'string';

/** Builds the template of one immutable plain component, in canonicalJson's order. */
function buildTemplate(x: object): Template {
  const pieces: Piece[] = [];
  const keyIds: string[] = [];
  const tokens: string[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit !== '') pieces.push(lit);
    lit = '';
  };
  const hole = (h: KeyHole): void => {
    flush();
    pieces.push({ key: h });
    keyIds.push(h.id);
    if (h.origin !== null) keyIds.push(h.origin);
  };
  const str = (s: string, field: string | null): void => {
    if (field === 'mac') {
      hole({ id: s, attrs: null, origin: null });
    } else if (TOKEN.test(s)) {
      flush();
      pieces.push({ tok: s });
      tokens.push(s);
    } else if (s.includes('(') || s.includes('#')) {
      // A key id or token somewhere this key does not know of: refuse rather than guess.
      throw new CoarseKeyError(`the model's world holds ${JSON.stringify(s.slice(0, 60))} at field ${String(field)}, which the coarse key does not know: use --world-key fast`);
    } else lit += JSON.stringify(s);
  };
  const walk = (v: unknown, field: string | null): void => {
    if (v === null || v === undefined) lit += 'null';
    else if (typeof v === 'string') str(v, field);
    else if (typeof v === 'number' || typeof v === 'boolean') lit += String(v);
    else if (Array.isArray(v)) {
      lit += '[';
      v.forEach((y, i) => {
        if (i > 0) lit += ',';
        walk(y, null);
      });
      lit += ']';
    } else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (isKeyTerm(o)) {
        for (const k of Object.keys(o)) {
          if (!KEY_FIELDS.has(k)) throw new CoarseKeyError(`a key term with field ${k}, which the coarse key does not know: use --world-key fast`);
        }
        const attrs = `${String(o.kind)},${String(o.root)},${String(o.depth)},${String(o.generatedBy)},${o.boundTo === undefined ? '' : String(o.boundTo)}`;
        hole({ id: o.id as string, attrs, origin: o.origin as string });
        return;
      }
      lit += '{';
      let first = true;
      for (const k of Object.keys(o).sort()) {
        const y = o[k];
        if (y === undefined) continue;
        if (!first) lit += ',';
        first = false;
        lit += JSON.stringify(k) + ':';
        walk(y, k);
      }
      lit += '}';
    } else throw new CoarseKeyError(`a ${typeof v} in the model's world, which the coarse key does not know`);
  };
  walk(x, null);
  flush();
  return { pieces, keyIds, tokens };
}

const SHAPE_LIMIT = 200_000;

/** What may a world's coarse key be asked for: the exploration's faults must leave out the lower tester. */
export function checkCoarseKeyApplies(w: World): void {
  const lower = w.faults.filter((f) => LOWER_TESTER_KINDS.includes(f));
  if (lower.length > 0) {
    throw new CoarseKeyError(`the coarse key does not cover the active lower tester (${lower.join(', ')}): it holds keys outside the world; use --world-key fast`);
  }
}

/**
 * What the key keeps; the defaults are the sound key. The other settings forget more, and exist
 * so that test/explore/coarse-key.test.ts can show that its check tells them apart.
 */
export interface CoarseKeyOptions {
  /** Follow a class's first appearance by its term's shape (default true). */
  readonly shapes?: boolean;
  /**
   * Which cache entries are kept: 'live' (default) while the Nonce-N appears outside key ids in
   * a PDU, the history, an MN or an SPoS role; 'in-flight' only while it is in a PDU in flight;
   * 'none'.
   */
  readonly replay?: 'live' | 'in-flight' | 'none';
}

/** One per exploration: templates by component object, shapes by key id. */
export class CoarseWorldKey {
  private readonly shapesKept: boolean;
  private readonly replay: 'live' | 'in-flight' | 'none';

  constructor(options: CoarseKeyOptions = {}) {
    this.shapesKept = options.shapes ?? true;
    this.replay = options.replay ?? 'live';
  }

  private readonly templates = new WeakMap<object, Template>();
  private readonly shapes = new Map<string, Shape>();
  // Per-key scratch state (one key is built at a time).
  private live = new Set<string>();
  private readonly classes = new Map<string, number>();
  private readonly ranks = new Map<string, number>();
  private readonly outside = new Set<string>();
  private out = '';

  private template(x: object): Template {
    let t = this.templates.get(x);
    if (t === undefined) {
      t = buildTemplate(x);
      this.templates.set(x, t);
    }
    return t;
  }

  private shape(id: string): Shape {
    let s = this.shapes.get(id);
    if (s === undefined) {
      s = parseShape(id);
      // Bounded: ids carry global tokens, so old ones stop recurring.
      if (this.shapes.size >= SHAPE_LIMIT) this.shapes.clear();
      this.shapes.set(id, s);
    }
    return s;
  }

  private tok(t: string): void {
    let r = this.ranks.get(t);
    if (r === undefined) {
      r = this.ranks.size;
      this.ranks.set(t, r);
    }
    this.out += `%${r}`;
  }

  /** A key id as its class; at its first appearance followed by its shape. */
  private cls(id: string): void {
    const r = this.classes.get(id);
    if (r !== undefined) {
      this.out += `k${r}`;
      return;
    }
    const n = this.classes.size;
    this.classes.set(id, n);
    if (!this.shapesKept) {
      this.out += `k${n}`;
      return;
    }
    this.out += `k${n}=`;
    const s = this.shape(id);
    this.out += s.head + '(';
    s.args.forEach((a, i) => {
      if (i > 0) this.out += '|';
      if ('key' in a) {
        if (this.live.has(a.key)) this.cls(a.key);
        else this.out += '~';
      } else if ('tok' in a) this.tok(a.tok);
      else this.out += a.lit;
    });
    this.out += ')';
  }

  private emit(t: Template, outside: boolean): void {
    for (const p of t.pieces) {
      if (typeof p === 'string') this.out += p;
      else if ('tok' in p) this.tok(p.tok);
      else {
        const h = p.key;
        if (h.attrs !== null) this.out += `<${h.attrs},`;
        this.cls(h.id);
        if (h.origin !== null) {
          this.out += ',';
          this.cls(h.origin);
        }
        if (h.attrs !== null) this.out += '>';
      }
    }
    if (outside) for (const tk of t.tokens) this.outside.add(tk);
    this.out += ',';
  }

  /** The coarse key of `w`: the policies, then the rest; equal keys, worlds alike for a declared-reads catalogue. */
  key(w: World, rest: string = this.rest(w)): string {
    return policyBits(w) + '|' + rest;
  }

  /** The key of `w` but for the PoSs' policies (as FastWorldKey.rest, so policy changes reuse it). */
  rest(w: World): string {
    this.live = new Set();
    this.classes.clear();
    this.ranks.clear();
    this.outside.clear();
    this.out = '';
    const snaps = (xs: readonly LocalSnapshot[]): Template[] => xs.map((x) => this.template(x));
    const mns = snaps(w.mns);
    const hpos = snaps(w.hpos);
    const poss = w.poss.map((p) => ({ spos: snaps(p.spos), tpos: snaps(p.tpos) }));
    const inFlight = w.inFlight.map((p) => this.template(p));
    const delivered = (w.redelivery?.delivered ?? []).map((p) => this.template(p));
    for (const group of [mns, hpos, inFlight, delivered, ...poss.flatMap((p) => [p.spos, p.tpos])]) {
      for (const t of group) for (const id of t.keyIds) this.live.add(id);
    }
    // The roles that can put a Nonce-N into a request again: MNs and SPoSs (and the network).
    const roles = this.replay === 'live';
    const network = this.replay !== 'none';
    for (const t of mns) this.emit(t, roles);
    this.out += '|';
    for (const t of hpos) this.emit(t, false);
    for (let j = 0; j < w.poss.length; j++) {
      const p = poss[j] as { spos: Template[]; tpos: Template[] };
      this.out += '|';
      for (const t of p.spos) this.emit(t, roles);
      this.out += ';';
      for (const t of p.tpos) this.emit(t, false);
    }
    this.out += '|';
    for (const t of inFlight) this.emit(t, network);
    if (w.redelivery !== undefined) {
      this.out += '|H';
      for (const t of delivered) this.emit(t, network);
    }
    // Cache entries whose Nonce-N can still come back in a request; the rest can never match.
    for (let j = 0; j < w.poss.length; j++) {
      for (const e of (w.poss[j] as World['poss'][number]).replayCache) {
        if (!this.outside.has(e.nonceN)) continue;
        this.out += `|R${j}:${e.spos}@`;
        this.tok(e.nonceN);
      }
      for (const n of w.redelivery?.mnRequests[j] ?? []) {
        if (!this.outside.has(n)) continue;
        this.out += `|Q${j}@`;
        this.tok(n);
      }
    }
    return this.out;
  }
}
