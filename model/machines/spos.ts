// The serving PoS of one MN (the SPoS role of a PoS for that MN). It holds the MN's current SA
// (5.14.1-S17), answers the MN's preregistration (5.14.3), decides between the optimized
// establishment and a fallback (5.14.2 Notes 1-4, in the SPoS order of docs/protocol.md §4),
// hands K to the TPoS and the MN (5.14.2-S2/S6), and forgets the MN once it has moved on.

import { assertEvent, assign, emit, setup } from 'xstate';
import { kFromSpos } from '../keys.ts';
import type { AuthRequest, N2nPreregResponse, Pdu, PreregRequest } from '../pdus.ts';
import { idTypeOfFull, selectTarget, trusts } from '../rules.ts';
import type { DomainId, KeyTerm, Reason, SaRecord, Status, Token } from '../types.ts';
import { chainEnforcers } from '../variants.ts';
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

/**
 * Adversary capability, sent only by model/adversary (the conformance world's machines do not
 * define it, see `SposCapabilities`): 5.14.2-N4b, a compromised SPoS rewrites the chain counter
 * it keeps for the MN. The counter is its own memory and it holds the MIS SA key (5.14.1-S8),
 * so whatever it then states in MIS_N2N_Prereg_Xfer.request carries a valid MAC.
 */
