// Test purposes (TTCN-3 sense): what one conformance run checks, which requirement IDs it
// judges, which SUT roles make it applicable, and how to tell from the recorded steps that the
// run actually exercised it (pass needs evidence; a purpose never exercised is `inconc`).
import type { Observation, PduObservation, Reason, Stimulus } from '../observation.ts';
import type { Pics, Role } from './pics.ts';

/** One lockstep step as the CLI records it around the SUT adapter. */
export interface RecordedStep {
  readonly stimulus: Stimulus;
  readonly observation: Observation;
  /** Who the SUT played in this step's run (worlds and placements vary per run). */
  readonly placement?: SutPlacement;
}

/** Who is played by the SUT in this run (the rest is played by the tester's reference entities). */
export interface SutPlacement {
  readonly roles: readonly Role[];
  /** Entity ids (MN ids, PoS/domain ids) hosted by the SUT. */
  readonly entities: readonly string[];
}

export interface TestPurpose {
  readonly id: string;
  readonly title: string;
  readonly requirements: readonly string[];
  /** Applicable iff the SUT implements at least one of these roles and `needs` holds. */
  readonly roles: readonly Role[];
  readonly needs?: (pics: Pics) => boolean;
  /** True iff the recorded steps show the behaviour this purpose is about, at an SUT entity. */
  readonly exercised: (steps: readonly RecordedStep[], sut: SutPlacement) => boolean;
}

function pdus(steps: readonly RecordedStep[]): PduObservation[] {
  return steps.flatMap((s) => s.observation.inFlight);
}

function sentBySut(p: PduObservation, sut: SutPlacement): boolean {
  return sut.entities.includes(p.src);
}

function touchesSut(p: PduObservation, sut: SutPlacement): boolean {
  return sut.entities.includes(p.src) || sut.entities.includes(p.dst);
}

function reasonFromSut(reason: Reason, type?: PduObservation['type']) {
  return (steps: readonly RecordedStep[], sut: SutPlacement): boolean =>
    pdus(steps).some((p) => p.reason === reason && (type === undefined || p.type === type) && touchesSut(p, sut));
}

function hasSa(steps: readonly RecordedStep[], sut: SutPlacement, pred: (idType: number, depth: number) => boolean): boolean {
  return steps.some(
    (s) =>
      s.observation.mns.some((m) => sut.entities.includes(m.id) && m.sas.some((sa) => pred(sa.idType, sa.depth))) ||
      s.observation.poss.some((p) => sut.entities.includes(p.id) && p.sas.some((sa) => pred(sa.idType, sa.depth))),
  );
}

