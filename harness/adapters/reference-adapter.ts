//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
// Drives the reference implementation (impl/system.ts, or a mutated copy of it) with real wire
// bytes and reads it back as an Observation: SAs from its snapshot (keys as fingerprints), the
// PDUs in flight by decoding their bytes with the harness's own trusted codec (nonces as hex).
// As a lower tester that holds the provisioned roaming-agreement keys (A-POS-CHANNEL), it also
// collects key-distribution evidence for 5.14.2-S6 / A-K-BIND (PduObservation.k/kBound/kExposed)
// from the bytes alone; key bytes never leave this module, only fingerprints do.
import type { ImplPolicyOptions } from '../../impl/config.ts';
import type { ImplSnapshot, ImplSystem, ImplSystemOptions, InFlightPdu } from '../../impl/system.ts';
import { DiscardSummaries } from '../discards.ts';
import { OutcomeSummaries } from '../outcomes.ts';
import type { createEntities } from '../../impl/system.ts';
import { AdapterError, type Adapter, type StepEvidence } from '../adapter.ts';
import type { Observation, PduObservation, SaObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { observeDecoded } from '../pdu-observation.ts';
import { decodePdu, type TesterPdu } from '../tester/codec.ts';
import { deriveK, fingerprint, hex, kekOf, optimizedMisk, sameBytes, unwrapK, wrapAad } from '../tester/crypto.ts';
import { spoiltEvidence } from '../tester/check-faults.ts';
import { malformed } from '../tester/faults.ts';
import { lied, tamper } from '../tester/lower-tester.ts';
import { testerSecrets } from '../tester/provisioning.ts';
import { WireTester, type WireFinding } from '../tester/wire-tester.ts';

/**
 * What the harness needs of an implementation module: its ImplSystem class, and to host only
 * some entities beside the tester's (harness/sut-process/hybrid.ts), its createEntities.
 */
export interface ImplModule {
  readonly ImplSystem: new (config: WorldConfig, options?: ImplSystemOptions) => ImplSystem;
  readonly createEntities?: typeof createEntities;
}

interface Tracked {
  readonly obs: PduObservation;
  /** The PDU as emitted, read by the tester's own codec (before any corruption in flight). */
  readonly pdu: TesterPdu | null;
}

/** One preregistration's K as the lower tester read it off the N2N request. */
interface KRecord {
  readonly k: Uint8Array | null;
  readonly wrappedK: Uint8Array;
}


type SaView = ImplSnapshot['mns'][number]['sas'][number];

function saObservation(v: SaView): SaObservation {
  return { peer: v.peer, idType: v.idType, root: v.root, depth: v.depth, state: v.state, suite: v.suite, key: v.fingerprint };
}

/** `next`, or `prev` itself when it holds the very same elements (so unchanged parts keep their identity). */
function sameOr<T>(prev: readonly T[] | undefined, next: T[]): readonly T[] {
  if (prev === undefined || prev.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (prev[i] !== next[i]) return next;
  return prev;
}

export interface ReferenceAdapterOptions {
  /** Report name. Default "reference". */
  readonly name?: string;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  /** Collect K evidence (5.14.2-S6, A-K-BIND). Default true. */
  readonly keyEvidence?: boolean;
  /**
   * The implementation's policy knobs (impl/config.ts), e.g. the enforcers of a V-ENFORCE-*
   * remedy judged by lockstep (harness/remedy/lockstep-variants.ts). Default: none, the
   * profile's readings (DEFAULT_POLICY).
   */
  readonly policy?: Partial<ImplPolicyOptions>;
}

export class ReferenceAdapter implements Adapter {
  readonly name: string;
  readonly #impl: ImplModule;
  readonly #keyEvidence: boolean;
  readonly #policy: Partial<ImplPolicyOptions> | undefined;
  #system: ImplSystem | null = null;
  #tracked: Tracked[] = [];
  /** The observation since the last stimulus (observing twice costs nothing). */
  #observation: Observation | null = null;
  /** The observation before that: what did not change is handed out again as the same objects. */
  #previous: Observation | null = null;
  /** The snapshot since the last stimulus, taken when first needed. */
  #snapshot: ImplSnapshot | null = null;
  /** The implementation hands out the same SaView while an SA is unchanged; so does the adapter. */
  #saObservations = new WeakMap<SaView, SaObservation>();
  readonly #outcomes = new OutcomeSummaries();
  /** Each entity's discards, read off the system's log (docs/protocol.md §7); `#discardsRead` of it so far. */
  readonly #discards = new DiscardSummaries();
  #discardsRead = 0;
  #misKeys: ReadonlyMap<string, Uint8Array> = new Map();
  /** The tester's own wire checks (harness/tester): never the code under test. */
  #wire: WireTester | null = null;
  #config: WorldConfig | null = null;
  /** What the wire checks found since the last stimulus. */
  #findings: WireFinding[] = [];
  /** Stimuli applied since the reset: picks the bit a tampering flips (deterministic in the trace). */
  #trace = 0;
  /** What the last step's probe broke (StepEvidence.probed). */
  #probed: StepEvidence['probed'];
  /** `${mn}|${spos}|${tpos}|${nonceN hex}` → K read off the N2N request. */
  #ks = new Map<string, KRecord>();
  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  /** SA fingerprint → MISK the lower tester could recompute from K and the wire (A-MISK). */
  #knownMisks = new Map<string, Uint8Array>();

  constructor(impl: ImplModule, options: ReferenceAdapterOptions = {}) {
    this.#impl = impl;
    this.name = options.name ?? 'reference';
    this.#keyEvidence = options.keyEvidence ?? true;
    this.#policy = options.policy;
  }

  reset(config: WorldConfig, seed: number): void {
    this.#outcomes.clear();
    this.#discards.clear();
    this.#discardsRead = 0;
    this.close();
    this.#system = new this.#impl.ImplSystem(config, this.#policy === undefined ? { seed } : { seed, policy: this.#policy });
    this.#config = config;
    this.#wire = new WireTester(config, seed);
    if (this.#keyEvidence) this.#misKeys = misKeysOf(config, seed);
    this.#findings = [];
    this.#trace = 0;
    this.#absorb();
  }

  apply(s: Stimulus): void {
    const sys = this.#sys();
    if (this.#observation !== null) this.#previous = this.#observation;
    this.#observation = null;
    this.#snapshot = null;
    this.#findings = [];
    this.#probed = undefined;
    let rule: string | undefined;
    try {
      switch (s.kind) {
        case 'attach':
          sys.attach(s.mn, s.domain);
          break;
        case 'handover':
          sys.handover(s.mn, s.target, s.fallback);
          break;
        case 'complete':
          sys.complete(s.mn);
          break;
        case 'abort':
          sys.abort(s.mn);
          break;
        case 'setFallbackPolicy':
          sys.setFallbackPolicy(s.domain, s.on);
          break;
        case 'deliver':
          sys.deliver(s.index);
          break;
        case 'drop':
          sys.drop(s.index);
          break;
        case 'duplicate':
          sys.duplicate(s.index);
          break;
        case 'redeliver': {
          const again = sys.delivered()[s.index];
          if (again !== undefined) this.#wireTester().redelivered(again.bytes);
          sys.redeliver(s.index);
          break;
        }
        // The lower tester's bytes are its own (harness/tester), never the network's of the SUT.
        case 'corrupt':
          sys.rewrite(s.index, malformed(this.#bytesAt(s.index), s.how), true);
          break;
        case 'tamper': {
          const t = tamper(this.#wireTester(), this.#bytesAt(s.index), s.how, s.choice ?? this.#trace);
          rule = t.rule;
          sys.rewrite(s.index, t.bytes, true);
          break;
        }
        case 'probe': {
          const t = tamper(this.#wireTester(), this.#bytesAt(s.index), s.how, s.choice ?? this.#trace);
          this.#probed = spoiltEvidence(t.rule);
          sys.probe(s.index, t.bytes);
          break;
        }
        case 'lie': {
          const bytes = lied(this.#wireTester(), this.#bytesAt(s.index), s.what, this.#config!);
          // the network carries a lie from the sender it names (a forged indication's PoS).
          sys.rewrite(s.index, bytes, false, decodePdu(bytes).src);
          break;
        }
      }
    } catch (e) {
      throw new AdapterError(`${this.name} refused ${s.kind}: ${e instanceof Error ? e.message : String(e)}`, [], { cause: e });
    }
    // The network list moves with the stimulus; what is left beyond it was just emitted.
    if (s.kind === 'deliver' || s.kind === 'drop') this.#tracked.splice(s.index, 1);
    if (s.kind === 'duplicate') this.#tracked.push(this.#tracked[s.index]!);
    if (s.kind === 'corrupt' || s.kind === 'tamper') {
      // A spoilt PDU shows only its addressing (its receiver must discard it), and how it was spoilt.
      const t = this.#tracked[s.index]!;
      const base = { type: t.obs.type, src: t.obs.src, dst: t.obs.dst, mn: t.obs.mn, corrupted: true } as const;
      const spoilt = s.kind !== 'tamper' ? base : { ...base, spoilt: s.how, ...spoiltEvidence(rule) };
      this.#tracked[s.index] = { obs: spoilt, pdu: t.pdu };
    }
    if (s.kind === 'lie') this.#tracked[s.index] = this.#observeLie(this.#sys().inFlight()[s.index]!);
    this.#trace++;
    this.#absorb();
    this.#checkSaKeys();
  }

  observe(): Observation {
    if (this.#observation !== null) return this.#observation;
    const snap = this.#snap();
    const prev = this.#previous;
    const mns = sameOr(
      prev?.mns,
      snap.mns.map((m, i) => {
        const before = prev?.mns[i];
        const sas = this.#sas(m.sas, before?.sas);
        const outcomes = this.#outcomes.of(m.id, this.#sys().mn(m.id).outcomes());
        const discards = this.#discards.of(m.id);
        if (before !== undefined && before.id === m.id && before.lifecycle === m.lifecycle && before.attachedTo === m.attachedTo && before.sas === sas && before.outcomes === outcomes && before.discards === discards) return before;
        return { id: m.id, lifecycle: m.lifecycle, attachedTo: m.attachedTo, sas, outcomes, discards };
      }),
    );
    const poss = sameOr(
      prev?.poss,
      snap.poss.map((p, i) => {
        const before = prev?.poss[i];
        const sas = this.#sas(p.sas, before?.sas);
        const discards = this.#discards.of(p.id);
        return before !== undefined && before.id === p.id && before.sas === sas && before.discards === discards ? before : { id: p.id, sas, discards };
      }),
    );
    const inFlight = sameOr(
      prev?.inFlight,
      this.#tracked.map((t) => t.obs),
    );
    this.#observation = prev !== null && mns === prev.mns && poss === prev.poss && inFlight === prev.inFlight ? prev : { mns, poss, inFlight };
    return this.#observation;
  }

  #sas(views: readonly SaView[], before: readonly SaObservation[] | undefined): readonly SaObservation[] {
    return sameOr(
      before,
      views.map((v) => {
        let o = this.#saObservations.get(v);
        if (o === undefined) {
          o = saObservation(v);
          this.#saObservations.set(v, o);
        }
        return o;
      }),
    );
  }

  #snap(): ImplSnapshot {
    this.#snapshot ??= this.#sys().snapshot();
    return this.#snapshot;
  }

  close(): void {
    this.#system = null;
    this.#observation = null;
    this.#previous = null;
    this.#snapshot = null;
    this.#tracked = [];
    this.#ks = new Map();
    for (const m of this.#knownMisks.values()) m.fill(0);
    this.#knownMisks = new Map();
  }

  #sys(): ImplSystem {
    if (this.#system === null) throw new AdapterError(`${this.name}: apply/observe before reset`);
    return this.#system;
  }

  /** Decodes the PDUs emitted since the last step and collects key evidence about them. */
  #absorb(): void {
    const log = this.#sys().discarded();
    for (; this.#discardsRead < log.length; this.#discardsRead++) this.#discards.add(log[this.#discardsRead]!.entity, log[this.#discardsRead]!.reason);
    const flights = this.#sys().inFlight();
    if (flights.length < this.#tracked.length) {
      throw new AdapterError(`${this.name}: ${flights.length} PDUs in flight, expected at least ${this.#tracked.length} (the network lost PDUs it was not told to)`);
    }
    for (let i = this.#tracked.length; i < flights.length; i++) this.#tracked.push(this.#track(flights[i]!));
  }

  #track(f: InFlightPdu): Tracked {
    const { pdu, findings } = this.#wireTester().emitted(f.src, f.dst, f.bytes);
    this.#findings.push(...findings);
    if (pdu === null) {
      //= SPEC_MAPPING.md#A-TLV
      //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
      //# proauth's own type numbers; decoding is strict and canonical.
      // the tester could not read what the SUT sent; the finding names it, and the
      // observation shows only what travels with it (the network knows src and dst).
      return { obs: { type: 'MIS_Auth.request', src: f.src, dst: f.dst, mn: '?', corrupted: true }, pdu: null };
    }
    if (pdu.src !== f.src || pdu.dst !== f.dst) {
      this.#findings.push({ kind: 'undecodable', requirement: 'A-TLV', subject: `${pdu.type} ${f.src}→${f.dst}`, detail: `the PDU says it is addressed ${pdu.src}→${pdu.dst}` });
    }
    let obs = observeDecoded(pdu, hex);
    if (this.#keyEvidence && (pdu.type === 'MIS_N2N_Prereg_Xfer.request' || pdu.type === 'MIS_N2N_Prereg_Xfer.response')) obs = { ...obs, ...this.#evidence(pdu) };
    return { obs, pdu };
  }

  /** A lie is the tester's own PDU: observed from its bytes, with the K evidence of the PDU it rewrote. */
  #observeLie(f: InFlightPdu): Tracked {
    const pdu = decodePdu(f.bytes);
    const { k, kBound, kExposed } = this.#tracked[this.#sys().inFlight().indexOf(f)]?.obs ?? {};
    const evidence = { ...(k === undefined ? {} : { k }), ...(kBound === undefined ? {} : { kBound }), ...(kExposed === undefined ? {} : { kExposed }) };
    return { obs: { ...observeDecoded(pdu, hex), ...evidence }, pdu };
  }

  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  //= SPEC_MAPPING.md#A-KDF
  //# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn
  //# = HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
  /** A-MISK, A-KDF: every SA an entity reports holds a key the tester derived for that pair. */
  #checkSaKeys(): void {
    const wire = this.#wireTester();
    const snap = this.#snap();
    for (const m of snap.mns) for (const sa of m.sas) this.#pushFinding(wire.saKey(m.id, sa.peer, sa.fingerprint, sa.suite));
    for (const p of snap.poss) for (const sa of p.sas) this.#pushFinding(wire.saKey(p.id, sa.peer, sa.fingerprint, sa.suite));
  }

  #pushFinding(f: WireFinding | null): void {
    if (f !== null) this.#findings.push(f);
  }

  /** What the tester's own wire checks found in the last step (harness/tester). */
  evidence(): StepEvidence {
    const findings = this.#findings.map((f) => ({ requirement: f.requirement, message: `${f.kind}: ${f.subject}: ${f.detail}` }));
    return this.#probed === undefined ? { findings } : { findings, probed: this.#probed };
  }

  #wireTester(): WireTester {
    if (this.#wire === null) throw new AdapterError(`${this.name}: apply/observe before reset`);
    return this.#wire;
  }

  #bytesAt(index: number): Uint8Array {
    const f = this.#sys().inFlight()[index];
    if (f === undefined) throw new AdapterError(`${this.name}: no PDU in flight at ${index}`);
    return f.bytes;
  }

  #misKey(a: string, b: string): Uint8Array | undefined {
    return this.#misKeys.get(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  /**
   * 5.14.2-S6 / A-K-BIND / A-MISK evidence:
   * - on an N2N request: K unwrapped with the MIS SA key (k), and, when the lower tester knows
   *   the MISK of the SPoS's SA with the MN (it does after an optimized hop it watched), whether
   *   K is the A-K-BIND derivation for this MN, SPoS, TPoS and Nonce-N (kBound);
   * - on a successful N2N response: whether the TPoS's new MISK follows from the K that was
   *   wrapped (then the tester learns that MISK) or from the wrapped field's bytes taken as K in
   *   clear (kExposed: K crossed the wire readable).
   */
  #evidence(pdu: TesterPdu): Partial<PduObservation> {
    if (pdu.type === 'MIS_N2N_Prereg_Xfer.request' && pdu.wrappedK !== undefined && pdu.nonceN !== undefined) {
      const mis = this.#misKey(pdu.src, pdu.dst);
      const k = mis === undefined ? null : unwrapK(kekOf(mis), pdu.wrappedK, wrapAad(pdu.type, pdu.src, pdu.dst, pdu.mn, pdu.dst, pdu.nonceN));
      this.#ks.set(`${pdu.mn}\u0000${pdu.src}\u0000${pdu.dst}\u0000${hex(pdu.nonceN)}`, { k, wrappedK: pdu.wrappedK });
      if (k === null) return {};
      const spSa = this.#snap().poss.find((p) => p.id === pdu.src)?.sas.find((sa) => sa.peer === pdu.mn);
      const parent = spSa === undefined ? undefined : this.#knownMisks.get(spSa.fingerprint);
      const bound = parent === undefined ? {} : { kBound: sameBytes(k, deriveK(parent, pdu.mn, pdu.src, pdu.dst, pdu.nonceN)) };
      return { k: fingerprint(k), ...bound };
    }
    if (pdu.type === 'MIS_N2N_Prereg_Xfer.response' && pdu.status === 'SUCCESS' && pdu.nonceN !== undefined && pdu.nonceT !== undefined && pdu.suite !== undefined) {
      const rec = this.#ks.get(`${pdu.mn}\u0000${pdu.dst}\u0000${pdu.src}\u0000${hex(pdu.nonceN)}`);
      const tSa = this.#snap().poss.find((p) => p.id === pdu.src)?.sas.find((sa) => sa.peer === pdu.mn);
      if (rec === undefined || tSa === undefined) return {};
      const { nonceN, nonceT, suite, mn, src: tpos } = pdu;
      const miskFrom = (k: Uint8Array): Uint8Array | null => {
        if (k.length !== 32) return null;
        const misk = optimizedMisk(k, nonceN, nonceT, suite, mn, tpos);
        return fingerprint(misk) === tSa.fingerprint ? misk : null;
      };
      const viaWrap = rec.k === null ? null : miskFrom(rec.k);
      if (viaWrap !== null) {
        this.#knownMisks.set(tSa.fingerprint, viaWrap);
        return { kExposed: false };
      }
      // The wrap format is nonce(16) | ciphertext | tag(16): is the "ciphertext" K itself?
      for (const at of [16, 0]) {
        const misk = miskFrom(rec.wrappedK.subarray(at, at + 32));
        if (misk !== null) {
          this.#knownMisks.set(tSa.fingerprint, misk);
          return { kExposed: true };
        }
      }
    }
    return {};
  }
}

//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
/**
 * The tester provisions the roaming agreements, so it holds their MIS SA keys (A-POS-CHANNEL).
 * Cached for the last world and seed: a conformance run resets the SUT with the same ones for
 * every generated sequence.
 */
let misKeyCache: { config: WorldConfig; seed: number; keys: ReadonlyMap<string, Uint8Array> } | null = null;
function misKeysOf(config: WorldConfig, seed: number): ReadonlyMap<string, Uint8Array> {
  if (misKeyCache?.config === config && misKeyCache.seed === seed) return misKeyCache.keys;
  const keys = new Map<string, Uint8Array>();
  for (const { a, b, key } of testerSecrets(config, seed).misSas) keys.set(`${a}\u0000${b}`, key);
  misKeyCache = { config, seed, keys };
  return keys;
}

/** The reference implementation of this checkout. */
export async function referenceModule(): Promise<ImplModule> {
  return (await import('../../impl/system.ts')) as ImplModule;
}
