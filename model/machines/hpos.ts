//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
//= SPEC_MAPPING.md#V-K-HPOS
//# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
//# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
// The home PoS (HPoS) of one MN: the only network entity that shares the MN's long-term
// credential (docs/protocol.md §1). It is the EAP/ERP server of every full establishment the MN
// makes away from TLS (5.14.1-S16: "with the assistance of the HPoS ... standard AAA
// mechanisms"), so it holds the root key of the MN's current lineage; under V-K-HPOS it is
// the "higher level entity" a TPoS obtains K from (5.14.2-S2). Its exchanges are AAA, off the
// MIS wire, so they complete inside the step that asked for them.

import { assign, emit, setup } from 'xstate';
import { afterErpRun, erpSeqExhausted, erpSeqsLeftAtStart, type ErpSeqsLeft } from '../erp-seq.ts';
import { kFromHome, rootKey } from '../keys.ts';
import type { KeyTerm } from '../types.ts';
import type { Emitted, HomeParams, HomeRequest } from './common.ts';

export interface HposContext {
  /** Root key (MSK / rMSK) of the MN's last EAP or ERP run. */
  readonly root: KeyTerm | null;
  //= SPEC_MAPPING.md#A-ERP-SEQ
  //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
  //# provision the start per MN (default 0)
  /** A-ERP-SEQ: SEQs left for the MN's ERP runs (null: more than a run can use). */
  readonly erpSeqsLeft: ErpSeqsLeft;
}

export type HposEvent = { readonly type: 'authenticate'; readonly request: HomeRequest } | { readonly type: 'issueK'; readonly request: HomeRequest };

export const HPOS_INITIAL_CONTEXT: HposContext = { root: null, erpSeqsLeft: null };

class HposEventMismatch extends Error {
  override readonly name = 'HposEventMismatch';
}

export function createHposMachine(p: HomeParams) {
  const { mn, variant } = p;
  const authenticateOf = (e: HposEvent) => {
    if (e.request.op !== 'authenticate') throw new HposEventMismatch(e.request.op);
    return e.request;
  };
  const issueOf = (e: HposEvent) => {
    if (e.request.op !== 'issueK') throw new HposEventMismatch(e.request.op);
    return e.request;
  };

  return setup({
    types: {
      context: {} as HposContext,
      events: {} as HposEvent,
      emitted: {} as Emitted,
    },
    guards: {
      //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
      //# If the first attachment is to the MN's home network, the MN
      // the MN's credential authenticates EAP and ERP runs (TLS needs no home).
      runUsesHomeCredential: ({ event }) => event.type === 'authenticate' && event.request.op === 'authenticate' && event.request.method !== 'TLS',
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // A-ERP-SEQ (docs/protocol.md §5.4): no SEQ left, so the ER server refuses the ERP run.
      erpRunWithoutSeq: ({ context, event }) =>
        event.type === 'authenticate' && event.request.op === 'authenticate' && event.request.method === 'ERP' && erpSeqExhausted(context.erpSeqsLeft),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      // a K request for this MN.
      keyRequested: ({ event }) => event.type === 'issueK' && event.request.op === 'issueK',
    },
    actions: {
      // The EAP server derives MSK (or the ER server rMSK) as the MN does.
      deriveRootKey: assign({
        root: ({ event }) => {
          const r = authenticateOf(event);
          return rootKey(r.method, mn.id, mn.home, r.nonceN, r.nonceP);
        },
      }),
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // the HPoS consumes a SEQ when it grants an ERP run (the MN only on SUCCESS).
      consumeErpSeq: assign({
        erpSeqsLeft: ({ context, event }) => (authenticateOf(event).method === 'ERP' ? afterErpRun(context.erpSeqsLeft) : context.erpSeqsLeft),
      }),
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // the authenticator answers REJECTED and installs no SA.
      refuseRun: emit(({ event }) => ({ type: 'answerCaller' as const, caller: authenticateOf(event).caller, answer: { type: 'homeRefused' as const } })),
      // AAA: the root key goes to the authenticator (the calling PoS).
      answerAuthenticated: emit(({ context, event }) => {
        const r = authenticateOf(event);
        if (context.root === null) throw new HposEventMismatch('no root');
        return { type: 'answerCaller' as const, caller: r.caller, answer: { type: 'homeAuthenticated' as const, rootKey: context.root } };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-S2
      //# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
      //= SPEC_MAPPING.md#V-K-HPOS
      //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP
      //# root; the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
      //= SPEC_MAPPING.md#V-K-HPOS-EMSK
      //# K is derived from a usage-specific root key of the EMSK hierarchy (RFC 5295)
      // 5.14.2-S2 (V-K-HPOS): K from the lineage's root, bound to the TPoS (V-K-HPOS-EMSK: from
      // the root's usage-specific root key, which the authenticator never receives).
      answerKey: emit(({ context, event }) => {
        const r = issueOf(event);
        if (context.root === null) throw new HposEventMismatch('no root');
        return {
          type: 'answerCaller' as const, caller: r.caller,
          answer: { type: 'homeKey' as const, k: kFromHome(context.root.origin, r.root, r.depth, mn.id, mn.home, r.tpos, r.nonceN, variant.kSource === 'V-K-HPOS-EMSK') },
        };
      }),
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
      //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
      //# etsblishment applies.
      // no EAP/ERP root at home, so no K.
      refuseKey: emit(({ event }) => ({ type: 'answerCaller' as const, caller: issueOf(event).caller, answer: { type: 'homeKeyRefused' as const } })),
    },
  }).createMachine({
    id: 'hpos',
    context: { ...HPOS_INITIAL_CONTEXT, erpSeqsLeft: erpSeqsLeftAtStart(mn) },
    initial: 'noRoot',
    states: {
      noRoot: {
        on: {
          authenticate: [
            { guard: 'erpRunWithoutSeq', actions: 'refuseRun' },
            { guard: 'runUsesHomeCredential', target: 'holdsRoot', actions: ['deriveRootKey', 'consumeErpSeq', 'answerAuthenticated'] },
          ],
          issueK: { guard: 'keyRequested', actions: 'refuseKey' },
        },
      },
      holdsRoot: {
        on: {
          authenticate: [
            { guard: 'erpRunWithoutSeq', actions: 'refuseRun' },
            { guard: 'runUsesHomeCredential', target: 'holdsRoot', actions: ['deriveRootKey', 'consumeErpSeq', 'answerAuthenticated'] },
          ],
          issueK: { guard: 'keyRequested', actions: 'answerKey' },
        },
      },
    },
  });
}

export type HposMachine = ReturnType<typeof createHposMachine>;
