//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S9
//# With the information, MN and TPoS can derive the media independent session key (MISK) as
//# specified in 9.2.1 of IEEE Std 802.21-XXXX.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S24
//# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS so
//# that TPoS can provide security service
//= spec/clause-5.14-proposed-text.txt#5.14.1-S19
//# When handover is completed, the TPoS naturally begins to play the role of the MN's serving PoS,
//# and subsequently when a handover is required the TPoS plays the role of the SPoS.
// The target PoS of one MN (the TPoS role of a PoS for that MN). It checks an SPoS's request
// in the TPoS order of docs/protocol.md §4 (5.14.1-S6, A-REPLAY, 5.14.2-N1c, 5.14.2-N4c,
// 5.14.2-S8), derives the MISK from K (5.14.2-S9) or runs a full establishment with the MN
// (5.14.1-S24), and on completion becomes the MN's serving PoS (5.14.1-S19).

import { assertEvent, assign, emit, setup } from 'xstate';
import { optimizedMisk } from '../keys.ts';
import type { AuthRequest, HoCompleteRequest, N2nPreregRequest } from '../pdus.ts';
import { firstCommonSuite, idTypeOfFull, idTypeOfOptimized, trusts } from '../rules.ts';
import type { DomainId, KeyTerm, Reason, RootKind, SaRecord, Status, Token } from '../types.ts';
import { chainEnforcers, kFromHigherLevelEntity } from '../variants.ts';
import type { Emitted, RoleParams } from './common.ts';
import { type AuthRun, askHomeToAuthenticate, fullEstablishmentSa, rootKeyOfRun, startAuthRun } from './establish.ts';

/** An SPoS request this TPoS accepted (kept while it waits for K from the HPoS). */
export interface Accepted {
  readonly spos: DomainId;
  readonly nonceN: Token;
  readonly nonceT: Token;
  readonly suite: number;
  readonly depth: number;
  readonly chain: number;
  readonly root: RootKind;
}

export interface TposContext {
  /** The SA prepared with the MN for its handover to this PoS. */
  readonly sa: SaRecord | null;
  /** Nonce-N of the procedure that prepared `sa`: a copy of its request does not fit any more. */
  readonly transaction: Token | null;
  readonly accepted: Accepted | null;
  /** A full establishment in progress (waiting for the HPoS). */
  readonly run: AuthRun | null;
}

export type TposEvent =
  | {
    readonly type: 'MIS_N2N_Prereg_Xfer.request'; readonly pdu: N2nPreregRequest; readonly fresh: Token;
    //= SPEC_MAPPING.md#A-REPLAY
    //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
    /** A-REPLAY: (SPoS, Nonce-N) is already in this PoS's replay cache. */
    readonly replayed: boolean;
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
    //# or if any of the MN or TPoS requests so.
    /** 5.14.2-N1c: this PoS's current policy of requesting full establishment. */
    readonly requestsFallback: boolean;
    //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
    //# A PoS that serves the MN refuses to be its TPoS
    /** V-TPOS-SERVING-REFUSES only: this PoS's SPoS role holds an SA with the MN. */
    readonly serves?: boolean;
  }
  | { readonly type: 'MIS_Auth.request'; readonly pdu: AuthRequest; readonly fresh: Token }
  | { readonly type: 'homeAuthenticated'; readonly rootKey: KeyTerm }
  | { readonly type: 'homeRefused' }
  | { readonly type: 'homeKey'; readonly k: KeyTerm }
  | { readonly type: 'homeKeyRefused' }
  | { readonly type: 'MIS_HO_Complete.request'; readonly pdu: HoCompleteRequest; readonly fresh: Token };

export const TPOS_INITIAL_CONTEXT: TposContext = { sa: null, transaction: null, accepted: null, run: null };

class TposEventMismatch extends Error {
  override readonly name = 'TposEventMismatch';
}

function must<T>(x: T | null, what: string): T {
  if (x === null) throw new TposEventMismatch(`no ${what}`);
  return x;
}

