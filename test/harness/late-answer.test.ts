//= SPEC_MAPPING.md#A-DISCARD
//= type=test
//# A PDU that does not fit the receiver's state (unknown transaction, no
// AbandonPreparationCommand (harness/commands.ts): the answer of a preparation is lost, the MN
// gives up, and an answer for the abandoned preparation comes back (the lower tester delivers
// the N2N request again and the TPoS answers it REJECTED/REPLAY). At the MN it must fit no
// transaction after the abort; at the SPoS none after the MN's next request, which the SPoS
// refused at once. The mutants that keep the abandoned transaction open diverge at that step,
// naming the requirement (test/mutants/catalogue/late-answers.ts; the default check kills them too).
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { AbandonPreparationCommand } from '../../harness/commands.ts';
import type { ConformanceFailure } from '../../harness/lockstep.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { MUTANTS, expectedRequirements } from '../mutants/catalogue.ts';
import { scriptedRun } from './scripted-lockstep.ts';

/** mn1 attached to A, its preparation for B under way: B's MIS_N2N_Prereg_Xfer.response to A in flight. */
const n2nAnswer: readonly Stimulus[] = [
  { kind: 'attach', mn: 'mn1', domain: 'A' },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
  { kind: 'handover', mn: 'mn1', target: 'B', fallback: false },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
];

interface Run {
  readonly command: string;
  /** In flight after the command, as [type, src, dst, status]. */
  readonly inFlight: readonly (readonly [string, string, string, string | undefined])[];
  readonly after: { readonly model: Observation; readonly sut: Observation };
  readonly failure: ConformanceFailure | null;
}

/** The prefix, the command with `pick`, then the deliveries `then` (in-flight indexes). */
async function run(impl: ImplModule, pick: number, then: readonly number[]): Promise<Run> {
  const command = new AbandonPreparationCommand(pick);
  let inFlight: Run['inFlight'] = [];
  const { ls, failure } = await scriptedRun(impl, async (ls) => {
    for (const s of n2nAnswer) await ls.step(s);
    const ctx = { lockstep: ls };
    expect(command.check(ctx)).toBe(true);
    await command.run(ctx, ctx);
    inFlight = ls.model.inFlight.map((p) => [p.type, p.src, p.dst, p.status] as const);
    for (const index of then) await ls.step({ kind: 'deliver', index });
  });
  return { command: command.toString(), inFlight, after: { model: ls.model, sut: ls.sut }, failure };
}

describe('an answer for a preparation its MN gave up', () => {
  let base: ImplModule;
  beforeAll(async () => {
    base = await loadBase();
  });

  it('pick 0: the answer is lost and the MN gives up, keeping its serving SA', async () => {
    const r = await run(base, 0, []);
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toBe('drop #0; abort mn1');
    expect(r.inFlight).toEqual([]);
    for (const o of [r.after.model, r.after.sut]) {
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(mn.lifecycle).toBe('idle');
      expect(mn.sas.map((sa) => [sa.peer, sa.state])).toEqual([['A', 'serving']]);
    }
  });

  it('pick 1: the TPoS answers the redelivered request REPLAY, the SPoS relays it, and the MN that gave up discards it', async () => {
    const r = await run(base, 1, [0, 0]);
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toMatch(/^drop #0; abort mn1; redeliver history #\d+$/);
    expect(r.inFlight).toEqual([['MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'REJECTED']]);
    for (const o of [r.after.model, r.after.sut]) {
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(mn.discards).toEqual({ count: 1, last: 'unknown-transaction' });
      expect(mn.lifecycle).toBe('idle');
      expect(o.inFlight).toEqual([]);
    }
  });

  it('pick 2: after the MN asked again and was refused at once, the SPoS discards the late answer', async () => {
    const r = await run(base, 2, [1]);
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toMatch(/^drop #0; abort mn1; handover mn1 → \(SPoS selects\) asking fallback; deliver #0; redeliver history #\d+$/);
    expect(r.inFlight.map(([type, , , status]) => [type, status])).toEqual([
      ['MIS_Prereg_Xfer.response', 'FULL_AUTH_REQUIRED'],
      ['MIS_N2N_Prereg_Xfer.response', 'REJECTED'],
    ]);
    for (const o of [r.after.model, r.after.sut]) {
      const spos = o.poss.find((p) => p.id === 'A')!;
      expect(spos.discards).toEqual({ count: 1, last: 'unknown-transaction' });
      expect(o.inFlight.map((p) => p.type)).toEqual(['MIS_Prereg_Xfer.response']);
    }
  });

  it.each([
    ['mn-takes-answer-after-abort', 1, [0, 0]],
    ['spos-keeps-abandoned-handover', 2, [1]],
  ] as const)('%s takes the late answer, naming its requirement', async (name, pick, then) => {
    const m = MUTANTS.find((x) => x.name === name)!;
    const r = await run(await loadMutant(m), pick, then);
    expect(r.failure, `${name} passed`).not.toBeNull();
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });
});
