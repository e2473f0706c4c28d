// An active adversary layered over the world of model/world/world.ts, on its public API only:
// the world is plain data, so the adversary's moves are functions from a world to a world (a PDU
// appended to the in-flight list, a field of an in-flight PDU rewritten), and every protocol
// event still goes through the model's pure `step`. The adversary's own state (whom it
// compromised, what it knows, the PDUs it saw delivered) travels beside the world.
//
// Moves (besides the network faults drop/duplicate the world already has, and reordering,
// which is `deliver {index}` with an index other than 0):
//   compromise {pos}  the PoS reveals every key it holds, now and later (it stays compromised);
//                     the adversary's knowledge is closed under derivation (knowledge.ts).
//   tamper {index}    the chain counter of an in-flight MIS_N2N_Prereg_Xfer.request is rewritten
//                     to 0 ("this SA starts a new chain") when the counter is not integrity-
//                     protected in transit (V-COUNTER-CLEAR); and the fallback flag of a
//                     MIS_Prereg_Xfer.request to a compromised SPoS is cleared (the SPoS ignores
//                     the MN's request, 5.14.2-N1c).
//   rewind {mn}       a compromised SPoS rewrites its own chain counter for the MN (it runs its
//                     own check on a counter it controls, so this is skipping the check, and it
//                     holds the MIS SA key, 5.14.1-S8, so the counter 0 it then states in
//                     MIS_N2N_Prereg_Xfer.request carries a valid MAC).
//   inject {…}        a MIS_N2N_Prereg_Xfer.request from a rogue PoS (one the target does not
//                     trust, 5.14.1-S6) with a K of the adversary's making, or a
//                     MIS_Prereg_Xfer.request spoofing the MN without a valid MAC.
//   replay {entry}    a PDU delivered earlier (bounded log) is put in flight again.

import { canonicalSnapshot } from '../machines/memo.ts';
import { canonicalJson } from '../world/canonical.ts';
import type { WorldEvent } from '../world/events.ts';
import { eventLabel } from '../world/events.ts';
import { drawAdversaryToken, enabled as worldEnabled, step as worldStep, type World } from '../world/world.ts';
import type { MnContext } from '../machines/mn.ts';
import type { SposContext } from '../machines/spos.ts';
import type { N2nPreregRequest, Pdu, PreregRequest } from '../pdus.ts';
import type { DomainId, KeyTerm, MnId, SaRecord } from '../types.ts';
import { hopsFromKnown, keyIdsIn } from './knowledge.ts';

export type AdversaryMoveKind = 'compromise' | 'tamper' | 'inject' | 'replay';

export type AdversaryMove =
  | { readonly kind: 'compromise'; readonly pos: DomainId }
  | { readonly kind: 'tamper'; readonly index: number }
  | { readonly kind: 'rewind'; readonly mn: MnId }
  | { readonly kind: 'inject'; readonly pdu: 'MIS_N2N_Prereg_Xfer.request' | 'MIS_Prereg_Xfer.request'; readonly from: DomainId; readonly to: DomainId; readonly mn: MnId }
  | { readonly kind: 'replay'; readonly entry: number };

export type AdvEvent = WorldEvent | AdversaryMove;

/**
 * How the chain counter carried by MIS_N2N_Prereg_Xfer.request is protected:
 * - V-COUNTER-MAC (the profile, docs/protocol.md §4 #4): covered by the MIS SA's MAC, so only a
 *   compromised sender can misstate it, and it may state any value (0 included);
 * - V-COUNTER-CLEAR (what-if): outside the integrity protection, anyone on the path rewrites it;
 * - V-COUNTER-RANGE (what-if): MAC-protected, and the TPoS refuses a counter outside 1..L (an
 *   optimized SA has depth ≥ 1), so the smallest lie that gets through is 1. Modelled on the
 *   adversary's side: a lie below 1 would only be refused, so the compromised SPoS states 1.
 */
