// A state's key must not depend on the order the explorer met states in. The facts key kept the
// pending handovers' serialization per map, though it spells their Nonce-N by the live names of
// the observation at hand: a state whose pending map was first keyed with another observation
// got that one's spelling. States cloned as the parallel explorer's workers receive them (new
// objects, the same content) mixed with states made in place show it.
import { describe, expect, it } from 'vitest';
import { exploreSystem } from '../../harness/explore/bfs.ts';
import { worldSystem } from '../../harness/explore/world-system.ts';
import { exploreWorld } from '../../harness/explore/worlds.ts';

describe('the facts key and the order of exploration', () => {
  it('gives the same levels whether or not half of the successors are clones', () => {
    const levels = (cloneEvery: number): readonly number[] => {
      const sys = worldSystem({ config: exploreWorld({}), faults: [], portable: true });
      let made = 0;
      const step: typeof sys.step = (s, e) => {
        const t = sys.step(s, e);
        return cloneEvery > 0 && made++ % cloneEvery === 0 ? (sys.decode as (x: unknown) => typeof t)(structuredClone((sys.encode as (x: typeof t) => unknown)(t))) : t;
      };
      // No peeks: every successor goes through step (and may be a clone).
      const { peek: _none, ...unpeeked } = sys;
      return exploreSystem({ ...unpeeked, step }, { maxDepth: 9 }).levelSizes;
    };
    const plain = levels(0);
    expect(levels(2)).toEqual(plain);
    expect(levels(3)).toEqual(plain);
  }, 60_000);
});
