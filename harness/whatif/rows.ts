// The rows of the what-if matrix: one interpretation variant each (model/variants.ts, plus the
// adversary layer's counter-protection axis), everything else at its default reading, and last
// the proposed text as one configuration (PROPOSED). Rows whose axis only matters for one
// full-establishment method run with an MN of that method.

import type { CounterProtection } from '../../model/adversary/attacked-world.ts';
import type { Variant } from '../../model/variants.ts';

export interface MatrixRow {
  /** Stable id: the V- id that distinguishes the row (DEFAULT for the profile's readings). */
  readonly id: string;
  readonly title: string;
  readonly variant: Partial<Variant>;
  readonly counter: CounterProtection;
  readonly method: 'EAP' | 'ERP' | 'TLS';
  /** The requirement whose sentence the row reads. */
  readonly requirement: string;
  /**
   * `all`: every property is checked at every L of the sweep, not only at the default L (the
   * proposed text and every remedy: the editors ask for each property to hold at every L).
   */
  readonly sweep?: 'all';
}

//= SPEC_MAPPING.md#V-ENFORCE-ALL
//# The MN, the SPoS and the TPoS all check the chain limit
//= SPEC_MAPPING.md#V-FALLBACK-HONOURED
//# An MN that set the fallback flag refuses an optimized SA
//= SPEC_MAPPING.md#V-COMPLETE-BOUND
//# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
//= SPEC_MAPPING.md#V-TLS-MN
//# the MN refuses an optimized SA unless its own lineage is EAP or ERP
//= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
//# As V-MN-TARGET-CHECK, and a TPoS the SPoS selected is taken only if it is a network the MN
//# can reach from its point of attachment
//= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
//# A PoS that serves the MN refuses to be its TPoS
/**
 * The proposed text of SPEC_MAPPING.md as one configuration (examples/remedies/proposed.json):
 * Note 4 of F-6 (a depth counted by all three, carried under the MAC, refused by the TPoS outside
 * 1..L, an MN that asked for a full establishment takes no optimized one), the completion
 * indication of F-16, a PoS that serves the MN refusing to be its TPoS (F-30), the MN taking
 * only a TPoS address it asked for or can reach (F-31), and Notes 2 and 3 checked by the MN on its
 * own lineage (F-33: a lying SPoS gets an optimized SA onto a TLS or GKB lineage past every
 * network-side check). K stays with the SPoS (A-K-BIND, kSource spos): the PoS that ran the full
 * EAP is then the chain's first SPoS and Note 4's bound L covers it (F-35); every other axis at
 * the profile's reading.
 */
export const PROPOSED_ROW: MatrixRow = {
  id: 'PROPOSED',
  title: 'proposed text: Note 4 of F-6 (MN, SPoS and TPoS enforce, TPoS refuses outside 1..L, fallback honoured), F-16 (completion bound), F-30 (a serving PoS is no TPoS), F-31 (the MN checks the TPoS address), F-33 (the MN checks its lineage)',
  variant: {
    enforce: 'V-ENFORCE-ALL', counterRange: 'V-COUNTER-RANGE', mnFallback: 'V-FALLBACK-HONOURED', completion: 'V-COMPLETE-BOUND',
    mnTargetCheck: 'V-MN-TARGET-REACHABLE', tposServing: 'V-TPOS-SERVING-REFUSES', tls: 'V-TLS-MN',
  },
  counter: 'V-COUNTER-MAC',
  method: 'EAP',
  requirement: '5.14.2-N4c',
  sweep: 'all',
};

