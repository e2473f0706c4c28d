// The receiver checks of docs/protocol.md §5.2 a peer holding the link's key can fail: one field
// rewritten (or left out) and the PDU sealed again under the right key, so that it decodes, its
// MAC verifies, and exactly one check rejects it. Grouped by the discard reason the check gives
// ([misaddressed], [bad-field], [bad-wrapped-key], [no-sa]): one lower-tester way each.
import type { PduObservation, PduType } from '../../vocabulary/observation.ts';
import type { TesterPdu } from './codec.ts';
import type { TesterEdit } from './wire-tester.ts';
import { flipped } from './faults.ts';

export type CheckWay = 'misaddressed' | 'bad-field' | 'wrap' | 'no-sa';

/** What the tester knows of a PDU beyond its bytes (harness/tester/wire-tester.ts). */
export interface CheckContext {
  /** The TPoS the MN's request of this transaction named; null: it named none, or no request was seen. */
  readonly namedTarget: string | null;
  /** The world's PoS ids, sorted. */
  readonly poss: readonly string[];
}

const NO_CONTEXT: CheckContext = { namedTarget: null, poss: [] };

export interface CheckRule {
  /** Short name, unique within its way: what the observation's `spoiltRule` says (`<way>:<id>`). */
  readonly id: string;
  readonly way: CheckWay;
  /** The PDU types the check is made on (`applies` holds for no other): one receiver handler each. */
  readonly on: readonly PduType[];
  /** The SPEC_MAPPING.md IDs of the sentence the check stands for, most specific first. */
  readonly requirements: readonly string[];
  readonly applies: (pdu: TesterPdu, offered: readonly number[], context: CheckContext) => boolean;
  /** The rewrite (undefined: the TLV left out), given the run's choice, the MN's offered suites and the context. */
  readonly edit: (pdu: TesterPdu, choice: number, offered: readonly number[], context: CheckContext) => TesterEdit;
}

const MN_REQUESTS: ReadonlySet<PduType> = new Set(['MIS_Auth.request', 'MIS_Prereg_Xfer.request', 'MIS_HO_Complete.request']);
/** The PDU types an MN receives; a PoS receives the rest of CHECKED_TYPES. */
export const TO_MN: ReadonlySet<PduType> = new Set(['MIS_Auth.response', 'MIS_Prereg_Xfer.response']);
/** Every PDU type: each meets some check (the `dst` one at least). */
export const CHECKED_TYPES: readonly PduType[] = [
  'MIS_Auth.request',
  'MIS_Auth.response',
  'MIS_Prereg_Xfer.request',
  'MIS_Prereg_Xfer.response',
  'MIS_N2N_Prereg_Xfer.request',
  'MIS_N2N_Prereg_Xfer.response',
  'MIS_HO_Complete.request',
  'MIS_N2N_HO_Complete.indication',
];
const SUCCEEDED_ON: readonly PduType[] = ['MIS_N2N_Prereg_Xfer.response', 'MIS_Prereg_Xfer.response'];
const SUITE_CODES = [1, 2, 3, 4];
const ID_TYPES = [0, 1, 2, 3] as const;

const is = (type: PduType, ...statuses: readonly string[]) => (p: TesterPdu): boolean => p.type === type && (statuses.length === 0 || statuses.includes(p.status ?? ''));
const either = (...tests: readonly ((p: TesterPdu) => boolean)[]) => (p: TesterPdu): boolean => tests.some((t) => t(p));
const preregAnswer = is('MIS_Prereg_Xfer.response', 'SUCCESS', 'FULL_AUTH_REQUIRED');
const succeeded = either(is('MIS_N2N_Prereg_Xfer.response', 'SUCCESS'), is('MIS_Prereg_Xfer.response', 'SUCCESS'));

/** The PoSs an SPoS's answer could name that are neither the SPoS nor the TPoS the MN named. */
function unnamedPoss(p: TesterPdu, c: CheckContext): readonly string[] {
  return c.poss.filter((id) => id !== p.src && id !== c.namedTarget);
}

