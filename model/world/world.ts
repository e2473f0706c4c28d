// The world of docs/protocol.md: operator domains with one PoS each, mobile nodes, and the PDUs
// in flight. It is plain JSON data; `step` is a pure function from a world and an event to the
// next world. Machines hold the protocol; this module only composes them: it routes stimuli
// and delivered PDUs to the machine they concern, appends what the machines send to the
// in-flight list (in emission order), and carries the off-the-wire exchanges (AAA with the
// HPoS, the TPoS role handing over to the SPoS role) within the step that caused them.

import type { LocalSnapshot, MachineEvent, MachineKind, MemoizedMachine } from '../machines/memo.ts';
import { canonicalOfObject, localized } from '../machines/memo.ts';
import type { Emitted } from '../machines/common.ts';
import { mnLifecycle, type MnContext } from '../machines/mn.ts';
import type { SposContext } from '../machines/spos.ts';
import type { TposContext } from '../machines/tpos.ts';
import { Fnv64, keyClass } from '../keys.ts';
import { type InFlightPdu, marked, type Pdu, pduView, unmarked } from '../pdus.ts';
import type {
  DiscardCause, DomainId, HandoverOutcome, MnLifecycle, MnView, ModelView, ModelWorldConfig, PduView, PosView, SaRecord, SaView, Token,
} from '../types.ts';
import { resolveVariant, type Variant } from '../variants.ts';
import type { Localized } from './canonical.ts';
import { checkConfig } from './config.ts';
import { intactCause, spoiltCause, type ReceiverState } from './discard-cause.ts';
import { ModelError } from './errors.ts';
import { ALL_FAULT_KINDS, CORRUPTIONS, FAULT_KINDS, LIES, REDELIVERY_HISTORY, TAMPERS, type FaultKind, type WorldEvent } from './events.ts';
import { lieAbout, tamperable } from './lower-tester.ts';
import { machinesFor, type WorldMachines } from './machines.ts';

export type { ModelWorldConfig, ModelView, HandoverOutcome, Variant, WorldEvent, FaultKind };
export { ModelError } from './errors.ts';

/** A-REPLAY: an (SPoS, Nonce-N) pair a TPoS has seen. */
export interface ReplayEntry {
  readonly spos: DomainId;
  readonly nonceN: Token;
}

/** One PoS: its policy, its replay cache, and its SPoS and TPoS roles for each MN (by MN index). */
export interface PosState {
  readonly requestsFallback: boolean;
  readonly replayCache: readonly ReplayEntry[];
  readonly spos: readonly LocalSnapshot[];
  readonly tpos: readonly LocalSnapshot[];
}

export interface World {
  readonly config: ModelWorldConfig;
  readonly variant: Variant;
  /** Network faults enabled in this world (all of them in a conformance run). */
  readonly faults: readonly FaultKind[];
  /**
   * How many fresh tokens each source has drawn (tokenSources): a source's next draw names a
   * token no source ever drew. Each machine draws on its own count, so a machine's tokens
   * depend on its own history only, not on how other machines' steps interleaved with it.
   */
  readonly fresh: readonly number[];
  /** MN machines, by MN index (config order). */
  readonly mns: readonly LocalSnapshot[];
  /** HPoS role for each MN, by MN index. */
  readonly hpos: readonly LocalSnapshot[];
  /** PoSs, by domain index (config order). */
  readonly poss: readonly PosState[];
  /** PDUs in flight, in emission order (docs/protocol.md §4), with the network's marks. */
  readonly inFlight: readonly InFlightPdu[];
  /** What re-delivery needs, only in a world whose alphabet has `redeliver` (explorer worlds stay as they were). */
  readonly redelivery?: Redelivery;
}

/** The lower tester's delivery history and the PoSs' MN-request caches (docs/protocol.md §5.3). */
export interface Redelivery {
  /** The intact PDUs delivered so far, oldest first, the last REDELIVERY_HISTORY of them. */
  readonly delivered: readonly InFlightPdu[];
  /**
   * A-REPLAY, the MN-request cache of §5.3, by domain index: the Nonce-N of every MIS_Auth and
   * MIS_Prereg_Xfer request the PoS took up. It survives every SA change, so a request delivered
   * again after its SA was replaced or deleted is still a duplicate (tokens are never drawn twice,
   * so Nonce-N alone names the (MN, Nonce-N) pair).
   */
  readonly mnRequests: readonly (readonly Token[])[];
}

export interface WorldOptions {
  /** Network faults in the alphabet; default: all (docs/protocol.md §3). [] for a reliable network. */
  readonly faults?: readonly FaultKind[];
}

/** A transition of one machine taken during a step. */
export interface FiredTransition {
  readonly machine: MachineKind;
  /** `mn1` for an MN or its HPoS role, `A/mn1` for the role of PoS A for mn1. */
  readonly owner: string;
  /** transitionId of model/machines/memo.ts. */
  readonly transition: string;
}

/** What happened in one step, beyond the next world. */
export interface StepRecord {
  readonly event: WorldEvent;
  /** The PDU delivered (deliver), lost (drop), copied (duplicate) or corrupted (corrupt). */
  readonly delivered: PduView | null;
  /** The delivered PDU did not fit the receiver's state and was discarded without effect (§5). */
  readonly discarded: boolean;
  /** PDUs appended to the in-flight list, in emission order. */
  readonly emitted: readonly PduView[];
  /** Set when the MN learnt how its handover goes (docs/protocol.md §7). */
  readonly outcome: HandoverOutcome | null;
  readonly fired: readonly FiredTransition[];
}

// ---- construction ----------------------------------------------------------------------------

export function initialWorld(config: ModelWorldConfig, variant: Partial<Variant> = {}, options: WorldOptions = {}): World {
  checkConfig(config);
  const v = resolveVariant(variant);
  const faults = ALL_FAULT_KINDS.filter((f) => (options.faults ?? FAULT_KINDS).includes(f));
  for (const f of options.faults ?? []) {
    if (!ALL_FAULT_KINDS.includes(f)) throw new ModelError('BAD_CONFIG', `unknown network fault ${String(f)}`);
  }
  const m = machinesFor(config, v);
  return {
    config,
    variant: v,
    faults,
    fresh: new Array<number>(tokenSources(config)).fill(0),
    mns: m.mn.map((x) => x.initialSnapshot()),
    hpos: m.hpos.map((x) => x.initialSnapshot()),
    poss: config.domains.map((d, j) => ({
      requestsFallback: d.requestsFallback,
      replayCache: [],
      spos: (m.spos[j] ?? []).map((x) => x.initialSnapshot()),
      tpos: (m.tpos[j] ?? []).map((x) => x.initialSnapshot()),
    })),
    inFlight: [],
    ...(faults.includes('redeliver') ? { redelivery: { delivered: [], mnRequests: config.domains.map(() => []) } } : {}),
  };
}

