//= SPEC_MAPPING.md#A-CHAIN-L
//# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized establishment
//# is allowed only from an SA of depth < L; L = 0 disables the optimized path.
// Interpretation variants: every sentence of Clause 5.14 the model has to read one way or
// another is an axis here, named with the V- IDs of SPEC_MAPPING.md. The defaults are the
// readings docs/protocol.md pins. The chain limit L itself is world configuration
// (`chainLimit`, A-CHAIN-L), not a variant.

export interface Variant {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
  //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
  //# whenever it is possible,
  /** 5.14.2-N1b: "It shall fall back ... whenever it is possible". */
  //= SPEC_MAPPING.md#V-NOTE1-NOT-POSSIBLE
  //# "fall back … whenever it is possible" is read as "whenever the
  readonly note1: 'V-NOTE1-NOT-POSSIBLE' | 'V-NOTE1-LITERAL';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  /** 5.14.2-N4c: "after certain number of executions of the optimized SA establishment". */
  readonly count: 'V-COUNT-DEPTH' | 'V-COUNT-HOPS-ANY';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
  //# To prevent such domino effect, the chain shall be limited.
  /** 5.14.2-N4b: "the chain shall be limited" — by whom. */
  //= SPEC_MAPPING.md#V-ENFORCE-BOTH
  //# The SPoS refuses to start an optimized hop at depth ≥ L and the TPoS refuses a request whose
  //# depth > L (A-DEPTH-WIRE).
  //= SPEC_MAPPING.md#V-ENFORCE-SPOS
  //# Only the SPoS checks (depth ≥ L → CHAIN_LIMIT); the TPoS accepts any depth.
  //= SPEC_MAPPING.md#V-ENFORCE-TPOS
  //# Only the TPoS checks the depth carried in MIS_N2N_Prereg_Xfer (depth > L → CHAIN_LIMIT).
  //= SPEC_MAPPING.md#V-ENFORCE-ALL
  //# The MN, the SPoS and the TPoS all check the chain limit
  /**
   * Who enforces: a set of {MN, SPoS, TPoS}. A named set is spelled by its V- id (the form every
   * default and every row uses); any other set is the sorted list of its members.
   */
  readonly enforce: EnforceSetId | EnforcerSet;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
  //# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
  //# ERP execution.
  /** 5.14.2-N2b: "as it is obtained through an EAP or ERP execution" — does ERP reset the chain. */
  //= SPEC_MAPPING.md#V-ERP-FULL
  //# An ERP execution is a full establishment (A-ERP-FULL): root ERP, depth 0, ID_TYPE 1.
  readonly erp: 'V-ERP-FULL' | 'V-ERP-OPTIMIZED';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
  //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
  /** 5.14.2-S2: "obtain a key derivation key K from SPoS or from a higher level entity". */
  //= SPEC_MAPPING.md#V-K-HPOS-EMSK
  //# K is derived from a usage-specific root key of the EMSK hierarchy (RFC 5295)
  readonly kSource: 'V-K-SPOS' | 'V-K-HPOS' | 'V-K-HPOS-EMSK';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is
  /** 5.14.2-N3: "If protocol of establishing SAs between an MN and a TPoS is TLS". */
  //= SPEC_MAPPING.md#V-TLS-MN
  //# the MN refuses an optimized SA unless its own lineage is EAP or ERP
  readonly tls: 'V-TLS-ROOT' | 'V-TLS-PROTOCOL' | 'V-TLS-MN';
  /** 5.14.3: one K per candidate TPoS, or one K for all candidates (the clause leaves it open). */
  readonly kScope: 'V-K-PER-TPOS' | 'V-K-SHARED';
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L
  /** 5.14.2-N4c: what the TPoS checks of the counter it receives (only its upper bound, or 1..L). */
  readonly counterRange: 'V-RANGE-UPPER' | 'V-COUNTER-RANGE';
  //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
  //# An MN that set the fallback flag refuses an optimized SA
  /** 5.14.2-N1c: does an MN that asked for a full establishment accept an optimized SA anyway. */
  readonly mnFallback: 'V-FALLBACK-ACCEPTS' | 'V-FALLBACK-HONOURED';
  //= SPEC_MAPPING.md#V-FALLBACK-SEEN
  //# MIS_N2N_Prereg_Xfer.request carries the MN's fallback flag
  /** 5.14.2-N1c: does the TPoS see that the MN asked for a full establishment. */
  readonly tposSeesFallback: 'V-FALLBACK-UNSEEN' | 'V-FALLBACK-SEEN';
  //= SPEC_MAPPING.md#V-COMPLETE-BOUND
  //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
  /** 5.14.1-S17: what the completion indication names, and so which SA the old SPoS deletes. */
  readonly completion: 'V-COMPLETE-UNBOUND' | 'V-COMPLETE-BOUND';
  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  //= SPEC_MAPPING.md#V-MN-TARGET-CHECK
  //# The MN takes a TPoS address from its SPoS only if it is not its current SPoS and, when the MN
  //# named a target, is that target
  /** 5.14.3-S7: what the MN checks of the TPoS address its SPoS returns. */
  readonly mnTargetCheck: 'V-MN-TARGET-CHECK' | 'V-MN-NO-TARGET-CHECK' | 'V-MN-TARGET-REACHABLE';
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
  //# As the MN moves from one partner network to the next target network, the MN establishes or
  //# renews a security association with the PoS in the target network, i.e. the TPoS.
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //# A PoS that serves the MN refuses to be its TPoS
  /** 5.14.1-S18: may a PoS that serves the MN be made its TPoS (and so drop its serving SA). */
  readonly tposServing: 'V-TPOS-SERVING-ACCEPTS' | 'V-TPOS-SERVING-REFUSES';
}

