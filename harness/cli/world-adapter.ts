// The adapter shape the CLI drives: the harness's SUT adapter interface (reset, apply, observe,
// close), with every method allowed to be synchronous or asynchronous so an in-process module,
// the hybrid world around an external process, and the lockstep harness's own adapters fit.
import type { StepEvidence } from '../adapter.ts';
import type { Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import type { WireTesterStats } from '../tester/wire-tester.ts';

export interface CliAdapter {
  reset(config: WorldConfig, seed: number): void | Promise<void>;
  apply(stimulus: Stimulus): void | Promise<void>;
  observe(): Observation | Promise<Observation>;
  close?(): void | Promise<void>;
  /** What the tester's own wire checks saw in the last step (harness/adapter.ts). */
  evidence?(): StepEvidence;
  /** What the tester's wire checks verified on the SUT's side since the reset (HybridWorld). */
  wireStats?(): WireTesterStats;
}

export function isAdapter(x: unknown): x is CliAdapter {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return typeof a['reset'] === 'function' && typeof a['apply'] === 'function' && typeof a['observe'] === 'function';
}
