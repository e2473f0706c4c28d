// The purposes whose decisive case is a check at every handler (harness/pics/test-purposes.ts
// atEveryHandler, TP-DISCARD-RECEIVER-CHECKS): each receiver makes its checks per PDU type, so a
// tamper met at one handler must not stand for another. Taking away the tampers of one type
// takes the pass away, though every other type still meets them.
import { describe, expect, it } from 'vitest';
import { CliSutAdapter, DEFAULT_STEPS, runSeed } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { judge } from '../../harness/cli/verdicts.ts';
import { REFERENCE_PICS } from '../../harness/pics/pics.ts';
import { missedCells, typesTakenAtSut } from '../../harness/pics/receiver-checks.ts';
import { TEST_PURPOSES, type RecordedStep } from '../../harness/pics/test-purposes.ts';
import type { PduType } from '../../vocabulary/observation.ts';

const SEEDS = 240;

let memo: Promise<RecordedStep[]> | undefined;
/** The first SEEDS runs of a default check, recorded once for both tests. */
const recorded = (): Promise<RecordedStep[]> => (memo ??= record());

async function record(): Promise<RecordedStep[]> {
  const sut = await openSut({ timeoutMs: 5000 });
  const adapter = new CliSutAdapter(sut.adapter, sut.name);
  const out: RecordedStep[] = [];
  try {
    for (let seed = 1; seed <= SEEDS; seed++) out.push(...(await runSeed(sut, adapter, seed, { steps: DEFAULT_STEPS, model: true, maxShrinkRuns: 0 })).recorded);
  } finally {
    await sut.close();
  }
  return out;
}

/**
 * The steps without the tampers and probes by `ways` of PDUs of `type` (the PDU then goes on
 * untampered; a probe leaves it as it was anyway).
 */
function without(steps: readonly RecordedStep[], ways: readonly string[], type: PduType): RecordedStep[] {
  return steps.filter((s) => !((s.stimulus.kind === 'tamper' || s.stimulus.kind === 'probe') && ways.includes(s.stimulus.how) && s.observation.inFlight[s.stimulus.index]?.type === type));
}

const purpose = (id: string) => TEST_PURPOSES.find((p) => p.id === id)!;
const placement = (steps: readonly RecordedStep[]) => ({ roles: REFERENCE_PICS.roles, entities: [...new Set(steps.flatMap((s) => s.placement?.entities ?? []))] });

describe('purposes met at every handler', () => {
  it('TP-DISCARD-BAD-MAC, -WRONG-ECHO and -WRONG-TID need their tamper on every type an SUT entity took', async () => {
    const steps = await recorded();
    const taken = typesTakenAtSut(steps);
    const cases: [string, readonly string[], PduType][] = [
      ['TP-DISCARD-BAD-MAC', ['mac', 'field', 'key'], 'MIS_HO_Complete.request'],
      ['TP-DISCARD-BAD-MAC', ['mac', 'field', 'key'], 'MIS_N2N_Prereg_Xfer.request'],
      ['TP-DISCARD-WRONG-ECHO', ['echo'], 'MIS_N2N_Prereg_Xfer.response'],
      ['TP-DISCARD-WRONG-TID', ['tid'], 'MIS_Auth.response'],
    ];
    for (const [id, ways, type] of cases) {
      const p = purpose(id);
      expect(taken.has(type), type).toBe(true);
      expect(p.exercised(steps, placement(steps)), id).toBe(true);
      const less = without(steps, ways, type);
      expect(p.exercised(less, placement(less)), `${id} without ${ways.join('/')} on ${type}`).toBe(false);
    }
    // and the judge reads them across runs: each run alone meets few handlers
    const v = judge({ pics: REFERENCE_PICS, placement: placement(steps), steps, counterexamples: [], error: undefined });
    expect(v.purposes.find((p) => p.id === 'TP-DISCARD-BAD-MAC')?.verdict).toBe('pass');
  }, 120_000);

  it('TP-DISCARD-RECEIVER-CHECKS is inconc while one check on one type is missed', async () => {
    const steps = await recorded();
    const missed = missedCells(steps);
    const p = purpose('TP-DISCARD-RECEIVER-CHECKS');
    expect(p.exercised(steps, placement(steps))).toBe(missed.length === 0);
    const less = without(steps, ['misaddressed'], 'MIS_HO_Complete.request');
    expect(missedCells(less)).toEqual(expect.arrayContaining(['misaddressed:dst on MIS_HO_Complete.request', 'misaddressed:src on MIS_HO_Complete.request']));
    expect(p.exercised(less, placement(less))).toBe(false);
    const v = judge({ pics: REFERENCE_PICS, placement: placement(less), steps: less, counterexamples: [], error: undefined });
    expect(v.purposes.find((x) => x.id === 'TP-DISCARD-RECEIVER-CHECKS')?.verdict).toBe('inconc');
  }, 120_000);
});