/** The entities that may enforce the chain limit of 5.14.2-N4b. */
export type Enforcer = 'MN' | 'SPoS' | 'TPoS';
export const ENFORCERS: readonly Enforcer[] = ['MN', 'SPoS', 'TPoS'];
/** A set of enforcers, as a list in ENFORCERS order without repeats. */
export type EnforcerSet = readonly Enforcer[];
export type EnforceSetId = 'V-ENFORCE-BOTH' | 'V-ENFORCE-SPOS' | 'V-ENFORCE-TPOS' | 'V-ENFORCE-MN' | 'V-ENFORCE-ALL';

/** The named sets: the V-ENFORCE-* ids of SPEC_MAPPING.md. */
export const ENFORCE_SETS: Readonly<Record<EnforceSetId, EnforcerSet>> = {
  'V-ENFORCE-BOTH': ['SPoS', 'TPoS'],
  'V-ENFORCE-SPOS': ['SPoS'],
  'V-ENFORCE-TPOS': ['TPoS'],
  'V-ENFORCE-MN': ['MN'],
  'V-ENFORCE-ALL': ['MN', 'SPoS', 'TPoS'],
};

export type VariantAxis = keyof Variant;
/** The V- id of one reading (an enforcer set given as a list has none). */
export type VariantId = Exclude<Variant[VariantAxis], EnforcerSet>;

/** The readings of docs/protocol.md. */
export const DEFAULT_VARIANT: Variant = Object.freeze({
  note1: 'V-NOTE1-NOT-POSSIBLE',
  count: 'V-COUNT-DEPTH',
  enforce: 'V-ENFORCE-BOTH',
  erp: 'V-ERP-FULL',
  kSource: 'V-K-SPOS',
  tls: 'V-TLS-ROOT',
  kScope: 'V-K-PER-TPOS',
  counterRange: 'V-RANGE-UPPER',
  mnFallback: 'V-FALLBACK-ACCEPTS',
  tposSeesFallback: 'V-FALLBACK-UNSEEN',
  completion: 'V-COMPLETE-UNBOUND',
  mnTargetCheck: 'V-MN-TARGET-CHECK',
  tposServing: 'V-TPOS-SERVING-ACCEPTS',
});

export interface Reading {
  readonly axis: VariantAxis;
  /** The requirement whose sentence is read. */
  readonly requirement: string;
  readonly sentence: string;
  readonly reading: string;
}