// ---- reading a world ---------------------------------------------------------------------------

function mnContext(w: World, i: number): MnContext {
  return at(w.mns, i).context as MnContext;
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new ModelError('BAD_EVENT', `index ${i} out of range`);
  return x;
}

/** The MN's lifecycle as docs/protocol.md §7 names it. */
export function lifecycleOf(w: World, mnIndex: number): MnLifecycle {
  return mnLifecycle(at(w.mns, mnIndex).value);
}

/**
 * A-SEQUENTIAL, relaxed (docs/protocol.md §3): a PDU concerning an MN blocks its stimuli, except
 * the TPoS's MIS_N2N_HO_Complete.indication to the old SPoS, a core-network PDU the MN takes no
 * part in: it blocks only `complete`, so that the indication can be overtaken by the MN's next
 * preparation but never by its next completion (F-16: a late indication at a PoS the MN has
 * come back to and serves again would delete the new serving SA).
 */
export function blocksEveryStimulus(p: { readonly type: string }): boolean {
  return p.type !== 'MIS_N2N_HO_Complete.indication';
}

/** Whether the relaxed A-SEQUENTIAL holds: with the lower tester's re-delivery, the alphabet of a conformance run. */
function overtaking(w: World): boolean {
  return w.redelivery !== undefined;
}

function busyMns(w: World): { readonly busy: Set<string>; readonly completing: Set<string> } {
  const busy = new Set<string>();
  const completing = new Set<string>();
  for (const p of w.inFlight) (!overtaking(w) || blocksEveryStimulus(p) ? busy : completing).add(p.mn);
  return { busy, completing };
}

// ---- enabled events ----------------------------------------------------------------------------

/**
 * The events enabled in `w` (docs/protocol.md §3), in a deterministic order: per MN in config
 * order its stimuli, then one setFallbackPolicy per domain (the one that changes the policy),
 * then deliver for each in-flight index, then the network faults: drop each, duplicate each not
 * yet duplicated, corrupt each not yet corrupted (in the three ways). `step` also accepts the
 * no-op left out here: setting a policy to the value it has.
 */
export function enabled(w: World): WorldEvent[] {
  const out: WorldEvent[] = [];
  const { busy, completing } = busyMns(w);
  const domains = w.config.domains;
  w.config.mns.forEach((mn, i) => {
    // A-SEQUENTIAL: per MN, procedures are sequential.
    if (busy.has(mn.id)) return;
    switch (lifecycleOf(w, i)) {
      case 'detached':
        for (const d of domains) out.push({ kind: 'attach', mn: mn.id, domain: d.id });
        return;
      case 'idle': {
        const here = mnContext(w, i).attachedTo;
        for (const target of [null, ...domains.map((d) => d.id).filter((d) => d !== here)]) {
          out.push({ kind: 'handover', mn: mn.id, target, fallback: false });
          out.push({ kind: 'handover', mn: mn.id, target, fallback: true });
        }
        return;
      }
      case 'prepared':
        // A-SEQUENTIAL: no completion overtakes the indication of the previous one (F-16).
        if (!completing.has(mn.id)) out.push({ kind: 'complete', mn: mn.id });
        return;
      case 'waiting':
        out.push({ kind: 'abort', mn: mn.id });
        return;
    }
  });
  domains.forEach((d, j) => out.push({ kind: 'setFallbackPolicy', domain: d.id, on: !at(w.poss, j).requestsFallback }));
  for (let k = 0; k < w.inFlight.length; k++) out.push({ kind: 'deliver', index: k });
  const faults = w.faults;
  if (faults.includes('drop')) for (let k = 0; k < w.inFlight.length; k++) out.push({ kind: 'drop', index: k });
  if (faults.includes('duplicate')) {
    w.inFlight.forEach((p, k) => { if (p.duplicated !== true) out.push({ kind: 'duplicate', index: k }); });
  }
  if (faults.includes('corrupt')) {
    w.inFlight.forEach((p, k) => { if (p.corrupted !== true) for (const how of CORRUPTIONS) out.push({ kind: 'corrupt', index: k, how }); });
  }
  if (faults.includes('tamper')) {
    w.inFlight.forEach((p, k) => { for (const how of TAMPERS) if (tamperable(p, how)) out.push({ kind: 'tamper', index: k, how }); });
  }
  if (faults.includes('lie')) {
    w.inFlight.forEach((p, k) => { for (const what of LIES) if (lieAbout(p, what, w.config.chainLimit) !== null) out.push({ kind: 'lie', index: k, what }); });
  }
  if (w.redelivery !== undefined) {
    w.redelivery.delivered.forEach((p, k) => { if (redeliverable(w, p)) out.push({ kind: 'redeliver', index: k }); });
  }
  return out;
}

/**
 * docs/protocol.md §3: any PDU of the history may come again, but an old completion indication
 * not at a PoS that serves its MN again: it would delete the new serving SA (F-16, a defect of
 * the clause that the profile does not remedy), so conformance runs keep it out.
 */
function redeliverable(w: World, p: InFlightPdu): boolean {
  if (p.type !== 'MIS_N2N_HO_Complete.indication') return true;
  const j = w.config.domains.findIndex((d) => d.id === p.dst);
  const i = w.config.mns.findIndex((m) => m.id === p.mn);
  if (j < 0 || i < 0) return true;
  return (at(at(w.poss, j).spos, i).context as SposContext).sa?.state !== 'serving';
}

function notEnabled(e: WorldEvent, why: string): never {
  throw new ModelError('NOT_ENABLED', `${JSON.stringify(e)}: ${why}`);
}

function badEvent(e: unknown, why: string): never {
  throw new ModelError('BAD_EVENT', `${JSON.stringify(e)}: ${why}`);
}

function mnIndexOf(m: WorldMachines, e: WorldEvent, mn: unknown): number {
  const i = typeof mn === 'string' ? m.mnIndex.get(mn) : undefined;
  return i ?? badEvent(e, `unknown mn ${String(mn)}`);
}

