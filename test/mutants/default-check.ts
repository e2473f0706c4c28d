// The default check (`npm start`: runCheck, seed 1, DEFAULT_CHECK_RUNS runs, DEFAULT_STEPS, model
// on) run in process against one mutant of the catalogue: what test/mutants/default-check*.test.ts
// and `npm run mutants -- --check default` judge a mutant by.
import { join } from 'node:path';
import { runCheck } from '../../harness/cli/run-check.ts';
import { CliSutAdapter, DEFAULT_CHECK_RUNS, DEFAULT_STEPS, runSeed, type SeedResult } from '../../harness/cli/engine.ts';
import type { CliIo } from '../../harness/cli/io.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { buildMutant } from './build.ts';
import type { Mutant } from './catalogue.ts';

export const DEFAULT_CHECK = { seed: 1, runs: DEFAULT_CHECK_RUNS, steps: DEFAULT_STEPS } as const;

export interface DefaultCheckResult {
  readonly exitCode: number;
  readonly verdict: string;
  /** The first counterexample's requirement and property, if any. */
  readonly requirement?: string;
  readonly property?: string;
  /** The seed (run) that failed, and the counterexample's length and fast-check path after shrinking. */
  readonly seed?: number;
  readonly path?: string;
  readonly length?: number;
  readonly error?: string;
  readonly ms: number;
}

const quiet: CliIo = { out: () => undefined, err: () => undefined, interactive: false };

export async function defaultCheck(m: Mutant): Promise<DefaultCheckResult> {
  const module = join(buildMutant(m), 'impl', 'system.ts');
  const t = performance.now();
  const { report, exitCode } = await runCheck({ module, timeoutMs: 5000, ...DEFAULT_CHECK, json: false }, quiet, `proauth check --sut ${module}`);
  const cx = report.counterexamples[0];
  return {
    exitCode,
    verdict: report.verdict,
    ...(cx === undefined ? {} : { requirement: cx.requirement, property: cx.property, seed: cx.seed, path: cx.path, length: cx.length }),
    ...(report.error === undefined ? {} : { error: report.error }),
    ms: Math.round(performance.now() - t),
  };
}

/** What one seed of the default check does to a mutant: its run unshrunk, or the replay of a path. */
export interface SeedOutcome {
  readonly failed: boolean;
  readonly requirement?: string;
  readonly property?: string;
  readonly error?: string;
}

/**
 * Seed `seed` of the default check against mutant `m`, as runCheck runs it (runSeed, the seed's
 * placement, world and weights): with `path` undefined the run alone, not shrunk; with a path,
 * fast-check's replay of the counterexample that path names (what `proauth replay` does).
 */
export async function defaultCheckSeed(m: Mutant, seed: number, path?: string): Promise<SeedOutcome> {
  const module = join(buildMutant(m), 'impl', 'system.ts');
  const sut = await openSut({ module, timeoutMs: 5000 });
  try {
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    const r: SeedResult = await runSeed(sut, adapter, seed, { steps: DEFAULT_CHECK.steps, model: true, ...(path === undefined ? { maxShrinkRuns: 0 } : { path }) });
    const cx = r.counterexample;
    return { failed: cx !== undefined, ...(cx === undefined ? {} : { requirement: cx.requirement, property: cx.property }), ...(r.error === undefined ? {} : { error: r.error }) };
  } finally {
    await sut.close();
  }
}

/** The mutants of shard `index` (0-based) of `count`: test files split the catalogue this way. */
export function shardOf<T>(xs: readonly T[], index: number, count: number): readonly T[] {
  return xs.filter((_, i) => i % count === index);
}
