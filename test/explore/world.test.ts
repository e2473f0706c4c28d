// Exploration of the real model: fixpoint on a small world, shortest counterexamples for a
// deliberately stricter property, and the cheaper keys checked against the model's own.
import { describe, expect, it } from 'vitest';
import { exploreSystem } from '../../harness/explore/bfs.ts';
import { explore, ExploreOptionError, formatExploreReport, parseFaults, parseVariant } from '../../harness/explore/explore.ts';
import { FastWorldKey } from '../../harness/explore/fast-key.ts';
import { fingerprint } from '../../harness/explore/fingerprint.ts';
import { worldSystem } from '../../harness/explore/world-system.ts';
import { exploreWorld } from '../../harness/explore/worlds.ts';
import type { ExplorableSystem } from '../../harness/explore/types.ts';
import type { Observation } from '../../vocabulary/observation.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { enabled, initialWorld, step, view, type World } from '../../model/world/world.ts';
import { canonicalKey } from '../../harness/explore/world-key.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { depthAtMost } from './world-helpers.ts';

const small = exploreWorld({ shape: 'chain', domains: 2, limit: 1 });

describe('explore on the model', () => {
  it('reaches the fixpoint of a small world with no property violated, and compaction loses no state', () => {
    const r = explore({ world: small });
    expect(r.fixpoint).toBe(true);
    expect(r.counterexamples).toEqual([]);
    expect(r.distinctStates).toBeGreaterThan(100);
    expect(r.properties).toHaveLength(PROPERTIES.length);
    expect(r.coverage.transitionsFired).toBeGreaterThan(10);
    expect(r.coverage.requirementsExercised).toContain('5.14.1-S19');
    const exact = explore({ world: small, exactKeys: true });
    expect(exact.store).toBe('exact');
    expect([exact.distinctStates, exact.transitions]).toEqual([r.distinctStates, r.transitions]);
  });

  it('finds the shortest trace to a depth-2 SA (stricter than L = 3): 14 steps, and none of 13', () => {
    const catalogue = [...PROPERTIES, depthAtMost(1)];
    const world = exploreWorld({ shape: 'chain', domains: 3 });
    const r = explore({ world, catalogue, stopOnFirstViolation: true });
    expect(r.stopReason).toBe('violation');
    expect(r.counterexamples.map((c) => [c.property, c.length])).toEqual([['test-depth-at-most-1', 14]]);
    // The trace is concrete: replayed on the model, it ends with an SA of depth 2.
    let w = initialWorld(world, {}, { faults: [] });
    for (const e of r.counterexamples[0]?.trace ?? []) w = step(w, e as WorldEvent);
    const o = view(w) as Observation;
    expect([...o.mns, ...o.poss].some((x) => x.sas.some((sa) => sa.depth === 2))).toBe(true);
    const text = formatExploreReport(r);
    expect(text).toContain('test-depth-at-most-1 [5.14.2-N4b] after 14 step(s)');
    expect(text).toContain(' 14. deliver 0');
    // BFS: no trace of 13 steps or fewer violates it.
    const bounded = explore({ world, catalogue, maxDepth: 13 });
    expect(bounded.counterexamples).toEqual([]);
    expect(bounded.stopReason).toBe('depth');
  });

  it('the fast world key partitions worlds exactly like the model canonicalKey', () => {
    const faultyWorld = initialWorld(small, {}, { faults: ['drop', 'duplicate', 'corrupt'] });
    const worlds: World[] = [];
    const sys: ExplorableSystem<World, WorldEvent> = {
      initial: faultyWorld,
      enabled,
      step,
      key: canonicalKey,
      checkState: (w) => {
        worlds.push(w);
        return [];
      },
    };
    exploreSystem(sys, { maxDepth: 9 });
    const fast = new FastWorldKey();
    const fastToModel = new Map<string, string>();
    const modelToFast = new Map<string, string>();
    const out = { hi: 0, lo: 0 };
    let withReplayCache = 0;
    for (const w of worlds) {
      const f = fast.key(w);
      const m = canonicalKey(w);
      // The explorer hashes the components directly: the same fingerprint as the string's.
      fast.restFingerprint(w, out);
      expect(out).toEqual(fingerprint(fast.rest(w)));
      if (w.poss.some((p) => p.replayCache.length > 0)) withReplayCache++;
      expect(fastToModel.get(f) ?? m).toBe(m);
      expect(modelToFast.get(m) ?? f).toBe(f);
      fastToModel.set(f, m);
      modelToFast.set(m, f);
    }
    expect(worlds.length).toBeGreaterThan(500);
    expect(withReplayCache).toBeGreaterThan(0);
    // Successors meet the same worlds again under other token names: check those keys too.
    for (const w of worlds.slice(0, 300)) {
      for (const e of enabled(w)) {
        const next = step(w, e);
        const f = fast.key(next);
        const m = canonicalKey(next);
        if (fastToModel.has(f)) expect(fastToModel.get(f)).toBe(m);
        if (modelToFast.has(m)) expect(modelToFast.get(m)).toBe(f);
      }
    }
  });

  it('world key fast and model give the same exploration', () => {
    const a = explore({ world: small, worldKey: 'fast' });
    const b = explore({ world: small, worldKey: 'model' });
    expect([a.distinctStates, a.transitions, a.levelSizes]).toEqual([b.distinctStates, b.transitions, b.levelSizes]);
  });

  it('projecting the facts to live names keeps every verdict of the whole facts', () => {
    const catalogue = [...PROPERTIES, depthAtMost(0)];
    for (const faults of [[], ['drop', 'duplicate']] as const) {
      const live = explore({ world: small, catalogue, faults, maxDepth: 9, factsKey: 'live' });
      const full = explore({ world: small, catalogue, faults, maxDepth: 9, factsKey: 'full' });
      const verdicts = (r: typeof live): [string, number][] => r.counterexamples.map((c) => [c.property, c.length]);
      expect(verdicts(live)).toEqual(verdicts(full));
      expect(verdicts(live).length).toBeGreaterThan(0);
      expect(live.distinctStates).toBeLessThanOrEqual(full.distinctStates);
    }
  });

  it('the plain world system checks every step of a trace it replays', () => {
    const sys = worldSystem({ config: small, faults: [], catalogue: [...PROPERTIES, depthAtMost(0)] });
    const r = exploreSystem(sys, { stopOnFirstViolation: true });
    expect(r.counterexamples[0]?.trace.length).toBe(6);
  });
});

