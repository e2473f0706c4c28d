// World configurations for exploration, sized on the command line (--mns, --domains, --limit).
// The default world is the one the performance targets are stated for: 1 MN, 4 domains with a
// partial trust graph, L = 3.
import { DEFAULT_WORLD } from '../default-world.ts';
import type { DomainConfig, MnConfig, Method, WorldConfig } from '../../vocabulary/observation.ts';

export type WorldShape = 'default' | 'chain';

export interface WorldSize {
  /**
   * 'default': the four domains of harness/default-world.ts (partial, partly one-sided trust);
   * 'chain': `domains` domains with mutual agreements along A-B-C-... (makeWorld below).
   */
  readonly shape?: WorldShape;
  readonly mns?: number;
  readonly domains?: number;
  //= SPEC_MAPPING.md#A-CHAIN-L
  //# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
  //# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
  /** Chain limit L (Note 4, A-CHAIN-L). */
  readonly limit?: number;
  /** Full establishment method of every MN (all MNs alike, so they are interchangeable). */
  readonly method?: Method;
}

export class WorldSizeError extends Error {
  override readonly name = 'WorldSizeError';
}

const DOMAIN_IDS = 'ABCDEFGHIJKLMNOP';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
/**
 * Domains A, B, C, ...: mutual roaming agreements along the chain A-B-C-..., so a handover
 * chain can go as deep as the domains allow; the last domain also trusts A one-sidedly (A does
 * not trust it back: the misconfiguration of 5.14.1-S6), so the trust graph is partial and
 * directed. Every PoS knows every other one as a neighbour, in id order. MNs are alike and at
 * home in A, so with several MNs they are interchangeable (symmetry.ts).
 */
export function makeWorld(size: WorldSize = {}): WorldConfig {
  const nd = size.domains ?? 4;
  const nm = size.mns ?? 1;
  const limit = size.limit ?? 3;
  if (!Number.isInteger(nd) || nd < 1 || nd > DOMAIN_IDS.length) {
    throw new WorldSizeError(`--domains must be an integer in 1..${DOMAIN_IDS.length}, got ${nd}`);
  }
  if (!Number.isInteger(nm) || nm < 1 || nm > 8) throw new WorldSizeError(`--mns must be an integer in 1..8, got ${nm}`);
  if (!Number.isInteger(limit) || limit < 0 || limit > 64) {
    throw new WorldSizeError(`--limit must be an integer in 0..64, got ${limit}`);
  }
  const ids = [...DOMAIN_IDS.slice(0, nd)];
  const domains: DomainConfig[] = ids.map((id, i) => {
    const partners: string[] = [];
    if (i > 0) partners.push(ids[i - 1] as string);
    if (i < nd - 1) partners.push(ids[i + 1] as string);
    if (i === nd - 1 && nd > 2) partners.push(ids[0] as string);
    return {
      id,
      rats: ['wlan', 'lte'],
      neighbours: ids.filter((d) => d !== id),
      partners,
      suites: [1, 2],
      requestsFallback: false,
    };
  });
  const mns: MnConfig[] = Array.from({ length: nm }, (_, i) => ({
    id: `mn${i + 1}`,
    home: 'A',
    rats: ['wlan'],
    method: size.method ?? 'EAP',
    suites: [1, 2],
  }));
  return { chainLimit: limit, domains, mns };
}

/**
 * The world exploration runs on: the domains of the harness's default world (or a chain of
 * `domains` domains) and `mns` alike MNs (copies of the default world's mn1: EAP, home A), so
 * that with several MNs they are interchangeable. Defaults: 1 MN, the default domains, L = 3.
 */
export function exploreWorld(size: WorldSize = {}): WorldConfig {
  const shape = size.shape ?? 'default';
  if (shape === 'chain') return makeWorld(size);
  if (shape !== 'default') throw new WorldSizeError(`--world must be default or chain, got ${String(shape)}`);
  if (size.domains !== undefined && size.domains !== DEFAULT_WORLD.domains.length) {
    throw new WorldSizeError(`the default world has ${DEFAULT_WORLD.domains.length} domains; use --world chain for --domains ${size.domains}`);
  }
  const sized = makeWorld({ ...size, domains: 1 }); // validates mns and limit
  const template = DEFAULT_WORLD.mns[0];
  if (template === undefined) throw new WorldSizeError('the default world has no MN to copy');
  return {
    chainLimit: sized.chainLimit,
    domains: DEFAULT_WORLD.domains,
    mns: sized.mns.map((m) => ({ ...template, id: m.id, method: size.method ?? template.method })),
  };
}
