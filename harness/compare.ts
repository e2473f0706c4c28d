// Lockstep comparison of a model observation with an SUT observation (docs/protocol.md §7).
// Compared: each MN's lifecycle, attachment and SAs; each PoS's SAs; the PDUs in flight (type,
// src, dst, MN, status, reason, corruption). SA fields idType/root/depth/state/suite are compared as
// values; keys, nonces and K as equality partitions (Bijection) that persist across the run.
import { sameDiscards } from './discards.ts';
import { sameOutcomes } from './outcomes.ts';
import { Bijection, type Clash } from './partition.ts';
import type { DiscardSummary, MnObservation, Observation, PduObservation, PosObservation, SaObservation } from '../vocabulary/observation.ts';
import {
  CORRUPTION_REQUIREMENT,
  DISCARD_CAUSE_REQUIREMENT,
  ERP_SEQ_REQUIREMENT,
  MN_STATE_REQUIREMENT,
  OUTCOME_PATH_REQUIREMENT,
  NONCE_REQUIREMENT,
  PDU_FIELD_REQUIREMENT,
  PDU_REQUIREMENT,
  REASON_REQUIREMENT,
  SA_FIELD_REQUIREMENT,
  STATUS_REQUIREMENT,
} from './requirement-map.ts';

export interface Divergence {
  /** The observation field that differs, e.g. "inFlight[1].reason" or "PoS B SA with mn1: depth". */
  readonly where: string;
  /** The model's value (what the profile says should happen). */
  readonly expected: string;
  /** The SUT's value. */
  readonly actual: string;
  /** The requirements the differing field is about (first = the one to report). */
  readonly requirements: readonly string[];
}

const show = (v: unknown): string => (v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v));

export function describePdu(p: PduObservation | undefined): string {
  if (p === undefined) return 'nothing';
  const st = p.status === undefined ? '' : ` ${p.status}${p.reason === undefined || p.reason === 'NONE' ? '' : `/${p.reason}`}`;
  return `${p.type}${st} ${p.src}→${p.dst} (MN ${p.mn})${p.corrupted === true ? ' [corrupted]' : ''}`;
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The entity that discarded this step's PDU in the model and not in the SUT (lockstep agreed on
 * every earlier step, so a discard count that differs changed now), named by the check it had to
 * make, then A-DISCARD and the PDU difference. Null if no entity did, or the SUT reports none.
 */
function receiverTookUp(model: Observation, sut: Observation, pdus: Divergence): Divergence | null {
  const sides = [
    ['MN', model.mns, sut.mns],
    ['PoS', model.poss, sut.poss],
  ] as const;
  for (const [kind, ms, ss] of sides) {
    for (const m of ms) {
      const s = findById<{ readonly id: string; readonly discards?: DiscardSummary }>(ss, m.id);
      if (m.discards?.last == null || s?.discards === undefined || m.discards.count <= s.discards.count) continue;
      const requirements = [...new Set([DISCARD_CAUSE_REQUIREMENT[m.discards.last], 'A-DISCARD', ...pdus.requirements])];
      return { where: `${kind} ${m.id} discards (${pdus.where})`, expected: `${m.discards.count} discarded, the latest ${m.discards.last}`, actual: `${s.discards.count} discarded`, requirements };
    }
  }
  return null;
}

