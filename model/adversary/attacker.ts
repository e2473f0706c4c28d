// The attacker's own state, beside the world: whom it compromised, what it knows, the PDUs it
// saw delivered, and how far its knowledge reaches. It only reads the world (the roles' key
// material through model/adversary/roles.ts, the PDUs in flight); the derivation closure of
// what it knows is knowledge.ts.

import { canonicalJson } from '../world/canonical.ts';
import type { WorldEvent } from '../world/events.ts';
import type { World } from '../world/world.ts';
import type { Pdu } from '../pdus.ts';
import type { DomainId, MnId, SaRecord } from '../types.ts';
import { usrkOf } from '../keys.ts';
import { hopsFromKnown, keyIdsIn, kindOfKey, parentKey } from './knowledge.ts';
import { domainIndex, mnContextOf } from './roles.ts';

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
  //= SPEC_MAPPING.md#V-K-SHARED
  //# One K per MN–SPoS SA, handed to every candidate TPoS, bound to neither the TPoS nor the
  //# request.
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
  /** Redirect and forge moves made (model/adversary/forgery.ts). */
  readonly forgeries: number;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  /**
   * Nonce-N of every open preregistration whose MIS_Prereg_Xfer.request the MN sent with the
   * fallback flag set (as the MN sent it, whatever happens to it on the way); sorted.
   */
  readonly askedFallback: readonly string[];
}

/** The world and the attacker's state beside it. */
export interface AdvWorld {
  readonly world: World;
  readonly adv: AdversaryState;
}

export const INITIAL_ADVERSARY: AdversaryState = Object.freeze({
  compromised: null, known: [], log: [], blast: 0, exposed: [], lies: 0, unbound: [], lateral: [], injects: 0, replays: 0, replayed: [], deliveredReplay: false,
  forgeries: 0, askedFallback: [],
});

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
/**
 * The fallback requests still open after the world became `after`: those the MN just sent (a
 * MIS_Prereg_Xfer.request with the flag, new in flight) and those whose preregistration the MN
 * still waits for. Returns `asked` itself when nothing changed.
 */
export function trackFallbackRequests(before: World, after: World, asked: readonly string[]): readonly string[] {
  const open = new Set<string>();
  after.config.mns.forEach((_, i) => {
    const p = mnContextOf(after, i)?.pending ?? null;
    if (p !== null && p.step === 'prereg') open.add(p.nonceN);
  });
  const sent: string[] = [];
  for (const p of after.inFlight) {
    if (p.type === 'MIS_Prereg_Xfer.request' && p.fallback && p.src === p.mn && !before.inFlight.includes(p) && open.has(p.nonceN) && !asked.includes(p.nonceN)) sent.push(p.nonceN);
  }
  const next = [...asked.filter((n) => open.has(n)), ...sent].sort();
  return next.length === asked.length && next.every((n, i) => n === asked[i]) ? asked : next;
}

/** The MN-side SAs (serving, prepared) of every MN. */
export function mnSas(w: World): { readonly mn: MnId; readonly sa: SaRecord }[] {
  const out: { mn: MnId; sa: SaRecord }[] = [];
  w.config.mns.forEach((mn, i) => {
    const c = mnContextOf(w, i);
    if (c === undefined) return;
    if (c.serving !== null) out.push({ mn: mn.id, sa: c.serving });
    if (c.prepared !== null) out.push({ mn: mn.id, sa: c.prepared });
  });
  return out;
}

/** The PoSs some MN is attached to now. */
export function servingPoss(w: World): Set<DomainId> {
  const out = new Set<DomainId>();
  w.config.mns.forEach((_, i) => {
    const a = mnContextOf(w, i)?.attachedTo ?? null;
    if (a !== null) out.add(a);
  });
  return out;
}

/**
 * Every key a PoS holds now: its SPoS and TPoS roles, and its HPoS role for the MNs it is home
 * of. Two keys no context names are held too:
 * - RFC 5247 §1.4: the authenticator of an EAP (or ERP, RFC 6696) run receives its MSK (rMSK)
 *   from the server, so a PoS holding an SA a full EAP/ERP run made holds that run's MSK;
 * - RFC 5295 §3: the home server holds the EMSK, so the HPoS holds every usage-specific root
 *   key of its MN's runs (V-K-HPOS-EMSK), which no authenticator does.
 */
export function keysHeldBy(w: World, pos: DomainId): Set<string> {
  const j = domainIndex(w, pos);
  const p = w.poss[j];
  const out = new Set<string>();
  if (p === undefined) return out;
  for (const s of p.spos) keyIdsIn(s.context, out);
  for (const s of p.tpos) keyIdsIn(s.context, out);
  for (const id of [...out]) {
    const parent = parentKey(id);
    if (kindOfKey(id) === 'MISK' && parent !== null && (kindOfKey(parent) === 'MSK' || kindOfKey(parent) === 'rMSK')) out.add(parent);
  }
  w.config.mns.forEach((mn, i) => {
    if (mn.home !== pos) return;
    const home = new Set<string>();
    keyIdsIn(w.hpos[i]?.context, home);
    for (const id of home) {
      out.add(id);
      if (kindOfKey(id) === 'MSK' || kindOfKey(id) === 'rMSK') out.add(usrkOf(id));
    }
  });
  return out;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
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
      //= SPEC_MAPPING.md#A-K-BIND
      //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K
      //# per (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
      // a K made for another TPoS (or for every candidate) reaches beyond this PoS.
      if (p.dst === compromised && p.k.generatedBy !== compromised && p.k.boundTo !== compromised) unbound.add(p.k.id);
    }
  }
}

/** The adversary state after the world became `w`: knowledge, exposure and blast radius updated. */
export function observe(w: World, adv: AdversaryState): AdversaryState {
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
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4a
    //# If any SPoS is compromised, the generated key K is compromised and so is the remaining of
    //# the PoS chains assuming that a TPoS will become a SPoS.
    // the domino effect is about the SAs with *other* PoSs the compromise reaches.
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

/** The replay marks after a world event (indices shift as PDUs leave the in-flight list). */
export function trackReplays(before: World, e: WorldEvent, replayed: readonly number[]): { replayed: readonly number[]; deliveredReplay: boolean } {
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

const advJsonCache = new WeakMap<AdversaryState, string>();

/** Canonical JSON of an attacker state, computed once per state object (part of the search key). */
export function advJson(a: AdversaryState): string {
  let c = advJsonCache.get(a);
  if (c === undefined) {
    c = canonicalJson(a);
    advJsonCache.set(a, c);
  }
  return c;
}
