// step is pure and deterministic, enabled and step agree, canonical keys identify worlds up to
// the names of fresh values. Property tests over random walks (fast-check, fixed seeds).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../model/world/canonical.ts';
import { ModelError } from '../../model/world/errors.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { checkEnabled, enabled, initialWorld, step, view, type World } from '../../model/world/world.ts';
import { canonicalKey, hashWorld } from '../../harness/explore/world-key.ts';
import { mnConfig, partnerRing, Driver } from './fixtures.ts';
import type { ModelWorldConfig } from '../../model/types.ts';

const twoMns: ModelWorldConfig = {
  ...partnerRing({ domains: ['A', 'B', 'C'], mns: [mnConfig('mn1'), mnConfig('mn2', { home: 'B', method: 'TLS', suites: [2] })] }),
  chainLimit: 2,
};
const withOneSided: ModelWorldConfig = {
  chainLimit: 1,
  domains: [
    { id: 'A', rats: ['wlan'], neighbours: ['B', 'C'], partners: ['B'], suites: [1], requestsFallback: false },
    { id: 'B', rats: ['wlan'], neighbours: ['A'], partners: [], suites: [1, 2], requestsFallback: true },
    { id: 'C', rats: ['lte'], neighbours: ['A'], partners: ['A'], suites: [2], requestsFallback: false },
  ],
  mns: [mnConfig('mn1', { method: 'ERP', suites: [2, 1] })],
};

/** A walk as a list of choices: each picks an enabled event by index modulo their number. */
const choices = fc.array(fc.nat(), { minLength: 1, maxLength: 60 });

function walk(start: World, picks: readonly number[], each: (before: World, e: WorldEvent, after: World) => void = () => {}): { world: World; events: WorldEvent[] } {
  let w = start;
  const events: WorldEvent[] = [];
  for (const k of picks) {
    const es = enabled(w);
    if (es.length === 0) break;
    const e = es[k % es.length] as WorldEvent;
    const next = step(w, e);
    each(w, e, next);
    events.push(e);
    w = next;
  }
  return { world: w, events };
}

const configs = [partnerRing(), twoMns, withOneSided];
const world = fc.constantFrom(...configs).chain((c) =>
  //= SPEC_MAPPING.md#V-COUNT-HOPS-ANY
  //= type=test
  //# A per-MN counter of optimized executions, reset only by the full establishment the limit
  //# forces; a voluntary fallback (MN or TPoS request, no trust) keeps it.
  fc.constantFrom<World>(initialWorld(c), initialWorld(c, { kSource: 'V-K-HPOS', count: 'V-COUNT-HOPS-ANY' }), initialWorld(c, {}, { faults: [] })));

describe('purity and determinism', () => {
  it('step never mutates the world it is given', () => {
    fc.assert(fc.property(world, choices, (w0, picks) => {
      walk(w0, picks, (before, e) => {
        const text = JSON.stringify(before);
        step(before, e);
        expect(JSON.stringify(before)).toBe(text);
      });
    }), { seed: 1, numRuns: 60 });
  });

  it('the same events give the same worlds and hashes', () => {
    fc.assert(fc.property(world, choices, (w0, picks) => {
      const hashes: string[] = [];
      const { events } = walk(w0, picks, (_b, _e, after) => hashes.push(hashWorld(after)));
      let w = initialWorld(w0.config, w0.variant, { faults: w0.faults });
      events.forEach((e, i) => {
        w = step(w, e);
        expect(hashWorld(w)).toBe(hashes[i]);
      });
    }), { seed: 2, numRuns: 60 });
  });

  it('a world survives a JSON round trip: same key, same view, same future', () => {
    fc.assert(fc.property(world, choices, (w0, picks) => {
      const { world: w } = walk(w0, picks);
      const copy = JSON.parse(JSON.stringify(w)) as World;
      expect(canonicalKey(copy)).toBe(canonicalKey(w));
      expect(view(copy)).toEqual(view(w));
      expect(enabled(copy)).toEqual(enabled(w));
      for (const e of enabled(w)) expect(hashWorld(step(copy, e))).toBe(hashWorld(step(w, e)));
    }), { seed: 3, numRuns: 40 });
  });
});

