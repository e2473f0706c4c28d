// Security associations (docs/protocol.md §2). An SA's key bytes live in a SessionKey and never
// leave it: callers sign, verify, wrap, unwrap and derive through it, and see only the
// fingerprint (brief: keys are secrets even here).
import { KeyedHmacSha256, MAC_LENGTH, WrapKeys, constantTimeEqual, deriveK, fingerprint, kdf } from '../crypto/index.ts';
import type { IdType, Method, RootKind } from '../wire/messages.ts';

const EMPTY = new Uint8Array(0);

/**
 * Key separation inside one SA (project-assigned, like 802.21a's MISK → integrity/encryption
 * keys): PDU MACs use KDF(MISK, "proauth PDU integrity", "", 32); K travels wrapped under
 * KDF(MISK, "proauth K wrap", "", 32). The fingerprint is of the MISK itself (§6).
 */
export const INTEGRITY_LABEL = 'proauth PDU integrity';
export const KEK_LABEL = 'proauth K wrap';

/** The MISK of an SA (MN–PoS) or the key of an MIS SA (PoS–PoS), sealed. */
export class SessionKey {
  readonly #misk: Uint8Array;
  // Derived on first use: many MIS SAs are provisioned and never used in a run.
  /**
   * HMAC keyed with the integrity key, its ipad/opad blocks already absorbed: every PDU MAC
   * starts from that state instead of rehashing the key (same tag as mac(integrityKey, data)).
   */
  #integrity: KeyedHmacSha256 | null = null;
  /** The wrap subkeys of the kek, derived once. */
  #wrapKeys: WrapKeys | null = null;
  #fingerprint: string | null = null;

  constructor(misk: Uint8Array) {
    this.#misk = misk.slice();
  }

  /** docs/protocol.md §6 (computed when first asked: most MIS SA keys are never shown). */
  get fingerprint(): string {
    this.#fingerprint ??= fingerprint(this.#misk);
    return this.#fingerprint;
  }

  #integrityMac(data: Uint8Array): Uint8Array {
    if (this.#integrity === null) {
      const key = kdf(this.#misk, INTEGRITY_LABEL, EMPTY, 32);
      this.#integrity = new KeyedHmacSha256(key);
      key.fill(0);
    }
    return this.#integrity.of(data).slice(0, MAC_LENGTH);
  }

  #wrapping(): WrapKeys {
    if (this.#wrapKeys === null) {
      const kek = kdf(this.#misk, KEK_LABEL, EMPTY, 32);
      this.#wrapKeys = new WrapKeys(kek);
      kek.fill(0);
    }
    return this.#wrapKeys;
  }

  /** The 16-byte MAC of a PDU's MAC input. */
  sign(data: Uint8Array): Uint8Array {
    return this.#integrityMac(data);
  }

