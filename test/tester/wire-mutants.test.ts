// True positives: each mutation of impl's codec or crypto in WIRE_MUTANTS is caught by the
// WireTester within a short seeded run, with the finding and requirement the list names. A
// tester that used impl's own code would see none of them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { expectedRequirements } from '../mutants/catalogue.ts';
import { loadMutant, occurrences, baseSource } from '../mutants/build.ts';
import { drive } from './drive.ts';
import { WIRE_FINDING, WIRE_MUTANTS } from './wire-mutants.ts';

describe('the WireTester catches the wire mutants', () => {
  it('names a known finding for every mutant, and every find text occurs exactly once', () => {
    for (const m of WIRE_MUTANTS) {
      expect(WIRE_FINDING[m.name], m.name).toBeDefined();
      expect(occurrences(baseSource(m.file), m.find), m.name).toBe(1);
    }
  });

  for (const m of WIRE_MUTANTS) {
    it(`${m.name}: ${WIRE_FINDING[m.name]} (${expectedRequirements(m).join(' or ')})`, async () => {
      const mod = await loadMutant(m);
      const seen: string[] = [];
      let caught = false;
      for (let seed = 0; seed < 6 && !caught; seed++) {
        const run = drive(mod, DEFAULT_WORLD, seed, { steps: 200 });
        seen.push(...run.findings.map((f) => `${f.kind}/${f.requirement}`));
        caught = run.findings.some((f) => f.kind === WIRE_FINDING[m.name] && expectedRequirements(m).includes(f.requirement));
      }
      expect(caught, `findings seen: ${[...new Set(seen)].join(', ')}`).toBe(true);
    });
  }
});
