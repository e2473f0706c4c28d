// An in-process world: MN and PoS engines wired to one network that keeps PDUs in flight in
// emission order and delivers them when told (docs/protocol.md §3). This is only wiring: every
// protocol decision is in impl/entities/. The lockstep harness drives the world through this
// API; a single entity can equally be taken out (createEntities) and run behind an adapter.
import { decode, peekHeader } from './wire/codec.ts';
import { UNASSIGNED_TLV_TYPE } from './wire/format.ts';
import type { ImplPolicyOptions, ImplWorldConfig, ProvisioningOptions } from './config.ts';
import { ConfigError, resolvePolicy, resolveProvisioning, validateWorld } from './config-validation.ts';
import { entityRandom, misSaKey, provisioningMaster, subscriberCredential, type WorldSeed } from './entities/credentials.ts';
import type { DiscardRecord } from './entities/discards.ts';
import { UsageError } from './entities/errors.ts';
import { HomeSubscribers, type HomeDirectory } from './entities/home.ts';
import { MnEngine, type MnHandoverOutcome, type MnLifecycle } from './entities/mn.ts';
import type { Link, Output } from './entities/output.ts';
import { PosEngine } from './entities/pos.ts';
import { SessionKey, type SaView } from './entities/sa.ts';

export type { ImplWorldConfig, ImplPolicyOptions } from './config.ts';

export interface ImplSystemOptions {
  /** The world seed every key and random draw derives from. Default 0. */
  readonly seed?: WorldSeed;
  readonly policy?: Partial<ImplPolicyOptions>;
  readonly provisioning?: Partial<ProvisioningOptions>;
}

export interface InFlightPdu {
  readonly src: string;
  readonly dst: string;
  readonly bytes: Uint8Array;
}

export interface MnSnapshot {
  readonly id: string;
  readonly lifecycle: MnLifecycle;
  readonly attachedTo: string | null;
  readonly sas: readonly SaView[];
}

export interface PosSnapshot {
  readonly id: string;
  readonly sas: readonly SaView[];
}

export interface ImplSnapshot {
  readonly mns: readonly MnSnapshot[];
  readonly poss: readonly PosSnapshot[];
}

/** Network faults of docs/protocol.md §3. */
export type Corruption = 'trailing' | 'truncate' | 'unknown-tlv';

export interface ImplEntities {
  readonly policy: ImplPolicyOptions;
  readonly mns: ReadonlyMap<string, MnEngine>;
  readonly poss: ReadonlyMap<string, PosEngine>;
}

/**
 * The secrets that exist before the first PDU. A tester that runs some entities itself and an
 * SUT the others hands these to both (docs/sut-protocol.md, `provisioning`).
 */
export interface WorldSecrets {
  /** Each MN's long-term credential, shared with its HPoS. */
  readonly credentials: ReadonlyMap<string, Uint8Array>;
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S8
  //# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for
  //# protecting the communications between an SPoS and a TPoS.
  //= SPEC_MAPPING.md#A-POS-CHANNEL
  //# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S1
  //# It is expected that the PoS functions in partner networks must often communicate by data paths
  //# that traverse the external Internet
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S6
  //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
  //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
  //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
  //# The optimized MIH SA establishment is allowed only when a trust relationship has established
  //# between the network domains of SPoS and TPoS.
  /**
   * One pre-configured MIS SA per pair of PoSs, `a` < `b` (A-POS-CHANNEL, 5.14.1-S8). Every pair
   * has one, not only partners: 5.14.1-S1 asks for a secure channel between PoSs that talk, the
   * TPoS must authenticate a source before it can call it unauthorized (5.14.1-S6), and a TPoS
   * reached by a full establishment must still tell the old SPoS it is no longer serving
   * (5.14.1-S19), partner or not. The channel authenticates; `partners` authorizes (5.14.2-N1a).
   */
  readonly misSas: readonly { readonly a: string; readonly b: string; readonly key: Uint8Array }[];
}

/** Derives every provisioned secret of a world from its seed (deterministic). */
export function worldSecrets(config: ImplWorldConfig, seed: WorldSeed = 0): WorldSecrets {
  const master = provisioningMaster(seed);
  const credentials = new Map(config.mns.map((m) => [m.id, subscriberCredential(master, m.id)]));
  const ids = config.domains.map((d) => d.id).sort();
  const misSas: { a: string; b: string; key: Uint8Array }[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) misSas.push({ a: ids[i]!, b: ids[j]!, key: misSaKey(master, ids[i]!, ids[j]!) });
  }
  master.fill(0);
  return { credentials, misSas };
}

