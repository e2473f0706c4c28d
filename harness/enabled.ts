// The "enabled when" column of docs/protocol.md §3, computed from an observation. The model is
// the oracle of a conformance run and says itself which stimuli are enabled; this function is
// the profile's own statement of the same rules, used by the reference oracle and to
// cross-check the model (a disagreement is a model finding).
import { resendingPartner } from './tester/lower-tester.ts';
import { retypable } from './tester/unexpected-pdu.ts';
import type { Corruption, Lie, Observation, PduObservation, Stimulus, Tamper, WorldConfig } from '../vocabulary/observation.ts';

export const CORRUPTIONS: readonly Corruption[] = ['trailing', 'truncate', 'unknown-tlv'];
export const TAMPERS: readonly Tamper[] = ['mac', 'field', 'key', 'echo', 'tid', 'dup-tlv', 'tlv-order', 'decoding', 'misaddressed', 'bad-field', 'wrap', 'no-sa', 'unexpected', 'unknown-mn', 'src'];
export const LIES: readonly Lie[] = ['depth', 'depth-low', 'root', 'root-tls', 'suites', 'fallback', 'status', 'indication', 'sender'];

/**
 * docs/protocol.md §3, the active lower tester: a MAC, a field under it or its key can be
 * spoiled on every PDU that carries a MAC (all but the MIS_Auth pair); a Nonce-N echo or a
 * transaction id only on an answer, the PDUs that echo them, and its sender only where the
 * world has a third PoS (`poss`) to name; a decoding rule or the addressing on every PDU; a checked field, a wrapped K or the MN of an indication where §5.2 checks it;
 * the type of a PDU of the MN's exchanges.
 */
export function tamperApplies(p: PduObservation, how: Tamper, poss: readonly string[]): boolean {
  if (p.corrupted === true) return false;
  const answer = p.type === 'MIS_Auth.response' || p.type === 'MIS_N2N_Prereg_Xfer.response' || p.type === 'MIS_Prereg_Xfer.response';
  const mac = p.type !== 'MIS_Auth.request' && p.type !== 'MIS_Auth.response';
  switch (how) {
    case 'dup-tlv':
    case 'tlv-order':
    case 'decoding':
    case 'misaddressed':
      return true;
    case 'echo':
    case 'tid':
      return answer;
    case 'src':
      // another PoS to name as the sender: neither its sender nor its receiver.
      return answer && poss.some((id) => id !== p.src && id !== p.dst);
    case 'bad-field':
      // docs/protocol.md §5.2 [bad-field]: the receivers that judge a field's value.
      if (p.type === 'MIS_Auth.response') return p.status === 'SUCCESS';
      if (p.type === 'MIS_Prereg_Xfer.response') return p.status === 'SUCCESS' || p.status === 'FULL_AUTH_REQUIRED';
      return p.type === 'MIS_Prereg_Xfer.request' || p.type === 'MIS_N2N_Prereg_Xfer.response' || p.type === 'MIS_HO_Complete.request';
    case 'wrap':
      return p.type === 'MIS_N2N_Prereg_Xfer.request' || (p.type === 'MIS_Prereg_Xfer.response' && p.status === 'SUCCESS');
    case 'no-sa':
      return p.type === 'MIS_N2N_HO_Complete.indication';
    case 'unexpected':
      // docs/protocol.md §5.2 [unexpected-pdu]: the MN's exchanges, whose two halves go one to
      // the MN and one to a PoS, so the other half is a type the receiver never takes.
      return retypable(p.type);
    case 'unknown-mn':
      return p.type === 'MIS_Auth.request';
    default:
      return mac;
  }
}

/** docs/protocol.md §3: the lies that change something in `p` (depth L + 1 only if not over L already). */
export function lieApplies(p: PduObservation, what: Lie, config: Pick<WorldConfig, 'chainLimit' | 'domains'>, duplicated = false): boolean {
  const chainLimit = config.chainLimit;
  if (p.corrupted === true) return false;
  const n2n = p.type === 'MIS_N2N_Prereg_Xfer.request';
  const prereg = p.type === 'MIS_Prereg_Xfer.request';
  switch (what) {
    case 'depth':
      return (n2n && (p.depth ?? 0) <= chainLimit) || (prereg && (p.depth ?? 0) < 255);
    case 'depth-low':
      return n2n && (p.depth ?? 0) > 0;
    case 'root':
      return n2n && p.depth === chainLimit;
    case 'root-tls':
      return n2n && p.root !== 'TLS';
    case 'suites':
      return (n2n || prereg) && (p.suites?.length ?? 0) > 0;
    case 'fallback':
      return prereg;
    case 'status':
      return p.type === 'MIS_Prereg_Xfer.response' && p.status !== 'REJECTED';
    case 'indication':
      return p.type === 'MIS_HO_Complete.request' && !duplicated;
    case 'sender':
      return n2n && resendingPartner(p, config) !== null;
  }
}

/** Whether a world's alphabet has the active lower tester's faults (a conformance run's has). */
export interface AlphabetOptions {
  readonly lowerTester?: boolean;
  /** The intact PDUs delivered so far, oldest first (advanceHistory): what `redeliver` may pick. */
  readonly history?: readonly PduObservation[];
}

/** How many of the last delivered PDUs the lower tester keeps for `redeliver` (model/world/events.ts). */
export const REDELIVERY_HISTORY = 8;

/**
 * docs/protocol.md §3: the delivery history after `s`, given the observation before it. A PDU
 * delivered intact joins it (a corrupted or tampered one never decoded, so it has no "again").
 */
