// The public entry point of the lockstep conformance harness: runConformance. fast-check
// generates stimulus sequences from the model's enabled events, the lockstep driver applies each
// to the model and the SUT and judges every step; on a failure fast-check shrinks the sequence
// and the result names the violated requirement, the minimal trace and a replay token.
import fc from 'fast-check';
import { AdapterError, type Adapter, type AdapterFactory, type Oracle, type OracleFactory } from './adapter.ts';
import { DEFAULT_WORLD } from './default-world.ts';
import { commandArbitrary, DEFAULT_WEIGHTS, type CommandWeights, type RunContext } from './commands.ts';
import { ConformanceFailure, Lockstep, type FailureKind, type LockstepObservation } from './lockstep.ts';
import type { Divergence } from './compare.ts';
import type { Observation, Stimulus, WorldConfig } from '../vocabulary/observation.ts';
import { formatReplayPath, formatReplayToken, parseReplayPath } from './replay-token.ts';
import { emptyStats, recordRun, type RunStats } from './stats.ts';
import type { Property, Violation } from '../properties/index.ts';
import type { Variant } from '../model/variants.ts';

/** Default budget of a standard conformance run. */
export const DEFAULT_RUNS = 150;
export const DEFAULT_MAX_COMMANDS = 90;
export const DEFAULT_SEED = 20260;
export const DEFAULT_MAX_SHRINK_RUNS = 300;

export interface ConformanceOptions {
  /** The implementation under test. */
  readonly sut: AdapterFactory;
  /** The oracle. Default: the model (harness/adapters/model-adapter.ts). */
  readonly oracle?: OracleFactory;
  /**
   * The interpretation variant of the default oracle (model/variants.ts: the axes that differ
   * from DEFAULT_VARIANT); ignored when `oracle` is given. Default: none, docs/protocol.md's.
   */
  readonly variant?: Partial<Variant>;
  /**
   * The properties judged (default the whole catalogue, properties/index.ts PROPERTIES). A
   * variant run leaves out a property its reading is known to break (a finding of the what-if
   * matrix, not the SUT's fault), so that the comparison with the model still judges every step.
   */
  readonly catalogue?: readonly Property[];
  /** A fixed world (default DEFAULT_WORLD); ignored when `worlds` is given. */
  readonly config?: WorldConfig;
  /**
   * Draw each run's world: the property runs over (world, commands), so the world shrinks with
   * the trace and the replay path reproduces it.
   */
  readonly worlds?: fc.Arbitrary<WorldConfig>;
  readonly seed: number;
  readonly runs: number;
  /** Replay: the path of a reported counterexample (ConformanceResult.counterexample.replayOptions.path). */
  readonly path?: string;
  /** Upper bound of stimuli per run (fast-check maxCommands). Default DEFAULT_MAX_COMMANDS. */
  readonly maxCommands?: number;
  /** Stop generating (and shrinking) after this long; the verdict covers the runs done. */
  readonly timeoutMs?: number;
  readonly weights?: CommandWeights;
  /**
   * Shrinking stops improving the counterexample after this many shrink runs (deterministic,
   * unlike a time limit). Default DEFAULT_MAX_SHRINK_RUNS.
   */
  readonly maxShrinkRuns?: number;
  /**
   * Narrows the enabled stimuli, given the SUT's current observation: a single-role SUT (the
   * CLI's TPoS-only process) is never asked to act in a role it does not implement.
   */
  readonly allow?: (sut: Observation, s: Stimulus, config: WorldConfig) => boolean;
  /** Compare the SUT's observations with the oracle's (default true); false judges by the properties alone. */
  readonly compare?: boolean;
  /** Called after every stimulus of a generated (not a shrinking) run, with both observations. */
  readonly onStep?: (s: Stimulus, o: LockstepObservation) => void;
  /** Called as each shrink run starts, with the runs so far and the budget (progress display). */
  readonly onShrinkRun?: (runs: number, budget: number) => void;
}

