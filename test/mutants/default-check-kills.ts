// "The default check kills every mutant of the catalogue", as a vitest suite over one shard of
// it: the default check (`npm start`: runCheck in process with the mutant's impl/system.ts,
// seed 1, DEFAULT_CHECK_RUNS runs, DEFAULT_STEPS, model on) fails the mutant, exit 1, and names
// the requirement it breaks (or, for a known misdiagnosis, exactly what naming-findings.ts says).
// Only the run of the recorded first failing seed is made, and the replay of the counterexample
// it shrinks to (default-check-record.ts says why that is the same judgement);
// PROAUTH_MUTANTS_FULL=1 makes every run and the shrinking.
import { describe, expect, it } from 'vitest';
import { MUTANTS, expectedRequirements } from './catalogue.ts';
import { DEFAULT_CHECK, defaultCheck, defaultCheckSeed, shardOf } from './default-check.ts';
import { RECORD_COMMAND, fullCheck, loadRecord } from './default-check-record.ts';
import { DEFAULT_CHECK_FINDINGS } from './naming-findings.ts';

export function defaultCheckKills(shard: number, shards: number): void {
  const record = loadRecord();
  const mode = fullCheck() ? 'every run' : 'the recorded seed';
  describe(`the default check (seed ${DEFAULT_CHECK.seed}, ${DEFAULT_CHECK.runs} runs, ${DEFAULT_CHECK.steps} steps; ${mode}), shard ${shard + 1}/${shards}`, () => {
    it.each(shardOf(MUTANTS, shard, shards).map((m) => [m.name, m.class, m] as const))('kills %s (%s), naming its requirement', async (name, _class, m) => {
      const recorded = record.kills[name];
      expect(recorded, `no recorded kill for ${name}: ${RECORD_COMMAND}`).toBeDefined();
      const last = DEFAULT_CHECK.seed + DEFAULT_CHECK.runs - 1;
      expect(recorded!.seed, `recorded seed of ${name} outside the default check's runs`).toBeGreaterThanOrEqual(DEFAULT_CHECK.seed);
      expect(recorded!.seed).toBeLessThanOrEqual(last);
      const stale = `the record of ${name} (seed ${recorded!.seed}) no longer holds; if the runs changed: ${RECORD_COMMAND}`;
      let named: { requirement?: string; property?: string };
      if (fullCheck()) {
        const r = await defaultCheck(m);
        expect(r.verdict, r.error ?? `${name} survived the default check`).toBe('fail');
        expect(r.exitCode).toBe(1);
        expect({ seed: r.seed, path: r.path }, stale).toEqual({ seed: recorded!.seed, path: recorded!.path });
        named = r;
      } else {
        const run = await defaultCheckSeed(m, recorded!.seed);
        expect(run.error, stale).toBeUndefined();
        expect(run.failed, stale).toBe(true);
        const replay = await defaultCheckSeed(m, recorded!.seed, recorded!.path);
        expect(replay.error, stale).toBeUndefined();
        expect(replay.failed, stale).toBe(true);
        named = replay;
      }
      const finding = DEFAULT_CHECK_FINDINGS[name];
      if (finding !== undefined) expect(named.requirement, finding.why).toBe(finding.named);
      else expect(expectedRequirements(m), `${named.property} at seed ${recorded!.seed}`).toContain(named.requirement);
      expect({ requirement: named.requirement, property: named.property }, stale).toEqual({ requirement: recorded!.requirement, property: recorded!.property });
    });
  });
}