export type CounterProtection = 'V-COUNTER-MAC' | 'V-COUNTER-CLEAR' | 'V-COUNTER-RANGE';

export interface AdversaryOptions {
  readonly moves: readonly AdversaryMoveKind[];
  readonly counter?: CounterProtection;
  /** PoSs the adversary runs that may inject (unauthorized sources unless someone trusts them). */
  readonly rogue?: readonly DomainId[];
  /** PoSs that may be compromised (default: every PoS). */
  readonly compromisable?: readonly DomainId[];
  /**
   * 'serving': only a PoS some MN is attached to may be compromised, at that moment. A
   * compromise is persistent and a PoS holds no key of an MN before the MN reaches it, so
   * compromising a PoS earlier is the same as compromising it when the MN arrives; in worlds
   * where the MN reaches every PoS this loses no attack and divides the search. Default 'any'.
   */
  readonly compromiseWhen?: 'any' | 'serving';
  /** How many delivered PDUs the adversary remembers for replay (default 6). */
  readonly logBound?: number;
  /** Which delivered PDUs it remembers (default: every type). */
  readonly logTypes?: readonly Pdu['type'][];
  /** At most this many inject / replay moves per run (default: unbounded). */
  readonly maxInjects?: number;
  readonly maxReplays?: number;
  /**
   * Compromise, rewind, inject and replay only when no PDU is in flight (keeps the search small:
   * between two procedures a PoS holds the same keys it holds within one, up to keys derived
   * from them). Default false.
   */
  readonly quiescentMoves?: boolean;
  /** Which world events (stimuli, deliveries, faults) to explore; default: all enabled ones. */
  readonly worldEvents?: (e: WorldEvent, w: World) => boolean;
}

export interface AdversaryState {
  readonly compromised: DomainId | null;
  /** Key ids revealed to the adversary (sorted); their derivation closure is what it knows. */
  readonly known: readonly string[];
  /** PDUs delivered so far, the last `logBound` of them, oldest first. */
  readonly log: readonly Pdu[];
  /** Largest lineage distance of an exposed SA with a PoS other than the compromised one. */
  readonly blast: number;
  /** Key ids of MN SAs with other PoSs whose MISK the adversary can compute (sorted). */
  readonly exposed: readonly string[];
  /** Counter lies told (tamper and rewind moves). */
  readonly lies: number;
  /**
   * K ids the compromised PoS read as a candidate TPoS although they are not bound to it
   * (V-K-SHARED): with them it reaches SAs of a chain it was never part of.
   */
  readonly unbound: readonly string[];
  /** Exposed SA key ids that only an unbound K exposes (sorted). */
  readonly lateral: readonly string[];
  readonly injects: number;
  readonly replays: number;
  /**
   * In-flight indices of PDUs that are replays: put back by `replay`, or the second copy of a
   * network `duplicate` (docs/protocol.md §3: a delivered duplicate is a replay). Of two equal
   * PDUs in flight, whichever is delivered first is the original.
   */
  readonly replayed: readonly number[];
  /** The last step delivered a replay. */
  readonly deliveredReplay: boolean;
}

export interface AdvWorld {
  readonly world: World;
  readonly adv: AdversaryState;
}

export type AdversaryErrorCode = 'BAD_MOVE' | 'MOVE_NOT_ENABLED';

export class AdversaryError extends Error {
  override readonly name = 'AdversaryError';
  constructor(readonly code: AdversaryErrorCode, message: string) {
    super(`${code}: ${message}`);
  }
}

export const INITIAL_ADVERSARY: AdversaryState = Object.freeze({
  compromised: null, known: [], log: [], blast: 0, exposed: [], lies: 0, unbound: [], lateral: [], injects: 0, replays: 0, replayed: [], deliveredReplay: false,
});

const ADVERSARY_MOVE_KINDS: ReadonlySet<string> = new Set(['compromise', 'tamper', 'rewind', 'inject', 'replay']);