function domainIndexOf(m: WorldMachines, e: WorldEvent, d: unknown): number {
  const j = typeof d === 'string' ? m.domainIndex.get(d) : undefined;
  return j ?? badEvent(e, `unknown domain ${String(d)}`);
}

function indexIn(w: World, e: WorldEvent, index: unknown): number {
  if (!Number.isInteger(index)) badEvent(e, 'index must be an integer');
  const k = index as number;
  if (k < 0 || k >= w.inFlight.length) notEnabled(e, `no PDU in flight at index ${k}`);
  return k;
}

/** A-SEQUENTIAL: no stimulus for MN m while a PDU concerning m is in flight (an indication blocks only `complete`). */
function sequential(w: World, e: WorldEvent, mn: string): void {
  for (const p of w.inFlight) {
    if (p.mn === mn && (e.kind === 'complete' || !overtaking(w) || blocksEveryStimulus(p))) notEnabled(e, `a ${p.type} concerning ${mn} is in flight`);
  }
}

/** Throws the ModelError `step` would throw for `e`, or returns normally if `e` is enabled. */
export function checkEnabled(w: World, e: WorldEvent): void {
  if (typeof e !== 'object' || e === null) badEvent(e, 'an event is an object');
  const m = machinesFor(w.config, w.variant);
  switch (e.kind) {
    case 'attach': {
      const i = mnIndexOf(m, e, e.mn);
      domainIndexOf(m, e, e.domain);
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'detached') notEnabled(e, `${e.mn} is not detached`);
      return;
    }
    case 'handover': {
      const i = mnIndexOf(m, e, e.mn);
      if (e.target !== null) domainIndexOf(m, e, e.target);
      if (typeof e.fallback !== 'boolean') badEvent(e, 'fallback must be a boolean');
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'idle') notEnabled(e, `${e.mn} is not attached and idle`);
      if (e.target === mnContext(w, i).attachedTo) notEnabled(e, `${e.mn} is already attached to ${e.target}`);
      return;
    }
    case 'complete': {
      const i = mnIndexOf(m, e, e.mn);
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'prepared') notEnabled(e, `${e.mn} holds no prepared SA`);
      return;
    }
    case 'abort': {
      const i = mnIndexOf(m, e, e.mn);
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'waiting') notEnabled(e, `${e.mn} is not waiting for an answer`);
      return;
    }
    case 'setFallbackPolicy':
      domainIndexOf(m, e, e.domain);
      if (typeof e.on !== 'boolean') badEvent(e, 'on must be a boolean');
      return;
    case 'deliver':
      indexIn(w, e, e.index);
      return;
    case 'drop':
    case 'duplicate':
    case 'corrupt': {
      if (e.kind === 'corrupt' && !CORRUPTIONS.includes(e.how)) badEvent(e, `unknown corruption ${String(e.how)}`);
      if (!w.faults.includes(e.kind)) notEnabled(e, `the network fault ${e.kind} is not enabled in this world`);
      const k = indexIn(w, e, e.index);
      if (e.kind === 'duplicate' && at(w.inFlight, k).duplicated === true) notEnabled(e, `the PDU at ${k} was duplicated before`);
      // §3: a second corruption could undo the first
      if (e.kind === 'corrupt' && at(w.inFlight, k).corrupted === true) notEnabled(e, `the PDU at ${k} was corrupted before`);
      return;
    }
    case 'redeliver': {
      if (w.redelivery === undefined) notEnabled(e, 'the lower tester\'s redeliver is not enabled in this world');
      if (!Number.isInteger(e.index)) badEvent(e, 'index must be an integer');
      const p = w.redelivery.delivered[e.index];
      if (p === undefined) notEnabled(e, `no delivered PDU at history index ${e.index}`);
      if (!redeliverable(w, p)) notEnabled(e, `the old ${p.type} would reach a PoS serving ${p.mn} again (F-16)`);
      return;
    }
    case 'tamper':
    case 'lie': {
      if (e.kind === 'tamper' && !TAMPERS.includes(e.how)) badEvent(e, `unknown tampering ${String(e.how)}`);
      if (e.kind === 'lie' && !LIES.includes(e.what)) badEvent(e, `unknown lie ${String(e.what)}`);
      if (!w.faults.includes(e.kind)) notEnabled(e, `the lower tester's ${e.kind} is not enabled in this world`);
      const p = at(w.inFlight, indexIn(w, e, e.index));
      if (e.kind === 'tamper' && !tamperable(p, e.how)) notEnabled(e, `${e.how} does not apply to this ${p.type}${p.corrupted === true ? ' (corrupted)' : ''}`);
      if (e.kind === 'lie' && lieAbout(p, e.what, w.config.chainLimit) === null) notEnabled(e, `${e.what} says nothing of this ${p.type}`);
      return;
    }
    default:
      badEvent(e, `unknown event kind ${String((e as { kind?: unknown }).kind)}`);
  }
}

// ---- stepping ----------------------------------------------------------------------------------

type Address =
  | { readonly kind: 'mn' | 'hpos'; readonly mn: number }
  | { readonly kind: 'spos' | 'tpos'; readonly pos: number; readonly mn: number };

// ---- fresh tokens --------------------------------------------------------------------------------
// A fresh value is drawn by a source: one per machine (MN, HPoS role, SPoS and TPoS roles, in
// that order, by MN and then PoS index) and, last, the network's adversary (model/adversary).
// Draw n of source s is the token `#(n·S + s)` for S sources: distinct for distinct (s, n), so
// no draw repeats an earlier one, and a machine that lives the same history in two runs draws
// the same tokens whatever the other machines did meanwhile (its memoized answers and
// everything cached on them are then shared between the runs).

/** The number of token sources of a configuration: every machine, then the adversary. */
export function tokenSources(config: ModelWorldConfig): number {
  const M = config.mns.length;
  return 2 * M + 2 * config.domains.length * M + 1;
}

function sourceOf(config: ModelWorldConfig, a: Address): number {
  const M = config.mns.length;
  switch (a.kind) {
    case 'mn': return a.mn;
    case 'hpos': return M + a.mn;
    case 'spos': return 2 * M + a.pos * M + a.mn;
    case 'tpos': return 2 * M + (config.domains.length + a.pos) * M + a.mn;
  }
}

