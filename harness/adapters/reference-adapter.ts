// Drives the reference implementation (impl/system.ts, or a mutated copy of it) with real wire
// bytes and reads it back as an Observation: SAs from its snapshot (keys as fingerprints), the
// PDUs in flight by decoding their bytes with the harness's own trusted codec (nonces as hex).
// As a lower tester that holds the provisioned roaming-agreement keys (A-POS-CHANNEL), it also
// collects key-distribution evidence for 5.14.2-S6 / A-K-BIND (PduObservation.k/kBound/kExposed)
// from the bytes alone; key bytes never leave this module, only fingerprints do.
import { bytesEqual, toHex } from '../../impl/bytes.ts';
import { deriveK, deriveOptimizedMisk, fingerprint } from '../../impl/crypto/index.ts';
import { wrappedKContext } from '../../impl/entities/protect.ts';
import { SessionKey } from '../../impl/entities/sa.ts';
import type { ImplSnapshot, ImplSystem, ImplSystemOptions, InFlightPdu } from '../../impl/system.ts';
import { worldSecrets, type createEntities } from '../../impl/system.ts';
import { decode } from '../../impl/wire/codec.ts';
import { DecodeError } from '../../impl/wire/errors.ts';
import type { Pdu } from '../../impl/wire/messages.ts';
import { AdapterError, type Adapter } from '../adapter.ts';
import type { Observation, PduObservation, SaObservation, Stimulus, WorldConfig } from '../observation.ts';

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
  /** The decoded PDU as emitted (before any corruption in flight). */
  readonly pdu: Pdu;
}

/** One preregistration's K as the lower tester read it off the N2N request. */
interface KRecord {
  readonly k: Uint8Array | null;
  readonly wrappedK: Uint8Array;
}

