//= SPEC_MAPPING.md#A-DISCARD
//= type=test
//# A PDU that does not fit the receiver's state (unknown transaction, no
// SpoilCopyCommand 'requests' (harness/commands.ts): a spoilt copy of a request delivered before
// the request itself. The receiver must discard the copy as the model says and take the real
// request up as if the copy had never come (A-DISCARD; A-REPLAY: only a request taken up is
// remembered). A PoS that fills its replay cache before the MAC or the wrapped K verified
// refuses the real request as a replay and diverges at that step, naming the requirement
// (test/mutants/catalogue/spoilt-requests.ts; the default check kills them too).
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { SpoilCopyCommand, type RequestSpoilWay } from '../../harness/commands.ts';
import type { ConformanceFailure } from '../../harness/lockstep.ts';
import type { Observation, PduType, Stimulus } from '../../vocabulary/observation.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { ALL_MUTANTS, expectedRequirements } from '../mutants/catalogue.ts';
import { scriptedRun } from './scripted-lockstep.ts';

const attach: readonly Stimulus[] = [
  { kind: 'attach', mn: 'mn1', domain: 'A' },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
];
/** mn1 attached to A, its MIS_Prereg_Xfer.request for B in flight. */
const preregRequest: readonly Stimulus[] = [...attach, { kind: 'handover', mn: 'mn1', target: 'B', fallback: false }];
/** A's MIS_N2N_Prereg_Xfer.request to B in flight. */
const n2nRequest: readonly Stimulus[] = [...preregRequest, { kind: 'deliver', index: 0 }];

interface Run {
  readonly command: string;
  readonly after: { readonly model: Observation; readonly sut: Observation };
  readonly failure: ConformanceFailure | null;
}

/** The prefix, the spoil-copy command on the one request in flight, then the request delivered. */
async function run(impl: ImplModule, prefix: readonly Stimulus[], type: PduType, how: RequestSpoilWay): Promise<Run> {
  const command = new SpoilCopyCommand(0, how, 'requests');
  const { ls, failure } = await scriptedRun(impl, async (ls) => {
    for (const s of prefix) await ls.step(s);
    expect(ls.model.inFlight.map((p) => p.type)).toEqual([type]);
    const ctx = { lockstep: ls };
    expect(command.check(ctx)).toBe(true);
    await command.run(ctx, ctx);
    await ls.step({ kind: 'deliver', index: 0 });
  });
  return { command: command.toString(), after: { model: ls.model, sut: ls.sut }, failure };
}

const CASES = [
  { type: 'MIS_Prereg_Xfer.request', prefix: preregRequest, how: 'mac', receiver: 'A', cause: 'bad-mac', answer: 'MIS_N2N_Prereg_Xfer.request' },
  { type: 'MIS_Prereg_Xfer.request', prefix: preregRequest, how: 'decoding', receiver: 'A', cause: 'malformed', answer: 'MIS_N2N_Prereg_Xfer.request' },
  { type: 'MIS_N2N_Prereg_Xfer.request', prefix: n2nRequest, how: 'mac', receiver: 'B', cause: 'bad-mac', answer: 'MIS_N2N_Prereg_Xfer.response' },
  { type: 'MIS_N2N_Prereg_Xfer.request', prefix: n2nRequest, how: 'wrap', receiver: 'B', cause: 'bad-wrapped-key', answer: 'MIS_N2N_Prereg_Xfer.response' },
] as const;

describe('a spoilt copy of a request, delivered before the request', () => {
  let base: ImplModule;
  beforeAll(async () => {
    base = await loadBase();
  });

  it.each(CASES)('$type, copy spoilt by $how: the receiver discards the copy and takes the request up', async (c) => {
    const r = await run(base, c.prefix, c.type, c.how);
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toBe(`duplicate #0; tamper #1 (${c.how}); deliver #1`);
    for (const o of [r.after.model, r.after.sut]) {
      const pos = o.poss.find((p) => p.id === c.receiver)!;
      expect(pos.discards).toEqual({ count: 1, last: c.cause });
      expect(o.inFlight.map((p) => [p.type, p.status ?? null])).toEqual([[c.answer, c.answer.endsWith('response') ? 'SUCCESS' : null]]);
    }
  });

  const KILLS = [
    { mutant: 'tpos-caches-before-unwrap', case: CASES[3] },
    { mutant: 'tpos-caches-before-mac', case: CASES[2] },
    { mutant: 'spos-caches-before-mac', case: CASES[0] },
  ] as const;
  it.each(KILLS)('$mutant refuses the real request after the copy, naming its requirement', async ({ mutant, case: c }) => {
    const m = ALL_MUTANTS.find((x) => x.name === mutant)!;
    const r = await run(await loadMutant(m), c.prefix, c.type, c.how);
    expect(r.failure, `${mutant} passed`).not.toBeNull();
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });

  it('a plain tamper of the request, with nothing after it, lets the same mutants pass', async () => {
    for (const { mutant, case: c } of KILLS) {
      const impl = await loadMutant(ALL_MUTANTS.find((x) => x.name === mutant)!);
      const { failure } = await scriptedRun(impl, async (ls) => {
        for (const s of c.prefix) await ls.step(s);
        await ls.step({ kind: 'tamper', index: 0, how: c.how });
        await ls.step({ kind: 'deliver', index: 0 });
      });
      expect(failure?.message ?? null, mutant).toBeNull();
    }
  });
});
