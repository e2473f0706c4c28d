// The MN engine: event in -> outputs out. Upper-tester primitives (attach, handover, complete,
// abort) and receive(bytes) are its only inputs; encoded PDUs are its only outputs. State is
// explicit: at most one pending transaction, the serving SA and at most one prepared SA.
import { deriveFullMisk, deriveOptimizedMisk, type RandomSource } from '../crypto/index.ts';
import type { ImplPolicyOptions } from '../config.ts';
import { DEPTH_MAX } from '../config.ts';
import { bytesEqual } from '../bytes.ts';
import { decode, encode } from '../wire/codec.ts';
import { DecodeError } from '../wire/errors.ts';
import type { AuthResponse, Method, Pdu, PreregXferResponse, Reason } from '../wire/messages.ts';
import { ErpState, credentialRootKey, freshNonce, freshTid } from './credentials.ts';
import { DiscardLog, type DiscardReason, type DiscardRecord } from './discards.ts';
import { UsageError } from './errors.ts';
import type { Output } from './output.ts';
import { fullEstablishmentMethod, mnEnforcesChain, mnRefusesOptimizedLineage, targetReachable, type Surrounding } from './policy.ts';
import { seal, verifySealed, wrappedKContext } from './protect.ts';
import { ID_TYPE_SPOS_GENERATED, SecurityAssociation, idTypeOfFullEstablishment, type SaView } from './sa.ts';

export type MnLifecycle = 'detached' | 'idle' | 'waiting' | 'prepared';

/** How one handover ended, as the MN saw it (vocabulary/observation.ts HandoverOutcome). */
export interface MnHandoverOutcome {
  readonly mn: string;
  readonly from: string;
  /** The TPoS; null when none was named or selected (NO_TARGET, or aborted before an answer). */
  readonly to: string | null;
  readonly path: 'optimized' | 'full' | 'none';
  readonly reason: Reason;
}

/**
 * The SPoS looks the MN's RATs up in its subscriber profile at the HPoS (home.ts, 5.14.3-S4); the
 * MN's own `rats` and the `surroundings` it knows of are read only by targetCheck 'reachable'.
 */
export interface MnEngineConfig {
  readonly id: string;
  readonly home: string;
  readonly method: Method;
  readonly suites: readonly number[];
  /** The long-term credential shared with the HPoS only. */
  readonly credential: Uint8Array;
  /** SEQ of the MN's next ERP run (RFC 6696). */
  readonly erpSeqStart: number;
  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //# a network the MN can reach from its point of attachment (a neighbour of its SPoS offering one
  //# of its RATs)
  /** The MN's radio access technologies (default none). */
  readonly rats?: readonly string[];
  /** The networks the MN knows of, by id: their neighbours and RATs (default none). */
  readonly surroundings?: ReadonlyMap<string, Surrounding>;
  readonly policy: ImplPolicyOptions;
  readonly random: RandomSource;
  readonly onDiscard?: (record: DiscardRecord) => void;
}

/** The one transaction the MN may have open (docs/protocol.md §3: procedures are sequential). */
type Pending =
  | { readonly kind: 'attach'; readonly pos: string; readonly tid: number; readonly nonceN: Uint8Array; readonly method: Method }
  | {
      readonly kind: 'prereg';
      readonly spos: string;
      readonly tid: number;
      readonly nonceN: Uint8Array;
      readonly target: string | null;
      //= SPEC_MAPPING.md#V-ENFORCE-MN
      //# Only the MN checks: at depth ≥ L it sets the fallback flag in MIS_Prereg_Xfer.request, and
      //# the SPoS answers MN_REQUESTED.
      /** The MN set the fallback flag because of its own chain enforcement (V-ENFORCE-MN). */
      readonly chainForced: boolean;
      //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
      //# An MN that set the fallback flag refuses an optimized SA
      /** The MN set the fallback flag (asked, or forced by its own count). */
      readonly askedFallback: boolean;
    }
  | {
      readonly kind: 'full';
      readonly spos: string;
      readonly tpos: string;
      readonly tid: number;
      readonly nonceN: Uint8Array;
      readonly method: Method;
      readonly reason: Reason;
    };

