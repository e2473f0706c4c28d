// One exploration of one scenario: breadth-first over the adversary system (harness/explore),
// every adversary property checked on every state and edge, shortest counterexample per
// property, and the figures the matrix reports (worst blast radius, keys exposed).

import { exploreSystem } from '../explore/bfs.ts';
import type { ExplorableSystem, StopReason, Violation } from '../explore/types.ts';
import type { AdvEvent, AdvWorld } from '../../model/adversary/attacked-world.ts';
import { ADVERSARY_PROPERTIES, type AdversaryProperty, keysExposed } from '../../properties/adversary/index.ts';
import { witnessId } from '../../properties/adversary/witness.ts';
import { buildSystem, depthFor, type ScenarioSpec } from './scenarios.ts';

export interface FoundCounterexample {
  readonly property: string;
  readonly message: string;
  readonly requirements: readonly string[];
  readonly trace: readonly AdvEvent[];
}

export interface ScenarioResult {
  readonly spec: ScenarioSpec;
  readonly depth: number;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  /** The search reached its depth bound (false: every reachable state was explored). */
  readonly bounded: boolean;
  /** Why the search stopped: every reachable state explored, or the bound it reached. */
  readonly stopReason: StopReason;
  /** Largest blast radius in any explored state, and the BFS level it was first seen at. */
  readonly worstBlast: number;
  readonly worstBlastDepth: number;
  readonly maxKeysExposed: number;
  readonly counterexamples: readonly FoundCounterexample[];
}

function violations(props: readonly AdversaryProperty[], prev: AdvWorld | null, e: AdvEvent | null, next: AdvWorld): Violation[] {
  const out: Violation[] = [];
  for (const p of props) {
    const m = p.check(prev, e, next);
    if (m !== null) out.push({ id: p.id, message: m, requirements: p.requirements });
    // a measured part is reported the way a violation is, under its own id (witness.ts).
    const w = prev === null && p.witness !== undefined ? p.witness(next) : null;
    if (w !== null) out.push({ id: witnessId(p.id), message: w, requirements: p.requirements });
  }
  return out;
}

export function analyseScenario(spec: ScenarioSpec, maxStates = 200_000): ScenarioResult {
  const sys = buildSystem(spec);
  const depth = depthFor(spec);
  const stateProps = ADVERSARY_PROPERTIES.filter((p) => p.kind === 'state');
  const stepProps = ADVERSARY_PROPERTIES.filter((p) => p.kind === 'step');
  let worstBlast = 0;
  let maxKeys = 0;
  // BFS reaches states level by level, so the first state with a new maximum is the shallowest.
  let level = 1;
  let worstBlastDepth = 0;
  const system: ExplorableSystem<AdvWorld, AdvEvent> = {
    initial: sys.initial,
    enabled: sys.enabled,
    step: sys.step,
    key: sys.key,
    checkState(s) {
      if (s.adv.blast > worstBlast) {
        worstBlast = s.adv.blast;
        worstBlastDepth = level;
      }
      maxKeys = Math.max(maxKeys, keysExposed(s));
      return violations(stateProps, null, null, s);
    },
    checkStep: (prev, e, next) => violations(stepProps, prev, e, next),
  };
  const r = exploreSystem(system, {
    maxDepth: depth,
    maxStates,
    onLevel: (p) => {
      level = p.depth + 1;
    },
  });
  return {
    spec,
    depth,
    states: r.distinctStates,
    transitions: r.transitions,
    seconds: r.seconds,
    bounded: !r.fixpoint,
    stopReason: r.stopReason,
    worstBlast,
    worstBlastDepth,
    maxKeysExposed: maxKeys,
    counterexamples: r.counterexamples.map((c) => ({ property: c.id, message: c.message, requirements: c.requirements, trace: c.trace })),
  };
}
