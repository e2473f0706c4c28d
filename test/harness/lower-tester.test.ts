//= SPEC_MAPPING.md#A-DISCARD
//= type=test
//# A PDU that does not fit the receiver's state (unknown transaction, no
// The active lower tester against the reference implementation: for each tamper kind and each
// lie, a short scripted run in DEFAULT_WORLD at L = 1 drives the model (ModelOracle) and the pristine impl
// (ReferenceAdapter over loadBase()) in lockstep to a state where the stimulus is enabled,
// applies it, delivers, and checks that both react as the profile says (A-DISCARD: a tampered
// PDU changes nothing and is not answered; a lie is answered as the PDU it now is). The same
// script on the mutant that skips the check diverges from the model at that step, naming the
// requirement (the default check kills these mutants too: test/mutants/default-check*.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { ConformanceFailure, Lockstep } from '../../harness/lockstep.ts';
import type { Observation, PduObservation, Stimulus, Tamper } from '../../vocabulary/observation.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { MUTANTS, expectedRequirements, type Mutant } from '../mutants/catalogue.ts';
import { STANDARD_RUN_FINDINGS } from '../mutants/naming-findings.ts';

const attach: readonly Stimulus[] = [
  { kind: 'attach', mn: 'mn1', domain: 'A' },
  { kind: 'deliver', index: 0 },
  { kind: 'deliver', index: 0 },
];
/** mn1 attached to A, its MIS_Prereg_Xfer.request for B in flight. */
const preregRequest: readonly Stimulus[] = [...attach, { kind: 'handover', mn: 'mn1', target: 'B', fallback: false }];
/** mn1 attached to A, its MIS_Prereg_Xfer.request for B with the fallback flag set in flight. */
const flaggedRequest: readonly Stimulus[] = [...attach, { kind: 'handover', mn: 'mn1', target: 'B', fallback: true }];
/** Three deliveries after a lie on the flagged request: to the SPoS, to the TPoS and back. */
const grantTrip: readonly Stimulus[] = [{ kind: 'deliver', index: 0 }, { kind: 'deliver', index: 0 }, { kind: 'deliver', index: 0 }];
/** A's MIS_N2N_Prereg_Xfer.request to B in flight. */
/**
 * DEFAULT_WORLD at L = 1: the first hop's N2N request is the one that reaches the limit, the
 * only one a root lie is told on (model/world/lower-tester.ts).
 */
const WORLD = { ...DEFAULT_WORLD, chainLimit: 1 };
const n2nRequest: readonly Stimulus[] = [...preregRequest, { kind: 'deliver', index: 0 }];
/** B's MIS_N2N_Prereg_Xfer.response to A in flight. */
const n2nResponse: readonly Stimulus[] = [...n2nRequest, { kind: 'deliver', index: 0 }];
/** A's MIS_Prereg_Xfer.response to mn1 in flight. */
const preregResponse: readonly Stimulus[] = [...n2nResponse, { kind: 'deliver', index: 0 }];
/** A's MIS_Auth.response to mn1 in flight. */
const authResponse: readonly Stimulus[] = [attach[0]!, attach[1]!];
/**
 * mn1's flagged preregistration answered FULL_AUTH_REQUIRED (MN_REQUESTED): a copy of the answer
 * at index 0, behind it the MIS_Auth.request of the full establishment with B it started.
 */
const fullAuthStarted: readonly Stimulus[] = [...flaggedRequest, { kind: 'deliver', index: 0 }, { kind: 'duplicate', index: 0 }, { kind: 'deliver', index: 0 }];
/** mn1 moved to B, its MIS_HO_Complete.request to B in flight. */
const hoComplete: readonly Stimulus[] = [...preregResponse, { kind: 'deliver', index: 0 }, { kind: 'complete', mn: 'mn1' }];
/** B's MIS_N2N_HO_Complete.indication to A in flight. */
const hoIndication: readonly Stimulus[] = [...hoComplete, { kind: 'deliver', index: 0 }];

interface Run {
  readonly model: Observation;
  readonly sut: Observation;
  /** Before the lower tester's stimulus. */
  readonly before: { readonly model: Observation; readonly sut: Observation };
  /** How the harness judged the run: null, or the first failure (property or divergence). */
  readonly failure: ConformanceFailure | null;
}