/**
 * The secrets of the last world built by createEntities without given secrets: a tester resets
 * the same world over and over, and worldSecrets depends only on the seed and the ids. Only read
 * (every entity copies the keys it keeps), never handed out.
 */
let lastProvisioned: { readonly key: string; readonly secrets: WorldSecrets; readonly misKeys: ReadonlyMap<Uint8Array, SessionKey> } | null = null;

/**
 * The provisioned secrets of a world, and a SessionKey per MIS SA key. The SessionKeys are
 * shared by every world built from these secrets (a SessionKey is a pure function of its key
 * bytes): the subkeys an MIS SA derives on first use are derived once, not once per world.
 */
function provisionedSecrets(config: ImplWorldConfig, seed: WorldSeed): { readonly secrets: WorldSecrets; readonly misKeys: ReadonlyMap<Uint8Array, SessionKey> } {
  const key = JSON.stringify([typeof seed, String(seed), config.mns.map((m) => m.id), config.domains.map((d) => d.id)]);
  if (lastProvisioned?.key !== key) {
    const secrets = worldSecrets(config, seed);
    lastProvisioned = { key, secrets, misKeys: new Map(secrets.misSas.map((p) => [p.key, new SessionKey(p.key)])) };
  }
  return lastProvisioned;
}

/**
 * Builds every entity of a world: MNs with their credentials, PoSs with their subscribers (HPoS
 * role), MIS SAs and neighbour information, one random source per entity. `secrets` defaults to
 * worldSecrets(config, seed).
 */
export function createEntities(
  config: ImplWorldConfig,
  options: ImplSystemOptions & { readonly secrets?: WorldSecrets } = {},
  onDiscard?: (r: DiscardRecord) => void,
): ImplEntities {
  validateWorld(config);
  const policy = resolvePolicy(config, options.policy);
  const provisioning = resolveProvisioning(options.provisioning);
  const seed = options.seed ?? 0;
  const provisioned = options.secrets === undefined ? provisionedSecrets(config, seed) : null;
  const secrets = options.secrets ?? provisioned!.secrets;
  const credentialOf = (mn: string): Uint8Array => {
    const c = secrets.credentials.get(mn);
    if (c === undefined) throw new ConfigError(`no credential provisioned for MN '${mn}'`);
    return c;
  };

  const poss = new Map<string, PosEngine>();
  const homeOf = new Map(config.mns.map((m) => [m.id, m.home]));
  // The in-process AAA: a PoS reaches an MN's HPoS through this (impl/entities/home.ts).
  const directory: HomeDirectory = {
    homeOf(mn) {
      const home = homeOf.get(mn);
      return home === undefined ? undefined : poss.get(home)?.subscribers;
    },
  };
  const ratsOf = new Map(config.domains.map((d) => [d.id, d.rats]));
  for (const d of config.domains) {
    const misSas = new Map<string, Uint8Array | SessionKey>();
    for (const pair of secrets.misSas) {
      const key = provisioned?.misKeys.get(pair.key) ?? pair.key;
      if (pair.a === d.id) misSas.set(pair.b, key);
      else if (pair.b === d.id) misSas.set(pair.a, key);
    }
    const subscribers = new HomeSubscribers(
      d.id,
      config.mns.filter((m) => m.home === d.id).map((m) => ({ mn: m.id, credential: credentialOf(m.id), rats: m.rats, erpSeqStart: m.erpSeqStart ?? provisioning.erpSeqStart })),
    );
    const engineConfig = {
      id: d.id,
      neighbours: d.neighbours.map((n) => ({ id: n, rats: ratsOf.get(n) ?? [] })),
      partners: d.partners,
      suites: d.suites,
      requestsFallback: d.requestsFallback,
      misSas,
      subscribers,
      directory,
      policy,
      random: entityRandom(seed, d.id),
    };
    poss.set(d.id, new PosEngine(onDiscard === undefined ? engineConfig : { ...engineConfig, onDiscard }));
  }
  const mns = new Map<string, MnEngine>();
  // V-MN-TARGET-REACHABLE: what an MN knows of the networks around (their neighbours and RATs).
  const surroundings = new Map(config.domains.map((d) => [d.id, { neighbours: d.neighbours, rats: d.rats }]));
  for (const m of config.mns) {
    const engineConfig = {
      id: m.id,
      home: m.home,
      method: m.method,
      suites: m.suites,
      rats: m.rats,
      surroundings,
      credential: credentialOf(m.id),
      erpSeqStart: m.erpSeqStart ?? provisioning.erpSeqStart,
      policy,
      random: entityRandom(seed, m.id),
    };
    mns.set(m.id, new MnEngine(onDiscard === undefined ? engineConfig : { ...engineConfig, onDiscard }));
  }
  return { policy, mns, poss };
}

