// Symmetry reduction on the model: the soundness condition (π commutes with enabled and step)
// on random states, fewer states, the same verdicts.
import { describe, expect, it } from 'vitest';
import { explore } from '../../harness/explore/explore.ts';
import { configAutomorphisms, SymmetryError } from '../../harness/explore/symmetry.ts';
import { permuteEvent, permuteWorld, symmetricWorldSystem } from '../../harness/explore/world-symmetry.ts';
import { eventLabel } from '../../model/world/events.ts';
import { enabled, initialWorld, step, type World } from '../../model/world/world.ts';
import { canonicalKey } from '../../harness/explore/world-key.ts';
import { PROPERTIES } from '../../properties/index.ts';
import { depthAtMost, starWorld } from './world-helpers.ts';
import { prng } from '../model/fixtures.ts';

describe('symmetry reduction on the model world', () => {
  const group = configAutomorphisms(starWorld);

  it('the star world swaps B with C and m1 with m2', () => {
    expect(group).toHaveLength(4);
  });

  it('every automorphism commutes with enabled and step on random states (soundness condition)', () => {
    const rnd = prng(7);
    let checked = 0;
    for (let walk = 0; walk < 12; walk++) {
      let w: World = initialWorld(starWorld, {}, { faults: ['drop', 'duplicate', 'corrupt'] });
      for (let i = 0; i < 25; i++) {
        const es = enabled(w);
        for (const p of group.slice(1)) {
          const pw = permuteWorld(w, p);
          // enabled(π s) = π(enabled(s)), as sets of events
          expect(enabled(pw).map(eventLabel).sort()).toEqual(es.map((e) => eventLabel(permuteEvent(e, p))).sort());
          for (const e of es) {
            // step(π s, π e) = π(step(s, e)), up to the model's canonical key
            expect(canonicalKey(step(pw, permuteEvent(e, p)))).toBe(canonicalKey(permuteWorld(step(w, e), p)));
            checked++;
          }
        }
        const e = es[Math.floor(rnd() * es.length)];
        if (e === undefined) break;
        w = step(w, e);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('reduces the state count and keeps the verdicts and counterexample lengths', () => {
    const catalogue = [...PROPERTIES, depthAtMost(0)];
    const plain = explore({ world: starWorld, maxDepth: 7, catalogue });
    const sym = explore({ world: starWorld, maxDepth: 7, catalogue, symmetry: true });
    expect(sym.symmetry.groupSize).toBe(4);
    expect(sym.distinctStates).toBeLessThan(plain.distinctStates / 2);
    const verdicts = (r: typeof plain): [string, number][] => r.counterexamples.map((c) => [c.property, c.length]);
    expect(verdicts(sym)).toEqual(verdicts(plain));
    expect(verdicts(sym)).toEqual([['test-depth-at-most-0', 6]]);
  });

  it('symmetric states get one key', () => {
    const { system } = symmetricWorldSystem({ config: starWorld, faults: [] });
    const s = system.initial;
    const viaM1 = system.step(s, { kind: 'attach', mn: 'm1', domain: 'B' });
    const viaM2 = system.step(s, { kind: 'attach', mn: 'm2', domain: 'C' });
    const other = system.step(s, { kind: 'attach', mn: 'm2', domain: 'A' });
    expect(system.key(viaM1)).toBe(system.key(viaM2));
    expect(system.key(viaM1)).not.toBe(system.key(other));
  });

  it('refuses ids that are also words of the model', () => {
    const w = { ...starWorld, mns: starWorld.mns.map((m, i) => ({ ...m, id: i === 0 ? 'idle' : m.id })) };
    expect(() => symmetricWorldSystem({ config: { ...w, mns: [w.mns[0]!, { ...w.mns[1]!, id: 'm9' }] } })).toThrowError(SymmetryError);
  });
});
