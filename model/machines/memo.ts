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
import { canonicalJson, globalizeTokens, localizeTokens } from '../world/canonical.ts';
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
  /** Next snapshot, canonical, with local token names; null when unchanged. */
  readonly snapshot: string | null;
  readonly emitted: string;
  readonly fired: readonly string[];
}

const canonicalOfSnapshot = new WeakMap<object, string>();

/** Canonical JSON of a local snapshot, computed once per snapshot object (they are immutable). */
export function canonicalSnapshot(s: LocalSnapshot): string {
  let c = canonicalOfSnapshot.get(s);
  if (c === undefined) {
    c = canonicalJson(s);
    canonicalOfSnapshot.set(s, c);
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

  run(snapshot: LocalSnapshot, event: MachineEvent): RunResult {
    const { text, globals } = localizeTokens(canonicalSnapshot(snapshot) + '\u0000' + canonicalJson(event));
    let cached = this.memo.get(text);
    if (cached === undefined) {
      this.misses++;
      cached = this.compute(text);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(text, cached);
    } else {
      this.hits++;
    }
    const emitted = cached.emitted === '[]' ? [] : (JSON.parse(globalizeTokens(cached.emitted, globals)) as Emitted[]);
    if (cached.snapshot === null) return { snapshot, emitted, fired: cached.fired };
    const nextText = globalizeTokens(cached.snapshot, globals);
    const next = JSON.parse(nextText) as LocalSnapshot;
    canonicalOfSnapshot.set(next, nextText);
    return { snapshot: next, emitted, fired: cached.fired };
  }

  /** Asks XState, on the localized snapshot and event. */
  private compute(text: string): Cached {
    const cut = text.indexOf('\u0000');
    const local = JSON.parse(text.slice(0, cut)) as LocalSnapshot;
    const event = JSON.parse(text.slice(cut + 1)) as { type: string };
    const resolved = this.logic.resolveState({ value: local.value, context: local.context });
    const taken = this.logic.getTransitionData(resolved, event);
    if (taken.length === 0) return { snapshot: null, emitted: '[]', fired: [] };
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
      snapshot: nextText === text.slice(0, cut) ? null : nextText,
      emitted: canonicalJson(emitted),
      fired: taken.map(transitionId),
    };
  }
}
