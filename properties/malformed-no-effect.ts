import type { MnObservation, PduObservation, PosObservation, SaObservation, Tamper } from '../vocabulary/observation.ts';
import { violation, type Property } from './types.ts';

const saSig = (sa: SaObservation): string => `${sa.peer}/${sa.idType}/${sa.root}/${sa.depth}/${sa.state}/${sa.key}`;
const mnSig = (m: MnObservation): string => `${m.lifecycle}@${m.attachedTo ?? '-'}:${m.sas.map(saSig).sort().join(',')}`;
const posSig = (p: PosObservation): string => p.sas.map(saSig).sort().join(',');

//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
/**
 * The check a spoilt PDU's receiver skipped, by how the lower tester spoilt it: a MAC that does
 * not verify (5.14.1-S20), a wrong Nonce-N echo (A-NONCE), a wrong transaction id or sender (A-TLV); a
 * malformed PDU is A-TLV's strict decoding. A field a §5.2 check rejects names the sentence the
 * check stands for when the observation says which check (`spoiltRequirements`, which the SUT
 * side's tester attaches), else the way's own.
 */
const SPOILT_REQUIREMENT: Readonly<Record<Tamper, readonly string[]>> = {
  mac: ['5.14.1-S20', 'A-DISCARD'],
  field: ['5.14.1-S20', 'A-DISCARD'],
  key: ['5.14.1-S20', 'A-DISCARD'],
  echo: ['A-NONCE', 'A-DISCARD'],
  tid: ['A-TLV', 'A-DISCARD'],
  'dup-tlv': ['A-TLV'],
  'tlv-order': ['A-TLV'],
  decoding: ['A-TLV'],
  misaddressed: ['A-DISCARD'],
  'bad-field': ['A-DISCARD'],
  wrap: ['5.14.2-S6', 'A-DISCARD'],
  'no-sa': ['A-HO-COMPLETE', 'A-DISCARD'],
  unexpected: ['A-DISCARD', '5.14.1-S20'],
  'unknown-mn': ['A-DISCARD'],
  src: ['A-TLV', 'A-DISCARD'],
};

function spoiltRequirements(d: PduObservation): readonly string[] {
  if (d.spoilt === undefined) return ['A-TLV'];
  const precise = d.spoiltRequirements;
  return precise === undefined ? SPOILT_REQUIREMENT[d.spoilt] : [...new Set([...precise, ...SPOILT_REQUIREMENT[d.spoilt]])];
}

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A-TLV (strict decoding, docs/protocol.md §3 corrupt), A-DISCARD (§3 tamper): a PDU altered in
 * flight (a trailing byte, a cut byte, an unassigned TLV; a spoilt MAC, field, key, echo or
 * transaction id) is discarded by its receiver with no effect: no SA, no MN state and no other
 * PDU changes, and nothing is sent in reply.
 */
export const malformedNoEffect: Property = {
  id: 'malformed-no-effect',
  title: 'A malformed or spoilt PDU has no effect',
  requirements: ['A-TLV', '5.14.1-S20', 'A-NONCE', 'A-DISCARD', '5.14.2-S6', 'A-HO-COMPLETE'],
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  //= SPEC_MAPPING.md#A-HO-COMPLETE
  //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
  //# MIS_N2N_HO_Complete.indication (TPoS
  check(ctx) {
    const d = ctx.step.delivered;
    if (ctx.prev === null || d === null || d.corrupted !== true) return null;
    const what = d.spoilt === undefined ? `corrupted ${d.type} ${d.src}→${d.dst}` : `${d.type} ${d.src}→${d.dst} spoilt (${d.spoilt})`;
    const broken = (message: string) => ({ ...violation(this, message), requirements: spoiltRequirements(d) });
    if (ctx.step.emitted.length > 0) return broken(`delivery of a ${what} made ${ctx.step.emitted[0]!.src} send ${ctx.step.emitted[0]!.type}`);
    for (const m of ctx.next.mns) {
      const before = ctx.prev.mns.find((x) => x.id === m.id);
      if (before === undefined || mnSig(before) !== mnSig(m)) return broken(`delivery of a ${what} changed MN ${m.id}`);
    }
    for (const p of ctx.next.poss) {
      const before = ctx.prev.poss.find((x) => x.id === p.id);
      if (before === undefined || posSig(before) !== posSig(p)) return broken(`delivery of a ${what} changed the SAs of PoS ${p.id}`);
    }
    return null;
  },
  exercised(ctx) {
    const d = ctx.step.delivered;
    return d?.corrupted !== true ? [] : [...spoiltRequirements(d)];
  },
};