export class MnEngine {
  readonly id: string;
  readonly home: string;
  readonly method: Method;
  readonly suites: readonly number[];
  readonly discards: DiscardLog;

  readonly #credential: Uint8Array;
  readonly #erp: ErpState;
  readonly #policy: ImplPolicyOptions;
  readonly #random: RandomSource;
  readonly #rats: readonly string[];
  readonly #surroundings: ReadonlyMap<string, Surrounding>;

  /** The PoS whose access network the MN's radio is on (set by attach and complete). */
  #location: string | null = null;
  #attachedTo: string | null = null;
  #serving: SecurityAssociation | null = null;
  #prepared: SecurityAssociation | null = null;
  #pending: Pending | null = null;
  readonly #outcomes: MnHandoverOutcome[] = [];

  constructor(config: MnEngineConfig) {
    this.id = config.id;
    this.home = config.home;
    this.method = config.method;
    this.suites = [...config.suites];
    // Stryker disable next-line MethodExpression: defensive copy; no caller writes a credential after it built the MN (impl/system.ts createEntities derives each once and keeps it)
    this.#credential = config.credential.slice();
    this.#erp = new ErpState(config.credential, config.id, config.home, config.erpSeqStart);
    this.#policy = config.policy;
    this.#random = config.random;
    this.#rats = [...(config.rats ?? [])];
    this.#surroundings = config.surroundings ?? new Map();
    this.discards = new DiscardLog(config.id, config.onDiscard);
  }

  // --- observation -------------------------------------------------------------------------

