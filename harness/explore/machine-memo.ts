// The model's machine step (model/machines/machine-step.ts), memoized: installed for the explorer
// and the lockstep oracle (installMachineMemo).
//
// A machine's local snapshot lives in the world as `{ value, context }` (JSON data). XState's
// `transition()` answers (snapshot, event) -> (next snapshot, emitted events), but costs hundreds
// of microseconds per call, and the explorer meets the same local situation again and again
// (many world states share one MN's or one PoS role's local state). So each answer is cached:
// the key is the canonical local snapshot plus the canonical event, with fresh tokens renamed
// to local names in order of appearance (only equalities of tokens matter, and a machine never
// invents one: fresh values come in with the event). The machine stays the only source of
// truth; the cache only remembers what it said.

import type { AnyStateMachine } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import type { Emitted } from '../../model/machines/common.ts';
import {
  installMachineStep, type LocalSnapshot, type MachineAnswer, type MachineEvent, type MachineStep, plainMachineStep, type RoleMachine,
  transitionId,
} from '../../model/machines/machine-step.ts';
import { canonicalJson, globalizeTokens, type Localized, localizeTokens, relocalize } from '../../model/world/canonical.ts';

/**
 * A piece of a machine's answer (its next snapshot, or one emitted event), localized on its
 * own: `%i` of `text` stands for the key's local name `%perm[i]`. Instantiated per tuple of
 * global tokens, and the instances are kept: the same answer reached from different worlds is
 * one object, so everything cached per object (localized text, hashes) is computed once.
 */
class Template<T extends object> {
  private readonly made = new Map<string, T>();

  constructor(
    readonly text: string,
    readonly perm: readonly number[],
    private readonly onMake: ((x: T, globals: readonly string[]) => void) | null = null,
  ) {}

  instantiate(globals: readonly string[]): T {
    const tokens = this.perm.map((j) => globals[j] as string);
    const key = tokens.join(' ');
    let x = this.made.get(key);
    if (x === undefined) {
      x = JSON.parse(globalizeTokens(this.text, tokens)) as T;
      localizedOf.set(x, { text: this.text, tokens });
      if (this.onMake !== null) this.onMake(x, globals);
      if (this.made.size >= TEMPLATE_LIMIT) this.made.clear();
      this.made.set(key, x);
    }
    return x;
  }
}

interface Cached<S extends LocalSnapshot> {
  /** Next snapshot; null when unchanged. */
  readonly snapshot: Template<S> | null;
  readonly emitted: readonly Template<Emitted>[];
  readonly fired: readonly string[];
}

const TEMPLATE_LIMIT = 4096;

const localizedOf = new WeakMap<object, Localized>();

/**
 * The canonical JSON of an immutable plain object (a local snapshot, a PDU) with its fresh
 * tokens localized, computed once per object.
 */
export function localized(x: object): Localized {
  let l = localizedOf.get(x);
  if (l === undefined) {
    l = localizeTokens(canonicalJson(x));
    localizedOf.set(x, l);
  }
  return l;
}

const canonicalOf = new WeakMap<object, string>();

/** Canonical JSON of an immutable plain object (global token names), computed once per object. */
export function canonicalOfObject(x: object): string {
  let c = canonicalOf.get(x);
  if (c === undefined) {
    const l = localized(x);
    c = globalizeTokens(l.text, l.tokens);
    canonicalOf.set(x, c);
  }
  return c;
}

/** Canonical JSON of a local snapshot (global token names), computed once per snapshot. */
export function canonicalSnapshot(s: LocalSnapshot): string {
  return canonicalOfObject(s);
}

/** Every transition the machine defines, by transitionId, in document order. */
export function allTransitionIds(logic: AnyStateMachine): string[] {
  const ids: string[] = [];
  for (const node of [logic.root, ...getStateNodes(logic.root)]) {
    for (const candidates of node.transitions.values()) {
      for (const t of candidates) ids.push(transitionId(t));
    }
  }
  return ids;
}

/** The object memo is weak in its snapshots; it is renewed after this many answers. */
const MEMO_LIMIT = 500_000;

