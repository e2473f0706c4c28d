// Configuration of the reference implementation: the world (docs/protocol.md §1) and the
// interpretation choices the clause leaves open (SPEC_MAPPING.md, A-… and V-… IDs).
// Every option has a documented default; the defaults are the profile's default readings.

import type { Method } from './wire/messages.ts';

export type { Method };

export interface ImplDomainConfig {
  readonly id: string;
  readonly rats: readonly string[];
  readonly neighbours: readonly string[];
  readonly partners: readonly string[];
  readonly suites: readonly number[];
  readonly requestsFallback: boolean;
}

export interface ImplMnConfig {
  readonly id: string;
  readonly home: string;
  readonly rats: readonly string[];
  readonly method: Method;
  readonly suites: readonly number[];
  /** An ERP MN only: the next ERP SEQ of the MN and its HPoS (docs/protocol.md §5.4). Absent: the provisioning's. */
  readonly erpSeqStart?: number;
}

/** The world JSON of docs/protocol.md §1, unchanged. */
export interface ImplWorldConfig {
  readonly chainLimit: number;
  readonly domains: readonly ImplDomainConfig[];
  readonly mns: readonly ImplMnConfig[];
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
/** Who enforces the chain limit of 5.14.2-N4b/N4c (V-ENFORCE-*). */
export interface ChainEnforcers {
  /** The SPoS refuses an optimized hop from an SA of depth ≥ L (reason CHAIN_LIMIT). */
  readonly spos: boolean;
  /** The TPoS refuses an N2N request whose depth > L (reason CHAIN_LIMIT). */
  readonly tpos: boolean;
  /** The MN sets the fallback flag itself when its serving SA has depth ≥ L (reason MN_REQUESTED). */
  readonly mn: boolean;
}

export interface ImplPolicyOptions {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  //= SPEC_MAPPING.md#A-CHAIN-L
  //# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
  //# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
  /** L of 5.14.2-N4c (A-CHAIN-L). Default: the world's `chainLimit` (profile example: 3). */
  readonly chainLimit: number;
  //= SPEC_MAPPING.md#V-ENFORCE-BOTH
  //# The SPoS refuses to start an optimized hop at depth ≥ L and the TPoS refuses a request whose
  //# depth > L (A-DEPTH-WIRE).
  /** Default {spos: true, tpos: true, mn: false} (V-ENFORCE-BOTH). */
  readonly enforcers: ChainEnforcers;
  //= SPEC_MAPPING.md#A-ERP-FULL
  //# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0
  //# and yields ID_TYPE 1 (variant V-ERP-FULL).
  //= SPEC_MAPPING.md#V-ERP-FULL
  //# An ERP execution is a full establishment (A-ERP-FULL): root ERP, depth 0, ID_TYPE 1.
  //= SPEC_MAPPING.md#V-ERP-OPTIMIZED
  //# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
  //# kept; the establishment the limit forces is then a full EAP run.
  /**
   * Default true (A-ERP-FULL, V-ERP-FULL): an ERP run is a full establishment and resets depth.
   * false (V-ERP-OPTIMIZED): ERP does not satisfy a full establishment forced by the chain limit,
   * so an ERP MN runs EAP when the fallback is CHAIN_LIMIT (or its own chain enforcement).
   */
  readonly erpResetsChain: boolean;
  //= SPEC_MAPPING.md#V-TLS-ROOT
  //# No optimized hop from an SA whose lineage root is TLS: the SPoS checks the root of its own SA
  //# with the MN (TLS_ROOT).
  //= SPEC_MAPPING.md#V-TLS-PROTOCOL
  //# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs, not
  //# the root of its own SA.
  //= SPEC_MAPPING.md#V-TLS-MN
  //# As V-TLS-ROOT at the SPoS, and the MN refuses an optimized SA unless its own lineage is EAP or
  //# ERP: on SUCCESS it runs the full establishment with the named TPoS instead.
  /**
   * Default 'root' (V-TLS-ROOT): no optimized hop from an SA whose root is TLS.
   * 'protocol' (V-TLS-PROTOCOL): only an SA established by TLS itself (ID_TYPE 0) is excluded.
   * 'mn' (V-TLS-MN): the SPoS as 'root', and the MN takes no optimized SA unless the root of its
   * own serving SA is EAP or ERP; on SUCCESS it runs the full establishment with the TPoS named.
   */
  readonly tlsExclusion: 'root' | 'protocol' | 'mn';
  //= SPEC_MAPPING.md#V-K-SPOS
  //# The SPoS derives K from its SA with the MN (A-K-BIND) and sends it to the MN and the TPoS; the
  //# SA made is SPoS-generated (ID_TYPE 3).
  //= SPEC_MAPPING.md#V-K-HPOS
  //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
  //# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
  //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
  /**
   * Default 'spos' (V-K-SPOS): the SPoS derives K from its MISK with the MN.
   * 'hpos' (V-K-HPOS): the SPoS obtains K from the MN's HPoS (an in-process call standing for
   * the AAA exchange, "from a higher level entity", 5.14.2-S2).
   */
  readonly kSource: 'spos' | 'hpos';
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  /** Entries of each bounded replay cache (A-REPLAY). Default 1024. */
  readonly replayCacheSize: number;
  //= SPEC_MAPPING.md#V-FALLBACK-ACCEPTS
  //# An MN that set the fallback flag still installs an optimized SA if the SPoS grants one.
  //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
  //# An MN that set the fallback flag refuses an optimized SA
  /**
   * Default false (V-FALLBACK-ACCEPTS, docs/protocol.md §5 step 6). true (V-FALLBACK-HONOURED):
   * an MN that set the fallback flag takes no optimized SA; on SUCCESS it runs the full
   * establishment with the TPoS named in the answer.
   */
  readonly honourFallback: boolean;
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //# the TPoS also refuses a counter outside 1..L
  /**
   * Default false (V-RANGE-UPPER: a TPoS that enforces refuses only a depth above L). true
   * (V-COUNTER-RANGE): the TPoS refuses a request whose depth is outside 1..L (CHAIN_LIMIT),
   * whether or not it is one of the `enforcers`: an optimized SA has depth ≥ 1, so 0 is a lie.
   */
  readonly rangeCheck: boolean;
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //# A PoS that serves the MN refuses to be its TPoS: it answers a MIS_N2N_Prereg_Xfer.request for
  //# that MN with FULL_AUTH_REQUIRED (TPOS_REQUESTED), and keeps its serving SA on a completion.
  /**
   * Default 'accepts' (V-TPOS-SERVING-ACCEPTS): a PoS takes up a preregistration for any MN, and
   * the SA it prepares replaces its serving SA with that MN. 'refuses' (V-TPOS-SERVING-REFUSES):
   * a PoS that holds a serving SA with the MN answers FULL_AUTH_REQUIRED (TPOS_REQUESTED).
   */
  readonly servingPos: 'accepts' | 'refuses';
  //= SPEC_MAPPING.md#V-MN-TARGET-CHECK
  //# The MN takes a TPoS address from its SPoS only if it is not its current SPoS and, when the MN
  //# named a target, is that target
  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //# As V-MN-TARGET-CHECK, and a TPoS the SPoS selected is taken only if it is a network the MN
  //# can reach from its point of attachment (a neighbour of its SPoS offering one of its RATs).
  /**
   * Default 'named' (V-MN-TARGET-CHECK): the MN takes a TPoS address that is not its SPoS and,
   * when it named a target, is that target. 'reachable' (V-MN-TARGET-REACHABLE): also, an address
   * the SPoS selected is taken only if it is a neighbour of the SPoS offering one of the MN's RATs.
   */
  readonly targetCheck: 'named' | 'reachable';
}

export const DEFAULT_POLICY: Omit<ImplPolicyOptions, 'chainLimit'> = {
  enforcers: { spos: true, tpos: true, mn: false },
  erpResetsChain: true,
  tlsExclusion: 'root',
  kSource: 'spos',
  replayCacheSize: 1024,
  honourFallback: false,
  rangeCheck: false,
  servingPos: 'accepts',
  targetCheck: 'named',
};

/**
 * Key-state provisioning, as if the world had run for a while before the first stimulus.
 * Only tests need it (the ERP SEQ wrap of RFC 6696 takes 65536 runs to reach otherwise).
 */
export interface ProvisioningOptions {
  /** SEQ of the next ERP run for every MN and its HPoS (RFC 6696: 0..65535). Default 0. */
  readonly erpSeqStart: number;
}

export const DEFAULT_PROVISIONING: ProvisioningOptions = { erpSeqStart: 0 };

/** The wire carries depth in one byte (impl/wire/format.ts), so no SA can be deeper. */
export const DEPTH_MAX = 255;

/** RFC 6696 SEQs 0..65535; 65536 is allowed: it means the SEQ space is already used up. */
export const ERP_SEQ_START_MAX = 0x10000;

/** The policy of a world: its chain limit and the defaults, overridden by `partial`, unchecked (resolvePolicy checks it). */
export function mergePolicy(world: ImplWorldConfig, partial: Partial<ImplPolicyOptions>): ImplPolicyOptions {
  return {
    chainLimit: partial.chainLimit ?? world.chainLimit,
    enforcers: { ...DEFAULT_POLICY.enforcers, ...partial.enforcers },
    erpResetsChain: partial.erpResetsChain ?? DEFAULT_POLICY.erpResetsChain,
    tlsExclusion: partial.tlsExclusion ?? DEFAULT_POLICY.tlsExclusion,
    kSource: partial.kSource ?? DEFAULT_POLICY.kSource,
    replayCacheSize: partial.replayCacheSize ?? DEFAULT_POLICY.replayCacheSize,
    honourFallback: partial.honourFallback ?? DEFAULT_POLICY.honourFallback,
    rangeCheck: partial.rangeCheck ?? DEFAULT_POLICY.rangeCheck,
    servingPos: partial.servingPos ?? DEFAULT_POLICY.servingPos,
    targetCheck: partial.targetCheck ?? DEFAULT_POLICY.targetCheck,
  };
}

/** The provisioning: the defaults overridden by `partial`, unchecked (resolveProvisioning checks it). */
export function mergeProvisioning(partial: Partial<ProvisioningOptions>): ProvisioningOptions {
  return { erpSeqStart: partial.erpSeqStart ?? DEFAULT_PROVISIONING.erpSeqStart };
}
