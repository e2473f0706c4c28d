// The run at which the standard conformance run (runConformance with DEFAULT_SEED, DEFAULT_RUNS
// and the default oracle, world, weights and budget) first fails each mutant, and the path of the
// counterexample it reports, as the full run found them (`npm run mutants -- --record`, which
// writes standard-run-record.json).
//
// The standard run is one fast-check property over DEFAULT_RUNS generated runs from DEFAULT_SEED.
// fast-check draws run i from the seed and i alone (its random generator jumped i + 1 times), and
// every run starts from a reset oracle and SUT (Lockstep.start), so the replay of path "i" is
// exactly run i of the full run, and fast-check stops there without shrinking (runConformance
// replays with endOnFailure). The full run stops at its first failing run and reports that run
// shrunk along the recorded path, which runConformance replays too. The suite makes just those
// two: run i, unshrunk, shows the mutant killed within the standard budget by the run's own
// generation and judgement; the replay of the path shows what the run names. Most of the full
// run's time goes to the passing runs before the failing one and to shrinking, which this skips;
// the judgement is the same. PROAUTH_MUTANTS_FULL=1 makes the full run and holds it to the record.
//
// The record goes stale when the runs change (the alphabet, its weights, the world, the budget):
// the replayed run then no longer fails, or fails elsewhere, and the test says to record again.
import { DEFAULT_MAX_COMMANDS, DEFAULT_MAX_SHRINK_RUNS, DEFAULT_RUNS, DEFAULT_SEED } from '../../harness/conformance.ts';
import { readRecordFile, writeRecordFile } from './default-check-record.ts';

/** The budget of the standard run, which the record's runs and paths depend on. */
export const STANDARD_RUN = { seed: DEFAULT_SEED, runs: DEFAULT_RUNS, maxCommands: DEFAULT_MAX_COMMANDS, maxShrinkRuns: DEFAULT_MAX_SHRINK_RUNS } as const;

export interface RecordedStandardKill {
  /** The first failing run, 0-based: the first number of the path. */
  readonly run: number;
  /** The path of the counterexample the run reports (its replay token's, after the seed). */
  readonly path: string;
  readonly requirement: string;
  readonly property: string;
}

export interface StandardRunRecord {
  readonly generatedBy: string;
  /** The budget the runs were found with: STANDARD_RUN when the record is current. */
  readonly standard: typeof STANDARD_RUN;
  readonly kills: Readonly<Record<string, RecordedStandardKill>>;
}

export const STANDARD_RECORD_FILE = new URL('./standard-run-record.json', import.meta.url);
export const STANDARD_RECORD_COMMAND = 'npm run mutants -- --record';

export function loadStandardRecord(): StandardRunRecord {
  return readRecordFile<StandardRunRecord>(STANDARD_RECORD_FILE);
}

export function writeStandardRecord(kills: Readonly<Record<string, RecordedStandardKill>>): void {
  writeRecordFile(STANDARD_RECORD_FILE, { generatedBy: STANDARD_RECORD_COMMAND, standard: { ...STANDARD_RUN } }, kills);
}
