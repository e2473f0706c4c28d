// The worlds the what-if analysis explores. Small on purpose: each one isolates one question, and
// the restricted alphabet it uses is part of its statement (docs/whatif/README.md repeats it).

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
