//= spec/clause-5.14-proposed-text.txt#5.14.1-S15
//# When the MN first attaches to one of the partner networks of the roaming partners, it is either
//# the MN's home network or a visited network.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
//= spec/clause-5.14-proposed-text.txt#5.14.1-S17
//# After initial attachment, there is signaling defined so that at all times the MN has a security
//# association with the PoS in the network at its current point of attachment, i.e., the SPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S18
//# As the MN moves from one partner network to the next target network, the MN establishes or
//# renews a security association with the PoS in the target network, i.e. the TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S19
//# When handover is completed, the TPoS naturally begins to play the role of the MN's serving PoS,
//# and subsequently when a handover is required the TPoS plays the role of the SPoS.
// The mobile node of Clause 5.14: it attaches once (5.14.1-S15/S16), then keeps a security
// association with the PoS of its current network (5.14.1-S17) by preparing one with each
// target network before it moves (5.14.1-S18, 5.14.2) and switching to it on completion
// (5.14.1-S19).

import { assertEvent, assign, emit, setup } from 'xstate';
import { afterErpRun, erpSeqsLeftAtStart, methodWithSeqsLeft, type ErpSeqsLeft } from '../erp-seq.ts';
import { kFromHome, optimizedMisk } from '../keys.ts';
import type { AuthResponse, LineageClaim, PreregResponse } from '../pdus.ts';
import { idTypeOfOptimized, methodForFullEstablishment } from '../rules.ts';
import type { DomainId, Method, MnLifecycle, SaRecord, Token } from '../types.ts';
import { chainEnforcers, kFromHigherLevelEntity } from '../variants.ts';
import type { Emitted, MnParams } from './common.ts';
import { fullEstablishmentSa, rootKeyOfRun } from './establish.ts';

export type MnPending =
  | { readonly step: 'attach'; readonly pos: DomainId; readonly nonceN: Token; readonly method: Method }
  | {
    readonly step: 'prereg'; readonly spos: DomainId; readonly target: DomainId | null; readonly nonceN: Token; readonly forcedByLimit: boolean;
    /** V-FALLBACK-HONOURED only: the MN set the fallback flag, so it takes no optimized SA. */
    readonly askedFallback?: true;
  }
  | {
    readonly step: 'fullAuth'; readonly pos: DomainId; readonly nonceN: Token; readonly method: Method; readonly prior: LineageClaim;
    /** V-COMPLETE-BOUND only: Nonce-N of the MIS_Prereg_Xfer exchange this fallback follows. */
    readonly preparation?: Token;
  };

export interface MnContext {
  readonly attachedTo: DomainId | null;
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
  //# After initial attachment, there is signaling defined so that at all times
  /** SA with the SPoS (5.14.1-S17). */
  readonly serving: SaRecord | null;
  /** SA made with the TPoS for a handover not yet completed. */
  readonly prepared: SaRecord | null;
  readonly pending: MnPending | null;
  //= SPEC_MAPPING.md#A-ERP-SEQ
  //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
  //# provision the start per MN (default 0)
  /** A-ERP-SEQ: SEQs left for this MN's ERP runs, as the MN counts them (null: more than a run can use). */
  readonly erpSeqsLeft: ErpSeqsLeft;
  //= SPEC_MAPPING.md#V-COMPLETE-BOUND
  //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
  /** V-COMPLETE-BOUND only: Nonce-N of the MIS_Prereg_Xfer exchange that prepared `prepared`. */
  readonly preparation?: Token | undefined;
}

export type MnEvent =
  | { readonly type: 'attach'; readonly domain: DomainId; readonly fresh: Token }
  | { readonly type: 'handover'; readonly target: DomainId | null; readonly fallback: boolean; readonly fresh: Token }
  | { readonly type: 'complete' }
  | { readonly type: 'abort' }
  | { readonly type: 'MIS_Auth.response'; readonly pdu: AuthResponse; readonly fresh: Token }
  | { readonly type: 'MIS_Prereg_Xfer.response'; readonly pdu: PreregResponse; readonly fresh: Token };