export function createTposMachine(p: RoleParams) {
  const { pos, mn, variant, chainLimit } = p;
  const enforcers = chainEnforcers(variant);
  const bound = variant.completion === 'V-COMPLETE-BOUND';

  //= SPEC_MAPPING.md#A-POS-CHANNEL
  //# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
  /** A request from another configured PoS over the MIS SA between them (A-POS-CHANNEL; the world checks its addressing). */
  const n2nRequest = (e: TposEvent): N2nPreregRequest | null => (e.type === 'MIS_N2N_Prereg_Xfer.request' ? e.pdu : null);
  const requestOf = (e: TposEvent): N2nPreregRequest => {
    assertEvent(e, 'MIS_N2N_Prereg_Xfer.request');
    return e.pdu;
  };
  /** A full establishment of this MN with this PoS, asked for during a handover (not a copy of the one done). */
  const handoverAuth = (ctx: TposContext, e: TposEvent): AuthRequest | null =>
    e.type === 'MIS_Auth.request' && e.pdu.purpose === 'handover' && e.pdu.nonceN !== ctx.transaction ? e.pdu : null;
  const answer = (spos: DomainId, nonceN: Token, status: Status, reason: Reason, nonceT: Token | null, suite: number | null): Emitted => ({
    type: 'send',
    pdu: { type: 'MIS_N2N_Prereg_Xfer.response', src: pos.id, dst: spos, mn: mn.id, status, reason, nonceN, nonceT, suite },
  });

  return setup({
    types: {
      context: {} as TposContext,
      events: {} as TposEvent,
      emitted: {} as Emitted,
    },
    guards: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S6
      //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
      // "the TPoS may reject these messages from an unauthorized source network PoS".
      sourceUnauthorized: ({ event }) => {
        const r = n2nRequest(event);
        return r !== null && !trusts(pos, r.src);
      },
      //= SPEC_MAPPING.md#A-REPLAY
      //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
      //# wrapped
      // (SPoS, Nonce-N) seen before.
      requestReplayed: ({ event }) => n2nRequest(event) !== null && event.type === 'MIS_N2N_Prereg_Xfer.request' && event.replayed,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      // "or if any of the MN or TPoS requests so".
      tposRequestsFallback: ({ event }) =>
        n2nRequest(event) !== null && event.type === 'MIS_N2N_Prereg_Xfer.request' && event.requestsFallback,
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
      //# As the MN moves from one partner network to the next target network, the MN establishes or
      //# renews a security association with the PoS in the target network, i.e. the TPoS.
      //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
      //# A PoS that serves the MN refuses to be its TPoS
      // the MN moves to a *target* network: a PoS that serves it is none, and its SA stays.
      servesMn: ({ event }) =>
        variant.tposServing === 'V-TPOS-SERVING-REFUSES' && event.type === 'MIS_N2N_Prereg_Xfer.request' && event.serves === true,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
      //# That is, after certain number of executions of the optimized SA establishment, it shall
      //# force an SA establishment through the methods specified in 21m.
      // 5.14.2-N4c (TPoS enforces): the SA to be made would exceed the chain limit.
      chainLimitExceeded: ({ event }) => {
        const r = n2nRequest(event);
        if (r === null) return false;
        //= SPEC_MAPPING.md#V-COUNTER-RANGE
        //# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L
        // an optimized SA has depth >= 1, so a counter below 1 can only be a lie.
        if (variant.counterRange === 'V-COUNTER-RANGE' && (r.chain < 1 || r.chain > chainLimit)) return true;
        return enforcers.tpos && r.chain > chainLimit;
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      //= SPEC_MAPPING.md#V-FALLBACK-SEEN
      //# MIS_N2N_Prereg_Xfer.request carries the MN's fallback flag
      // the TPoS honours the MN's request itself when it can see it.
      mnRequestedFallback: ({ event }) =>
        variant.tposSeesFallback === 'V-FALLBACK-SEEN' && n2nRequest(event)?.mnFallback === true,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      // MN and TPoS "need to agree on a cipher suite coded as c".
      noCommonSuite: ({ event }) => {
        const r = n2nRequest(event);
        return r !== null && firstCommonSuite(r.suites, pos.suites) === null;
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      //= SPEC_MAPPING.md#V-K-HPOS
      //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP
      //# root; the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
      // 5.14.2-S2 under V-K-HPOS: K is obtained "from a higher level entity".
      keyFromHigherLevelEntity: ({ event }) => kFromHigherLevelEntity(variant) && n2nRequest(event) !== null,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
      //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
      //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
      // K obtained from the SPoS, protected between the PoSs.
      keyFromSpos: ({ event }) => variant.kSource === 'V-K-SPOS' && n2nRequest(event)?.k != null,
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S23
      //# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D)
      //# TLS or EAP.
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // an MIH SA by TLS, made by the MN and this PoS alone.
      fullEstablishmentByTls: ({ context, event }) => handoverAuth(context, event)?.method === 'TLS',
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // 5.14.1-S24 with EAP/ERP: the home network assists (AAA, off the wire).
      fullEstablishmentByEapOrErp: ({ context, event }) => {
        const r = handoverAuth(context, event);
        return r !== null && r.method !== 'TLS';
      },
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // an SA prepared before the refused run is still there.
      holdsPreparedSa: ({ context }) => context.sa !== null,
      // docs/protocol.md §5 step 7: MIS_HO_Complete.request is MAC-protected under the prepared SA.
      completionUnderPreparedSa: ({ context, event }) =>
        event.type === 'MIS_HO_Complete.request' && context.sa !== null && event.pdu.mac === context.sa.key.id,
    },
    actions: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S6
      //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      // the TPoS's answer when it refuses or asks for a full establishment.
      refuse: emit(({ event }, params: { status: Status; reason: Reason }) => {
        const r = requestOf(event);
        return answer(r.src, r.nonceN, params.status, params.reason, null, null);
      }),
      //= SPEC_MAPPING.md#A-REPLAY
      //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
      //# wrapped
      // every authorized request enters the PoS's replay cache.
      rememberRequest: emit(({ event }) => {
        const r = requestOf(event);
        return { type: 'rememberNonce' as const, spos: r.src, nonceN: r.nonceN };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      // draw Nonce-T, pick c.
      acceptRequest: assign({
        accepted: ({ event }) => {
          const r = requestOf(event);
          assertEvent(event, 'MIS_N2N_Prereg_Xfer.request');
          return {
            spos: r.src, nonceN: r.nonceN, nonceT: event.fresh, suite: must(firstCommonSuite(r.suites, pos.suites), 'suite'),
            depth: r.depth, chain: r.chain, root: r.root,
          };
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
      //# With the information, MN and TPoS can derive the media independent session key (MISK) as
      //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
      //= spec/clause-5.14-proposed-text.txt#5.14-T1
      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
      //# 2: GKB-generated; 3: SPoS-generated
      //= SPEC_MAPPING.md#V-K-HPOS
      //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP
      //# root; the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
      // the MISK from K; the SA is SPoS-generated (EAP-generated under V-K-HPOS).
      installOptimizedSa: assign(({ context, event }) => {
        const a = must(context.accepted, 'accepted request');
        const k = event.type === 'homeKey' ? event.k : must(requestOf(event).k, 'K');
        const sa: SaRecord = {
          //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
          //# They also need to agree on a cipher suite coded as c.
          peer: mn.id, idType: idTypeOfOptimized(variant), root: a.root, depth: a.depth, chain: a.chain, state: 'prepared', suite: a.suite,
          key: optimizedMisk(k, a.nonceN, a.nonceT, a.suite, mn.id, pos.id),
        };
        return { sa, transaction: a.nonceN };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      // Nonce-T and c go back to the SPoS.
      answerSuccess: emit(({ context }) => {
        const a = must(context.accepted, 'accepted request');
        return answer(a.spos, a.nonceN, 'SUCCESS', 'NONE', a.nonceT, a.suite);
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      //= SPEC_MAPPING.md#V-K-HPOS
      //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP
      //# root; the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
      // 5.14.2-S2 (V-K-HPOS): ask the MN's HPoS for K bound to this TPoS.
      askHomeForK: emit(({ context }) => {
        const a = must(context.accepted, 'accepted request');
        return {
          type: 'askHome' as const,
          request: { op: 'issueK' as const, caller: { role: 'tpos' as const, pos: pos.id }, tpos: pos.id, nonceN: a.nonceN, depth: a.depth, root: a.root },
        };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
      //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
      //# etsblishment applies.
      // without an EAP/ERP root at home there is no K: ask for a full establishment.
      answerNoKeyFromHome: emit(({ context }) => {
        const a = must(context.accepted, 'accepted request');
        return answer(a.spos, a.nonceN, 'FULL_AUTH_REQUIRED', 'NOT_EAP_ROOT', null, null);
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
      //# With the information, MN and TPoS can derive the media independent session key (MISK) as
      //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
      // the SA is made (or refused); the request is done.
      forgetAccepted: assign({ accepted: null }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // one MIH SA establishment run with the MN (the PoS draws Nonce-P).
      recordAuthenticationRun: assign({
        run: ({ event }) => {
          assertEvent(event, 'MIS_Auth.request');
          return startAuthRun(event.pdu, event.fresh);
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // EAP/ERP keys come from the MN's home (AAA, off the wire).
      askHomeToAuthenticate: emit(({ context }) => askHomeToAuthenticate(must(context.run, 'authentication run'), 'tpos', pos.id)),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // the full establishment leaves a prepared SA with the MN.
      installPreparedFullSa: assign(({ context, event }) => {
        const run = must(context.run, 'authentication run');
        const root = event.type === 'homeAuthenticated' ? event.rootKey : rootKeyOfRun(run, mn.id, mn.home, pos.id);
        return { sa: fullEstablishmentSa(variant, run, root, mn.id, pos.id, mn.id, 'prepared'), transaction: run.nonceN };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
      //# As the MN moves from one partner network to the next target network, the MN establishes or
      //# renews a security association with the PoS in the target network, i.e. the TPoS.
      // one SA per (PoS, MN): the new one replaces what the SPoS role still held.
      supersedeOtherRole: emit({ type: 'supersede' as const }),
      //= spec/clause-5.14-proposed-text.txt#5.14-T1
      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
      //# 2: GKB-generated; 3: SPoS-generated
      // the answer carries the ID_TYPE of the SA made.
      answerAuthentication: emit(({ context }) => {
        const run = must(context.run, 'authentication run');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_Auth.response' as const, src: pos.id, dst: mn.id, mn: mn.id, status: 'SUCCESS' as const,
            nonceN: run.nonceN, nonceP: run.nonceP, idType: idTypeOfFull(run.method),
          },
        };
      }),
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // A-ERP-SEQ (docs/protocol.md §5.4): REJECTED, nonceN echoed, a fresh nonceP, no SA.
      refuseAuthentication: emit(({ context }) => {
        const run = must(context.run, 'authentication run');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_Auth.response' as const, src: pos.id, dst: mn.id, mn: mn.id, status: 'REJECTED' as const,
            nonceN: run.nonceN, nonceP: run.nonceP, idType: idTypeOfFull(run.method),
          },
        };
      }),
      // A copy of the refused request does not fit any more.
      rememberRefusedRun: assign({ transaction: ({ context }) => must(context.run, 'authentication run').nonceN }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // the run is over.
      closeAuthenticationRun: assign({ run: null }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
      //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
      //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
      // "the TPoS naturally begins to play the role of the MN's serving PoS".
      handServingRoleToSpos: emit(({ context }) => ({
        type: 'takeOver' as const, sa: { ...must(context.sa, 'prepared SA'), state: 'serving' as const },
      })),
      // docs/protocol.md §5 step 7: tell the old SPoS, which deletes its SA with the MN.
      notifyPreviousSpos: emit(({ event }) => {
        assertEvent(event, 'MIS_HO_Complete.request');
        //= SPEC_MAPPING.md#V-COMPLETE-BOUND
        //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
        // the MN named its preparation under the new SA; the indication passes it on.
        const preparation = bound && event.pdu.preparation !== undefined ? { preparation: event.pdu.preparation } : {};
        return {
          type: 'send' as const,
          pdu: { type: 'MIS_N2N_HO_Complete.indication' as const, src: pos.id, dst: event.pdu.previous, mn: mn.id, ...preparation },
        };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
      //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
      //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
      // the SA now belongs to the SPoS role (or was never made).
      forgetSa: assign({ sa: null, transaction: null }),
    },
  }).createMachine({
    id: 'tpos',
    context: TPOS_INITIAL_CONTEXT,
    initial: 'ready',
    states: {
      ready: {
        initial: 'idle',
        on: {
          // docs/protocol.md §4: first match wins, in the TPoS order.
          'MIS_N2N_Prereg_Xfer.request': [
            { guard: 'sourceUnauthorized', actions: { type: 'refuse', params: { status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' } } },
            { guard: 'requestReplayed', actions: { type: 'refuse', params: { status: 'REJECTED', reason: 'REPLAY' } } },
            { guard: 'mnRequestedFallback', actions: ['rememberRequest', { type: 'refuse', params: { status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED' } }] },
            { guard: 'tposRequestsFallback', actions: ['rememberRequest', { type: 'refuse', params: { status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' } }] },
            { guard: 'servesMn', actions: ['rememberRequest', { type: 'refuse', params: { status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' } }] },
            { guard: 'chainLimitExceeded', actions: ['rememberRequest', { type: 'refuse', params: { status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' } }] },
            { guard: 'noCommonSuite', actions: ['rememberRequest', { type: 'refuse', params: { status: 'FULL_AUTH_REQUIRED', reason: 'NO_COMMON_SUITE' } }] },
            { guard: 'keyFromHigherLevelEntity', target: '#tpos.awaitingHomeKey', actions: ['rememberRequest', 'acceptRequest', 'askHomeForK'] },
            { guard: 'keyFromSpos', target: '.prepared', actions: ['rememberRequest', 'acceptRequest', 'installOptimizedSa', 'supersedeOtherRole', 'answerSuccess', 'forgetAccepted'] },
          ],
          'MIS_Auth.request': [
            { guard: 'fullEstablishmentByTls', target: '.prepared', actions: ['recordAuthenticationRun', 'installPreparedFullSa', 'supersedeOtherRole', 'answerAuthentication', 'closeAuthenticationRun'] },
            { guard: 'fullEstablishmentByEapOrErp', target: '#tpos.awaitingHomeAuth', actions: ['recordAuthenticationRun', 'askHomeToAuthenticate'] },
          ],
        },
        states: {
          idle: {},
          prepared: {
            on: {
              'MIS_HO_Complete.request': { guard: 'completionUnderPreparedSa', target: 'idle', actions: ['handServingRoleToSpos', 'notifyPreviousSpos', 'forgetSa'] },
            },
          },
        },
      },
      awaitingHomeKey: {
        on: {
          homeKey: { target: 'ready.prepared', actions: ['installOptimizedSa', 'supersedeOtherRole', 'answerSuccess', 'forgetAccepted'] },
          homeKeyRefused: { target: 'ready.idle', actions: ['answerNoKeyFromHome', 'forgetAccepted', 'forgetSa'] },
        },
      },
      awaitingHomeAuth: {
        on: {
          homeAuthenticated: { target: 'ready.prepared', actions: ['installPreparedFullSa', 'supersedeOtherRole', 'answerAuthentication', 'closeAuthenticationRun'] },
          //= SPEC_MAPPING.md#A-ERP-SEQ
          //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world
          //# may provision the start per MN (default 0)
          // a refused run leaves whatever SA was prepared before.
          homeRefused: [
            { guard: 'holdsPreparedSa', target: 'ready.prepared', actions: ['refuseAuthentication', 'rememberRefusedRun', 'closeAuthenticationRun'] },
            { target: 'ready.idle', actions: ['refuseAuthentication', 'rememberRefusedRun', 'closeAuthenticationRun'] },
          ],
        },
      },
    },
  });
}

export type TposMachine = ReturnType<typeof createTposMachine>;
