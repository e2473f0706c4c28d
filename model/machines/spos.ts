//= spec/clause-5.14-proposed-text.txt#5.14.1-S17
//# After initial attachment, there is signaling defined so that at all times the MN has a security
//# association with the PoS in the network at its current point of attachment, i.e., the SPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
// The serving PoS of one MN (the SPoS role of a PoS for that MN). It holds the MN's current SA
// (5.14.1-S17), answers the MN's preregistration (5.14.3), decides between the optimized
// establishment and a fallback (5.14.2 Notes 1-4, in the SPoS order of docs/protocol.md §4),
// hands K to the TPoS and the MN (5.14.2-S2/S6), and forgets the MN once it has moved on.

import { assertEvent, assign, emit, setup } from 'xstate';
import { kFromSpos } from '../keys.ts';
import type { AuthRequest, N2nPreregResponse, Pdu, PreregRequest } from '../pdus.ts';
import { idTypeOfFull, selectTarget, trusts } from '../rules.ts';
import type { DomainId, KeyTerm, Reason, SaRecord, Status, Token } from '../types.ts';
import { chainEnforcers, kFromHigherLevelEntity } from '../variants.ts';
import type { Emitted, RoleParams } from './common.ts';
import { type AuthRun, askHomeToAuthenticate, fullEstablishmentSa, rootKeyOfRun, startAuthRun } from './establish.ts';

/** A preregistration forwarded to a TPoS, waiting for its answer. */
export interface Relay {
  readonly nonceN: Token;
  readonly tpos: DomainId;
  readonly k: KeyTerm | null;
}

export interface SposContext {
  /** The SA with the MN while this PoS serves it. */
  readonly sa: SaRecord | null;
  /** Nonce-N of the attachment that made `sa`: a copy of its request does not fit any more. */
  readonly transaction: Token | null;
  /** Nonce-N of the last preregistration request taken up: a copy of it does not fit any more. */
  readonly lastRequest: Token | null;
  /** The initial attachment in progress (waiting for the HPoS). */
  readonly run: AuthRun | null;
  readonly relay: Relay | null;
}

export type SposEvent =
  | { readonly type: 'MIS_Auth.request'; readonly pdu: AuthRequest; readonly fresh: Token }
  | { readonly type: 'homeAuthenticated'; readonly rootKey: KeyTerm }
  | { readonly type: 'homeRefused' }
  | { readonly type: 'MIS_Prereg_Xfer.request'; readonly pdu: PreregRequest; readonly fresh: Token }
  | { readonly type: 'MIS_N2N_Prereg_Xfer.response'; readonly pdu: N2nPreregResponse; readonly fresh: Token }
  | { readonly type: 'MIS_N2N_HO_Complete.indication'; readonly pdu: Pdu; readonly fresh: Token }
  | { readonly type: 'takeOver'; readonly sa: SaRecord }
  | { readonly type: 'saSuperseded' }
  | CompromisedSposEvent;

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S8
//# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for protecting
//# the communications between an SPoS and a TPoS.
/**
 * Adversary capability, sent only by model/adversary (the conformance world's machines do not
 * define it, see `SposCapabilities`): 5.14.2-N4b, a compromised SPoS rewrites the chain counter
 * it keeps for the MN. The counter is its own memory and it holds the MIS SA key (5.14.1-S8),
 * so whatever it then states in MIS_N2N_Prereg_Xfer.request carries a valid MAC.
 */
export type CompromisedSposEvent =
  | {
    readonly type: 'compromisedRewindsChain';
    /** The counter (and depth) it keeps from now on. */
    readonly to: number;
  }
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
  //# etsblishment applies.
  /**
   * 5.14.2-N2a/N3: a compromised SPoS relabels the lineage of its SA with the MN as EAP
   * (ID_TYPE 1): its own TLS_ROOT and NOT_EAP_ROOT checks then pass and the root it states in
   * MIS_N2N_Prereg_Xfer.request is EAP. The key is unchanged: only the label lies.
   */
  | { readonly type: 'compromisedRelabelsRoot' };

