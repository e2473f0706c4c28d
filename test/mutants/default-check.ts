// The default check (`npm start`: runCheck, seed 1, 100 runs, DEFAULT_STEPS, model on) run in
// process against one mutant of the catalogue: what test/mutants/default-check*.test.ts and
// `npm run mutants -- --check default` judge a mutant by.
import { join } from 'node:path';
import { runCheck } from '../../harness/cli/run-check.ts';
import { DEFAULT_CHECK_RUNS, DEFAULT_STEPS } from '../../harness/cli/engine.ts';
import type { CliIo } from '../../harness/cli/io.ts';
import { buildMutant } from './build.ts';
import type { Mutant } from './catalogue.ts';

export const DEFAULT_CHECK = { seed: 1, runs: DEFAULT_CHECK_RUNS, steps: DEFAULT_STEPS } as const;

export interface DefaultCheckResult {
  readonly exitCode: number;
  readonly verdict: string;
  /** The first counterexample's requirement and property, if any. */
  readonly requirement?: string;
  readonly property?: string;
  /** The seed (run) that failed, and the counterexample's length after shrinking. */
  readonly seed?: number;
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
    ...(cx === undefined ? {} : { requirement: cx.requirement, property: cx.property, seed: cx.seed, length: cx.length }),
    ...(report.error === undefined ? {} : { error: report.error }),
    ms: Math.round(performance.now() - t),
  };
}

/** The mutants of shard `index` (0-based) of `count`: test files split the catalogue this way. */
export function shardOf<T>(xs: readonly T[], index: number, count: number): readonly T[] {
  return xs.filter((_, i) => i % count === index);
}