/** Source `source`'s next token, and the counts after drawing it. */
function draw(fresh: readonly number[], source: number): { readonly token: Token; readonly fresh: readonly number[] } {
  const n = fresh[source];
  if (n === undefined) throw new ModelError('MACHINE_FAILURE', `no token source ${source} in a world of ${fresh.length}`);
  const next = fresh.slice();
  next[source] = n + 1;
  return { token: `#${n * fresh.length + source}`, fresh: next };
}

/** A token the network's adversary draws (model/adversary/world.ts: an injected PDU's nonce). */
export function drawAdversaryToken(w: World): { readonly token: Token; readonly fresh: readonly number[] } {
  return draw(w.fresh, w.fresh.length - 1);
}

const SA_SUPERSEDED = { type: 'saSuperseded' } as const;
const SA_SUPERSEDED_TEXT = '{"type":"saSuperseded"}';

/**
 * The world being built by one step: arrays are copied on first write (structural sharing), so
 * an unchanged array keeps its identity from one world to the next and whatever is cached per
 * object (views, keys) carries over.
 */
class Draft {
  mns: readonly LocalSnapshot[];
  hpos: readonly LocalSnapshot[];
  poss: readonly PosState[];
  inFlight: readonly InFlightPdu[];
  redelivery: Redelivery | undefined;
  private mnsOwned = false;
  private hposOwned = false;
  private possOwned = false;
  private inFlightOwned = false;
  /** PoSs copied with their own arrays (`pos`), and PoSs copied sharing them (`setPolicy`); made on first use. */
  private copiedPos: Set<number> | null = null;
  private policyCopiedPos: Set<number> | null = null;
  fresh: readonly number[];
  readonly emitted: Pdu[] = [];
  readonly fired: FiredTransition[] = [];
  outcome: HandoverOutcome | null = null;
  /** The step looked at a PoS's fallback policy (see stepWithRecord's `readPolicy`). */
  readPolicy = false;

  constructor(readonly w: World, readonly m: WorldMachines, readonly recording: boolean) {
    this.mns = w.mns;
    this.hpos = w.hpos;
    this.poss = w.poss;
    this.inFlight = w.inFlight;
    this.redelivery = w.redelivery;
    this.fresh = w.fresh;
  }

  /** docs/protocol.md §3: an intact PDU just delivered joins the history (bounded, oldest out). */
  remember(p: InFlightPdu): void {
    if (this.redelivery === undefined || p.corrupted === true) return;
    this.redelivery = { ...this.redelivery, delivered: [...this.redelivery.delivered, p].slice(-REDELIVERY_HISTORY) };
  }

  /** A-REPLAY (§5.3): whether PoS `j` took up an MN request with this Nonce-N before. */
  /** What the checks of §5.2 read of the receiver of `p` (model/world/discard-cause.ts); null for an unknown one. */
  receiverOf(p: Pdu): ReceiverState | null {
    const mn = this.m.mnIndex.get(p.mn);
    if (mn === undefined) return null;
    if (p.type === 'MIS_Auth.response' || p.type === 'MIS_Prereg_Xfer.response') {
      const pending = (this.get({ kind: 'mn', mn }).context as MnContext).pending;
      const open = pending === null ? null
        : pending.step === 'prereg' ? { answer: 'MIS_Prereg_Xfer.response', from: pending.spos } as const
        : { answer: 'MIS_Auth.response', from: pending.pos } as const;
      return { pending: open, sa: null, relay: null, knownRequest: false };
    }
    const pos = this.m.domainIndex.get(p.dst);
    if (pos === undefined) return null;
    const spos = this.get({ kind: 'spos', pos, mn }).context as SposContext;
    const tpos = this.get({ kind: 'tpos', pos, mn }).context as TposContext;
    // The PoS holds one SA with an MN: its SPoS role's or its TPoS role's (the other is superseded).
    if (spos.sa !== null && tpos.sa !== null) return null;
    const sa = spos.sa ?? tpos.sa;
    const knownRequest = (p.type === 'MIS_Auth.request' || p.type === 'MIS_Prereg_Xfer.request') && this.seenMnRequest(pos, p.nonceN);
    return {
      pending: null,
      sa: sa === null ? null : { state: sa.state, key: sa.key.id },
      relay: spos.relay === null ? null : { tpos: spos.relay.tpos, nonceN: spos.relay.nonceN },
      knownRequest,
    };
  }

  private seenMnRequest(j: number, nonceN: Token): boolean {
    return this.redelivery !== undefined && at(this.redelivery.mnRequests, j).includes(nonceN);
  }

  private takeUpMnRequest(j: number, nonceN: Token): void {
    if (this.redelivery === undefined) return;
    const mnRequests = this.redelivery.mnRequests.slice();
    mnRequests[j] = [...at(mnRequests, j), nonceN];
    this.redelivery = { ...this.redelivery, mnRequests };
  }

  /** The in-flight list, writable (copied on first write). */
  flight(): InFlightPdu[] {
    if (!this.inFlightOwned) {
      this.inFlight = this.inFlight.slice();
      this.inFlightOwned = true;
    }
    return this.inFlight as InFlightPdu[];
  }

  private possW(): PosState[] {
    if (!this.possOwned) {
      this.poss = this.poss.slice();
      this.possOwned = true;
    }
    return this.poss as PosState[];
  }

  /** A fresh token drawn by the machine at `a`. */
  freshToken(a: Address): Token {
    const d = draw(this.fresh, sourceOf(this.w.config, a));
    this.fresh = d.fresh;
    return d.token;
  }

  private machine(a: Address): MemoizedMachine {
    switch (a.kind) {
      case 'mn': return at(this.m.mn, a.mn);
      case 'hpos': return at(this.m.hpos, a.mn);
      case 'spos': return at(at(this.m.spos, a.pos), a.mn);
      case 'tpos': return at(at(this.m.tpos, a.pos), a.mn);
    }
  }

  private get(a: Address): LocalSnapshot {
    switch (a.kind) {
      case 'mn': return at(this.mns, a.mn);
      case 'hpos': return at(this.hpos, a.mn);
      case 'spos': return at(at(this.poss, a.pos).spos, a.mn);
      case 'tpos': return at(at(this.poss, a.pos).tpos, a.mn);
    }
  }