interface Flight {
  readonly src: string;
  readonly dst: string;
  readonly bytes: Uint8Array;
  /**
   * The MN the PDU concerns: read from the bytes when first asked (#mnOf), since only the
   * network's bookkeeping needs it; a corrupted copy gets it before its bytes break.
   */
  mn: string | null;
  //= SPEC_MAPPING.md#A-SEQUENTIAL
  //# so the next preparation may overtake it
  /**
   * A-SEQUENTIAL: the TPoS's MIS_N2N_HO_Complete.indication to the old SPoS blocks only the
   * MN's next `complete` (docs/protocol.md §3); read from the header when emitted.
   */
  readonly indication: boolean;
  /** Set on both copies once duplicated (docs/protocol.md §3: duplicate at most once). */
  duplicated: boolean;
  corrupted: boolean;
}

export class ImplSystem {
  readonly config: ImplWorldConfig;
  readonly policy: ImplPolicyOptions;
  readonly #mns: ReadonlyMap<string, MnEngine>;
  readonly #poss: ReadonlyMap<string, PosEngine>;
  readonly #inFlight: Flight[] = [];
  /** The intact PDUs delivered so far, oldest first, at most REDELIVERY_HISTORY (docs/protocol.md §3). */
  readonly #delivered: Flight[] = [];
  readonly #discards: DiscardRecord[] = [];