function pduObservation(p: Pdu): PduObservation {
  const { type, src, dst, mn } = p;
  switch (p.type) {
    case 'MIS_Auth.request':
    case 'MIS_Prereg_Xfer.request':
    case 'MIS_N2N_Prereg_Xfer.request':
      return { type, src, dst, mn, nonceN: toHex(p.nonceN) };
    case 'MIS_Auth.response':
      return { type, src, dst, mn, status: p.status, nonceN: toHex(p.nonceN) };
    case 'MIS_N2N_Prereg_Xfer.response': {
      const o: Mutable<PduObservation> = { type, src, dst, mn, status: p.status, reason: p.reason, nonceN: toHex(p.nonceN) };
      if (p.nonceT !== null) o.nonceT = toHex(p.nonceT);
      return o;
    }
    case 'MIS_Prereg_Xfer.response': {
      const o: Mutable<PduObservation> = { type, src, dst, mn, status: p.status, reason: p.reason, nonceN: toHex(p.nonceN) };
      if (p.nonceT !== null) o.nonceT = toHex(p.nonceT);
      if (p.tpos !== null) o.tpos = p.tpos;
      return o;
    }
    case 'MIS_HO_Complete.request':
    case 'MIS_N2N_HO_Complete.indication':
      return { type, src, dst, mn };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type SaView = ImplSnapshot['mns'][number]['sas'][number];

function saObservation(v: SaView): SaObservation {
  return { peer: v.peer, idType: v.idType, root: v.root, depth: v.depth, state: v.state, key: v.fingerprint };
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
  /** Collect K evidence (5.14.2-S6, A-K-BIND). Default true. */
  readonly keyEvidence?: boolean;
}

export class ReferenceAdapter implements Adapter {
  readonly name: string;
  readonly #impl: ImplModule;
  readonly #keyEvidence: boolean;
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
  #misKeys: ReadonlyMap<string, SessionKey> = new Map();
  /** `${mn}|${spos}|${tpos}|${nonceN hex}` → K read off the N2N request. */
  #ks = new Map<string, KRecord>();
  /** SA fingerprint → MISK the lower tester could recompute from K and the wire (A-MISK). */
  #knownMisks = new Map<string, Uint8Array>();

  constructor(impl: ImplModule, options: ReferenceAdapterOptions = {}) {
    this.#impl = impl;
    this.name = options.name ?? 'reference';
    this.#keyEvidence = options.keyEvidence ?? true;
  }

  reset(config: WorldConfig, seed: number): void {
    this.close();
    this.#system = new this.#impl.ImplSystem(config, { seed });
    if (this.#keyEvidence) this.#misKeys = misKeysOf(config, seed);
    this.#absorb();
  }

  apply(s: Stimulus): void {
    const sys = this.#sys();
    if (this.#observation !== null) this.#previous = this.#observation;
    this.#observation = null;
    this.#snapshot = null;
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
        case 'corrupt':
          sys.corrupt(s.index, s.how);
          break;
      }
    } catch (e) {
      throw new AdapterError(`${this.name} refused ${s.kind}: ${e instanceof Error ? e.message : String(e)}`, [], { cause: e });
    }
    // The network list moves with the stimulus; what is left beyond it was just emitted.
    if (s.kind === 'deliver' || s.kind === 'drop') this.#tracked.splice(s.index, 1);
    if (s.kind === 'duplicate') this.#tracked.push(this.#tracked[s.index]!);
    if (s.kind === 'corrupt') {
      // A corrupted PDU no longer decodes: only its addressing stays observable.
      const t = this.#tracked[s.index]!;
      this.#tracked[s.index] = { obs: { type: t.obs.type, src: t.obs.src, dst: t.obs.dst, mn: t.obs.mn, corrupted: true }, pdu: t.pdu };
    }
    this.#absorb();
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
        if (before !== undefined && before.id === m.id && before.lifecycle === m.lifecycle && before.attachedTo === m.attachedTo && before.sas === sas) return before;
        return { id: m.id, lifecycle: m.lifecycle, attachedTo: m.attachedTo, sas };
      }),
    );
    const poss = sameOr(
      prev?.poss,
      snap.poss.map((p, i) => {
        const before = prev?.poss[i];
        const sas = this.#sas(p.sas, before?.sas);
        return before !== undefined && before.id === p.id && before.sas === sas ? before : { id: p.id, sas };
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
    const flights = this.#sys().inFlight();
    if (flights.length < this.#tracked.length) {
      throw new AdapterError(`${this.name}: ${flights.length} PDUs in flight, expected at least ${this.#tracked.length} (the network lost PDUs it was not told to)`);
    }
    for (let i = this.#tracked.length; i < flights.length; i++) this.#tracked.push(this.#track(flights[i]!));
  }

  #track(f: InFlightPdu): Tracked {
    let pdu: Pdu;
    try {
      pdu = decode(f.bytes);
    } catch (e) {
      if (e instanceof DecodeError) throw new AdapterError(`${this.name} emitted ${f.src}→${f.dst} bytes that strict decoding rejects: ${e.message}`, ['A-TLV'], { cause: e });
      throw e;
    }
    if (pdu.src !== f.src || pdu.dst !== f.dst) throw new AdapterError(`${this.name}: PDU ${pdu.type} addressed ${pdu.src}→${pdu.dst} travels ${f.src}→${f.dst}`, ['A-TLV']);
    let obs = pduObservation(pdu);
    if (this.#keyEvidence && (pdu.type === 'MIS_N2N_Prereg_Xfer.request' || pdu.type === 'MIS_N2N_Prereg_Xfer.response')) obs = { ...obs, ...this.#evidence(pdu) };
    return { obs, pdu };
  }

  #misKey(a: string, b: string): SessionKey | undefined {
    return this.#misKeys.get(a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  }

  /**
   * 5.14.2-S6 / A-K-BIND / A-MISK evidence:
   * - on an N2N request: K unwrapped with the MIS SA key (k), and, when the lower tester knows
   *   the MISK of the SPoS's SA with the MN (it does after an optimized hop it watched), whether
   *   K is the A-K-BIND derivation for this MN, SPoS, TPoS and Nonce-N (kBound);
   * - on a successful N2N response: whether the TPoS's new MISK follows from the K that was
   *   wrapped (then the tester learns that MISK) or from the wrapped field's bytes taken as K in
   *   clear (kExposed: K crossed the wire readable).
   */
  #evidence(pdu: Pdu): Partial<PduObservation> {
    if (pdu.type === 'MIS_N2N_Prereg_Xfer.request') {
      const mis = this.#misKey(pdu.src, pdu.dst);
      const k = mis?.unwrap(pdu.wrappedK, wrappedKContext(pdu.type, pdu.src, pdu.dst, pdu.mn, pdu.dst, pdu.nonceN)) ?? null;
      this.#ks.set(`${pdu.mn}\u0000${pdu.src}\u0000${pdu.dst}\u0000${toHex(pdu.nonceN)}`, { k, wrappedK: pdu.wrappedK });
      if (k === null) return {};
      const spSa = this.#snap().poss.find((p) => p.id === pdu.src)?.sas.find((sa) => sa.peer === pdu.mn);
      const parent = spSa === undefined ? undefined : this.#knownMisks.get(spSa.fingerprint);
      const bound = parent === undefined ? {} : { kBound: bytesEqual(k, deriveK(parent, pdu.mn, pdu.src, pdu.dst, pdu.nonceN)) };
      return { k: fingerprint(k), ...bound };
    }
    if (pdu.type === 'MIS_N2N_Prereg_Xfer.response' && pdu.status === 'SUCCESS' && pdu.nonceT !== null && pdu.suite !== null) {
      const rec = this.#ks.get(`${pdu.mn}\u0000${pdu.dst}\u0000${pdu.src}\u0000${toHex(pdu.nonceN)}`);
      const tSa = this.#snap().poss.find((p) => p.id === pdu.src)?.sas.find((sa) => sa.peer === pdu.mn);
      if (rec === undefined || tSa === undefined) return {};
      const { nonceN, nonceT, suite, mn, src: tpos } = pdu;
      const miskFrom = (k: Uint8Array): Uint8Array | null => {
        if (k.length !== 32) return null;
        const misk = deriveOptimizedMisk(k, nonceN, nonceT, suite, mn, tpos);
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

/**
 * The tester provisions the roaming agreements, so it holds their MIS SA keys (A-POS-CHANNEL).
 * Cached for the last world and seed: a conformance run resets the SUT with the same ones for
 * every generated sequence.
 */
let misKeyCache: { config: WorldConfig; seed: number; keys: ReadonlyMap<string, SessionKey> } | null = null;
function misKeysOf(config: WorldConfig, seed: number): ReadonlyMap<string, SessionKey> {
  if (misKeyCache?.config === config && misKeyCache.seed === seed) return misKeyCache.keys;
  const keys = new Map<string, SessionKey>();
  for (const { a, b, key } of worldSecrets(config, seed).misSas) keys.set(`${a}\u0000${b}`, new SessionKey(key));
  misKeyCache = { config, seed, keys };
  return keys;
}

/** The reference implementation of this checkout. */
export async function referenceModule(): Promise<ImplModule> {
  return (await import('../../impl/system.ts')) as ImplModule;
}
