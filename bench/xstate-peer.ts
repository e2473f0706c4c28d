// A peer figure: XState's own graph traversal (`getAdjacencyMap` of xstate/graph) over the very
// world proauth explores, against proauth's explorer, measured in the same run. The world
// system (harness/explore/world-system.ts: the model's step, the properties judged on it, the
// canonical key) is wrapped as XState actor logic with `fromTransition`, so both walk the same
// states with the same step and the same key; what differs is the traversal: XState's keeps every
// snapshot and serializes every successor, proauth's shares work among policy siblings, peeks
// at policy changes and stores 64-bit fingerprints.
// `npx tsx --max-semi-space-size=64 bench/xstate-peer.ts [--limit 0]` prints one JSON line.
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
  readonly proauthCpuSeconds: number;
  readonly xstateCpuSeconds: number;
  /** proauth's distinct states per CPU second over XState's. */
  readonly proauthToXstate: number;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export function xstatePeer(limit: number): PeerFigure {
  forgetMachines();
  const c0 = cpu();
  const ours = explore({ limit, measureRetainedHeap: false });
  const proauthCpuSeconds = cpu() - c0;

  forgetMachines();
  const sys = worldSystem({ config: exploreWorld({ limit }), faults: [] });
  const logic = fromTransition((s: WorldState, ev: { type: 'step'; e: WorldEvent }) => sys.step(s, ev.e), sys.initial);
  const c1 = cpu();
  const map = getAdjacencyMap(logic, {
    events: (snap) => sys.enabled(snap.context).map((e) => ({ type: 'step' as const, e })),
    serializeState: (snap) => sys.key(snap.context),
    serializeEvent: (ev) => JSON.stringify(ev.e),
  });
  const xstateCpuSeconds = cpu() - c1;
  const xstateStates = Object.keys(map).length;
  return {
    world: `default world at L = ${limit}, reliable network, to the fixpoint`,
    proauthStates: ours.distinctStates,
    xstateStates,
    proauthCpuSeconds: Math.round(proauthCpuSeconds * 100) / 100,
    xstateCpuSeconds: Math.round(xstateCpuSeconds * 100) / 100,
    proauthToXstate: Math.round((ours.distinctStates / proauthCpuSeconds / (xstateStates / xstateCpuSeconds)) * 100) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const i = process.argv.indexOf('--limit');
  process.stdout.write(JSON.stringify(xstatePeer(i < 0 ? 0 : Number(process.argv[i + 1]))) + '\n');
}
