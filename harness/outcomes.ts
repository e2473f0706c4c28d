// Handover outcomes as the observation shows them (docs/protocol.md §7): per MN, the count and
// the latest. Summaries are immutable and shared, so an unchanged one keeps its identity and
// the comparator's per-object memo still applies.
import type { HandoverOutcome, OutcomeSummary } from '../vocabulary/observation.ts';

export const NO_OUTCOMES: OutcomeSummary = { count: 0, last: null };

export function withOutcome(s: OutcomeSummary, o: HandoverOutcome): OutcomeSummary {
  return { count: s.count + 1, last: o };
}

/** An entity's outcome list read as summaries, one object per list length. */
export class OutcomeSummaries {
  readonly #byMn = new Map<string, OutcomeSummary>();

  of(mn: string, outcomes: readonly HandoverOutcome[]): OutcomeSummary {
    const known = this.#byMn.get(mn) ?? NO_OUTCOMES;
    if (known.count === outcomes.length) return known;
    const next = { count: outcomes.length, last: outcomes.at(-1) ?? null };
    this.#byMn.set(mn, next);
    return next;
  }

  clear(): void {
    this.#byMn.clear();
  }
}

const same = (a: HandoverOutcome | null, b: HandoverOutcome | null): boolean =>
  a === b || (a !== null && b !== null && a.mn === b.mn && a.from === b.from && a.to === b.to && a.path === b.path && a.reason === b.reason);

/** Both show the same outcomes. */
export function sameOutcomes(a: OutcomeSummary | undefined, b: OutcomeSummary | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.count === b.count && same(a.last, b.last));
}