/** Every reading the model implements, with the sentence it reads. */
export const READINGS: Readonly<Record<VariantId, Reading>> = {
  'V-NOTE1-NOT-POSSIBLE': {
    axis: 'note1', requirement: '5.14.2-N1b',
    sentence: 'It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX whenever it is possible',
    reading: 'fall back whenever the optimized establishment is not possible (a reason of the SPoS or TPoS order applies)',
  },
  'V-NOTE1-LITERAL': {
    axis: 'note1', requirement: '5.14.2-N1b',
    sentence: 'It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX whenever it is possible',
    reading: 'fall back whenever a full establishment is possible, which in this world is always: the SPoS answers FULL_AUTH_REQUIRED (reason NONE) after its other checks, so the optimized path never runs',
  },
  'V-COUNT-DEPTH': {
    axis: 'count', requirement: '5.14.2-N4c',
    sentence: 'after certain number of executions of the optimized SA establishment, it shall force an SA establishment through the methods specified in 21m',
    reading: 'the counter is the depth of the key lineage: optimized hops since the last full establishment of any kind',
  },
  'V-COUNT-HOPS-ANY': {
    axis: 'count', requirement: '5.14.2-N4c',
    sentence: 'after certain number of executions of the optimized SA establishment, it shall force an SA establishment through the methods specified in 21m',
    reading: 'the counter counts optimized executions per MN and is reset only by the full establishment the limit forces; a voluntary fallback (MN/TPoS request, no trust) keeps it',
  },
  'V-ENFORCE-BOTH': {
    axis: 'enforce', requirement: '5.14.2-N4b',
    sentence: 'To prevent such domino effect, the chain shall be limited.',
    reading: 'the SPoS refuses to start an optimized hop at depth >= L and the TPoS refuses a request whose depth > L',
  },
  'V-ENFORCE-SPOS': {
    axis: 'enforce', requirement: '5.14.2-N4b',
    sentence: 'To prevent such domino effect, the chain shall be limited.',
    reading: 'only the SPoS checks the counter (depth >= L -> CHAIN_LIMIT)',
  },
  'V-ENFORCE-TPOS': {
    axis: 'enforce', requirement: '5.14.2-N4b',
    sentence: 'To prevent such domino effect, the chain shall be limited.',
    reading: 'only the TPoS checks the counter carried in MIS_N2N_Prereg_Xfer (depth > L -> CHAIN_LIMIT)',
  },
  'V-ENFORCE-MN': {
    axis: 'enforce', requirement: '5.14.2-N4b',
    sentence: 'To prevent such domino effect, the chain shall be limited.',
    reading: 'only the MN checks: at depth >= L it sets the fallback flag in MIS_Prereg_Xfer.request (the SPoS then answers MN_REQUESTED)',
  },
  'V-ENFORCE-ALL': {
    axis: 'enforce', requirement: '5.14.2-N4b',
    sentence: 'To prevent such domino effect, the chain shall be limited.',
    reading: 'the MN, the SPoS and the TPoS all check: the MN asks for fallback at depth >= L, the SPoS refuses at depth >= L, the TPoS refuses a request whose depth > L',
  },
  'V-ERP-FULL': {
    axis: 'erp', requirement: '5.14.2-N2b',
    sentence: 'In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or ERP execution.',
    reading: 'an ERP execution is a full establishment: root ERP, depth 0 (A-ERP-FULL)',
  },
  'V-ERP-OPTIMIZED': {
    axis: 'erp', requirement: '5.14.2-N2b',
    sentence: 'In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or ERP execution.',
    reading: 'an ERP re-authentication reuses the EAP key hierarchy, so it does not reset the chain: depth and counter +1, root kept; the establishment the limit forces is then a full EAP run',
  },
  'V-K-SPOS': {
    axis: 'kSource', requirement: '5.14.2-S2',
    sentence: 'It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.',
    reading: 'the SPoS derives K from its SA with the MN and sends it to the MN and the TPoS; the SA made is SPoS-generated (ID_TYPE 3)',
  },
  'V-K-HPOS': {
    axis: 'kSource', requirement: '5.14.2-S2',
    sentence: 'It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.',
    reading: 'the TPoS obtains K from the MN\'s HPoS (off the wire), the MN derives it from its EAP root; the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1)',
  },
  'V-TLS-ROOT': {
    axis: 'tls', requirement: '5.14.2-N3',
    sentence: 'If protocol of establishing SAs between an MN and a TPoS is TLS, then the optimized SA establishment method does not apply',
    reading: 'no optimized hop from an SA whose lineage root is TLS (the SPoS checks its own SA)',
  },
  'V-TLS-PROTOCOL': {
    axis: 'tls', requirement: '5.14.2-N3',
    sentence: 'If protocol of establishing SAs between an MN and a TPoS is TLS, then the optimized SA establishment method does not apply',
    reading: 'only the MN-TPoS protocol matters: the SPoS checks the method the MN declares in MIS_Prereg_Xfer.request, not the root of its SA',
  },
  'V-K-HPOS-EMSK': {
    axis: 'kSource', requirement: '5.14.2-S2',
    sentence: 'It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.',
    reading: 'as V-K-HPOS, but the HPoS derives K from a usage-specific root key of the EMSK hierarchy (RFC 5295), which the authenticator of the EAP run never receives (it holds only the MSK, RFC 5247)',
  },
  'V-TLS-MN': {
    axis: 'tls', requirement: '5.14.2-N3',
    sentence: 'If protocol of establishing SAs between an MN and a TPoS is TLS, then the optimized SA establishment method does not apply',
    reading: 'as V-TLS-ROOT at the SPoS, and the MN, an end of the MN-TPoS protocol, refuses an optimized SA unless its own lineage is EAP or ERP (5.14.2-N2a): on SUCCESS it runs the full establishment with the named TPoS instead',
  },
  'V-K-PER-TPOS': {
    axis: 'kScope', requirement: '5.14.2-S6',
    sentence: 'If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH SA between MN and SPoS',
    reading: 'one K per (MN, SPoS, TPoS, Nonce-N): K is bound to one TPoS (A-K-BIND)',
  },
  'V-K-SHARED': {
    axis: 'kScope', requirement: '5.14.2-S6',
    sentence: 'If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH SA between MN and SPoS',
    reading: 'one K per SPoS SA, handed to every candidate TPoS (no binding to the TPoS or the request)',
  },
  'V-RANGE-UPPER': {
    axis: 'counterRange', requirement: '5.14.2-N4c',
    sentence: 'after certain number of executions of the optimized SA establishment, it shall force an SA establishment through the methods specified in 21m',
    reading: 'a TPoS that enforces refuses only a counter above L; any lower counter, 0 included, is accepted',
  },
  'V-COUNTER-RANGE': {
    axis: 'counterRange', requirement: '5.14.2-N4c',
    sentence: 'after certain number of executions of the optimized SA establishment, it shall force an SA establishment through the methods specified in 21m',
    reading: 'the TPoS refuses a counter outside 1..L (CHAIN_LIMIT): an optimized SA has depth >= 1, so a lying SPoS gets through with 1 at best',
  },
  'V-FALLBACK-ACCEPTS': {
    axis: 'mnFallback', requirement: '5.14.2-N1c',
    sentence: 'or if any of the MN or TPoS requests so.',
    reading: 'an MN that set the fallback flag still installs an optimized SA if the SPoS grants one (docs/protocol.md §5 step 6)',
  },
  'V-FALLBACK-HONOURED': {
    axis: 'mnFallback', requirement: '5.14.2-N1c',
    sentence: 'or if any of the MN or TPoS requests so.',
    reading: 'an MN that set the fallback flag refuses an optimized SA: on SUCCESS it runs the full establishment with the named TPoS instead',
  },
  'V-FALLBACK-UNSEEN': {
    axis: 'tposSeesFallback', requirement: '5.14.2-N1c',
    sentence: 'or if any of the MN or TPoS requests so.',
    reading: 'the MN\'s fallback flag ends at the SPoS; MIS_N2N_Prereg_Xfer.request does not carry it',
  },
  'V-FALLBACK-SEEN': {
    axis: 'tposSeesFallback', requirement: '5.14.2-N1c',
    sentence: 'or if any of the MN or TPoS requests so.',
    reading: 'MIS_N2N_Prereg_Xfer.request carries the MN\'s fallback flag as the SPoS received it; a TPoS that sees it set answers FULL_AUTH_REQUIRED (MN_REQUESTED)',
  },
  'V-COMPLETE-UNBOUND': {
    axis: 'completion', requirement: '5.14.1-S17',
    sentence: 'After initial attachment, there is signaling defined so that at all times the MN has a security association with the PoS in the network at its current point of attachment, i.e., the SPoS.',
    reading: 'MIS_N2N_HO_Complete.indication names only the MN; the old SPoS deletes whatever SA it holds with it (A-HO-COMPLETE)',
  },
  'V-COMPLETE-BOUND': {
    axis: 'completion', requirement: '5.14.1-S17',
    sentence: 'After initial attachment, there is signaling defined so that at all times the MN has a security association with the PoS in the network at its current point of attachment, i.e., the SPoS.',
    reading: 'MIS_HO_Complete.request (MN to TPoS, under the new SA) and MIS_N2N_HO_Complete.indication (TPoS to old SPoS, under the MIS SA) name the Nonce-N of the MIS_Prereg_Xfer exchange they complete; the old SPoS deletes its SA only if that preparation was made from it',
  },
  'V-MN-TARGET-CHECK': {
    axis: 'mnTargetCheck', requirement: '5.14.3-S7',
    sentence: 'Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as described above.',
    reading: 'the MN takes the TPoS address only if it is not its current SPoS and, when the MN named a target, is that target (docs/protocol.md §5.2, PDU 6 [bad-field]); an address the SPoS selected is taken as it comes',
  },
  'V-MN-NO-TARGET-CHECK': {
    axis: 'mnTargetCheck', requirement: '5.14.3-S7',
    sentence: 'Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as described above.',
    reading: 'the MN takes whatever TPoS address its SPoS returns, even another than the target it named',
  },
  'V-MN-TARGET-REACHABLE': {
    axis: 'mnTargetCheck', requirement: '5.14.3-S3',
    sentence: 'the SPoS can make a determination about which target network may best be able to provide connectivity and service to the MN',
    reading: 'as V-MN-TARGET-CHECK, and an address the SPoS selected is taken only if it is a network the MN can reach from its point of attachment (a neighbour of its SPoS offering one of its RATs)',
  },
  'V-TPOS-SERVING-ACCEPTS': {
    axis: 'tposServing', requirement: '5.14.1-S18',
    sentence: 'As the MN moves from one partner network to the next target network, the MN establishes or renews a security association with the PoS in the target network, i.e. the TPoS.',
    reading: 'a PoS takes up a MIS_N2N_Prereg_Xfer.request for any MN, and the SA it prepares replaces the SA its SPoS role holds with that MN (the profile: one SA per PoS and MN)',
  },
  'V-TPOS-SERVING-REFUSES': {
    axis: 'tposServing', requirement: '5.14.1-S18',
    sentence: 'As the MN moves from one partner network to the next target network, the MN establishes or renews a security association with the PoS in the target network, i.e. the TPoS.',
    reading: 'a PoS that holds an SA with the MN in its SPoS role answers a MIS_N2N_Prereg_Xfer.request for that MN with FULL_AUTH_REQUIRED (TPOS_REQUESTED): only a full establishment, which the MN runs itself, replaces the SA of a PoS that serves it',
  },
};

