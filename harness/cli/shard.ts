// Deterministic seed split for CI matrices: run j (0 ≤ j < runs) uses seed base + j, and
// shard i of n takes the runs j ≡ i (mod n), i.e. seeds base+i, base+i+n, base+i+2n, …
// The union of the n shards is exactly the unsharded check, with no run twice.
import { UsageError } from './io.ts';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new UsageError(`--shard: expected i/n (e.g. 0/4), got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new UsageError('--shard: n must be ≥ 1');
  if (index >= count) throw new UsageError(`--shard: i must be in 0..${count - 1} (0-based), got ${index}`);
  return { index, count };
}

export function seedsFor(base: number, runs: number, shard?: Shard): number[] {
  const out: number[] = [];
  for (let j = 0; j < runs; j++) if (shard === undefined || j % shard.count === shard.index) out.push(base + j);
  return out;
}

/**
 * The seeds of a check; a shard that gets none of the runs is a usage error, not a pass: a CI
 * matrix wider than --runs would otherwise report green for shards that checked nothing.
 */
export function seedsOfCheck(base: number, runs: number, shard?: Shard): number[] {
  const seeds = seedsFor(base, runs, shard);
  if (seeds.length === 0 && shard !== undefined) {
    throw new UsageError(`--shard ${shard.index}/${shard.count}: no runs for this shard (--runs ${runs} gives runs only to shards 0..${Math.min(runs, shard.count) - 1}); use --runs ${shard.count} or more, or fewer shards`);
  }
  return seeds;
}

export function parseIntOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`${name}: expected an integer, got ${JSON.stringify(text)}`);
    const n = Number(text);
    if (n < min || n > max) throw new UsageError(`${name}: must be in ${min}..${max}, got ${n}`);
    return n;
  };
}