export function isAdversaryMove(e: AdvEvent): e is AdversaryMove {
  return ADVERSARY_MOVE_KINDS.has(e.kind);
}

export function advEventLabel(e: AdvEvent): string {
  if (!isAdversaryMove(e)) return eventLabel(e);
  switch (e.kind) {
    case 'compromise': return `compromise ${e.pos}`;
    case 'tamper': return `tamper ${e.index}`;
    case 'rewind': return `rewind ${e.mn}`;
    case 'inject': return `inject ${e.pdu} ${e.from}->${e.to} ${e.mn}`;
    case 'replay': return `replay ${e.entry}`;
  }
}

// ---- reading the world -------------------------------------------------------------------------

function domainIndex(w: World, d: DomainId): number {
  return w.config.domains.findIndex((x) => x.id === d);
}

/** The MN-side SAs (serving, prepared) of every MN. */
export function mnSas(w: World): { readonly mn: MnId; readonly sa: SaRecord }[] {
  const out: { mn: MnId; sa: SaRecord }[] = [];
  w.config.mns.forEach((mn, i) => {
    const c = w.mns[i]?.context as MnContext | undefined;
    if (c === undefined) return;
    if (c.serving !== null) out.push({ mn: mn.id, sa: c.serving });
    if (c.prepared !== null) out.push({ mn: mn.id, sa: c.prepared });
  });
  return out;
}

function servingPoss(w: World): Set<DomainId> {
  const out = new Set<DomainId>();
  for (const s of w.mns) {
    const a = (s.context as MnContext).attachedTo;
    if (a !== null) out.add(a);
  }
  return out;
}

/** Every key a PoS holds now: its SPoS and TPoS roles, and its HPoS role for the MNs it is home of. */
export function keysHeldBy(w: World, pos: DomainId): Set<string> {
  const j = domainIndex(w, pos);
  const p = w.poss[j];
  const out = new Set<string>();
  if (p === undefined) return out;
  for (const s of p.spos) keyIdsIn(s.context, out);
  for (const s of p.tpos) keyIdsIn(s.context, out);
  w.config.mns.forEach((mn, i) => {
    if (mn.home === pos) keyIdsIn(w.hpos[i]?.context, out);
  });
  return out;
}

/**
 * What the compromised PoS reads in PDUs: K carried by an N2N PDU is readable by either end of
 * the MIS SA (5.14.2-S6), so by a compromised end, as if it held it. (K carried to the MN in
 * MIS_Prereg_Xfer.response is protected under the MN–SPoS MISK it is derived from, so reading it
 * teaches nothing the closure does not already give; it is not added, so that lineage distances
 * stay measured from keys the PoS really held.)
 */
function keysReadFromPdus(w: World, compromised: DomainId, known: Set<string>, unbound: Set<string>): void {
  for (const p of w.inFlight) {
    if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.k !== null && (p.src === compromised || p.dst === compromised)) {
      known.add(p.k.id);
      // A-K-BIND: a K made for another TPoS (or for every candidate) reaches beyond this PoS.
      if (p.dst === compromised && p.k.generatedBy !== compromised && p.k.boundTo !== compromised) unbound.add(p.k.id);
    }
  }
}