export interface Counterexample {
  readonly kind: FailureKind;
  /** The requirement a report names (the property's first, or the divergent field's). */
  readonly requirement: string;
  readonly requirements: readonly string[];
  /** Property id, "divergence", "sut-error" or "model-error". */
  readonly property: string;
  readonly message: string;
  /** The shrunk stimulus sequence, ending with the failing stimulus. */
  readonly trace: readonly Stimulus[];
  /** Model and SUT observations: the initial state, then one per stimulus. */
  readonly observations: readonly LockstepObservation[];
  /** Every property the failing step violated, in catalogue order. */
  readonly violations: readonly Violation[];
  /** Replay token `<seed>:<path>` (harness/replay-token.ts, parseReplayToken), as the CLI prints it. */
  readonly replay: string;
  /** Pass these to runConformance (with the same sut, config, maxCommands) to reproduce it exactly. */
  readonly replayOptions: { readonly seed: number; readonly path: string };
  /** Number of stimuli in the trace. */
  readonly length: number;
  /** For kind `divergence`: the differing field, the model's and the SUT's value. */
  readonly divergence?: Divergence;
  /** The world the counterexample ran in (drawn, when the run had `worlds`). */
  readonly config: WorldConfig;
}

export interface ConformanceResult {
  /** pass: no failure in `runs` runs; fail: the SUT violated a requirement; error: the model or the harness failed. */
  readonly verdict: 'pass' | 'fail' | 'error';
  readonly seed: number;
  /** Runs executed until the verdict (on failure: until the first failing run, shrinking excluded). */
  readonly runs: number;
  /** Stimuli applied in those runs. */
  readonly steps: number;
  readonly counterexample?: Counterexample;
  /** Why the verdict is error (a model finding, a model refusal, a harness fault). */
  readonly error?: string;
  readonly requirementsExercised: readonly string[];
  readonly stats: RunStats;
  /** Wall time of the whole call, and until the first failure was found. */
  readonly durationMs: number;
  readonly msToDetection?: number;
  /** The time limit stopped generation before `runs` runs. */
  readonly interrupted: boolean;
}

async function defaultOracle(variant: Partial<Variant> | undefined): Promise<OracleFactory> {
  const { modelOracleFactory, modelOracleFor } = await import('./adapters/model-adapter.ts');
  return variant === undefined ? modelOracleFactory : modelOracleFor(variant);
}

/** Thrown (before anything runs) for options no run can be made of. */
export class ConformanceOptionsError extends Error {
  override readonly name = 'ConformanceOptionsError';
}

function checkOptions(o: ConformanceOptions): void {
  const int = (name: string, v: number | undefined, min: number): void => {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < min)) throw new ConformanceOptionsError(`${name} must be an integer ≥ ${min}, got ${String(v)}`);
  };
  if (typeof o.sut !== 'function') throw new ConformanceOptionsError('sut must be an adapter factory');
  int('seed', o.seed, -(2 ** 31));
  if (o.seed >= 2 ** 31) throw new ConformanceOptionsError(`seed must fit in 32 bits, got ${o.seed}`);
  int('runs', o.runs, 1);
  int('maxCommands', o.maxCommands, 1);
  int('timeoutMs', o.timeoutMs, 1);
  int('maxShrinkRuns', o.maxShrinkRuns, 0);
}