export const VARIANT_AXES: readonly VariantAxis[] = [
  'note1', 'count', 'enforce', 'erp', 'kSource', 'tls', 'kScope', 'counterRange', 'mnFallback', 'tposSeesFallback', 'completion',
  'mnTargetCheck', 'tposServing',
];

export class VariantError extends Error {
  override readonly name = 'VariantError';
  constructor(readonly axis: string, readonly value: unknown) {
    super(`unknown interpretation variant ${String(value)} for axis ${axis}`);
  }
}

/**
 * An enforcer set in its canonical form: the V- id of the named set it equals, else the sorted
 * list. Throws VariantError for anything that is not a set of {MN, SPoS, TPoS}.
 */
export function canonicalEnforceSet(value: unknown): EnforceSetId | EnforcerSet {
  if (typeof value === 'string') {
    if (Object.hasOwn(ENFORCE_SETS, value)) return value as EnforceSetId;
    throw new VariantError('enforce', value);
  }
  if (!Array.isArray(value) || value.some((m) => !ENFORCERS.includes(m as Enforcer)) || new Set(value).size !== value.length) {
    throw new VariantError('enforce', JSON.stringify(value));
  }
  const sorted = ENFORCERS.filter((m) => value.includes(m));
  const named = (Object.entries(ENFORCE_SETS) as [EnforceSetId, EnforcerSet][]).find(([, set]) => set.join() === sorted.join());
  return named === undefined ? Object.freeze(sorted) : named[0];
}

