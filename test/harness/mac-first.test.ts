//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//= type=test
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-DISCARD
//= type=test
//# A PDU that does not fit the receiver's state (unknown transaction, no
// A spoilt copy of a PDU, delivered after the PDU itself (FocusedTamperCommand 'copy-after',
// harness/commands.ts): the copy fails its MAC and a check of the state the PDU left (the
// request cache, the SA's state, the open handover). docs/protocol.md §5.2 puts the MAC first at
// a PoS, so the model names the MAC as the cause (model/world/discard-cause.ts spoiltCause), and
// a receiver that reads its state first is caught by the cause alone
// (test/mutants/catalogue/mac-first.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DECODING_SWEEP, FocusedTamperCommand, ProbeSweepCommand, SPOIL_ORDERS } from '../../harness/commands.ts';
import type { ConformanceFailure } from '../../harness/lockstep.ts';
import type { DiscardCause } from '../../model/types.ts';
import type { Observation, PduType, Stimulus } from '../../vocabulary/observation.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { ALL_MUTANTS, expectedRequirements } from '../mutants/catalogue.ts';
import { scriptedRun } from './scripted-lockstep.ts';

const d = (index = 0): Stimulus => ({ kind: 'deliver', index });
const attach: readonly Stimulus[] = [{ kind: 'attach', mn: 'mn1', domain: 'A' }, d(), d()];
/** mn1 attached to A, its MIS_Prereg_Xfer.request for B in flight. */
const preregRequest: readonly Stimulus[] = [...attach, { kind: 'handover', mn: 'mn1', target: 'B', fallback: false }];
/** B's MIS_N2N_Prereg_Xfer.response to A in flight. */
const n2nResponse: readonly Stimulus[] = [...preregRequest, d(), d()];
/** mn1 moved to B, its MIS_HO_Complete.request to B in flight. */
const hoComplete: readonly Stimulus[] = [...n2nResponse, d(), d(), { kind: 'complete', mn: 'mn1' }];
/** B's MIS_N2N_HO_Complete.indication to A in flight. */
const hoIndication: readonly Stimulus[] = [...hoComplete, d()];
/** The completion lost: mn1 asks B, which holds a prepared SA, to prepare its next handover. */
const onPrepared: readonly Stimulus[] = [...hoComplete, { kind: 'drop', index: 0 }, { kind: 'handover', mn: 'mn1', target: null, fallback: false }];

interface Case {
  readonly type: PduType;
  readonly prefix: readonly Stimulus[];
  readonly receiver: string;
  /** What the PDU as sent would now fail: a check §5.2 makes after the MAC. */
  readonly asSent: DiscardCause;
  readonly mutant: string;
}

const CASES: readonly Case[] = [
  { type: 'MIS_Prereg_Xfer.request', prefix: preregRequest, receiver: 'A', asSent: 'duplicate', mutant: 'spos-dup-before-mac' },
  { type: 'MIS_Prereg_Xfer.request', prefix: onPrepared, receiver: 'B', asSent: 'wrong-state', mutant: 'spos-state-before-mac' },
  { type: 'MIS_N2N_Prereg_Xfer.response', prefix: n2nResponse, receiver: 'A', asSent: 'unknown-transaction', mutant: 'spos-n2n-transaction-before-mac' },
  { type: 'MIS_HO_Complete.request', prefix: hoComplete, receiver: 'B', asSent: 'wrong-state', mutant: 'tpos-completion-state-before-mac' },
  { type: 'MIS_N2N_HO_Complete.indication', prefix: hoIndication, receiver: 'A', asSent: 'no-sa', mutant: 'pos-indication-sa-before-mac' },
];

interface Run {
  readonly failure: ConformanceFailure | null;
  readonly model: Observation;
  readonly sut: Observation;
}

/** The prefix, then the PDU in flight delivered, a copy of it spoilt by `how` and delivered too. */
async function run(impl: ImplModule, c: Case, how: 'mac' | 'key' = 'mac'): Promise<Run> {
  const { ls, failure } = await scriptedRun(impl, async (ls) => {
    for (const s of c.prefix) await ls.step(s);
    expect(ls.model.inFlight.map((p) => p.type)).toEqual([c.type]);
    // the copy is appended last, then moves down to 0 as the PDU itself is delivered.
    for (const s of [{ kind: 'duplicate', index: 0 }, d(), { kind: 'tamper', index: 0, how }, d()] as const) await ls.step(s);
  });
  return { failure, model: ls.model, sut: ls.sut };
}