/**
 * Runs the lockstep conformance check. Resolves to a verdict; rejects only for invalid options
 * (ConformanceOptionsError, ReplayPathError), before anything runs.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  checkOptions(options);
  const started = performance.now();
  const fixed = options.config ?? DEFAULT_WORLD;
  const maxCommands = options.maxCommands ?? DEFAULT_MAX_COMMANDS;
  const maxShrinkRuns = options.maxShrinkRuns ?? DEFAULT_MAX_SHRINK_RUNS;
  const replay = options.path === undefined ? null : parseReplayPath(options.path);
  const stats = emptyStats();
  const exercised = new Set<string>();
  let oracle: Oracle | null = null;
  let sut: Adapter | null = null;
  let firstFailureAt: number | null = null;
  let firstFailureRuns = 0;
  let firstFailureSteps = 0;
  try {
    oracle = (options.oracle ?? (await defaultOracle(options.variant)))();
    sut = await options.sut();
    const o = oracle;
    const s = sut;
    const commands = fc.commands([commandArbitrary(options.weights ?? DEFAULT_WEIGHTS)], {
      maxCommands,
      size: 'max',
      ...(replay?.replayPath === undefined ? {} : { replayPath: replay.replayPath }),
    });
    // Without `worlds` the property is the commands alone (mapped), so fixed-world paths stay as they were.
    const worldAndCommands: fc.Arbitrary<readonly [WorldConfig, Iterable<fc.AsyncCommand<RunContext, RunContext>>]> =
      options.worlds === undefined ? commands.map((c) => [fixed, c] as const) : fc.tuple(options.worlds, commands);
    const property = fc.asyncProperty(worldAndCommands, async ([config, cmds]) => {
      const shrinking = firstFailureAt !== null;
      // Past the shrink budget every candidate "passes" unexecuted, so fast-check keeps the
      // smallest counterexample found so far and stops quickly.
      if (shrinking && stats.shrinkRuns >= maxShrinkRuns) return;
      if (shrinking) {
        stats.shrinkRuns++;
        options.onShrinkRun?.(stats.shrinkRuns, maxShrinkRuns);
      }
      else stats.runs++;
      let lockstep: Lockstep | null = null;
      try {
        lockstep = await Lockstep.start({
          config, seed: options.seed, oracle: o, sut: s, stats, shrinking, allow: allowIn(options.allow, config), compare: options.compare,
          ...(options.catalogue === undefined ? {} : { catalogue: options.catalogue }),
          onExercised: shrinking
            ? undefined
            : (ids) => {
                for (const id of ids) exercised.add(id);
              },
          onStep: shrinking ? undefined : options.onStep,
        });
        const ctx: RunContext = { lockstep };
        await fc.asyncModelRun(() => ({ model: ctx, real: ctx }), cmds);
      } catch (e) {
        if (firstFailureAt === null) {
          firstFailureAt = performance.now();
          firstFailureRuns = stats.runs;
          firstFailureSteps = stats.steps;
        }
        throw e;
      } finally {
        const n = lockstep?.trace.length ?? 0;
        if (shrinking) stats.shrinkSteps += n;
        else recordRun(stats, n, lockstep?.deepest ?? 0);
        await lockstep?.close();
      }
    });
    const details = await fc.check(property, {
      seed: options.seed,
      numRuns: options.runs,
      ...(replay === null ? {} : { path: replay.fcPath, endOnFailure: true }),
      ...(options.timeoutMs === undefined ? {} : { interruptAfterTimeLimit: options.timeoutMs, markInterruptAsFailure: false }),
    });
    const durationMs = performance.now() - started;
    const base = {
      seed: options.seed,
      runs: firstFailureAt === null ? stats.runs : firstFailureRuns,
      steps: firstFailureAt === null ? stats.steps : firstFailureSteps,
      requirementsExercised: [...exercised].sort(),
      stats,
      durationMs,
      interrupted: details.interrupted,
      ...(firstFailureAt === null ? {} : { msToDetection: firstFailureAt - started }),
    };
    if (!details.failed) return { verdict: 'pass', ...base };
    const err = details.errorInstance;
    if (!(err instanceof ConformanceFailure)) {
      return { verdict: 'error', ...base, error: `harness fault: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` };
    }
    const [failingWorld, failingCommands] = details.counterexample?.[0] ?? [fixed, undefined];
    const replayPath = extractReplayPath(failingCommands);
    const path = formatReplayPath(details.counterexamplePath ?? '', replayPath);
    const counterexample: Counterexample = {
      kind: err.kind,
      requirement: err.requirement,
      requirements: err.requirements,
      property: err.property,
      message: err.message,
      trace: err.trace,
      observations: err.observations,
      violations: err.violations,
      replay: formatReplayToken(options.seed, path),
      replayOptions: { seed: options.seed, path },
      length: err.trace.length,
      config: failingWorld,
      ...(err.divergence === null ? {} : { divergence: err.divergence }),
    };
    if (err.kind === 'model-property' || err.kind === 'model-error') {
      return { verdict: 'error', ...base, counterexample, error: `model finding (${err.property}): ${err.detail}` };
    }
    return { verdict: 'fail', ...base, counterexample };
  } catch (e) {
    const durationMs = performance.now() - started;
    const msg = e instanceof AdapterError || e instanceof Error ? e.message : String(e);
    return { verdict: 'error', seed: options.seed, runs: stats.runs, steps: stats.steps, requirementsExercised: [...exercised].sort(), stats, durationMs, interrupted: false, error: `harness fault: ${msg}` };
  } finally {
    oracle?.close();
    await sut?.close();
  }
}

function allowIn(allow: ConformanceOptions['allow'], config: WorldConfig): ((sut: Observation, s: Stimulus) => boolean) | undefined {
  return allow === undefined ? undefined : (o, s) => allow(o, s, config);
}

/** fast-check prints the commands' replay path in the counterexample's string form. */
function extractReplayPath(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const m = /replayPath="([^"]*)"/.exec(String(value));
  return m?.[1];
}
