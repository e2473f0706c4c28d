// The active lower tester (docs/protocol.md §3; TTCN-3's invalid and inopportune behaviour):
// the bytes of a PDU in flight after a tamper or a lie, made with the tester's own codec and the
// keys the WireTester derived, never with the code under test.
import type { Lie, Tamper, WorldConfig } from '../../vocabulary/observation.ts';
import { pickCheck } from './check-faults.ts';
import { decodePdu, encodePdu, tlvSpans, type TesterPdu } from './codec.ts';
import { breakDecoding } from './decoding-faults.ts';
import { applyFault, flipped } from './faults.ts';
import { unexpectedEdit } from './unexpected-pdu.ts';
import type { TesterEdit, WireTester } from './wire-tester.ts';

/** The tester cannot carry out a stimulus the model enabled: a fault of the tester, not the SUT's. */
export class LowerTesterError extends Error {
  override readonly name = 'LowerTesterError';
}

/**
 * `choice` spread over 0..n-1 by a multiplicative hash (a permutation when n is a power of two):
 * consecutive choices land far apart, so that a run's few tampers reach every part of a field.
 * A fixed bit of the echo let a check of only its prefix pass, and tid + 1 a check of tids one
 * way round.
 */
function spread(choice: number, n: number): number {
  return (Math.imul(choice, 0x9e3779b1) >>> 0) % n;
}

/** Another 12-bit transaction id than `tid`, at a distance (1..4095, either way round) `choice` picks. */
function otherTid(tid: number, choice: number): number {
  return (tid + 1 + spread(choice, 0x0fff)) & 0x0fff;
}