describe('a spoilt copy delivered after the PDU it copies: the MAC comes first', () => {
  let base: ImplModule;
  beforeAll(async () => {
    base = await loadBase();
  });

  it.each(CASES)('$type after the original ($asSent as sent): the model and the reference say bad-mac', async (c) => {
    for (const how of ['mac', 'key'] as const) {
      const r = await run(base, c, how);
      expect(r.failure?.message ?? null).toBeNull();
      for (const o of [r.model, r.sut]) expect(o.poss.find((p) => p.id === c.receiver)!.discards?.last, how).toBe('bad-mac');
    }
  });

  it.each(CASES)('$mutant discards the copy for $asSent and fails, naming its requirement', async (c) => {
    const m = ALL_MUTANTS.find((x) => x.name === c.mutant)!;
    const r = await run(await loadMutant(m), c);
    expect(r.failure, `${c.mutant} passed`).not.toBeNull();
    expect(r.sut.poss.find((p) => p.id === c.receiver)!.discards?.last).toBe(c.asSent);
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });

  it('a spoilt copy delivered first lets the same mutants pass where the PDU as sent still fits', async () => {
    for (const c of CASES.filter((x) => x.prefix !== onPrepared)) {
      const { failure } = await scriptedRun(await loadMutant(ALL_MUTANTS.find((x) => x.name === c.mutant)!), async (ls) => {
        for (const s of c.prefix) await ls.step(s);
        for (const s of [{ kind: 'duplicate', index: 0 }, { kind: 'tamper', index: 1, how: 'mac' }, d(1), d()] as const) await ls.step(s);
      });
      expect(failure?.message ?? null, c.mutant).toBeNull();
    }
  });
});

describe('FocusedTamperCommand: where the spoilt bytes go', () => {
  let base: ImplModule;
  beforeAll(async () => {
    base = await loadBase();
  });

  const EXPECTED: Record<(typeof SPOIL_ORDERS)[number], string> = {
    'in-place': 'tamper #0 (mac)',
    'copy-first': 'duplicate #0; tamper #1 (mac); deliver #1',
    'copy-after': 'duplicate #0; deliver #0; tamper #0 (mac); deliver #0',
  };

  it.each(SPOIL_ORDERS)('%s', async (order) => {
    // pick 0: the first check of the type, the MAC's (checksOf lists the §5.2 checks first; a
    // request of the MN's has misaddressed first), so the pick is searched for the MAC way.
    let said = '';
    const { failure } = await scriptedRun(base, async (ls) => {
      for (const s of preregRequest) await ls.step(s);
      const pick = [...Array(64).keys()].find((p) => {
        const c = new FocusedTamperCommand(p, 'MIS_Prereg_Xfer.request', order);
        const s = c.resolve({ lockstep: ls });
        return s?.kind === 'tamper' && s.how === 'mac';
      })!;
      const command = new FocusedTamperCommand(pick, 'MIS_Prereg_Xfer.request', order);
      await command.run({ lockstep: ls }, { lockstep: ls });
      said = command.toString();
    });
    expect(failure?.message ?? null).toBeNull();
    expect(said).toBe(EXPECTED[order]);
  });
});

describe('ProbeSweepCommand: every way on a copy before the PDU, and again after it', () => {
  /** The prefix, then one sweep of the PDU in flight at round `round`; the steps it took. */
  async function sweep(impl: ImplModule, c: Case, round: number): Promise<{ readonly failure: ConformanceFailure | null; readonly steps: string }> {
    let steps = '';
    const { failure } = await scriptedRun(impl, async (ls) => {
      for (const s of c.prefix) await ls.step(s);
      const command = new ProbeSweepCommand(0, c.type, round);
      try {
        await command.run({ lockstep: ls }, { lockstep: ls });
      } finally {
        steps = command.toString();
      }
    });
    return { failure, steps };
  }

  it.each(CASES)('$type: the reference discards every probe as the model says', async (c) => {
    const r = await sweep(await loadBase(), c, 1);
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.steps).toContain(`probe #0 (decoding ${DECODING_SWEEP})`);
    expect(r.steps).toContain('duplicate #0; deliver #0; probe #0 (');
  });

  // Those that read the MN's state by the MN the PDU names fail before the PDU is taken too,
  // on the probe that flips a bit of `mn` (read after the MAC, docs/protocol.md §5.2).
  it.each(CASES.filter((c) => c.prefix !== onPrepared))('$mutant fails on the sweep, naming its requirement', async (c) => {
    const m = ALL_MUTANTS.find((x) => x.name === c.mutant)!;
    const r = await sweep(await loadMutant(m), c, 0);
    expect(r.failure, `${c.mutant} passed`).not.toBeNull();
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });

  it('a decoder that reads a long depth TLV fails on the sweep of the rounds that lengthen it', async () => {
    const m = ALL_MUTANTS.find((x) => x.name === 'codec-depth-length-lax')!;
    const impl = await loadMutant(m);
    const failing: number[] = [];
    for (let round = 0; round < 6; round++) if ((await sweep(impl, CASES[0]!, round)).failure !== null) failing.push(round);
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(6);
  });
});
