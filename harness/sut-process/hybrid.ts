// The world of a check against an external SUT: the SUT process plays the entities of the roles
// it implements, the reference implementation's engines (impl/entities, via createEntities)
// play every other entity, and this tester owns the network between them (PDUs in flight,
// delivery order, faults; docs/protocol.md §3). Everything is judged against the model by the
// lockstep harness through the Observation this produces, exactly as in process.
import type { Link, Output } from '../../impl/entities/output.ts';
import { DiscardSummaries } from '../discards.ts';
import { OutcomeSummaries } from '../outcomes.ts';
import type { SaView } from '../../impl/entities/sa.ts';
import type { DiscardRecord } from '../../impl/entities/discards.ts';
import { createEntities, type ImplEntities } from '../../impl/system.ts';
import type { StepEvidence } from '../adapter.ts';
import { decodePdu, peekAddressing } from '../tester/codec.ts';
import { hex } from '../tester/crypto.ts';
import { spoiltEvidence } from '../tester/check-faults.ts';
import { malformed } from '../tester/faults.ts';
import { lied, resendingPartner, tamper } from '../tester/lower-tester.ts';
import { testerSecrets } from '../tester/provisioning.ts';
import { WireTester, wireStats, type WireFinding, type WireTesterStats } from '../tester/wire-tester.ts';
import type { ImplModule } from '../adapters/reference-adapter.ts';
import { REDELIVERY_HISTORY } from '../enabled.ts';
import type { Tamper } from '../../vocabulary/observation.ts';
import type { DiscardSummary, MnObservation, Observation, PduObservation, PosObservation, SaObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { observeDecoded } from '../pdu-observation.ts';
import type { Role } from '../pics/pics.ts';
import { SUT_POS } from '../pics/pics-world.ts';
import { SutError } from './errors.ts';
import type { SutProcess, Handshake } from './process.ts';
import type { MnReport, PosReport, Provisioning, RequestBody, WirePdu } from './protocol.ts';

/**
 * Where the SUT plays in one run: `all` its claimed roles (docs/sut-protocol.md, "Who plays
 * what"); `mns` its MNs alone; `pos` the world's SUT PoS alone. Everything else is played by
 * the tester's reference entities, so a mistake the SUT makes on both ends of a link shows.
 */
export type PlacementKind = 'all' | 'mns' | 'pos';

/** The placements a check rotates over: the claimed roles, then each role group alone. */
export function placementsFor(roles: readonly Role[]): readonly PlacementKind[] {
  const mn = roles.includes('MN');
  const spos = roles.includes('SPoS');
  const tpos = roles.includes('TPoS');
  const out: PlacementKind[] = ['all'];
  if (mn && (spos || tpos)) out.push('mns');
  if ((mn && (spos || tpos)) || (spos && tpos)) out.push('pos');
  return out;
}

/** The roles the SUT plays in a placement. */
export function placementRoles(kind: PlacementKind, roles: readonly Role[]): Role[] {
  if (kind === 'mns') return roles.filter((r) => r === 'MN');
  if (kind === 'pos') return roles.filter((r) => r !== 'MN');
  return [...roles];
}

/** Which entities the SUT hosts in a placement of a world. */
export function placementFor(roles: readonly Role[], config: WorldConfig, kind: PlacementKind = 'all'): { mns: string[]; poss: string[] } {
  const played = placementRoles(kind, roles);
  const mns = played.includes('MN') ? config.mns.map((m) => m.id) : [];
  const bothPos = played.includes('SPoS') && played.includes('TPoS');
  const onePos = played.includes('SPoS') !== played.includes('TPoS');
  const poss = kind === 'pos' ? (played.length > 0 ? [SUT_POS] : []) : bothPos ? config.domains.map((d) => d.id) : onePos ? [SUT_POS] : [];
  return { mns, poss };
}

/**
 * Whether in this placement the SUT hosts no PoS or every PoS. Only then does each HPoS keep
 * one ERP SEQ count (docs/protocol.md §5.4): with the PoSs split between the SUT and the
 * tester, each side's stand-in AAA would count the runs it granted, and no PDU tells the other.
 */
export function hostsNoneOrEveryPos(roles: readonly Role[], kind: PlacementKind): boolean {
  const played = placementRoles(kind, roles);
  const spos = played.includes('SPoS');
  const tpos = played.includes('TPoS');
  if (kind === 'pos') return played.length === 0;
  return spos === tpos;
}

/** Whether in this placement the SUT hosts every PoS of the world (placementFor). */
export function hostsEveryPos(roles: readonly Role[], kind: PlacementKind): boolean {
  const played = placementRoles(kind, roles);
  return kind !== 'pos' && played.includes('SPoS') && played.includes('TPoS');
}

/**
 * Stimuli a single-role PoS SUT cannot take part in: a TPoS-only SUT never acts as SPoS (no
 * handover *from* its PoS, and no preparation resent as if from it: the `sender` lie), an
 * SPoS-only SUT never as TPoS (no handover *to* its PoS, named or selected). Returns true when
 * the stimulus may be sent.
 */
export function roleAllows(roles: readonly Role[], sutPoss: readonly string[], observation: Observation, config: WorldConfig, s: Stimulus): boolean {
  const tposOnly = roles.includes('TPoS') && !roles.includes('SPoS');
  const sposOnly = roles.includes('SPoS') && !roles.includes('TPoS');
  if (s.kind === 'lie' && s.what === 'sender' && tposOnly) {
    // the resending partner gets the TPoS's answer, a PDU of the SPoS role.
    const p = observation.inFlight[s.index];
    const partner = p === undefined ? null : resendingPartner(p, config);
    return partner === null || !sutPoss.includes(partner);
  }
  if (s.kind !== 'handover') return true;
  const from = observation.mns.find((m) => m.id === s.mn)?.attachedTo ?? null;
  if (tposOnly && from !== null && sutPoss.includes(from)) return false;
  if (sposOnly) {
    const target = s.target ?? selectedTarget(config, from, s.mn);
    if (target !== null && sutPoss.includes(target)) return false;
  }
  return true;
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
/** 5.14.3-S3 as docs/protocol.md §5 step 2 states it (only to keep SPoS-only SUTs out of the TPoS role). */
function selectedTarget(config: WorldConfig, from: string | null, mn: string): string | null {
  const spos = config.domains.find((d) => d.id === from);
  const rats = config.mns.find((m) => m.id === mn)?.rats ?? [];
  if (spos === undefined) return null;
  for (const n of spos.neighbours) {
    const d = config.domains.find((x) => x.id === n);
    if (d !== undefined && spos.partners.includes(n) && d.rats.some((r) => rats.includes(r))) return n;
  }
  return null;
}

interface Flight {
  readonly src: string;
  readonly dst: string;
  readonly bytes: Uint8Array;
  readonly mn: string;
  /** What the tester's own codec reads of the bytes (docs/protocol.md §7). */
  readonly obs: PduObservation;
  duplicated: boolean;
  corrupted: boolean;
}

export interface HybridOptions {
  /** The SUT process; absent for the pure reference world (every entity in process). */
  readonly sut?: SutProcess;
  readonly handshake?: Handshake;
  /** Roles the SUT is judged on (the PICS roles; must be a subset of the handshake's). */
  readonly roles: readonly Role[];
  /** An in-process SUT: its createEntities builds the hosted entities (instead of a process). */
  readonly module?: ImplModule;
  /** The tester's reference entities (harness/pristine.ts). Default: the bundled impl/. */
  readonly tester?: ImplModule;
}

/** What the last stimulus delivered, and what the tester's entities discarded on it. */
export interface Delivery {
  readonly src: string;
  readonly dst: string;
  readonly type: PduObservation['type'];
  /** The PDU came from an entity the SUT hosts. */
  readonly fromSut: boolean;
  /** The receiver is one of the tester's entities. */
  readonly toTester: boolean;
  readonly discards: readonly DiscardRecord[];
  /** What an in-process SUT's own entities discarded of it (a process SUT reports no discards). */
  readonly sutDiscards: readonly DiscardRecord[];
}

function fromWire(p: WirePdu): Uint8Array {
  if (p.hex !== undefined) return Uint8Array.from(Buffer.from(p.hex, 'hex'));
  return Uint8Array.from(Buffer.from(p.base64 ?? '', 'base64'));
}

function saObservation(sa: SaView): SaObservation {
  return { peer: sa.peer, idType: sa.idType, root: sa.root, depth: sa.depth, state: sa.state, suite: sa.suite, key: sa.fingerprint };
}

/**
 * PDU bytes as the observation vocabulary sees them, read with the tester's own codec
 * (harness/tester), never the SUT's; undecodable bytes are flagged corrupted.
 */
export function observePdu(f: { src: string; dst: string; bytes: Uint8Array; mn: string; corrupted: boolean }): PduObservation {
  let pdu;
  try {
    pdu = decodePdu(f.bytes);
  } catch {
    let type: PduObservation['type'] = 'MIS_Auth.request';
    try {
      type = peekAddressing(f.bytes).type ?? type;
    } catch {
      // not even a header
    }
    return { type, src: f.src, dst: f.dst, mn: f.mn, corrupted: true };
  }
  // A PDU the tester spoilt shows only its addressing (the model's view does the same).
  if (f.corrupted) return { type: pdu.type, src: f.src, dst: f.dst, mn: f.mn, corrupted: true };
  return { ...observeDecoded(pdu, hex), src: f.src, dst: f.dst, mn: f.mn };
}

/** The secrets the SUT's entities need (docs/sut-protocol.md, configure.provisioning). */
export function provisioningFor(config: WorldConfig, seed: number, hosts: { mns: readonly string[]; poss: readonly string[] }): Provisioning {
  // The tester provisions with its own derivation (harness/tester/provisioning.ts), not the SUT's.
  const secrets = testerSecrets(config, seed);
  const credentials = hosts.poss.length > 0 ? config.mns.map((m) => m.id) : hosts.mns; // every PoS host is also the stand-in AAA
  const misSas = secrets.misSas.filter((p) => hosts.poss.includes(p.a) || hosts.poss.includes(p.b)).map((p) => ({ a: p.a, b: p.b, key: hex(p.key) }));
  return { credentials: credentials.map((mn) => ({ mn, key: hex(secrets.credentials.get(mn)!) })), misSas };
}

const NO_WIRE_STATS: WireTesterStats = wireStats(() => 0);

/** One world: reference engines + SUT process + the tester's network. */
export class HybridWorld {
  private entities!: ImplEntities;
  /** The in-process SUT's entities (only the hosted ones are used). */
  private sutLocal: ImplEntities | null = null;
  private kind: PlacementKind = 'all';
  private discards: DiscardRecord[] = [];
  private sutDiscards: DiscardRecord[] = [];
  private delivery: Delivery | null = null;
  private config!: WorldConfig;
  private hosts: { mns: string[]; poss: string[] } = { mns: [], poss: [] };
  private flights: Flight[] = [];
  /** The intact PDUs delivered so far, oldest first, the last REDELIVERY_HISTORY (docs/protocol.md §3). */
  private delivered: Flight[] = [];
  /** Where each SUT-hosted MN's radio is (for the link of its PDUs). */
  private readonly location = new Map<string, string>();
  private sutReport: { mns: readonly MnReport[]; poss: readonly PosReport[] } = { mns: [], poss: [] };
  /** Each in-process MN's outcomes as summaries (a process SUT reports none: they are not compared). */
  private readonly outcomes = new OutcomeSummaries();
  /** Each in-process entity's discards (docs/protocol.md §7), the tester's and the SUT's. */
  private readonly discardSummaries = new DiscardSummaries();
  private current: Observation | undefined;
  /** The tester's own wire checks (harness/tester). */
  private wire: WireTester | null = null;
  /** What they found in the last step, on PDUs and SAs of SUT-hosted entities. */
  private findings: WireFinding[] = [];
  /** What the step's probe broke (StepEvidence.probed). */
  private probed: StepEvidence['probed'] = undefined;
  /** Stimuli since the reset: picks the bit a tampering flips (deterministic in the trace). */
  private steps = 0;
  /** What the wire checks could verify on PDUs to or from SUT entities and on their SAs, since the reset. */
  private sutWire: WireTesterStats = NO_WIRE_STATS;

  constructor(private readonly options: HybridOptions) {
    if (options.module !== undefined && options.sut !== undefined) throw new SutError('protocol', 'tester bug: an SUT is a process or a module, not both');
    if (options.module !== undefined && options.module.createEntities === undefined) throw new SutError('role', 'the SUT module exports no createEntities: it cannot host entities beside the tester\'s');
    for (const r of options.roles) {
      if (options.module !== undefined) continue;
      if (options.handshake === undefined || !options.handshake.roles.includes(r)) throw new SutError('role', `the PICS claims role ${r}, but the SUT's handshake offers only ${options.handshake?.roles.join(', ') ?? 'nothing'}`);
    }
  }

  get sutEntities(): readonly string[] {
    return [...this.hosts.mns, ...this.hosts.poss];
  }

  /** The placement of the following runs (a check rotates it per seed). */
  place(kind: PlacementKind): void {
    this.kind = kind;
  }

  get placement(): PlacementKind {
    return this.kind;
  }

  /** The PDU the last stimulus delivered (null if it delivered none) and the tester's discards of it. */
  lastDelivery(): Delivery | null {
    return this.delivery;
  }

  async reset(config: WorldConfig, seed: number): Promise<void> {
    this.outcomes.clear();
    this.discardSummaries.clear();
    this.config = config;
    const tester = this.options.tester?.createEntities ?? createEntities;
    const testerEntity = (id: string): boolean => !this.hosts.mns.includes(id) && !this.hosts.poss.includes(id);
    this.hosts = placementFor(this.options.roles, config, this.kind);
    // Discards by the tester's own entities: an SUT PDU one of them throws away is an interop failure.
    this.entities = tester(config, { seed }, (r) => {
      if (!testerEntity(r.entity)) return;
      this.discards.push(r);
      this.discardSummaries.add(r.entity, r.reason);
    });
    const module = this.options.module?.createEntities;
    // The SUT's entities get the tester's provisioning, as a process SUT does in `configure`.
    // Its own discards tell which of the tester's correct PDUs it threw away, and why.
    this.sutLocal = module !== undefined && this.sutEntities.length > 0 ? module(config, { seed, secrets: testerSecrets(config, seed) }, (r) => {
      if (testerEntity(r.entity)) return;
      this.sutDiscards.push(r);
      this.discardSummaries.add(r.entity, r.reason);
    }) : null;
    this.wire = new WireTester(config, seed);
    this.findings = [];
    this.steps = 0;
    this.sutWire = NO_WIRE_STATS;
    this.flights = [];
    this.delivered = [];
    this.discards = [];
    this.sutDiscards = [];
    this.delivery = null;
    this.location.clear();
    if (this.options.sut !== undefined) await this.options.sut.request({ type: 'configure', world: config, seed, hosts: this.hosts, provisioning: provisioningFor(config, seed, this.hosts) });
    await this.refresh();
  }

  async apply(s: Stimulus): Promise<void> {
    this.discards = [];
    this.sutDiscards = [];
    this.delivery = null;
    this.findings = [];
    this.probed = undefined;
    this.steps++;
    switch (s.kind) {
      case 'attach':
        if (this.isRemote(s.mn)) this.location.set(s.mn, s.domain);
        await this.emit(s.mn, this.onMn(s.mn, { type: 'attach', mn: s.mn, domain: s.domain }, (e) => e.attach(s.domain)));
        break;
      case 'handover':
        await this.emit(s.mn, this.onMn(s.mn, { type: 'handover', mn: s.mn, target: s.target, fallback: s.fallback }, (e) => e.handover(s.target, s.fallback)));
        break;
      case 'complete':
        await this.emit(s.mn, this.onMn(s.mn, { type: 'complete', mn: s.mn }, (e) => e.complete()));
        break;
      case 'abort':
        await this.emit(s.mn, this.onMn(s.mn, { type: 'abort', mn: s.mn }, (e) => e.abort()));
        break;
      case 'setFallbackPolicy':
        if (this.isRemote(s.domain)) await this.emit(s.domain, this.remote({ type: 'setFallbackPolicy', domain: s.domain, on: s.on }));
        else await this.emit(s.domain, Promise.resolve(this.pos(s.domain).setFallbackPolicy(s.on)));
        break;
      case 'deliver': {
        const f = this.take(s.index);
        if (!f.corrupted) this.delivered = [...this.delivered, f].slice(-REDELIVERY_HISTORY);
        const discards = this.discards;
        const sutDiscards = this.sutDiscards;
        await this.emit(f.dst, this.deliverTo(f));
        const hosted = this.sutEntities;
        this.delivery = { src: f.src, dst: f.dst, type: f.obs.type, fromSut: hosted.includes(f.src), toTester: !hosted.includes(f.dst), discards, sutDiscards };
        break;
      }
      case 'drop':
        this.take(s.index);
        break;
      case 'redeliver': {
        // The same bytes again to the original receiver (§3, §5.3). A tester entity's discard of
        // an old SUT PDU is what §5.3 asks, not an interop failure: no delivery is recorded.
        const f = this.delivered[s.index];
        if (f === undefined) throw new SutError('protocol', `tester bug: no delivered PDU at history index ${s.index}`);
        this.wireTester().redelivered(f.bytes);
        await this.emit(f.dst, this.deliverTo({ ...f, bytes: f.bytes.slice() }));
        break;
      }
      case 'duplicate': {
        const f = this.at(s.index);
        f.duplicated = true;
        this.flights.push({ ...f, bytes: f.bytes.slice() });
        break;
      }
      // The network's faults and the lower tester's PDUs are the tester's own bytes (harness/tester).
      case 'corrupt':
        this.rewrite(s.index, malformed(this.at(s.index).bytes, s.how), true);
        break;
      case 'tamper': {
        const t = tamper(this.wireTester(), this.at(s.index).bytes, s.how, s.choice ?? this.steps);
        this.rewrite(s.index, t.bytes, true, s.how, t.rule);
        break;
      }
      case 'probe': {
        // A spoilt copy straight to the PDU's receiver (§3 `probe`), which must discard it, a
        // tester entity too: as for `redeliver`, no delivery is recorded to judge interop by.
        const f = this.at(s.index);
        const t = tamper(this.wireTester(), f.bytes, s.how, s.choice ?? this.steps);
        this.probed = spoiltEvidence(t.rule);
        await this.emit(f.dst, this.deliverTo({ ...f, bytes: t.bytes, corrupted: true }));
        break;
      }
      case 'lie':
        this.rewrite(s.index, lied(this.wireTester(), this.at(s.index).bytes, s.what, this.config), false);
        break;
    }
    await this.refresh();
    this.checkSaKeys();
  }

  observe(): Observation {
    if (this.current === undefined) throw new SutError('protocol', 'observe() before reset()');
    return this.current;
  }

  /** What the tester's own wire checks found in the last step (harness/adapter.ts StepEvidence). */
  evidence(): StepEvidence {
    const findings = this.findings.map((f) => ({ requirement: f.requirement, message: `${f.kind}: ${f.subject}: ${f.detail}` }));
    return this.probed === undefined ? { findings } : { findings, probed: this.probed };
  }

  /**
   * The wire checks' counts on the SUT's side since the reset: a verdict on a key requirement
   * needs proof that the tester could check the SUT's keys, not only that it found nothing.
   */
  wireStats(): WireTesterStats {
    return this.sutWire;
  }

  async close(): Promise<void> {
    await this.options.sut?.close();
  }

  // --- helpers -----------------------------------------------------------------------------

  private sut(): SutProcess {
    if (this.options.sut === undefined) throw new SutError('protocol', 'tester bug: no SUT process');
    return this.options.sut;
  }

  /** An entity the SUT process plays (answers come over stdio). */
  private isRemote(id: string): boolean {
    return this.options.sut !== undefined && (this.hosts.mns.includes(id) || this.hosts.poss.includes(id));
  }

  /** The entity set an in-process entity lives in: the SUT module's for hosted ones, else the tester's. */
  private local(id: string): ImplEntities {
    return this.sutLocal !== null && (this.hosts.mns.includes(id) || this.hosts.poss.includes(id)) ? this.sutLocal : this.entities;
  }

  private pos(id: string) {
    const p = this.local(id).poss.get(id);
    if (p === undefined) throw new SutError('protocol', `unknown PoS ${id}`);
    return p;
  }

  private onMn(mn: string, request: RequestBody, local: (e: NonNullable<ReturnType<ImplEntities['mns']['get']>>) => Output[]): Promise<Output[]> {
    if (this.isRemote(mn)) return this.remote(request);
    const e = this.local(mn).mns.get(mn);
    if (e === undefined) throw new SutError('protocol', `unknown MN ${mn}`);
    return Promise.resolve(local(e));
  }

  private async remote(request: RequestBody): Promise<Output[]> {
    const r = await this.sut().request(request);
    if (r.type !== 'out') throw new SutError('protocol', `expected out, got ${r.type}`);
    if (r.discarded !== undefined) {
      if (request.type !== 'pdu') throw new SutError('protocol', `out says discarded (${r.discarded}) in answer to ${request.type}, which delivers no PDU`);
      if (r.pdus.length > 0) throw new SutError('protocol', `out says discarded (${r.discarded}) but carries ${r.pdus.length} PDU(s)`);
      // docs/sut-protocol.md: an SUT that says why it discards is judged on it (hello.discards).
      if (this.options.handshake?.discards === true) this.discardSummaries.add(request.to, r.discarded);
    }
    return r.pdus.map((p) => ({ to: p.to, bytes: fromWire(p) }));
  }

  private deliverTo(f: Flight): Promise<Output[]> {
    const encoding = this.options.handshake?.encoding ?? 'hex';
    const bytes = encoding === 'hex' ? { hex: hex(f.bytes) } : { base64: Buffer.from(f.bytes).toString('base64') };
    if (this.isRemote(f.dst) && this.hosts.mns.includes(f.dst)) return this.remote({ type: 'pdu', to: f.dst, ...bytes });
    if (this.isRemote(f.dst)) return this.remote({ type: 'pdu', to: f.dst, link: this.linkOf(f), ...bytes });
    const mn = this.local(f.dst).mns.get(f.dst);
    if (mn !== undefined) return Promise.resolve(mn.receive(f.bytes));
    const pos = this.local(f.dst).poss.get(f.dst);
    if (pos !== undefined) return Promise.resolve(pos.receive(f.bytes, this.linkOf(f)));
    return Promise.resolve([]); // misaddressed: the network drops it
  }

  /** A process SUT's discards are shown (and compared) only if its hello says it reports them. */
  private remoteDiscards(id: string): { discards?: DiscardSummary } {
    return this.options.handshake?.discards === true ? { discards: this.discardSummaries.of(id) } : {};
  }

  /** A PDU from an MN to the PoS its radio is on came over that PoS's access network. */
  private linkOf(f: Flight): Link {
    const local = this.local(f.src).mns.get(f.src);
    const where = this.isRemote(f.src) ? this.location.get(f.src) : local?.location;
    return where !== undefined && where !== null && where === f.dst ? 'access' : 'core';
  }

  private async emit(src: string, outputs: Promise<Output[]>): Promise<void> {
    for (const o of await outputs) {
      // Every PDU an entity emits passes the tester's own wire checks; a finding on an SUT
      // entity's PDU is the SUT's (the tester's entities are pristine, harness/pristine.ts).
      const seen = this.countForSut(this.sutEntities.includes(src) || this.sutEntities.includes(o.to), () => this.wireTester().emitted(src, o.to, o.bytes));
      if (this.sutEntities.includes(src)) this.findings.push(...seen.findings);
      let mn = seen.pdu?.mn;
      if (mn === undefined) {
        try {
          mn = peekAddressing(o.bytes).mn ?? '?';
        } catch {
          mn = '?';
        }
      }
      const flight = { src, dst: o.to, bytes: o.bytes, mn, duplicated: false, corrupted: false };
      this.flights.push({ ...flight, obs: observePdu(flight) });
    }
  }

  /** The lower tester replaces the PDU at `index`; `spoilt`: its receiver must discard it. */
  private rewrite(index: number, bytes: Uint8Array, spoilt: boolean, how?: Tamper, rule?: string): void {
    const f = this.at(index);
    // a lie is well-formed, and it comes from the sender its header names (a forged indication's PoS).
    const flight = { ...f, bytes, corrupted: f.corrupted || spoilt, ...(spoilt ? {} : { src: decodePdu(bytes).src }) };
    const obs = observePdu(flight);
    // A lie keeps the K evidence of the PDU it rewrote (the same K travels in it); a tamper says
    // how, and keeps the type it had (a broken header no longer names it).
    const tampered = how === undefined ? obs : { ...obs, type: f.obs.type, spoilt: how, ...spoiltEvidence(rule) };
    this.flights[index] = { ...flight, obs: spoilt ? tampered : { ...obs, ...keyEvidence(f.obs) } };
  }

  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  //= SPEC_MAPPING.md#A-KDF
  //# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn
  //# = HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
  /** A-MISK, A-KDF: every SA an SUT entity reports holds a key the tester derived for that pair. */
  private checkSaKeys(): void {
    const wire = this.wireTester();
    const o = this.current;
    if (o === undefined) return;
    for (const m of o.mns) if (this.sutEntities.includes(m.id)) for (const sa of m.sas) this.pushFinding(this.countForSut(true, () => wire.saKey(m.id, sa.peer, sa.key, sa.suite)));
    for (const p of o.poss) if (this.sutEntities.includes(p.id)) for (const sa of p.sas) this.pushFinding(this.countForSut(true, () => wire.saKey(p.id, sa.peer, sa.key, sa.suite)));
  }

  /** Runs one wire check and, if it concerns the SUT, adds what it verified to wireStats(). */
  private countForSut<T>(sut: boolean, check: () => T): T {
    const before = this.wireTester().stats();
    const out = check();
    if (sut) {
      const after = this.wireTester().stats();
      const add = (k: keyof WireTesterStats): number => this.sutWire[k] + after[k] - before[k];
      this.sutWire = wireStats(add);
    }
    return out;
  }

  private pushFinding(f: WireFinding | null): void {
    if (f !== null) this.findings.push(f);
  }

  private wireTester(): WireTester {
    if (this.wire === null) throw new SutError('protocol', 'tester bug: apply() before reset()');
    return this.wire;
  }

  private at(index: number): Flight {
    const f = this.flights[index];
    if (f === undefined) throw new SutError('protocol', `tester bug: no PDU in flight at ${index}`);
    return f;
  }

  private take(index: number): Flight {
    const f = this.at(index);
    this.flights.splice(index, 1);
    return f;
  }

  private async refresh(): Promise<void> {
    if (this.options.sut !== undefined && this.hosts.mns.length + this.hosts.poss.length > 0) {
      const r = await this.sut().request({ type: 'report' });
      if (r.type !== 'report') throw new SutError('protocol', `expected report, got ${r.type}`);
      for (const id of [...this.hosts.mns]) if (!r.mns.some((m) => m.id === id)) throw new SutError('protocol', `report lacks hosted MN ${id}`);
      for (const id of [...this.hosts.poss]) if (!r.poss.some((p) => p.id === id)) throw new SutError('protocol', `report lacks hosted PoS ${id}`);
      this.sutReport = r;
      for (const m of r.mns) if (m.attachedTo !== null && m.lifecycle !== 'waiting') this.location.set(m.id, m.attachedTo);
    }
    const mns: MnObservation[] = this.config.mns.map((m) => {
      const remote = this.isRemote(m.id) ? this.sutReport.mns.find((x) => x.id === m.id) : undefined;
      // The reference MN lists its serving SA first, then the prepared one.
      if (remote !== undefined) return { id: m.id, lifecycle: remote.lifecycle, attachedTo: remote.attachedTo, sas: [...remote.sas].sort((a, b) => (a.state === b.state ? 0 : a.state === 'serving' ? -1 : 1)), ...this.remoteDiscards(m.id) };
      const e = this.local(m.id).mns.get(m.id)!;
      return { id: m.id, lifecycle: e.lifecycle, attachedTo: e.attachedTo, sas: e.sas().map(saObservation), outcomes: this.outcomes.of(m.id, e.outcomes()), discards: this.discardSummaries.of(m.id) };
    });
    const poss: PosObservation[] = this.config.domains.map((d) => {
      const remote = this.isRemote(d.id) ? this.sutReport.poss.find((x) => x.id === d.id) : undefined;
      // The reference PoS lists its SAs by MN id.
      if (remote !== undefined) return { id: d.id, sas: [...remote.sas].sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0)), ...this.remoteDiscards(d.id) };
      return { id: d.id, sas: this.pos(d.id).sas().map(saObservation), discards: this.discardSummaries.of(d.id) };
    });
    this.current = { mns, poss, inFlight: this.flights.map((f) => f.obs) };
  }
}

function keyEvidence(o: PduObservation): Partial<PduObservation> {
  return { ...(o.k === undefined ? {} : { k: o.k }), ...(o.kBound === undefined ? {} : { kBound: o.kBound }), ...(o.kExposed === undefined ? {} : { kExposed: o.kExposed }) };
}
