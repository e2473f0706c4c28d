// The world of a check against an external SUT: the SUT process plays the entities of the roles
// it implements, the reference implementation's engines (impl/entities, via createEntities)
// play every other entity, and this tester owns the network between them (PDUs in flight,
// delivery order, faults; docs/protocol.md §3). Everything is judged against the model by the
// lockstep harness through the Observation this produces, exactly as in process.
import { toHex } from '../../impl/bytes.ts';
import { misSaKey, provisioningMaster, subscriberCredential } from '../../impl/entities/credentials.ts';
import type { Link, Output } from '../../impl/entities/output.ts';
import type { SaView } from '../../impl/entities/sa.ts';
import { createEntities, corrupted, type ImplEntities } from '../../impl/system.ts';
import { decode, peekHeader } from '../../impl/wire/codec.ts';
import type { MnObservation, Observation, PduObservation, PosObservation, SaObservation, Stimulus, WorldConfig } from '../observation.ts';
import { observeDecoded } from '../pdu-observation.ts';
import type { Role } from '../pics/pics.ts';
import { SUT_POS } from '../pics/world.ts';
import { SutError } from './errors.ts';
import type { SutProcess, Handshake } from './process.ts';
import type { MnReport, PosReport, Provisioning, RequestBody, WirePdu } from './protocol.ts';

/** Which entities the SUT hosts for the roles it implements (docs/sut-protocol.md, "Who plays what"). */
export function placementFor(roles: readonly Role[], config: WorldConfig): { mns: string[]; poss: string[] } {
  const mns = roles.includes('MN') ? config.mns.map((m) => m.id) : [];
  const bothPos = roles.includes('SPoS') && roles.includes('TPoS');
  const onePos = roles.includes('SPoS') !== roles.includes('TPoS');
  const poss = bothPos ? config.domains.map((d) => d.id) : onePos ? [SUT_POS] : [];
  return { mns, poss };
}

/**
 * Stimuli a single-role PoS SUT cannot take part in: a TPoS-only SUT never acts as SPoS (no
 * handover *from* its PoS), an SPoS-only SUT never as TPoS (no handover *to* its PoS, named or
 * selected). Returns true when the stimulus may be sent.
 */
export function roleAllows(roles: readonly Role[], sutPoss: readonly string[], observation: Observation, config: WorldConfig, s: Stimulus): boolean {
  if (s.kind !== 'handover') return true;
  const tposOnly = roles.includes('TPoS') && !roles.includes('SPoS');
  const sposOnly = roles.includes('SPoS') && !roles.includes('TPoS');
  const from = observation.mns.find((m) => m.id === s.mn)?.attachedTo ?? null;
  if (tposOnly && from !== null && sutPoss.includes(from)) return false;
  if (sposOnly) {
    const target = s.target ?? selectedTarget(config, from, s.mn);
    if (target !== null && sutPoss.includes(target)) return false;
  }
  return true;
}

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
  duplicated: boolean;
  corrupted: boolean;
}

export interface HybridOptions {
  /** The SUT process; absent for the pure reference world (every entity in process). */
  readonly sut?: SutProcess;
  readonly handshake?: Handshake;
  /** Roles the SUT is judged on (the PICS roles; must be a subset of the handshake's). */
  readonly roles: readonly Role[];
}

function fromWire(p: WirePdu): Uint8Array {
  if (p.hex !== undefined) return Uint8Array.from(Buffer.from(p.hex, 'hex'));
  return Uint8Array.from(Buffer.from(p.base64 ?? '', 'base64'));
}

function saObservation(sa: SaView): SaObservation {
  return { peer: sa.peer, idType: sa.idType, root: sa.root, depth: sa.depth, state: sa.state, key: sa.fingerprint };
}

/** PDU bytes as the observation vocabulary sees them; undecodable bytes are flagged corrupted. */
export function observePdu(f: { src: string; dst: string; bytes: Uint8Array; mn: string; corrupted: boolean }): PduObservation {
  let pdu;
  try {
    pdu = decode(f.bytes);
  } catch {
    let type: PduObservation['type'] = 'MIS_Auth.request';
    try {
      type = peekHeader(f.bytes).type ?? type;
    } catch {
      // not even a header
    }
    return { type, src: f.src, dst: f.dst, mn: f.mn, corrupted: true };
  }
  // A PDU the tester corrupted shows only its addressing (the model's view does the same).
  if (f.corrupted) return { type: pdu.type, src: f.src, dst: f.dst, mn: f.mn, corrupted: true };
  const out = { ...observeDecoded(pdu, toHex), src: f.src, dst: f.dst, mn: f.mn };
  return out;
}