export const ROWS: readonly MatrixRow[] = [
  //= SPEC_MAPPING.md#V-COUNTER-MAC
  //# The chain counter (depth) travels inside the MAC of MIS_N2N_Prereg_Xfer.request: only a
  //# compromised SPoS can misstate it.
  { id: 'DEFAULT', title: 'profile defaults (docs/protocol.md), EAP MN', variant: {}, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N4c' },
  //= SPEC_MAPPING.md#V-NOTE1-LITERAL
  //# Read literally: whenever a full establishment is possible — always, for an
  { id: 'V-NOTE1-LITERAL', title: 'Note 1: fall back whenever a full establishment is possible', variant: { note1: 'V-NOTE1-LITERAL' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N1b' },
  //= SPEC_MAPPING.md#V-COUNT-HOPS-ANY
  //# A per-MN counter of optimized executions, reset only by the full establishment the limit
  //# forces; a voluntary fallback (MN or TPoS request, no trust) keeps it.
  { id: 'V-COUNT-HOPS-ANY', title: 'Note 4: counter counts every optimized execution, reset only by a forced full one', variant: { count: 'V-COUNT-HOPS-ANY' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N4c' },
  //= SPEC_MAPPING.md#V-ENFORCE-SPOS
  //# Only the SPoS checks (depth ≥ L → CHAIN_LIMIT); the TPoS accepts any depth.
  { id: 'V-ENFORCE-SPOS', title: 'Note 4: only the SPoS enforces', variant: { enforce: 'V-ENFORCE-SPOS' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N4b' },
  { id: 'V-ENFORCE-TPOS', title: 'Note 4: only the TPoS enforces', variant: { enforce: 'V-ENFORCE-TPOS' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N4b' },
  //= SPEC_MAPPING.md#V-ENFORCE-MN
  //# Only the MN checks: at depth ≥ L it sets the fallback flag in MIS_Prereg_Xfer.request, and the
  //# SPoS answers MN_REQUESTED.
  { id: 'V-ENFORCE-MN', title: 'Note 4: only the MN enforces (asks for fallback)', variant: { enforce: 'V-ENFORCE-MN' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N4b' },
  { id: 'V-COUNTER-CLEAR', title: 'Note 4: counter outside the integrity protection', variant: {}, counter: 'V-COUNTER-CLEAR', method: 'EAP', requirement: '5.14.2-N4c' },
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L (an
  //# optimized SA has depth ≥ 1), so the smallest lie a compromised SPoS gets through is 1.
  { id: 'V-COUNTER-RANGE', title: 'Note 4: counter MAC-protected and the TPoS refuses a counter outside 1..L', variant: { counterRange: 'V-COUNTER-RANGE' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-N4c' },
  { id: 'V-ERP-FULL', title: 'Note 2: ERP is a full establishment (ERP MN)', variant: { erp: 'V-ERP-FULL' }, counter: 'V-COUNTER-MAC', method: 'ERP', requirement: '5.14.2-N2b' },
  //= SPEC_MAPPING.md#V-ERP-OPTIMIZED
  //# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
  //# kept; the establishment the limit forces is then a full EAP run.
  { id: 'V-ERP-OPTIMIZED', title: 'Note 2: ERP counted as optimized (ERP MN)', variant: { erp: 'V-ERP-OPTIMIZED' }, counter: 'V-COUNTER-MAC', method: 'ERP', requirement: '5.14.2-N2b' },
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
  //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
  { id: 'V-K-HPOS', title: 'S2: K from the higher level entity (HPoS), ID_TYPE 1', variant: { kSource: 'V-K-HPOS' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-S2' },
  //= SPEC_MAPPING.md#V-K-HPOS-EMSK
  //# K is derived from a usage-specific root key of the EMSK hierarchy (RFC 5295)
  { id: 'V-K-HPOS-EMSK', title: 'S2: K from the HPoS, derived from the EMSK hierarchy (RFC 5295), ID_TYPE 1', variant: { kSource: 'V-K-HPOS-EMSK' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-S2' },
  { id: 'V-K-SHARED', title: 'S6: one K for every candidate TPoS', variant: { kScope: 'V-K-SHARED' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.2-S6' },
  //= SPEC_MAPPING.md#V-TLS-ROOT
  //# No optimized hop from an SA whose lineage root is TLS: the SPoS checks the root of its own SA
  //# with the MN (TLS_ROOT).
  { id: 'V-TLS-ROOT', title: 'Note 3: TLS exclusion by the SA\'s root (TLS MN)', variant: { tls: 'V-TLS-ROOT' }, counter: 'V-COUNTER-MAC', method: 'TLS', requirement: '5.14.2-N3' },
  //= SPEC_MAPPING.md#V-TLS-PROTOCOL
  //# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs, not
  //# the root of its own SA.
  { id: 'V-TLS-PROTOCOL', title: 'Note 3: TLS exclusion by the MN–TPoS protocol (TLS MN)', variant: { tls: 'V-TLS-PROTOCOL' }, counter: 'V-COUNTER-MAC', method: 'TLS', requirement: '5.14.2-N3' },
  //= SPEC_MAPPING.md#V-TLS-MN
  //# the MN refuses an optimized SA unless its own lineage is EAP or ERP
  { id: 'V-TLS-MN', title: 'Notes 2, 3: the MN refuses an optimized SA on a TLS or GKB lineage (TLS MN)', variant: { tls: 'V-TLS-MN' }, counter: 'V-COUNTER-MAC', method: 'TLS', requirement: '5.14.2-N3' },
  //= SPEC_MAPPING.md#V-MN-NO-TARGET-CHECK
  //# The MN takes whatever TPoS address its SPoS returns
  { id: 'V-MN-NO-TARGET-CHECK', title: '5.14.3-S7: the MN takes any TPoS address its SPoS returns', variant: { mnTargetCheck: 'V-MN-NO-TARGET-CHECK' }, counter: 'V-COUNTER-MAC', method: 'EAP', requirement: '5.14.3-S7' },
  PROPOSED_ROW,
];

export function rowById(id: string): MatrixRow | undefined {
  return ROWS.find((r) => r.id === id);
}
