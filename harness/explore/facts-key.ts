//= SPEC_MAPPING.md#V-K-SHARED
//# One K per MN–SPoS SA, handed to every candidate TPoS, bound to neither the TPoS nor the request.
// The canonical key of the property monitor's state (TraceFacts of properties/trace-facts.ts).
//
// Properties judge a step with the facts the trace has established so far, so an explored state
// is (world, facts), and two states may be merged only if their facts agree on everything that
// can still influence a verdict. The facts remember every key and nonce ever seen, which would
// make every state new. So:
// - names (key classes, nonces) still present in the current observation are *live* and are
//   renamed by their order of first appearance in it (like the model's token renaming);
// - entries about names that are no longer live are dropped (lineage, keyPair, kTarget,
//   n2nDelivered, nonces), and a dead name in a value position becomes `~` (completion keys).
//
// Soundness condition: a key or nonce that has left the observation never comes back. The model
// satisfies it because no token is ever drawn twice (each source counts its draws), and every
// MISK and K term contains a nonce of its own run. The exception is V-K-SHARED, whose K rests only on the
// SPoS's MISK: a dead K can be sent again, so under it kTarget is kept whole (`keepDeadK`).
// test/explore/world.test.ts compares the verdicts of this projection with those of the whole
// facts ('full' mode) on bounded explorations. A field this module does not know is serialized
// whole with live names renamed, which is always sound (it only merges less).
import type { Observation } from '../../vocabulary/observation.ts';
import type { TraceFacts } from '../../properties/index.ts';

const NUL = '\u0000';

function addName(names: Map<string, number>, n: string | undefined): void {
  if (n !== undefined && !names.has(n)) names.set(n, names.size);
}

/** Names of the observation in order of first appearance → their rank. */
export function liveNames(o: Observation): Map<string, number> {
  const names = new Map<string, number>();
  for (const m of o.mns) for (const sa of m.sas) addName(names, sa.key);
  for (const p of o.poss) for (const sa of p.sas) addName(names, sa.key);
  for (const pdu of o.inFlight) {
    addName(names, pdu.nonceN);
    addName(names, pdu.nonceT);
    addName(names, pdu.k);
  }
  return names;
}

// Per observation object (immutable, and shared by policy siblings): its live names.
const liveNamesByObservation = new WeakMap<Observation, Map<string, number>>();

