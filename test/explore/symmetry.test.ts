import { describe, expect, it } from 'vitest';
import { configAutomorphisms, SymmetryError } from '../../harness/explore/symmetry.ts';
import { makeWorld, WorldSizeError } from '../../harness/explore/worlds.ts';
import type { WorldConfig } from '../../vocabulary/observation.ts';

const show = (g: ReturnType<typeof configAutomorphisms>): string[] =>
  g.map((p) => [...p.domains, ...p.mns].map(([a, b]) => `${a}>${b}`).join(' '));

/** A at the centre, B and C alike: both mutual partners of A, A selects no target by itself. */
export const starWorld = (mns: number): WorldConfig => ({
  chainLimit: 2,
  domains: [
    { id: 'A', rats: ['wlan'], neighbours: [], partners: ['B', 'C'], suites: [1], requestsFallback: false },
    { id: 'B', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
    { id: 'C', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
  ],
  mns: Array.from({ length: mns }, (_, i) => ({ id: `m${i}`, home: 'A', rats: ['wlan'], method: 'EAP' as const, suites: [1] })),
});

describe('configuration automorphisms', () => {
  it('the default world (chain with a one-sided edge) has only the identity', () => {
    expect(show(configAutomorphisms(makeWorld()))).toEqual(['A>A B>B C>C D>D mn1>mn1']);
  });

  it('alike MNs are interchangeable: 3 MNs give the 6 permutations', () => {
    const g = configAutomorphisms(makeWorld({ mns: 3 }));
    expect(g).toHaveLength(6);
    expect(show(g)[0]).toBe('A>A B>B C>C D>D mn1>mn1 mn2>mn2 mn3>mn3');
  });

  it('alike domains are interchangeable together with the MNs', () => {
    const g = configAutomorphisms(starWorld(2));
    expect(g).toHaveLength(4);
    expect(show(g)).toContain('A>A B>C C>B m0>m1 m1>m0');
  });

  it('a neighbour preference order breaks the symmetry it orders', () => {
    const w = starWorld(1);
    const ordered: WorldConfig = { ...w, domains: w.domains.map((d) => (d.id === 'A' ? { ...d, neighbours: ['B', 'C'] } : d)) };
    expect(configAutomorphisms(ordered)).toHaveLength(1);
  });

  it('MNs at different homes or with different methods are not interchangeable', () => {
    const w = makeWorld({ mns: 2 });
    const [m1, m2] = w.mns;
    if (!m1 || !m2) throw new Error('two MNs expected');
    expect(configAutomorphisms({ ...w, mns: [m1, { ...m2, method: 'TLS' }] })).toHaveLength(1);
    expect(configAutomorphisms({ ...w, mns: [m1, { ...m2, home: 'B' }] })).toHaveLength(1);
  });

  it('refuses to enumerate more than 8 domains', () => {
    expect(() => configAutomorphisms(makeWorld({ domains: 9 }))).toThrowError(SymmetryError);
  });

  it('rejects a bad world size with a typed error', () => {
    expect(() => makeWorld({ domains: 0 })).toThrowError(WorldSizeError);
    expect(() => makeWorld({ mns: 1.5 })).toThrowError(WorldSizeError);
    expect(() => makeWorld({ limit: -1 })).toThrowError(WorldSizeError);
  });
});