/** The bytes of a tamper, and the rule or check they break where the way has several. */
export interface TamperResult {
  readonly bytes: Uint8Array;
  /** `decoding:<id>` (harness/tester/decoding-faults.ts) or `<way>:<id>` (check-faults.ts). */
  readonly rule?: string;
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A PDU its receiver must discard (A-DISCARD, 5.14.1-S20). `echo` and `tid` are sealed again
 * under the link's key, so only the echo or transaction check can reject them; `key` is sealed
 * under another key the tester holds. `choice` picks the bit of `mac`/`field`/`echo` (spread over
 * the echo), the tid of `tid` (an odd one: the tid of another exchange of the receiver's), the
 * sender of `src`, the §4.6 rule of `decoding` and the §5.2 check of `misaddressed`, `bad-field`,
 * `wrap` and `no-sa`; `unexpected` retypes the PDU (harness/tester/unexpected-pdu.ts).
 */
export function tamper(wire: WireTester, bytes: Uint8Array, how: Tamper, choice: number): TamperResult {
  const pdu = decodePdu(bytes);
  let out: Uint8Array | null;
  let rule: string | undefined;
  switch (how) {
    case 'mac':
    case 'field':
      out = applyFault(bytes, how, choice);
      break;
    case 'key':
      out = wire.sealWith(bytes, 'other-sa');
      break;
    case 'echo':
      out = pdu.nonceN === undefined ? null : wire.reseal(bytes, { nonceN: flipped(pdu.nonceN, spread(choice, pdu.nonceN.length * 8)) });
      break;
    case 'tid':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // The tid half of the transaction check (docs/protocol.md §5.1), the sender kept; the `src`
      // way fails the other half. One way per half: a way that took either form on half its
      // choices gave each half only half the reach. An odd choice borrows the tid of another
      // exchange of the receiver (WireTester.otherExchangeTid): a random tid meets a tid the
      // receiver opened once in 4,096, so a receiver that matched answers by tid alone passed
      // every run.
      out = wire.reseal(bytes, { tid: ((choice & 1) === 1 ? wire.otherExchangeTid(pdu) : null) ?? otherTid(pdu.tid, choice) });
      break;
    case 'src': {
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // The sender half of the transaction check, the tid kept.
      const sender = forgedSender(wire, pdu, choice);
      if (sender === null) throw new LowerTesterError(`no PoS but the sender of ${pdu.type} ${pdu.src}→${pdu.dst} can seal it to its receiver`);
      out = wire.resealFrom(bytes, sender);
      break;
    }
    case 'dup-tlv':
    case 'tlv-order':
      out = malformedOrder(bytes, how);
      break;
    case 'unknown-mn': {
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // from and about the same MN, so that the addressing check passes and only the HPoS
      // lookup [unknown-mn] rejects it.
      const mn = wire.unknownMnId();
      out = wire.reseal(bytes, { src: mn, mn });
      break;
    }
    case 'decoding': {
      const broken = breakDecoding(pdu, bytes, (unsealed) => wire.sealBytes(bytes, unsealed), choice);
      out = broken.bytes;
      rule = `decoding:${broken.rule.id}`;
      break;
    }
    case 'misaddressed':
    case 'bad-field':
    case 'wrap':
    case 'no-sa': {
      const offered = wire.offeredSuites(pdu.mn);
      const context = { namedTarget: pdu.nonceN === undefined ? null : wire.namedTarget(pdu.mn, pdu.nonceN), poss: wire.posIds() };
      const check = pickCheck(how, pdu, offered, choice, context);
      if (check === null) throw new LowerTesterError(`no ${how} check of docs/protocol.md §5.2 applies to ${pdu.type} ${pdu.src}→${pdu.dst}`);
      out = wire.reseal(bytes, check.edit(pdu, choice, offered, context));
      rule = `${how}:${check.id}`;
      break;
    }
    case 'unexpected': {
      const edit = unexpectedEdit(pdu);
      if (edit === null) throw new LowerTesterError(`${pdu.type} ${pdu.src}→${pdu.dst} has no other half of an exchange to become (docs/protocol.md §3 unexpected)`);
      out = wire.reseal(bytes, edit);
      rule = `unexpected:${edit.type ?? pdu.type}`;
      break;
    }
  }
  if (out === null) throw new LowerTesterError(`the lower tester cannot ${how}-tamper ${pdu.type} ${pdu.src}→${pdu.dst}: it holds no key for that link`);
  return rule === undefined ? { bytes: out } : { bytes: out, rule };
}

/**
 * The PoS an answer claims to come from in the `src` way: one from the choice of the PoSs other
 * than the answer's sender and receiver that can seal it to the receiver
 * (WireTester.forgeableSenders), so that the MAC verifies and only the transaction check can
 * reject it; null if there is none.
 */
function forgedSender(wire: WireTester, pdu: TesterPdu, choice: number): string | null {
  const senders = wire.forgeableSenders(pdu);
  return senders.length === 0 ? null : senders[choice % senders.length]!;
}

/** The bytes of `tamper`, without the rule. */
export function tampered(wire: WireTester, bytes: Uint8Array, how: Tamper, choice: number): Uint8Array {
  return tamper(wire, bytes, how, choice).bytes;
}

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
/**
 * A-TLV: the MN TLV (type 3, in every PDU) written twice, or swapped with the destination TLV
 * before it; the payload length is kept right, so only the duplicate or order rule rejects it.
 */
function malformedOrder(bytes: Uint8Array, how: 'dup-tlv' | 'tlv-order'): Uint8Array | null {
  const spans = tlvSpans(bytes);
  const dst = spans[1];
  const mn = spans[2];
  if (dst === undefined || mn === undefined) return null;
  const tlv = (s: typeof mn): Uint8Array => bytes.slice(s.valueAt - 3, s.valueAt + s.length);
  const head = bytes.slice(0, dst.valueAt - 3);
  const tail = bytes.slice(mn.valueAt + mn.length);
  const middle = how === 'dup-tlv' ? [tlv(dst), tlv(mn), tlv(mn)] : [tlv(mn), tlv(dst)];
  const out = new Uint8Array(head.length + middle.reduce((n, m) => n + m.length, 0) + tail.length);
  let at = 0;
  for (const part of [head, ...middle, tail]) {
    out.set(part, at);
    at += part.length;
  }
  const payload = out.length - 8;
  out[6] = (payload >>> 8) & 0xff;
  out[7] = payload & 0xff;
  return out;
}

/** The edit a lie makes (the same lie as model/world/lower-tester.ts tells of the model's PDU). */
export function lieEdit(pdu: TesterPdu, what: Lie, chainLimit: number): TesterEdit {
  switch (what) {
    case 'depth':
      return { depth: pdu.type === 'MIS_N2N_Prereg_Xfer.request' ? chainLimit + 1 : (pdu.depth ?? 0) + 1 };
    case 'depth-low':
      return { depth: 0 };
    case 'root':
      return { root: pdu.root === 'GKB' ? 'EAP' : 'GKB' };
    case 'root-tls':
      return { root: 'TLS' };
    case 'suites':
      return { suites: [] };
    case 'fallback':
      return { fallback: pdu.fallback !== true };
    case 'status':
      return { status: 'REJECTED', reason: 'NONE' };
    case 'indication':
      return { type: 'MIS_N2N_HO_Complete.indication', previous: undefined };
    case 'sender':
      // the sender and the wrapped K change together (WireTester.resendFrom).
      return {};
  }
}

//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
//# wrapped
/**
 * The partner a `sender` lie makes an N2N request come from (docs/protocol.md §3): the first PoS in
 * id order (UTF-16 code units) other than its sender and receiver that trusts the receiver and is
 * trusted by it; null if there is none.
 */
export function resendingPartner(pdu: { readonly src: string; readonly dst: string }, config: Pick<WorldConfig, 'domains'>): string | null {
  const receiver = config.domains.find((d) => d.id === pdu.dst);
  if (receiver === undefined) return null;
  const ids = config.domains.filter((d) => d.id !== pdu.src && d.id !== pdu.dst && receiver.partners.includes(d.id) && d.partners.includes(receiver.id)).map((d) => d.id);
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[0] ?? null;
}

/** The PDU with one field rewritten and sealed again under its link's key. */
export function lied(wire: WireTester, bytes: Uint8Array, what: Lie, config: Pick<WorldConfig, 'chainLimit' | 'domains'>): Uint8Array {
  const pdu = decodePdu(bytes);
  const out = liedBytes(wire, bytes, pdu, what, config);
  if (out === null) throw new LowerTesterError(`the lower tester cannot lie about the ${what} of ${pdu.type} ${pdu.src}→${pdu.dst}: it holds no key for that link`);
  return out;
}

function liedBytes(wire: WireTester, bytes: Uint8Array, pdu: TesterPdu, what: Lie, config: Pick<WorldConfig, 'chainLimit' | 'domains'>): Uint8Array | null {
  switch (what) {
    case 'indication':
      // the forged indication comes from the PoS the MN named, sealed under its MIS SA with the receiver.
      return pdu.previous === undefined ? null : wire.resealFrom(encodePdu({ ...pdu, ...lieEdit(pdu, what, config.chainLimit) } as TesterPdu), pdu.previous);
    case 'sender': {
      const partner = resendingPartner(pdu, config);
      return partner === null ? null : wire.resendFrom(bytes, partner);
    }
    default:
      return wire.reseal(bytes, lieEdit(pdu, what, config.chainLimit));
  }
}