describe('enabled and step agree', () => {
  it('every enabled event is accepted by step and by checkEnabled', () => {
    fc.assert(fc.property(world, choices, (w0, picks) => {
      walk(w0, picks, (before) => {
        for (const e of enabled(before)) {
          expect(() => checkEnabled(before, e)).not.toThrow();
          expect(() => step(before, e)).not.toThrow();
        }
      });
    }), { seed: 4, numRuns: 40 });
  });

  // Candidate events over the world's names, many of them not enabled.
  const candidates = (w: World): WorldEvent[] => {
    const mns = [...w.config.mns.map((m) => m.id), 'ghost'];
    const ds = [...w.config.domains.map((d) => d.id), 'Z'];
    const out: WorldEvent[] = [];
    for (const mn of mns) {
      out.push({ kind: 'complete', mn }, { kind: 'abort', mn });
      for (const domain of ds) out.push({ kind: 'attach', mn, domain });
      for (const target of [null, ...ds]) out.push({ kind: 'handover', mn, target, fallback: false });
    }
    for (const p of [...w.poss.keys()]) out.push({ kind: 'setFallbackPolicy', domain: w.config.domains[p]?.id ?? 'Z', on: true });
    for (const index of [-1, 0, 1, 2, 7, 0.5]) {
      out.push({ kind: 'deliver', index }, { kind: 'drop', index }, { kind: 'duplicate', index }, { kind: 'corrupt', index, how: 'truncate' });
    }
    return out;
  };

  // The events step accepts although enabled leaves them out: they change nothing.
  const noOp = (w: World, e: WorldEvent): boolean =>
    e.kind === 'setFallbackPolicy' && w.poss[w.config.domains.findIndex((d) => d.id === e.domain)]?.requestsFallback === e.on;

  it('an event step accepts is enabled (or a no-op); anything else is a typed ModelError', () => {
    fc.assert(fc.property(world, choices, (w0, picks) => {
      walk(w0, picks, (before) => {
        const on = new Set(enabled(before).map((e) => canonicalJson(e)));
        for (const e of candidates(before)) {
          let after: World | null = null;
          try {
            after = step(before, e);
          } catch (err) {
            expect(err).toBeInstanceOf(ModelError);
            expect(['BAD_EVENT', 'NOT_ENABLED']).toContain((err as ModelError).code);
          }
          if (on.has(canonicalJson(e))) expect(after).not.toBeNull();
          else if (after !== null) {
            expect(noOp(before, e)).toBe(true);
            expect(canonicalKey(after)).toBe(canonicalKey(before));
          }
        }
      });
    }), { seed: 5, numRuns: 25 });
  });

  it('setFallbackPolicy is always accepted; enabled lists the one that changes the policy', () => {
    const w = initialWorld(partnerRing());
    expect(enabled(w).filter((e) => e.kind === 'setFallbackPolicy')).toHaveLength(5);
    const same = step(w, { kind: 'setFallbackPolicy', domain: 'A', on: false });
    expect(canonicalKey(same)).toBe(canonicalKey(w));
    expect(canonicalKey(step(w, { kind: 'setFallbackPolicy', domain: 'A', on: true }))).not.toBe(canonicalKey(w));
  });

  it('malformed events are BAD_EVENT', () => {
    const w = initialWorld(partnerRing());
    for (const e of [null, 42, {}, { kind: 'teleport' }, { kind: 'handover', mn: 'mn1', target: 'B', fallback: 'yes' }, { kind: 'setFallbackPolicy', domain: 'A', on: 1 }]) {
      expect(() => step(w, e as unknown as WorldEvent)).toThrow(ModelError);
      try {
        step(w, e as unknown as WorldEvent);
      } catch (err) {
        expect((err as ModelError).code).toBe('BAD_EVENT');
      }
    }
  });
});

describe('canonical keys', () => {
  it('interleavings that reach the same situation get the same key, different situations different keys', () => {
    const c = partnerRing({ mns: [mnConfig('mn1'), mnConfig('mn2')] });
    const a = new Driver(c);
    a.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    a.run({ kind: 'attach', mn: 'mn2', domain: 'B' });
    const b = new Driver(c);
    b.run({ kind: 'attach', mn: 'mn2', domain: 'B' });
    b.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
    // Each machine draws its tokens on its own count: independent steps in either order give
    // the very same world, names included.
    expect(JSON.stringify(a.world)).toBe(JSON.stringify(b.world));
    // The same situation with other token names (every token renamed) has the same key.
    const renamed = JSON.parse(JSON.stringify(a.world).replace(/#(\d+)/g, (_t, n: string) => `#${Number(n) * 7 + 1000}`)) as World;
    expect(JSON.stringify(renamed)).not.toBe(JSON.stringify(a.world));
    expect(canonicalKey(renamed)).toBe(canonicalKey(a.world));
    expect(hashWorld(renamed)).toBe(hashWorld(a.world));
    expect(canonicalKey(a.world)).toBe(canonicalKey(b.world));
    expect(hashWorld(a.world)).toBe(hashWorld(b.world));
    const other = new Driver(c);
    other.run({ kind: 'attach', mn: 'mn1', domain: 'B' });
    other.run({ kind: 'attach', mn: 'mn2', domain: 'A' });
    expect(hashWorld(other.world)).not.toBe(hashWorld(a.world));
  });

  it('worlds of different configurations or variants never share a key', () => {
    expect(canonicalKey(initialWorld(partnerRing()))).not.toBe(canonicalKey(initialWorld(partnerRing({ chainLimit: 2 }))));
    expect(canonicalKey(initialWorld(partnerRing()))).not.toBe(canonicalKey(initialWorld(partnerRing(), { erp: 'V-ERP-OPTIMIZED' })));
    expect(hashWorld(initialWorld(partnerRing()))).toMatch(/^[0-9a-f]{16}$/);
  });
});
