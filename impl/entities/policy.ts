// The decisions of docs/protocol.md §4, one function per decision, each at the sentence it
// implements. The SPoS and TPoS orders are fixed by the profile ("first match wins"); the
// composite functions below apply them in exactly that order and nothing else does.
import { DEPTH_MAX, type ImplPolicyOptions } from '../config.ts';
import type { IdType, Method, Reason, RootKind } from '../wire/messages.ts';

// --- SPoS ----------------------------------------------------------------------------------

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
//# The optimized MIH SA establishment is allowed only when a trust relationship has established
//# between the network domains of SPoS and TPoS.
/** 5.14.2-N1a: optimized only when the SPoS's domain trusts the TPoS's (directed: target ∈ partners). */
export function trustAllows(partners: readonly string[], target: string): boolean {
  return partners.includes(target);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N3
//# If protocol of establishing SAs between an MN and a TPoS is
//= SPEC_MAPPING.md#V-TLS-ROOT
//# No optimized hop from an SA whose lineage root is TLS: the SPoS checks the root of its own SA
//# with the MN (TLS_ROOT).
//= SPEC_MAPPING.md#V-TLS-PROTOCOL
//# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs, not
//# the root of its own SA.
//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
//= SPEC_MAPPING.md#V-TLS-MN
//# As V-TLS-ROOT at the SPoS
/**
 * 5.14.2-N3: no optimized establishment where TLS is the protocol. V-TLS-ROOT (default, and the
 * SPoS's half of V-TLS-MN): the SA the hop would start from has a TLS root anywhere in its
 * lineage. V-TLS-PROTOCOL: only an SA made by TLS itself (ID_TYPE 0, 5.14-T1) is excluded.
 */
export function tlsExcluded(sa: { readonly root: RootKind; readonly idType: IdType }, mode: ImplPolicyOptions['tlsExclusion']): boolean {
  return mode === 'protocol' ? sa.idType === 0 : sa.root === 'TLS';
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
//# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
//# etsblishment applies.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
//# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
//# ERP execution.
/** 5.14.2-N2a/N2b: the optimized establishment applies to EAP (and ERP) rooted SAs only. */
export function eapRooted(root: RootKind): boolean {
  return root === 'EAP' || root === 'ERP';
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
//= SPEC_MAPPING.md#V-COUNT-DEPTH
//# "certain number of executions" is the depth of the key lineage: optimized establishments since
//# the last full establishment of any kind (the SA's depth).
/**
 * 5.14.2-N4b/N4c (V-COUNT-DEPTH): an optimized hop from an SA of depth d makes depth d+1, so it
 * is allowed only while d < L.
 */
export function chainAllows(depth: number, chainLimit: number): boolean {
  return depth < chainLimit;
}

/** The wire carries depth in one byte: a hop that would exceed it cannot be signalled at all. */
export function depthEncodable(depth: number): boolean {
  return depth <= DEPTH_MAX;
}

export type SposRefusal = Extract<Reason, 'MN_REQUESTED' | 'NO_TRUST' | 'TLS_ROOT' | 'NOT_EAP_ROOT' | 'CHAIN_LIMIT'>;

export interface SposInput {
  readonly fallback: boolean;
  readonly target: string;
  readonly partners: readonly string[];
  readonly sa: { readonly root: RootKind; readonly idType: IdType; readonly depth: number };
  readonly policy: Pick<ImplPolicyOptions, 'chainLimit' | 'enforcers' | 'tlsExclusion'>;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
//# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
//# whenever it is possible,
//= SPEC_MAPPING.md#V-NOTE1-NOT-POSSIBLE
//# "fall back … whenever it is possible" is read as "whenever the
/**
 * The SPoS order of docs/protocol.md §4: MN_REQUESTED, NO_TRUST, TLS_ROOT, NOT_EAP_ROOT,
 * CHAIN_LIMIT. null = the optimized establishment may proceed (5.14.2-N1b, V-NOTE1-NOT-POSSIBLE:
 * fall back exactly when one of these holds).
 */
export function sposDecision(input: SposInput): SposRefusal | null {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  // the MN asked for a full establishment
  if (input.fallback) return 'MN_REQUESTED';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
  //# The optimized MIH SA establishment is allowed only when a trust relationship has established
  //# between the network domains of SPoS and TPoS.
  if (!trustAllows(input.partners, input.target)) return 'NO_TRUST';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is
  if (tlsExcluded(input.sa, input.policy.tlsExclusion)) return 'TLS_ROOT';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
  //# etsblishment applies.
  // NOT_EAP_ROOT is the GKB root (docs/protocol.md §4, reason 4); a TLS root is the TLS
  // exclusion's to judge, by the root above or, under V-TLS-PROTOCOL, by the MN's method alone.
  if (input.sa.root === 'GKB') return 'NOT_EAP_ROOT';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  // the SPoS enforces unless configured off (V-ENFORCE-*); the wire bound always holds.
  const limitReached = input.policy.enforcers.spos && !chainAllows(input.sa.depth, input.policy.chainLimit);
  if (limitReached || !depthEncodable(input.sa.depth + 1)) return 'CHAIN_LIMIT';
  return null;
}

// --- TPoS ----------------------------------------------------------------------------------

//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
/** 5.14.1-S6: the TPoS may reject N2N messages from an unauthorized source network PoS. */
export function sourceAuthorized(partners: readonly string[], spos: string): boolean {
  return partners.includes(spos);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
/** 5.14.2-N4c at the TPoS: the SA it would install has depth `requestDepth`; at most L. */
export function requestDepthAllowed(requestDepth: number, chainLimit: number): boolean {
  return requestDepth <= chainLimit;
}

//= SPEC_MAPPING.md#V-COUNTER-RANGE
//# the TPoS also refuses a counter outside 1..L (an optimized SA has depth ≥ 1)
/** V-COUNTER-RANGE at the TPoS: the SA it would install is an optimized one, so of depth 1..L. */
export function requestDepthInRange(requestDepth: number, chainLimit: number): boolean {
  return requestDepth >= 1 && requestDepthAllowed(requestDepth, chainLimit);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
/** 5.14.2-S8: c is the first of the MN's suites (its preference order) that the TPoS supports. */
export function selectSuite(offered: readonly number[], supported: readonly number[]): number | null {
  for (const s of offered) if (supported.includes(s)) return s;
  return null;
}

export type TposDecision =
  | { readonly kind: 'refuse'; readonly status: 'REJECTED' | 'FULL_AUTH_REQUIRED'; readonly reason: Reason }
  | { readonly kind: 'accept'; readonly suite: number };

export interface TposInput {
  readonly spos: string;
  readonly partners: readonly string[];
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  /** (spos, nonceN) was seen before (A-REPLAY); the caller looks it up, this only decides. */
  readonly replayed: boolean;
  readonly requestsFallback: boolean;
  readonly requestDepth: number;
  readonly offeredSuites: readonly number[];
  readonly supportedSuites: readonly number[];
  readonly policy: Pick<ImplPolicyOptions, 'chainLimit' | 'enforcers'>;
}

/**
 * The TPoS order of docs/protocol.md §4: UNAUTHORIZED_SOURCE, REPLAY (both REJECTED), then
 * TPOS_REQUESTED, CHAIN_LIMIT, NO_COMMON_SUITE (FULL_AUTH_REQUIRED).
 */
export function tposDecision(input: TposInput): TposDecision {
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S6
  //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
  if (!sourceAuthorized(input.partners, input.spos)) return { kind: 'refuse', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' };
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  if (input.replayed) return { kind: 'refuse', status: 'REJECTED', reason: 'REPLAY' };
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  // the TPoS's own policy asks for a full establishment
  if (input.requestsFallback) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' };
  if (input.policy.enforcers.tpos && !requestDepthAllowed(input.requestDepth, input.policy.chainLimit)) {
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
    //# That is, after certain number of executions of the optimized SA establishment, it shall
    //# force an SA establishment through the methods specified in 21m.
    return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' };
  }
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  const suite = selectSuite(input.offeredSuites, input.supportedSuites);
  if (suite === null) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' };
  return { kind: 'accept', suite };
}

export interface TposRemedyInput extends TposInput {
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //# A PoS that serves the MN refuses to be its TPoS
  /** The PoS holds a serving SA with the MN (read under servingPos 'refuses' only). */
  readonly servesMn: boolean;
  readonly policy: Pick<ImplPolicyOptions, 'chainLimit' | 'enforcers' | 'rangeCheck' | 'servingPos'>;
}

/** The answers the profile's TPoS order gives before it looks at the chain limit. */
const BEFORE_CHAIN_LIMIT: ReadonlySet<Reason> = new Set<Reason>(['UNAUTHORIZED_SOURCE', 'REPLAY', 'TPOS_REQUESTED']);

/**
 * The TPoS order with the checks of the remedies in the place the model gives them
 * (model/machines/tpos.ts): after the TPoS's own request for a full establishment, before the
 * chain limit. With the defaults (servingPos 'accepts', rangeCheck false) it is tposDecision.
 */
export function tposDecisionWithRemedies(input: TposRemedyInput): TposDecision {
  const profile = tposDecision(input);
  if (profile.kind === 'refuse' && BEFORE_CHAIN_LIMIT.has(profile.reason)) return profile;
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
  //# As the MN moves from one partner network to the next target network, the MN establishes or
  //# renews a security association with the PoS in the target network, i.e. the TPoS.
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //# A PoS that serves the MN refuses to be its TPoS: it answers a MIS_N2N_Prereg_Xfer.request for
  //# that MN with FULL_AUTH_REQUIRED (TPOS_REQUESTED)
  // the MN moves to a *target* network: a PoS that serves it is none, and its serving SA stays.
  if (input.policy.servingPos === 'refuses' && input.servesMn) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' };
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //# the TPoS also refuses a counter outside 1..L
  // whether or not the TPoS enforces the limit: a depth below 1 can only be a lie.
  if (input.policy.rangeCheck && !requestDepthInRange(input.requestDepth, input.policy.chainLimit)) {
    return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' };
  }
  return profile;
}

/** What the SPoS tells the MN when the TPoS answered (docs/protocol.md §5 step 5). */
export function relayTposRefusal(status: 'REJECTED' | 'FULL_AUTH_REQUIRED', reason: Reason): { status: 'FULL_AUTH_REQUIRED'; reason: Reason } {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
  //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
  //# whenever it is possible,
  // A refused TPoS leaves no optimized path; the MN must fall back (5.14.2-N1b).
  return status === 'REJECTED' ? { status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED' } : { status, reason };
}

// --- MN ------------------------------------------------------------------------------------

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
//= SPEC_MAPPING.md#V-ENFORCE-MN
//# Only the MN checks: at depth ≥ L it sets the fallback flag in MIS_Prereg_Xfer.request, and the
//# SPoS answers MN_REQUESTED.
/** 5.14.2-N4c with V-ENFORCE-MN: the MN asks for fallback itself once its SA is at depth ≥ L. */
export function mnEnforcesChain(depth: number, chainLimit: number, enforce: boolean): boolean {
  return enforce && depth >= chainLimit;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N3
//# If protocol of establishing SAs between an MN and a TPoS is
//= SPEC_MAPPING.md#V-TLS-MN
//# the MN refuses an optimized SA unless its own lineage is EAP or ERP: on SUCCESS it runs the full
//# establishment with the named TPoS instead.
/**
 * V-TLS-MN (tlsExclusion 'mn'): the MN, an end of the MN–TPoS protocol, takes an optimized SA
 * only on a lineage of its own that is EAP or ERP (5.14.2-N2a), whatever its SPoS told the TPoS.
 */
export function mnRefusesOptimizedLineage(servingRoot: RootKind, mode: ImplPolicyOptions['tlsExclusion']): boolean {
  return mode === 'mn' && !eapRooted(servingRoot);
}

//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
//= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
//# a TPoS the SPoS selected is taken only if it is a network the MN can reach from its point of
//# attachment (a neighbour of its SPoS offering one of its RATs).
/**
 * V-MN-TARGET-REACHABLE: a TPoS the SPoS selected is one the MN can reach from its SPoS: a
 * neighbour of the SPoS (`around`: the networks the MN knows of, with their neighbours and
 * RATs) that offers one of the MN's RATs. An SPoS the MN knows nothing of has no such neighbour.
 */
export function targetReachable(spos: string, tpos: string, mnRats: readonly string[], around: ReadonlyMap<string, Surrounding>): boolean {
  const here = around.get(spos);
  const there = around.get(tpos);
  return here !== undefined && there !== undefined && here.neighbours.includes(tpos) && there.rats.some((r) => mnRats.includes(r));
}

/** What an MN knows of one network around it (V-MN-TARGET-REACHABLE): its neighbours and RATs. */
export interface Surrounding {
  readonly neighbours: readonly string[];
  readonly rats: readonly string[];
}

//= SPEC_MAPPING.md#V-ERP-OPTIMIZED
//# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
//# kept; the establishment the limit forces is then a full EAP run.
/**
 * The method of a full establishment. The MN's configured method, except: an ERP MN whose SEQ
 * space is used up runs EAP (RFC 6696); with V-ERP-OPTIMIZED (erpResetsChain = false) a full
 * establishment forced by the chain limit must be EAP, since ERP would not end the chain.
 */
export function fullEstablishmentMethod(configured: Method, erpAvailable: boolean, forcedByChainLimit: boolean, erpResetsChain: boolean): Method {
  if (configured !== 'ERP') return configured;
  if (!erpAvailable) return 'EAP';
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  //= SPEC_MAPPING.md#V-ERP-OPTIMIZED
  //# ERP reuses the EAP key hierarchy, so it does not reset the chain: depth and counter + 1, root
  //# kept; the establishment the limit forces is then a full EAP run.
  if (forcedByChainLimit && !erpResetsChain) return 'EAP'; // 5.14.2-N4c under V-ERP-OPTIMIZED
  return 'ERP';
}
