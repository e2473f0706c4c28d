// `npx tsx --max-semi-space-size=64 bench/mn-growth.ts [--depth 10]`: why the two-MN world has
// no fixpoint in reach. It explores the one-MN default world (coarse key) to its fixpoint and the
// two-MN world to a depth bound, and counts, of every world made, the distinct projections on
// one MN (its machine, its HPoS role, its SPoS and TPoS roles at every PoS), the distinct pairs
// of projections, and the distinct states. If the two MNs' histories combine freely, pairs come
// near |MN 1| × |MN 2| and the fixpoint is about (one-MN projections)² times the rest (policies,
// PDUs in flight). docs/scaling.md quotes it. Figures only: no test asserts them.
import { exploreSystem } from '../harness/explore/bfs.ts';
import { worldSystem, type WorldState } from '../harness/explore/world-system.ts';
import { exploreWorld } from '../harness/explore/worlds.ts';
import { forgetMachines } from '../model/world/machines.ts';
import type { World } from '../model/world/state.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}

// Snapshots are shared objects: each is spelt once.
const spelt = new WeakMap<object, string>();
const spell = (o: object): string => {
  let s = spelt.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    spelt.set(o, s);
  }
  return s;
};

/** MN i's part of the world: its machine and every role that serves it. */
function projection(w: World, i: number): string {
  const parts = [spell(w.mns[i] as object), spell(w.hpos[i] as object)];
  for (const p of w.poss) parts.push(spell(p.spos[i] as object), spell(p.tpos[i] as object));
  return parts.join('\u0001');
}

function census(mns: number, maxDepth: number | undefined): Record<string, number | boolean> {
  forgetMachines();
  const sys = worldSystem({ config: exploreWorld({ mns }), faults: [], worldKey: 'coarse' });
  const perMn = Array.from({ length: mns }, () => new Set<string>());
  const pairs = new Set<string>();
  const record = (t: WorldState): void => {
    const ps = perMn.map((set, i) => {
      const p = projection(t.world, i);
      set.add(p);
      return p;
    });
    if (mns > 1) pairs.add(ps.join('\u0002'));
  };
  record(sys.initial);
  const counted = { ...sys, step: (s: WorldState, e: Parameters<typeof sys.step>[1]) => {
    const t = sys.step(s, e);
    record(t);
    return t;
  } };
  const r = exploreSystem(counted, maxDepth === undefined ? {} : { maxDepth });
  const sizes = perMn.map((s) => s.size);
  const product = sizes.reduce((a, b) => a * b, 1);
  return {
    mns,
    depth: r.maxDepth,
    fixpoint: r.fixpoint,
    distinctStates: r.distinctStates,
    ...Object.fromEntries(sizes.map((n, i) => [`mn${i + 1}Projections`, n])),
    ...(mns > 1 ? { pairs: pairs.size, pairsOfProduct: Math.round((pairs.size / product) * 1000) / 1000, statesPerPair: Math.round((r.distinctStates / pairs.size) * 10) / 10 } : {}),
    seconds: Math.round(r.seconds * 10) / 10,
  };
}

const depth = Number(arg('--depth', '10'));
const one = census(1, undefined);
process.stdout.write(JSON.stringify(one) + '\n');
const one2 = census(1, depth);
process.stdout.write(JSON.stringify(one2) + '\n');
const two = census(2, depth);
process.stdout.write(JSON.stringify(two) + '\n');
const m = one['mn1Projections'] as number;
process.stdout.write(JSON.stringify({ estimate: 'two-MN fixpoint >= (one-MN projections)^2 x states per pair', oneMnProjections: m, pairs: m * m, statesPerPairAtDepth: two['statesPerPair'], estimatedStates: Math.round(m * m * (two['statesPerPair'] as number)) }) + '\n');