export function advanceHistory(history: readonly PduObservation[], s: Stimulus, before: Observation): PduObservation[] {
  if (s.kind !== 'deliver') return [...history];
  const p = before.inFlight[s.index];
  if (p === undefined || p.corrupted === true) return [...history];
  return [...history, p].slice(-REDELIVERY_HISTORY);
}

/**
 * docs/protocol.md §3: an old completion indication is not delivered again to a PoS that serves
 * its MN again (it would delete the new serving SA: F-16, a defect of the clause left unremedied).
 */
function redeliverable(o: Observation, p: PduObservation): boolean {
  if (p.type !== 'MIS_N2N_HO_Complete.indication') return true;
  return !o.poss.some((q) => q.id === p.dst && q.sas.some((sa) => sa.peer === p.mn && sa.state === 'serving'));
}

/**
 * Every stimulus enabled in `o`, in a fixed order (by kind, then MN/domain order of the config,
 * then index). `duplicated[i]` says whether the PDU at index i was duplicated before.
 */
export function enabledStimuli(config: WorldConfig, o: Observation, duplicated: readonly boolean[], alphabet: AlphabetOptions = {}): Stimulus[] {
  const out: Stimulus[] = [];
  //= SPEC_MAPPING.md#A-SEQUENTIAL
  //# so the next preparation may overtake it
  // A-SEQUENTIAL (docs/protocol.md §3): no stimulus for MN m while a PDU concerning m is in
  // flight; with the lower tester (a conformance run's alphabet) the old SPoS's completion
  // indication blocks only the next `complete` (F-16).
  const overtaking = alphabet.lowerTester === true;
  const indication = (p: PduObservation): boolean => overtaking && p.type === 'MIS_N2N_HO_Complete.indication';
  const busy = new Set(o.inFlight.filter((p) => !indication(p)).map((p) => p.mn));
  const completing = new Set(o.inFlight.filter(indication).map((p) => p.mn));
  for (const m of o.mns) {
    if (busy.has(m.id)) continue;
    switch (m.lifecycle) {
      case 'detached':
        for (const d of config.domains) out.push({ kind: 'attach', mn: m.id, domain: d.id });
        break;
      case 'idle':
        if (m.attachedTo === null) break;
        for (const target of [...config.domains.map((d) => d.id).filter((d) => d !== m.attachedTo), null]) {
          for (const fallback of [false, true]) out.push({ kind: 'handover', mn: m.id, target, fallback });
        }
        break;
      case 'prepared':
        if (!completing.has(m.id)) out.push({ kind: 'complete', mn: m.id });
        break;
      case 'waiting':
        out.push({ kind: 'abort', mn: m.id });
        break;
    }
  }
  for (const d of config.domains) for (const on of [true, false]) out.push({ kind: 'setFallbackPolicy', domain: d.id, on });
  for (let i = 0; i < o.inFlight.length; i++) {
    out.push({ kind: 'deliver', index: i });
    out.push({ kind: 'drop', index: i });
    if (duplicated[i] !== true) out.push({ kind: 'duplicate', index: i });
    // Not twice: "trailing" then "truncate" would give the intact PDU back.
    if (o.inFlight[i]!.corrupted !== true) for (const how of CORRUPTIONS) out.push({ kind: 'corrupt', index: i, how });
  }
  // The model lists every kind of fault for all PDUs before the next kind (model/world/world.ts).
  if (alphabet.lowerTester === true) {
    const poss = config.domains.map((d) => d.id);
    o.inFlight.forEach((p, i) => { for (const how of TAMPERS) if (tamperApplies(p, how, poss)) out.push({ kind: 'tamper', index: i, how }); });
    o.inFlight.forEach((p, i) => { for (const what of LIES) if (lieApplies(p, what, config, duplicated[i] === true)) out.push({ kind: 'lie', index: i, what }); });
    (alphabet.history ?? []).forEach((p, i) => { if (redeliverable(o, p)) out.push({ kind: 'redeliver', index: i }); });
  }
  return out;
}

/**
 * Keeps the per-PDU "duplicated before" flags aligned with the in-flight list across a stimulus
 * (docs/protocol.md §3: a PDU is duplicated at most once, and so is its copy).
 */
export function advanceDuplicated(flags: readonly boolean[], s: Stimulus, inFlightAfter: number): boolean[] {
  const out = [...flags];
  if (s.kind === 'deliver' || s.kind === 'drop') out.splice(s.index, 1);
  if (s.kind === 'duplicate') {
    out[s.index] = true;
    out.push(true);
  }
  while (out.length < inFlightAfter) out.push(false);
  out.length = inFlightAfter;
  return out;
}

export function describeStimulus(s: Stimulus): string {
  switch (s.kind) {
    case 'attach':
      return `attach ${s.mn} at ${s.domain}`;
    case 'handover':
      return `handover ${s.mn} → ${s.target ?? '(SPoS selects)'}${s.fallback ? ' asking fallback' : ''}`;
    case 'complete':
      return `complete ${s.mn}`;
    case 'abort':
      return `abort ${s.mn}`;
    case 'setFallbackPolicy':
      return `policy ${s.domain} fallback ${s.on ? 'on' : 'off'}`;
    case 'deliver':
      return `deliver #${s.index}`;
    case 'drop':
      return `drop #${s.index}`;
    case 'duplicate':
      return `duplicate #${s.index}`;
    case 'corrupt':
      return `corrupt #${s.index} (${s.how})`;
    case 'tamper':
      return `tamper #${s.index} (${s.how}${s.choice === undefined ? '' : ` ${s.choice}`})`;
    case 'probe':
      return `probe #${s.index} (${s.how}${s.choice === undefined ? '' : ` ${s.choice}`})`;
    case 'lie':
      return `lie #${s.index} (${s.what})`;
    case 'redeliver':
      return `redeliver history #${s.index}`;
  }
}