/** The members of a variant's enforcer set. */
export function enforcerSet(v: Pick<Variant, 'enforce'>): EnforcerSet {
  return typeof v.enforce === 'string' ? ENFORCE_SETS[v.enforce] : v.enforce;
}

/** Fills the unspecified axes with the defaults; rejects ids that do not belong to their axis. */
export function resolveVariant(partial: Partial<Variant> = {}): Variant {
  const v: Record<string, unknown> = { ...DEFAULT_VARIANT };
  for (const [axis, value] of Object.entries(partial) as [string, unknown][]) {
    if (value === undefined) continue;
    if (!VARIANT_AXES.includes(axis as VariantAxis)) throw new VariantError(axis, value);
    if (axis === 'enforce') {
      v[axis] = canonicalEnforceSet(value);
      continue;
    }
    const reading = typeof value === 'string' ? (READINGS as Record<string, Reading | undefined>)[value] : undefined;
    if (reading === undefined || reading.axis !== axis) throw new VariantError(axis, value);
    v[axis] = value;
  }
  return Object.freeze(v) as unknown as Variant;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
/** Who enforces the chain limit under a variant (5.14.2-N4b). */
export function chainEnforcers(v: Pick<Variant, 'enforce'>): { readonly spos: boolean; readonly tpos: boolean; readonly mn: boolean } {
  const set = enforcerSet(v);
  return { spos: set.includes('SPoS'), tpos: set.includes('TPoS'), mn: set.includes('MN') };
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
/** 5.14.2-S2: the TPoS obtains K from the higher level entity (V-K-HPOS, V-K-HPOS-EMSK). */
export function kFromHigherLevelEntity(v: Pick<Variant, 'kSource'>): boolean {
  return v.kSource !== 'V-K-SPOS';
}
