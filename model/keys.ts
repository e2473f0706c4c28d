// Symbolic keys with lineage (the model never holds key bytes, docs/protocol.md §6). A key's id is its derivation term,
// built only from names, fresh tokens and the ids of the keys it derives from, so two parties
// hold the same key exactly when they applied the same derivation to the same inputs.
// docs/protocol.md §6 gives the byte-level formulas the implementation uses for the same terms.

import type { DomainId, KeyTerm, Method, MnId, RootKind, Token } from './types.ts';

const ROOT_KEY_KIND = { EAP: 'MSK', ERP: 'rMSK', TLS: 'TLS' } as const;

//= spec/clause-5.14-proposed-text.txt#5.14.1-S16
//# If the first attachment is to the MN's home network, the MN
/**
 * The root key of a full establishment: MSK (EAP), rMSK (ERP, RFC 6696) or the TLS exporter
 * secret. EAP/ERP keys are made by the MN and its home server (the HPoS, 5.14.1-S16) from the
 * MN's long-term credential; a TLS secret by the MN and the PoS it runs TLS with.
 */
export function rootKey(method: Method, mn: MnId, generatedBy: string, nonceN: Token, nonceP: Token): KeyTerm {
  const kind = ROOT_KEY_KIND[method];
  const id = `${kind}(${mn}|${generatedBy}|${nonceN}|${nonceP})`;
  return { kind, root: method, depth: 0, generatedBy, origin: id, id };
}

//= SPEC_MAPPING.md#A-MISK
//# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
//# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
/** A-MISK, full establishment: MISK = KDF(root key, nonceN | nonceP | mn | pos). */
export function fullMisk(root: KeyTerm, rootKind: RootKind, depth: number, nonceN: Token, nonceP: Token, mn: MnId, pos: DomainId): KeyTerm {
  return {
    kind: 'MISK', root: rootKind, depth, generatedBy: root.generatedBy, origin: root.origin,
    id: `MISK(${root.id}|${nonceN}|${nonceP}|${mn}|${pos})`,
  };
}

//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
//= SPEC_MAPPING.md#V-K-PER-TPOS
//# One K per (MN, SPoS, TPoS, Nonce-N): K is bound to one TPoS (A-K-BIND).
//= SPEC_MAPPING.md#V-K-SHARED
//# One K per MN–SPoS SA, handed to every candidate TPoS, bound to neither the TPoS nor the request.
/**
 * A-K-BIND, V-K-PER-TPOS: K = KDF(MISK of the MN-SPoS SA, mn | spos | tpos | nonceN), bound to
 * one TPoS. V-K-SHARED: K = KDF(MISK, mn | spos), the same for every candidate TPoS.
 */
export function kFromSpos(sposMisk: KeyTerm, mn: MnId, spos: DomainId, tpos: DomainId, nonceN: Token, shared: boolean): KeyTerm {
  const base = { kind: 'K' as const, root: sposMisk.root, depth: sposMisk.depth + 1, generatedBy: spos, origin: sposMisk.origin };
  return shared
    ? { ...base, id: `K(${sposMisk.id}|${mn}|${spos})` }
    : { ...base, boundTo: tpos, id: `K(${sposMisk.id}|${mn}|${spos}|${tpos}|${nonceN})` };
}

//= SPEC_MAPPING.md#V-K-HPOS
//# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
//# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
/**
 * V-K-HPOS: K from the higher level entity, derived from the root key of the lineage (which
 * the HPoS and the MN both hold) and bound to the TPoS.
 */
export function kFromHome(
  originId: string, root: RootKind, depth: number, mn: MnId, hpos: DomainId, tpos: DomainId, nonceN: Token, fromEmsk = false,
): KeyTerm {
  const parent = fromEmsk ? usrkOf(originId) : originId;
  return {
    kind: 'K', root, depth, generatedBy: hpos, boundTo: tpos, origin: originId,
    id: `K(${parent}|${mn}|${hpos}|${tpos}|${nonceN})`,
  };
}