  /** Copy-on-write access to a PoS. */
  pos(j: number): { -readonly [K in keyof PosState]: PosState[K] extends readonly (infer T)[] ? T[] : PosState[K] } {
    const p = at(this.poss, j);
    if (this.copiedPos?.has(j) !== true) {
      (this.copiedPos ??= new Set()).add(j);
      const copy = { requestsFallback: p.requestsFallback, replayCache: p.replayCache.slice(), spos: p.spos.slice(), tpos: p.tpos.slice() };
      this.possW()[j] = copy;
      return copy;
    }
    return p as ReturnType<Draft['pos']>;
  }

  /** Sets a PoS's fallback policy; its role and cache arrays stay shared with the old world. */
  setPolicy(j: number, on: boolean): void {
    const p = at(this.poss, j);
    this.readPolicy = true;
    if (p.requestsFallback === on) return;
    if (this.copiedPos?.has(j) === true || this.policyCopiedPos?.has(j) === true) {
      (p as { requestsFallback: boolean }).requestsFallback = on;
      return;
    }
    (this.policyCopiedPos ??= new Set()).add(j);
    this.possW()[j] = { requestsFallback: on, replayCache: p.replayCache, spos: p.spos, tpos: p.tpos };
  }

  private set(a: Address, s: LocalSnapshot): void {
    switch (a.kind) {
      case 'mn':
        if (!this.mnsOwned) {
          this.mns = this.mns.slice();
          this.mnsOwned = true;
        }
        (this.mns as LocalSnapshot[])[a.mn] = s;
        return;
      case 'hpos':
        if (!this.hposOwned) {
          this.hpos = this.hpos.slice();
          this.hposOwned = true;
        }
        (this.hpos as LocalSnapshot[])[a.mn] = s;
        return;
      case 'spos': this.pos(a.pos).spos[a.mn] = s; return;
      case 'tpos': this.pos(a.pos).tpos[a.mn] = s; return;
    }
  }

  private owner(a: Address): string {
    const mn = at(this.w.config.mns, a.mn).id;
    if (a.kind === 'spos' || a.kind === 'tpos') return `${at(this.w.config.domains, a.pos).id}/${mn}`;
    return mn;
  }

  /** Runs one machine on one event and routes what it emits. Returns whether it handled the event. */
  run(a: Address, event: MachineEvent, eventText?: string): boolean {
    const before = this.get(a);
    const r = this.machine(a).run(before, event, eventText);
    if (r.snapshot !== before) this.set(a, r.snapshot);
    if (this.recording && r.fired.length > 0) {
      const owner = this.owner(a);
      for (const t of r.fired) this.fired.push({ machine: a.kind, owner, transition: t });
    }
    for (const e of r.emitted) this.route(a, e);
    return r.fired.length > 0;
  }

  /**
   * A call that must be answered (off-the-wire exchanges are reliable). `eventText` is the
   * event's canonical JSON, built from the canonical text cached on the objects it carries.
   */
  private call(a: Address, event: MachineEvent, eventText: string): void {
    if (!this.run(a, event, eventText)) {
      throw new ModelError('MACHINE_FAILURE', `${a.kind} of ${this.owner(a)} did not handle ${event.type}`);
    }
  }

  private route(from: Address, e: Emitted): void {
    switch (e.type) {
      case 'send':
        this.flight().push(e.pdu);
        if (this.recording) this.emitted.push(e.pdu);
        return;
      case 'outcome':
        this.outcome = e.outcome;
        return;
      case 'askHome':
        this.call({ kind: 'hpos', mn: from.mn }, { type: e.request.op, request: e.request }, `{"request":${canonicalOfObject(e.request)},"type":${JSON.stringify(e.request.op)}}`);
        return;
      case 'answerCaller': {
        const pos = this.m.domainIndex.get(e.caller.pos);
        if (pos === undefined) throw new ModelError('MACHINE_FAILURE', `HPoS answered unknown PoS ${e.caller.pos}`);
        this.call({ kind: e.caller.role, pos, mn: from.mn }, e.answer, canonicalOfObject(e.answer));
        return;
      }
      case 'takeOver':
        if (from.kind !== 'tpos') throw new ModelError('MACHINE_FAILURE', `${from.kind} cannot hand over a serving role`);
        this.call({ kind: 'spos', pos: from.pos, mn: from.mn }, { type: 'takeOver', sa: e.sa }, `{"sa":${canonicalOfObject(e.sa)},"type":"takeOver"}`);
        return;
      case 'supersede':
        // The TPoS role made an SA with the MN: the SPoS role of the same PoS forgets the SA it
        // still held with that MN, if any (only a stale one can be left there: after a loss).
        if (from.kind !== 'tpos') throw new ModelError('MACHINE_FAILURE', `${from.kind} cannot supersede an SA`);
        this.run({ kind: 'spos', pos: from.pos, mn: from.mn }, SA_SUPERSEDED, SA_SUPERSEDED_TEXT);
        return;
      case 'rememberNonce':
        if (from.kind !== 'tpos') throw new ModelError('MACHINE_FAILURE', `${from.kind} has no replay cache`);
        this.pos(from.pos).replayCache.push({ spos: e.spos, nonceN: e.nonceN });
        return;
    }
  }

  /** Delivers a PDU to the machine it concerns; returns false if it was discarded. */
  deliver(p: Pdu): boolean {
    const mn = this.m.mnIndex.get(p.mn);
    if (mn === undefined) return false;
    switch (p.type) {
      case 'MIS_Auth.response':
      case 'MIS_Prereg_Xfer.response':
        return p.dst === p.mn && this.receive({ kind: 'mn', mn }, p);
      default: {
        const pos = this.m.domainIndex.get(p.dst);
        if (pos === undefined) return false;
        switch (p.type) {
          case 'MIS_Auth.request':
            // A-REPLAY (§5.3): a request the PoS took up before is a duplicate, whatever its SAs now.
            if (this.seenMnRequest(pos, p.nonceN)) return false;
            if (!this.receive({ kind: p.purpose === 'attach' ? 'spos' : 'tpos', pos, mn }, p)) return false;
            this.takeUpMnRequest(pos, p.nonceN);
            return true;
          case 'MIS_N2N_Prereg_Xfer.request': {
            const here = at(this.poss, pos);
            // A-REPLAY: the PoS looks (SPoS, Nonce-N) up in its replay cache for its TPoS role.
            const replayed = here.replayCache.some((r) => r.spos === p.src && r.nonceN === p.nonceN);
            this.readPolicy = true;
            return this.receive({ kind: 'tpos', pos, mn }, p, { replayed, requestsFallback: here.requestsFallback });
          }
          case 'MIS_HO_Complete.request':
            return this.receive({ kind: 'tpos', pos, mn }, p);
          case 'MIS_Prereg_Xfer.request':
            if (this.seenMnRequest(pos, p.nonceN)) return false;
            if (!this.receive({ kind: 'spos', pos, mn }, p)) return false;
            this.takeUpMnRequest(pos, p.nonceN);
            return true;
          case 'MIS_N2N_Prereg_Xfer.response':
          case 'MIS_N2N_HO_Complete.indication':
            return this.receive({ kind: 'spos', pos, mn }, p);
        }
      }
    }
  }

