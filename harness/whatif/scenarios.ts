// The worlds the what-if analysis explores. Small on purpose: each one isolates one question, and
// the restricted alphabet it uses is part of its statement (docs/whatif/README.md repeats it).

import { adversarySystem, type AdversarySystem, type CounterProtection } from '../../model/adversary/attacked-world.ts';
import { withGkbLineage } from '../../model/adversary/gkb.ts';
import { initialWorld as makeWorld } from '../../model/world/world.ts';
import type { Variant } from '../../model/variants.ts';
import type { ModelWorldConfig } from '../../model/types.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import type { World } from '../../model/world/world.ts';

/**
 * Blast-radius world: a directed ring of `size` PoSs, each trusting its two ring neighbours
 * both ways, 5.14.3 selection always picking the next PoS of the ring; one EAP MN whose home H
 * is outside the ring (the HPoS is the AAA anchor, not part of the chain). A ring of at least
 * L + 3 PoSs lets a chain of L + 1 optimized hops avoid the compromised PoS.
 */
export function ringWorld(chainLimit: number, size: number, method: 'EAP' | 'ERP' | 'TLS' = 'EAP'): ModelWorldConfig {
  const ids = Array.from({ length: size }, (_, i) => `P${i}`);
  const at = (i: number): string => ids[(i + size) % size] as string;
  return {
    chainLimit,
    domains: [
      ...ids.map((id, i) => ({
        id, rats: ['wlan'], neighbours: [at(i + 1)], partners: size > 2 ? [at(i - 1), at(i + 1)] : [at(i + 1)],
        suites: [1], requestsFallback: false,
      })),
      { id: 'H', rats: [], neighbours: [], partners: [], suites: [1], requestsFallback: false },
    ],
    mns: [{ id: 'mn1', home: 'H', rats: ['wlan'], method, suites: [1] }],
  };
}

/**
 * The ring walk: attach at P0, hand over to the PoS 5.14.3 selects, complete, and let the
 * network deliver. The MN's own choices (explicit targets, fallback requests, abort) are left
 * out: the adversary, not the MN, is what this world varies.
 */
export function ringWalk(e: WorldEvent, _w: World): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'P0';
    case 'handover': return e.target === null && !e.fallback;
    case 'complete':
    case 'deliver': return true;
    default: return false;
  }
}

//= SPEC_MAPPING.md#A-TRUST-DIRECTED
//# Trust is directed configuration: X trusts Y iff Y ∈ X.partners. A one-sided entry is a
//# misconfiguration that the protocol must survive.
/**
 * Network-adversary world: A and B trust each other, R is a rogue PoS nobody trusts (it lists A
 * and B as partners: a one-sided agreement, A-TRUST-DIRECTED); the MN's home H is outside.
 */
export function networkWorld(chainLimit: number, method: 'EAP' | 'ERP' | 'TLS' = 'EAP'): ModelWorldConfig {
  return {
    chainLimit,
    domains: [
      { id: 'A', rats: ['wlan'], neighbours: ['B'], partners: ['B'], suites: [1], requestsFallback: false },
      { id: 'B', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
      { id: 'R', rats: ['wlan'], neighbours: ['A', 'B'], partners: ['A', 'B'], suites: [1], requestsFallback: false },
      { id: 'H', rats: [], neighbours: [], partners: [], suites: [1], requestsFallback: false },
    ],
    mns: [{ id: 'mn1', home: 'H', rats: ['wlan'], method, suites: [1] }],
  };
}

/** Home world: as networkWorld without R; mn1 of home H (`method`), mn2 of home H2 (EAP). */
export function homeWorld(chainLimit: number, method: 'EAP' | 'ERP' | 'TLS' = 'EAP'): ModelWorldConfig {
  const base = networkWorld(chainLimit, method);
  return {
    chainLimit,
    domains: [
      ...base.domains.filter((d) => d.id === 'A' || d.id === 'B' || d.id === 'H'),
      { id: 'H2', rats: [], neighbours: [], partners: [], suites: [1], requestsFallback: false },
    ],
    mns: [...base.mns, { id: 'mn2', home: 'H2', rats: ['wlan'], method: 'EAP', suites: [1] }],
  };
}

/** Attach at A, hand over to the selected PoS, complete, abort, and every delivery order and fault. */
export function networkWalk(e: WorldEvent, _w: World): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'A';
    case 'handover': return e.target === null && !e.fallback;
    case 'complete':
    case 'abort':
    case 'deliver':
    case 'drop':
    case 'duplicate': return true;
    default: return false;
  }
}