  constructor(config: ImplWorldConfig, options: ImplSystemOptions = {}) {
    this.config = config;
    const entities = createEntities(config, options, (r) => this.#discards.push(r));
    this.policy = entities.policy;
    this.#mns = entities.mns;
    this.#poss = entities.poss;
  }

  // --- entities ----------------------------------------------------------------------------

  mn(id: string): MnEngine {
    const mn = this.#mns.get(id);
    if (mn === undefined) throw new UsageError('mn', `unknown MN '${id}'`);
    return mn;
  }

  pos(id: string): PosEngine {
    const pos = this.#poss.get(id);
    if (pos === undefined) throw new UsageError('pos', `unknown PoS '${id}'`);
    return pos;
  }

  // --- upper-tester stimuli (docs/protocol.md §3) ------------------------------------------

  attach(mn: string, domain: string): void {
    const engine = this.#idleMn('attach', mn);
    this.#knownDomain('attach', domain);
    this.#emit(mn, engine.attach(domain));
  }

  handover(mn: string, target: string | null, fallback: boolean): void {
    const engine = this.#idleMn('handover', mn);
    if (target !== null) this.#knownDomain('handover', target);
    this.#emit(mn, engine.handover(target, fallback));
  }

  complete(mn: string): void {
    //= SPEC_MAPPING.md#A-SEQUENTIAL
    //# so the next preparation may overtake it
    // a completion never overtakes the indication of the previous one (F-16).
    if (this.completing(mn)) throw new UsageError('complete', `the completion indication of ${mn}'s previous handover is in flight`);
    this.#emit(mn, this.#idleMn('complete', mn).complete());
  }

  abort(mn: string): void {
    this.#emit(mn, this.#idleMn('abort', mn).abort());
  }

  setFallbackPolicy(domain: string, on: boolean): void {
    this.#emit(domain, this.#knownDomain('setFallbackPolicy', domain).setFallbackPolicy(on));
  }

  // --- the network -------------------------------------------------------------------------

  /** Delivers the PDU at `index` to its destination; what it emits is appended. */
  deliver(index: number): void {
    const flight = this.#take('deliver', index);
    // docs/protocol.md §3: an intact PDU delivered joins the lower tester's history (bounded).
    if (!flight.corrupted) {
      this.#mnOf(flight);
      this.#delivered.push(flight);
      if (this.#delivered.length > REDELIVERY_HISTORY) this.#delivered.shift();
    }
    this.#receive(flight);
  }

  /**
   * The lower tester delivers again the PDU at `index` of the delivery history (oldest first),
   * bytes unchanged, to its original receiver (docs/protocol.md §3, §5.3).
   */
  redeliver(index: number): void {
    const flight = Number.isInteger(index) ? this.#delivered[index] : undefined;
    if (flight === undefined) throw new UsageError('redeliver', `no delivered PDU at history index ${index} (${this.#delivered.length} kept)`);
    this.#receive({ ...flight, bytes: flight.bytes.slice() });
  }

  /** The delivery history `redeliver` picks from, oldest first. */
  delivered(): readonly InFlightPdu[] {
    return this.#delivered.map((f) => ({ src: f.src, dst: f.dst, bytes: f.bytes }));
  }

  #receive(flight: Flight): void {
    const mn = this.#mns.get(flight.dst);
    if (mn !== undefined) {
      this.#emit(flight.dst, mn.receive(flight.bytes));
      return;
    }
    const pos = this.#poss.get(flight.dst);
    if (pos !== undefined) {
      this.#emit(flight.dst, pos.receive(flight.bytes, this.#linkOf(flight)));
      return;
    }
    this.#discards.push({ entity: 'network', reason: 'misaddressed' });
  }

  /**
   * The lower tester sends the receiver of the PDU at `index` `bytes`, a spoilt copy of it, over
   * the same link (docs/protocol.md §3 `probe`); the PDU itself stays in flight as it was.
   */
  probe(index: number, bytes: Uint8Array): void {
    const flight = this.#at('probe', index);
    this.#receive({ ...flight, mn: this.#mnOf(flight), bytes, corrupted: true });
  }

  /** Fault: the PDU at `index` is lost. */
  drop(index: number): void {
    this.#take('drop', index);
  }

  /** Fault: a copy of the PDU at `index` is appended (once per PDU). */
  duplicate(index: number): void {
    const flight = this.#at('duplicate', index);
    if (flight.duplicated) throw new UsageError('duplicate', `the PDU at ${index} was already duplicated`);
    flight.duplicated = true;
    this.#inFlight.push({ ...flight, bytes: flight.bytes.slice() });
  }

  /**
   * Fault: the PDU at `index` becomes malformed in place (strict decoding must discard it). At
   * most once per PDU (docs/protocol.md §3): truncate then trailing would restore a valid length.
   */
  corrupt(index: number, how: Corruption): void {
    const flight = this.#at('corrupt', index);
    if (flight.corrupted) throw new UsageError('corrupt', `the PDU at ${index} was already corrupted`);
    this.#inFlight[index] = { ...flight, mn: this.#mnOf(flight), bytes: corrupted(flight.bytes, how), corrupted: true };
  }

  /**
   * The lower tester replaces the PDU at `index` (docs/protocol.md §3: tamper, lie). `spoilt`: its
   * receiver must discard it, like a corrupted one. `from`: the sender the network carries it from
   * instead of the original's (a lie forging a completion indication from a PoS).
   */
  rewrite(index: number, bytes: Uint8Array, spoilt: boolean, from?: string): void {
    const flight = this.#at('rewrite', index);
    const sender = from === undefined ? {} : { src: from, indication: peekHeader(bytes).type === 'MIS_N2N_HO_Complete.indication' };
    this.#inFlight[index] = { ...flight, mn: this.#mnOf(flight), bytes, corrupted: flight.corrupted || spoilt, ...sender };
  }

  inFlight(): readonly InFlightPdu[] {
    return this.#inFlight.map((f) => ({ src: f.src, dst: f.dst, bytes: f.bytes }));
  }

  /** Network bookkeeping of the PDU at `index`: the MN it concerns and the faults applied to it. */
  flightInfo(index: number): { readonly mn: string; readonly duplicated: boolean; readonly corrupted: boolean } {
    const f = this.#at('flightInfo', index);
    return { mn: this.#mnOf(f), duplicated: f.duplicated, corrupted: f.corrupted };
  }

  //= SPEC_MAPPING.md#A-SEQUENTIAL
  //# so the next preparation may overtake it
  /**
   * A-SEQUENTIAL (docs/protocol.md §3): a PDU concerning `mn` is in flight, so no stimulus for
   * it is enabled; a completion indication blocks only `complete` (`completing`).
   */
  busy(mn: string): boolean {
    return this.#inFlight.some((f) => !f.indication && this.#mnOf(f) === mn);
  }

  //= SPEC_MAPPING.md#A-SEQUENTIAL
  //# so the next preparation may overtake it
  /** A-SEQUENTIAL: a completion indication concerning `mn` is in flight (`complete` is not enabled). */
  completing(mn: string): boolean {
    return this.#inFlight.some((f) => f.indication && this.#mnOf(f) === mn);
  }

  // --- observation -------------------------------------------------------------------------

  snapshot(): ImplSnapshot {
    return {
      mns: this.config.mns.map((m) => {
        const e = this.mn(m.id);
        return { id: m.id, lifecycle: e.lifecycle, attachedTo: e.attachedTo, sas: e.sas() };
      }),
      poss: this.config.domains.map((d) => ({ id: d.id, sas: this.pos(d.id).sas() })),
    };
  }

  discarded(): readonly DiscardRecord[] {
    return this.#discards;
  }

  /** Every handover outcome so far, in order, over all MNs. */
  outcomes(): readonly MnHandoverOutcome[] {
    return this.config.mns.flatMap((m) => this.mn(m.id).outcomes());
  }

  // --- helpers -----------------------------------------------------------------------------

  /** docs/protocol.md §3: no stimulus for an MN while a PDU concerning it is in flight. */
  #idleMn(primitive: string, mn: string): MnEngine {
    const engine = this.#mns.get(mn);
    if (engine === undefined) throw new UsageError(primitive, `unknown MN '${mn}'`);
    if (this.busy(mn)) throw new UsageError(primitive, `a PDU concerning ${mn} is in flight`);
    return engine;
  }

  #knownDomain(primitive: string, id: string): PosEngine {
    const pos = this.#poss.get(id);
    if (pos === undefined) throw new UsageError(primitive, `unknown domain '${id}'`);
    return pos;
  }