  get lifecycle(): MnLifecycle {
    if (this.#pending !== null) return 'waiting';
    if (this.#prepared !== null) return 'prepared';
    if (this.#serving !== null) return 'idle';
    return 'detached';
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
  //# After initial attachment, there is signaling defined so that at all times
  /** The PoS the MN is attached to: its SPoS (5.14.1-S17). */
  get attachedTo(): string | null {
    return this.#attachedTo;
  }

  get location(): string | null {
    return this.#location;
  }

  /** Serving SA first, then the prepared one. */
  sas(): SaView[] {
    const out: SaView[] = [];
    if (this.#serving !== null) out.push(this.#serving.view());
    if (this.#prepared !== null) out.push(this.#prepared.view());
    return out;
  }

  outcomes(): readonly MnHandoverOutcome[] {
    return this.#outcomes;
  }

  /** SEQ of the next ERP run (not secret). */
  get erpNextSeq(): number {
    return this.#erp.nextSeq;
  }

  // --- upper tester ------------------------------------------------------------------------

  //= spec/clause-5.14-proposed-text.txt#5.14.1-S15
  //# When the MN first attaches to one of the partner networks of the roaming partners, it is
  //# either the MN's home network or a visited network.
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S16
  //# If the first attachment is to the MN's home network, the MN
  /** Initial attachment at home or visited (5.14.1-S15/S16): full establishment with `domain`. */
  attach(domain: string): Output[] {
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: upper-tester usage error; the tester sends only enabled stimuli (docs/protocol.md §3), and docs/sut-protocol.md has no answer to a refused one but `error`
    if (this.lifecycle !== 'detached') throw new UsageError('attach', `${this.id} is ${this.lifecycle}, not detached`);
    // Stryker disable next-line BooleanLiteral: only V-ERP-OPTIMIZED (erpResetsChain false) reads the flag, a reading the wire cannot carry (docs/protocol.md §8)
    const method = fullEstablishmentMethod(this.method, this.#erp.available, false, this.#policy.erpResetsChain);
    const pending = { kind: 'attach', pos: domain, tid: freshTid(this.#random), nonceN: freshNonce(this.#random), method } as const;
    this.#pending = pending;
    this.#location = domain;
    return [this.#authRequest(domain, pending.tid, pending.nonceN, method)];
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.3-S2
  //# When the MN determines the need for handover, but does not already
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  /**
   * Preregistration (docs/protocol.md §5 step 1): MIS_Prereg_Xfer.request to the SPoS. `target`
   * null asks the SPoS to select (5.14.3-S2); `fallback` asks for a full establishment (5.14.2-N1c).
   */
  handover(target: string | null, fallback: boolean): Output[] {
    const serving = this.#serving;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: upper-tester usage error; the tester sends only enabled stimuli (docs/protocol.md §3), and docs/sut-protocol.md has no answer to a refused one but `error`
    if (this.lifecycle !== 'idle' || serving === null || this.#attachedTo === null) throw new UsageError('handover', `${this.id} is ${this.lifecycle}, not idle`);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: upper-tester usage error; the tester sends only enabled stimuli (docs/protocol.md §3), and docs/sut-protocol.md has no answer to a refused one but `error`
    if (target === this.#attachedTo) throw new UsageError('handover', `${this.id} is already attached to ${target}`);
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
    //# That is, after certain number of executions of the optimized SA establishment, it shall
    //# force an SA establishment through the methods specified in 21m.
    //= SPEC_MAPPING.md#V-ENFORCE-MN
    //# Only the MN checks: at depth ≥ L it sets the fallback flag in MIS_Prereg_Xfer.request, and
    //# the SPoS answers MN_REQUESTED.
    // the MN itself asks for the full establishment at the limit.
    const chainForced = mnEnforcesChain(serving.depth, this.#policy.chainLimit, this.#policy.enforcers.mn);
    const pending = {
      kind: 'prereg', spos: this.#attachedTo, tid: freshTid(this.#random), nonceN: freshNonce(this.#random), target, chainForced, askedFallback: fallback || chainForced,
    } as const;
    this.#pending = pending;
    const bytes = seal<Extract<Pdu, { type: 'MIS_Prereg_Xfer.request' }>>(
      {
        type: 'MIS_Prereg_Xfer.request',
        src: this.id,
        dst: pending.spos,
        mn: this.id,
        tid: pending.tid,
        //= spec/clause-5.14-proposed-text.txt#5.14.3-S2
        //# When the MN determines the need for handover, but does not already
        // absent when the MN does not know the TPoS
        target,
        //= spec/clause-5.14-proposed-text.txt#5.14.2-S7
        //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N
        //# and Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
        // Nonce-N
        nonceN: pending.nonceN,
        //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
        //# They also need to agree on a cipher suite coded as c.
        // the suites c is chosen from
        suites: this.suites,
        fallback: fallback || chainForced,
        depth: Math.min(serving.depth, DEPTH_MAX), // the MN's view; the SPoS decides on its own SA
      },
      serving.key,
    );
    return [{ to: pending.spos, bytes }];
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
  //# After initial attachment, there is signaling defined so that at all times
  /**
   * Handover completion (docs/protocol.md §5 step 7): the MN moves to the TPoS, the prepared SA
   * becomes serving and only then is the old one deleted, so the MN always holds an SA with the
   * PoS of its point of attachment (5.14.1-S17).
   */
  complete(): Output[] {
    const next = this.#prepared;
    const previous = this.#attachedTo;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: upper-tester usage error; the tester sends only enabled stimuli (docs/protocol.md §3), and docs/sut-protocol.md has no answer to a refused one but `error`
    if (this.lifecycle !== 'prepared' || next === null || previous === null) throw new UsageError('complete', `${this.id} is ${this.lifecycle}, not prepared`);
    next.state = 'serving';
    this.#serving = next;
    this.#prepared = null;
    this.#attachedTo = next.peer;
    this.#location = next.peer;
    const bytes = seal<Extract<Pdu, { type: 'MIS_HO_Complete.request' }>>(
      { type: 'MIS_HO_Complete.request', src: this.id, dst: next.peer, mn: this.id, tid: freshTid(this.#random), previous },
      next.key,
    );
    return [{ to: next.peer, bytes }];
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
  //# After initial attachment, there is signaling defined so that at all times
  /** The answer was lost: give up the procedure; a serving SA is kept (5.14.1-S17). */
  abort(): Output[] {
    const pending = this.#pending;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: upper-tester usage error; the tester sends only enabled stimuli (docs/protocol.md §3), and docs/sut-protocol.md has no answer to a refused one but `error`
    if (pending === null) throw new UsageError('abort', `${this.id} is ${this.lifecycle}, not waiting`);
    this.#pending = null;
    // docs/protocol.md §7: the outcome was the SPoS's answer; a lost answer records none.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: location only picks the link of the MN's MIS_Auth.request (impl/system.ts #linkOf); this MN sends none to its location before attach or complete sets it again, and a redelivered old one is a duplicate whatever its link (docs/protocol.md §5.3)
    if (pending.kind === 'attach') this.#location = null;
    return [];
  }

  // --- lower tester ------------------------------------------------------------------------

  /** One PDU from the network. Never throws: whatever does not fit is discarded and counted. */
  receive(bytes: Uint8Array): Output[] {
    let pdu: Pdu;
    try {
      pdu = decode(bytes);
    } catch (e) {
      // Stryker disable next-line StringLiteral: the 'internal' cause is unreachable, decode throws only DecodeError (impl/wire/codec.ts); 'malformed' is killed
      return this.#discard(e instanceof DecodeError ? 'malformed' : 'internal');
    }
    if (pdu.dst !== this.id || pdu.mn !== this.id) return this.#discard('misaddressed');
    try {
      switch (pdu.type) {
        case 'MIS_Auth.response':
          return this.#onAuthResponse(pdu);
        case 'MIS_Prereg_Xfer.response':
          return this.#onPreregResponse(pdu);
        default:
          return this.#discard('unexpected-pdu');
      }
      // Stryker disable next-line BlockStatement: unreachable; no handler throws on a decoded PDU (each validates before it reads), this only contains a bug
    } catch {
      // Handlers validate before they change state; this only contains a bug.
      // Stryker disable next-line StringLiteral: unreachable, as the catch above
      return this.#discard('internal');
    }
  }

  // --- handlers ----------------------------------------------------------------------------

  #onAuthResponse(pdu: AuthResponse): Output[] {
    const p = this.#pending;
    // Stryker disable next-line ConditionalExpression,StringLiteral: without the kind test a preregistration, which has no tpos, fails the src check of the next line as unknown-transaction all the same
    if (p === null || p.kind === 'prereg') return this.#discard('unknown-transaction');
    const pos = p.kind === 'attach' ? p.pos : p.tpos;
    if (pdu.src !== pos || pdu.tid !== p.tid) return this.#discard('unknown-transaction');
    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');

    if (pdu.status !== 'SUCCESS') {
      // The full establishment failed; an ERP refusal means the HPoS has no SEQ left (RFC 6696).
      // Stryker disable next-line ConditionalExpression: only an ERP run is ever refused (impl/entities/home.ts: EAP and TLS are always granted, UNKNOWN_MN is unreachable), so the method is ERP on every non-SUCCESS answer
      if (p.method === 'ERP') this.#erp.exhaust();
      this.#pending = null;
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: location only picks the link of the MN's MIS_Auth.request (impl/system.ts #linkOf); this MN sends none to its location before attach or complete sets it again, and a redelivered old one is a duplicate whatever its link (docs/protocol.md §5.3)
      if (p.kind === 'attach') this.#location = null;
      return [];
    }
    //= spec/clause-5.14-proposed-text.txt#5.14-T1
    //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
    //# 2: GKB-generated; 3: SPoS-generated
    const idType = idTypeOfFullEstablishment(p.method);
    if (pdu.idType !== idType) return this.#discard('bad-field');

    const rootKey = p.method === 'ERP' ? this.#erp.run(this.id, pos, p.nonceN, pdu.nonceP) : credentialRootKey(p.method, this.#credential, this.id, pos, p.nonceN, pdu.nonceP);
    const misk = deriveFullMisk(rootKey, p.nonceN, pdu.nonceP, this.id, pos);
    rootKey.fill(0);
    this.#pending = null;
    if (p.kind === 'attach') {
      this.#serving = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: 0, state: 'serving', suite: null, misk });
      this.#attachedTo = pos;
    } else {
      // docs/protocol.md §5 step 6: full establishment for the handover; the serving SA stays.
      this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: 0, state: 'prepared', suite: null, misk });
    }
    misk.fill(0);
    return [];
  }

  #onPreregResponse(pdu: PreregXferResponse): Output[] {
    const p = this.#pending;
    const serving = this.#serving;
    if (p === null || p.kind !== 'prereg' || pdu.src !== p.spos || pdu.tid !== p.tid) return this.#discard('unknown-transaction');
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable; a preregistration is opened only from a serving SA (handover), which nothing clears
    if (serving === null) return this.#discard('no-sa');
    if (!verifySealed(pdu, serving.key)) return this.#discard('bad-mac');
    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');

    switch (pdu.status) {
      case 'SUCCESS':
      case 'FULL_AUTH_REQUIRED': {
        //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
        //# or if any of the MN or TPoS requests so.
        //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
        //# An MN that set the fallback flag refuses an optimized SA
        // an MN that asked for a full establishment holds to it, whatever its SPoS granted.
        //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
        //# If protocol of establishing SAs between an MN and a TPoS is
        //= SPEC_MAPPING.md#V-TLS-MN
        //# the MN refuses an optimized SA unless its own lineage is EAP or ERP: on SUCCESS it runs
        //# the full establishment with the named TPoS instead.
        // so does one whose own lineage is not EAP or ERP, whatever its SPoS told the TPoS.
        const refusesGrant = (this.#policy.honourFallback && p.askedFallback) || mnRefusesOptimizedLineage(serving.root, this.#policy.tlsExclusion);
        if (pdu.status === 'SUCCESS' && !refusesGrant) return this.#onOptimizedSuccess(pdu, p, serving);
        //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
        //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
        //# whenever it is possible,
        // fall back to a full establishment with the TPoS, over the serving link.
        const tpos = pdu.tpos;
        if (tpos === null || tpos === this.#attachedTo || (p.target !== null && tpos !== p.target)) return this.#discard('bad-field');
        if (!this.#takesSelectedTarget(p, tpos)) return this.#discard('bad-field');
        // forced by the limit: the SPoS's or TPoS's CHAIN_LIMIT, or the MN's own count it held to
        // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,StringLiteral: only V-ERP-OPTIMIZED (erpResetsChain false) reads the flag, a reading the wire cannot carry (docs/protocol.md §8), so no conformance run tells it; test/impl/scenarios.test.ts does
        const forcedByChain = pdu.reason === 'CHAIN_LIMIT' || (p.chainForced && (pdu.reason === 'MN_REQUESTED' || pdu.status === 'SUCCESS'));
        const method = fullEstablishmentMethod(this.method, this.#erp.available, forcedByChain, this.#policy.erpResetsChain);
        const full = { kind: 'full', spos: p.spos, tpos, tid: freshTid(this.#random), nonceN: freshNonce(this.#random), method, reason: pdu.reason } as const;
        this.#pending = full;
        //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b
        //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX
        //# whenever it is possible,
        // the SPoS's reason is the outcome's
        this.#recordOutcome(tpos, 'full', pdu.reason);
        return [this.#authRequest(tpos, full.tid, full.nonceN, method)];
      }
      case 'NO_TARGET':
      case 'REJECTED':
        // 5.14.3: no candidate; the MN stays with its serving SA. (An SPoS never relays REJECTED.)
        this.#pending = null;
        this.#recordOutcome(pdu.tpos, 'none', pdu.reason);
        return [];
    }
  }

  /** docs/protocol.md §5 step 6: derive the MISK from K and install the prepared SA. */
  #onOptimizedSuccess(pdu: PreregXferResponse, p: Extract<Pending, { kind: 'prereg' }>, serving: SecurityAssociation): Output[] {
    const { tpos, nonceT, suite, wrappedK } = pdu;
    if (tpos === null || nonceT === null || suite === null || wrappedK === null) return this.#discard('bad-field');
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
    //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
    //# described above.
    // the TPoS address comes with K; it must be the one asked for, if any.
    if (tpos === this.#attachedTo || (p.target !== null && tpos !== p.target)) return this.#discard('bad-field');
    if (!this.#takesSelectedTarget(p, tpos)) return this.#discard('bad-field');
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
    //# They also need to agree on a cipher suite coded as c.
    // c must be one we offered
    if (!this.suites.includes(suite)) return this.#discard('bad-field');
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
    const k = serving.key.unwrap(wrappedK, wrappedKContext(pdu.type, pdu.src, this.id, this.id, tpos, p.nonceN));
    if (k === null) return this.#discard('bad-wrapped-key');
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S9
    //# With the information, MN and TPoS can derive the media independent session key (MISK) as
    //# specified in 9.2.1 of IEEE Std 802.21-XXXX.
    const misk = deriveOptimizedMisk(k, p.nonceN, nonceT, suite, this.id, tpos);
    k.fill(0);
    this.#pending = null;
    //= spec/clause-5.14-proposed-text.txt#5.14-T1
    //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
    //# 2: GKB-generated; 3: SPoS-generated
    //= SPEC_MAPPING.md#V-COUNT-DEPTH
    //# "certain number of executions" is the depth of the key lineage: optimized establishments
    //# since the last full establishment of any kind (the SA's depth).
    // SPoS-generated; depth + 1 in the same lineage (V-COUNT-DEPTH).
    this.#prepared = new SecurityAssociation({ peer: tpos, idType: ID_TYPE_SPOS_GENERATED, root: serving.root, depth: serving.depth + 1, state: 'prepared', suite, misk });
    misk.fill(0);
    this.#recordOutcome(tpos, 'optimized', 'NONE');
    return [];
  }

  // --- helpers -----------------------------------------------------------------------------

  //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
  //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
  //# described above.
  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //# As V-MN-TARGET-CHECK, and a TPoS the SPoS selected is taken only if it is a network the MN
  //# can reach from its point of attachment (a neighbour of its SPoS offering one of its RATs).
  /** A TPoS address the SPoS selected (the MN named none) is one the MN takes (targetCheck). */
  #takesSelectedTarget(p: Extract<Pending, { kind: 'prereg' }>, tpos: string): boolean {
    if (this.#policy.targetCheck !== 'reachable' || p.target !== null) return true;
    return targetReachable(p.spos, tpos, this.#rats, this.#surroundings);
  }

  #authRequest(pos: string, tid: number, nonceN: Uint8Array, method: Method): Output {
    return { to: pos, bytes: encodeAuthRequest(this.id, pos, tid, nonceN, method) };
  }

  #recordOutcome(to: string | null, path: MnHandoverOutcome['path'], reason: Reason): void {
    // Stryker disable next-line StringLiteral: attachedTo is never null here; an outcome is recorded only for a preregistration, which handover opens only while attached, and nothing clears attachedTo
    this.#outcomes.push({ mn: this.id, from: this.#attachedTo ?? '', to, path, reason });
  }

  #discard(reason: DiscardReason): Output[] {
    this.discards.record(reason);
    return [];
  }
}

function encodeAuthRequest(mn: string, pos: string, tid: number, nonceN: Uint8Array, method: Method): Uint8Array {
  return encode({ type: 'MIS_Auth.request', src: mn, dst: pos, mn, tid, method, nonceN });
}