/** The secrets the SUT's entities need (docs/sut-protocol.md, configure.provisioning). */
export function provisioningFor(config: WorldConfig, seed: number, hosts: { mns: readonly string[]; poss: readonly string[] }): Provisioning {
  const master = provisioningMaster(seed);
  try {
    const credentials =
      hosts.poss.length > 0 ? config.mns.map((m) => m.id) : hosts.mns; // every PoS host is also the stand-in AAA
    const misSas: { a: string; b: string; key: string }[] = [];
    for (const a of config.domains) {
      for (const b of config.domains) {
        if (a.id < b.id && (hosts.poss.includes(a.id) || hosts.poss.includes(b.id))) misSas.push({ a: a.id, b: b.id, key: toHex(misSaKey(master, a.id, b.id)) });
      }
    }
    return { credentials: credentials.map((mn) => ({ mn, key: toHex(subscriberCredential(master, mn)) })), misSas };
  } finally {
    master.fill(0);
  }
}

/** One world: reference engines + SUT process + the tester's network. */
export class HybridWorld {
  private entities!: ImplEntities;
  private config!: WorldConfig;
  private hosts: { mns: string[]; poss: string[] } = { mns: [], poss: [] };
  private flights: Flight[] = [];
  /** Where each SUT-hosted MN's radio is (for the link of its PDUs). */
  private readonly location = new Map<string, string>();
  private sutReport: { mns: readonly MnReport[]; poss: readonly PosReport[] } = { mns: [], poss: [] };
  private current: Observation | undefined;

  constructor(private readonly options: HybridOptions) {
    for (const r of options.roles) {
      if (options.handshake === undefined || !options.handshake.roles.includes(r)) throw new SutError('role', `the PICS claims role ${r}, but the SUT's handshake offers only ${options.handshake?.roles.join(', ') ?? 'nothing'}`);
    }
  }

  get sutEntities(): readonly string[] {
    return [...this.hosts.mns, ...this.hosts.poss];
  }

  async reset(config: WorldConfig, seed: number): Promise<void> {
    this.config = config;
    this.entities = createEntities(config, { seed });
    this.hosts = placementFor(this.options.roles, config);
    this.flights = [];
    this.location.clear();
    if (this.options.sut !== undefined) await this.options.sut.request({ type: 'configure', world: config, seed, hosts: this.hosts, provisioning: provisioningFor(config, seed, this.hosts) });
    await this.refresh();
  }

  async apply(s: Stimulus): Promise<void> {
    switch (s.kind) {
      case 'attach':
        if (this.hosts.mns.includes(s.mn)) this.location.set(s.mn, s.domain);
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
        if (this.hosts.poss.includes(s.domain)) await this.emit(s.domain, this.remote({ type: 'setFallbackPolicy', domain: s.domain, on: s.on }));
        else await this.emit(s.domain, Promise.resolve(this.pos(s.domain).setFallbackPolicy(s.on)));
        break;
      case 'deliver': {
        const f = this.take(s.index);
        await this.emit(f.dst, this.deliverTo(f));
        break;
      }
      case 'drop':
        this.take(s.index);
        break;
      case 'duplicate': {
        const f = this.at(s.index);
        f.duplicated = true;
        this.flights.push({ ...f, bytes: f.bytes.slice() });
        break;
      }
      case 'corrupt': {
        const f = this.at(s.index);
        this.flights[s.index] = { ...f, bytes: corrupted(f.bytes, s.how), corrupted: true };
        break;
      }
    }
    await this.refresh();
  }

  observe(): Observation {
    if (this.current === undefined) throw new SutError('protocol', 'observe() before reset()');
    return this.current;
  }

  async close(): Promise<void> {
    await this.options.sut?.close();
  }

  // --- helpers -----------------------------------------------------------------------------

  private sut(): SutProcess {
    if (this.options.sut === undefined) throw new SutError('protocol', 'tester bug: no SUT process');
    return this.options.sut;
  }

  private pos(id: string) {
    const p = this.entities.poss.get(id);
    if (p === undefined) throw new SutError('protocol', `unknown PoS ${id}`);
    return p;
  }

