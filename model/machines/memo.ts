// Running an XState machine as a pure function over plain data, fast.
//
// A machine's local snapshot lives in the world as `{ value, context }` (JSON data). XState's
// `transition()` answers (snapshot, event) -> (next snapshot, emitted events), but costs tens
// of microseconds per call, and the explorer meets the same local situation again and again
// (many world states share one MN's or one PoS role's local state). So each answer is cached:
// the key is the canonical local snapshot plus the canonical event, with fresh tokens renamed
// to local names in order of appearance (only equalities of tokens matter, and a machine never
// invents one: fresh values come in with the event). The machine stays the only source of
// truth; the cache only remembers what it said.

import { type AnyStateMachine, type AnyTransitionDefinition, type StateValue, initialTransition, transition } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { canonicalJson, globalizeTokens, type Localized, localizeTokens, relocalize } from '../world/canonical.ts';
import { ModelError } from '../world/errors.ts';
import type { Emitted } from './common.ts';

export interface LocalSnapshot {
  readonly value: StateValue;
  readonly context: object;
}

/** An event for a machine: its `type` and payload, plain data. */
export interface MachineEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type MachineKind = 'mn' | 'spos' | 'tpos' | 'hpos';

export interface RunResult {
  readonly snapshot: LocalSnapshot;
  readonly emitted: readonly Emitted[];
  /** Ids (see transitionId) of the transitions taken; empty if the event was not handled. */
  readonly fired: readonly string[];
}

interface Cached {
  /** Next snapshot, canonical, localized on its own; `perm[i]`: its `%i` was `%perm[i]` in the key. Null when unchanged. */
  readonly snapshot: { readonly text: string; readonly perm: readonly number[] } | null;
  /** Each emitted event, canonical, with the key's local names. */
  readonly emitted: readonly string[];
  readonly fired: readonly string[];
}

// Equal plain data is shared: the same snapshot or emission reached from different worlds is
// one object, so everything cached per object (localized text, hashes) is computed once.
const interned = new Map<string, object>();
const INTERN_LIMIT = 300_000;

function intern<T extends object>(text: string, make: () => T): T {
  let x = interned.get(text);
  if (x === undefined) {
    x = make();
    if (interned.size >= INTERN_LIMIT) interned.clear();
    interned.set(text, x);
  }
  return x as T;
}

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

/** Canonical JSON of a local snapshot (global token names), computed once per snapshot. */
export function canonicalSnapshot(s: LocalSnapshot): string {
  let c = canonicalOf.get(s);
  if (c === undefined) {
    const l = localized(s);
    c = globalizeTokens(l.text, l.tokens);
    canonicalOf.set(s, c);
  }
  return c;
}

/** A stable name for a transition definition: `<source state id>:<event>:<index among its candidates>`. */
export function transitionId(t: AnyTransitionDefinition): string {
  const candidates = t.source.transitions.get(t.eventType) ?? [];
  return `${t.source.id}:${t.eventType}:${candidates.indexOf(t)}`;
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

const MEMO_LIMIT = 500_000;
const NONE: readonly Emitted[] = [];

export class MemoizedMachine {
  private readonly memo = new Map<string, Cached>();
  private readonly initial: LocalSnapshot;
  hits = 0;
  misses = 0;

  constructor(readonly kind: MachineKind, readonly logic: AnyStateMachine) {
    const [s] = initialTransition(logic);
    this.initial = JSON.parse(canonicalJson({ value: s.value, context: s.context })) as LocalSnapshot;
  }

  initialSnapshot(): LocalSnapshot {
    return this.initial;
  }

  /**
   * The machine's answer to `event` in `snapshot`. `eventText` may give the event's canonical
   * JSON when the caller has it (any serialization that parses back to the event will do).
   */
  run(snapshot: LocalSnapshot, event: MachineEvent, eventText?: string): RunResult {
    const s = localized(snapshot);
    const e = localizeTokens(eventText ?? canonicalJson(event), s.tokens);
    const key = s.text + '\u0000' + e.text;
    let cached = this.memo.get(key);
    if (cached === undefined) {
      this.misses++;
      cached = this.compute(s.text, e.text);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, cached);
    } else {
      this.hits++;
    }
    const globals = e.tokens;
    const emitted = cached.emitted.length === 0 ? NONE : cached.emitted.map((t) => {
      const g = globalizeTokens(t, globals);
      return intern(g, () => JSON.parse(g) as Emitted);
    });
    if (cached.snapshot === null) return { snapshot, emitted, fired: cached.fired };
    const self = cached.snapshot;
    const tokens = self.perm.map((j) => globals[j] as string);
    const g = globalizeTokens(self.text, tokens);
    const next = intern(g, () => {
      const n = JSON.parse(g) as LocalSnapshot;
      localizedOf.set(n, { text: self.text, tokens });
      return n;
    });
    return { snapshot: next, emitted, fired: cached.fired };
  }

  /** Asks XState, on the localized snapshot and event. */
  private compute(snapshotText: string, eventText: string): Cached {
    const local = JSON.parse(snapshotText) as LocalSnapshot;
    const event = JSON.parse(eventText) as { type: string };
    const resolved = this.logic.resolveState({ value: local.value, context: local.context });
    const taken = this.logic.getTransitionData(resolved, event);
    if (taken.length === 0) return { snapshot: null, emitted: [], fired: [] };
    let next;
    let actions;
    try {
      [next, actions] = transition(this.logic, resolved, event);
    } catch (e) {
      throw new ModelError('MACHINE_FAILURE', `${this.kind} on ${event.type}: ${(e as Error).message}`);
    }
    if (next.status === 'error') {
      throw new ModelError('MACHINE_FAILURE', `${this.kind} on ${event.type}: ${String((next as { error?: unknown }).error)}`);
    }
    const emitted: unknown[] = [];
    for (const a of actions as readonly { readonly type: string; readonly params?: unknown }[]) {
      if (a.type === 'xstate.emit') emitted.push((a.params as { event: unknown }).event);
    }
    const nextText = canonicalJson({ value: next.value, context: next.context });
    return {
      snapshot: nextText === snapshotText ? null : relocalize(nextText),
      emitted: emitted.map((x) => canonicalJson(x)),
      fired: taken.map(transitionId),
    };
  }
}