export const MN_INITIAL_CONTEXT: MnContext = { attachedTo: null, serving: null, prepared: null, pending: null, erpSeqsLeft: null };

/** docs/protocol.md §7: the lifecycle the harness observes, from the state value. */
export function mnLifecycle(value: unknown): MnLifecycle {
  if (value === 'detached') return 'detached';
  if (value === 'attaching') return 'waiting';
  const sub = (value as { attached?: string }).attached;
  if (sub === 'idle') return 'idle';
  if (sub === 'prepared') return 'prepared';
  return 'waiting';
}

class MnEventMismatch extends Error {
  override readonly name = 'MnEventMismatch';
}

function authResponse(e: MnEvent): AuthResponse {
  assertEvent(e, 'MIS_Auth.response');
  return e.pdu;
}

function preregResponse(e: MnEvent): PreregResponse {
  assertEvent(e, 'MIS_Prereg_Xfer.response');
  return e.pdu;
}

function freshOf(e: MnEvent): Token {
  if (!('fresh' in e)) throw new MnEventMismatch(e.type);
  return e.fresh;
}

function must<T>(x: T | null, what: string): T {
  if (x === null) throw new MnEventMismatch(`no ${what}`);
  return x;
}

export function createMnMachine(p: MnParams) {
  const { mn, variant, chainLimit, domainById } = p;
  const enforcers = chainEnforcers(variant);
  const bound = variant.completion === 'V-COMPLETE-BOUND';

  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  //= SPEC_MAPPING.md#V-MN-TARGET-CHECK
  //# The MN takes a TPoS address from its SPoS only if it is not its current SPoS and, when the MN
  //# named a target, is that target
  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //# As V-MN-TARGET-CHECK, and a TPoS the SPoS selected is taken only if it is a network the MN
  //# can reach from its point of attachment
  /** The TPoS address of an answer is one the MN takes (docs/protocol.md §5.2, PDU 6 [bad-field]). */
  const addressAcceptable = (ctx: MnContext, tpos: DomainId): boolean => {
    if (variant.mnTargetCheck === 'V-MN-NO-TARGET-CHECK') return true;
    const pending = ctx.pending;
    if (pending === null || pending.step !== 'prereg' || tpos === ctx.attachedTo) return false;
    if (pending.target !== null) return tpos === pending.target;
    if (variant.mnTargetCheck !== 'V-MN-TARGET-REACHABLE') return true;
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S3
    //# the SPoS can make a determination about which target network may best be able to provide
    //# connectivity and service to the MN
    // a network the MN can reach: a neighbour of its point of attachment offering one of its RATs.
    const here = domainById?.get(pending.spos);
    const there = domainById?.get(tpos);
    return here !== undefined && there !== undefined && here.neighbours.includes(tpos) && there.rats.some((r) => mn.rats.includes(r));
  };

  /** The answer belongs to the MN's pending request (echo of Nonce-N, right peer). */
  const answersPending = (ctx: MnContext, pdu: AuthResponse | PreregResponse): boolean => {
    const pending = ctx.pending;
    if (pending === null || pdu.nonceN !== pending.nonceN) return false;
    return pdu.src === (pending.step === 'prereg' ? pending.spos : pending.pos);
  };
  /** A MIS_Prereg_Xfer.response is MAC-protected under the MN-SPoS SA. */
  const authenticPreregAnswer = (ctx: MnContext, e: MnEvent): boolean => {
    if (e.type !== 'MIS_Prereg_Xfer.response') return false;
    return answersPending(ctx, e.pdu) && ctx.serving !== null && e.pdu.mac === ctx.serving.key.id;
  };

  /** The MN computes the root key itself, from its credential (EAP/ERP) or its TLS run. */
  const saFromRun = (method: Method, prior: LineageClaim | null, pos: DomainId, r: AuthResponse, state: 'serving' | 'prepared'): SaRecord => {
    const run = { method, nonceN: r.nonceN, nonceP: r.nonceP, prior };
    return fullEstablishmentSa(variant, run, rootKeyOfRun(run, mn.id, mn.home, pos), mn.id, pos, pos, state);
  };

  return setup({
    types: {
      context: {} as MnContext,
      events: {} as MnEvent,
      emitted: {} as Emitted,
    },
    guards: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // initial attachment succeeded with the PoS the MN asked.
      authenticationSucceeded: ({ context, event }) => {
        if (event.type !== 'MIS_Auth.response') return false;
        return answersPending(context, event.pdu) && event.pdu.status === 'SUCCESS';
      },
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // A-ERP-SEQ (docs/protocol.md §5.4): any other answer ends the full establishment with no SA.
      authenticationRefused: ({ context, event }) => {
        if (event.type !== 'MIS_Auth.response') return false;
        return answersPending(context, event.pdu) && event.pdu.status !== 'SUCCESS';
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
      //# That is, after certain number of executions of the optimized SA establishment, it shall
      //# force an SA establishment through the methods specified in 21m.
      //= SPEC_MAPPING.md#V-ENFORCE-MN
      //# Only the MN checks: at depth ≥ L it sets the fallback flag in MIS_Prereg_Xfer.request, and
      //# the SPoS answers MN_REQUESTED.
      // 5.14.2-N4c under V-ENFORCE-MN: the MN itself counts, and asks for a full establishment.
      chainCounterExhausted: ({ context }) => enforcers.mn && context.serving !== null && context.serving.chain >= chainLimit,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
      //# With the information, MN and TPoS can derive the media independent session key (MISK) as
      //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
      // the SPoS returned K, Nonce-T and c: the optimized establishment goes ahead.
      optimizedEstablishmentGranted: ({ context, event }) => {
        if (!authenticPreregAnswer(context, event)) return false;
        const r = preregResponse(event);
        return r.status === 'SUCCESS' && r.tpos !== null && r.nonceT !== null && r.suite !== null
          && (kFromHigherLevelEntity(variant) || r.k !== null) && addressAcceptable(context, r.tpos);
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
      //# An MN that set the fallback flag refuses an optimized SA
      // the MN asked for a full establishment and holds to it, whatever its SPoS granted.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
      //# If protocol of establishing SAs between an MN and a TPoS is
      //= SPEC_MAPPING.md#V-TLS-MN
      //# the MN refuses an optimized SA unless its own lineage is EAP or ERP
      // the MN also refuses a grant on a lineage that is not EAP or ERP (V-TLS-MN): it knows its
      // own lineage, whatever its SPoS told the TPoS (5.14.2-N2a, 5.14.2-N3).
      optimizedGrantedAgainstRequest: ({ context, event }) => {
        if (!authenticPreregAnswer(context, event) || context.pending?.step !== 'prereg') return false;
        const foreignLineage = variant.tls === 'V-TLS-MN' && context.serving !== null && context.serving.root !== 'EAP' && context.serving.root !== 'ERP';
        if (context.pending.askedFallback !== true && !foreignLineage) return false;
        const r = preregResponse(event);
        return r.status === 'SUCCESS' && r.tpos !== null && addressAcceptable(context, r.tpos);
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
      //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
      //# whenever it is possible,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      // fall back to a full establishment with the TPoS.
      fullEstablishmentRequired: ({ context, event }) => {
        if (!authenticPreregAnswer(context, event)) return false;
        const r = preregResponse(event);
        return r.status === 'FULL_AUTH_REQUIRED' && r.tpos !== null && addressAcceptable(context, r.tpos);
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S3
      //# the SPoS can make a determination about which target network may best be able to provide
      //# connectivity and service to the MN
      // the SPoS found no candidate target network.
      //= SPEC_MAPPING.md#A-STATUS
      //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
      //# fixed order at the SPoS and at the TPoS.
      // a REJECTED, which no SPoS sends (it relays the TPoS's as TARGET_REFUSED), ends the
      // preparation as NO_TARGET does (docs/protocol.md §5 step 6).
      noTargetFound: ({ context, event }) => {
        if (!authenticPreregAnswer(context, event)) return false;
        const status = preregResponse(event).status;
        return status === 'NO_TARGET' || status === 'REJECTED';
      },
    },
    actions: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S15
      //# When the MN first attaches to one of the partner networks of the roaming partners, it is
      //# either the MN's home network or a visited network.
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // the first attachment is a full establishment with the MN's method.
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // an ERP MN with no SEQ left attaches by EAP.
      recordAttachment: assign({
        pending: ({ context, event }) => {
          assertEvent(event, 'attach');
          return { step: 'attach' as const, pos: event.domain, nonceN: event.fresh, method: methodWithSeqsLeft(mn.method, context.erpSeqsLeft) };
        },
      }),
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // the MN consumes a SEQ when its ERP run succeeded (the HPoS already did).
      consumeErpSeq: assign({
        erpSeqsLeft: ({ context }) => {
          const pending = must(context.pending, 'pending full establishment');
          return pending.step !== 'prereg' && pending.method === 'ERP' ? afterErpRun(context.erpSeqsLeft) : context.erpSeqsLeft;
        },
      }),
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // any non-SUCCESS answer to an ERP request means the SEQ is used up.
      useUpErpSeqs: assign({
        erpSeqsLeft: ({ context }) => {
          const pending = must(context.pending, 'pending full establishment');
          return pending.step !== 'prereg' && pending.method === 'ERP' ? 0 : context.erpSeqsLeft;
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // MIS_Auth.request runs the MN's method (EAP/ERP/TLS) with the PoS.
      sendAuthRequest: emit(({ context }) => {
        const pending = must(context.pending, 'pending request');
        if (pending.step === 'prereg') throw new MnEventMismatch('prereg pending');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_Auth.request' as const, src: mn.id, dst: pending.pos, mn: mn.id,
            purpose: pending.step === 'attach' ? 'attach' as const : 'handover' as const,
            method: pending.method, nonceN: pending.nonceN,
            prior: pending.step === 'fullAuth' ? pending.prior : null,
          },
        };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
      //# After initial attachment, there is signaling defined so that at all times
      // from now on the MN has an SA with the PoS of its point of attachment.
      installServingSa: assign(({ context, event }) => {
        const r = authResponse(event);
        const pending = must(context.pending, 'pending attachment');
        if (pending.step !== 'attach') throw new MnEventMismatch(pending.step);
        return { attachedTo: pending.pos, serving: saFromRun(pending.method, null, pending.pos, r, 'serving'), pending: null };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S2
      //# When the MN determines the need for handover, but does not already
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      // the MN sends what it knows to its SPoS, with a fresh Nonce-N.
      recordPreregistration: assign({
        pending: ({ context, event }, params: { forcedByLimit: boolean }) => {
          assertEvent(event, 'handover');
          //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
          //# An MN that set the fallback flag refuses an optimized SA
          // the MN remembers that it asked (the flag it sends is event.fallback or the limit's).
          const asked = variant.mnFallback === 'V-FALLBACK-HONOURED' && (event.fallback || params.forcedByLimit);
          return {
            step: 'prereg' as const, spos: must(context.attachedTo, 'serving PoS'), target: event.target,
            nonceN: event.fresh, forcedByLimit: params.forcedByLimit, ...(asked ? { askedFallback: true as const } : {}),
          };
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      // Nonce-N and the MN's suites, MAC-protected under the MN-SPoS SA.
      sendPreregRequest: emit(({ context, event }, params: { fallback: boolean }) => {
        assertEvent(event, 'handover');
        const serving = must(context.serving, 'serving SA');
        const pending = must(context.pending, 'pending prereg');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_Prereg_Xfer.request' as const, src: mn.id, dst: serving.peer, mn: mn.id,
            target: event.target, nonceN: pending.nonceN, suites: mn.suites,
            //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
            //# or if any of the MN or TPoS requests so.
            // "if any of the MN ... requests so"
            fallback: event.fallback || params.fallback,
            depth: serving.depth, chain: serving.chain, method: mn.method, mac: serving.key.id,
          },
        };
      }),
      // docs/protocol.md §7: the handover outcome as the MN saw it.
      reportOutcome: emit(({ context, event }, params: { path: 'optimized' | 'full' | 'none' }) => {
        const r = preregResponse(event);
        const pending = must(context.pending, 'pending prereg');
        const from = must(context.attachedTo, 'serving PoS');
        const to = r.tpos ?? (pending.step === 'prereg' ? pending.target : null);
        return { type: 'outcome' as const, outcome: { mn: mn.id, from, to, path: params.path, reason: r.reason } };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
      //# With the information, MN and TPoS can derive the media independent session key (MISK) as
      //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
      // MN and TPoS derive the MISK from K, Nonce-N, Nonce-T and c.
      installOptimizedSa: assign(({ context, event }) => {
        const r = preregResponse(event);
        const serving = must(context.serving, 'serving SA');
        const tpos = must(r.tpos, 'tpos');
        const k = kFromHigherLevelEntity(variant)
          //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
          //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level
          //# entity.
          // K from the higher level entity; the MN shares its root with the HPoS.
          ? kFromHome(serving.key.origin, serving.root, serving.depth + 1, mn.id, mn.home, tpos, r.nonceN, variant.kSource === 'V-K-HPOS-EMSK')
          : must(r.k, 'K');
        const sa: SaRecord = {
          peer: tpos, idType: idTypeOfOptimized(variant), root: serving.root, depth: serving.depth + 1, chain: serving.chain + 1,
          state: 'prepared', suite: must(r.suite, 'c'), key: optimizedMisk(k, r.nonceN, must(r.nonceT, 'Nonce-T'), must(r.suite, 'c'), mn.id, tpos),
        };
        return { prepared: sa, pending: null, ...(bound ? { preparation: r.nonceN } : {}) };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
      //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
      //# whenever it is possible,
      // the fallback is a full establishment with the TPoS.
      recordFullEstablishment: assign({
        pending: ({ context, event }) => {
          const r = preregResponse(event);
          const serving = must(context.serving, 'serving SA');
          const prereg = must(context.pending, 'pending prereg');
          //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
          //# That is, after certain number of executions of the optimized SA establishment, it
          //# shall force an SA establishment through the methods specified in 21m.
          // a full establishment the chain limit forced resets the counter.
          const forced = r.reason === 'CHAIN_LIMIT' || (prereg.step === 'prereg' && prereg.forcedByLimit);
          return {
            step: 'fullAuth' as const, pos: must(r.tpos, 'tpos'), nonceN: freshOf(event),
            //= SPEC_MAPPING.md#A-ERP-SEQ
            //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world
            //# may provision the start per MN (default 0)
            // with no SEQ left the fallback runs EAP.
            method: methodForFullEstablishment(variant, methodWithSeqsLeft(mn.method, context.erpSeqsLeft), forced),
            prior: { root: serving.root, depth: serving.depth, chain: serving.chain, forced },
            ...(bound && prereg.step === 'prereg' ? { preparation: prereg.nonceN } : {}),
          };
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
      //# As the MN moves from one partner network to the next target network, the MN establishes or
      //# renews a security association with the PoS in the target network, i.e. the TPoS.
      // the full establishment leaves a prepared SA with the TPoS.
      installPreparedFullSa: assign(({ context, event }) => {
        const r = authResponse(event);
        const pending = must(context.pending, 'pending full establishment');
        if (pending.step !== 'fullAuth') throw new MnEventMismatch(pending.step);
        const preparation = pending.preparation === undefined ? {} : { preparation: pending.preparation };
        return { prepared: saFromRun(pending.method, pending.prior, pending.pos, r, 'prepared'), pending: null, ...preparation };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
      //# After initial attachment, there is signaling defined so that at all times
      // docs/protocol.md §3 abort / NO_TARGET: the MN keeps its serving SA (5.14.1-S17).
      forgetPendingRequest: assign({ pending: null }),
      // docs/protocol.md §5 step 7: MIS_HO_Complete.request under the new SA, naming the old SPoS.
      announceCompletionToTarget: emit(({ context }) => {
        const prepared = must(context.prepared, 'prepared SA');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_HO_Complete.request' as const, src: mn.id, dst: prepared.peer, mn: mn.id,
            previous: must(context.attachedTo, 'serving PoS'), mac: prepared.key.id,
            //= SPEC_MAPPING.md#V-COMPLETE-BOUND
            //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
            ...(context.preparation === undefined ? {} : { preparation: context.preparation }),
          },
        };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
      //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
      //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
      // the TPoS becomes the serving PoS; the SA with the old SPoS is deleted.
      switchToPreparedSa: assign(({ context }) => {
        const prepared = must(context.prepared, 'prepared SA');
        // (the preparation is done: undefined drops out of the canonical state)
        return { attachedTo: prepared.peer, serving: { ...prepared, state: 'serving' as const }, prepared: null, preparation: undefined };
      }),
    },
  }).createMachine({
    id: 'mn',
    context: { ...MN_INITIAL_CONTEXT, erpSeqsLeft: erpSeqsLeftAtStart(mn) },
    initial: 'detached',
    states: {
      detached: {
        on: {
          attach: { target: 'attaching', actions: ['recordAttachment', 'sendAuthRequest'] },
        },
      },
      attaching: {
        on: {
          'MIS_Auth.response': [
            { guard: 'authenticationSucceeded', target: 'attached', actions: ['consumeErpSeq', 'installServingSa'] },
            { guard: 'authenticationRefused', target: 'detached', actions: ['useUpErpSeqs', 'forgetPendingRequest'] },
          ],
          abort: { target: 'detached', actions: 'forgetPendingRequest' },
        },
      },
      attached: {
        initial: 'idle',
        states: {
          idle: {
            on: {
              handover: [
                {
                  guard: 'chainCounterExhausted', target: 'preregistering',
                  actions: [{ type: 'recordPreregistration', params: { forcedByLimit: true } }, { type: 'sendPreregRequest', params: { fallback: true } }],
                },
                {
                  target: 'preregistering',
                  actions: [{ type: 'recordPreregistration', params: { forcedByLimit: false } }, { type: 'sendPreregRequest', params: { fallback: false } }],
                },
              ],
            },
          },
          preregistering: {
            on: {
              'MIS_Prereg_Xfer.response': [
                {
                  guard: 'optimizedGrantedAgainstRequest', target: 'authenticatingWithTarget',
                  actions: [{ type: 'reportOutcome', params: { path: 'full' } }, 'recordFullEstablishment', 'sendAuthRequest'],
                },
                {
                  guard: 'optimizedEstablishmentGranted', target: 'prepared',
                  actions: [{ type: 'reportOutcome', params: { path: 'optimized' } }, 'installOptimizedSa'],
                },
                {
                  guard: 'fullEstablishmentRequired', target: 'authenticatingWithTarget',
                  actions: [{ type: 'reportOutcome', params: { path: 'full' } }, 'recordFullEstablishment', 'sendAuthRequest'],
                },
                {
                  guard: 'noTargetFound', target: 'idle',
                  actions: [{ type: 'reportOutcome', params: { path: 'none' } }, 'forgetPendingRequest'],
                },
              ],
              abort: { target: 'idle', actions: 'forgetPendingRequest' },
            },
          },
          authenticatingWithTarget: {
            on: {
              'MIS_Auth.response': [
                { guard: 'authenticationSucceeded', target: 'prepared', actions: ['consumeErpSeq', 'installPreparedFullSa'] },
                { guard: 'authenticationRefused', target: 'idle', actions: ['useUpErpSeqs', 'forgetPendingRequest'] },
              ],
              abort: { target: 'idle', actions: 'forgetPendingRequest' },
            },
          },
          prepared: {
            on: {
              complete: { target: 'idle', actions: ['announceCompletionToTarget', 'switchToPreparedSa'] },
            },
          },
        },
      },
    },
  });
}

export type MnMachine = ReturnType<typeof createMnMachine>;
