//= SPEC_MAPPING.md#A-DISCARD
//= type=test
//# A PDU that does not fit the receiver's state (unknown transaction, no
// SpoilCopyCommand (harness/commands.ts): a spoilt copy of an optimized answer delivered before
// the answer itself. The MN must discard the copy for the field (bad-field, as the model says)
// and still take the intact answer; the MN that skips one of its checks of a SUCCESS
// MIS_Prereg_Xfer.response diverges at that step, naming the requirement
// (test/mutants/catalogue/reach.ts; the default check kills them too).
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { SpoilCopyCommand, type SpoilWay } from '../../harness/commands.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { ConformanceFailure, Lockstep } from '../../harness/lockstep.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { MUTANTS, expectedRequirements } from '../mutants/catalogue.ts';

/** mn1 attached to A, A's SUCCESS MIS_Prereg_Xfer.response for a hop to B in flight. */
const optimizedAnswer: readonly Stimulus[] = [
  { kind: 'attach', mn: 'mn1', domain: 'A' },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
  { kind: 'handover', mn: 'mn1', target: 'B', fallback: false },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
];

/** A policy change that changes nothing (C's is off): it only moves the step count the tamper's choice is. */
const noOp: Stimulus = { kind: 'setFallbackPolicy', domain: 'C', on: false };

interface Run {
  readonly command: string;
  /** The §5.2 check the spoilt copy was made to fail (the SUT side's observation says it). */
  readonly rule: string | undefined;
  readonly after: { readonly model: Observation; readonly sut: Observation };
  readonly failure: ConformanceFailure | null;
}

/** `shift` no-op steps, the optimized answer, the spoil-copy command, then the intact answer delivered. */
async function run(impl: ImplModule, shift: number, how: SpoilWay = 'bad-field'): Promise<Run> {
  const ls = await Lockstep.start({ config: DEFAULT_WORLD, seed: 7, oracle: new ModelOracle(), sut: new ReferenceAdapter(impl, { name: 'under test' }) });
  const command = new SpoilCopyCommand(0, how);
  let failure: ConformanceFailure | null = null;
  try {
    for (const s of [...Array.from({ length: shift }, () => noOp), ...optimizedAnswer]) await ls.step(s);
    expect(ls.model.inFlight.map((p) => [p.type, p.status])).toEqual([['MIS_Prereg_Xfer.response', 'SUCCESS']]);
    const ctx = { lockstep: ls };
    expect(command.check(ctx)).toBe(true);
    await command.run(ctx, ctx);
    await ls.step({ kind: 'deliver', index: 0 });
  } catch (e) {
    if (!(e instanceof ConformanceFailure)) throw e;
    failure = e;
  } finally {
    await ls.close();
  }
  // the observation before the copy's delivery shows the spoilt copy
  const spoilt = ls.observations.at(failure === null ? -3 : -2)?.sut?.inFlight.at(-1);
  return { command: command.toString(), rule: spoilt?.spoiltRule, after: { model: ls.model, sut: ls.sut }, failure };
}

const SHIFTS = [0, 1, 2, 3, 4, 5, 6, 7];

describe('a spoilt copy of an optimized answer, delivered before the answer', () => {
  let base: ImplModule;
  const ruleAt = new Map<number, string | undefined>();
  beforeAll(async () => {
    base = await loadBase();
  });

  it.each(SHIFTS)('the MN discards the copy for its field and takes the answer (shift %i)', async (shift) => {
    const r = await run(base, shift);
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toMatch(/^duplicate #0; tamper #1 \(bad-field\); deliver #1$/);
    ruleAt.set(shift, r.rule);
    for (const o of [r.after.model, r.after.sut]) {
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(mn.discards).toEqual({ count: 1, last: 'bad-field' });
      expect(mn.lifecycle).toBe('prepared');
      expect(mn.sas.map((sa) => [sa.peer, sa.state])).toEqual([['A', 'serving'], ['B', 'prepared']]);
    }
  });

  it('the shifts meet the MN checks of the TPoS named, Nonce-T and the suite', () => {
    expect([...ruleAt.values()]).toEqual(expect.arrayContaining(['bad-field:tpos-spos', 'bad-field:no-nonceT', 'bad-field:suite-not-offered']));
  });

  const RULE_OF: Record<string, string> = {
    'mn-optimized-suite-unchecked': 'bad-field:suite-not-offered',
    'mn-optimized-tpos-unchecked': 'bad-field:tpos-spos',
    'mn-optimized-nonce-t-unchecked': 'bad-field:no-nonceT',
  };
  it.each(Object.entries(RULE_OF))('%s diverges at the copy, naming its requirement', async (name, rule) => {
    const shift = [...ruleAt.entries()].find(([, r]) => r === rule)?.[0];
    expect(shift, `a shift whose copy fails ${rule}`).toBeDefined();
    const m = MUTANTS.find((x) => x.name === name)!;
    const r = await run(await loadMutant(m), shift!);
    expect(r.failure, `${name} passed`).not.toBeNull();
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });

  it('a copy whose wrapped K is spoilt: the MN discards it as a bad wrapped K and takes the answer', async () => {
    const r = await run(base, 0, 'wrap');
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toBe('duplicate #0; tamper #1 (wrap); deliver #1');
    for (const o of [r.after.model, r.after.sut]) {
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(mn.discards).toEqual({ count: 1, last: 'bad-wrapped-key' });
      expect(mn.lifecycle).toBe('prepared');
    }
  });

  it.each(SHIFTS)('a copy that breaks a rule of strict decoding: the MN discards it as malformed and takes the answer (shift %i)', async (shift) => {
    const r = await run(base, shift, 'decoding');
    expect(r.failure?.message ?? null).toBeNull();
    expect(r.command).toBe('duplicate #0; tamper #1 (decoding); deliver #1');
    expect(r.rule).toMatch(/^decoding:/);
    for (const o of [r.after.model, r.after.sut]) {
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(mn.discards).toEqual({ count: 1, last: 'malformed' });
      expect(mn.lifecycle).toBe('prepared');
    }
  });

  it('mn-closes-transaction-on-malformed loses the answer after a malformed copy, naming its requirement', async () => {
    const m = MUTANTS.find((x) => x.name === 'mn-closes-transaction-on-malformed')!;
    const r = await run(await loadMutant(m), 0, 'decoding');
    expect(r.failure, 'the mutant passed').not.toBeNull();
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });

  it('mn-optimized-unwrap-failure-zero-k diverges at the copy, naming its requirement', async () => {
    const m = MUTANTS.find((x) => x.name === 'mn-optimized-unwrap-failure-zero-k')!;
    const r = await run(await loadMutant(m), 0, 'wrap');
    expect(r.failure, 'the mutant passed').not.toBeNull();
    expect(expectedRequirements(m), r.failure!.message).toContain(r.failure!.requirement);
  });
});