/** The requirements a PDU-level difference points at: the decision reason, else status, else the exchange. */
function pduRequirements(expected: PduObservation | undefined, actual: PduObservation | undefined): string[] {
  const out: string[] = [];
  for (const p of [expected, actual]) {
    const r = p?.reason === undefined ? null : REASON_REQUIREMENT[p.reason];
    if (r !== null && !out.includes(r)) out.push(r);
  }
  for (const p of [expected, actual]) {
    //= SPEC_MAPPING.md#A-ERP-SEQ
    //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
    //# provision the start per MN (default 0)
    // the one refusal of a full establishment.
    const s = p?.status === undefined ? null : p.type === 'MIS_Auth.response' && p.status === 'REJECTED' ? ERP_SEQ_REQUIREMENT : STATUS_REQUIREMENT[p.status];
    if (s !== null && !out.includes(s)) out.push(s);
  }
  for (const p of [expected, actual]) {
    if (p !== undefined && !out.includes(PDU_REQUIREMENT[p.type])) out.push(PDU_REQUIREMENT[p.type]);
  }
  return out;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
//# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
//# whenever it is possible,
/**
 * What the receiver of `delivered` had to do: fall back on FULL_AUTH_REQUIRED (5.14.2-N1b, for
 * the reason given), stay put on NO_TARGET, else what the exchange itself is about.
 */
function receiverRequirements(delivered: PduObservation): string[] {
  if (delivered.status === 'FULL_AUTH_REQUIRED') {
    const r = delivered.reason === undefined ? null : REASON_REQUIREMENT[delivered.reason];
    return r === null ? ['5.14.2-N1b'] : ['5.14.2-N1b', r];
  }
  return pduRequirements(delivered, undefined);
}

function sortSas(sas: readonly SaObservation[]): SaObservation[] {
  return [...sas].sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
}

export interface CompareContext {
  /** The PDU this step delivered (its exchange explains state differences of the receiver). */
  readonly delivered?: PduObservation | null;
  /**
   * The request a delivered answer answers, as its sender emitted it (what the receiver asked
   * for); looked up only where a divergence needs it, so agreeing steps pay nothing for it.
   */
  readonly request?: () => PduObservation | null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
/**
 * A grant to a request that set the fallback flag (a lie cleared it on the way) leaves the MN
 * its own flag to weigh against the SPoS's answer: what it sends, or not, is its reading of
 * 5.14.2-N1c (V-FALLBACK-ACCEPTS), not of the exchange.
 */
function grantRequirements(delivered: PduObservation, request: PduObservation | null | undefined): string[] {
  return delivered.type === 'MIS_Prereg_Xfer.response' && delivered.status === 'SUCCESS' && request?.fallback === true ? ['5.14.2-N1c'] : [];
}

const peerList = (x: readonly SaObservation[]): string => x.map((sa) => `${sa.peer}(${sa.state})`).join(', ') || 'none';

/** What an MN's lifecycle or attachment differing after the step bears on. */
function mnStateRequirements(ctx: CompareContext): string[] {
  return ctx.delivered == null ? [MN_STATE_REQUIREMENT] : [...receiverRequirements(ctx.delivered), MN_STATE_REQUIREMENT];
}

export interface ComparatorOptions {
  /**
   * Compare a request or answer field only where both observations carry it: for recorded
   * logs, whose PDUs may list only addressing, status and nonces. A lockstep observer decodes
   * every PDU itself, so there a field on one side only is a difference.
   */
  readonly fieldsWhereBothShow?: boolean;
}

export class ObservationComparator {
  constructor(readonly options: ComparatorOptions = {}) {}

  readonly keys = new Bijection();
  readonly nonces = new Bijection();
  readonly ks = new Bijection();
  // Pairs (model object → SUT object) this comparator already found to agree. Observations are
  // immutable and both sides reuse unchanged SA and PDU objects from step to step, so a pair met
  // again agrees again (its fields are the same and its links are already in the bijections).
  readonly #agreedSas = new WeakMap<SaObservation, SaObservation>();
  readonly #agreedPdus = new WeakMap<PduObservation, PduObservation>();
  readonly #agreedMns = new WeakMap<MnObservation, MnObservation>();
  readonly #agreedPoss = new WeakMap<PosObservation, PosObservation>();

  compare(model: Observation, sut: Observation, ctx: CompareContext = {}): Divergence | null {
    // The PDUs first: what an entity sent (its status, reason and fields) is the decision the
    // step made, and names the rule it broke more precisely than the SAs that follow from it.
    const pdus = this.#inFlight(model, sut, ctx);
    if (pdus === null) return this.#mns(model, sut, ctx) ?? this.#poss(model, sut);
    // Unless the SUT sent less because its receiver discarded what this step delivered, where the
    // model's took it up, at a check with a rule of its own: then that check is the decision the
    // step made, and the answer never sent only follows from it (a decoder that rejects a valid
    // PDU breaks A-TLV, not the rule of the answer it did not give).
    if (sut.inFlight.length < model.inFlight.length) return this.#receiverDiscarded(model, sut, ctx, pdus) ?? pdus;
    // Or the SUT sent more because its receiver took up what the model's discarded: the check it
    // skipped is the decision, and the answer it gave instead says only what came after (a PoS
    // that prepares a handover on a prepared SA breaks A-DISCARD, not the trust rule its answer
    // happens to cite).
    return (sut.inFlight.length > model.inFlight.length ? receiverTookUp(model, sut, pdus) : null) ?? pdus;
  }

  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  #receiverDiscarded(model: Observation, sut: Observation, ctx: CompareContext, pdus: Divergence): Divergence | null {
    const to = ctx.delivered?.dst;
    if (to === undefined) return null;
    const m = findById(model.mns, to) ?? findById(model.poss, to);
    const s = findById(sut.mns, to) ?? findById(sut.poss, to);
    if (m?.discards === undefined || s?.discards === undefined || s.discards.count <= m.discards.count || s.discards.last === null) return null;
    // A-DISCARD alone (a wrong state, an unknown MN) says less than the exchange that stopped.
    const rule = DISCARD_CAUSE_REQUIREMENT[s.discards.last];
    if (rule === 'A-DISCARD') return null;
    const owner = `${findById(model.mns, to) === undefined ? 'PoS' : 'MN'} ${to}`;
    return { where: `${owner} discards (${pdus.where})`, expected: `${m.discards.count} discarded`, actual: `${s.discards.count} discarded, the latest ${s.discards.last}`, requirements: [rule, 'A-DISCARD', ...pdus.requirements] };
  }

  /**
   * Whether `sut` is `model` with its names renamed by this comparator's bijections and nothing
   * else changed: every field a property can read is equal or the linked name, every list in
   * the same order, no optional field on one side only. Call it after compare() found no
   * divergence between the two. The properties only test names for equality (properties/types.ts),
   * so on such an observation the SUT's verdict is the model's.
   */
  isImage(model: Observation, sut: Observation): boolean {
    if (model === this.#lastImage.model && sut === this.#lastImage.sut) return true;
    if (model.mns.length !== sut.mns.length || model.poss.length !== sut.poss.length || model.inFlight.length !== sut.inFlight.length) return false;
    for (let i = 0; i < model.mns.length; i++) {
      const m = model.mns[i]!;
      const s = sut.mns[i]!;
      if (m.id !== s.id || m.lifecycle !== s.lifecycle || m.attachedTo !== s.attachedTo || !this.#sasAgreed(m.sas, s.sas) || !sameOutcomes(m.outcomes, s.outcomes) || !sameDiscards(m.discards, s.discards)) return false;
    }
    for (let i = 0; i < model.poss.length; i++) {
      const p = model.poss[i]!;
      const s = sut.poss[i]!;
      if (p.id !== s.id || !this.#sasAgreed(p.sas, s.sas) || !sameDiscards(p.discards, s.discards)) return false;
    }
    for (let i = 0; i < model.inFlight.length; i++) {
      const x = model.inFlight[i]!;
      const y = sut.inFlight[i]!;
      if (this.#imagePdus.get(x) === y) continue;
      if (!this.#pduImage(x, y)) return false;
      this.#imagePdus.set(x, y);
    }
    this.#lastImage = { model, sut };
    return true;
  }

  #lastImage: { readonly model: Observation | null; readonly sut: Observation | null } = { model: null, sut: null };
  /** PDU pairs isImage found to be images (as #agreedPdus, a pair met again is one again). */
  readonly #imagePdus = new WeakMap<PduObservation, PduObservation>();

  #pduImage(x: PduObservation, y: PduObservation): boolean {
    for (const f of PDU_VALUE_FIELDS) if (x[f] !== y[f] && fieldText(x[f]) !== fieldText(y[f])) return false;
    // The observers see different key evidence (the model sees every K, the lower tester only
    // the Ks it can recompute); what says "nothing wrong seen" reads alike (observation.ts).
    if (x.kBound !== y.kBound && (x.kBound === false || y.kBound === false)) return false;
    if (x.kExposed !== y.kExposed && (x.kExposed === true || y.kExposed === true)) return false;
    return sameName(this.nonces, x.nonceN, y.nonceN) && sameName(this.nonces, x.nonceT, y.nonceT) && sameName(this.ks, x.k, y.k);
  }

  #mns(model: Observation, sut: Observation, ctx: CompareContext): Divergence | null {
    for (const m of model.mns) {
      const s = findById(sut.mns, m.id);
      if (s === undefined) return { where: `MN ${m.id}`, expected: 'present', actual: 'absent', requirements: [MN_STATE_REQUIREMENT] };
      if (this.#agreedMns.get(m) === s) continue;
      if (m.lifecycle !== s.lifecycle) return { where: `MN ${m.id} lifecycle`, expected: m.lifecycle, actual: s.lifecycle, requirements: mnStateRequirements(ctx) };
      if (m.attachedTo !== s.attachedTo) return { where: `MN ${m.id} attachedTo`, expected: show(m.attachedTo), actual: show(s.attachedTo), requirements: mnStateRequirements(ctx) };
      const d = this.#sas('MN', m.id, m.sas, s.sas) ?? outcomeDivergence(m, s) ?? discardDivergence(`MN ${m.id}`, m.discards, s.discards);
      if (d !== null) return d;
      this.#agreedMns.set(m, s);
    }
    return null;
  }

  #poss(model: Observation, sut: Observation): Divergence | null {
    for (const p of model.poss) {
      const s = findById(sut.poss, p.id);
      if (s === undefined) return { where: `PoS ${p.id}`, expected: 'present', actual: 'absent', requirements: [MN_STATE_REQUIREMENT] };
      if (this.#agreedPoss.get(p) === s) continue;
      const d = this.#sas('PoS', p.id, p.sas, s.sas) ?? discardDivergence(`PoS ${p.id}`, p.discards, s.discards);
      if (d !== null) return d;
      this.#agreedPoss.set(p, s);
    }
    return null;
  }

  /** Every pair at the same index already agreed: the sorted comparison would pair them alike. */
  #sasAgreed(model: readonly SaObservation[], sut: readonly SaObservation[]): boolean {
    if (model.length !== sut.length) return false;
    for (let i = 0; i < model.length; i++) if (this.#agreedSas.get(model[i]!) !== sut[i]) return false;
    return true;
  }

  #sas(kind: 'MN' | 'PoS', id: string, model: readonly SaObservation[], sut: readonly SaObservation[]): Divergence | null {
    if (this.#sasAgreed(model, sut)) return null;
    const owner = `${kind} ${id}`;
    const a = sortSas(model);
    const b = sortSas(sut);
    if (a.length !== b.length || a.some((sa, i) => sa.peer !== b[i]!.peer)) {
      return { where: `${owner} SAs`, expected: peerList(a), actual: peerList(b), requirements: [SA_FIELD_REQUIREMENT.presence] };
    }
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (this.#agreedSas.get(x) === y) continue;
      for (const f of SA_FIELDS) {
        // A recorded trace may leave out an SA's suite (docs/cli.md validate-trace).
        if (this.options.fieldsWhereBothShow === true && (x[f] === undefined || y[f] === undefined)) continue;
        if (x[f] !== y[f]) return { where: `${owner} SA with ${x.peer}: ${f}`, expected: show(x[f]), actual: show(y[f]), requirements: [SA_FIELD_REQUIREMENT[f]] };
      }
      const clash = this.keys.link(x.key, y.key);
      if (clash !== null) return keyDivergence(`${owner} SA with ${x.peer}: key`, clash, [SA_FIELD_REQUIREMENT.key, 'A-MISK']);
      this.#agreedSas.set(x, y);
    }
    return null;
  }

  #inFlight(model: Observation, sut: Observation, ctx: CompareContext): Divergence | null {
    const n = Math.max(model.inFlight.length, sut.inFlight.length);
    for (let i = 0; i < n; i++) {
      const x = model.inFlight[i];
      const y = sut.inFlight[i];
      if (x !== undefined && y !== undefined && this.#agreedPdus.get(x) === y) continue;
      const d = this.#pdu(i, x, y, ctx);
      if (d !== null) return d;
      this.#agreedPdus.set(x!, y!);
    }
    return null;
  }

  #pdu(i: number, x: PduObservation | undefined, y: PduObservation | undefined, ctx: CompareContext): Divergence | null {
    const where = `inFlight[${i}]`;
    if (x === undefined || y === undefined || x.type !== y.type || x.src !== y.src || x.dst !== y.dst || x.mn !== y.mn) {
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
      //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
      //# whenever it is possible,
      // A PDU sent or not in answer to a refusal is the receiver's reaction to it (5.14.2-N1b).
      const d = ctx.delivered;
      const reaction = d == null ? [] : d.status !== undefined && d.status !== 'SUCCESS' ? receiverRequirements(d) : grantRequirements(d, ctx.request?.());
      const requirements = [...new Set([...reaction, ...pduRequirements(x, y)])];
      return { where, expected: describePdu(x), actual: describePdu(y), requirements };
    }
    if ((x.corrupted ?? false) !== (y.corrupted ?? false)) {
      return { where: `${where} corrupted`, expected: show(x.corrupted ?? false), actual: show(y.corrupted ?? false), requirements: [CORRUPTION_REQUIREMENT] };
    }
    // A corrupted PDU shows only its addressing, and how the lower tester spoilt it.
    if (x.corrupted === true) {
      return x.spoilt === y.spoilt ? null : { where: `${where} spoilt`, expected: show(x.spoilt), actual: show(y.spoilt), requirements: [CORRUPTION_REQUIREMENT] };
    }
    if (x.status !== y.status || (x.reason ?? 'NONE') !== (y.reason ?? 'NONE')) {
      return { where: `${where} status/reason`, expected: describePdu(x), actual: describePdu(y), requirements: pduRequirements(x, y) };
    }
    if (x.tpos !== undefined && y.tpos !== undefined && x.tpos !== y.tpos) {
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S5
      //# it may be also important that the SPoS should have a security relationship with a
      //# candidate TPoS in order to avoid interference from malicious nodes
      return { where: `${where} tpos`, expected: x.tpos, actual: y.tpos, requirements: ['5.14.3-S7', '5.14.3-S5'] };
    }
    // docs/protocol.md §7: the request and answer fields, compared as values.
    for (const f of PDU_FIELD_VALUES) {
      if (this.options.fieldsWhereBothShow === true && (x[f] === undefined || y[f] === undefined)) continue;
      if (fieldText(x[f]) !== fieldText(y[f])) {
        //= SPEC_MAPPING.md#A-DEPTH-WIRE
        //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
        //# MIS_N2N_Prereg_Xfer.request
        //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
        //# To prevent such domino effect, the chain shall be limited.
        // the MN's view of its depth is informational; the N2N request's is the chain counter (5.14.2-N4b).
        const requirements = f === 'depth' && x.type === 'MIS_N2N_Prereg_Xfer.request' ? ['5.14.2-N4b', 'A-DEPTH-WIRE']
          //= SPEC_MAPPING.md#A-ERP-SEQ
          //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world
          //# may provision the start per MN (default 0)
          // ERP against EAP is whether the MN's SEQ was used up.
          : f === 'method' && new Set([x.method, y.method, 'ERP', 'EAP']).size === 2 ? [ERP_SEQ_REQUIREMENT, ...PDU_FIELD_REQUIREMENT.method]
          : PDU_FIELD_REQUIREMENT[f];
        return { where: `${where} ${f} (${describePdu(x)})`, expected: show(x[f]), actual: show(y[f]), requirements };
      }
    }
    for (const f of NONCE_FIELDS) {
      const xv = x[f];
      const yv = y[f];
      // Compared only where both observers see the nonce (the vocabulary allows either to omit it).
      if (xv === undefined || yv === undefined) continue;
      const clash = this.nonces.link(xv, yv);
      if (clash !== null) return keyDivergence(`${where} ${f} (${describePdu(x)})`, clash, [NONCE_REQUIREMENT, 'A-NONCE']);
    }
    if (x.k !== undefined && y.k !== undefined) {
      const clash = this.ks.link(x.k, y.k);
      if (clash !== null) return keyDivergence(`${where} K (${describePdu(x)})`, clash, ['5.14.2-S6', 'A-K-BIND']);
    }
    return null;
  }
}

/**
 * `fields`, checked by the compiler to list every field of T but those in `Except`: a field
 * added to the vocabulary must be placed here, or isImage would pass it by unseen.
 */
function everyField<T, Except extends keyof T = never>() {
  return <const F extends readonly Exclude<keyof T, Except>[]>(fields: F & ([Exclude<keyof T, Except | F[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, Except | F[number]> })): F => fields;
}

/** The SA fields compared as values (`peer` pairs the SAs, `key` is a name). */
const SA_FIELDS = everyField<SaObservation, 'peer' | 'key'>()(['idType', 'root', 'depth', 'state', 'suite']);
/**
 * Every PduObservation field that is a value: not a name, nor key evidence (#pduImage), nor the
 * lower tester's note of the rule it broke (only the SUT side's tester knows it; `spoilt` is compared).
 */
const PDU_VALUE_FIELDS = everyField<PduObservation, 'nonceN' | 'nonceT' | 'k' | 'kBound' | 'kExposed' | 'spoiltRule' | 'spoiltRequirements'>()([
  'type', 'src', 'dst', 'mn', 'status', 'reason', 'corrupted', 'spoilt', 'tpos',
  'method', 'idType', 'suites', 'suite', 'depth', 'root', 'fallback', 'target', 'previous',
]);

/** The request and answer fields of a PDU compared after its status and reason (#pdu). */
type PduFieldValue = 'method' | 'idType' | 'suites' | 'suite' | 'depth' | 'root' | 'fallback' | 'target' | 'previous';
const PDU_FIELD_VALUES: readonly PduFieldValue[] = ['method', 'idType', 'suites', 'suite', 'depth', 'root', 'fallback', 'target', 'previous'];

/** A value field as text: lists (the offered suites) compare element by element. */
function fieldText(v: unknown): string | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? `[${v.join(',')}]` : String(v);
}

/** Both absent, or both present and linked. */
function sameName(b: Bijection, x: string | undefined, y: string | undefined): boolean {
  return x === undefined ? y === undefined : y !== undefined && b.has(x, y);
}
const NONCE_FIELDS = ['nonceN', 'nonceT'] as const;

//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/**
 * docs/protocol.md §7: the outcomes, where both sides report them. A differing reason bears on
 * that reason's own rule; a differing path on the status the MN acted on (A-STATUS).
 */
function outcomeDivergence(m: MnObservation, s: MnObservation): Divergence | null {
  if (m.outcomes === undefined || s.outcomes === undefined || sameOutcomes(m.outcomes, s.outcomes)) return null;
  const where = `MN ${m.id} handover outcome`;
  const x = m.outcomes;
  const y = s.outcomes;
  const text = (o: typeof x): string => (o.last === null ? `${o.count} (none yet)` : `#${o.count} ${o.last.from}→${o.last.to ?? '-'} ${o.last.path}/${o.last.reason}`);
  const reqs = new Set<string>();
  for (const o of [x.last, y.last]) {
    const r = o === null ? null : REASON_REQUIREMENT[o.reason];
    if (r !== null) reqs.add(r);
  }
  for (const o of [x.last, y.last]) if (o !== null) reqs.add(OUTCOME_PATH_REQUIREMENT[o.path]);
  reqs.add('A-STATUS');
  return { where, expected: text(x), actual: text(y), requirements: [...reqs] };
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * docs/protocol.md §5.2, §7: the discards, where both sides report them. The receiver took up a
 * PDU it had to discard, discarded one it had to take up, or discarded it at another check than
 * the first that fails: the requirement is the check it had to make (or made), then A-DISCARD.
 */
function discardDivergence(owner: string, m: DiscardSummary | undefined, s: DiscardSummary | undefined): Divergence | null {
  if (m === undefined || s === undefined || sameDiscards(m, s)) return null;
  const text = (d: DiscardSummary, open: string): string => `${d.count} discarded${d.count === 0 ? '' : `, the latest ${d.last ?? open}`}`;
  const reqs = new Set<string>();
  for (const cause of [m.last, s.last]) if (cause !== null) reqs.add(DISCARD_CAUSE_REQUIREMENT[cause]);
  reqs.add('A-DISCARD');
  return { where: `${owner} discards`, expected: text(m, 'for a cause the model leaves open'), actual: text(s, 'for no cause given'), requirements: [...reqs] };
}

function findById<T extends { readonly id: string }>(xs: readonly T[], id: string): T | undefined {
  for (const x of xs) if (x.id === id) return x;
  return undefined;
}

function keyDivergence(where: string, c: Clash, requirements: readonly string[]): Divergence {
  const detail =
    c.kind === 'model-name-already-linked'
      ? `the model's ${c.expected} was earlier seen as ${c.other} in the SUT, now as ${c.actual}`
      : `the SUT's ${c.actual} was earlier the model's ${c.other}, now stands for ${c.expected} (two values the model keeps apart are equal in the SUT)`;
  return { where, expected: `class ${c.expected}`, actual: detail, requirements };
}
