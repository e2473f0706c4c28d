// The result of one `proauth check` (or replay / validate-trace) as every report writer sees
// it. Plain JSON data: the JSON report is exactly this value. Keys appear only as fingerprints.
import type { Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import type { Pics, Role } from '../pics/pics.ts';
import type { Exercised } from './exercised.ts';

/** TTCN-3 verdicts (ETSI ES 201 873-1 §24): none < pass < inconc < fail < error. */
export type Verdict = 'none' | 'pass' | 'inconc' | 'fail' | 'error';

const ORDER: readonly Verdict[] = ['none', 'pass', 'inconc', 'fail', 'error'];

/** TTCN-3 overwriting rule: a verdict can only get worse. */
export function worst(a: Verdict, b: Verdict): Verdict {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** One step of a trace: the stimulus and what was observed after it. */
export interface TraceStep {
  readonly stimulus: Stimulus;
  /** Observation of the SUT side after the stimulus (PDUs in flight, SAs with fingerprints). */
  readonly observation: Observation;
  /** The model's observation after the same stimulus, when known (for the diff). */
  readonly expected?: Observation;
}

export interface Counterexample {
  /** Requirement ID the failure is attributed to (from the property / the lockstep diff). */
  readonly requirement: string;
  readonly property: string;
  readonly message: string;
  readonly seed: number;
  /** fast-check replay path. */
  readonly path: string;
  readonly length: number;
  /** Observation before the first stimulus (after reset). */
  readonly initial?: Observation;
  /** The command that re-runs exactly this counterexample. */
  readonly replay: string;
  readonly trace: readonly TraceStep[];
  /** The world it ran in (drawn per run from the PICS; the replay token reproduces it). */
  readonly world?: WorldConfig;
  /** Who the SUT played (the seed's placement; the replay token reproduces it). */
  readonly placement?: { readonly kind: 'all' | 'mns' | 'pos'; readonly roles: readonly Role[]; readonly entities: readonly string[] };
  /** A tester entity discarded the SUT PDU the counterexample ends with. */
  readonly discard?: { readonly entity: string; readonly reason: string; readonly requirement: string };
}

export interface PurposeResult {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  readonly verdict: Verdict;
  readonly because?: string;
}

export interface RequirementResult {
  readonly id: string;
  readonly verdict: Verdict;
  readonly purposes: readonly string[];
  /** Why not pass, where the purposes alone would say pass (missing wire evidence). */
  readonly because?: string;
}

export interface CheckReport {
  readonly tool: 'proauth';
  readonly command: string;
  readonly verdict: Verdict;
  readonly sut: {
    readonly kind: 'in-process' | 'process';
    readonly name: string;
    /** Empty when not known (`unknown` says why). */
    readonly roles: readonly Role[];
    readonly entities: readonly string[];
    /** Why the roles and the PICS are not known (the SUT did not complete the handshake). */
    readonly unknown?: string;
  };
  /** The PICS the check judged by; absent when not known (see `sut.unknown`). */
  readonly pics?: Pics;
  /** What judged the run: "model lockstep + property catalogue", or the catalogue alone and why. */
  readonly oracle?: string;
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly shard?: { readonly index: number; readonly count: number; readonly seeds: readonly number[] };
  readonly durationMs: number;
  readonly purposes: readonly PurposeResult[];
  readonly requirements: readonly RequirementResult[];
  readonly counterexamples: readonly Counterexample[];
  /** What the runs exercised, with counts (absent for replay and validate-trace). */
  readonly exercised?: Exercised;
  readonly error?: string;
}

/** The `--json` summary printed on stdout (stable, documented in docs/cli.md). */
export interface JsonSummary {
  readonly verdict: 'pass' | 'fail' | 'error';
  readonly seed: number;
  readonly runs: number;
  readonly steps: number;
  readonly requirements: readonly { readonly id: string; readonly verdict: Verdict }[];
  readonly counterexamples: readonly { readonly requirement: string; readonly length: number; readonly replay: string }[];
  readonly exercised?: Exercised;
  readonly error?: string;
}

export function summarize(r: CheckReport): JsonSummary {
  const verdict = r.verdict === 'error' ? 'error' : r.verdict === 'fail' ? 'fail' : 'pass';
  return {
    verdict,
    seed: r.seed,
    runs: r.runs,
    steps: r.steps,
    requirements: r.requirements.map((q) => ({ id: q.id, verdict: q.verdict })),
    counterexamples: r.counterexamples.map((c) => ({ requirement: c.requirement, length: c.length, replay: c.replay })),
    ...(r.exercised !== undefined ? { exercised: r.exercised } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
  };
}
