// The decisions of docs/protocol.md §4, one function per decision, each at the sentence it
// implements. The SPoS and TPoS orders are fixed by the profile ("first match wins"); the
// composite functions below apply them in exactly that order and nothing else does.
import { DEPTH_MAX, type ImplPolicyOptions } from '../config.ts';
import type { IdType, Method, Reason, RootKind } from '../wire/messages.ts';

// --- SPoS ----------------------------------------------------------------------------------

/** 5.14.2-N1a: optimized only when the SPoS's domain trusts the TPoS's (directed: target ∈ partners). */
export function trustAllows(partners: readonly string[], target: string): boolean {
  return partners.includes(target);
}

/**
 * 5.14.2-N3: no optimized establishment where TLS is the protocol. V-TLS-ROOT (default): the SA
 * the hop would start from has a TLS root anywhere in its lineage. V-TLS-PROTOCOL: only an SA
 * made by TLS itself (ID_TYPE 0, 5.14-T1) is excluded.
 */
export function tlsExcluded(sa: { readonly root: RootKind; readonly idType: IdType }, mode: ImplPolicyOptions['tlsExclusion']): boolean {
  return mode === 'root' ? sa.root === 'TLS' : sa.idType === 0;
}

/** 5.14.2-N2a/N2b: the optimized establishment applies to EAP (and ERP) rooted SAs only. */
export function eapRooted(root: RootKind): boolean {
  return root === 'EAP' || root === 'ERP';
}

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

/**
 * The SPoS order of docs/protocol.md §4: MN_REQUESTED, NO_TRUST, TLS_ROOT, NOT_EAP_ROOT,
 * CHAIN_LIMIT. null = the optimized establishment may proceed (5.14.2-N1b, V-NOTE1-NOT-POSSIBLE:
 * fall back exactly when one of these holds).
 */
export function sposDecision(input: SposInput): SposRefusal | null {
  if (input.fallback) return 'MN_REQUESTED'; // 5.14.2-N1c: the MN asked for a full establishment
  if (!trustAllows(input.partners, input.target)) return 'NO_TRUST'; // 5.14.2-N1a
  if (tlsExcluded(input.sa, input.policy.tlsExclusion)) return 'TLS_ROOT'; // 5.14.2-N3
  if (!eapRooted(input.sa.root)) return 'NOT_EAP_ROOT'; // 5.14.2-N2a
  // 5.14.2-N4c: the SPoS enforces unless configured off (V-ENFORCE-*); the wire bound always holds.
  const limitReached = input.policy.enforcers.spos && !chainAllows(input.sa.depth, input.policy.chainLimit);
  if (limitReached || !depthEncodable(input.sa.depth + 1)) return 'CHAIN_LIMIT';
  return null;
}

// --- TPoS ----------------------------------------------------------------------------------

/** 5.14.1-S6: the TPoS may reject N2N messages from an unauthorized source network PoS. */
export function sourceAuthorized(partners: readonly string[], spos: string): boolean {
  return partners.includes(spos);
}

/** 5.14.2-N4c at the TPoS: the SA it would install has depth `requestDepth`; at most L. */
export function requestDepthAllowed(requestDepth: number, chainLimit: number): boolean {
  return requestDepth <= chainLimit;
}

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
  if (!sourceAuthorized(input.partners, input.spos)) return { kind: 'refuse', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' }; // 5.14.1-S6
  if (input.replayed) return { kind: 'refuse', status: 'REJECTED', reason: 'REPLAY' }; // A-REPLAY
  if (input.requestsFallback) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' }; // 5.14.2-N1c: the TPoS's own policy asks for a full establishment
  if (input.policy.enforcers.tpos && !requestDepthAllowed(input.requestDepth, input.policy.chainLimit)) {
    return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' }; // 5.14.2-N4c
  }
  const suite = selectSuite(input.offeredSuites, input.supportedSuites); // 5.14.2-S8
  if (suite === null) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' };
  return { kind: 'accept', suite };
}

/** What the SPoS tells the MN when the TPoS answered (docs/protocol.md §5 step 5). */
export function relayTposRefusal(status: 'REJECTED' | 'FULL_AUTH_REQUIRED', reason: Reason): { status: 'FULL_AUTH_REQUIRED'; reason: Reason } {
  // A refused TPoS leaves no optimized path; the MN must fall back (5.14.2-N1b).
  return status === 'REJECTED' ? { status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED' } : { status, reason };
}

// --- MN ------------------------------------------------------------------------------------

/** 5.14.2-N4c with V-ENFORCE-MN: the MN asks for fallback itself once its SA is at depth ≥ L. */
export function mnEnforcesChain(depth: number, chainLimit: number, enforce: boolean): boolean {
  return enforce && depth >= chainLimit;
}

/**
 * The method of a full establishment. The MN's configured method, except: an ERP MN whose SEQ
 * space is used up runs EAP (RFC 6696); with V-ERP-OPTIMIZED (erpResetsChain = false) a full
 * establishment forced by the chain limit must be EAP, since ERP would not end the chain.
 */
export function fullEstablishmentMethod(configured: Method, erpAvailable: boolean, forcedByChainLimit: boolean, erpResetsChain: boolean): Method {
  if (configured !== 'ERP') return configured;
  if (!erpAvailable) return 'EAP';
  if (forcedByChainLimit && !erpResetsChain) return 'EAP'; // 5.14.2-N4c under V-ERP-OPTIMIZED
  return 'ERP';
}