  /** The machine at `a` receives `p`, with a fresh token it may draw on and the PoS's `extra` facts. */
  private receive(a: Address, p: Pdu, extra?: { readonly replayed: boolean; readonly requestsFallback: boolean }): boolean {
    const fresh = this.freshToken(a);
    if (extra === undefined) return this.run(a, { type: p.type, pdu: p, fresh }, deliveryText(p, fresh));
    return this.run(a, { type: p.type, pdu: p, fresh, ...extra }, deliveryText(p, fresh, `,"replayed":${extra.replayed},"requestsFallback":${extra.requestsFallback}`));
  }

  finish(): World {
    const w = this.w;
    return {
      config: w.config, variant: w.variant, faults: w.faults, fresh: this.fresh,
      mns: this.mns, hpos: this.hpos, poss: this.poss, inFlight: this.inFlight,
      ...(this.redelivery === undefined ? {} : { redelivery: this.redelivery }),
    };
  }
}

/** The canonical text of a delivery event, built from the PDU's cached canonical JSON (the memo key). */
function deliveryText(p: Pdu, fresh: Token, extra = ''): string {
  return `{"fresh":"${fresh}","pdu":${canonicalOfObject(p)}${extra},"type":"${p.type}"}`;
}

const NO_PDUS: readonly PduView[] = [];

/**
 * Like `step`, and also says what happened. `readPolicy`: whether the step looked at a PoS's
 * fallback policy. A step that did not gives, from any world that differs only in policies, the
 * same next world but for the policies, which it leaves as they were (the explorer shares such
 * steps among policy siblings: harness/explore/sibling-steps.ts).
 */
export function stepWithRecord(w: World, e: WorldEvent): { readonly world: World; readonly record: StepRecord; readonly readPolicy: boolean } {
  const { world, draft, delivered, discarded } = advance(w, e, true);
  const record: StepRecord = {
    event: e,
    delivered: delivered === null ? null : pduView(delivered),
    discarded,
    emitted: draft.emitted.length === 0 ? NO_PDUS : draft.emitted.map(pduView),
    outcome: draft.outcome,
    fired: draft.fired,
  };
  return { world, record, readPolicy: draft.readPolicy };
}

interface Advanced {
  readonly world: World;
  readonly draft: Draft;
  readonly delivered: InFlightPdu | null;
  readonly discarded: boolean;
}

/**
 * Why the receiver of the PDU `e` delivers in `w` discards it, where the model can tell
 * (model/world/discard-cause.ts, docs/protocol.md §5.2); null where it cannot, or `e` delivers
 * nothing. Read off `w`, the world before the step, and only by an observer that asks: stepping
 * never pays for it (the explorer does not).
 */
export function discardCauseOf(w: World, e: WorldEvent): DiscardCause | null {
  const m = machinesFor(w.config, w.variant);
  const receiver = (p: Pdu): DiscardCause | null => {
    const r = new Draft(w, m, false).receiverOf(p);
    return r === null ? null : intactCause(p, r);
  };
  switch (e.kind) {
    case 'deliver': {
      const p = w.inFlight[e.index];
      if (p === undefined) return null;
      // A spoilt PDU fails its tamper way's check where the PDU as sent would have fitted.
      if (p.corrupted === true) return spoiltCause(p.tampered, () => new Draft(w, m, false).deliver(unmarked(p)));
      return receiver(unmarked(p));
    }
    case 'redeliver': {
      const p = w.redelivery?.delivered[e.index];
      return p === undefined ? null : receiver(unmarked(p));
    }
    default:
      return null;
  }
}

function advance(w: World, e: WorldEvent, recording: boolean): Advanced {
  checkEnabled(w, e);
  const m = machinesFor(w.config, w.variant);
  const d = new Draft(w, m, recording);
  let delivered: InFlightPdu | null = null;
  let discarded = false;
  switch (e.kind) {
    case 'attach': {
      const mn: Address = { kind: 'mn', mn: mnIndexOf(m, e, e.mn) };
      const fresh = d.freshToken(mn);
      d.run(mn, { type: 'attach', domain: e.domain, fresh }, `{"domain":${JSON.stringify(e.domain)},"fresh":"${fresh}","type":"attach"}`);
      break;
    }
    case 'handover': {
      const mn: Address = { kind: 'mn', mn: mnIndexOf(m, e, e.mn) };
      const fresh = d.freshToken(mn);
      d.run(
        mn, { type: 'handover', target: e.target, fallback: e.fallback, fresh },
        `{"fallback":${e.fallback},"fresh":"${fresh}","target":${JSON.stringify(e.target)},"type":"handover"}`,
      );
      break;
    }
    case 'complete':
    case 'abort':
      d.run({ kind: 'mn', mn: mnIndexOf(m, e, e.mn) }, { type: e.kind }, `{"type":"${e.kind}"}`);
      break;
    case 'setFallbackPolicy': {
      const j = domainIndexOf(m, e, e.domain);
      d.setPolicy(j, e.on);
      break;
    }
    case 'deliver': {
      delivered = at(d.flight().splice(e.index, 1), 0);
      // §3: a corrupted PDU fails strict decoding, a spoilt one its check; discarded with no effect.
      discarded = delivered.corrupted === true || !d.deliver(unmarked(delivered));
      d.remember(delivered);
      break;
    }
    case 'redeliver': {
      // §3, §5.3: the same PDU again, to its original receiver; the history keeps it as it was.
      delivered = at(w.redelivery?.delivered ?? [], e.index);
      discarded = !d.deliver(unmarked(delivered));
      break;
    }
    case 'drop':
      delivered = at(d.flight().splice(e.index, 1), 0);
      break;
    case 'duplicate': {
      delivered = at(d.inFlight, e.index);
      const copy = marked(delivered, 'duplicated');
      const flight = d.flight();
      flight[e.index] = copy;
      flight.push(copy);
      break;
    }
    case 'corrupt':
      delivered = at(d.inFlight, e.index);
      d.flight()[e.index] = marked(delivered, 'corrupted');
      break;
    case 'tamper':
      // A-DISCARD: a tampered PDU decodes but fails a check; its receiver discards it like a malformed one.
      delivered = at(d.inFlight, e.index);
      d.flight()[e.index] = { ...marked(delivered, 'corrupted'), tampered: e.how };
      break;
    case 'lie':
      delivered = at(d.inFlight, e.index);
      d.flight()[e.index] = lieAbout(delivered, e.what, w.config.chainLimit) ?? notEnabled(e, 'nothing to lie about');
      break;
  }
  return { world: d.finish(), draft: d, delivered, discarded };
}