describe('explore options', () => {
  it('parses variants by axis or by id and rejects bad ones with a typed error', () => {
    expect(parseVariant(['enforce=V-ENFORCE-TPOS', 'V-K-SHARED'])).toEqual({ enforce: 'V-ENFORCE-TPOS', kScope: 'V-K-SHARED' });
    expect(() => parseVariant(['enforce=V-K-SHARED'])).toThrowError(ExploreOptionError);
    expect(() => parseVariant(['V-NOPE'])).toThrowError(/unknown variant/);
    expect(() => parseVariant(['nope=V-K-SHARED'])).toThrowError(/unknown variant axis/);
  });

  it('parses network faults', () => {
    expect(parseFaults('none')).toEqual([]);
    expect(parseFaults('all')).toEqual(['drop', 'duplicate', 'corrupt']);
    expect(parseFaults('drop,corrupt')).toEqual(['drop', 'corrupt']);
    expect(() => parseFaults('drop,eat')).toThrowError(ExploreOptionError);
  });

  it('rejects bad bounds with a typed error', () => {
    expect(() => explore({ world: small, maxDepth: -1 })).toThrowError(ExploreOptionError);
    expect(() => explore({ world: small, maxStates: 0 })).toThrowError(ExploreOptionError);
    expect(() => explore({ world: small, maxDepth: 1.5 })).toThrowError(ExploreOptionError);
  });
});
