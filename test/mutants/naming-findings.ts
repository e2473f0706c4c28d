// Mutants a run kills but names another requirement for than the one the mistake breaks:
// findings about the harness's diagnosis, not about the mutants. Each says what the run names
// and why. The tests hold the runs to exactly this, so a fix of the diagnosis (or a regression)
// shows up as a failing test, and the entry here is then removed or updated.

export interface NamingFinding {
  /** What the run names today. */
  readonly named: string;
  readonly why: string;
}

/** Seed 1 of the default check plays the MNs alone against the tester's pristine PoSs. */
const SUT_RECEIVER_DROPS =
  "the first counterexample is in the 'mns' placement (seed 1): the SUT's MN, sharing the mistake with no peer, silently drops or mis-reads a correct PDU from the tester's pristine PoS, and the harness sees only the consequence (an MN still waiting, or a MISK that does not match), so it names the exchange (harness/compare.ts receiverRequirements) or the wire check, never the field the MN got wrong: the SUT's own discard reason is not observed";

/** The default check: runCheck, seed 1, DEFAULT_CHECK_RUNS runs, default steps (test/mutants/default-check.ts). */
export const DEFAULT_CHECK_FINDINGS: Readonly<Record<string, NamingFinding>> = {
  'wrong-id-type-tls': { named: '5.14.1-S24', why: SUT_RECEIVER_DROPS },
  'erp-id-type-gkb': { named: '5.14.1-S24', why: SUT_RECEIVER_DROPS },
  'tlv-numbers-swapped': { named: '5.14.1-S24', why: SUT_RECEIVER_DROPS },
};

/** The standard run (runConformance, DEFAULT_WORLD, ReferenceAdapter) and the lockstep judgement it uses. */
export const STANDARD_RUN_FINDINGS: Readonly<Record<string, NamingFinding>> = {};
