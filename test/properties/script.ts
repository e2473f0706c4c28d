// A tiny scripted world for testing properties on hand-built observations: each step applies a
// stimulus and edits a mutable copy of the previous observation, the way a conforming (or a
// deliberately broken) implementation would have changed it.
import type { DomainId, MnId, Observation, PduObservation, SaObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? Mutable<E>[] : T[K] extends object | null ? Mutable<NonNullable<T[K]>> | Extract<T[K], null> : T[K] };
export type Draft = Mutable<Observation>;

export const CONFIG: WorldConfig = {
  chainLimit: 2,
  domains: [
    { id: 'A', rats: ['wlan'], neighbours: ['D', 'B', 'C'], partners: ['B', 'C'], suites: [1, 2], requestsFallback: false },
    { id: 'B', rats: ['wlan'], neighbours: ['A', 'C'], partners: ['A', 'C'], suites: [1], requestsFallback: false },
    { id: 'C', rats: ['wlan', 'lte'], neighbours: ['A', 'B'], partners: ['A', 'B'], suites: [2], requestsFallback: false },
    // D trusts A, A does not trust D: a one-sided agreement.
    { id: 'D', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
  ],
  mns: [
    { id: 'm1', home: 'A', rats: ['wlan'], method: 'EAP', suites: [1, 2] },
    { id: 'm2', home: 'A', rats: ['wlan'], method: 'TLS', suites: [1] },
  ],
};

export function initial(config: WorldConfig = CONFIG): Observation {
  return {
    mns: config.mns.map((m) => ({ id: m.id, lifecycle: 'detached', attachedTo: null, sas: [] })),
    poss: config.domains.map((d) => ({ id: d.id, sas: [] })),
    inFlight: [],
  };
}

export function sa(peer: string, key: string, f: Partial<Omit<SaObservation, 'peer' | 'key'>> = {}): SaObservation {
  return { peer, key, idType: f.idType ?? 1, root: f.root ?? 'EAP', depth: f.depth ?? 0, state: f.state ?? 'serving', suite: f.suite ?? null };
}

export function pdu(type: PduObservation['type'], src: string, dst: string, mn: MnId, f: Partial<PduObservation> = {}): PduObservation {
  return { type, src, dst, mn, ...f };
}

export interface ScriptStep {
  readonly stimulus: Stimulus;
  readonly observation: Observation;
}

export class Script {
  readonly steps: ScriptStep[] = [];
  readonly initial: Observation;
  constructor(readonly config: WorldConfig = CONFIG) {
    this.initial = initial(config);
  }

  get last(): Observation {
    return this.steps.at(-1)?.observation ?? this.initial;
  }

  /** Appends a step: the network part of the stimulus (deliver/drop/duplicate/corrupt) is applied, then `edit`. */
  step(stimulus: Stimulus, edit: (d: Draft, h: Helpers) => void = () => {}): this {
    const d = structuredClone(this.last) as Draft;
    let removed: PduObservation | undefined;
    if (stimulus.kind === 'deliver' || stimulus.kind === 'drop') removed = d.inFlight.splice(stimulus.index, 1)[0];
    if (stimulus.kind === 'duplicate') d.inFlight.push({ ...d.inFlight[stimulus.index]! });
    if (stimulus.kind === 'corrupt') d.inFlight[stimulus.index] = { ...d.inFlight[stimulus.index]!, corrupted: true };
    edit(d, helpers(d, removed));
    this.steps.push({ stimulus, observation: d as Observation });
    return this;
  }

  copy(): Script {
    const s = new Script(this.config);
    s.steps.push(...this.steps);
    return s;
  }
}

export interface Helpers {
  /** The PDU this step delivered or dropped. */
  readonly removed: PduObservation | undefined;
  mn(id: MnId): Draft['mns'][number];
  pos(id: DomainId): Draft['poss'][number];
  emit(p: PduObservation): void;
}

function helpers(d: Draft, removed: PduObservation | undefined): Helpers {
  return {
    removed,
    mn: (id) => d.mns.find((m) => m.id === id)!,
    pos: (id) => d.poss.find((p) => p.id === id)!,
    emit: (p) => void d.inFlight.push(p as Draft['inFlight'][number]),
  };
}

/** Initial attachment of `mn` to `pos` with key `key` (conforming). */
export function attach(s: Script, mn: MnId, pos: DomainId, key: string, nonce: string, root: SaObservation['root'] = 'EAP'): Script {
  const idType = root === 'TLS' ? 0 : 1;
  return s
    .step({ kind: 'attach', mn, domain: pos }, (d, h) => {
      h.mn(mn).lifecycle = 'waiting';
      h.emit(pdu('MIS_Auth.request', mn, pos, mn, { nonceN: nonce }));
    })
    .step({ kind: 'deliver', index: s.last.inFlight.findIndex((p) => p.mn === mn) }, (d, h) => {
      h.pos(pos).sas.push(sa(mn, key, { root, idType }));
      h.emit(pdu('MIS_Auth.response', pos, mn, mn, { status: 'SUCCESS', reason: 'NONE', nonceN: nonce }));
    })
    .step({ kind: 'deliver', index: s.last.inFlight.findIndex((p) => p.mn === mn) }, (d, h) => {
      const m = h.mn(mn);
      m.lifecycle = 'idle';
      m.attachedTo = pos;
      m.sas.push(sa(pos, key, { root, idType }));
    });
}

export interface HopOptions {
  readonly nonceN: string;
  readonly nonceT: string;
  readonly key: string;
  readonly fallback?: boolean;
  readonly target?: DomainId | null;
  /** Overrides of the SA the TPoS and the MN install (to build violations). */
  readonly sa?: Partial<Omit<SaObservation, 'peer' | 'key'>>;
  readonly k?: Partial<PduObservation>;
}

/** An optimized handover of `mn` from its current PoS to `tpos`, up to the MN's prepared SA (conforming unless `o.sa` says otherwise). */
export function optimizedHop(s: Script, mn: MnId, tpos: DomainId, o: HopOptions): Script {
  const m0 = s.last.mns.find((m) => m.id === mn)!;
  const spos = m0.attachedTo!;
  const serving = m0.sas.find((x) => x.state === 'serving')!;
  // A-SUITES: c is the first of the MN's suites the TPoS supports.
  const suites = s.config.mns.find((m) => m.id === mn)!.suites;
  const supported = s.config.domains.find((d) => d.id === tpos)!.suites;
  const suite = suites.find((c) => supported.includes(c)) ?? null;
  const made = { idType: 3 as const, root: serving.root, depth: serving.depth + 1, state: 'prepared' as const, suite, ...o.sa };
  const c = made.suite === null ? {} : { suite: made.suite };
  const at = () => s.last.inFlight.findIndex((p) => p.mn === mn);
  s.step({ kind: 'handover', mn, target: o.target === undefined ? tpos : o.target, fallback: o.fallback ?? false }, (d, h) => {
    h.mn(mn).lifecycle = 'waiting';
    h.emit(pdu('MIS_Prereg_Xfer.request', mn, spos, mn, { nonceN: o.nonceN, suites }));
  });
  s.step({ kind: 'deliver', index: at() }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.request', spos, tpos, mn, { nonceN: o.nonceN, suites, ...o.k })));
  s.step({ kind: 'deliver', index: at() }, (d, h) => {
    h.pos(tpos).sas.push(sa(mn, o.key, made));
    h.emit(pdu('MIS_N2N_Prereg_Xfer.response', tpos, spos, mn, { status: 'SUCCESS', reason: 'NONE', nonceN: o.nonceN, nonceT: o.nonceT, ...c }));
  });
  s.step({ kind: 'deliver', index: at() }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', spos, mn, mn, { status: 'SUCCESS', reason: 'NONE', nonceN: o.nonceN, nonceT: o.nonceT, ...c })));
  s.step({ kind: 'deliver', index: at() }, (d, h) => {
    const m = h.mn(mn);
    m.lifecycle = 'prepared';
    m.sas.push(sa(tpos, o.key, made));
  });
  return s;
}

/** Completion of a prepared handover, both completion PDUs delivered (conforming). */
export function complete(s: Script, mn: MnId): Script {
  const m0 = s.last.mns.find((m) => m.id === mn)!;
  const spos = m0.attachedTo!;
  const tpos = m0.sas.find((x) => x.state === 'prepared')!.peer;
  const at = () => s.last.inFlight.findIndex((p) => p.mn === mn);
  s.step({ kind: 'complete', mn }, (d, h) => {
    const m = h.mn(mn);
    m.lifecycle = 'idle';
    m.attachedTo = tpos;
    m.sas = m.sas.filter((x) => x.peer !== spos);
    for (const x of m.sas) x.state = 'serving';
    h.emit(pdu('MIS_HO_Complete.request', mn, tpos, mn));
  });
  s.step({ kind: 'deliver', index: at() }, (d, h) => {
    for (const x of h.pos(tpos).sas) if (x.peer === mn) x.state = 'serving';
    h.emit(pdu('MIS_N2N_HO_Complete.indication', tpos, spos, mn));
  });
  s.step({ kind: 'deliver', index: at() }, (d, h) => {
    const p = h.pos(spos);
    p.sas = p.sas.filter((x) => x.peer !== mn);
  });
  return s;
}
