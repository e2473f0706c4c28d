// Where a divergence from the model points: the requirement a differing PDU or SA field is
// about. A divergence is reported with these IDs when no property names the fault itself.
import type { DiscardCause, PduType, Reason, Status } from '../vocabulary/observation.ts';

/** The requirement behind each decision reason (docs/protocol.md §4). */
export const REASON_REQUIREMENT: Readonly<Record<Reason, string | null>> = {
  NONE: null,
  MN_REQUESTED: '5.14.2-N1c',
  NO_TRUST: '5.14.2-N1a',
  TLS_ROOT: '5.14.2-N3',
  NOT_EAP_ROOT: '5.14.2-N2a',
  CHAIN_LIMIT: '5.14.2-N4c',
  UNAUTHORIZED_SOURCE: '5.14.1-S6',
  REPLAY: 'A-REPLAY',
  TPOS_REQUESTED: '5.14.2-N1c',
  NO_COMMON_SUITE: '5.14.2-S8',
  TARGET_REFUSED: '5.14.1-S6',
};

export const STATUS_REQUIREMENT: Readonly<Record<Status, string | null>> = {
  SUCCESS: null,
  FULL_AUTH_REQUIRED: '5.14.2-N1b',
  REJECTED: '5.14.1-S6',
  NO_TARGET: '5.14.3-S3',
};

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/**
 * A-ERP-SEQ: a full establishment is REJECTED only for want of an ERP SEQ (docs/protocol.md
 * §5.4), and an MN changes its method from ERP to EAP only once its SEQ is used up.
 */
export const ERP_SEQ_REQUIREMENT = 'A-ERP-SEQ';

/** The requirement each PDU type's exchange implements. */
export const PDU_REQUIREMENT: Readonly<Record<PduType, string>> = {
  'MIS_Auth.request': '5.14.1-S24',
  'MIS_Auth.response': '5.14.1-S24',
  'MIS_Prereg_Xfer.request': '5.14.2-S7',
  'MIS_N2N_Prereg_Xfer.request': '5.14.2-S7',
  'MIS_N2N_Prereg_Xfer.response': '5.14.2-S7',
  'MIS_Prereg_Xfer.response': '5.14.2-S7',
  'MIS_HO_Complete.request': '5.14.1-S19',
  'MIS_N2N_HO_Complete.indication': '5.14.1-S19',
};

/** The requirement behind each compared SA field. */
export const SA_FIELD_REQUIREMENT = {
  presence: '5.14.1-S17',
  idType: '5.14-T1',
  root: '5.14.2-N4b',
  depth: '5.14.2-N4b',
  state: '5.14.1-S19',
  suite: '5.14.2-S8',
  key: '5.14.2-S9',
} as const;

/** The requirement behind each handover outcome path (docs/protocol.md §7): the status the MN acted on. */
export const OUTCOME_PATH_REQUIREMENT = {
  optimized: '5.14.2-S7',
  full: '5.14.2-N1b',
  none: '5.14.3-S3',
} as const;

/**
 * The requirement behind each check of docs/protocol.md §5.2, by the discard cause it gives:
 * what a receiver that discarded at another check, or not at all, failed to do.
 */
export const DISCARD_CAUSE_REQUIREMENT: Readonly<Record<DiscardCause, string>> = {
  malformed: 'A-TLV',
  misaddressed: 'A-DISCARD',
  'unexpected-pdu': 'A-DISCARD',
  'no-sa': 'A-DISCARD',
  'no-mis-sa': '5.14.1-S8',
  'bad-mac': '5.14.1-S20',
  'bad-wrapped-key': '5.14.2-S6',
  'wrong-state': 'A-DISCARD',
  'unknown-transaction': 'A-TLV',
  'nonce-mismatch': 'A-NONCE',
  duplicate: 'A-REPLAY',
  'bad-field': 'A-DISCARD',
  'unknown-mn': 'A-DISCARD',
  internal: 'A-DISCARD',
};

export const NONCE_REQUIREMENT = '5.14.2-S7';
export const CORRUPTION_REQUIREMENT = 'A-TLV';
export const MN_STATE_REQUIREMENT = '5.14.1-S17';

/** The requirements behind each request or answer field of a PDU (docs/protocol.md §4, §7). */
export const PDU_FIELD_REQUIREMENT = {
  method: ['5.14.1-S24'],
  idType: ['5.14-T1', 'A-IDTYPE'],
  suites: ['A-SUITES', '5.14.2-S8'],
  suite: ['5.14.2-S8', 'A-SUITES'],
  depth: ['A-DEPTH-WIRE', '5.14.2-N4b'],
  root: ['5.14.2-N2a', '5.14.2-N3'],
  fallback: ['5.14.2-N1c'],
  //= SPEC_MAPPING.md#A-SELECTION
  //# 5.14.3 selection rule: the SPoS picks the first of its neighbours that is in its partners and
  //# offers one of the MN's RATs; none → NO_TARGET.
  target: ['5.14.3-S7', 'A-SELECTION'],
  previous: ['A-HO-COMPLETE', '5.14.1-S19'],
} as const satisfies Readonly<Record<string, readonly string[]>>;