/**
 * How many answers each machine's memo of localized snapshots keeps, least recently used out
 * first, so that the memo does not grow with the states explored (the snapshots of a long
 * exploration's lineages are distinct, the machines' local situations recur).
 */
export const DEFAULT_MEMO_CAPACITY = 1 << 16;

let memoCapacity = DEFAULT_MEMO_CAPACITY;

/** Sets the answers each machine's memo keeps from now on (Infinity: unbounded); returns the previous capacity. */
export function setMachineMemoCapacity(n: number): number {
  if (!(n >= 1)) throw new RangeError(`memo capacity must be at least 1, got ${n}`);
  const previous = memoCapacity;
  memoCapacity = n;
  return previous;
}

/** What the machines' memos answered since the last reset (all machines together). */
export interface MemoFigures {
  /** Machine steps asked for. */
  calls: number;
  /** Answered by the snapshot object and the event text (no renaming). */
  objectHits: number;
  /** Answered from the memo of localized snapshots and events. */
  textHits: number;
  /** Asked of XState (plainMachineStep). */
  misses: number;
  /** Answers evicted from the memo of localized snapshots (least recently used). */
  evicted: number;
  /** Answers the memos of localized snapshots hold now (machines still in use). */
  entries: number;
}

const figures: Omit<MemoFigures, 'entries'> = { calls: 0, objectHits: 0, textHits: 0, misses: 0, evicted: 0 };

/** Every memo made, weakly (a forgotten machine's memo goes with it). */
let made: WeakRef<MemoizedMachine>[] = [];

/** A copy of the memo figures; `reset` zeroes the counts (not `entries`, what the memos hold). */
export function machineMemoFigures(reset = false): MemoFigures {
  made = made.filter((r) => r.deref() !== undefined);
  let entries = 0;
  for (const r of made) entries += r.deref()?.size ?? 0;
  const out = { ...figures, entries };
  if (reset) {
    figures.calls = 0;
    figures.objectHits = 0;
    figures.textHits = 0;
    figures.misses = 0;
    figures.evicted = 0;
  }
  return out;
}

function template<T extends object>(text: string, onMake: ((x: T, globals: readonly string[]) => void) | null = null): Template<T> {
  const r = relocalize(text);
  return new Template<T>(r.text, r.perm, onMake);
}
const NONE: readonly Emitted[] = [];

export class MemoizedMachine<S extends LocalSnapshot = LocalSnapshot> {
  /** Localized snapshot text -> localized event text -> answer; in order of last use (oldest first). */
  private readonly memo = new Map<string, Map<string, Cached<S>>>();
  private entries = 0;
  /** Snapshot object -> global event text -> answer (weak in the snapshot). */
  private byObject = new WeakMap<S, Map<string, MachineAnswer<S>>>();
  private byObjectEntries = 0;

  constructor(readonly machine: RoleMachine<S>) {
    made.push(new WeakRef(this as unknown as MemoizedMachine));
  }

  /** Answers held in the memo of localized snapshots. */
  get size(): number {
    return this.entries;
  }

  get logic(): AnyStateMachine {
    return this.machine.logic;
  }

  /** The machine's answer to `event` in `snapshot`. */
  run(snapshot: S, event: MachineEvent): MachineAnswer<S> {
    const text = eventText(event);
    // First by the snapshot object and the event's global text: worlds that differ only in
    // what this machine does not see (another PoS's policy, say) hand it the very same
    // snapshot object and event, and then the answer is the same object, no renaming needed.
    figures.calls++;
    let byText = this.byObject.get(snapshot);
    const known = byText?.get(text);
    if (known !== undefined) {
      figures.objectHits++;
      return known;
    }
    const r = this.runLocalized(snapshot, text);
    if (byText === undefined) {
      byText = new Map();
      this.byObject.set(snapshot, byText);
    }
    byText.set(text, r);
    if (++this.byObjectEntries >= MEMO_LIMIT) {
      this.byObject = new WeakMap();
      this.byObjectEntries = 0;
    }
    return r;
  }