  verify(data: Uint8Array, tag: Uint8Array): boolean {
    return constantTimeEqual(this.#integrityMac(data), tag);
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by
  //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  /** 5.14.2-S6: K is distributed protected by this SA. */
  wrap(key: Uint8Array, aad: Uint8Array, nonce16: Uint8Array): Uint8Array {
    return this.#wrapping().wrap(key, aad, nonce16);
  }

  unwrap(wrapped: Uint8Array, aad: Uint8Array): Uint8Array | null {
    return this.#wrapping().unwrap(wrapped, aad);
  }

  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  //= SPEC_MAPPING.md#V-K-SPOS
  //# The SPoS derives K from its SA with the MN (A-K-BIND) and sends it to the MN and the TPoS; the
  //# SA made is SPoS-generated (ID_TYPE 3).
  /** A-K-BIND, V-K-SPOS: K from the MISK of the MN–SPoS SA, bound to one TPoS. */
  deriveHandoverKey(mn: string, spos: string, tpos: string, nonceN: Uint8Array): Uint8Array {
    return deriveK(this.#misk, mn, spos, tpos, nonceN);
  }

  /** Keys must not print, even by accident. */
  toJSON(): string {
    return `SessionKey(${this.fingerprint})`;
  }
}

export type SaState = 'serving' | 'prepared';

/** One end's record of an MN–PoS SA (docs/protocol.md §2). */
export interface SaView {
  readonly peer: string;
  readonly idType: IdType;
  readonly root: RootKind;
  readonly depth: number;
  readonly state: SaState;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  /** 5.14.2-S8: the cipher suite c of an optimized SA; null for a full establishment. */
  readonly suite: number | null;
  readonly fingerprint: string;
}

export class SecurityAssociation {
  /** The other end: a PoS id on the MN side, an MN id on the PoS side. */
  readonly peer: string;
  //= spec/clause-5.14-proposed-text.txt#5.14-T1
  //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
  //# GKB-generated; 3: SPoS-generated
  /** 5.14-T1. */
  readonly idType: IdType;
  /** Kind of the last full authentication in this SA's lineage. */
  readonly root: RootKind;
  //= SPEC_MAPPING.md#V-COUNT-DEPTH
  //# "certain number of executions" is the depth of the key lineage: optimized establishments since
  //# the last full establishment of any kind (the SA's depth).
  /** Optimized establishments since that full authentication (V-COUNT-DEPTH). */
  readonly depth: number;
  state: SaState;
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
  //# They also need to agree on a cipher suite coded as c.
  //= SPEC_MAPPING.md#A-SUITES
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  /** 5.14.2-S8, A-SUITES: the c the MISK was derived with (docs/protocol.md §2); null when full. */
  readonly suite: number | null;
  readonly key: SessionKey;

  constructor(fields: { peer: string; idType: IdType; root: RootKind; depth: number; state: SaState; suite: number | null; misk: Uint8Array }) {
    this.peer = fields.peer;
    this.idType = fields.idType;
    this.root = fields.root;
    this.depth = fields.depth;
    this.state = fields.state;
    this.suite = fields.suite;
    this.key = new SessionKey(fields.misk);
  }

  get fingerprint(): string {
    return this.key.fingerprint;
  }

  /** The last view, handed out again while the SA is unchanged (only `state` ever changes). */
  #view: SaView | null = null;

  view(): SaView {
    if (this.#view?.state !== this.state) {
      this.#view = { peer: this.peer, idType: this.idType, root: this.root, depth: this.depth, state: this.state, suite: this.suite, fingerprint: this.fingerprint };
    }
    return this.#view;
  }
}

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** 5.14-T1: the ID_TYPE of an SA made by a full establishment with `method` (ERP is EAP-generated). */
export function idTypeOfFullEstablishment(method: Method): IdType {
  switch (method) {
    case 'TLS':
      //= spec/clause-5.14-proposed-text.txt#5.14-T1
      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
      //# 2: GKB-generated; 3: SPoS-generated
      // 0 TLS-generated
      return 0;
    case 'EAP':
    case 'ERP':
      //= spec/clause-5.14-proposed-text.txt#5.14-T1
      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;
      //# 2: GKB-generated; 3: SPoS-generated
      // 1 EAP-generated (an rMSK comes from an EAP run's EMSK)
      return 1;
  }
}

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** 5.14-T1: an SA made by the optimized establishment is 3, SPoS-generated. */
export const ID_TYPE_SPOS_GENERATED: IdType = 3;

//= spec/clause-5.14-proposed-text.txt#5.14.1-S8
//# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for protecting
//# the communications between an SPoS and a TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S9
//# In this case, the SPoS acts as the initiating end-point of an MIS SA and a TPoS as the other
//# end-point of the MIS SA.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S10
//# The MIS SA can be established using (D)TLS over MIS or EAP over MIS (see 9.2 of IEEE Std
//# 802.21-XXXX).
//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
/** A pre-configured MIS SA between two PoSs (5.14.1-S8..S10, A-POS-CHANNEL). */
export class MisSa {
  readonly peer: string;
  readonly key: SessionKey;

  constructor(peer: string, key: Uint8Array | SessionKey) {
    this.peer = peer;
    this.key = key instanceof SessionKey ? key : new SessionKey(key);
  }

  get fingerprint(): string {
    return this.key.fingerprint;
  }
}
