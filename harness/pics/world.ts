// The world a conformance run is configured with, derived from the PICS: the claimed chain
// limit, methods and suites, and a trust topology that makes every applicable purpose
// reachable (one-sided partner entries for NO_TRUST and UNAUTHORIZED_SOURCE, 5.14.1-S6).
import type { DomainConfig, MnConfig, Method, WorldConfig } from '../observation.ts';
import type { Pics } from './pics.ts';

/**
 * Domains A, B, C and two MNs homed in A and B.
 *   A trusts B, C   B trusts A only   C trusts A, B
 * so A ↔ B and A ↔ C are optimized, C → B is sent by the SPoS but refused by the TPoS
 * (UNAUTHORIZED_SOURCE, 5.14.1-S6), and B → C is refused by the SPoS (NO_TRUST, 5.14.2-N1a).
 * The SUT's PoS, when it plays one PoS role alone, is B: it meets both one-sided agreements.
 */
export function worldFor(pics: Pics): WorldConfig {
  const suites = [...pics.suites];
  const methods: readonly Method[] = pics.methods;
  const domain = (id: string, neighbours: string[], partners: string[], rats: string[]): DomainConfig => ({
    id,
    rats,
    neighbours,
    partners,
    suites,
    requestsFallback: false,
  });
  const mn = (id: string, home: string, method: Method): MnConfig => ({ id, home, rats: ['wlan', 'lte'], method, suites });
  return {
    chainLimit: pics.chainLimit,
    domains: [domain('A', ['B', 'C'], ['B', 'C'], ['wlan', 'lte']), domain('B', ['C', 'A'], ['A'], ['wlan']), domain('C', ['B', 'A'], ['A', 'B'], ['lte'])],
    mns: [mn('mn1', 'A', methods[0] ?? 'EAP'), mn('mn2', 'B', methods.at(-1) ?? 'EAP')],
  };
}

/** The PoS the SUT plays when it implements only one PoS role (see worldFor). */
export const SUT_POS = 'B';