export type CompromisedSposEvent = {
  readonly type: 'compromisedRewindsChain';
  /** The counter (and depth) it keeps from now on. */
  readonly to: number;
};

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
      // 5.14.1-S23/S24: an MIH SA by TLS is made by the MN and this PoS alone.
      attachmentByTls: ({ context, event }) => attachRequest(context, event)?.method === 'TLS',
      // 5.14.1-S16: EAP/ERP at a visited (or home) network runs with the assistance of the HPoS.
      attachmentByEapOrErp: ({ context, event }) => {
        const r = attachRequest(context, event);
        return r !== null && r.method !== 'TLS';
      },
      // 5.14.3-S3..S6: no surrounding network with a security relationship offers the MN's RATs.
      noCandidateTarget: ({ context, event }) => {
        const r = preregRequest(context, event);
        return r !== null && targetOf(r) === null;
      },
      // 5.14.2-N1c: "or if any of the MN ... requests so".
      mnRequestsFallback: ({ context, event }) => preregRequest(context, event)?.fallback === true,
      // 5.14.2-N1a: "allowed only when a trust relationship has established between the network domains".
      noTrustWithTarget: ({ context, event }) => {
        const r = preregRequest(context, event);
        return r !== null && !trusts(pos, must(targetOf(r), 'target'));
      },
      // 5.14.2-N3: "the optimized SA establishment method does not apply" to TLS
      // (V-TLS-ROOT: the SA's lineage root; V-TLS-PROTOCOL: the MN's declared protocol).
      tlsExcludesOptimized: ({ context, event }) => {
        const r = preregRequest(context, event);
        if (r === null) return false;
        return variant.tls === 'V-TLS-ROOT' ? must(context.sa, 'SA').root === 'TLS' : r.method === 'TLS';
      },
      // 5.14.2-N2a: the optimized establishment applies to EAP (and ERP) lineages only.
      notRootedInEap: ({ context, event }) => preregRequest(context, event) !== null && must(context.sa, 'SA').root === 'GKB',
      // 5.14.2-N4b/N4c: after L optimized establishments the chain is cut (SPoS enforces).
      chainLimitReached: ({ context, event }) =>
        enforcers.spos && preregRequest(context, event) !== null && must(context.sa, 'SA').chain >= chainLimit,
      // 5.14.2-N1b under V-NOTE1-LITERAL: a full establishment is always possible, so fall back.
      fullEstablishmentPossible: ({ context, event }) =>
        variant.note1 === 'V-NOTE1-LITERAL' && preregRequest(context, event) !== null,
      // 5.14.2-S2: the optimized establishment may go ahead; the SPoS obtains K for the TPoS.
      optimizedEstablishmentAllowed: ({ context, event }) => preregRequest(context, event) !== null,
      // 5.14.2-S7/S8: the TPoS sent Nonce-T and c.
      targetGrantedOptimized: ({ context, event }) => {
        const a = targetAnswer(context, event);
        return a !== null && a.status === 'SUCCESS' && a.nonceT !== null && a.suite !== null;
      },
      // 5.14.1-S6: the TPoS rejected this SPoS; the SPoS cannot do the optimized establishment.
      targetRefused: ({ context, event }) => targetAnswer(context, event)?.status === 'REJECTED',
      // 5.14.2-N1c: "or if any of the ... TPoS requests so" (and the TPoS-side chain/suite checks).
      targetRequiresFullEstablishment: ({ context, event }) => targetAnswer(context, event)?.status === 'FULL_AUTH_REQUIRED',
      // 5.14.1-S18: the PoS's TPoS role made a new SA with the MN; this one is gone.
      holdsSa: ({ context }) => context.sa !== null,
      // docs/protocol.md §5 step 7: the TPoS reports that the MN completed its handover there.
      mnMovedOn: ({ context, event }) =>
        event.type === 'MIS_N2N_HO_Complete.indication' && context.sa !== null,
    },
    actions: {
      // 5.14.1-S23: one MIH SA establishment run (the PoS draws Nonce-P).
      recordAuthenticationRun: assign({
        run: ({ event }) => {
          assertEvent(event, 'MIS_Auth.request');
          return startAuthRun(event.pdu, event.fresh);
        },
      }),
      // 5.14.1-S16: the MN bootstraps its SA "with the assistance of the HPoS" (AAA, off the wire).
      askHomeToAuthenticate: emit(({ context }) => askHomeToAuthenticate(must(context.run, 'authentication run'), 'spos', pos.id)),
      // 5.14.1-S17: the MN now has an SA with the PoS at its point of attachment.
      installServingSa: assign(({ context, event }) => {
        const run = must(context.run, 'authentication run');
        const root = event.type === 'homeAuthenticated' ? event.rootKey : rootKeyOfRun(run, mn.id, mn.home, pos.id);
        return { sa: fullEstablishmentSa(variant, run, root, mn.id, pos.id, mn.id, 'serving'), transaction: run.nonceN, lastRequest: null, relay: null };
      }),
      // 5.14-T1: the answer carries the ID_TYPE of the SA made.
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
      // 5.14.1-S23: the run is over.
      closeAuthenticationRun: assign({ run: null }),
      // docs/protocol.md §4/§5: answer the MN without involving a TPoS.
      answerMn: emit(({ context, event }, params: { status: Status; reason: Reason }) => {
        const r = preregOf(event);
        return preregResponse(context, r.nonceN, params.status, params.reason, params.status === 'NO_TARGET' ? null : targetOf(r));
      }),
      // 5.14.2-S2, A-K-BIND: K from the SPoS's SA with the MN, bound to the TPoS (V-K-PER-TPOS)
      // or shared by all candidates (V-K-SHARED); none under V-K-HPOS (the HPoS supplies it).
      deriveKForTarget: assign({
        relay: ({ context, event }) => {
          const r = preregOf(event);
          const sa = must(context.sa, 'SA');
          const tpos = must(targetOf(r), 'target');
          const k = variant.kSource === 'V-K-HPOS' ? null : kFromSpos(sa.key, mn.id, pos.id, tpos, r.nonceN, variant.kScope === 'V-K-SHARED');
          return { nonceN: r.nonceN, tpos, k };
        },
      }),
      // 5.14.2-S6: K to the TPoS over the MIS SA between the PoSs (5.14.1-S8, A-POS-CHANNEL).
      forwardToTarget: emit(({ context, event }) => {
        const r = preregOf(event);
        const sa = must(context.sa, 'SA');
        const relay = must(context.relay, 'relay');
        return {
          type: 'send' as const,
          pdu: {
            type: 'MIS_N2N_Prereg_Xfer.request' as const, src: pos.id, dst: relay.tpos, mn: mn.id, nonceN: relay.nonceN,
            suites: r.suites, depth: sa.depth + 1, chain: sa.chain + 1, root: sa.root, k: relay.k,
          },
        };
      }),
      // 5.14.3-S7: "the SPoS will provide the address of the TPoS to the MN along with K".
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
      // 5.14.3-S7: the MN has its answer; the SPoS no longer waits for the TPoS.
      forgetRelay: assign({ relay: null }),
      // docs/protocol.md §3: the transaction (Nonce-N) is taken up once; copies are discarded.
      takeUpRequest: assign({ lastRequest: ({ event }) => preregOf(event).nonceN }),
      // docs/protocol.md §5 step 7: the old SPoS deletes its SA with the MN.
      deleteSaWithMn: assign({ sa: null, transaction: null, lastRequest: null, relay: null }),
      // 5.14.1-S19: "the TPoS naturally begins to play the role of the MN's serving PoS".
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
    },
  }).createMachine({
    id: 'spos',
    context: SPOS_INITIAL_CONTEXT,
    initial: 'notServing',
    on: {
      takeOver: { target: '.serving', actions: 'adoptSaFromTposRole' },
      saSuperseded: { guard: 'holdsSa', target: '.notServing', actions: 'deleteSaWithMn' },
      // 5.14.1-S15/S16: initial attachment (or its renewal, in any state but a run of its own).
      'MIS_Auth.request': [
        { guard: 'attachmentByTls', target: '.serving', actions: ['recordAuthenticationRun', 'installServingSa', 'answerAuthentication', 'closeAuthenticationRun'] },
        { guard: 'attachmentByEapOrErp', target: '.awaitingHome', actions: ['recordAuthenticationRun', 'askHomeToAuthenticate'] },
      ],
      ...(capabilities.compromised === true ? { compromisedRewindsChain: { guard: 'holdsSa', actions: 'rewriteOwnChainCounter' } } as const : {}),
    },
    states: {
      notServing: {},
      awaitingHome: {
        on: {
          homeAuthenticated: { target: 'serving', actions: ['installServingSa', 'answerAuthentication', 'closeAuthenticationRun'] },
          // A-ERP-SEQ: a refused renewal leaves the SA the PoS already held.
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