/** Capabilities beyond the clause; none in the conformance world. */
export interface SposCapabilities {
  /** Handles CompromisedSposEvent: this SPoS is run by the adversary. */
  readonly compromised?: boolean;
}

export const SPOS_INITIAL_CONTEXT: SposContext = { sa: null, transaction: null, lastRequest: null, run: null, relay: null };

class SposEventMismatch extends Error {
  override readonly name = 'SposEventMismatch';
}

function must<T>(x: T | null, what: string): T {
  if (x === null) throw new SposEventMismatch(`no ${what}`);
  return x;
}

export function createSposMachine(p: RoleParams, capabilities: SposCapabilities = {}) {
  const { pos, mn, variant, chainLimit, domainById } = p;
  const enforcers = chainEnforcers(variant);

  /**
   * An initial attachment request from this MN to this PoS; not a copy of the one that made the
   * current SA (a new one renews an SA the MN lost track of, e.g. after a lost answer).
   */
  const attachRequest = (ctx: SposContext, e: SposEvent): AuthRequest | null =>
    e.type === 'MIS_Auth.request' && e.pdu.purpose === 'attach' && e.pdu.nonceN !== ctx.transaction ? e.pdu : null;
  /**
   * A MIS_Prereg_Xfer.request from the MN, MAC-protected under its SA with this PoS. A copy of
   * a request already taken up (same Nonce-N, the transaction id) does not fit and is
   * discarded; a new one supersedes a relay in progress (the MN gave up waiting).
   */
  const preregRequest = (ctx: SposContext, e: SposEvent): PreregRequest | null =>
    e.type === 'MIS_Prereg_Xfer.request' && ctx.sa !== null && e.pdu.mac === ctx.sa.key.id && e.pdu.nonceN !== ctx.lastRequest ? e.pdu : null;
  /** The TPoS the request is about: the MN's choice, or the SPoS's selection (5.14.3). */
  const targetOf = (r: PreregRequest): DomainId | null => r.target ?? selectTarget(pos, domainById, mn.rats);
  /** The answer of the TPoS the relay is waiting for (echo of Nonce-N). */
  const targetAnswer = (ctx: SposContext, e: SposEvent): N2nPreregResponse | null =>
    e.type === 'MIS_N2N_Prereg_Xfer.response' && ctx.relay !== null && e.pdu.src === ctx.relay.tpos && e.pdu.nonceN === ctx.relay.nonceN ? e.pdu : null;
  const preregOf = (e: SposEvent): PreregRequest => {
    assertEvent(e, 'MIS_Prereg_Xfer.request');
    return e.pdu;
  };
  const answerOf = (e: SposEvent): N2nPreregResponse => {
    assertEvent(e, 'MIS_N2N_Prereg_Xfer.response');
    return e.pdu;
  };
  const preregResponse = (
    ctx: SposContext, nonceN: Token, status: Status, reason: Reason, tpos: DomainId | null,
    granted: { nonceT: Token | null; suite: number | null; k: KeyTerm | null } = { nonceT: null, suite: null, k: null },
  ): Emitted => ({
    type: 'send',
    pdu: {
      type: 'MIS_Prereg_Xfer.response', src: pos.id, dst: mn.id, mn: mn.id, status, reason, tpos, nonceN,
      nonceT: granted.nonceT, suite: granted.suite, k: granted.k, mac: must(ctx.sa, 'SA').key.id,
    },
  });

  return setup({
    types: {
      context: {} as SposContext,
      events: {} as SposEvent,
      emitted: {} as Emitted,
    },
    guards: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S23
      //# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D)
      //# TLS or EAP.
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S24
      //# The methods specified there shall be used to establish an MIH SA between an MN and a TPoS
      //# so that TPoS can provide security service
      // an MIH SA by TLS is made by the MN and this PoS alone.
      attachmentByTls: ({ context, event }) => attachRequest(context, event)?.method === 'TLS',
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // EAP/ERP at a visited (or home) network runs with the assistance of the HPoS.
      attachmentByEapOrErp: ({ context, event }) => {
        const r = attachRequest(context, event);
        return r !== null && r.method !== 'TLS';
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S3
      //# the SPoS can make a determination about which target network may best be able to provide
      //# connectivity and service to the MN
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S4
      //# This also depends on the SPoS having access to location and configuration
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S5
      //# it may be also important that the SPoS should have a security relationship with a
      //# candidate TPoS in order to avoid interference from malicious nodes
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S6
      //# This would typically mean that the operators are also roaming partners.
      // no surrounding network with a security relationship offers the MN's RATs.
      noCandidateTarget: ({ context, event }) => {
        const r = preregRequest(context, event);
        return r !== null && targetOf(r) === null;
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      // "or if any of the MN ... requests so".
      mnRequestsFallback: ({ context, event }) => preregRequest(context, event)?.fallback === true,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
      //# The optimized MIH SA establishment is allowed only when a trust relationship has
      //# established between the network domains of SPoS and TPoS.
      // "allowed only when a trust relationship has established between the network domains".
      noTrustWithTarget: ({ context, event }) => {
        const r = preregRequest(context, event);
        return r !== null && !trusts(pos, must(targetOf(r), 'target'));
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
      //# If protocol of establishing SAs between an MN and a TPoS is
      //= SPEC_MAPPING.md#V-TLS-ROOT
      //# No optimized hop from an SA whose lineage root is TLS: the SPoS checks the root of its own
      //# SA with the MN (TLS_ROOT).
      //= SPEC_MAPPING.md#V-TLS-PROTOCOL
      //# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs,
      //# not the root of its own SA.
      // "the optimized SA establishment method does not apply" to TLS
      // (V-TLS-ROOT: the SA's lineage root; V-TLS-PROTOCOL: the MN's declared protocol).
      tlsExcludesOptimized: ({ context, event }) => {
        const r = preregRequest(context, event);
        if (r === null) return false;
        return variant.tls === 'V-TLS-PROTOCOL' ? r.method === 'TLS' : must(context.sa, 'SA').root === 'TLS';
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
      //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
      //# etsblishment applies.
      // the optimized establishment applies to EAP (and ERP) lineages only.
      notRootedInEap: ({ context, event }) => preregRequest(context, event) !== null && must(context.sa, 'SA').root === 'GKB',
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
      //# To prevent such domino effect, the chain shall be limited.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
      //# That is, after certain number of executions of the optimized SA establishment, it shall
      //# force an SA establishment through the methods specified in 21m.
      // after L optimized establishments the chain is cut (SPoS enforces).
      chainLimitReached: ({ context, event }) =>
        enforcers.spos && preregRequest(context, event) !== null && must(context.sa, 'SA').chain >= chainLimit,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
      //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
      //# whenever it is possible,
      //= SPEC_MAPPING.md#V-NOTE1-LITERAL
      //# Read literally: whenever a full establishment is possible — always, for an
      // 5.14.2-N1b under V-NOTE1-LITERAL: a full establishment is always possible, so fall back.
      fullEstablishmentPossible: ({ context, event }) =>
        variant.note1 === 'V-NOTE1-LITERAL' && preregRequest(context, event) !== null,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      // the optimized establishment may go ahead; the SPoS obtains K for the TPoS.
      optimizedEstablishmentAllowed: ({ context, event }) => preregRequest(context, event) !== null,
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
      //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
      //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
      //# They also need to agree on a cipher suite coded as c.
      // the TPoS sent Nonce-T and c.
      targetGrantedOptimized: ({ context, event }) => {
        const a = targetAnswer(context, event);
        return a !== null && a.status === 'SUCCESS' && a.nonceT !== null && a.suite !== null;
      },
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S6
      //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
      // the TPoS rejected this SPoS; the SPoS cannot do the optimized establishment.
      targetRefused: ({ context, event }) => targetAnswer(context, event)?.status === 'REJECTED',
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //# or if any of the MN or TPoS requests so.
      // "or if any of the ... TPoS requests so" (and the TPoS-side chain/suite checks).
      targetRequiresFullEstablishment: ({ context, event }) => targetAnswer(context, event)?.status === 'FULL_AUTH_REQUIRED',
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
      //# As the MN moves from one partner network to the next target network, the MN establishes or
      //# renews a security association with the PoS in the target network, i.e. the TPoS.
      // the PoS's TPoS role made a new SA with the MN; this one is gone.
      holdsSa: ({ context }) => context.sa !== null,
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
      //# After initial attachment, there is signaling defined so that at all times the MN has a
      //# security association with the PoS in the network at its current point of attachment
      //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
      //# A PoS that serves the MN refuses to be its TPoS
      // the TPoS role completed a preparation this PoS should have refused: its serving SA stays.
      keepsServingSa: ({ context }) => variant.tposServing === 'V-TPOS-SERVING-REFUSES' && context.sa !== null,
      // docs/protocol.md §5 step 7: the TPoS reports that the MN completed its handover there.
      mnMovedOn: ({ context, event }) => {
        if (event.type !== 'MIS_N2N_HO_Complete.indication' || context.sa === null) return false;
        //= SPEC_MAPPING.md#V-COMPLETE-BOUND
        //# MIS_N2N_HO_Complete.indication names the Nonce-N of the preparation it completes
        // only the preparation made from this SA ends it; an old indication names another.
        if (variant.completion !== 'V-COMPLETE-BOUND') return true;
        return event.pdu.type === 'MIS_N2N_HO_Complete.indication' && event.pdu.preparation !== undefined && event.pdu.preparation === context.lastRequest;
      },
    },
    actions: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S23
      //# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D)
      //# TLS or EAP.
      // one MIH SA establishment run (the PoS draws Nonce-P).
      recordAuthenticationRun: assign({
        run: ({ event }) => {
          assertEvent(event, 'MIS_Auth.request');
          return startAuthRun(event.pdu, event.fresh);
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // the MN bootstraps its SA "with the assistance of the HPoS" (AAA, off the wire).
      askHomeToAuthenticate: emit(({ context }) => askHomeToAuthenticate(must(context.run, 'authentication run'), 'spos', pos.id)),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
      //# After initial attachment, there is signaling defined so that at all times
      // the MN now has an SA with the PoS at its point of attachment.
      installServingSa: assign(({ context, event }) => {
        const run = must(context.run, 'authentication run');
        const root = event.type === 'homeAuthenticated' ? event.rootKey : rootKeyOfRun(run, mn.id, mn.home, pos.id);
        return { sa: fullEstablishmentSa(variant, run, root, mn.id, pos.id, mn.id, 'serving'), transaction: run.nonceN, lastRequest: null, relay: null };
      }),
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
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S23
      //# In Clause 9 of Draft IEEE IEEE Std 802.21-XXXX, an MIH SA can be established through (D)
      //# TLS or EAP.
      // the run is over.
      closeAuthenticationRun: assign({ run: null }),
      // docs/protocol.md §4/§5: answer the MN without involving a TPoS.
      answerMn: emit(({ context, event }, params: { status: Status; reason: Reason }) => {
        const r = preregOf(event);
        return preregResponse(context, r.nonceN, params.status, params.reason, params.status === 'NO_TARGET' ? null : targetOf(r));
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      //= SPEC_MAPPING.md#A-K-BIND
      //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K
      //# per (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
      //= SPEC_MAPPING.md#V-K-PER-TPOS
      //# One K per (MN, SPoS, TPoS, Nonce-N): K is bound to one TPoS (A-K-BIND).
      //= SPEC_MAPPING.md#V-K-SHARED
      //# One K per MN–SPoS SA, handed to every candidate TPoS, bound to neither the TPoS nor the
      //# request.
      //= SPEC_MAPPING.md#V-K-HPOS
      //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP
      //# root; the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
      // K from the SPoS's SA with the MN, bound to the TPoS (V-K-PER-TPOS)
      // or shared by all candidates (V-K-SHARED); none under V-K-HPOS (the HPoS supplies it).
      deriveKForTarget: assign({
        relay: ({ context, event }) => {
          const r = preregOf(event);
          const sa = must(context.sa, 'SA');
          const tpos = must(targetOf(r), 'target');
          const k = kFromHigherLevelEntity(variant) ? null : kFromSpos(sa.key, mn.id, pos.id, tpos, r.nonceN, variant.kScope === 'V-K-SHARED');
          return { nonceN: r.nonceN, tpos, k };
        },
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
      //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
      //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S8
      //# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for
      //# protecting the communications between an SPoS and a TPoS.
      //= SPEC_MAPPING.md#A-POS-CHANNEL
      //# Every partner pair shares a pre-configured MIS SA that integrity- and
      //# confidentiality-protects
      // K to the TPoS over the MIS SA between the PoSs (5.14.1-S8, A-POS-CHANNEL).
      forwardToTarget: emit(({ context, event }) => {
        const r = preregOf(event);
        const sa = must(context.sa, 'SA');
        const relay = must(context.relay, 'relay');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_N2N_Prereg_Xfer.request' as const, src: pos.id, dst: relay.tpos, mn: mn.id, nonceN: relay.nonceN,
            suites: r.suites, depth: sa.depth + 1, chain: sa.chain + 1, root: sa.root, k: relay.k,
            //= SPEC_MAPPING.md#V-FALLBACK-SEEN
            //# MIS_N2N_Prereg_Xfer.request carries the MN's fallback flag
            ...(variant.tposSeesFallback === 'V-FALLBACK-SEEN' ? { mnFallback: r.fallback } : {}),
          },
        };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
      //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
      //# described above.
      // "the SPoS will provide the address of the TPoS to the MN along with K".
      deliverKToMn: emit(({ context, event }) => {
        const a = answerOf(event);
        const relay = must(context.relay, 'relay');
        return preregResponse(context, relay.nonceN, 'SUCCESS', 'NONE', relay.tpos, { nonceT: a.nonceT, suite: a.suite, k: relay.k });
      }),
      // docs/protocol.md §5 step 5: a TPoS REJECTED becomes FULL_AUTH_REQUIRED, TARGET_REFUSED.
      answerTargetRefused: emit(({ context }) => {
        const relay = must(context.relay, 'relay');
        return preregResponse(context, relay.nonceN, 'FULL_AUTH_REQUIRED', 'TARGET_REFUSED', relay.tpos);
      }),
      // docs/protocol.md §5 step 5: a TPoS FULL_AUTH_REQUIRED is passed on with its reason.
      passOnFullEstablishment: emit(({ context, event }) => {
        const relay = must(context.relay, 'relay');
        return preregResponse(context, relay.nonceN, 'FULL_AUTH_REQUIRED', answerOf(event).reason, relay.tpos);
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
      //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
      //# described above.
      // the MN has its answer; the SPoS no longer waits for the TPoS.
      forgetRelay: assign({ relay: null }),
      // docs/protocol.md §3: the transaction (Nonce-N) is taken up once; copies are discarded.
      takeUpRequest: assign({ lastRequest: ({ event }) => preregOf(event).nonceN }),
      // docs/protocol.md §5 step 7: the old SPoS deletes its SA with the MN.
      deleteSaWithMn: assign({ sa: null, transaction: null, lastRequest: null, relay: null }),
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
      //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
      //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
      // "the TPoS naturally begins to play the role of the MN's serving PoS".
      adoptSaFromTposRole: assign(({ event }) => {
        assertEvent(event, 'takeOver');
        return { sa: event.sa, transaction: null, lastRequest: null, run: null, relay: null };
      }),
      // Adversary capability (CompromisedSposEvent): the counter its own chain check reads.
      rewriteOwnChainCounter: assign({
        sa: ({ context, event }) => {
          if (event.type !== 'compromisedRewindsChain') throw new SposEventMismatch(event.type);
          const sa = must(context.sa, 'SA');
          return { ...sa, chain: event.to, depth: event.to };
        },
      }),
      // Adversary capability (CompromisedSposEvent): the root label its own root checks read.
      relabelOwnRoot: assign({
        sa: ({ context, event }) => {
          if (event.type !== 'compromisedRelabelsRoot') throw new SposEventMismatch(event.type);
          return { ...must(context.sa, 'SA'), root: 'EAP' as const, idType: 1 as const };
        },
      }),
    },
  }).createMachine({
    id: 'spos',
    context: SPOS_INITIAL_CONTEXT,
    initial: 'notServing',
    on: {
      takeOver: [{ guard: 'keepsServingSa' }, { target: '.serving', actions: 'adoptSaFromTposRole' }],
      saSuperseded: { guard: 'holdsSa', target: '.notServing', actions: 'deleteSaWithMn' },
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S15
      //# When the MN first attaches to one of the partner networks of the roaming partners, it is
      //# either the MN's home network or a visited network.
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // initial attachment (or its renewal, in any state but a run of its own).
      'MIS_Auth.request': [
        { guard: 'attachmentByTls', target: '.serving', actions: ['recordAuthenticationRun', 'installServingSa', 'answerAuthentication', 'closeAuthenticationRun'] },
        { guard: 'attachmentByEapOrErp', target: '.awaitingHome', actions: ['recordAuthenticationRun', 'askHomeToAuthenticate'] },
      ],
      ...(capabilities.compromised === true
        ? { compromisedRewindsChain: { guard: 'holdsSa', actions: 'rewriteOwnChainCounter' }, compromisedRelabelsRoot: { guard: 'holdsSa', actions: 'relabelOwnRoot' } } as const
        : {}),
    },
    states: {
      notServing: {},
      awaitingHome: {
        on: {
          homeAuthenticated: { target: 'serving', actions: ['installServingSa', 'answerAuthentication', 'closeAuthenticationRun'] },
          //= SPEC_MAPPING.md#A-ERP-SEQ
          //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world
          //# may provision the start per MN (default 0)
          // a refused renewal leaves the SA the PoS already held.
          homeRefused: [
            { guard: 'holdsSa', target: 'serving', actions: ['refuseAuthentication', 'rememberRefusedRun', 'closeAuthenticationRun'] },
            { target: 'notServing', actions: ['refuseAuthentication', 'rememberRefusedRun', 'closeAuthenticationRun'] },
          ],
        },
      },
      serving: {
        initial: 'idle',
        on: {
          // docs/protocol.md §4: first match wins, in the SPoS order.
          'MIS_Prereg_Xfer.request': [
            { guard: 'noCandidateTarget', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'NO_TARGET', reason: 'NONE' } }, 'forgetRelay'] },
            { guard: 'mnRequestsFallback', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED' } }, 'forgetRelay'] },
            { guard: 'noTrustWithTarget', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'FULL_AUTH_REQUIRED', reason: 'NO_TRUST' } }, 'forgetRelay'] },
            { guard: 'tlsExcludesOptimized', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'FULL_AUTH_REQUIRED', reason: 'TLS_ROOT' } }, 'forgetRelay'] },
            { guard: 'notRootedInEap', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'FULL_AUTH_REQUIRED', reason: 'NOT_EAP_ROOT' } }, 'forgetRelay'] },
            { guard: 'chainLimitReached', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' } }, 'forgetRelay'] },
            { guard: 'fullEstablishmentPossible', target: '.idle', actions: ['takeUpRequest', { type: 'answerMn', params: { status: 'FULL_AUTH_REQUIRED', reason: 'NONE' } }, 'forgetRelay'] },
            { guard: 'optimizedEstablishmentAllowed', target: '.awaitingTarget', actions: ['takeUpRequest', 'deriveKForTarget', 'forwardToTarget'] },
          ],
          'MIS_N2N_HO_Complete.indication': { guard: 'mnMovedOn', target: '#spos.notServing', actions: 'deleteSaWithMn' },
        },
        states: {
          idle: {},
          awaitingTarget: {
            on: {
              'MIS_N2N_Prereg_Xfer.response': [
                { guard: 'targetGrantedOptimized', target: 'idle', actions: ['deliverKToMn', 'forgetRelay'] },
                { guard: 'targetRefused', target: 'idle', actions: ['answerTargetRefused', 'forgetRelay'] },
                { guard: 'targetRequiresFullEstablishment', target: 'idle', actions: ['passOnFullEstablishment', 'forgetRelay'] },
              ],
            },
          },
        },
      },
    },
  });
}

export type SposMachine = ReturnType<typeof createSposMachine>;
