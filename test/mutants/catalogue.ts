// The non-conformant implementations the conformance harness must catch. Each mutant is one
// small, realistic source change to the reference implementation: the kind of mistake an
// implementer of Clause 5.14 could make. `requirement` is what the harness must name when it
// kills the mutant (one ID, or the set of acceptable IDs when the same fault violates several
// sentences at once, e.g. N4b and N4c for a chain that is not limited).
//
// The lists live in ./catalogue/, one file per class of mistake (MutantClass): what it takes to
// see the mistake decides which runs can kill it.
//
// Every `find` must occur exactly once in its file (test/mutants/catalogue.test.ts), so a
// mutant cannot silently rot into a no-op when impl/ changes.
import { CLASSIC_MUTANTS } from './catalogue/classic.ts';
import { DISCARD_CAUSE_MUTANTS } from './catalogue/discard-causes.ts';
import { ERP_SEQ_MUTANTS } from './catalogue/erp-seq.ts';
import { LOWER_TESTER_MUTANTS } from './catalogue/lower-tester.ts';
import { OBSERVATION_MUTANTS } from './catalogue/observation.ts';
import { OBSERVATION_2_MUTANTS } from './catalogue/observation-2.ts';
import { REORDERING_MUTANTS } from './catalogue/reordering.ts';
import { PRECEDENCE_MUTANTS } from './catalogue/precedence.ts';
import { REACH_MUTANTS } from './catalogue/reach.ts';
import { SPOILT_REQUEST_MUTANTS } from './catalogue/spoilt-requests.ts';
import { LATE_ANSWER_MUTANTS } from './catalogue/late-answers.ts';
import { RECEIVER_CHECK_MUTANTS } from './catalogue/receiver-checks.ts';
import { SEALED_MALFORMED_MUTANTS } from './catalogue/sealed-malformed.ts';
import { SUITES_AND_ERP_MUTANTS } from './catalogue/suites-and-erp.ts';
import { WIRE_MUTANT_SPECS } from './catalogue/wire.ts';
import { WORLD_MUTANTS } from './catalogue/generated-worlds.ts';
import { FRESH_DRAW_MUTANTS } from './catalogue/fresh-draws.ts';
import { FRESH_TID_MUTANTS } from './catalogue/fresh-tids.ts';
import { UNSEEN_LOWER_TESTER_MUTANTS, UNSEEN_WORLD_MUTANTS } from './catalogue/unseen-classes.ts';
import { MAC_FIRST_MUTANTS } from './catalogue/mac-first.ts';
import { BORROWED_TID_MUTANTS } from './catalogue/borrowed-tids.ts';

//= SPEC_MAPPING.md#A-STATUS
//= type=test
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/**
 * - classic: a decision, key or state mistake the fixed DEFAULT_WORLD shows;
 * - world: shows only in some generated worlds (an ERP MN, a suite order, a RAT set);
 * - wire: codec or key schedule mistakes made alike on both ends, which cancel out unless a
 *   tester with code of its own reads the wire (harness/tester/);
 * - lower-tester: with an honest network and honest peers the mistake never matters; only a
 *   tampered PDU or a lie of the active lower tester reaches the missing check;
 * - observation: a field of a PDU the peers ignore or tolerate, seen only because observations
 *   carry every request and answer field (vocabulary/observation.ts), or the tester reads it on
 *   the wire (a tid that is not fresh);
 * - reordering: a late completion indication or an old PDU delivered again (docs/protocol.md §3).
 * - precedence: every check present, one at another place of its order (A-STATUS), seen only
 *   where two causes hold at one decision (the TP-ORDER-* purposes).
 */
export type MutantClass = 'classic' | 'world' | 'wire' | 'lower-tester' | 'observation' | 'reordering' | 'precedence';

export interface Mutant {
  readonly name: string;
  readonly class: MutantClass;
  readonly requirement: string | readonly string[];
  /** Path relative to impl/. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** What an implementer got wrong, in one sentence. */
  readonly description: string;
  /** Further edits of the same mistake in other places (a mistake made the same way on both ends). */
  readonly more?: readonly MutantEdit[];
  /**
   * Only the default check (generated worlds) can kill it; the standard run's fixed world never
   * reaches the mistake, for the reason `why` gives (test/mutants/mutants.test.ts skips it).
   */
  readonly only?: { readonly check: 'default-check'; readonly why: string };
  /**
   * The default check's budget no longer meets the mistake (`why`); a scripted test kills it
   * (`killedBy`). Out of MUTANTS and both records, in DEFAULT_CHECK_MISSES, so a miss is said.
   */
  readonly missed?: { readonly why: string; readonly killedBy: string };
}

/** A catalogue entry before its list gives it its class. */
export type MutantSpec = Omit<Mutant, 'class'>;

export interface MutantEdit {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

/** Every edit of a mutant, the first one first. */
export function editsOf(m: MutantSpec): readonly MutantEdit[] {
  return [{ file: m.file, find: m.find, replace: m.replace }, ...(m.more ?? [])];
}

export function expectedRequirements(m: MutantSpec): readonly string[] {
  return typeof m.requirement === 'string' ? [m.requirement] : m.requirement;
}

const ofClass = (c: MutantClass, specs: readonly MutantSpec[]): Mutant[] => specs.map((m) => ({ ...m, class: c }));

const CATALOGUE: readonly Mutant[] = [
  ...ofClass('classic', CLASSIC_MUTANTS),
  ...ofClass('world', WORLD_MUTANTS),
  ...ofClass('world', ERP_SEQ_MUTANTS),
  ...ofClass('world', SUITES_AND_ERP_MUTANTS),
  ...ofClass('world', UNSEEN_WORLD_MUTANTS),
  ...ofClass('wire', WIRE_MUTANT_SPECS),
  ...ofClass('lower-tester', LOWER_TESTER_MUTANTS),
  ...ofClass('lower-tester', RECEIVER_CHECK_MUTANTS),
  ...ofClass('lower-tester', SEALED_MALFORMED_MUTANTS),
  ...ofClass('lower-tester', DISCARD_CAUSE_MUTANTS),
  ...ofClass('lower-tester', REACH_MUTANTS),
  ...ofClass('lower-tester', SPOILT_REQUEST_MUTANTS),
  ...ofClass('lower-tester', LATE_ANSWER_MUTANTS),
  ...ofClass('lower-tester', UNSEEN_LOWER_TESTER_MUTANTS),
  ...ofClass('lower-tester', MAC_FIRST_MUTANTS),
  ...ofClass('lower-tester', BORROWED_TID_MUTANTS),
  ...ofClass('observation', OBSERVATION_MUTANTS),
  ...ofClass('observation', OBSERVATION_2_MUTANTS),
  ...ofClass('observation', FRESH_TID_MUTANTS),
  ...ofClass('observation', FRESH_DRAW_MUTANTS),
  ...ofClass('reordering', REORDERING_MUTANTS),
  ...ofClass('precedence', PRECEDENCE_MUTANTS),
];

/** The catalogue's mutants the default check kills at its budget (both records hold exactly these). */
export const MUTANTS: readonly Mutant[] = CATALOGUE.filter((m) => m.missed === undefined);

/** The catalogue's mutants the default check no longer meets at its budget, each with the scripted test that kills it. */
export const DEFAULT_CHECK_MISSES: readonly Mutant[] = CATALOGUE.filter((m) => m.missed !== undefined);

/** Every mutant of the catalogue, for the scripted tests. */
export const ALL_MUTANTS: readonly Mutant[] = CATALOGUE;
