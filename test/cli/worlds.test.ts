// The default check draws its worlds from the PICS: ERP MNs run, NO_COMMON_SUITE and NO_TARGET
// happen within the default budget, and a counterexample's token reproduces its world.
import { describe, expect, it } from 'vitest';
import { CliSutAdapter, placementOfSeed, runSeed } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { DEFAULT_STEPS } from '../../harness/cli/engine.ts';
import type { RecordedStep } from '../../harness/pics/test-purposes.ts';
import fc from 'fast-check';
import { withOptimizedPaths, withShortestChains, worldArbitrary } from '../../harness/pics/pics-world.ts';
import { parsePics, REFERENCE_PICS } from '../../harness/pics/pics.ts';
import { validateWorld } from '../../impl/config-validation.ts';
import { checkConfig } from '../../model/world/config.ts';

describe('generated worlds in the default check', () => {
  it('100 seeds: an ERP attachment, NO_COMMON_SUITE, NO_TARGET, and every placement', async () => {
    const sut = await openSut({ timeoutMs: 1000 });
    expect(sut.pics.methods).toContain('ERP');
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    const recorded: RecordedStep[] = [];
    const kinds = new Set<string>();
    try {
      for (let seed = 1; seed <= 100; seed++) {
        const r = await runSeed(sut, adapter, seed, { steps: DEFAULT_STEPS, model: true });
        expect(r.error).toBeUndefined();
        expect(r.counterexample).toBeUndefined();
        expect(r.placementKind).toBe(placementOfSeed(sut, seed));
        kinds.add(r.placementKind);
        recorded.push(...r.recorded);
      }
    } finally {
      await sut.close();
    }
    expect(kinds).toEqual(new Set(['all', 'mns', 'pos']));
    const pdus = recorded.flatMap((s) => s.observation.inFlight);
    expect(recorded.some((s) => s.observation.mns.some((m) => m.sas.some((sa) => sa.root === 'ERP' && sa.state === 'serving')))).toBe(true);
    expect(pdus.some((p) => p.reason === 'NO_COMMON_SUITE')).toBe(true);
    expect(pdus.some((p) => p.status === 'NO_TARGET')).toBe(true);
    // The worlds differ from run to run.
    expect(new Set(recorded.map((s) => s.observation.poss.map((p) => p.id).join())).size).toBeGreaterThan(1);
  }, 120_000);
});

describe('the worlds of the runs that chase spoilt copies', () => {
  it('open every optimized path and keep the rest of the draw', () => {
    const open = withOptimizedPaths(REFERENCE_PICS);
    for (const w of fc.sample(worldArbitrary(REFERENCE_PICS), { numRuns: 100, seed: 9 })) {
      const o = open(w);
      expect(() => validateWorld(o)).not.toThrow();
      expect(() => checkConfig(o)).not.toThrow();
      for (const d of o.domains) {
        expect([...d.partners].sort()).toEqual(o.domains.map((x) => x.id).filter((x) => x !== d.id).sort());
        expect(d.requestsFallback).toBe(false);
      }
      expect(o.mns.map((m) => m.method)).not.toContain('TLS');
      expect(o.mns.map(({ method: _m, ...rest }) => rest)).toEqual(w.mns.map(({ method: _m, ...rest }) => rest));
      expect(o.domains.map((d) => [d.id, d.rats, d.neighbours, d.suites])).toEqual(w.domains.map((d) => [d.id, d.rats, d.neighbours, d.suites]));
      // L = 0 allows no optimized hop: it becomes the least positive L the PICS claims
      expect(o.chainLimit).toBe(w.chainLimit === 0 ? 1 : w.chainLimit);
    }
  });

  it('the runs that chase a GKB lineage take the least positive L, and keep the rest of the draw', () => {
    const shortest = withShortestChains(REFERENCE_PICS);
    const worlds = fc.sample(worldArbitrary(REFERENCE_PICS), { numRuns: 100, seed: 9 });
    expect(new Set(worlds.map((w) => w.chainLimit))).toEqual(new Set([0, 1, 2, 3]));
    for (const w of worlds) expect(shortest(w)).toEqual({ ...w, chainLimit: 1 });
    const none = parsePics({ pics: 'proauth-pics/1', roles: ['MN', 'SPoS', 'TPoS'], chainLimit: 0 }, 'test');
    const w0 = fc.sample(worldArbitrary(none), { numRuns: 1, seed: 2 })[0]!;
    expect(withShortestChains(none)(w0)).toBe(w0);
  });

  it('a PICS that claims TLS alone keeps its MNs at TLS', () => {
    const tlsOnly = parsePics({ pics: 'proauth-pics/1', roles: ['MN', 'SPoS', 'TPoS'], methods: ['TLS'] }, 'test');
    const w = fc.sample(worldArbitrary(tlsOnly), { numRuns: 1, seed: 2 })[0]!;
    expect(withOptimizedPaths(tlsOnly)(w).mns.every((m) => m.method === 'TLS')).toBe(true);
  });
});
