// Benchmark of the model's step, through the machines' memos: `npx tsx harness/explore/step-rate.ts [seconds]`.
//
// 1. Random walks: seeded walks over enabled events (restarted every 200 steps), timing `step`
//    alone and `enabled + step` (what a lockstep driver does per stimulus).
// 2. Breadth-first exploration: distinct worlds per second, keyed by hashWorld (what an
//    explorer does: enabled, step every successor, hash it, keep the new ones).
// Wall and CPU time are both reported: on a loaded machine the CPU figure is the fairer one.

import type { ModelWorldConfig } from '../../model/types.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { enabled, initialWorld, step, type World } from '../../model/world/world.ts';
import { installMachineMemo } from './machine-memo.ts';
import { hashWorld } from './world-key.ts';

installMachineMemo();

const seconds = Number(process.argv[2] ?? 3);

const ids = ['A', 'B', 'C', 'D'];
const config: ModelWorldConfig = {
  chainLimit: 3,
  domains: ids.map((id) => ({ id, rats: ['wlan'], neighbours: ids.filter((x) => x !== id), partners: ids.filter((x) => x !== id), suites: [1, 2], requestsFallback: false })),
  mns: [
    { id: 'mn1', home: 'A', rats: ['wlan'], method: 'EAP', suites: [1, 2] },
    { id: 'mn2', home: 'B', rats: ['wlan'], method: 'EAP', suites: [2] },
  ],
};

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function clock(): { wall: number; cpu: number } {
  const u = process.cpuUsage();
  return { wall: performance.now(), cpu: (u.user + u.system) / 1000 };
}

function walks(label: string, start: World): void {
  const rand = rng(1);
  let w = start;
  let steps = 0;
  let stepMs = 0;
  const t0 = clock();
  while (clock().wall - t0.wall < seconds * 1000) {
    for (let i = 0; i < 1000; i++) {
      if (steps % 200 === 0) w = start;
      const es = enabled(w);
      const e = es[Math.floor(rand() * es.length)] as WorldEvent;
      const a = performance.now();
      w = step(w, e);
      stepMs += performance.now() - a;
      steps++;
    }
  }
  const t1 = clock();
  const wall = t1.wall - t0.wall;
  const cpu = t1.cpu - t0.cpu;
  console.log(`${label}: ${steps} steps; step alone ${(steps / stepMs * 1000).toFixed(0)}/s; enabled+step ${(steps / wall * 1000).toFixed(0)}/s wall, ${(steps / cpu * 1000).toFixed(0)}/s cpu`);
}

function bfs(label: string, start: World): void {
  const seen = new Set<string>([hashWorld(start)]);
  let frontier: World[] = [start];
  let transitions = 0;
  const t0 = clock();
  while (frontier.length > 0 && clock().wall - t0.wall < seconds * 1000) {
    const next: World[] = [];
    for (const w of frontier) {
      for (const e of enabled(w)) {
        const n = step(w, e);
        transitions++;
        const h = hashWorld(n);
        if (!seen.has(h)) {
          seen.add(h);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  const t1 = clock();
  const wall = t1.wall - t0.wall;
  const cpu = t1.cpu - t0.cpu;
  console.log(`${label}: ${seen.size} distinct worlds, ${transitions} transitions; ${(seen.size / wall * 1000).toFixed(0)} states/s wall, ${(seen.size / cpu * 1000).toFixed(0)} states/s cpu; ${(transitions / cpu * 1000).toFixed(0)} step+hash/s cpu`);
}

walks('walks, faults on ', initialWorld(config));
walks('walks, reliable  ', initialWorld(config, {}, { faults: [] }));
bfs('bfs, reliable    ', initialWorld(config, {}, { faults: [] }));
bfs('bfs, faults on   ', initialWorld(config));