/** The adversary state after the world became `w`: knowledge, exposure and blast radius updated. */
function observe(w: World, adv: AdversaryState): AdversaryState {
  if (adv.compromised === null) return adv;
  const known = new Set(adv.known);
  const unbound = new Set(adv.unbound);
  for (const k of keysHeldBy(w, adv.compromised)) known.add(k);
  keysReadFromPdus(w, adv.compromised, known, unbound);
  const exposed = new Set(adv.exposed);
  const lateral = new Set(adv.lateral);
  let blast = adv.blast;
  let bound: Set<string> | null = null;
  for (const { sa } of mnSas(w)) {
    // 5.14.2-N4a: the domino effect is about the SAs with *other* PoSs the compromise reaches.
    if (sa.peer === adv.compromised) continue;
    const hops = hopsFromKnown(sa.key.id, known);
    if (hops === Number.POSITIVE_INFINITY) continue;
    exposed.add(sa.key.id);
    if (hops > blast) blast = hops;
    if (unbound.size > 0) {
      bound ??= new Set([...known].filter((k) => !unbound.has(k)));
      if (hopsFromKnown(sa.key.id, bound) === Number.POSITIVE_INFINITY) lateral.add(sa.key.id);
    }
  }
  const sorted = (set: Set<string>, old: readonly string[]): readonly string[] => (set.size === old.length ? old : [...set].sort());
  const next = {
    ...adv, known: sorted(known, adv.known), exposed: sorted(exposed, adv.exposed), blast,
    unbound: sorted(unbound, adv.unbound), lateral: sorted(lateral, adv.lateral),
  };
  if (next.known === adv.known && next.exposed === adv.exposed && blast === adv.blast && next.unbound === adv.unbound && next.lateral === adv.lateral) return adv;
  return next;
}

const advJsonCache = new WeakMap<AdversaryState, string>();

function advJson(a: AdversaryState): string {
  let c = advJsonCache.get(a);
  if (c === undefined) {
    c = canonicalJson(a);
    advJsonCache.set(a, c);
  }
  return c;
}

// ---- the system --------------------------------------------------------------------------------

export interface AdversarySystem {
  readonly initial: AdvWorld;
  readonly options: AdversaryOptions;
  enabled(aw: AdvWorld): AdvEvent[];
  step(aw: AdvWorld, e: AdvEvent): AdvWorld;
  key(aw: AdvWorld): string;
}

function tamperable(p: Pdu, adv: AdversaryState, counter: CounterProtection, chainLimit: number): boolean {
  if (p.type === 'MIS_N2N_Prereg_Xfer.request') {
    // 5.14.2-N4b: the counter is the sender's statement. Anyone on the path can rewrite it when
    // it is outside the MAC; a compromised sender states what it likes through `rewind`. Only
    // the reset of a counter that has reached L changes what happens next (a lower counter
    // lets the chain go on anyway), so the search offers only that one: the same chains, far
    // fewer states.
    return counter === 'V-COUNTER-CLEAR' && p.chain >= chainLimit && p.chain !== 0;
  }
  if (p.type === 'MIS_Prereg_Xfer.request') {
    // 5.14.2-N1c: a compromised SPoS ignores the MN's request for a full establishment.
    return p.fallback && p.dst === adv.compromised;
  }
  return false;
}

function tampered(p: Pdu): Pdu {
  if (p.type === 'MIS_N2N_Prereg_Xfer.request') return { ...p, chain: 0, depth: 0 } satisfies N2nPreregRequest;
  if (p.type === 'MIS_Prereg_Xfer.request') return { ...p, fallback: false } satisfies PreregRequest;
  return p;
}

function sposSa(w: World, pos: DomainId, mn: MnId): { j: number; i: number; ctx: SposContext } | null {
  const j = domainIndex(w, pos);
  const i = w.config.mns.findIndex((m) => m.id === mn);
  const snap = w.poss[j]?.spos[i];
  if (snap === undefined) return null;
  const ctx = snap.context as SposContext;
  return ctx.sa === null ? null : { j, i, ctx };
}

function rewindable(w: World, pos: DomainId, mn: MnId, counter: CounterProtection): boolean {
  const s = sposSa(w, pos, mn);
  return s !== null && s.ctx.sa !== null && s.ctx.sa.chain !== rewoundTo(counter);
}

/**
 * The counter a compromised SPoS sets in its own memory: one below 0, so that its own check
 * (`chain >= L`) never fires, even at L = 0, and the counter it sends for the next SA
 * (`chain + 1`, docs/protocol.md §4 #4) is 0: equivalent to skipping its check and stating 0.
 * Under V-COUNTER-RANGE a stated 0 would be refused, so it rewinds to 0 and states 1.
 */
