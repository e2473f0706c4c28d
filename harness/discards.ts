// Discards as the observation shows them (docs/protocol.md §7): per entity, the count and the
// cause of the latest. Summaries are immutable and shared, so an unchanged one keeps its
// identity and the comparator's per-object memo still applies.
import type { DiscardCause, DiscardSummary } from '../vocabulary/observation.ts';

export const NO_DISCARDS: DiscardSummary = { count: 0, last: null };

/** One more discard; `cause` null where the observer cannot tell. */
export function withDiscard(s: DiscardSummary, cause: DiscardCause | null): DiscardSummary {
  return { count: s.count + 1, last: cause };
}

/** Per entity, the summary of its discards since the reset. */
export class DiscardSummaries {
  readonly #byEntity = new Map<string, DiscardSummary>();

  of(entity: string): DiscardSummary {
    return this.#byEntity.get(entity) ?? NO_DISCARDS;
  }

  add(entity: string, cause: DiscardCause | null): void {
    this.#byEntity.set(entity, withDiscard(this.of(entity), cause));
  }

  clear(): void {
    this.#byEntity.clear();
  }
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A-DISCARD (docs/protocol.md §7): both show the same discards, where both report them: the same count, and the same latest cause
 * unless the model left it open. An `internal` cause is never the profile's: it agrees with nothing.
 */
export function sameDiscards(model: DiscardSummary | undefined, sut: DiscardSummary | undefined): boolean {
  if (model === sut || model === undefined || sut === undefined) return true;
  if (model.count !== sut.count) return false;
  if (sut.last === 'internal') return false;
  return model.last === null || model.last === sut.last;
}
