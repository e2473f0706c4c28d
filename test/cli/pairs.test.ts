//= SPEC_MAPPING.md#A-STATUS
//= type=test
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
// a TP-ORDER purpose for every pair of reasons that can hold at one decision, passed
// only by a decision of a PoS its own run placed at the SUT, and the stimulus weights that
// make the rare pairs meet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKED_TYPES, TO_MN } from '../../harness/tester/check-faults.ts';
import { CLI_WEIGHTS, FALLBACK_GRANT_WEIGHTS, GKB_WEIGHTS, LATE_WEIGHTS, MN_LATE_WEIGHTS, MN_WEIGHTS, POS_WEIGHTS, RECEIVER_CHECK_WEIGHTS, SPOIL_COPY_WEIGHTS, TPOS_CHAIN_RESEND_WEIGHTS, TPOS_CHAIN_WEIGHTS, chasesLateAnswers, chasesReceiverChecks, chasesSpoiltCopies, receiverCheckWeights, weightsOfRun } from '../../harness/cli/engine.ts';
import { commandArbitrary, StimulusCommandOf } from '../../harness/commands.ts';
import type { DomainConfig, PduObservation, WorldConfig } from '../../vocabulary/observation.ts';
import { SPOS_ORDER, TPOS_ORDER } from '../../harness/pics/causes.ts';
import { parsePics, REFERENCE_PICS } from '../../harness/pics/pics.ts';
import { applicability, TEST_PURPOSES, type RecordedStep, type SutPlacement } from '../../harness/pics/test-purposes.ts';

const orderIds = (): string[] => TEST_PURPOSES.filter((p) => p.id.startsWith('TP-ORDER-')).map((p) => p.id);