/** Candidate world: from A the MN may prepare with B or C; all three trust each other. */
export function candidateWorld(chainLimit: number, method: 'EAP' | 'ERP' | 'TLS' = 'EAP'): ModelWorldConfig {
  return {
    chainLimit,
    domains: [
      { id: 'A', rats: ['wlan'], neighbours: ['B', 'C'], partners: ['B', 'C'], suites: [1], requestsFallback: false },
      { id: 'B', rats: ['wlan'], neighbours: ['A', 'C'], partners: ['A', 'C'], suites: [1], requestsFallback: false },
      { id: 'C', rats: ['wlan'], neighbours: ['A', 'B'], partners: ['A', 'B'], suites: [1], requestsFallback: false },
      { id: 'H', rats: [], neighbours: [], partners: [], suites: [1], requestsFallback: false },
    ],
    mns: [{ id: 'mn1', home: 'H', rats: ['wlan'], method, suites: [1] }],
  };
}

/** From A only, to an explicit candidate; a preparation may be lost (drop) and abandoned (abort). */
export function candidateWalk(e: WorldEvent, w: World): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'A';
    case 'handover': return e.target !== null && e.target !== 'H' && !e.fallback;
    case 'complete':
    case 'abort': return true;
    case 'deliver': return e.index === 0;
    case 'drop': return w.inFlight[e.index]?.type === 'MIS_N2N_Prereg_Xfer.request';
    default: return false;
  }
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
/**
 * Selection world: A's neighbour B, and D, a partner of A's that is not around A (no radio of
 * it reaches the MN there): a compromised A may send the MN to D, or anywhere else.
 */
export function selectionWorld(chainLimit: number, method: 'EAP' | 'ERP' | 'TLS' = 'EAP'): ModelWorldConfig {
  return {
    chainLimit,
    domains: [
      { id: 'A', rats: ['wlan'], neighbours: ['B'], partners: ['B', 'D'], suites: [1], requestsFallback: false },
      { id: 'B', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
      { id: 'D', rats: ['wlan'], neighbours: [], partners: ['A'], suites: [1], requestsFallback: false },
      { id: 'H', rats: [], neighbours: [], partners: [], suites: [1], requestsFallback: false },
    ],
    mns: [{ id: 'mn1', home: 'H', rats: ['wlan'], method, suites: [1] }],
  };
}

/** From A, to B by name or by A's selection; in order, with abort. */
export function selectionWalk(e: WorldEvent, _w: World): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'A';
    case 'handover': return (e.target === null || e.target === 'B') && !e.fallback;
    case 'complete':
    case 'abort': return true;
    case 'deliver': return e.index === 0;
    default: return false;
  }
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
/** As networkWalk without faults, in order, and the MN may ask for a full establishment. */
export function fallbackWalk(e: WorldEvent, _w: World): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'A';
    case 'handover': return e.target === null;
    case 'complete':
    case 'abort': return true;
    case 'deliver': return e.index === 0;
    default: return false;
  }
}

// ---- scenario specs: plain data, so a counterexample file can name the system it replays in ----


export type ScenarioKind = 'ring' | 'ring-passive' | 'replay' | 'inject' | 'faults' | 'candidates' | 'relabel' | 'gkb' | 'home' | 'partner' | 'selection' | 'fallback';

/** Everything needed to rebuild one explored system. */
export interface ScenarioSpec {
  readonly kind: ScenarioKind;
  readonly chainLimit: number;
  readonly variant: Partial<Variant>;
  readonly counter: CounterProtection;
  readonly method: 'EAP' | 'ERP' | 'TLS';
}

export const SCENARIO_KINDS: readonly ScenarioKind[] = ['ring', 'ring-passive', 'replay', 'inject', 'faults', 'candidates', 'relabel', 'gkb', 'home', 'partner', 'selection', 'fallback'];

