// Every state and every transition of every machine is reachable: each machine is traversed on
// its own with xstate/graph (getAdjacencyMap over a rich event alphabet), and the transitions
// taken along the way are compared with the ones the machine defines.

import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode, Snapshot } from 'xstate';
import { getAdjacencyMap, getStateNodes } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { transitionId, type MachineEvent } from '../../model/machines/machine-step.ts';
import { allTransitionIds } from '../../harness/explore/machine-memo.ts';
import { canonicalJson } from '../../model/world/canonical.ts';
import { machinesUnderTest } from './machines.ts';

function stateValueOf(node: AnyStateNode): unknown {
  const path = node.path;
  let value: unknown = path[path.length - 1];
  for (let i = path.length - 2; i >= 0; i--) value = { [path[i] as string]: value };
  return value;
}

function allStateIds(logic: AnyStateMachine): string[] {
  return getStateNodes(logic.root).map((n) => n.id);
}

interface Reached {
  states: Set<string>;
  transitions: Set<string>;
  snapshots: number;
}

function traverse(logic: AnyStateMachine, events: (s: Snapshot<unknown>) => MachineEvent[], into: Reached): void {
  const adjacency = getAdjacencyMap(logic, {
    events: events as never,
    serializeState: (s) => canonicalJson({ value: (s as AnyMachineSnapshot).value, context: (s as AnyMachineSnapshot).context }),
    serializeEvent: (e) => canonicalJson(e),
    limit: 50_000,
  });
  const nodes = getStateNodes(logic.root);
  for (const entry of Object.values(adjacency)) {
    const snap = entry.state as AnyMachineSnapshot;
    into.snapshots++;
    for (const n of nodes) if (snap.matches(stateValueOf(n) as never)) into.states.add(n.id);
    for (const t of Object.values(entry.transitions) as { event: MachineEvent }[]) {
      for (const d of logic.getTransitionData(snap, t.event as never)) into.transitions.add(transitionId(d));
    }
  }
}

describe('every state and transition of every machine is reachable (xstate/graph)', () => {
  const byKind = new Map<string, ReturnType<typeof machinesUnderTest>>();
  for (const m of machinesUnderTest()) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);

  for (const [kind, instances] of byKind) {
    it(`${kind}`, () => {
      const reached: Reached = { states: new Set(), transitions: new Set(), snapshots: 0 };
      for (const m of instances) traverse(m.logic, m.events, reached);
      const logic = (instances[0] as { logic: AnyStateMachine }).logic;
      const states = allStateIds(logic);
      const transitions = allTransitionIds(logic);
      const missingStates = states.filter((s) => !reached.states.has(s));
      const missingTransitions = transitions.filter((t) => !reached.transitions.has(t));
      console.log(`${kind}: ${states.length - missingStates.length}/${states.length} states, ${transitions.length - missingTransitions.length}/${transitions.length} transitions, ${reached.snapshots} snapshots over ${instances.length} instance(s) [${instances.map((i) => i.label).join(', ')}]`);
      expect(missingStates, `unreachable states of ${kind}`).toEqual([]);
      expect(missingTransitions, `unreachable transitions of ${kind}`).toEqual([]);
      // the instances share one structure: ids agree
      for (const m of instances) expect(allTransitionIds(m.logic)).toEqual(transitions);
    });
  }
});