/**
 * Drives the model and `impl` in lockstep (harness/lockstep.ts: every property on both sides
 * and the comparison after every step) through `prefix`, the stimulus and a delivery of what it
 * rewrote (index 0). Every stimulus must be one the model enables.
 */
async function run(impl: ImplModule, prefix: readonly Stimulus[], stimulus: Stimulus, after: readonly Stimulus[] = [{ kind: 'deliver', index: 0 }]): Promise<Run> {
  const ls = await Lockstep.start({ config: WORLD, seed: 7, oracle: new ModelOracle(), sut: new ReferenceAdapter(impl, { name: 'under test' }) });
  let before = { model: ls.model, sut: ls.sut };
  let failure: ConformanceFailure | null = null;
  const script = [...prefix, stimulus, ...after];
  try {
    for (let i = 0; i < script.length; i++) {
      const step = script[i]!;
      // a tamper's choice and a probe are not listed among the enabled stimuli; the tamper of
      // the same PDU and way is (model/world/enabled.ts)
      const listed = step.kind === 'tamper' || step.kind === 'probe' ? { kind: 'tamper', index: step.index, how: step.how } : step;
      expect(ls.enabled().map((e) => JSON.stringify(e)), `step ${i}: ${JSON.stringify(step)} enabled in the model`).toContain(JSON.stringify(listed));
      if (i === prefix.length) before = { model: ls.model, sut: ls.sut };
      await ls.step(step);
    }
  } catch (e) {
    if (!(e instanceof ConformanceFailure)) throw e;
    failure = e;
  } finally {
    await ls.close();
  }
  return { model: ls.model, sut: ls.sut, before, failure };
}

const sasOf = (o: Observation): string => JSON.stringify([o.mns.map((x) => [x.id, x.lifecycle, x.sas]), o.poss.map((p) => [p.id, p.sas])]);
const only = (o: Observation): PduObservation => {
  expect(o.inFlight).toHaveLength(1);
  return o.inFlight[0]!;
};

interface TamperCase {
  readonly how: Tamper;
  readonly prefix: readonly Stimulus[];
  readonly pdu: PduObservation['type'];
}

const TAMPER_CASES: readonly TamperCase[] = [
  { how: 'mac', prefix: preregRequest, pdu: 'MIS_Prereg_Xfer.request' },
  { how: 'field', prefix: n2nRequest, pdu: 'MIS_N2N_Prereg_Xfer.request' },
  { how: 'key', prefix: hoComplete, pdu: 'MIS_HO_Complete.request' },
  { how: 'echo', prefix: authResponse, pdu: 'MIS_Auth.response' },
  { how: 'echo', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'tid', prefix: n2nResponse, pdu: 'MIS_N2N_Prereg_Xfer.response' },
  { how: 'tid', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'dup-tlv', prefix: [attach[0]!], pdu: 'MIS_Auth.request' },
  { how: 'tlv-order', prefix: n2nRequest, pdu: 'MIS_N2N_Prereg_Xfer.request' },
  // The rule or check each picks is the run's choice (the step count): one per PDU type here,
  // every rule and check in test/tester/receiver-faults.test.ts.
  { how: 'decoding', prefix: [attach[0]!], pdu: 'MIS_Auth.request' },
  { how: 'decoding', prefix: authResponse, pdu: 'MIS_Auth.response' },
  { how: 'decoding', prefix: preregRequest, pdu: 'MIS_Prereg_Xfer.request' },
  { how: 'decoding', prefix: n2nRequest, pdu: 'MIS_N2N_Prereg_Xfer.request' },
  { how: 'decoding', prefix: n2nResponse, pdu: 'MIS_N2N_Prereg_Xfer.response' },
  { how: 'decoding', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'decoding', prefix: hoComplete, pdu: 'MIS_HO_Complete.request' },
  { how: 'decoding', prefix: hoIndication, pdu: 'MIS_N2N_HO_Complete.indication' },
  { how: 'misaddressed', prefix: [attach[0]!], pdu: 'MIS_Auth.request' },
  { how: 'misaddressed', prefix: authResponse, pdu: 'MIS_Auth.response' },
  { how: 'misaddressed', prefix: preregRequest, pdu: 'MIS_Prereg_Xfer.request' },
  { how: 'misaddressed', prefix: n2nRequest, pdu: 'MIS_N2N_Prereg_Xfer.request' },
  { how: 'misaddressed', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'misaddressed', prefix: hoIndication, pdu: 'MIS_N2N_HO_Complete.indication' },
  { how: 'bad-field', prefix: authResponse, pdu: 'MIS_Auth.response' },
  { how: 'bad-field', prefix: preregRequest, pdu: 'MIS_Prereg_Xfer.request' },
  { how: 'bad-field', prefix: n2nResponse, pdu: 'MIS_N2N_Prereg_Xfer.response' },
  { how: 'bad-field', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'bad-field', prefix: hoComplete, pdu: 'MIS_HO_Complete.request' },
  { how: 'wrap', prefix: n2nRequest, pdu: 'MIS_N2N_Prereg_Xfer.request' },
  { how: 'wrap', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'no-sa', prefix: hoIndication, pdu: 'MIS_N2N_HO_Complete.indication' },
  { how: 'unexpected', prefix: [attach[0]!], pdu: 'MIS_Auth.request' },
  { how: 'unexpected', prefix: authResponse, pdu: 'MIS_Auth.response' },
  { how: 'unexpected', prefix: preregRequest, pdu: 'MIS_Prereg_Xfer.request' },
  { how: 'unexpected', prefix: preregResponse, pdu: 'MIS_Prereg_Xfer.response' },
  { how: 'unknown-mn', prefix: [attach[0]!], pdu: 'MIS_Auth.request' },
];