/** `id` with each ASCII letter in the other case (other characters, whose case mapping may change their length, kept). */
function caseFlipped(id: string): string {
  return id.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/** §5.2's checks, per way in the table's order. */
export const CHECK_RULES: readonly CheckRule[] = [
  // Every receiver: `dst` is itself (the network still hands the PDU to the original receiver).
  { id: 'dst', way: 'misaddressed', on: CHECKED_TYPES, requirements: ['A-DISCARD'], applies: () => true, edit: (p) => ({ dst: p.src }) },
  // and compares it byte for byte (docs/protocol.md §1): the receiver's id with its ASCII
  // letters in the other case names another entity.
  { id: 'dst-case', way: 'misaddressed', on: CHECKED_TYPES, requirements: ['A-DISCARD'], applies: (p) => caseFlipped(p.dst) !== p.dst, edit: (p) => ({ dst: caseFlipped(p.dst) }) },
  // A PoS: an MN's request comes from that MN.
  { id: 'src', way: 'misaddressed', on: [...MN_REQUESTS], requirements: ['A-DISCARD'], applies: (p) => MN_REQUESTS.has(p.type), edit: (p) => ({ src: p.dst }) },
  // The MN: an answer is about itself.
  { id: 'mn', way: 'misaddressed', on: [...TO_MN], requirements: ['A-DISCARD'], applies: (p) => TO_MN.has(p.type), edit: (p) => ({ mn: p.src }) },
  //= spec/clause-5.14-proposed-text.txt#5.14-T1
  //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
  //# GKB-generated; 3: SPoS-generated
  // a SUCCESS names the ID_TYPE of the method the MN ran (0 TLS, 1 EAP or ERP); any other of
  // the four codes, 2 and 3 included, is well-formed (a decoder that took 3 for out of range
  // would call it malformed).
  {
    id: 'idType',
    way: 'bad-field',
    on: ['MIS_Auth.response'],
    requirements: ['5.14-T1', 'A-IDTYPE'],
    applies: is('MIS_Auth.response', 'SUCCESS'),
    edit: (p, choice) => ({ idType: ID_TYPES.filter((t) => t !== p.idType)[choice % (ID_TYPES.length - 1)]! }),
  },
  // The MN asks its SPoS for a handover to another PoS.
  { id: 'target', way: 'bad-field', on: ['MIS_Prereg_Xfer.request'], requirements: ['A-SELECTION', 'A-DISCARD'], applies: is('MIS_Prereg_Xfer.request'), edit: (p) => ({ target: p.dst }) },
  //= SPEC_MAPPING.md#A-STATUS
  //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
  //# fixed order at the SPoS and at the TPoS.
  // NO_TARGET is the SPoS's own answer (5.14.3), never a TPoS's.
  {
    id: 'no-target',
    way: 'bad-field',
    on: ['MIS_N2N_Prereg_Xfer.response'],
    requirements: ['A-STATUS'],
    applies: is('MIS_N2N_Prereg_Xfer.response'),
    edit: () => ({ status: 'NO_TARGET', reason: 'NONE', nonceT: undefined, suite: undefined }),
  },
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
  //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
  //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  // a SUCCESS carries Nonce-T and c.
  { id: 'no-nonceT', way: 'bad-field', on: SUCCEEDED_ON, requirements: ['5.14.2-S7'], applies: succeeded, edit: () => ({ nonceT: undefined }) },
  { id: 'no-suite', way: 'bad-field', on: SUCCEEDED_ON, requirements: ['5.14.2-S8', 'A-SUITES'], applies: succeeded, edit: () => ({ suite: undefined }) },
  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  // the SPoS names the TPoS, and never itself.
  { id: 'no-tpos', way: 'bad-field', on: ['MIS_Prereg_Xfer.response'], requirements: ['5.14.3-S7'], applies: preregAnswer, edit: () => ({ tpos: undefined }) },
  { id: 'tpos-spos', way: 'bad-field', on: ['MIS_Prereg_Xfer.response'], requirements: ['5.14.3-S7'], applies: preregAnswer, edit: (p) => ({ tpos: p.src }) },
  // and, where the MN named the TPoS, the one it named (any reading of the MN's check, V-MN-TARGET-*).
  {
    id: 'tpos-not-named',
    way: 'bad-field',
    on: ['MIS_Prereg_Xfer.response'],
    requirements: ['5.14.3-S7'],
    applies: (p, _offered, c) => preregAnswer(p) && c.namedTarget !== null && unnamedPoss(p, c).length > 0,
    edit: (p, choice, _offered, c) => {
      const others = unnamedPoss(p, c);
      return { tpos: others[choice % others.length]! };
    },
  },
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  // K comes with the SUCCESS.
  { id: 'no-wrappedK', way: 'bad-field', on: ['MIS_Prereg_Xfer.response'], requirements: ['5.14.2-S6'], applies: is('MIS_Prereg_Xfer.response', 'SUCCESS'), edit: () => ({ wrappedK: undefined }) },
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  // c is one of the suites the MN offered.
  {
    id: 'suite-not-offered',
    way: 'bad-field',
    on: ['MIS_Prereg_Xfer.response'],
    requirements: ['5.14.2-S8', 'A-SUITES'],
    applies: (p, offered) => is('MIS_Prereg_Xfer.response', 'SUCCESS')(p) && SUITE_CODES.some((c) => !offered.includes(c)),
    edit: (_p, choice, offered) => {
      const others = SUITE_CODES.filter((c) => !offered.includes(c));
      return { suite: others[choice % others.length]! };
    },
  },
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  // the MN completes a handover away from another PoS.
  { id: 'previous', way: 'bad-field', on: ['MIS_HO_Complete.request'], requirements: ['A-HO-COMPLETE', '5.14.1-S19'], applies: is('MIS_HO_Complete.request'), edit: (p) => ({ previous: p.dst }) },
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  // the wrapped K's tag fails though the PDU's MAC verifies.
  {
    id: 'wrappedK',
    way: 'wrap',
    on: ['MIS_N2N_Prereg_Xfer.request', 'MIS_Prereg_Xfer.response'],
    requirements: ['5.14.2-S6'],
    applies: either(is('MIS_N2N_Prereg_Xfer.request'), is('MIS_Prereg_Xfer.response', 'SUCCESS')),
    edit: (p, choice) => ({ wrappedK: flipped(p.wrappedK!, choice) }),
  },
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  // an indication about an MN the old SPoS holds no SA with (ids are one address
  // space, docs/protocol.md §1, so a PoS id names no MN).
  { id: 'unknown-mn', way: 'no-sa', on: ['MIS_N2N_HO_Complete.indication'], requirements: ['A-HO-COMPLETE', 'A-DISCARD'], applies: is('MIS_N2N_HO_Complete.indication'), edit: (p) => ({ mn: p.src }) },
];

/** The checks of `way` that `pdu` can be made to fail. */
export function checkRulesFor(way: CheckWay, pdu: TesterPdu, offered: readonly number[], context: CheckContext = NO_CONTEXT): readonly CheckRule[] {
  return CHECK_RULES.filter((r) => r.way === way && r.applies(pdu, offered, context));
}

/** The rule `choice` picks among those of `way` that apply to `pdu`, or null if none does. */
export function pickCheck(way: CheckWay, pdu: TesterPdu, offered: readonly number[], choice: number, context: CheckContext = NO_CONTEXT): CheckRule | null {
  const rules = checkRulesFor(way, pdu, offered, context);
  return rules.length === 0 ? null : rules[choice % rules.length]!;
}

const BY_NAME = new Map(CHECK_RULES.map((r) => [`${r.way}:${r.id}`, r]));

/** The requirements of a `spoiltRule` a check fault wrote (`<way>:<id>`), or null for another. */
export function checkRequirements(spoiltRule: string): readonly string[] | null {
  return BY_NAME.get(spoiltRule)?.requirements ?? null;
}

/** What the observation of a tampered PDU says of the rule it broke (vocabulary/observation.ts). */
export function spoiltEvidence(rule: string | undefined): Pick<PduObservation, 'spoiltRule' | 'spoiltRequirements'> {
  if (rule === undefined) return {};
  const requirements = checkRequirements(rule);
  return requirements === null ? { spoiltRule: rule } : { spoiltRule: rule, spoiltRequirements: requirements };
}