  private onMn(mn: string, request: RequestBody, local: (e: NonNullable<ReturnType<ImplEntities['mns']['get']>>) => Output[]): Promise<Output[]> {
    if (this.hosts.mns.includes(mn)) return this.remote(request);
    const e = this.entities.mns.get(mn);
    if (e === undefined) throw new SutError('protocol', `unknown MN ${mn}`);
    return Promise.resolve(local(e));
  }

  private async remote(request: RequestBody): Promise<Output[]> {
    const r = await this.sut().request(request);
    if (r.type !== 'out') throw new SutError('protocol', `expected out, got ${r.type}`);
    return r.pdus.map((p) => ({ to: p.to, bytes: fromWire(p) }));
  }

  private deliverTo(f: Flight): Promise<Output[]> {
    const encoding = this.options.handshake?.encoding ?? 'hex';
    const bytes = encoding === 'hex' ? { hex: toHex(f.bytes) } : { base64: Buffer.from(f.bytes).toString('base64') };
    if (this.hosts.mns.includes(f.dst)) return this.remote({ type: 'pdu', to: f.dst, ...bytes });
    if (this.hosts.poss.includes(f.dst)) return this.remote({ type: 'pdu', to: f.dst, link: this.linkOf(f), ...bytes });
    const mn = this.entities.mns.get(f.dst);
    if (mn !== undefined) return Promise.resolve(mn.receive(f.bytes));
    const pos = this.entities.poss.get(f.dst);
    if (pos !== undefined) return Promise.resolve(pos.receive(f.bytes, this.linkOf(f)));
    return Promise.resolve([]); // misaddressed: the network drops it
  }

  /** A PDU from an MN to the PoS its radio is on came over that PoS's access network. */
  private linkOf(f: Flight): Link {
    const local = this.entities.mns.get(f.src);
    const where = this.hosts.mns.includes(f.src) ? this.location.get(f.src) : local?.location;
    return where !== undefined && where !== null && where === f.dst ? 'access' : 'core';
  }

  private async emit(src: string, outputs: Promise<Output[]>): Promise<void> {
    for (const o of await outputs) {
      let mn: string;
      try {
        mn = decode(o.bytes).mn;
      } catch {
        mn = '?';
      }
      this.flights.push({ src, dst: o.to, bytes: o.bytes, mn, duplicated: false, corrupted: false });
    }
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
    if (this.hosts.mns.length + this.hosts.poss.length > 0) {
      const r = await this.sut().request({ type: 'report' });
      if (r.type !== 'report') throw new SutError('protocol', `expected report, got ${r.type}`);
      for (const id of [...this.hosts.mns]) if (!r.mns.some((m) => m.id === id)) throw new SutError('protocol', `report lacks hosted MN ${id}`);
      for (const id of [...this.hosts.poss]) if (!r.poss.some((p) => p.id === id)) throw new SutError('protocol', `report lacks hosted PoS ${id}`);
      this.sutReport = r;
      for (const m of r.mns) if (m.attachedTo !== null && m.lifecycle !== 'waiting') this.location.set(m.id, m.attachedTo);
    }
    const mns: MnObservation[] = this.config.mns.map((m) => {
      const remote = this.hosts.mns.includes(m.id) ? this.sutReport.mns.find((x) => x.id === m.id) : undefined;
      // The reference MN lists its serving SA first, then the prepared one.
      if (remote !== undefined) return { id: m.id, lifecycle: remote.lifecycle, attachedTo: remote.attachedTo, sas: [...remote.sas].sort((a, b) => (a.state === b.state ? 0 : a.state === 'serving' ? -1 : 1)) };
      const e = this.entities.mns.get(m.id)!;
      return { id: m.id, lifecycle: e.lifecycle, attachedTo: e.attachedTo, sas: e.sas().map(saObservation) };
    });
    const poss: PosObservation[] = this.config.domains.map((d) => {
      const remote = this.hosts.poss.includes(d.id) ? this.sutReport.poss.find((x) => x.id === d.id) : undefined;
      // The reference PoS lists its SAs by MN id.
      if (remote !== undefined) return { id: d.id, sas: [...remote.sas].sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0)) };
      return { id: d.id, sas: this.pos(d.id).sas().map(saObservation) };
    });
    this.current = { mns, poss, inFlight: this.flights.map(observePdu) };
  }
}
