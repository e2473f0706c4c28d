// Mistakes that leave every PDU and key right and show only in what an entity keeps about
// itself: the suite c it records on an SA, the outcome an MN records (docs/protocol.md §7).
import type { MutantSpec } from '../catalogue.ts';

//= SPEC_MAPPING.md#A-STATUS
//= type=test
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/** Where a wrong outcome reason may point first: the reason's own rule, else its path's and A-STATUS. */
const OUTCOME_REASONS = ['5.14.2-N1c', '5.14.2-N1a', '5.14.2-N3', '5.14.2-N2a', '5.14.2-N4c', '5.14.1-S6', 'A-REPLAY', '5.14.2-S8', '5.14.2-N1b', 'A-STATUS'] as const;

export const OBSERVATION_2_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'tpos-sa-forgets-suite',
    requirement: ['5.14.2-S8', 'A-SUITES'],
    file: 'entities/pos.ts',
    find: "depth: pdu.depth, state: 'prepared', suite: decision.suite, misk",
    replace: "depth: pdu.depth, state: 'prepared', suite: null, misk",
    description: 'The TPoS derives the MISK with the c it chose but records its optimized SA as if no suite had been agreed.',
  },
  {
    name: 'mn-outcome-forgets-fallback-reason',
    requirement: OUTCOME_REASONS,
    file: 'entities/mn.ts',
    find: "this.#recordOutcome(tpos, 'full', pdu.reason);",
    replace: "this.#recordOutcome(tpos, 'full', 'NONE');",
    description: 'The MN falls back as told but forgets why: its outcome records no reason.',
  },
  {
    name: 'mn-outcome-optimized-as-full',
    requirement: ['5.14.2-S7', '5.14.2-N1b', 'A-STATUS'],
    file: 'entities/mn.ts',
    find: "this.#recordOutcome(tpos, 'optimized', 'NONE');",
    replace: "this.#recordOutcome(tpos, 'full', 'NONE');",
    description: 'The MN installs the optimized SA but records the handover as a full establishment.',
  },
];
