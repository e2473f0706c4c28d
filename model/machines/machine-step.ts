// One step of one machine, as a pure function over plain data: XState's public `transition()`
// on the machine's local snapshot `{ value, context }` and an event, giving the next snapshot,
// what the machine emitted for the world to route, and which transitions it took.

import {
  type ActionExecutor, type AnyActorScope, type AnyStateMachine, type AnyTransitionDefinition, type StateValue,
  createActor, getNextTransitions, initialTransition,
} from 'xstate';
import { canonicalJson } from '../world/canonical.ts';
import { ModelError } from '../world/errors.ts';
import type { Emitted } from './common.ts';

/** A machine's local snapshot as the world keeps it: its state value and its context. */
export interface RoleSnapshot<C extends object> {
  readonly value: StateValue;
  readonly context: C;
}

export type LocalSnapshot = RoleSnapshot<object>;

/** An event for a machine: its `type` and payload, plain data. */
export interface MachineEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export type MachineKind = 'mn' | 'spos' | 'tpos' | 'hpos';

/** One machine of a world: the statechart specialised with its parameters. */
export interface RoleMachine<S extends LocalSnapshot = LocalSnapshot> {
  readonly kind: MachineKind;
  readonly logic: AnyStateMachine;
  /** The actor scope `logic.transition` runs in: made once per machine (see inertScope). */
  readonly scope: StepScope;
  /** The machine's initial local snapshot, plain JSON data. */
  readonly initial: S;
}

export interface MachineAnswer<S extends LocalSnapshot = LocalSnapshot> {
  readonly snapshot: S;
  readonly emitted: readonly Emitted[];
  /** Ids (see transitionId) of the transitions taken; empty if the event was not handled. */
  readonly fired: readonly string[];
}

/**
 * How the world steps one machine. The model's own is `plainMachineStep`; an explorer may
 * install one that answers the same from a cache (installMachineStep).
 */
export type MachineStep = <S extends LocalSnapshot>(machine: RoleMachine<S>, snapshot: S, event: MachineEvent) => MachineAnswer<S>;

/** A stable name for a transition definition: `<source state id>:<event>:<index among its candidates>`. */
export function transitionId(t: AnyTransitionDefinition): string {
  const candidates = t.source.transitions.get(t.eventType) ?? [];
  return `${t.source.id}:${t.eventType}:${candidates.indexOf(t)}`;
}

/** Plain JSON data: sorted keys, no undefined (a world survives a JSON round trip). */
const plain = <T>(x: T): T => JSON.parse(canonicalJson(x)) as T;

/** An actor scope whose action executor collects the actions of the step in progress. */
interface StepScope {
  readonly scope: AnyActorScope;
  actions: Parameters<ActionExecutor>[0][];
}

/**
 * The scope XState's own `transition(logic, snapshot, event)` builds afresh on every call, made
 * once: an actor that is never started (for `self` and its system) and no-op effects. Building
 * it costs a whole initial transition (createActor), about as much as the step itself; keeping
 * it is sound because the role machines spawn, invoke and delay nothing, so a step leaves
 * nothing in the scope but the actions it collects (test/explore/memo.test.ts compares every
 * answer with XState's `transition()` on random walks).
 */
function inertScope(logic: AnyStateMachine): StepScope {
  const self = createActor(logic);
  const step: StepScope = {
    actions: [],
    scope: {
      self, system: self.system, id: '', sessionId: '',
      logger: () => undefined, defer: () => undefined, emit: () => undefined, stopChild: () => undefined,
      actionExecutor: (action) => {
        step.actions.push(action);
      },
    },
  };
  return step;
}

/** `logic` as the machine of role `kind`; S is the snapshot type of its context (XState's AnyStateMachine types it `any`). */
export function roleMachine<S extends LocalSnapshot>(kind: MachineKind, logic: AnyStateMachine): RoleMachine<S> {
  const [s] = initialTransition(logic);
  return { kind, logic, scope: inertScope(logic), initial: plain<S>({ value: s.value as StateValue, context: s.context as object } as S) };
}

type Guard = (args: { readonly context: unknown; readonly event: unknown }, params: unknown) => boolean;

/**
 * The transitions `event` takes in `resolved`. XState's public API returns the next snapshot
 * and the actions, never the transition taken, so it is read off the candidates
 * `getNextTransitions` lists, in XState's selection order: the first one for the event whose
 * guard passes. This needs the machines to be what they are: not parallel (one atomic state,
 * so one transition at most), no eventless or wildcard transitions, and every guard named in
 * `setup()` and reading only `context` and `event` (test/explore/memo.test.ts checks the answer
 * against XState's own on every call of random walks).
 */
function taken(logic: AnyStateMachine, resolved: Parameters<typeof getNextTransitions>[0], event: MachineEvent): AnyTransitionDefinition[] {
  const guards = logic.implementations.guards as Record<string, Guard | undefined>;
  for (const t of getNextTransitions(resolved)) {
    if (t.eventType !== event.type) continue;
    const g = t.guard as string | { readonly type: string; readonly params?: unknown } | undefined;
    if (g === undefined) return [t];
    const name = typeof g === 'string' ? g : g.type;
    const f = guards[name];
    if (f === undefined) throw new ModelError('MACHINE_FAILURE', `guard ${name} is not named in setup()`);
    if (f({ context: resolved.context, event }, typeof g === 'string' ? undefined : g.params)) return [t];
  }
  return [];
}

/** The machine's answer to `event` in `snapshot`, from the machine's own `transition` (XState's ActorLogic interface). */
export const plainMachineStep: MachineStep = <S extends LocalSnapshot>(m: RoleMachine<S>, snapshot: S, event: MachineEvent): MachineAnswer<S> => {
  const resolved = m.logic.resolveState({ value: snapshot.value, context: snapshot.context });
  const fired = taken(m.logic, resolved, event);
  if (fired.length === 0) return { snapshot, emitted: [], fired: [] };
  let next;
  let actions;
  try {
    m.scope.actions = [];
    next = m.logic.transition(resolved, event, m.scope.scope);
    actions = m.scope.actions;
  } catch (e) {
    throw new ModelError('MACHINE_FAILURE', `${m.kind} on ${event.type}: ${(e as Error).message}`);
  }
  if (next.status === 'error') {
    throw new ModelError('MACHINE_FAILURE', `${m.kind} on ${event.type}: ${String((next as { error?: unknown }).error)}`);
  }
  const emitted: Emitted[] = [];
  for (const a of actions as readonly { readonly type: string; readonly params?: unknown }[]) {
    if (a.type === 'xstate.emit') emitted.push(plain((a.params as { event: Emitted }).event));
  }
  return { snapshot: plain<S>({ value: next.value as StateValue, context: next.context as object } as S), emitted, fired: fired.map(transitionId) };
};

let installed: MachineStep = plainMachineStep;

/**
 * Installs how the world steps its machines from now on: an explorer installs a memo of
 * `plainMachineStep`, which must answer exactly as it does.
 */
export function installMachineStep(step: MachineStep): void {
  installed = step;
}

/** How the world steps its machines: `plainMachineStep` unless another one was installed. */
export function machineStep(): MachineStep {
  return installed;
}