//= SPEC_MAPPING.md#V-K-HPOS-EMSK
//# K is derived from a usage-specific root key of the EMSK hierarchy (RFC 5295)
/**
 * V-K-HPOS-EMSK: the usage-specific root key (RFC 5295) of the EAP run whose MSK (or ERP run
 * whose rMSK) is `originId`. It is derived from the EMSK (or the rRK), which only the MN and
 * the home server hold (RFC 5247 §1.4, RFC 5295 §3): the authenticator that received the MSK
 * cannot compute it, so the id names its inputs but no derivation reaches it from the MSK.
 */
export function usrkOf(originId: string): string {
  return `USRK(${originId}|proauth 5.14.2 K)`;
}

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/**
 * The root of a GKB-generated SA (ID_TYPE 2): a group key block handed by a PoS to the members
 * of a group (`group`). It rests on neither the MN's credential nor a TLS run, and every
 * member of the group holds it, so no MN-specific K can be derived from it (5.14.2-N2a applies
 * the optimized establishment to EAP lineages only).
 */
export function groupKeyBlock(group: string, pos: DomainId, token: Token): KeyTerm {
  const id = `GKB(${group}|${pos}|${token})`;
  return { kind: 'GKB', root: 'GKB', depth: 0, generatedBy: pos, origin: id, id };
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S9
//# With the information, MN and TPoS can derive the media independent session key (MISK) as
//# specified in 9.2.1 of IEEE Std 802.21-XXXX.
//= SPEC_MAPPING.md#A-MISK
//# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
//# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
/** A-MISK, optimized establishment (5.14.2-S9): MISK = KDF(K, nonceN | nonceT | c | mn | tpos). */
export function optimizedMisk(k: KeyTerm, nonceN: Token, nonceT: Token, suite: number, mn: MnId, tpos: DomainId): KeyTerm {
  return {
    kind: 'MISK', root: k.root, depth: k.depth, generatedBy: k.generatedBy, origin: k.origin,
    id: `MISK(${k.id}|${nonceN}|${nonceT}|${suite}|${mn}|${tpos})`,
  };
}

/**
 * FNV-1a 64 over 16-bit units (UTF-16 code units of strings, or numbers fed as 16-bit halves),
 * kept in four 16-bit limbs so it stays in small-integer arithmetic (BigInt would be ~50x
 * slower on the hot path of world hashing).
 */
export class Fnv64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  unit(u: number): this {
    const h0 = this.h0 ^ (u & 0xffff);
    // multiply by the FNV prime 2^40 + 0x1b3
    const t0 = h0 * 0x1b3;
    let t1 = this.h1 * 0x1b3;
    let t2 = this.h2 * 0x1b3 + (h0 << 8);
    const t3 = this.h3 * 0x1b3 + (this.h1 << 8);
    t1 += t0 >>> 16;
    this.h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    this.h1 = t1 & 0xffff;
    this.h3 = (t3 + (t2 >>> 16)) & 0xffff;
    this.h2 = t2 & 0xffff;
    return this;
  }

  string(s: string): this {
    for (let i = 0; i < s.length; i++) this.unit(s.charCodeAt(i));
    return this;
  }

  /** A non-negative integer below 2^32, as two units. */
  uint32(n: number): this {
    return this.unit(n & 0xffff).unit(n >>> 16);
  }

  /** The digest as two 32-bit halves (high, low). */
  halves(): [number, number] {
    return [((this.h3 << 16) | this.h2) >>> 0, ((this.h1 << 16) | this.h0) >>> 0];
  }

  hex(): string {
    return hex16(this.h3) + hex16(this.h2) + hex16(this.h1) + hex16(this.h0);
  }
}

/** FNV-1a 64 of the UTF-16 code units of `s`, as 16 hex digits. */
export function fnv1a64(s: string): string {
  return new Fnv64().string(s).hex();
}

const HEX = Array.from({ length: 256 }, (_x, i) => i.toString(16).padStart(2, '0'));

function hex16(n: number): string {
  return (HEX[n >>> 8] as string) + (HEX[n & 0xff] as string);
}

const classNames = new Map<string, string>();

/** The key-class name shown in views: equal keys have equal names, and only those. */
export function keyClass(key: KeyTerm): string {
  let name = classNames.get(key.id);
  if (name === undefined) {
    name = `${key.kind}:${fnv1a64(key.id)}`;
    if (classNames.size > 100_000) classNames.clear();
    classNames.set(key.id, name);
  }
  return name;
}