/** The catalogue's mutant that skips the check a stimulus exercises. */
const SKIPS: readonly { readonly mutant: string; readonly prefix: readonly Stimulus[]; readonly stimulus: Stimulus; readonly after?: readonly Stimulus[] }[] = [
  { mutant: 'spos-skips-prereg-mac', prefix: preregRequest, stimulus: { kind: 'tamper', index: 0, how: 'mac' } },
  { mutant: 'tpos-ho-complete-unverified', prefix: hoComplete, stimulus: { kind: 'tamper', index: 0, how: 'key' } },
  { mutant: 'mn-skips-auth-echo', prefix: authResponse, stimulus: { kind: 'tamper', index: 0, how: 'echo' } },
  { mutant: 'mn-skips-prereg-echo', prefix: preregResponse, stimulus: { kind: 'tamper', index: 0, how: 'echo' } },
  { mutant: 'spos-skips-n2n-tid', prefix: n2nResponse, stimulus: { kind: 'tamper', index: 0, how: 'tid' } },
  { mutant: 'spos-n2n-answer-takes-mn-tid', prefix: n2nResponse, stimulus: { kind: 'tamper', index: 0, how: 'tid', choice: 1 } },
  { mutant: 'mn-prereg-answer-any-exchange', prefix: fullAuthStarted, stimulus: { kind: 'probe', index: 0, how: 'tid', choice: 1 }, after: [] },
  { mutant: 'codec-accepts-duplicate-tlv', prefix: [attach[0]!], stimulus: { kind: 'tamper', index: 0, how: 'dup-tlv' } },
  { mutant: 'tpos-no-depth-check', prefix: n2nRequest, stimulus: { kind: 'lie', index: 0, what: 'depth' } },
  { mutant: 'tpos-depth-underflow', prefix: n2nRequest, stimulus: { kind: 'lie', index: 0, what: 'depth-low' } },
  { mutant: 'pos-answers-unknown-mn', prefix: [attach[0]!], stimulus: { kind: 'tamper', index: 0, how: 'unknown-mn' } },
  { mutant: 'mn-rejected-falls-back', prefix: preregResponse, stimulus: { kind: 'lie', index: 0, what: 'status' } },
  { mutant: 'tpos-assumes-eap-root', prefix: n2nRequest, stimulus: { kind: 'lie', index: 0, what: 'root' } },
  { mutant: 'tpos-refuses-tls-root', prefix: n2nRequest, stimulus: { kind: 'lie', index: 0, what: 'root-tls' } },
  { mutant: 'old-spos-deletes-prepared-on-late-indication', prefix: hoComplete, stimulus: { kind: 'lie', index: 0, what: 'indication' } },
  { mutant: 'tpos-default-suite', prefix: n2nRequest, stimulus: { kind: 'lie', index: 0, what: 'suites' } },
  { mutant: 'ignores-mn-fallback-request', prefix: preregRequest, stimulus: { kind: 'lie', index: 0, what: 'fallback' } },
  { mutant: 'mn-honours-fallback-by-default', prefix: flaggedRequest, stimulus: { kind: 'lie', index: 0, what: 'fallback' }, after: [...grantTrip, { kind: 'deliver', index: 0 }] },
  { mutant: 'mn-takes-auth-request-as-answer', prefix: authResponse, stimulus: { kind: 'tamper', index: 0, how: 'unexpected' } },
  { mutant: 'pos-takes-mn-answers-as-requests', prefix: [attach[0]!], stimulus: { kind: 'tamper', index: 0, how: 'unexpected' } },
  { mutant: 'pos-takes-mn-answers-as-requests', prefix: preregRequest, stimulus: { kind: 'tamper', index: 0, how: 'unexpected' } },
];

