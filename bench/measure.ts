// Throughput measurement: warm up, then repeat timed runs and report the median rate.
// Figures only: nothing here asserts a speed.

export interface RateOptions {
  /** Warm-up time before the timed runs (lets V8 optimize the code under test). */
  readonly warmupMs?: number;
  /** Number of timed runs; the median is reported. */
  readonly runs?: number;
  /** Minimum duration of one timed run. */
  readonly runMs?: number;
}

export interface Rate {
  /** Median operations per second over the timed runs. */
  readonly median: number;
  /** Median operations per CPU second of this process (robust to other load on the machine). */
  readonly medianPerCpuSecond: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Rate of `batch`, which performs some operations and returns how many it performed. Batches
 * run until each timed run lasts at least runMs.
 */
export function measureRate(batch: () => number, opts: RateOptions = {}): Rate {
  const warmupMs = opts.warmupMs ?? 300;
  const runs = opts.runs ?? 5;
  const runMs = opts.runMs ?? 400;
  const until = performance.now() + warmupMs;
  while (performance.now() < until) batch();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let ops = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < runMs) {
      ops += batch();
      t = performance.now();
    }
    const c = process.cpuUsage(c0);
    rates.push((ops * 1000) / (t - t0));
    cpuRates.push((ops * 1e6) / Math.max(1, c.user + c.system));
  }
  return { median: median(rates), medianPerCpuSecond: median(cpuRates), min: Math.min(...rates), max: Math.max(...rates), runs };
}

export const round = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
