// The seed at which the default check first fails each mutant, as the full check found it
// (`npm run mutants -- --check default --record`, which writes default-check-record.json).
//
// Every run of the default check is its own seed (harness/cli/shard.ts): run j is seed 1 + j, the
// same whether it runs alone or after the others. So one run of the recorded seed is exactly the
// run at which the full check stops, and the counterexample the check reports is that run shrunk
// along the recorded fast-check path. The suite makes just those two: the seed's run, unshrunk,
// shows the mutant killed within the budget by the check's own generation and judgement; the
// replay of the path shows what the check names. Most of the full check's time goes to the
// passing runs before the failing one and to shrinking, which this skips; the judgement is
// the same. PROAUTH_MUTANTS_FULL=1 runs the full check instead and holds it to the record.
//
// The record goes stale when the runs change (the alphabet, its weights, the world generator):
// a replayed seed then no longer fails, or fails elsewhere, and the test says to record again.
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_CHECK } from './default-check.ts';

export interface RecordedKill {
  /** The first seed of the default check that fails the mutant. */
  readonly seed: number;
  /** The fast-check path of the counterexample the check reports (its replay token's). */
  readonly path: string;
  readonly requirement: string;
  readonly property: string;
}

export interface KillRecord {
  readonly generatedBy: string;
  /** The budget the seeds were found with: DEFAULT_CHECK when the record is current. */
  readonly check: { readonly seed: number; readonly runs: number; readonly steps: number };
  readonly kills: Readonly<Record<string, RecordedKill>>;
}

export const RECORD_FILE = new URL('./default-check-record.json', import.meta.url);
export const RECORD_COMMAND = 'npm run mutants -- --check default --record';

export function loadRecord(): KillRecord {
  return readRecordFile<KillRecord>(RECORD_FILE);
}

export function writeRecord(kills: Readonly<Record<string, RecordedKill>>): void {
  writeRecordFile(RECORD_FILE, { generatedBy: RECORD_COMMAND, check: { ...DEFAULT_CHECK } }, kills);
}

/** A record file (this one, or standard-run-record.json) as written. */
export function readRecordFile<R>(file: URL): R {
  return JSON.parse(readFileSync(file, 'utf8')) as R;
}

/** Writes a record file: its head, then the kills sorted by mutant name, so a re-record diffs by mutant. */
export function writeRecordFile(file: URL, head: Readonly<Record<string, unknown>>, kills: Readonly<Record<string, unknown>>): void {
  const sorted = Object.fromEntries(Object.entries(kills).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileSync(file, JSON.stringify({ ...head, kills: sorted }, null, 2) + '\n');
}

/** Replay the recorded kills, or (PROAUTH_MUTANTS_FULL=1) make every run of the default check and of the standard run. */
export const fullCheck = (): boolean => process.env['PROAUTH_MUTANTS_FULL'] === '1';
