// Mutants a run kills but names another requirement for than the one the mistake breaks:
// findings about the harness's diagnosis, not about the mutants. Each says what the run names
// and why. The tests hold the runs to exactly this, so a fix of the diagnosis (or a regression)
// shows up as a failing test, and the entry here is then removed or updated.

export interface NamingFinding {
  /** What the run names today. */
  readonly named: string;
  readonly why: string;
}

/** The default check: runCheck, seed 1, DEFAULT_CHECK_RUNS runs, default steps (test/mutants/default-check.ts). */
export const DEFAULT_CHECK_FINDINGS: Readonly<Record<string, NamingFinding>> = {
  'k-sent-unprotected': {
    named: 'A-MISK',
    why: 'the same missing XOR also unwraps without decrypting: in the first failing run the SUT MN, beside the tester\'s SPoS, takes the keystream-masked bytes for K, so the first thing the wire checks see wrong is its MISK (A-MISK), before any K of its own crosses the wire (5.14.2-S6)',
  },
};

/** The standard run (runConformance, DEFAULT_WORLD, ReferenceAdapter) and the lockstep judgement it uses. */
export const STANDARD_RUN_FINDINGS: Readonly<Record<string, NamingFinding>> = {};