function liveNamesOf(o: Observation): Map<string, number> {
  let n = liveNamesByObservation.get(o);
  if (n === undefined) {
    n = liveNames(o);
    liveNamesByObservation.set(o, n);
  }
  return n;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type Rename = (part: string) => string;


/** Generic canonical serialization; every NUL-separated part of a string goes through `r`. */
function ser(x: unknown, r: Rename): string {
  if (typeof x === 'string') return x.indexOf(NUL) < 0 ? r(x) : x.split(NUL).map(r).join('/');
  if (x instanceof Map) {
    const parts: string[] = [];
    for (const [k, v] of x) parts.push(`${ser(k, r)}=${ser(v, r)}`);
    return `M[${parts.sort(byString).join(',')}]`;
  }
  if (x instanceof Set) {
    const parts: string[] = [];
    for (const v of x) parts.push(ser(v, r));
    return `S[${parts.sort(byString).join(',')}]`;
  }
  if (Array.isArray(x)) return `A[${x.map((v) => ser(v, r)).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return `O{${Object.keys(o)
      .sort(byString)
      .map((k) => `${k}:${ser(o[k], r)}`)
      .join(',')}}`;
  }
  return x === undefined ? 'u' : String(x);
}

export interface FactsKeyOptions {
  /** 'live' projects to the names still observed; 'full' keeps every entry (names raw). */
  readonly mode?: 'live' | 'full';
  //= SPEC_MAPPING.md#V-K-SHARED
  //# One K per MN–SPoS SA, handed to every candidate TPoS, bound to neither the TPoS nor the
  //# request.
  /** Keep kTarget entries of dead K names (V-K-SHARED: a K can be re-derived and re-sent). */
  readonly keepDeadK?: boolean;
  /** Leave the policy out: the caller's world key already holds exactly these policies. */
  readonly policyInWorld?: boolean;
}

const lastPart = (s: string): string => s.slice(s.lastIndexOf(NUL) + 1);
const firstPart = (s: string): string => s.slice(0, s.indexOf(NUL));

/** Serializes an entry's object with its expected fields, or generically if its shape differs. */
function shaped(v: unknown, fields: readonly string[], name: (f: string, x: unknown) => string): string {
  if (v === null || typeof v !== 'object' || Object.keys(v).length !== fields.length) return ser(v, renameLive);
  const o = v as Record<string, unknown>;
  let s = '{';
  for (const f of fields) {
    if (!(f in o)) return ser(v, renameLive);
    s += name(f, o[f]) + ';';
  }
  return s + '}';
}

const KNOWN_FIELDS = new Set(['lineage', 'keyPair', 'pending', 'policy', 'n2nDelivered', 'nonces', 'completion', 'kTarget']);

// The live names of the observation whose facts are being keyed. Module-level, with the helpers
// below, so that no closure is allocated per call on this hot path.
let names: Map<string, number> = new Map();

function renameLive(part: string): string {
  const i = names.get(part);
  return i === undefined ? JSON.stringify(part) : `@${i}`;
}

function plain(_f: string, x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

/** A dead key in a completion record can no longer be held by anyone: only "dead" matters. */
function completionField(f: string, x: unknown): string {
  if ((f === 'oldKey' || f === 'newKey') && typeof x === 'string') {
    const i = names.get(x);
    return i === undefined ? '~' : `@${i}`;
  }
  return plain(f, x);
}

function sorted(xs: string[]): string {
  return xs.length < 2 ? (xs[0] ?? '') : xs.sort(byString).join(',');
}

const PENDING_FIELDS = ['from', 'target', 'fallback'];
const LINEAGE_FIELDS = ['depth', 'root'];
const COMPLETION_FIELDS = ['from', 'to', 'oldKey', 'newKey', 'lost'];

/** Serializations of name-free maps, by map identity (advanceFacts shares unchanged maps). */
const nameFree = new WeakMap<object, string>();

// A pending handover holds its request's Nonce-N, which is spelt by the live names (a field
// PENDING_FIELDS does not list, so `shaped` serializes the entry whole): its serialization is kept
// per map and live-name map, not per map alone, or the key of a state would depend on which
// observation first met its pending map (the explorer's result on the order it went in).
const pendingKeys = new WeakMap<object, { readonly names: Map<string, number>; readonly key: string }>();

function pendingKey(pending: TraceFacts['pending']): string {
  const known = pendingKeys.get(pending);
  if (known !== undefined && known.names === names) return known.key;
  const xs: string[] = [];
  for (const [mn, p] of pending) xs.push(`${mn}=${shaped(p, PENDING_FIELDS, plain)}`);
  const key = sorted(xs);
  pendingKeys.set(pending, { names, key });
  return key;
}

function policyKey(policy: TraceFacts['policy']): string {
  let s = nameFree.get(policy);
  if (s === undefined) {
    const xs: string[] = [];
    for (const [d, on] of policy) xs.push(`${d}=${on ? 1 : 0}`);
    s = sorted(xs);
    nameFree.set(policy, s);
  }
  return s;
}

/** Canonical key of `facts` relative to the observation `o` they accompany. */
export function factsKey(facts: TraceFacts, o: Observation, opts: FactsKeyOptions = {}): string {
  const record = facts as unknown as Record<string, unknown>;
  if ((opts.mode ?? 'live') === 'full') {
    return Object.keys(facts)
      .sort(byString)
      .map((f) => `${f}:${ser(record[f], JSON.stringify)}`)
      .join('|');
  }
  names = liveNamesOf(o);
  // Entries about names no longer observed are dropped: such names never come back.
  let xs: string[] = [];
  for (const [k, l] of facts.lineage) {
    const i = names.get(lastPart(k));
    if (i === undefined) continue;
    const lineage = Object.keys(l).length === 2 ? `${l.depth}${l.root}` : shaped(l, LINEAGE_FIELDS, plain);
    xs.push(`${firstPart(k)}/@${i}=${lineage}`);
  }
  let s = sorted(xs) + '|';

  xs = [];
  for (const [k, pair] of facts.keyPair) {
    const i = names.get(k);
    // The pair holds an MN id and a PoS id, never a key or nonce name.
    if (i !== undefined) xs.push(`@${i}=${pair.replace(NUL, '/')}`);
  }
  s += sorted(xs) + '|' + pendingKey(facts.pending) + '|' + (opts.policyInWorld === true ? '' : policyKey(facts.policy)) + '|';

  xs = [];
  for (const e of facts.n2nDelivered) {
    const i = names.get(lastPart(e));
    if (i !== undefined) xs.push(`${e.slice(0, e.lastIndexOf(NUL)).replace(NUL, '/')}/@${i}`);
  }
  s += sorted(xs) + '|';

  xs = [];
  for (const n of facts.nonces) {
    const i = names.get(n);
    if (i !== undefined) xs.push(`@${i}`);
  }
  s += sorted(xs) + '|';

  xs = [];
  for (const [mn, c] of facts.completion) xs.push(`${mn}=${shaped(c, COMPLETION_FIELDS, completionField)}`);
  s += sorted(xs) + '|';

  xs = [];
  for (const [k, tpos] of facts.kTarget) {
    const i = names.get(k);
    if (i !== undefined) xs.push(`@${i}>${tpos}`);
    else if (opts.keepDeadK === true) xs.push(`${JSON.stringify(k)}>${tpos}`);
  }
  s += sorted(xs);

  for (const f in facts) {
    if (!KNOWN_FIELDS.has(f)) s += `|${f}:${ser(record[f], renameLive)}`;
  }
  return s;
}