describe('TP-ORDER pairs', () => {
  it('one purpose per unordered pair of each order, none for TLS_ROOT with NOT_EAP_ROOT', () => {
    const ids = orderIds();
    expect(ids).toHaveLength(9 + 10);
    for (const [role, order] of [['SPoS', SPOS_ORDER], ['TPoS', TPOS_ORDER]] as const) {
      order.forEach((a, i) =>
        order.slice(i + 1).forEach((b) => {
          const p = TEST_PURPOSES.find((x) => x.id === `TP-ORDER-${a}-${b}`);
          if (a === 'TLS_ROOT' && b === 'NOT_EAP_ROOT') return expect(p).toBeUndefined();
          expect(p?.roles, `${a}-${b}`).toEqual([role]);
          expect(p?.requirements[0]).toBe('A-STATUS');
          expect(p?.requirements.length).toBeGreaterThanOrEqual(3);
        }),
      );
    }
    // The non-neighbouring moves the neighbouring pairs never asked for.
    for (const id of ['TP-ORDER-MN_REQUESTED-TLS_ROOT', 'TP-ORDER-MN_REQUESTED-CHAIN_LIMIT', 'TP-ORDER-REPLAY-NO_COMMON_SUITE', 'TP-ORDER-UNAUTHORIZED_SOURCE-NO_COMMON_SUITE']) expect(ids).toContain(id);
  });

  it('the reference PICS makes every pair applicable; one that claims no L = 0 all but TLS_ROOT with CHAIN_LIMIT', () => {
    const notApplicable = (pics: typeof REFERENCE_PICS): string[] => applicability(pics).filter((a) => a.purpose.id.startsWith('TP-ORDER-') && !a.applicable).map((a) => a.purpose.id);
    expect(notApplicable(REFERENCE_PICS)).toEqual([]);
    const positive = parsePics({ ...JSON.parse(JSON.stringify(REFERENCE_PICS)), chainLimitRange: { min: 1, max: 3 } }, 'test');
    expect(notApplicable(positive)).toEqual(['TP-ORDER-TLS_ROOT-CHAIN_LIMIT']);
  });

  it('a TPoS pair needs optimized establishment, and a GKB pair an SUT that plays a TPoS', () => {
    const full = parsePics({ pics: 'proauth-pics/1', roles: ['TPoS'], optimized: false });
    expect(applicability(full).find((a) => a.purpose.id === 'TP-ORDER-UNAUTHORIZED_SOURCE-REPLAY')?.because).toMatch(/does not claim optimized establishment/);
    const sposOnly = parsePics({ pics: 'proauth-pics/1', roles: ['SPoS'] });
    for (const id of ['TP-ORDER-MN_REQUESTED-NOT_EAP_ROOT', 'TP-ORDER-NO_TRUST-NOT_EAP_ROOT']) expect(applicability(sposOnly).find((a) => a.purpose.id === id)?.because).toMatch(/^unreachable: a GKB-rooted SA/);
  });

  it('passes only on a decision of a PoS that its own run placed at the SUT', () => {
    const dom = (id: string, partners: string[], suites: number[]): DomainConfig => ({ id, rats: ['wlan'], neighbours: [], partners, suites, requestsFallback: false });
    const world: WorldConfig = { chainLimit: 1, domains: [dom('A', ['B'], [1, 2]), dom('B', ['A'], [2]), dom('C', ['B'], [1, 2])], mns: [] };
    // B does not trust C, and C offers no suite B supports: UNAUTHORIZED_SOURCE and NO_COMMON_SUITE.
    const request: PduObservation = { type: 'MIS_N2N_Prereg_Xfer.request', src: 'C', dst: 'B', mn: 'mn1', nonceN: 'n1', suites: [1], depth: 1, root: 'EAP' };
    const answer: PduObservation = { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'C', mn: 'mn1', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' };
    const run = (placement: SutPlacement): RecordedStep[] => [
      { stimulus: { kind: 'attach', mn: 'mn1', domain: 'C' }, observation: { mns: [], poss: [], inFlight: [request] }, run: 1, world, placement },
      { stimulus: { kind: 'deliver', index: 0 }, observation: { mns: [], poss: [], inFlight: [answer] }, run: 1, world, placement },
    ];
    const purpose = TEST_PURPOSES.find((p) => p.id === 'TP-ORDER-UNAUTHORIZED_SOURCE-NO_COMMON_SUITE')!;
    const report: SutPlacement = { roles: ['MN', 'SPoS', 'TPoS'], entities: ['B', 'mn1'] };
    expect(purpose.exercised(run({ roles: ['SPoS', 'TPoS'], entities: ['B'] }), report)).toBe(true);
    // B was played by the tester in this run (the SUT played only the MNs): no evidence.
    expect(purpose.exercised(run({ roles: ['MN'], entities: ['mn1'] }), report)).toBe(false);
    expect(TEST_PURPOSES.find((p) => p.id === 'TP-ORDER-UNAUTHORIZED_SOURCE-REPLAY')!.exercised(run({ roles: ['TPoS'], entities: ['B'] }), report)).toBe(false);
  });
});

describe('weights that make the rare pairs meet', () => {
  const lies = (w: typeof CLI_WEIGHTS): string[] =>
    fc
      .sample(commandArbitrary({ ...w, attach: 0, handover: 0, handoverFallback: 0, complete: 0, abort: 0, policy: 0, deliver: 0, drop: 0, duplicate: 0, corrupt: 0, tamper: 0, redeliver: 0, redeliverRequest: 0, spoilCopyDecoding: 0, tamperN2nAnswer: 0, loseAuthAnswer: 0 }), { seed: 7, numRuns: 200 })
      .map((c) => {
        const p = (c as StimulusCommandOf).pattern;
        return p.kind === 'lie' ? String(p.what ?? null) : p.kind;
      });

  it('lieMix splits the lies; GKB_WEIGHTS tells root lies only', () => {
    expect(new Set(lies(GKB_WEIGHTS))).toEqual(new Set(['root']));
    const mixed = lies(CLI_WEIGHTS);
    const root = mixed.filter((w) => w === 'root').length;
    expect(new Set(mixed)).toEqual(new Set(['null', 'depth', 'root', 'suites']));
    // Two shares of five.
    expect(root).toBeGreaterThan(mixed.filter((w) => w === 'depth').length);
  });

  it('GKB_WEIGHTS for the even runs with an SUT PoS that chase nothing else, never for the MNs alone', () => {
    expect(weightsOfRun('all', 4)).toBe(GKB_WEIGHTS);
    expect(weightsOfRun('pos', 8)).toBe(GKB_WEIGHTS);
    expect(weightsOfRun('all', 7)).toBe(POS_WEIGHTS);
    // a chain-limit run resends preparations only where the SUT hosts every PoS
    expect(weightsOfRun('all', 1, 3, true)).toBe(TPOS_CHAIN_RESEND_WEIGHTS);
    expect(weightsOfRun('all', 1, 1, false)).toBe(TPOS_CHAIN_WEIGHTS);
    expect(weightsOfRun('pos', 5)).toBe(TPOS_CHAIN_WEIGHTS);
    expect(TPOS_CHAIN_WEIGHTS.resendFromPartner ?? 0).toBe(0);
    expect(weightsOfRun('mns', 4)).not.toBe(GKB_WEIGHTS);
  });

  it('late-answer weights for one run in eight of every placement, spoilt request copies only where a PoS is the SUT', () => {
    for (const seed of [2, 10, 18, -6]) expect(chasesLateAnswers(seed)).toBe(true);
    for (const seed of [0, 3, 4, 6, 7]) expect(chasesLateAnswers(seed)).toBe(false);
    expect(weightsOfRun('all', 2)).toBe(LATE_WEIGHTS);
    expect(weightsOfRun('pos', 10)).toBe(LATE_WEIGHTS);
    expect(weightsOfRun('mns', 2)).toBe(MN_LATE_WEIGHTS);
    expect(LATE_WEIGHTS.spoilRequestCopy).toBeGreaterThan(0);
    expect(MN_LATE_WEIGHTS.spoilRequestCopy ?? 0).toBe(0);
    for (const w of [LATE_WEIGHTS, MN_LATE_WEIGHTS]) expect(w.abandon).toBeGreaterThan(0);
    // the runs that chase a cell or a rare decision keep the weights they had
    for (const w of [GKB_WEIGHTS, RECEIVER_CHECK_WEIGHTS]) expect([w.spoilRequestCopy ?? 0, w.abandon ?? 0]).toEqual([0, 0]);
  });

  it('SPOIL_COPY_WEIGHTS for every other run with the MNs alone, in a world with every optimized path open', () => {
    expect(weightsOfRun('mns', 4)).toBe(SPOIL_COPY_WEIGHTS);
    expect(weightsOfRun('mns', 7)).toBe(MN_WEIGHTS);
    expect(weightsOfRun('mns', 1)).toBe(FALLBACK_GRANT_WEIGHTS);
    expect(chasesSpoiltCopies('mns', 4)).toBe(true);
    expect(chasesSpoiltCopies('mns', 2)).toBe(false);
    expect(chasesSpoiltCopies('all', 4)).toBe(false);
    expect(chasesSpoiltCopies('mns', 7)).toBe(false);
    expect(SPOIL_COPY_WEIGHTS.spoilCopy).toBeGreaterThan(0);
    expect(CLI_WEIGHTS.spoilCopy ?? 0).toBe(0);
  });

  it('receiver-check weights for one run in four of every placement, each after one type its SUT entities receive', () => {
    for (const kind of ['all', 'mns', 'pos'] as const) expect(weightsOfRun(kind, 11, 3)).toEqual(receiverCheckWeights(kind, 11, 3));
    expect(weightsOfRun('all', 19).focusedTamper).toBeGreaterThan(0);
    expect(weightsOfRun('all', 15).focusedTamper ?? 0).toBe(0);
    // the chasing runs of one placement (seed % 3 its index among three) take its types in turn
    const focusOf = (kind: 'all' | 'mns' | 'pos', at: number, n: number) => {
      const seeds = Array.from({ length: 400 }, (_, s) => s).filter((s) => chasesReceiverChecks(s) && s % 3 === at);
      return seeds.slice(0, n).map((s) => receiverCheckWeights(kind, s, 3).focus);
    };
    expect(focusOf('all', 0, 9)).toEqual([...CHECKED_TYPES, CHECKED_TYPES[0]]);
    expect(focusOf('pos', 2, 6)).toEqual(CHECKED_TYPES.filter((t) => !TO_MN.has(t)));
    expect(new Set(focusOf('mns', 1, 2))).toEqual(TO_MN);
    expect(Array.from({ length: 64 }, (_, s) => s).filter(chasesReceiverChecks).length).toBe(16);
    expect(RECEIVER_CHECK_WEIGHTS.focusedTamper).toBeGreaterThan(CLI_WEIGHTS.tamper);
    expect(CLI_WEIGHTS.focusedTamper ?? 0).toBe(0);
  });
});
