// The clause's small decisions as pure functions, shared by the guards and actions of the
// machines. Each one cites the sentence it reads.

import type { LineageClaim } from './pdus.ts';
import type { DomainId, IdType, Method, ModelDomainConfig, RootKind } from './types.ts';
import type { Variant } from './variants.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
//# The optimized MIH SA establishment is allowed only when a trust relationship has established
//# between the network domains of SPoS and TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
/** Trust is directed configuration: X trusts Y iff Y is in X.partners (5.14.2-N1a, 5.14.1-S6). */
export function trusts(x: ModelDomainConfig, y: DomainId): boolean {
  return x.partners.includes(y);
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
//= spec/clause-5.14-proposed-text.txt#5.14.3-S4
//# This also depends on the SPoS having access to location and configuration information about the
//# MN—for example which radio access technologies (RATs) are configured for operation on the MN.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S5
//# it may be also important that the SPoS should have a security relationship with a candidate TPoS
//# in order to avoid interference from malicious nodes
//= spec/clause-5.14-proposed-text.txt#5.14.3-S6
//# This would typically mean that the operators are also roaming partners.
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

//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
/** 5.14.2-S8: the cipher suite c is the first suite offered by the MN that the TPoS supports. */
export function firstCommonSuite(offered: readonly number[], supported: readonly number[]): number | null {
  for (const c of offered) if (supported.includes(c)) return c;
  return null;
}

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** 5.14-T1: ID_TYPE of an SA made by a full establishment (ERP runs are EAP-generated). */
export function idTypeOfFull(method: Method): IdType {
  return method === 'TLS' ? 0 : 1;
}

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
//= SPEC_MAPPING.md#V-K-SPOS
//# The SPoS derives K from its SA with the MN (A-K-BIND) and sends it to the MN and the TPoS; the
//# SA made is SPoS-generated (ID_TYPE 3).
//= SPEC_MAPPING.md#V-K-HPOS
//# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
//# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
/**
 * 5.14-T1, 5.14.2-S2: ID_TYPE of an SA made by an optimized establishment: SPoS-generated when
 * K comes from the SPoS (V-K-SPOS), EAP-generated when it comes from the HPoS (V-K-HPOS).
 */
export function idTypeOfOptimized(v: Variant): IdType {
  return v.kSource === 'V-K-SPOS' ? 3 : 1;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
//= SPEC_MAPPING.md#V-ERP-OPTIMIZED
//# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
//# kept; the establishment the limit forces is then a full EAP run.
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

//= SPEC_MAPPING.md#A-ERP-FULL
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
//= SPEC_MAPPING.md#V-COUNT-DEPTH
//# "certain number of executions" is the depth of the key lineage: optimized establishments since
//# the last full establishment of any kind (the SA's depth).
//= SPEC_MAPPING.md#V-ERP-OPTIMIZED
//# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
//# kept; the establishment the limit forces is then a full EAP run.
//= SPEC_MAPPING.md#V-COUNT-HOPS-ANY
//# A per-MN counter of optimized executions, reset only by the full establishment the limit forces;
//# a voluntary fallback (MN or TPoS request, no trust) keeps it.
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