export const TEST_PURPOSES: readonly TestPurpose[] = [
  {
    id: 'TP-ATTACH',
    title: 'Initial attachment installs a serving SA with the ID_TYPE of its method',
    requirements: ['5.14.1-S16', '5.14-T1'],
    roles: ['MN', 'SPoS', 'TPoS'],
    exercised: (steps, sut) => pdus(steps).some((p) => p.type === 'MIS_Auth.response' && touchesSut(p, sut)),
  },
  {
    id: 'TP-SERVING-SA',
    title: 'At all times the attached MN has an SA with the PoS of its current network',
    requirements: ['5.14.1-S17', '5.14.1-S19'],
    roles: ['MN', 'SPoS', 'TPoS'],
    exercised: (steps, sut) => steps.some((s) => s.stimulus.kind === 'complete') && pdus(steps).some((p) => p.type === 'MIS_HO_Complete.request' && touchesSut(p, sut)),
  },
  {
    id: 'TP-OPTIMIZED',
    title: 'Optimized MIH SA establishment via the SPoS (K, Nonce-N, Nonce-T, c, MISK)',
    requirements: ['5.14.1-S12', '5.14.1-S13', '5.14.2-S6', '5.14.2-S7', '5.14.2-S8', '5.14.2-S9', '5.14.2-N2a'],
    roles: ['MN', 'SPoS', 'TPoS'],
    needs: (p) => p.optimized && p.chainLimit > 0,
    exercised: (steps, sut) => hasSa(steps, sut, (idType) => idType === 3),
  },
  {
    id: 'TP-NO-TRUST',
    title: 'No optimized establishment without trust between SPoS and TPoS domains',
    requirements: ['5.14.2-N1a', '5.14.3-S5'],
    roles: ['SPoS'],
    exercised: reasonFromSut('NO_TRUST'),
  },
  {
    id: 'TP-UNAUTHORIZED-SOURCE',
    title: 'The TPoS rejects N2N preregistration from an unauthorized source PoS',
    requirements: ['5.14.1-S6'],
    roles: ['TPoS'],
    exercised: reasonFromSut('UNAUTHORIZED_SOURCE', 'MIS_N2N_Prereg_Xfer.response'),
  },
  {
    id: 'TP-MN-FALLBACK',
    title: 'Fall back to full establishment when the MN requests it',
    requirements: ['5.14.2-N1c'],
    roles: ['MN', 'SPoS'],
    needs: (p) => p.fallback.mnRequest,
    exercised: reasonFromSut('MN_REQUESTED'),
  },
  {
    id: 'TP-TPOS-FALLBACK',
    title: 'Fall back to full establishment when the TPoS requests it',
    requirements: ['5.14.2-N1c'],
    roles: ['TPoS'],
    needs: (p) => p.fallback.tposPolicy,
    exercised: reasonFromSut('TPOS_REQUESTED', 'MIS_N2N_Prereg_Xfer.response'),
  },
  {
    id: 'TP-TLS-ROOT',
    title: 'No optimized establishment from a TLS-rooted SA',
    requirements: ['5.14.2-N3'],
    roles: ['SPoS'],
    needs: (p) => p.methods.includes('TLS'),
    exercised: reasonFromSut('TLS_ROOT'),
  },
  {
    id: 'TP-CHAIN-SPOS',
    title: 'The SPoS forces a full establishment once the chain limit is reached',
    requirements: ['5.14.2-N4b', '5.14.2-N4c'],
    roles: ['SPoS'],
    needs: (p) => p.chainLimitEnforcedBy.includes('SPoS'),
    exercised: reasonFromSut('CHAIN_LIMIT', 'MIS_Prereg_Xfer.response'),
  },
  {
    id: 'TP-CHAIN-TPOS',
    title: 'The TPoS refuses an optimized request beyond the chain limit',
    requirements: ['5.14.2-N4b', '5.14.2-N4c'],
    roles: ['TPoS'],
    needs: (p) => p.chainLimitEnforcedBy.includes('TPoS') && p.optimized,
    // Reached at the TPoS only when the SPoS does not stop the chain itself; otherwise the
    // purpose is judged on depth bookkeeping: an SUT SA at depth L shows the limit was honoured.
    exercised: (steps, sut) =>
      reasonFromSut('CHAIN_LIMIT', 'MIS_N2N_Prereg_Xfer.response')(steps, sut) || hasSa(steps, sut, (idType, depth) => idType === 3 && depth >= 1),
  },
  {
    id: 'TP-REPLAY',
    title: 'A replayed N2N preregistration request is rejected',
    requirements: ['A-REPLAY', '5.14.1-S5'],
    roles: ['TPoS'],
    exercised: reasonFromSut('REPLAY', 'MIS_N2N_Prereg_Xfer.response'),
  },
  {
    id: 'TP-TARGET-SELECTION',
    title: 'The SPoS selects a trusted TPoS offering one of the MN\'s RATs',
    requirements: ['5.14.3-S2', '5.14.3-S3', '5.14.3-S7'],
    roles: ['SPoS'],
    needs: (p) => p.targetSelection,
    exercised: (steps, sut) =>
      steps.some((s) => s.stimulus.kind === 'handover' && s.stimulus.target === null) &&
      pdus(steps).some((p) => p.type === 'MIS_Prereg_Xfer.response' && sentBySut(p, sut)),
  },
  {
    id: 'TP-STRICT-DECODING',
    title: 'A malformed PDU is discarded without effect',
    requirements: ['A-TLV', '5.14.1-S20'],
    roles: ['MN', 'SPoS', 'TPoS'],
    exercised: (steps, sut) =>
      steps.some((s, i) => {
        if (s.stimulus.kind !== 'deliver' || i === 0) return false;
        const before = steps[i - 1]?.observation.inFlight[s.stimulus.index];
        return before?.corrupted === true && sut.entities.includes(before.dst);
      }),
  },
];

export interface Applicability {
  readonly purpose: TestPurpose;
  readonly applicable: boolean;
  /** Why not, when not applicable. */
  readonly because?: string;
}

/** Which test purposes a PICS makes applicable. */
export function applicability(pics: Pics): Applicability[] {
  return TEST_PURPOSES.map((purpose) => {
    if (!purpose.roles.some((r) => pics.roles.includes(r))) {
      return { purpose, applicable: false, because: `SUT implements ${pics.roles.join('+')}, purpose concerns ${purpose.roles.join('/')}` };
    }
    if (purpose.needs !== undefined && !purpose.needs(pics)) return { purpose, applicable: false, because: 'option not claimed in the PICS' };
    return { purpose, applicable: true };
  });
}