function rewoundTo(counter: CounterProtection): number {
  return counter === 'V-COUNTER-RANGE' ? 0 : -1;
}

/** 5.14.2-N4b: the compromised SPoS's counter for the MN, rewritten (its own memory). */
function rewound(w: World, pos: DomainId, mn: MnId, counter: CounterProtection): World {
  const s = sposSa(w, pos, mn);
  if (s === null || s.ctx.sa === null) return w;
  const p = w.poss[s.j];
  const snap = p?.spos[s.i];
  if (p === undefined || snap === undefined) return w;
  const spos = p.spos.slice();
  spos[s.i] = { value: snap.value, context: { ...s.ctx, sa: { ...s.ctx.sa, chain: rewoundTo(counter), depth: rewoundTo(counter) } } };
  const poss = w.poss.slice();
  poss[s.j] = { ...p, spos };
  return { ...w, poss };
}

function injected(w: World, e: Extract<AdversaryMove, { kind: 'inject' }>, token: string): Pdu {
  const mn = w.config.mns.find((m) => m.id === e.mn);
  const to = w.config.domains.find((d) => d.id === e.to);
  if (mn === undefined || to === undefined) throw new AdversaryError('BAD_MOVE', `unknown mn or domain in ${advEventLabel(e)}`);
  if (e.pdu === 'MIS_N2N_Prereg_Xfer.request') {
    const k: KeyTerm = {
      kind: 'K', root: 'EAP', depth: 1, generatedBy: e.from, boundTo: e.to, origin: `ADV(${e.from})`,
      id: `K(ADV(${e.from})|${e.mn}|${e.from}|${e.to}|${token})`,
    };
    return { type: e.pdu, src: e.from, dst: e.to, mn: e.mn, nonceN: token, suites: to.suites, depth: 1, chain: 1, root: 'EAP', k };
  }
  // A spoofed MN request: the rogue PoS has no key of the MN's SA, so its MAC names its own.
  return {
    type: e.pdu, src: e.mn, dst: e.to, mn: e.mn, target: null, nonceN: token, suites: mn.suites, fallback: false,
    depth: 0, chain: 0, method: mn.method, mac: `ADV(${e.from})`,
  };
}

/** The replay marks after a world event (indices shift as PDUs leave the in-flight list). */
function trackReplays(before: World, e: WorldEvent, replayed: readonly number[]): { replayed: readonly number[]; deliveredReplay: boolean } {
  let marks = replayed;
  let deliveredReplay = false;
  if (e.kind === 'deliver' || e.kind === 'drop') {
    const k = e.index;
    if (marks.includes(k) && e.kind === 'drop') {
      marks = marks.filter((j) => j !== k);
    } else if (marks.includes(k)) {
      const p = before.inFlight[k];
      const c = p === undefined ? '' : canonicalJson(p);
      // An equal unmarked PDU still in flight: the one delivered now counts as the original.
      const twin = before.inFlight.findIndex((q, j) => j !== k && !marks.includes(j) && canonicalJson(q) === c);
      marks = marks.filter((j) => j !== k);
      if (twin >= 0) marks = [...marks, twin].sort((a, b) => a - b);
      else deliveredReplay = true;
    } else if (e.kind === 'drop') {
      // The original is lost before its copy: the copy is the first to arrive, not a replay.
      const p = before.inFlight[k];
      const c = p === undefined ? '' : canonicalJson(p);
      const twin = marks.find((j) => canonicalJson(before.inFlight[j]) === c);
      if (twin !== undefined) marks = marks.filter((j) => j !== twin);
    }
    marks = marks.map((j) => (j > k ? j - 1 : j));
  } else if (e.kind === 'duplicate') {
    marks = [...marks, before.inFlight.length];
  }
  if (marks.length === 0 && replayed.length === 0) marks = replayed;
  return { replayed: marks, deliveredReplay };
}

