// The deployment trace format read by `proauth validate-trace` (docs/cli.md): JSON lines of
// PDUs and SA events as a real deployment can log them. A *cause* record (an upper-layer event,
// a PDU received, a PDU lost) starts a step; the *effect* records after it (PDUs sent, SAs
// installed/changed/deleted, MN state) say what the entities did in that step.
import type { DomainId, MnId, MnLifecycle, Observation, PduObservation, SaObservation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import type { RecordedStep } from '../pics/test-purposes.ts';

export type TraceRecord =
  | { readonly t: 'world'; readonly world: WorldConfig }
  | { readonly t: 'stimulus'; readonly stimulus: Exclude<Stimulus, { kind: 'deliver' | 'drop' | 'duplicate' | 'corrupt' }> }
  | { readonly t: 'recv'; readonly pdu: PduObservation }
  | { readonly t: 'lost'; readonly pdu: PduObservation }
  | { readonly t: 'send'; readonly pdu: PduObservation }
  | { readonly t: 'sa'; readonly entity: string; readonly sa: SaObservation }
  | { readonly t: 'sa-deleted'; readonly entity: string; readonly peer: string }
  | { readonly t: 'mn'; readonly mn: MnId; readonly lifecycle: MnLifecycle; readonly attachedTo: DomainId | null };

export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** A record of the log and the line it stands on. */
export interface LineRecord {
  readonly line: number;
  readonly record: TraceRecord;
}

/** A parsed step: the observation after it, its cause record and the effect records after it. */
export interface TraceStep extends RecordedStep {
  /** The line of the cause record. */
  readonly line: number;
  readonly cause: TraceRecord;
  readonly effects: readonly LineRecord[];
}

export interface ParsedTrace {
  readonly config: WorldConfig;
  /** The line of the world record. */
  readonly worldLine: number;
  readonly initial: Observation;
  readonly steps: readonly TraceStep[];
}

function samePdu(a: PduObservation, b: PduObservation): boolean {
  return a.type === b.type && a.src === b.src && a.dst === b.dst && a.mn === b.mn && (a.nonceN ?? null) === (b.nonceN ?? null) && (a.status ?? null) === (b.status ?? null);
}

function emptyObservation(config: WorldConfig): Observation {
  return {
    mns: config.mns.map((m) => ({ id: m.id, lifecycle: 'detached', attachedTo: null, sas: [] })),
    poss: config.domains.map((d) => ({ id: d.id, sas: [] })),
    inFlight: [],
  };
}

const CAUSE_KINDS = ['attach', 'handover', 'complete', 'abort', 'setFallbackPolicy'];
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The fields a record needs before it is read (a missing one is a typed error, not a crash). */
function checkShape(n: number, r: TraceRecord): void {
  const x = r as unknown as Record<string, unknown>;
  switch (r.t) {
    case 'stimulus': {
      const st = x['stimulus'];
      if (!isObject(st) || !CAUSE_KINDS.includes(st['kind'] as string)) throw new TraceFormatError(n, `a stimulus record needs "stimulus" with kind one of ${CAUSE_KINDS.join(', ')}`);
      return;
    }
    case 'recv':
    case 'lost':
    case 'send': {
      const p = x['pdu'];
      if (!isObject(p) || !['type', 'src', 'dst', 'mn'].every((f) => typeof p[f] === 'string')) throw new TraceFormatError(n, `a ${r.t} record needs "pdu" with string type, src, dst and mn`);
      return;
    }
    case 'sa': {
      const sa = x['sa'];
      if (typeof x['entity'] !== 'string' || !isObject(sa) || typeof sa['peer'] !== 'string' || typeof sa['key'] !== 'string') throw new TraceFormatError(n, 'an sa record needs "entity" and "sa" with peer, idType, root, depth, state and key');
      return;
    }
    case 'sa-deleted':
      if (typeof x['entity'] !== 'string' || typeof x['peer'] !== 'string') throw new TraceFormatError(n, 'an sa-deleted record needs string "entity" and "peer"');
      return;
    default:
      return;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds the observations a trace implies; throws TraceFormatError on what it cannot read. */
export function parseTrace(text: string): ParsedTrace {
  const lines = text.split('\n');
  let config: WorldConfig | undefined;
  let worldLine = 1;
  let state: Observation | undefined;
  const steps: TraceStep[] = [];
  let open: { stimulus: Stimulus; line: number; cause: TraceRecord; effects: LineRecord[] } | undefined;
  let current: { mns: Mutable<Observation['mns'][number]>[]; poss: Mutable<Observation['poss'][number]>[]; inFlight: PduObservation[] } | undefined;

  const clone = (o: Observation) => ({
    mns: o.mns.map((m) => ({ ...m, sas: [...m.sas] })),
    poss: o.poss.map((p) => ({ ...p, sas: [...p.sas] })),
    inFlight: [...o.inFlight],
  });
  const close = (): void => {
    if (open === undefined || current === undefined) return;
    const observation: Observation = current;
    steps.push({ stimulus: open.stimulus, observation, line: open.line, cause: open.cause, effects: open.effects });
    state = observation;
    open = undefined;
    current = undefined;
  };

  lines.forEach((raw, i) => {
    const n = i + 1;
    if (raw.trim() === '') return;
    let r: TraceRecord;
    try {
      r = JSON.parse(raw) as TraceRecord;
    } catch (e) {
      throw new TraceFormatError(n, `not JSON (${(e as Error).message})`);
    }
    if (typeof r !== 'object' || r === null || typeof (r as { t?: unknown }).t !== 'string') throw new TraceFormatError(n, 'a record needs a string field "t"');
    if (config === undefined) {
      if (r.t !== 'world') throw new TraceFormatError(n, 'the first record must be {"t":"world","world":{…}}');
      const w = (r as { world?: unknown }).world;
      if (!isObject(w) || !Array.isArray(w['domains']) || !Array.isArray(w['mns'])) throw new TraceFormatError(n, 'the world record needs "world" with arrays "domains" and "mns"');
      config = r.world;
      worldLine = n;
      state = emptyObservation(config);
      return;
    }
    const s = state!;
    checkShape(n, r);
    switch (r.t) {
      case 'world':
        throw new TraceFormatError(n, 'a second world record');
      case 'stimulus':
      case 'recv':
      case 'lost': {
        close();
        const base = state!;
        current = clone(base);
        if (r.t === 'stimulus') {
          open = { stimulus: r.stimulus, line: n, cause: r, effects: [] };
        } else {
          const index = base.inFlight.findIndex((p) => samePdu(p, r.pdu));
          if (index < 0) throw new TraceFormatError(n, `${r.t} of ${r.pdu.type} ${r.pdu.src}→${r.pdu.dst} that was never sent (or already delivered)`);
          open = { stimulus: r.t === 'recv' ? { kind: 'deliver', index } : { kind: 'drop', index }, line: n, cause: r, effects: [] };
          current.inFlight.splice(index, 1);
        }
        return;
      }
      default:
        break;
    }
    if (current === undefined || open === undefined) throw new TraceFormatError(n, `"${r.t}" before any stimulus, recv or lost record: nothing caused it`);
    open.effects.push({ line: n, record: r });
    switch (r.t) {
      case 'send':
        current.inFlight.push(r.pdu);
        return;
      case 'sa':
      case 'sa-deleted': {
        const mn = current.mns.find((m) => m.id === r.entity);
        const pos = current.poss.find((p) => p.id === r.entity);
        const owner = mn ?? pos;
        if (owner === undefined) throw new TraceFormatError(n, `unknown entity ${r.entity}`);
        const peer = r.t === 'sa' ? r.sa.peer : r.peer;
        // A PoS keeps one SA per MN; an MN one per PoS (state serving or prepared).
        const keep = owner.sas.filter((x) => x.peer !== peer);
        owner.sas = r.t === 'sa' ? [...keep, r.sa] : keep;
        return;
      }
      case 'mn': {
        const m = current.mns.find((x) => x.id === r.mn);
        if (m === undefined) throw new TraceFormatError(n, `unknown MN ${r.mn}`);
        m.lifecycle = r.lifecycle;
        m.attachedTo = r.attachedTo;
        return;
      }
      default:
        throw new TraceFormatError(n, `unknown record type ${JSON.stringify((r as { t: string }).t)}`);
    }
    void s;
  });
  close();
  if (config === undefined) throw new TraceFormatError(1, 'empty trace: the first record must be {"t":"world",…}');
  return { config, worldLine, initial: emptyObservation(config), steps };
}

/** The records a recorded run implies (to write a trace from a check run, and for tests). */
export function traceRecords(config: WorldConfig, initial: Observation, steps: readonly RecordedStep[]): TraceRecord[] {
  const out: TraceRecord[] = [{ t: 'world', world: config }];
  let prev = initial;
  for (const { stimulus: s, observation: next } of steps) {
    let remaining = [...prev.inFlight];
    if (s.kind === 'deliver' || s.kind === 'drop') {
      const p = prev.inFlight[s.index];
      if (p !== undefined) out.push({ t: s.kind === 'deliver' ? 'recv' : 'lost', pdu: p });
      remaining.splice(s.index, 1);
    } else if (s.kind === 'duplicate' || s.kind === 'corrupt') {
      // Network faults are invisible to a deployment log; such runs are not exported.
      throw new RangeError('traceRecords: network faults cannot be written as a deployment trace');
    } else {
      out.push({ t: 'stimulus', stimulus: s });
    }
    for (const p of next.inFlight.slice(remaining.length)) out.push({ t: 'send', pdu: p });
    remaining = [];
    for (const owner of [...next.mns, ...next.poss]) {
      const before = [...prev.mns, ...prev.poss].find((x) => x.id === owner.id);
      for (const sa of owner.sas) {
        const old = before?.sas.find((x) => x.peer === sa.peer);
        if (JSON.stringify(old) !== JSON.stringify(sa)) out.push({ t: 'sa', entity: owner.id, sa });
      }
      for (const old of before?.sas ?? []) if (!owner.sas.some((x) => x.peer === old.peer)) out.push({ t: 'sa-deleted', entity: owner.id, peer: old.peer });
    }
    for (const m of next.mns) {
      const old = prev.mns.find((x) => x.id === m.id);
      if (old?.lifecycle !== m.lifecycle || old.attachedTo !== m.attachedTo) out.push({ t: 'mn', mn: m.id, lifecycle: m.lifecycle, attachedTo: m.attachedTo });
    }
    prev = next;
  }
  return out;
}