describe('the active lower tester against the reference implementation', () => {
  let base: ImplModule;
  beforeAll(async () => {
    base = await loadBase();
  });

  it.each(TAMPER_CASES.map((c) => [c.how, c.pdu, c] as const))('tamper %s of %s: the receiver discards it (no SA change, no answer), as the model does', async (_how, _pdu, c) => {
    const r = await run(base, c.prefix, { kind: 'tamper', index: 0, how: c.how });
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).type).toBe(c.pdu);
    for (const o of [r.model, r.sut]) {
      expect(o.inFlight).toEqual([]);
      expect(sasOf(o)).toBe(sasOf(o === r.model ? r.before.model : r.before.sut));
    }
  });

  it('lie depth: the TPoS answers FULL_AUTH_REQUIRED/CHAIN_LIMIT and installs nothing', async () => {
    const r = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'depth' });
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).depth).toBe(1);
    for (const o of [r.model, r.sut]) {
      expect(only(o)).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' });
      expect(o.poss.find((p) => p.id === 'B')!.sas).toEqual([]);
    }
  });

  it('lie depth-low: the TPoS accepts depth 0 (the profile checks only the upper bound) and installs it', async () => {
    const r = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'depth-low' });
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).depth).toBe(1);
    for (const o of [r.model, r.sut]) {
      expect(only(o)).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'SUCCESS' });
      expect(o.poss.find((p) => p.id === 'B')!.sas).toEqual([expect.objectContaining({ peer: 'mn1', depth: 0, state: 'prepared', idType: 3 })]);
    }
  });

  it('lie depth-low, then a hop on: the MN counts past L while the PoSs keep L on the depth they were told (F-29), and no property blames them', async () => {
    const d = { kind: 'deliver', index: 0 } as const;
    const onward: readonly Stimulus[] = [d, d, d, { kind: 'complete', mn: 'mn1' }, d, d, { kind: 'handover', mn: 'mn1', target: 'C', fallback: false }, d, d, d, d];
    const r = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'depth-low' }, onward);
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) {
      expect(o.mns.find((m) => m.id === 'mn1')!.sas).toContainEqual(expect.objectContaining({ peer: 'C', depth: 2, state: 'prepared' }));
      expect(o.poss.find((p) => p.id === 'C')!.sas).toEqual([expect.objectContaining({ peer: 'mn1', depth: 1, state: 'prepared' })]);
    }
  });

  it('lie status at the MN: a REJECTED answer ends the preparation, the MN idle with its serving SA', async () => {
    const r = await run(base, preregResponse, { kind: 'lie', index: 0, what: 'status' }, [{ kind: 'deliver', index: 0 }]);
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).status).toBe('SUCCESS');
    for (const o of [r.model, r.sut]) {
      expect(o.inFlight).toEqual([]);
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(mn.lifecycle).toBe('idle');
      expect(mn.sas).toEqual([expect.objectContaining({ peer: 'A', state: 'serving' })]);
    }
  });

  it('lie suites at the TPoS: FULL_AUTH_REQUIRED/NO_COMMON_SUITE', async () => {
    const r = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'suites' });
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) expect(only(o)).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' });
  });

  it('lie suites at the SPoS: the empty offer is forwarded and the TPoS finds no common suite', async () => {
    const r = await run(base, preregRequest, { kind: 'lie', index: 0, what: 'suites' }, [{ kind: 'deliver', index: 0 }, { kind: 'deliver', index: 0 }]);
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) expect(only(o)).toMatchObject({ status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' });
  });

  it('lie root: the TPoS installs a GKB-rooted prepared SA (the root it was told) and answers SUCCESS', async () => {
    const r = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'root' });
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).root).toBe('EAP');
    for (const o of [r.model, r.sut]) {
      expect(only(o)).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'SUCCESS' });
      expect(o.poss.find((p) => p.id === 'B')!.sas).toEqual([expect.objectContaining({ peer: 'mn1', root: 'GKB', depth: 1, state: 'prepared', idType: 3 })]);
    }
  });

  it('lie root-tls: the TPoS installs a TLS-rooted prepared SA and answers SUCCESS; the SA\'s next hop is refused TLS_ROOT', async () => {
    const d = { kind: 'deliver', index: 0 } as const;
    const onward: readonly Stimulus[] = [d, d, d, { kind: 'complete', mn: 'mn1' }, d, d, { kind: 'handover', mn: 'mn1', target: 'C', fallback: false }, d];
    const first = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'root-tls' });
    expect(first.failure?.message ?? null).toBeNull();
    for (const o of [first.model, first.sut]) {
      expect(only(o)).toMatchObject({ type: 'MIS_N2N_Prereg_Xfer.response', status: 'SUCCESS' });
      expect(o.poss.find((p) => p.id === 'B')!.sas).toEqual([expect.objectContaining({ peer: 'mn1', root: 'TLS', depth: 1, state: 'prepared', idType: 3 })]);
    }
    const r = await run(base, n2nRequest, { kind: 'lie', index: 0, what: 'root-tls' }, onward);
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) expect(only(o)).toMatchObject({ type: 'MIS_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'TLS_ROOT' });
  });

  it('lie indication: a forged completion indication to the TPoS is discarded (wrong-state) and its prepared SA stays', async () => {
    const r = await run(base, hoComplete, { kind: 'lie', index: 0, what: 'indication' });
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut)).toMatchObject({ type: 'MIS_HO_Complete.request', src: 'mn1', dst: 'B' });
    for (const o of [r.model, r.sut]) {
      expect(o.inFlight).toEqual([]);
      expect(o.poss.find((p) => p.id === 'B')!.sas).toEqual([expect.objectContaining({ peer: 'mn1', state: 'prepared' })]);
      expect(o.poss.find((p) => p.id === 'A')!.sas).toEqual([expect.objectContaining({ peer: 'mn1', state: 'serving' })]);
    }
  });

  it('lie indication: the forged PDU comes from the MN\'s previous PoS, sealed under its MIS SA with the TPoS', async () => {
    const ls = await Lockstep.start({ config: WORLD, seed: 7, oracle: new ModelOracle(), sut: new ReferenceAdapter(base, { name: 'under test' }) });
    try {
      for (const s of [...hoComplete, { kind: 'lie', index: 0, what: 'indication' } as const]) await ls.step(s);
      for (const o of [ls.model, ls.sut]) expect(only(o)).toMatchObject({ type: 'MIS_N2N_HO_Complete.indication', src: 'A', dst: 'B', mn: 'mn1' });
    } finally {
      await ls.close();
    }
  });

  it('lie sender: a copy of the N2N request from another partner is no replay; the TPoS answers that partner', async () => {
    // A's request to B, copied; the copy comes from C (B trusts A and C), with K wrapped for C.
    const r = await run(base, [...n2nRequest, { kind: 'duplicate', index: 0 }, { kind: 'lie', index: 1, what: 'sender' }, { kind: 'deliver', index: 0 }], { kind: 'deliver', index: 0 }, []);
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) {
      expect(o.inFlight.map((p) => [p.type, p.src, p.dst, p.status])).toEqual([
        ['MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'SUCCESS'],
        ['MIS_N2N_Prereg_Xfer.response', 'B', 'C', 'SUCCESS'],
      ]);
    }
    expect(r.before.sut.inFlight.map((p) => [p.type, p.src, p.dst])).toEqual([
      ['MIS_N2N_Prereg_Xfer.request', 'C', 'B'],
      ['MIS_N2N_Prereg_Xfer.response', 'B', 'A'],
    ]);
  });

  it('lie sender after the original: the copy replaces the prepared SA, and the MN\'s completion is discarded', async () => {
    const d = { kind: 'deliver', index: 0 } as const;
    // B's answers to A and C, A's to mn1, then the completion under the key of A's preparation.
    const onward: readonly Stimulus[] = [d, d, d, { kind: 'complete', mn: 'mn1' }, d];
    const r = await run(base, [...n2nRequest, { kind: 'duplicate', index: 0 }, { kind: 'lie', index: 1, what: 'sender' }, d], d, onward);
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) {
      expect(o.inFlight).toEqual([]);
      const atB = o.poss.find((p) => p.id === 'B')!.sas;
      const mn = o.mns.find((m) => m.id === 'mn1')!;
      expect(atB).toEqual([expect.objectContaining({ peer: 'mn1', state: 'prepared' })]);
      expect(mn.sas.find((sa) => sa.peer === 'B')?.key).not.toBe(atB[0]!.key);
    }
  });

  it('lie sender after the MN took its SA: the resent copy replaces the TPoS\'s SA in that very step, and the model stays clean', async () => {
    const d = { kind: 'deliver', index: 0 } as const;
    const d1 = { kind: 'deliver', index: 1 } as const;
    // the original at B, B's answer at A, A's at mn1 (the MN's prepared SA); then the copy from C.
    // Key agreement reads the lineage of the SA installed in the step it judges.
    const r = await run(base, [...n2nRequest, { kind: 'duplicate', index: 0 }, d, d1, d1, { kind: 'lie', index: 0, what: 'sender' }], d, []);
    expect(r.failure?.message ?? null).toBeNull();
    for (const o of [r.model, r.sut]) {
      const atB = o.poss.find((p) => p.id === 'B')!.sas;
      expect(atB).toEqual([expect.objectContaining({ peer: 'mn1', state: 'prepared' })]);
      expect(o.mns.find((m) => m.id === 'mn1')!.sas.find((sa) => sa.peer === 'B')?.key).not.toBe(atB[0]!.key);
    }
  });

  it('lie fallback: the SPoS answers FULL_AUTH_REQUIRED/MN_REQUESTED naming the target', async () => {
    const r = await run(base, preregRequest, { kind: 'lie', index: 0, what: 'fallback' });
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).fallback).toBe(false);
    for (const o of [r.model, r.sut]) expect(only(o)).toMatchObject({ type: 'MIS_Prereg_Xfer.response', status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED', tpos: 'B' });
  });

  it('lie fallback on a flagged request: the SPoS grants, and the MN takes the optimized SA it did not ask for (V-FALLBACK-ACCEPTS)', async () => {
    const r = await run(base, flaggedRequest, { kind: 'lie', index: 0, what: 'fallback' }, [...grantTrip, { kind: 'deliver', index: 0 }]);
    expect(r.failure?.message ?? null).toBeNull();
    expect(only(r.before.sut).fallback).toBe(true);
    for (const o of [r.model, r.sut]) {
      expect(o.inFlight).toEqual([]);
      expect(o.mns.find((m) => m.id === 'mn1')!.sas).toContainEqual(expect.objectContaining({ peer: 'B', idType: 3, state: 'prepared' }));
    }
  });

  // Also in the catalogue (test/mutants/catalogue/unseen-classes.ts): the script shows where it diverges.
  it('a TPoS whose replay cache is keyed by Nonce-N alone diverges at the resent copy, naming A-REPLAY', async () => {
    const m: Mutant = {
      name: 'tpos-replay-cache-by-nonce',
      class: 'lower-tester',
      requirement: 'A-REPLAY',
      file: 'entities/pos.ts',
      find: '    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);',
      replace: "    const replayed = this.#seenN2nRequests.has('', pdu.nonceN);",
      more: [{ file: 'entities/pos.ts', find: 'this.#seenN2nRequests.add(pdu.src, pdu.nonceN);', replace: "this.#seenN2nRequests.add('', pdu.nonceN);" }],
      description: 'The TPoS keys its replay cache by Nonce-N alone.',
    };
    const d = { kind: 'deliver', index: 0 } as const;
    const honest = await run(await loadMutant(m), [...n2nRequest, { kind: 'duplicate', index: 0 }], d, [d]);
    expect(honest.failure?.message ?? null, 'a plain copy is a replay either way').toBeNull();
    const r = await run(await loadMutant(m), [...n2nRequest, { kind: 'duplicate', index: 0 }], { kind: 'lie', index: 1, what: 'sender' }, [d, d]);
    expect(r.failure?.requirement).toBe('A-REPLAY');
    expect(r.failure!.step).toBeGreaterThan(n2nRequest.length + 2);
  });

  it('without the lower tester the same scripts pass the mutants that skip these checks (the honest run never reaches them)', async () => {
    for (const c of SKIPS) {
      const m = MUTANTS.find((x) => x.name === c.mutant)!;
      const r = await run(await loadMutant(m), c.prefix, { kind: 'deliver', index: 0 }, []);
      expect(r.failure?.message ?? null, c.mutant).toBeNull();
    }
  });

  //= SPEC_MAPPING.md#A-DISCARD
  //= type=test
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  it('tid with an odd choice: the answer borrows the tid of another exchange of its receiver, which discards it', async () => {
    // the SPoS: the tid of the MN's preregistration it relays (the mutant below takes that one only)
    const atSpos = await run(base, n2nResponse, { kind: 'tamper', index: 0, how: 'tid', choice: 1 });
    expect(atSpos.failure?.message ?? null).toBeNull();
    expect(atSpos.sut.inFlight).toEqual([]);
    expect(sasOf(atSpos.sut)).toBe(sasOf(atSpos.before.sut));
    // the MN: the tid of the full establishment it runs now
    const started = await run(base, fullAuthStarted, { kind: 'probe', index: 0, how: 'tid', choice: 1 }, []);
    expect(started.failure?.message ?? null).toBeNull();
    const [copy, authRequest] = started.before.sut.inFlight;
    expect([copy?.type, copy?.status, authRequest?.type]).toEqual(['MIS_Prereg_Xfer.response', 'FULL_AUTH_REQUIRED', 'MIS_Auth.request']);
    // the probe leaves the copy as it was, and the MN as the model says
    expect(started.sut.inFlight).toEqual(started.before.sut.inFlight);
    expect(sasOf(started.sut)).toBe(sasOf(started.before.sut));
    // an even choice draws a tid at random, which a receiver matching by tid alone discards too
    const m = MUTANTS.find((x) => x.name === 'spos-n2n-answer-takes-mn-tid')!;
    expect((await run(await loadMutant(m), n2nResponse, { kind: 'tamper', index: 0, how: 'tid', choice: 0 })).failure?.message ?? null).toBeNull();
  });

  it.each(SKIPS.map((c) => [c.mutant, c] as const))('%s diverges from the model at the lower tester\'s PDU, naming its requirement', async (name, c) => {
    const m = MUTANTS.find((x) => x.name === name)!;
    expect(m, name).toBeDefined();
    const r = await run(await loadMutant(m), c.prefix, c.stimulus, c.after);
    const f = r.failure;
    expect(f, `${name}: the harness saw nothing`).not.toBeNull();
    // At the rewritten PDU's delivery or after it (the answer it provokes), never before it; a
    // probe is delivered as it is sent.
    expect(f!.step).toBeGreaterThan(c.prefix.length + (c.stimulus.kind === 'probe' ? 0 : 1));
    const finding = STANDARD_RUN_FINDINGS[name];
    if (finding !== undefined) expect(f!.requirement, finding.why).toBe(finding.named);
    else expect(expectedRequirements(m), f!.message).toContain(f!.requirement);
  });
});