/** What each scenario asks, for the report. */
export const SCENARIO_TEXT: Readonly<Record<ScenarioKind, string>> = {
  'ring': 'directed ring of L+3 PoSs searched to depth 8L+12 (L+1 hops after the compromise; V-COUNTER-CLEAR: L+4 PoSs, depth 8L+20, L+2 hops), 5.14.3 selection; the adversary compromises the serving PoS at any quiescent point, then may rewind its counter, clear an MN fallback request sent to it, and (V-COUNTER-CLEAR) rewrite counters in transit',
  'ring-passive': 'as ring, but the compromised PoS follows the protocol (it only reveals its keys)',
  'replay': 'A ⇄ B, MN moves back and forth; the adversary replays one logged N2N PDU (MIS_N2N_Prereg_Xfer.request or MIS_N2N_HO_Complete.indication) once, when nothing is in flight',
  'inject': 'A ⇄ B plus a rogue PoS R nobody trusts; R injects one MIS_N2N_Prereg_Xfer.request (with its own K) or one MIS_Prereg_Xfer.request spoofing the MN',
  'faults': 'A ⇄ B; the network drops, duplicates and reorders PDUs (deliver any index)',
  'candidates': 'A, B, C trust each other; the MN prepares with B or C, a preparation may be lost and abandoned; the adversary compromises one of A, B, C (the home H is the AAA anchor: its compromise exposes every key and no chain limit helps)',
  'relabel': 'A ⇄ B, a TLS MN (whatever the row\'s method); the adversary compromises the serving PoS and, as SPoS, states EAP for the MN\'s lineage once (its own SA\'s label, or under V-TLS-PROTOCOL the method in the MN\'s request)',
  'gkb': 'A ⇄ B, the MN starts at A under a GKB-generated SA (ID_TYPE 2, keyed from a group key block, model/adversary/gkb.ts); the adversary compromises the serving PoS and states EAP for the lineage once',
  'home': 'A ⇄ B; mn1 of home H (the row\'s method) and mn2 of home H2 both attach at A and hand over; the adversary compromises H, the HPoS of mn1, at any quiescent point',
  'partner': 'A ⇄ B as in replay, any delivery order; the adversary compromises A or B at a quiescent point, then, as the partner the other trusts, sends it at most two forgeries: a fresh MIS_N2N_Prereg_Xfer.request about the MN with a K of its own, and the MN\'s MIS_HO_Complete.request under a prepared SA whose key it computes',
  'selection': 'A with neighbour B and a partner D that is not around A; the MN hands over to B by name or by A\'s selection; the adversary compromises A while it serves and, once, takes the MN\'s MIS_Prereg_Xfer.request up as if it named another PoS (D, H, or B when the MN named none)',
  'fallback': 'A ⇄ B in order; the MN hands over by selection and may ask for a full establishment; the adversary compromises the serving PoS at a quiescent point, then may rewind its counter and ignore (clear) the MN\'s fallback flag',
};

/** The most optimized hops after a compromise whose SA a ring search of `depth` levels can see. */
export function hopsVisible(depth: number): number {
  return Math.max(0, Math.floor((depth - 10) / 8) + 1);
}

/** Search depth per scenario (BFS levels); enough for the attacks of docs/whatif/README.md. */
export function depthFor(spec: ScenarioSpec): number {
  switch (spec.kind) {
    // 8 steps per hop (a new SA appears at the 5th), 3 to attach, 1 to compromise, 1 to rewind:
    // L + 1 hops fit in 8L + 12. An unprotected counter is searched one hop further (8L + 20),
    // to see whether its chain stops at L + 1 (it does not).
    case 'ring':
    case 'ring-passive': return 8 * spec.chainLimit + (spec.counter === 'V-COUNTER-CLEAR' ? 20 : 12);
    case 'replay': return 22;
    case 'inject': return 14;
    case 'faults': return 9;
    case 'candidates': return 13;
    // attach 3, compromise 1, relabel 1, one handover 6 (the MN's SA is made at the 6th).
    case 'relabel': return 12;
    case 'gkb': return 9;
    // the HPoS compromise, both attachments and one handover.
    case 'home': return 13;
    // attach (3), compromise, two forgeries and their deliveries, and one handover A → B (9).
    case 'partner': return 18;
    // attach (3), compromise, handover, redirect, four deliveries, complete: 11.
    case 'selection': return 12;
    case 'fallback': return 12;
  }
}

const N2N_LOG: readonly ('MIS_N2N_Prereg_Xfer.request' | 'MIS_N2N_HO_Complete.indication')[] = ['MIS_N2N_Prereg_Xfer.request', 'MIS_N2N_HO_Complete.indication'];

function fifoNetwork(e: WorldEvent): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'A';
    case 'handover': return e.target === null && !e.fallback;
    case 'complete':
    case 'abort':
    case 'deliver': return true;
    default: return false;
  }
}

/** Both MNs attach at A and hand over to the PoS 5.14.3 selects; deliveries in order. */
function homeWalk(e: WorldEvent): boolean {
  switch (e.kind) {
    case 'attach': return e.domain === 'A';
    case 'handover': return e.target === null && !e.fallback;
    case 'complete': return true;
    case 'deliver': return e.index === 0;
    default: return false;
  }
}

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

