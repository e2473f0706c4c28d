// The world a standard conformance run uses unless told otherwise: two MNs (one EAP,
// one TLS), four domains with a partial, partly one-sided trust graph, L = 3, and suites chosen
// so that one pair has no common suite. Every decision of the SPoS and TPoS orders
// (docs/protocol.md §4) is reachable in it:
// - A ⇄ B, A ⇄ C, B ⇄ C trust both ways: optimized chains of any length (CHAIN_LIMIT at L = 3);
// - D trusts A but A does not trust D: A → D is NO_TRUST at the SPoS, D → A is
//   UNAUTHORIZED_SOURCE at the TPoS (then TARGET_REFUSED to the MN);
// - C trusts D, D does not trust C: C → D is refused by D as well;
// - mn2 (TLS) offers only suite 2, B supports only suite 1 (TLS_ROOT comes first, so this
//   matters only to an implementation that wrongly goes optimized for mn2);
// - A's neighbours start with D (not a partner) so 5.14.3 selection must skip it; D's only
//   neighbour is C, which D has no agreement with: selection from D finds NO_TARGET.
// Any PoS's fallback policy is toggled by the setFallbackPolicy stimulus (TPOS_REQUESTED).
import type { WorldConfig } from '../vocabulary/observation.ts';

export const DEFAULT_WORLD: WorldConfig = {
  chainLimit: 3,
  domains: [
    { id: 'A', rats: ['wlan', 'lte'], neighbours: ['D', 'B', 'C'], partners: ['B', 'C'], suites: [1, 2], requestsFallback: false },
    { id: 'B', rats: ['wlan'], neighbours: ['A', 'C'], partners: ['A', 'C'], suites: [1], requestsFallback: false },
    { id: 'C', rats: ['lte', 'wlan'], neighbours: ['A', 'B', 'D'], partners: ['A', 'B', 'D'], suites: [2, 1], requestsFallback: false },
    { id: 'D', rats: ['lte'], neighbours: ['C'], partners: ['A'], suites: [1, 2], requestsFallback: false },
  ],
  mns: [
    { id: 'mn1', home: 'A', rats: ['wlan', 'lte'], method: 'EAP', suites: [1, 2] },
    { id: 'mn2', home: 'B', rats: ['lte'], method: 'TLS', suites: [2] },
  ],
};
