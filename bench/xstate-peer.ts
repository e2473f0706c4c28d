// A peer figure: XState's own graph traversal (`getAdjacencyMap` of xstate/graph) over the very
// world proauth explores, against proauth's explorer, measured in the same run. The world
// system (harness/explore/world-system.ts: the model's step, the properties judged on it, the
// canonical key) is wrapped as XState actor logic with `fromTransition`, so both walk the same
// states with the same step and the same key; what differs is the traversal: XState's keeps every
// snapshot and serializes every successor, proauth's shares work among policy siblings, peeks
// at policy changes and stores 64-bit fingerprints.
// `npx tsx --expose-gc --max-semi-space-size=64 bench/xstate-peer.ts [--limit 0]` prints one JSON line.
import { fromTransition } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { explore } from '../harness/explore/explore.ts';
import { worldSystem, type WorldState } from '../harness/explore/world-system.ts';
import { exploreWorld } from '../harness/explore/worlds.ts';
import type { WorldEvent } from '../model/world/events.ts';
import { forgetMachines } from '../model/world/machines.ts';

export interface PeerFigure {
  readonly world: string;
  readonly proauthStates: number;
  readonly xstateStates: number;
  /** The fastest of the rounds, each side's own (CPU seconds of the traversal alone). */
  readonly proauthCpuSeconds: number;
  readonly xstateCpuSeconds: number;
  /** proauth's distinct states per CPU second over XState's, best round against best round. */
  readonly proauthToXstate: number;
  /** The same ratio in the first round, each side's first traversal (a cold JIT for both). */
  readonly coldProauthToXstate: number;
  readonly rounds: number;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Traversal {
  readonly states: number;
  readonly cpuSeconds: number;
}

/**
 * A full collection before each traversal where node allows it (`--expose-gc`): otherwise the
 * one that runs second pays for collecting the snapshots the first one left behind.
 */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function proauthTraversal(limit: number): Traversal {
  forgetMachines();
  collect();
  const c0 = cpu();
  const ours = explore({ limit, measureRetainedHeap: false });
  return { states: ours.distinctStates, cpuSeconds: cpu() - c0 };
}

function xstateTraversal(limit: number): Traversal {
  forgetMachines();
  collect();
  const sys = worldSystem({ config: exploreWorld({ limit }), faults: [] });
  const logic = fromTransition((s: WorldState, ev: { type: 'step'; e: WorldEvent }) => sys.step(s, ev.e), sys.initial);
  const c1 = cpu();
  const map = getAdjacencyMap(logic, {
    events: (snap) => sys.enabled(snap.context).map((e) => ({ type: 'step' as const, e })),
    serializeState: (snap) => sys.key(snap.context),
    serializeEvent: (ev) => JSON.stringify(ev.e),
  });
  return { states: Object.keys(map).length, cpuSeconds: cpu() - c1 };
}

const rate = (t: Traversal): number => t.states / t.cpuSeconds;
const fastest = (ts: readonly Traversal[]): Traversal => ts.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Both traversals `rounds` times, alternating, so that neither runs only on the other's warmed
 * JIT (they share the model's step): the first round is the cold figure, the best round of each
 * side the warm one.
 */
export function xstatePeer(limit: number, rounds = 3): PeerFigure {
  const ours: Traversal[] = [];
  const theirs: Traversal[] = [];
  for (let i = 0; i < rounds; i++) {
    // Who goes first alternates too: in round 0 XState runs first, on the colder JIT.
    if (i % 2 === 0) {
      theirs.push(xstateTraversal(limit));
      ours.push(proauthTraversal(limit));
    } else {
      ours.push(proauthTraversal(limit));
      theirs.push(xstateTraversal(limit));
    }
  }
  const a = fastest(ours);
  const b = fastest(theirs);
  return {
    world: `default world at L = ${limit}, reliable network, to the fixpoint`,
    proauthStates: a.states,
    xstateStates: b.states,
    proauthCpuSeconds: round2(a.cpuSeconds),
    xstateCpuSeconds: round2(b.cpuSeconds),
    proauthToXstate: round2(rate(a) / rate(b)),
    coldProauthToXstate: round2(rate(ours[0]!) / rate(theirs[0]!)),
    rounds,
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const i = process.argv.indexOf('--limit');
  process.stdout.write(JSON.stringify(xstatePeer(i < 0 ? 0 : Number(process.argv[i + 1]))) + '\n');
}
