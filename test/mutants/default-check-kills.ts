// "The default check kills every mutant of the catalogue", as a vitest suite over one shard of
// it: the default check (`npm start`: runCheck in process with the mutant's impl/system.ts,
// seed 1, 100 runs, DEFAULT_STEPS, model on) fails the mutant, exit 1, and names the
// requirement it breaks (or, for a known misdiagnosis, exactly what naming-findings.ts says).
import { describe, expect, it } from 'vitest';
import { MUTANTS, expectedRequirements } from './catalogue.ts';
import { DEFAULT_CHECK, defaultCheck, shardOf } from './default-check.ts';
import { DEFAULT_CHECK_FINDINGS } from './naming-findings.ts';

export function defaultCheckKills(shard: number, shards: number): void {
  describe(`the default check (seed ${DEFAULT_CHECK.seed}, ${DEFAULT_CHECK.runs} runs, ${DEFAULT_CHECK.steps} steps), shard ${shard + 1}/${shards}`, () => {
    it.each(shardOf(MUTANTS, shard, shards).map((m) => [m.name, m.class, m] as const))('kills %s (%s), naming its requirement', async (name, _class, m) => {
      const r = await defaultCheck(m);
      expect(r.verdict, r.error ?? `${name} survived the default check`).toBe('fail');
      expect(r.exitCode).toBe(1);
      const finding = DEFAULT_CHECK_FINDINGS[name];
      if (finding !== undefined) expect(r.requirement, finding.why).toBe(finding.named);
      else expect(expectedRequirements(m), `${r.property} at seed ${r.seed}`).toContain(r.requirement);
    });
  });
}
