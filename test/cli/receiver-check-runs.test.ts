// The runs that chase the receiver checks of docs/protocol.md §5.2 (harness/cli/engine.ts
// receiverCheckWeights): such a run tampers with PDUs of its one focus type alone, and the
// report's cells (harness/pics/receiver-checks.ts) count the tampers met at SUT entities, naming
// as missed every §5.2 check an SUT entity could have met on a type it took.
import { describe, expect, it } from 'vitest';
import { CliSutAdapter, DEFAULT_STEPS, chasesReceiverChecks, placementOfSeed, receiverCheckWeights, runSeed } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { cellOf, missedCells, tamperCells, requiredCells, typesTakenAtSut } from '../../harness/pics/receiver-checks.ts';
import type { RecordedStep } from '../../harness/pics/test-purposes.ts';
import { CHECK_RULES } from '../../harness/tester/check-faults.ts';

/** The first receiver-check runs of a check at seed 1 (every placement, several foci). */
const SEEDS = Array.from({ length: 48 }, (_, i) => i + 1).filter(chasesReceiverChecks);

describe('receiver-check runs', () => {
  it('spoil their focus type alone, and the cells count what met an SUT entity', async () => {
    const sut = await openSut({ timeoutMs: 5000 });
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    const all: RecordedStep[] = [];
    const foci = new Set<string>();
    try {
      for (const seed of SEEDS) {
        const focus = receiverCheckWeights(placementOfSeed(sut, seed), seed, sut.placements.length).focus!;
        foci.add(focus);
        const r = await runSeed(sut, adapter, seed, { steps: DEFAULT_STEPS, model: true, maxShrinkRuns: 0 });
        expect(r.counterexample, `seed ${seed}`).toBeUndefined();
        for (const cell of tamperCells(r.recorded).keys()) expect(cell, `seed ${seed}`).toMatch(new RegExp(` on ${focus.replace('.', '\\.')}$`));
        all.push(...r.recorded);
      }
    } finally {
      await sut.close();
    }
    expect(foci.size).toBeGreaterThan(2);
    const met = tamperCells(all);
    expect(met.size).toBeGreaterThan(0);
    const taken = typesTakenAtSut(all);
    const required = new Set(requiredCells(taken));
    // a §5.2 check met is one on a type it is made on, and one an SUT entity took
    const checksMet = [...met.keys()].filter((c) => /^(misaddressed|bad-field|wrap|no-sa):/.test(c));
    expect(checksMet.length).toBeGreaterThan(0);
    for (const cell of checksMet) expect(required.has(cell), cell).toBe(true);
    const missed = missedCells(all);
    expect(missed.filter((c) => met.has(c))).toEqual([]);
    expect(missed.length + checksMet.length).toBe(required.size);
    expect(required.has(cellOf('misaddressed:dst', 'MIS_Auth.request'))).toBe(true);
    expect(requiredCells(new Set())).toEqual([]);
    expect(requiredCells(new Set(['MIS_HO_Complete.request'])).length).toBe(CHECK_RULES.filter((r) => r.on.includes('MIS_HO_Complete.request')).length);
  }, 120_000);
});