  /** The answer from the memo of localized snapshots and events (asking the model on a miss). */
  private runLocalized(snapshot: S, eventText: string): MachineAnswer<S> {
    const s = localized(snapshot);
    const e = localizeTokens(eventText, s.tokens);
    let bySnapshot = this.memo.get(s.text);
    if (bySnapshot === undefined) bySnapshot = new Map();
    // Most recently used last: the eviction below takes the oldest first.
    else this.memo.delete(s.text);
    this.memo.set(s.text, bySnapshot);
    let cached = bySnapshot.get(e.text);
    if (cached === undefined) {
      figures.misses++;
      cached = this.compute(s.text, e.text);
      bySnapshot.set(e.text, cached);
      this.entries++;
      if (this.entries > memoCapacity) this.evict(bySnapshot);
    } else figures.textHits++;
    const globals = e.tokens;
    const emitted = cached.emitted.length === 0 ? NONE : cached.emitted.map((t) => t.instantiate(globals));
    if (cached.snapshot === null) return { snapshot, emitted, fired: cached.fired };
    return { snapshot: cached.snapshot.instantiate(globals), emitted, fired: cached.fired };
  }

  /** Drops the least recently used snapshots' answers down to 7/8 of the capacity, never `keep`'s. */
  private evict(keep: Map<string, Cached<S>>): void {
    const target = Math.floor(memoCapacity - memoCapacity / 8);
    for (const [text, answers] of this.memo) {
      if (this.entries <= target) break;
      if (answers === keep) continue;
      this.memo.delete(text);
      this.entries -= answers.size;
      figures.evicted += answers.size;
    }
  }

  /** Asks the model's own machine step (XState's public `transition()`), on the localized snapshot and event. */
  private compute(snapshotText: string, eventText: string): Cached<S> {
    const r = plainMachineStep(this.machine, JSON.parse(snapshotText) as S, JSON.parse(eventText) as MachineEvent);
    if (r.fired.length === 0) return { snapshot: null, emitted: [], fired: [] };
    const nextText = canonicalJson(r.snapshot);
    return {
      snapshot: nextText === snapshotText ? null : template<S>(nextText),
      emitted: r.emitted.map((x) => {
        if (x.type !== 'send') return template<Emitted>(canonicalJson(x));
        // a PDU goes in flight: it gets its own localized form and canonical text at once
        const pdu = relocalize(canonicalJson(x.pdu));
        return template<Emitted>(canonicalJson(x), (made, globals) => {
          if (made.type !== 'send') return;
          const tokens = pdu.perm.map((j) => globals[j] as string);
          localizedOf.set(made.pdu, { text: pdu.text, tokens });
          canonicalOf.set(made.pdu, globalizeTokens(pdu.text, tokens));
        });
      }),
      fired: r.fired,
    };
  }
}

/**
 * The canonical JSON of a machine event, the memo's key: as canonicalJson(event), with the
 * objects it carries (a PDU, an HPoS request or answer, an SA) serialized once per object.
 */
export function eventText(event: MachineEvent): string {
  const keys = Object.keys(event).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = event[k];
    if (v === undefined) continue;
    s += (first ? '' : ',') + JSON.stringify(k) + ':' + (typeof v === 'object' && v !== null && !Array.isArray(v) ? canonicalOfObject(v) : canonicalJson(v));
    first = false;
  }
  return s + '}';
}

const memos = new WeakMap<RoleMachine, MemoizedMachine>();

/** The memo of a machine, made on first use (a machine of forgetMachines' past gets none again). */
export function memoOf<S extends LocalSnapshot>(machine: RoleMachine<S>): MemoizedMachine<S> {
  // Each memo is keyed by its own machine, so it is of that machine's snapshot type.
  let m = memos.get(machine) as MemoizedMachine<S> | undefined;
  if (m === undefined) {
    m = new MemoizedMachine(machine);
    memos.set(machine, m as unknown as MemoizedMachine);
  }
  return m;
}

/** The model's machine step, answered from each machine's memo. */
export const memoizedMachineStep: MachineStep = (machine, snapshot, event) => memoOf(machine).run(snapshot, event);

/** From now on the world steps its machines through their memos (idempotent). */
export function installMachineMemo(): void {
  installMachineStep(memoizedMachineStep);
}