/** The next world; pure. Throws ModelError (BAD_EVENT / NOT_ENABLED) for an event not enabled. */
export function step(w: World, e: WorldEvent): World {
  return advance(w, e, false).world;
}

/**
 * What `step(before, event)` does besides computing the next world. If `after` is given it
 * must be that next world (same canonical key), else ModelError('BAD_EVENT').
 */
export function stepRecord(before: World, e: WorldEvent, after?: World): StepRecord {
  const r = stepWithRecord(before, e);
  if (after !== undefined && canonicalKey(after) !== canonicalKey(r.world)) {
    throw new ModelError('BAD_EVENT', `${JSON.stringify(e)}: the given world is not the one this event leads to`);
  }
  return r.record;
}

// ---- identity --------------------------------------------------------------------------------

interface Component extends Localized {
  hash?: readonly [number, number];
}

// Component texts recur across worlds (often as the very same string): hash each text once.
const hashOfText = new Map<string, readonly [number, number]>();

function componentHash(c: Component): readonly [number, number] {
  if (c.hash === undefined) {
    let h = hashOfText.get(c.text);
    if (h === undefined) {
      h = new Fnv64().string(c.text).halves();
      if (hashOfText.size > 200_000) hashOfText.clear();
      hashOfText.set(c.text, h);
    }
    (c as { hash?: readonly [number, number] }).hash = h;
  }
  return c.hash as readonly [number, number];
}

/** Receives the parts of a world's identity (see `identity`). */
interface IdentitySink {
  /** A component (an immutable object, with its localized text) or a plain part (`c` null). */
  part(text: string, c: Component | null): void;
  /** The first-appearance rank of the next token of the last component; -1 closes it. */
  rank(r: number): void;
}

class KeyText implements IdentitySink {
  text = '';
  ranks = '';
  part(text: string): void {
    this.text += text + '\u0001';
  }
  rank(r: number): void {
    this.ranks += r < 0 ? ';' : `${r},`;
  }
}

class KeyHash implements IdentitySink {
  readonly h = new Fnv64();
  part(text: string, c: Component | null): void {
    if (c === null) this.h.string(text).unit(1);
    else {
      const [hi, lo] = componentHash(c);
      this.h.uint32(hi).uint32(lo);
    }
  }
  rank(r: number): void {
    this.h.unit(r < 0 ? 0xffff : r);
  }
}

function addComponent(x: object, ranks: Map<string, number>, sink: IdentitySink): void {
  const c = localized(x) as Component;
  sink.part(c.text, c);
  for (const t of c.tokens) {
    let r = ranks.get(t);
    if (r === undefined) {
      r = ranks.size;
      ranks.set(t, r);
    }
    sink.rank(r);
  }
  sink.rank(-1);
}

/**
 * Walks the components of a world in canonical order (MNs, HPoS roles, PoSs with their
 * policy and roles, PDUs in flight, then the live replay-cache entries), giving each one's
 * localized text and the first-appearance rank of each of its tokens in the whole world.
 */
function identity(w: World, sink: IdentitySink): void {
  const m = machinesFor(w.config, w.variant);
  const ranks = new Map<string, number>();
  sink.part(`${m.digest}+${w.faults.join(',')}`, null);
  for (const x of w.mns) addComponent(x, ranks, sink);
  for (const x of w.hpos) addComponent(x, ranks, sink);
  for (const p of w.poss) {
    sink.part(p.requestsFallback ? 'F1' : 'F0', null);
    for (const x of p.spos) addComponent(x, ranks, sink);
    for (const x of p.tpos) addComponent(x, ranks, sink);
  }
  sink.part('|', null);
  for (const p of w.inFlight) addComponent(p, ranks, sink);
  if (w.redelivery !== undefined) {
    sink.part('H', null);
    for (const p of w.redelivery.delivered) addComponent(p, ranks, sink);
  }
  // A replay-cache entry whose Nonce-N appears nowhere else can never match again.
  for (let j = 0; j < w.poss.length; j++) {
    for (const e of at(w.poss, j).replayCache) {
      const r = ranks.get(e.nonceN);
      if (r !== undefined) sink.part(`R${j}:${e.spos}@${r}`, null);
    }
    for (const n of w.redelivery?.mnRequests[j] ?? []) {
      const r = ranks.get(n);
      if (r !== undefined) sink.part(`Q${j}@${r}`, null);
    }
  }
}

/**
 * Canonical serialization of a world: stable key order, fresh tokens named by their first
 * appearance (so the counter and the names the nonces happened to get do not matter),
 * prefixed by a digest of the configuration, variant and network faults. Worlds with equal
 * keys behave alike. A replay-cache entry whose Nonce-N appears nowhere else in the world can
 * never match again (every place a PDU could come back from is part of the world), so it is
 * left out.
 */
export function canonicalKey(w: World): string {
  const k = new KeyText();
  identity(w, k);
  return k.text + '#' + k.ranks;
}

/**
 * A short stable hash of the canonical key (16 hex digits): FNV-1a 64 over the parts of the
 * key, each component entering as the FNV-1a 64 of its text. Equal keys give equal hashes.
 */
export function hashWorld(w: World): string {
  const k = new KeyHash();
  identity(w, k);
  return k.h.hex();
}

// ---- the view --------------------------------------------------------------------------------

// An SA's view is computed once per SaRecord object (they are shared across worlds).
const saViews = new WeakMap<SaRecord, SaView>();

function saView(sa: SaRecord): SaView {
  let v = saViews.get(sa);
  if (v === undefined) {
    v = { peer: sa.peer, idType: sa.idType, root: sa.root, depth: sa.depth, state: sa.state, suite: sa.suite, key: keyClass(sa.key) };
    saViews.set(sa, v);
  }
  return v;
}