/** Checks a spec read from a file (a counterexample) before a system is built from it. */
export function checkSpec(x: unknown): ScenarioSpec {
  if (typeof x !== 'object' || x === null) throw new ScenarioError('scenario: not an object');
  const s = x as Record<string, unknown>;
  if (!SCENARIO_KINDS.includes(s.kind as ScenarioKind)) throw new ScenarioError(`scenario.kind must be one of ${SCENARIO_KINDS.join(', ')}`);
  if (!Number.isInteger(s.chainLimit) || (s.chainLimit as number) < 0 || (s.chainLimit as number) > 16) throw new ScenarioError('scenario.chainLimit must be an integer in 0..16');
  if (typeof s.variant !== 'object' || s.variant === null || Array.isArray(s.variant)) throw new ScenarioError('scenario.variant must be an object of axis: V-id');
  if (s.counter !== 'V-COUNTER-MAC' && s.counter !== 'V-COUNTER-CLEAR' && s.counter !== 'V-COUNTER-RANGE') {
    throw new ScenarioError('scenario.counter must be V-COUNTER-MAC, V-COUNTER-CLEAR or V-COUNTER-RANGE');
  }
  if (s.method !== 'EAP' && s.method !== 'ERP' && s.method !== 'TLS') throw new ScenarioError('scenario.method must be EAP, ERP or TLS');
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L
  // Files written when the range check was an adversary option name it as the counter: the
  // same system is now the MAC-protected counter with the model's range check.
  if (s.counter === 'V-COUNTER-RANGE') {
    return { ...(s as unknown as ScenarioSpec), counter: 'V-COUNTER-MAC', variant: { ...(s.variant as Partial<Variant>), counterRange: 'V-COUNTER-RANGE' } };
  }
  return s as unknown as ScenarioSpec;
}

/** The explored system of a scenario (throws VariantError / ModelError for a bad variant). */
export function buildSystem(spec: ScenarioSpec): AdversarySystem {
  const { chainLimit: L, variant, counter, method } = spec;
  switch (spec.kind) {
    case 'ring':
    case 'ring-passive': {
      const w = makeWorld(ringWorld(L, L + (counter === 'V-COUNTER-CLEAR' ? 4 : 3), method), variant, { faults: [] });
      return adversarySystem(w, {
        moves: spec.kind === 'ring' ? ['compromise', 'tamper'] : ['compromise'],
        counter, worldEvents: ringWalk, quiescentMoves: true, compromiseWhen: 'serving',
      });
    }
    case 'replay': {
      const w = makeWorld(networkWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, { moves: ['replay'], counter, worldEvents: fifoNetwork, quiescentMoves: true, logBound: 4, maxReplays: 1, logTypes: N2N_LOG });
    }
    case 'inject': {
      const w = makeWorld(networkWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, { moves: ['inject'], counter, rogue: ['R'], worldEvents: fifoNetwork, quiescentMoves: true, maxInjects: 1 });
    }
    case 'faults': {
      const w = makeWorld(networkWorld(L, method), variant, { faults: ['drop', 'duplicate'] });
      return adversarySystem(w, { moves: [], counter, worldEvents: (e) => fifoNetwork(e) || e.kind === 'drop' || e.kind === 'duplicate' });
    }
    case 'relabel': {
      const w = makeWorld(networkWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, { moves: ['compromise', 'relabel'], counter, compromisable: ['A', 'B'], compromiseWhen: 'serving', worldEvents: fifoNetwork, quiescentMoves: true });
    }
    case 'gkb': {
      const w = withGkbLineage(makeWorld(networkWorld(L, method), variant, { faults: [] }), 'mn1', 'A');
      return adversarySystem(w, { moves: ['compromise', 'relabel'], counter, compromisable: ['A', 'B'], compromiseWhen: 'serving', worldEvents: fifoNetwork, quiescentMoves: true });
    }
    case 'home': {
      const w = makeWorld(homeWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, { moves: ['compromise'], counter, compromisable: ['H'], worldEvents: homeWalk, quiescentMoves: true });
    }
    case 'candidates': {
      const w = makeWorld(candidateWorld(L, method), variant, { faults: ['drop'] });
      // The MN's home H is left out: the AAA anchor holds every root key, no limit helps there.
      return adversarySystem(w, { moves: ['compromise'], counter, compromisable: ['A', 'B', 'C'], worldEvents: candidateWalk, quiescentMoves: true });
    }
    case 'partner': {
      const w = makeWorld(networkWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, { moves: ['compromise', 'forge'], counter, compromisable: ['A', 'B'], worldEvents: fifoNetwork, quiescentMoves: true, maxForgeries: 2 });
    }
    case 'selection': {
      const w = makeWorld(selectionWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, {
        moves: ['compromise', 'redirect'], counter, compromisable: ['A'], compromiseWhen: 'serving', worldEvents: selectionWalk, quiescentMoves: true, maxForgeries: 1,
      });
    }
    case 'fallback': {
      const w = makeWorld(networkWorld(L, method), variant, { faults: [] });
      return adversarySystem(w, { moves: ['compromise', 'tamper'], counter, compromisable: ['A', 'B'], compromiseWhen: 'serving', worldEvents: fallbackWalk, quiescentMoves: true });
    }
  }
}
