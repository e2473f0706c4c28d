// Statistics of a conformance run: what was exercised, so that a pass means something.
import type { Observation, PduType, Reason, Stimulus } from '../vocabulary/observation.ts';

export interface RunStats {
  /** fast-check runs (generated sequences) executed, shrinking excluded. */
  runs: number;
  /** Stimuli applied in those runs. */
  steps: number;
  /** Runs and steps spent shrinking a counterexample. */
  shrinkRuns: number;
  shrinkSteps: number;
  /** Stimuli per kind. */
  stimuli: Record<string, number>;
  /** Deliveries per PDU type (intact ones; corrupted deliveries under "corrupted"). */
  delivered: Record<string, number>;
  /** Decision reasons seen in emitted responses. */
  reasons: Record<string, number>;
  /** "<PDU type> → <status/reason>": the protocol exchanges the runs went through. */
  transitions: Record<string, number>;
  /** Statechart transitions of the model fired (by XState transition id), when the oracle tells. */
  modelTransitions: Record<string, number>;
  /** How many transitions the model's machines define (0 if the oracle does not tell). */
  modelTransitionsDefined: number;
  optimizedEstablishments: number;
  fullEstablishments: number;
  completedHandovers: number;
  /** Deepest SA (depth) any run reached. */
  maxDepth: number;
  /** Longest run, in stimuli. */
  maxRunLength: number;
  /** Runs by the deepest SA (depth) they reached: how often the chain limit was approached. */
  runsByDepth: Record<string, number>;
  /** Runs by length in stimuli, bucketed by tens ("0-9", "10-19", ...). */
  runsByLength: Record<string, number>;
}

export function emptyStats(): RunStats {
  return {
    runs: 0,
    steps: 0,
    shrinkRuns: 0,
    shrinkSteps: 0,
    stimuli: {},
    delivered: {},
    reasons: {},
    transitions: {},
    modelTransitions: {},
    modelTransitionsDefined: 0,
    optimizedEstablishments: 0,
    fullEstablishments: 0,
    completedHandovers: 0,
    maxDepth: 0,
    maxRunLength: 0,
    runsByDepth: {},
    runsByLength: {},
  };
}

const bump = (r: Record<string, number>, k: string): void => {
  r[k] = (r[k] ?? 0) + 1;
};

/** Accounts one lockstep step (judged on the model's observations). */
export function recordStep(stats: RunStats, prev: Observation, s: Stimulus, next: Observation, emitted: readonly Answer[]): void {
  stats.steps++;
  bump(stats.stimuli, s.kind);
  if (s.kind === 'deliver') {
    const p = prev.inFlight[s.index];
    if (p !== undefined) {
      bump(stats.delivered, p.corrupted === true ? 'corrupted' : p.type);
      const answer = emitted[0];
      if (p.corrupted !== true) bump(stats.transitions, transitionLabel(p.type, answer));
      if (p.type === 'MIS_HO_Complete.request' && p.corrupted !== true) stats.completedHandovers++;
    }
  }
  for (const e of emitted) if (e.reason !== undefined && e.reason !== 'NONE') bump(stats.reasons, e.reason);
  for (let i = 0; i < next.mns.length; i++) {
    const m = next.mns[i]!;
    const before = prev.mns[i]?.id === m.id ? prev.mns[i] : findMn(prev, m.id);
    for (const sa of m.sas) {
      if (sa.depth > stats.maxDepth) stats.maxDepth = sa.depth;
      // The same (immutable) MN observation as before the step: none of its SAs is new.
      if (before === m) continue;
      if (before !== undefined && heldBefore(before.sas, sa)) continue;
      if (before === undefined || before.sas.length === 0) continue; // initial attachment
      if (sa.idType === 3) stats.optimizedEstablishments++;
      else stats.fullEstablishments++;
    }
  }
}

type Answer = { type: PduType; status?: string; reason?: Reason };
/** Labels by answer object (observations are immutable and shared from step to step), then by the type answered. */
const labels = new WeakMap<Answer, Map<PduType, string>>();
const unansweredLabels = new Map<PduType, string>();

/** "<PDU type> → <answer type> <status>/<reason>", e.g. "MIS_Auth.request → MIS_Auth.response SUCCESS". */
function transitionLabel(delivered: PduType, answer: Answer | undefined): string {
  let byType = answer === undefined ? unansweredLabels : labels.get(answer);
  if (byType === undefined) labels.set(answer!, (byType = new Map()));
  let label = byType.get(delivered);
  if (label === undefined) {
    const what = answer === undefined ? 'no PDU' : `${answer.type}${answer.status === undefined ? '' : ` ${answer.status}`}${answer.reason === undefined || answer.reason === 'NONE' ? '' : `/${answer.reason}`}`;
    byType.set(delivered, (label = `${delivered} → ${what}`));
  }
  return label;
}

function findMn(o: Observation, id: string): Observation['mns'][number] | undefined {
  for (const m of o.mns) if (m.id === id) return m;
  return undefined;
}

function heldBefore(before: readonly { peer: string; key: string }[], sa: { peer: string; key: string }): boolean {
  for (const x of before) if (x.peer === sa.peer && x.key === sa.key) return true;
  return false;
}

/** Accounts a finished (non-shrinking) run. */
export function recordRun(stats: RunStats, length: number, deepest: number): void {
  if (length > stats.maxRunLength) stats.maxRunLength = length;
  bump(stats.runsByDepth, String(deepest));
  const b = Math.floor(length / 10) * 10;
  bump(stats.runsByLength, `${b}-${b + 9}`);
}

export function recordTransitions(stats: RunStats, ids: readonly string[]): void {
  for (const id of ids) bump(stats.modelTransitions, id);
}