/** Builds the adversary system over `world` (created with the network faults it should have). */
export function adversarySystem(world: World, options: AdversaryOptions): AdversarySystem {
  const counter = options.counter ?? 'V-COUNTER-MAC';
  const logBound = options.logBound ?? 6;
  const moves = new Set(options.moves);
  const rogue = options.rogue ?? [];
  const compromisable = options.compromisable ?? world.config.domains.map((d) => d.id);
  const filter = options.worldEvents;
  const maxInjects = options.maxInjects ?? Number.POSITIVE_INFINITY;
  const maxReplays = options.maxReplays ?? Number.POSITIVE_INFINITY;
  const logTypes = options.logTypes === undefined ? null : new Set<string>(options.logTypes);
  for (const d of [...rogue, ...compromisable]) {
    if (domainIndex(world, d) < 0) throw new AdversaryError('BAD_MOVE', `unknown domain ${d} in the adversary options`);
  }

  const enabledMoves = (aw: AdvWorld): AdversaryMove[] => {
    const out: AdversaryMove[] = [];
    const { world: w, adv } = aw;
    const quiet = options.quiescentMoves !== true || w.inFlight.length === 0;
    if (moves.has('compromise') && adv.compromised === null && quiet) {
      const serving = options.compromiseWhen === 'serving' ? servingPoss(w) : null;
      for (const pos of compromisable) if (serving === null || serving.has(pos)) out.push({ kind: 'compromise', pos });
    }
    if (moves.has('tamper')) {
      w.inFlight.forEach((p, index) => {
        if (tamperable(p, adv, counter, w.config.chainLimit)) out.push({ kind: 'tamper', index });
      });
      if (quiet && adv.compromised !== null) {
        for (const mn of w.config.mns) if (rewindable(w, adv.compromised, mn.id, counter)) out.push({ kind: 'rewind', mn: mn.id });
      }
    }
    if (moves.has('inject') && quiet && adv.injects < maxInjects) {
      for (const from of rogue) {
        for (const to of w.config.domains) {
          if (to.id === from) continue;
          for (const mn of w.config.mns) {
            out.push({ kind: 'inject', pdu: 'MIS_N2N_Prereg_Xfer.request', from, to: to.id, mn: mn.id });
            out.push({ kind: 'inject', pdu: 'MIS_Prereg_Xfer.request', from, to: to.id, mn: mn.id });
          }
        }
      }
    }
    if (moves.has('replay') && quiet && adv.replays < maxReplays) {
      const seen = new Set<string>();
      adv.log.forEach((p, entry) => {
        const c = canonicalJson(p);
        if (!seen.has(c)) {
          seen.add(c);
          out.push({ kind: 'replay', entry });
        }
      });
    }
    return out;
  };

  const enabled = (aw: AdvWorld): AdvEvent[] => {
    const ws = worldEnabled(aw.world);
    return [...(filter === undefined ? ws : ws.filter((e) => filter(e, aw.world))), ...enabledMoves(aw)];
  };

  const stepMove = (aw: AdvWorld, e: AdversaryMove): AdvWorld => {
    const { world: w, adv } = aw;
    switch (e.kind) {
      case 'compromise': {
        if (!moves.has('compromise') || adv.compromised !== null || !compromisable.includes(e.pos)) {
          throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
        }
        return { world: w, adv: { ...adv, compromised: e.pos } };
      }
      case 'tamper': {
        const p = w.inFlight[e.index];
        if (!moves.has('tamper') || p === undefined || !tamperable(p, adv, counter, w.config.chainLimit)) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
        const inFlight = w.inFlight.slice();
        inFlight[e.index] = tampered(p);
        return { world: { ...w, inFlight }, adv: { ...adv, lies: adv.lies + 1 } };
      }
      case 'rewind': {
        if (!moves.has('tamper') || adv.compromised === null || !rewindable(w, adv.compromised, e.mn, counter)) {
          throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
        }
        return { world: rewound(w, adv.compromised, e.mn, counter), adv: { ...adv, lies: adv.lies + 1 } };
      }
      case 'inject': {
        if (!moves.has('inject') || !rogue.includes(e.from) || e.from === e.to || adv.injects >= maxInjects) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
        const { token, fresh } = drawAdversaryToken(w);
        const pdu = injected(w, e, token);
        const known = pdu.type === 'MIS_N2N_Prereg_Xfer.request' && pdu.k !== null ? [...adv.known, pdu.k.id].sort() : adv.known;
        return { world: { ...w, fresh, inFlight: [...w.inFlight, pdu] }, adv: { ...adv, known, injects: adv.injects + 1 } };
      }
      case 'replay': {
        const p = adv.log[e.entry];
        if (!moves.has('replay') || p === undefined || adv.replays >= maxReplays) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
        return { world: { ...w, inFlight: [...w.inFlight, p] }, adv: { ...adv, replays: adv.replays + 1, replayed: [...adv.replayed, w.inFlight.length] } };
      }
    }
  };

  const step = (aw: AdvWorld, e: AdvEvent): AdvWorld => {
    if (typeof e !== 'object' || e === null || typeof (e as { kind?: unknown }).kind !== 'string') {
      throw new AdversaryError('BAD_MOVE', `not an event: ${JSON.stringify(e)}`);
    }
    let next: AdvWorld;
    if (isAdversaryMove(e)) {
      next = stepMove(aw, e);
    } else {
      // The adversary sees every PDU the network delivers (it logs them for replay).
      const delivered = e.kind === 'deliver' ? aw.world.inFlight[e.index] : undefined;
      const world = worldStep(aw.world, e);
      const logged = delivered !== undefined && (logTypes === null || logTypes.has(delivered.type));
      const log = logged ? [...aw.adv.log, delivered].slice(-logBound) : aw.adv.log;
      const marks = trackReplays(aw.world, e, aw.adv.replayed);
      const same = log === aw.adv.log && marks.replayed === aw.adv.replayed && marks.deliveredReplay === aw.adv.deliveredReplay;
      next = { world, adv: same ? aw.adv : { ...aw.adv, log, ...marks } };
    }
    const adv = observe(next.world, next.adv);
    return adv === next.adv ? next : { world: next.world, adv };
  };

  // Exact (no renaming of fresh tokens): sound without further argument, and in the searches
  // the what-if analysis runs the tokens are numbered by the protocol steps alone (adversary
  // moves draw no token, except inject), so renaming would merge little.
  const key = (aw: AdvWorld): string => {
    const w = aw.world;
    let s = '';
    for (const x of w.mns) s += canonicalSnapshot(x) + ';';
    for (const x of w.hpos) s += canonicalSnapshot(x) + ';';
    for (const p of w.poss) {
      s += `|${p.requestsFallback ? 1 : 0}`;
      for (const r of p.replayCache) s += `${r.spos}${r.nonceN},`;
      for (const x of p.spos) s += ';' + canonicalSnapshot(x);
      for (const x of p.tpos) s += ';' + canonicalSnapshot(x);
    }
    s += '|';
    for (const p of w.inFlight) s += canonicalJson(p) + ';';
    return s + '|' + advJson(aw.adv);
  };

  const initial: AdvWorld = { world, adv: INITIAL_ADVERSARY };
  return { initial, options, enabled, step, key };
}

/** Replays a trace of events from the system's initial state; every state, initial included. */
export function replayTrace(sys: AdversarySystem, trace: readonly AdvEvent[]): AdvWorld[] {
  const states = [sys.initial];
  let s = sys.initial;
  for (const e of trace) {
    s = sys.step(s, e);
    states.push(s);
  }
  return states;
}