/**
 * The world as the harness observes it (same shape as Observation, docs/protocol.md §7).
 * `interned` (default): worlds made of the very same parts get the very same view object. A
 * caller that meets each world once and compares views part by part (a lockstep run) passes
 * false: the parts are still shared, only the whole is a new object, and no trie is grown.
 */
export function view(w: World, interned = true): ModelView {
  return interned ? computeView(w) : partsView(w);
}

/**
 * `view(after)`, given `beforeView = view(before)` of another world: when every part of the
 * world the view reads (the configuration, the MN machines, the PoSs' role machines, the PDUs in
 * flight) is the very same object in both, as after a fallback-policy change (the view never
 * shows a policy), that is `beforeView` itself, the same object.
 */
export function viewAfter(before: World, beforeView: ModelView, after: World, interned = true): ModelView {
  if (after.config === before.config && after.mns === before.mns && after.inFlight === before.inFlight && after.poss.length === before.poss.length) {
    let same = true;
    for (let j = 0; same && j < after.poss.length; j++) {
      const p = at(after.poss, j);
      const q = at(before.poss, j);
      same = p === q || (p.spos === q.spos && p.tpos === q.tpos);
    }
    if (same) return beforeView;
  }
  return view(after, interned);
}

// Views are interned: worlds made of the very same component objects (the same MN and role
// snapshots, the same PDUs in flight; policy siblings are) get the very same view object, so
// whatever is cached per observation (the properties' state checks) carries over, and the
// explorer's frontier holds one view for all of them. Each part is cached on the objects it
// is computed from; the whole view on the sequence of its parts.

const mnViews = new WeakMap<LocalSnapshot, { readonly id: string; readonly view: MnView }>();
const pduViews = new WeakMap<InFlightPdu, PduView>();

/** Tries over object identities: a view's parts, a PoS's role snapshots. */
interface ViewNode {
  /** Made on the first child (leaves need none). */
  next: WeakMap<object, ViewNode> | undefined;
  view: ModelView | undefined;
  pos: PosView | undefined;
}
const viewRoots = new WeakMap<ModelWorldConfig, ViewNode>();
const viewNode = (): ViewNode => ({ next: undefined, view: undefined, pos: undefined });
const posViewRoot = viewNode();

function childOf(n: ViewNode, part: object): ViewNode {
  const next = (n.next ??= new WeakMap());
  let c = next.get(part);
  if (c === undefined) {
    c = viewNode();
    next.set(part, c);
  }
  return c;
}

function mnView(w: World, i: number): MnView {
  const snapshot = at(w.mns, i);
  const id = at(w.config.mns, i).id;
  const known = mnViews.get(snapshot);
  if (known !== undefined && known.id === id) return known.view;
  const c = snapshot.context as MnContext;
  const sas: SaView[] = [];
  if (c.serving !== null) sas.push(saView(c.serving));
  if (c.prepared !== null) sas.push(saView(c.prepared));
  const view: MnView = { id, lifecycle: lifecycleOf(w, i), attachedTo: c.attachedTo, sas };
  mnViews.set(snapshot, { id, view });
  return view;
}

/**
 * An uninterned PoS view by its role arrays (a step that changes a role copies both; a policy
 * change shares them), so a lockstep run walks no trie.
 */
const posViewsByRoles = new WeakMap<readonly LocalSnapshot[], { readonly tpos: readonly LocalSnapshot[]; readonly view: PosView }>();

function posView(w: World, j: number, interned = true): PosView {
  if (interned) return internedPosView(w, j);
  const p = at(w.poss, j);
  const byRoles = posViewsByRoles.get(p.spos);
  if (byRoles !== undefined && byRoles.tpos === p.tpos && byRoles.view.id === at(w.config.domains, j).id) return byRoles.view;
  const v = newPosView(w, j);
  posViewsByRoles.set(p.spos, { tpos: p.tpos, view: v });
  return v;
}

function internedPosView(w: World, j: number): PosView {
  const p = at(w.poss, j);
  const id = at(w.config.domains, j).id;
  let n = posViewRoot;
  for (let i = 0; i < p.spos.length; i++) n = childOf(childOf(n, at(p.spos, i)), at(p.tpos, i));
  const known = n.pos;
  if (known !== undefined && known.id === id) return known;
  return (n.pos = newPosView(w, j));
}

function newPosView(w: World, j: number): PosView {
  const p = at(w.poss, j);
  const id = at(w.config.domains, j).id;
  const sas: SaView[] = [];
  w.config.mns.forEach((_mn, i) => {
    const s = (at(p.spos, i).context as SposContext).sa;
    if (s !== null) sas.push(saView(s));
    const t = (at(p.tpos, i).context as TposContext).sa;
    if (t !== null) sas.push(saView(t));
  });
  return { id, sas };
}

function pduViewOf(p: InFlightPdu): PduView {
  let v = pduViews.get(p);
  if (v === undefined) {
    v = pduView(p);
    pduViews.set(p, v);
  }
  return v;
}

function computeView(w: World): ModelView {
  let root = viewRoots.get(w.config);
  if (root === undefined) {
    root = viewNode();
    viewRoots.set(w.config, root);
  }
  const mns: MnView[] = [];
  const poss: PosView[] = [];
  const inFlight: PduView[] = [];
  let n = root;
  for (let i = 0; i < w.mns.length; i++) n = childOf(n, (mns[i] = mnView(w, i)));
  for (let j = 0; j < w.poss.length; j++) n = childOf(n, (poss[j] = posView(w, j)));
  // The PDU count closes the sequence (a view's parts are MNs, PoSs, then any number of PDUs).
  for (let k = 0; k < w.inFlight.length; k++) n = childOf(n, (inFlight[k] = pduViewOf(at(w.inFlight, k))));
  n = childOf(n, END_OF_FLIGHT);
  return (n.view ??= { mns, poss, inFlight });
}

const END_OF_FLIGHT = {};

function partsView(w: World): ModelView {
  const mns: MnView[] = [];
  const poss: PosView[] = [];
  const inFlight: PduView[] = [];
  for (let i = 0; i < w.mns.length; i++) mns.push(mnView(w, i));
  for (let j = 0; j < w.poss.length; j++) poss.push(posView(w, j, false));
  for (let k = 0; k < w.inFlight.length; k++) inFlight.push(pduViewOf(at(w.inFlight, k)));
  return { mns, poss, inFlight };
}
