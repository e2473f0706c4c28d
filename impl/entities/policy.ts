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
/**
 * 5.14.2-N3: no optimized establishment where TLS is the protocol. V-TLS-ROOT (default): the SA
 * the hop would start from has a TLS root anywhere in its lineage. V-TLS-PROTOCOL: only an SA
 * made by TLS itself (ID_TYPE 0, 5.14-T1) is excluded.
 */
export function tlsExcluded(sa: { readonly root: RootKind; readonly idType: IdType }, mode: ImplPolicyOptions['tlsExclusion']): boolean {
  return mode === 'root' ? sa.root === 'TLS' : sa.idType === 0;
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
  if (!eapRooted(input.sa.root)) return 'NOT_EAP_ROOT';
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
