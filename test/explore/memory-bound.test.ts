// The memory bound (ExploreBounds.maxMemoryBytes, `--max-memory`) and the progress lines: a
// stop on memory is a bound reported like the others, at a level barrier or inside a level.
import { describe, expect, it } from 'vitest';
import { exploreSystem, MEMORY_CHECK_EVERY } from '../../harness/explore/bfs.ts';
import { expandLine, levelLine, progressReporter } from '../../harness/explore/progress.ts';
import { bitFlips } from './toys.ts';

const MB = 2 ** 20;

describe('the memory bound', () => {
  it('stops at a level barrier once the resident set reaches the bound', () => {
    // 1 byte: reached at the first barrier, after level 1 (12 states) is complete.
    const r = exploreSystem(bitFlips(12), { maxMemoryBytes: 1 });
    expect(r.stopReason).toBe('memory');
    expect(r.fixpoint).toBe(false);
    expect(r.distinctStates).toBe(13);
    expect(r.levelSizes).toEqual([1, 12]);
    expect(r.memoryStop).toMatchObject({ what: 'rss', bound: 1, atBarrier: true });
  });

  it('stops inside a level, with the part of the next level found so far counted', () => {
    // A resident set that grows with every reading: within the bound at the barriers after
    // levels 0..3, past it at the first check inside level 4 (C(14,4) = 1001 states).
    let readings = 0;
    const readMemory = (): { rss: number; heapUsed: number } => ({ rss: ++readings * MB, heapUsed: 0 });
    const r = exploreSystem(bitFlips(14), { maxMemoryBytes: 5 * MB, readMemory });
    expect(r.stopReason).toBe('memory');
    expect(r.memoryStop).toMatchObject({ what: 'rss', used: 5 * MB, atBarrier: false });
    // Levels 0..4 whole, and what the first MEMORY_CHECK_EVERY expansions of level 4 found of level 5.
    expect(r.levelSizes.slice(0, 5)).toEqual([1, 14, 91, 364, 1001]);
    expect(r.levelSizes).toHaveLength(6);
    expect(r.transitions).toBe((1 + 14 + 91 + 364 + MEMORY_CHECK_EVERY) * 14);
    expect(r.distinctStates).toBe(r.levelSizes.reduce((a, b) => a + b, 0));
  });

  it('stops before the V8 heap reaches its limit, whatever maxMemoryBytes says', () => {
    const readMemory = (): { rss: number; heapUsed: number } => ({ rss: 0, heapUsed: Number.MAX_SAFE_INTEGER });
    const r = exploreSystem(bitFlips(10), { readMemory });
    expect(r.stopReason).toBe('memory');
    expect(r.memoryStop?.what).toBe('heap');
  });

  it('does not stop a run that stays within the bound', () => {
    const r = exploreSystem(bitFlips(10), { maxMemoryBytes: Number.MAX_SAFE_INTEGER });
    expect([r.stopReason, r.distinctStates, r.memoryStop]).toEqual(['fixpoint', 1024, null]);
  });
});

describe('progress lines', () => {
  it('says the level, states, rate, resident memory and the level ETA from its expanded fraction', () => {
    const line = expandLine({ depth: 7, levelSize: 1000, expanded: 250, distinctStates: 5000, transitions: 9000, seconds: 12, rss: 300 * MB }, 10, 2000);
    // A quarter expanded in 10 s: 30 s to go.
    expect(line).toBe("depth 8: 25 % of depth 7's 1,000 states expanded, 5,000 states, 200 new states/s, RSS 300 MiB, level ETA 30s");
    expect(levelLine({ depth: 3, distinctStates: 40, transitions: 90, frontier: 20, seconds: 1.5, rss: 100 * MB }, 0.5, 20)).toBe(
      'depth 3: 40 states, 90 transitions, frontier 20, 1.5 s, 40 new states/s, RSS 100 MiB',
    );
  });

  it('prints a line per level when asked, and redraws one status line in place on a terminal', () => {
    let t = 0;
    const lines: string[] = [];
    const asked = progressReporter({ write: (s) => lines.push(s), inPlace: false, levels: true, now: () => t });
    exploreSystem(bitFlips(3), { onLevel: (p) => { t += 1000; asked.onLevel(p); }, onExpand: asked.onExpand });
    asked.end();
    // The last barrier finds the frontier empty: the fixpoint.
    expect(lines.map((l) => l.replace(/,.*/s, ''))).toEqual(['depth 1: 4 states', 'depth 2: 7 states', 'depth 3: 8 states', 'depth 4: 8 states']);
    const drawn: string[] = [];
    const tty = progressReporter({ write: (s) => drawn.push(s), inPlace: true, levels: false, now: () => t });
    exploreSystem(bitFlips(3), { onLevel: (p) => { t += 1000; tty.onLevel(p); } });
    tty.end();
    expect(drawn.every((d) => d.startsWith('\r'))).toBe(true);
    expect(drawn).toHaveLength(5);
    expect(drawn.at(-1)).toBe('\r\u001b[K');
    // Levels faster than the redraw interval draw nothing in place.
    const quick: string[] = [];
    const fast = progressReporter({ write: (s) => quick.push(s), inPlace: true, levels: false, now: () => t });
    exploreSystem(bitFlips(3), { onLevel: fast.onLevel });
    fast.end();
    expect(quick).toEqual([]);
  });
});