  #at(primitive: string, index: number): Flight {
    const flight = Number.isInteger(index) ? this.#inFlight[index] : undefined;
    if (flight === undefined) throw new UsageError(primitive, `no PDU in flight at index ${index} (${this.#inFlight.length} in flight)`);
    return flight;
  }

  #take(primitive: string, index: number): Flight {
    const flight = this.#at(primitive, index);
    this.#inFlight.splice(index, 1);
    return flight;
  }

  /** A PDU from an MN to the PoS its radio is on came over that PoS's access network. */
  #linkOf(flight: Flight): Link {
    const sender = this.#mns.get(flight.src);
    return sender !== undefined && sender.location === flight.dst ? 'access' : 'core';
  }

  #emit(src: string, outputs: readonly Output[]): void {
    for (const o of outputs) {
      const indication = peekHeader(o.bytes).type === 'MIS_N2N_HO_Complete.indication';
      this.#inFlight.push({ src, dst: o.to, bytes: o.bytes, mn: null, indication, duplicated: false, corrupted: false });
    }
  }

  /** The MN a PDU in flight concerns. Our own engines' output always decodes. */
  #mnOf(f: Flight): string {
    f.mn ??= decode(f.bytes).mn;
    return f.mn;
  }
}

/** How many of the last delivered PDUs the network keeps for the lower tester's `redeliver`. */
export const REDELIVERY_HISTORY = 8;

/** The three corruptions of docs/protocol.md §3, each leaving bytes that strict decoding rejects. */
export function corrupted(bytes: Uint8Array, how: Corruption): Uint8Array {
  switch (how) {
    case 'trailing': {
      const out = new Uint8Array(bytes.length + 1);
      out.set(bytes);
      return out;
    }
    case 'truncate':
      return bytes.slice(0, Math.max(0, bytes.length - 1));
    case 'unknown-tlv': {
      // An empty TLV of an unassigned type after the last one; the payload length is fixed up so
      // the only fault is the unknown type.
      const out = new Uint8Array(bytes.length + 3);
      out.set(bytes);
      out.set([UNASSIGNED_TLV_TYPE, 0, 0], bytes.length);
      if (out.length >= 8) {
        const payload = ((out[6]! << 8) | out[7]!) + 3;
        out[6] = (payload >>> 8) & 0xff;
        out[7] = payload & 0xff;
      }
      return out;
    }
  }
}

export { ConfigError, UsageError };
