//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
// The HPoS role: the MN's home PoS holds its long-term credential (docs/protocol.md §1) and
// assists every other PoS that needs keys for it. In a deployment this is the AAA exchange
// between the visited PoS and the home AAA server (RADIUS/Diameter, not on the MIS wire); here
// it is an explicit in-process call through HomeDirectory, so the wiring is visible and a test
// can watch it. 5.14.1-S16: "the MN can bootstrap this security association with the
// assistance of the HPoS".
import type { Method } from '../wire/messages.ts';
import { ErpState, credentialRootKey, hposHandoverKey } from './credentials.ts';

export type HomeRefusal = 'UNKNOWN_MN' | 'ERP_SEQ_EXHAUSTED';

export type FullEstablishmentAnswer =
  | { readonly ok: true; readonly rootKey: Uint8Array }
  | { readonly ok: false; readonly refusal: HomeRefusal };

/** What a PoS may ask an MN's HPoS. */
export interface HomeServer {
  readonly id: string;
  /** The root key (MSK, rMSK or TLS exporter secret) of a full establishment of `mn` at `pos`. */
  fullEstablishment(mn: string, method: Method, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): FullEstablishmentAnswer;
  //= spec/clause-5.14-proposed-text.txt#5.14.3-S4
  //# This also depends on the SPoS having access to location and configuration
  /** 5.14.3-S4: the MN's configured RATs, from its subscriber profile. */
  subscriberRats(mn: string): readonly string[] | undefined;
  //= SPEC_MAPPING.md#V-K-HPOS
  //# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
  //# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
  /** V-K-HPOS: K for a handover of `mn` from `spos` to `tpos`. */
  handoverKey(mn: string, spos: string, tpos: string, nonceN: Uint8Array): Uint8Array | undefined;
}

/** How a PoS finds an MN's HPoS (a NAI realm lookup in a deployment). */
export interface HomeDirectory {
  homeOf(mn: string): HomeServer | undefined;
}

export interface SubscriberProvisioning {
  readonly mn: string;
  readonly credential: Uint8Array;
  readonly rats: readonly string[];
  readonly erpSeqStart: number;
}

interface Subscriber {
  readonly credential: Uint8Array;
  readonly rats: readonly string[];
  readonly erp: ErpState;
}

/** One assistance the HPoS gave (the AAA log a home operator keeps; no key material). */
export interface HomeAssist {
  readonly mn: string;
  /** The PoS that asked (this HPoS itself for a home attachment). */
  readonly pos: string;
  readonly what: 'full-establishment' | 'handover-key';
  readonly method?: Method;
  readonly granted: boolean;
}

/** The subscriber database of one HPoS. */
export class HomeSubscribers implements HomeServer {
  readonly id: string;
  readonly #subscribers = new Map<string, Subscriber>();
  // Stryker disable next-line ArrayDeclaration: the AAA log is off the MIS wire and in no observation (docs/protocol.md §7); the impl's own tests read it
  readonly #assists: HomeAssist[] = [];

  constructor(id: string, subscribers: readonly SubscriberProvisioning[]) {
    this.id = id;
    for (const s of subscribers) {
      this.#subscribers.set(s.mn, {
        // Stryker disable next-line MethodExpression: a defensive copy; no entity ever writes a provisioned credential (impl/system.ts)
        credential: s.credential.slice(),
        rats: [...s.rats],
        erp: new ErpState(s.credential, s.mn, id, s.erpSeqStart),
      });
    }
  }

  fullEstablishment(mn: string, method: Method, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): FullEstablishmentAnswer {
    const answer = this.#fullEstablishment(mn, method, pos, nonceN, nonceP);
    // Stryker disable next-line ObjectLiteral,StringLiteral: the AAA log is off the MIS wire and in no observation (docs/protocol.md §7); the impl's own tests read it
    this.#assists.push({ mn, pos, what: 'full-establishment', method, granted: answer.ok });
    return answer;
  }

  #fullEstablishment(mn: string, method: Method, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): FullEstablishmentAnswer {
    const sub = this.#subscribers.get(mn);
    // Stryker disable next-line ConditionalExpression,ObjectLiteral,BooleanLiteral,StringLiteral: unreachable; a PoS asks only the HPoS the directory names for an MN of the world, which provisions it (impl/system.ts), and discards an unknown MN first (unknown-mn)
    if (sub === undefined) return { ok: false, refusal: 'UNKNOWN_MN' };
    if (method === 'ERP') {
      // Stryker disable next-line ObjectLiteral,StringLiteral: a PoS reads only whether it was granted and answers every refusal alike (REJECTED, docs/protocol.md §5.4)
      if (!sub.erp.available) return { ok: false, refusal: 'ERP_SEQ_EXHAUSTED' }; // RFC 6696: SEQ never wraps
      return { ok: true, rootKey: sub.erp.run(mn, pos, nonceN, nonceP) };
    }
    return { ok: true, rootKey: credentialRootKey(method, sub.credential, mn, pos, nonceN, nonceP) };
  }

  subscriberRats(mn: string): readonly string[] | undefined {
    return this.#subscribers.get(mn)?.rats;
  }

  handoverKey(mn: string, spos: string, tpos: string, nonceN: Uint8Array): Uint8Array | undefined {
    const sub = this.#subscribers.get(mn);
    // Stryker disable next-line ObjectLiteral,StringLiteral,ConditionalExpression,EqualityOperator: the AAA log is off the MIS wire and in no observation (docs/protocol.md §7); the impl's own tests read it
    this.#assists.push({ mn, pos: spos, what: 'handover-key', granted: sub !== undefined });
    // Stryker disable next-line ConditionalExpression,EqualityOperator: unreachable; a PoS asks only the HPoS the directory names for an MN of the world, which provisions it (impl/system.ts), and discards an unknown MN first (unknown-mn)
    return sub === undefined ? undefined : hposHandoverKey(sub.credential, mn, spos, tpos, nonceN);
  }

  /** Every assistance given so far, in order. */
  // Stryker disable next-line BlockStatement: the AAA log is off the MIS wire and in no observation (docs/protocol.md §7); the impl's own tests read it
  assists(): readonly HomeAssist[] {
    return this.#assists;
  }

  /** SEQ of the next ERP run of `mn` (for tests and reports; not secret). */
  // Stryker disable next-line BlockStatement: the HPoS's SEQ count is in no observation (docs/protocol.md §7); the impl's own tests read it
  erpNextSeq(mn: string): number | undefined {
    // Stryker disable next-line OptionalChaining: the HPoS's SEQ count is in no observation (docs/protocol.md §7); the impl's own tests read it
    return this.#subscribers.get(mn)?.erp.nextSeq;
  }
}
