// What the machines say to the world they are composed into. A machine never reaches into
// another machine: it emits, and the world (model/world/world.ts) routes the emission.

import type { Pdu } from '../pdus.ts';
import type { DomainId, HandoverOutcome, KeyTerm, Method, MnId, ModelDomainConfig, ModelMnConfig, RootKind, SaRecord, Token } from '../types.ts';
import type { Variant } from '../variants.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
/** A PoS role that may ask the MN's HPoS for help (5.14.1-S16, 5.14.2-S2). */
export interface HomeCaller {
  readonly role: 'spos' | 'tpos';
  readonly pos: DomainId;
}

/** The AAA exchange with the home network, abstracted off the wire (docs/protocol.md §5). */
export type HomeRequest =
  | { readonly op: 'authenticate'; readonly caller: HomeCaller; readonly method: Method; readonly nonceN: Token; readonly nonceP: Token }
  | {
    readonly op: 'issueK'; readonly caller: HomeCaller; readonly tpos: DomainId; readonly nonceN: Token;
    /** Depth and root of the SA to be made, as the SPoS stated them. */
    readonly depth: number; readonly root: RootKind;
  };

/** The HPoS's answers, delivered to the calling role as events. */
export type HomeAnswer =
  | { readonly type: 'homeAuthenticated'; readonly rootKey: KeyTerm }
  | { readonly type: 'homeKey'; readonly k: KeyTerm }
  | { readonly type: 'homeKeyRefused' }
  //= SPEC_MAPPING.md#A-ERP-SEQ
  //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
  //# provision the start per MN (default 0)
  /** A-ERP-SEQ: the ERP run is refused (no SEQ left). */
  | { readonly type: 'homeRefused' };

export type Emitted =
  /** Put a PDU on the network (appended to the in-flight list). */
  | { readonly type: 'send'; readonly pdu: Pdu }
  /** The MN learnt how its handover goes. */
  | { readonly type: 'outcome'; readonly outcome: HandoverOutcome }
  /** A PoS role asks the HPoS of its MN. */
  | { readonly type: 'askHome'; readonly request: HomeRequest }
  /** The HPoS answers a role. */
  | { readonly type: 'answerCaller'; readonly caller: HomeCaller; readonly answer: HomeAnswer }
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S19
  //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving
  //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.
  /** 5.14.1-S19: the TPoS role hands its SA to the SPoS role of the same PoS. */
  | { readonly type: 'takeOver'; readonly sa: SaRecord }
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S18
  //# As the MN moves from one partner network to the next target network, the MN establishes or
  //# renews a security association with the PoS in the target network, i.e. the TPoS.
  /**
   * 5.14.1-S18 ("establishes or renews a security association"): a PoS holds one SA per MN, so
   * the SA the TPoS role just made replaces any SA the SPoS role still held with that MN.
   */
  | { readonly type: 'supersede' }
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  /** A-REPLAY: the PoS records (SPoS, Nonce-N) in its replay cache. */
  | { readonly type: 'rememberNonce'; readonly spos: DomainId; readonly nonceN: Token };

/** Everything a machine is specialised with: the clause's parameters for one MN and one PoS. */
export interface RoleParams {
  readonly chainLimit: number;
  readonly variant: Variant;
  readonly mn: ModelMnConfig;
  /** The PoS playing the role (absent for the MN machine). */
  readonly pos: ModelDomainConfig;
  readonly domainById: ReadonlyMap<DomainId, ModelDomainConfig>;
}

export interface MnParams {
  readonly chainLimit: number;
  readonly variant: Variant;
  readonly mn: ModelMnConfig;
  /** The networks around (V-MN-TARGET-REACHABLE only: which of them the MN can reach). */
  readonly domainById?: ReadonlyMap<DomainId, ModelDomainConfig>;
}

export interface HomeParams {
  readonly variant: Variant;
  readonly mn: ModelMnConfig;
}

export type { MnId };
