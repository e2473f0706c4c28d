// The clause's small decisions as pure functions, shared by the guards and actions of the
// machines. Each one cites the sentence it reads.

import type { LineageClaim } from './pdus.ts';
import type { DomainId, IdType, Method, ModelDomainConfig, RootKind } from './types.ts';
import type { Variant } from './variants.ts';

/** Trust is directed configuration: X trusts Y iff Y is in X.partners (5.14.2-N1a, 5.14.1-S6). */
export function trusts(x: ModelDomainConfig, y: DomainId): boolean {
  return x.partners.includes(y);
}

/**
 * 5.14.3-S3..S6: the SPoS picks, among the surrounding networks it knows (in preference order),
 * the first with which it has a security relationship (a roaming partner, S5/S6) and that offers
 * one of the radio access technologies configured on the MN (S4).
 */
export function selectTarget(
  spos: ModelDomainConfig,
  domainById: ReadonlyMap<DomainId, ModelDomainConfig>,
  mnRats: readonly string[],
): DomainId | null {
  for (const n of spos.neighbours) {
    const d = domainById.get(n);
    if (d === undefined || n === spos.id || !trusts(spos, n)) continue;
    if (d.rats.some((r) => mnRats.includes(r))) return n;
  }
  return null;
}

/** 5.14.2-S8: the cipher suite c is the first suite offered by the MN that the TPoS supports. */
export function firstCommonSuite(offered: readonly number[], supported: readonly number[]): number | null {
  for (const c of offered) if (supported.includes(c)) return c;
  return null;
}

/** 5.14-T1: ID_TYPE of an SA made by a full establishment (ERP runs are EAP-generated). */
export function idTypeOfFull(method: Method): IdType {
  return method === 'TLS' ? 0 : 1;
}

/**
 * 5.14-T1, 5.14.2-S2: ID_TYPE of an SA made by an optimized establishment: SPoS-generated when
 * K comes from the SPoS (V-K-SPOS), EAP-generated when it comes from the HPoS (V-K-HPOS).
 */
export function idTypeOfOptimized(v: Variant): IdType {
  return v.kSource === 'V-K-HPOS' ? 1 : 3;
}

/**
 * 5.14.2-N4c: the full establishment the chain limit forces is a run of the MN's method, except
 * under V-ERP-OPTIMIZED where ERP does not count as full and the MN runs EAP instead.
 */
export function methodForFullEstablishment(v: Variant, configured: Method, forcedByLimit: boolean): Method {
  return v.erp === 'V-ERP-OPTIMIZED' && configured === 'ERP' && forcedByLimit ? 'EAP' : configured;
}

export interface Lineage {
  readonly root: RootKind;
  readonly depth: number;
  readonly chain: number;
}

/**
 * The lineage of an SA made by a full establishment with `method`. Defaults: root = method,
 * depth 0, counter 0 (A-ERP-FULL, V-COUNT-DEPTH). V-ERP-OPTIMIZED: an ERP run continues the
 * lineage it re-authenticates (depth and counter + 1). V-COUNT-HOPS-ANY: only a forced full
 * establishment resets the counter.
 */
export function lineageAfterFull(v: Variant, method: Method, prior: LineageClaim | null): Lineage {
  if (prior !== null && v.erp === 'V-ERP-OPTIMIZED' && method === 'ERP') {
    return { root: prior.root, depth: prior.depth + 1, chain: prior.chain + 1 };
  }
  const chain = prior !== null && v.count === 'V-COUNT-HOPS-ANY' && !prior.forced ? prior.chain : 0;
  return { root: method, depth: 0, chain };
}
