// Mutations of impl's wire code and key schedule that a tester sharing that code could never
// see: the mistake is made on both sides and cancels out. harness/tester/ catches each with code
// of its own (test/tester/wire-mutants.ts names the finding it must report).
import type { MutantSpec } from '../catalogue.ts';

export const WIRE_MUTANT_SPECS: readonly MutantSpec[] = [
  {
    name: 'tlv-numbers-swapped',
    requirement: 'A-TLV',
    file: 'wire/format.ts',
    find: "  nonceP: { type: 8, kind: 'nonce' },\n  nonceT: { type: 9, kind: 'nonce' },",
    replace: "  nonceP: { type: 9, kind: 'nonce' },\n  nonceT: { type: 8, kind: 'nonce' },",
    description: 'The TLV type numbers of Nonce-P and Nonce-T are swapped (the entity is consistent with itself, not with the profile).',
  },
  {
    name: 'mac-without-header',
    requirement: '5.14.1-S20',
    file: 'entities/sa.ts',
    find: '    return this.#integrity.of(data).slice(0, MAC_LENGTH);',
    replace: '    return this.#integrity.of(data.subarray(8)).slice(0, MAC_LENGTH);',
    description: 'The PDU MAC leaves out the MIS header, so message type and transaction ID are unprotected.',
  },
  {
    name: 'misk-as-mac-key',
    requirement: '5.14.1-S20',
    file: 'entities/sa.ts',
    find: '      const key = kdf(this.#misk, INTEGRITY_LABEL, EMPTY, 32);',
    replace: '      const key = this.#misk.slice();',
    description: 'PDU MACs are keyed with the MISK itself instead of its integrity subkey (no key separation).',
  },
  {
    name: 'wrap-aad-without-tpos',
    requirement: '5.14.2-S6',
    file: 'entities/protect.ts',
    find: 'lengthPrefixed(mn), lengthPrefixed(tpos), nonceN);',
    replace: 'lengthPrefixed(mn), nonceN);',
    description: 'The wrapped K is not bound to the TPoS it is meant for.',
  },
  {
    name: 'k-without-nonce-n',
    requirement: 'A-K-BIND',
    file: 'crypto/keys.ts',
    find: 'lengthPrefixed(spos), lengthPrefixed(tpos), nonceN), KEY_LENGTH);',
    replace: 'lengthPrefixed(spos), lengthPrefixed(tpos)), KEY_LENGTH);',
    description: 'K is derived without Nonce-N, so every preregistration to the same TPoS gets the same K.',
  },
  {
    name: 'misk-without-suite',
    requirement: 'A-MISK',
    file: 'crypto/keys.ts',
    find: 'concatBytes(nonceN, nonceT, u8(suite), lengthPrefixed(mn), lengthPrefixed(tpos))',
    replace: 'concatBytes(nonceN, nonceT, lengthPrefixed(mn), lengthPrefixed(tpos))',
    description: 'The optimized MISK leaves out the chosen cipher suite c (5.14.2-S8/S9).',
  },
  {
    name: 'kdf-counter-from-zero',
    requirement: 'A-KDF',
    file: 'crypto/kdf.ts',
    find: '  for (let n = 1, at = 0; at < length; n++) {',
    replace: '  for (let n = 0, at = 0; at < length; n++) {',
    description: 'The KDF block counter starts at 0 instead of 1 (RFC 5295), so every derived key differs.',
  },
  {
    name: 'tpos-fresh-n2n-tid',
    requirement: 'A-TLV',
    file: 'entities/pos.ts',
    find: "type: 'MIS_N2N_Prereg_Xfer.response', src: this.id, dst: pdu.src, mn: pdu.mn, tid: pdu.tid,",
    replace: "type: 'MIS_N2N_Prereg_Xfer.response', src: this.id, dst: pdu.src, mn: pdu.mn, tid: freshTid(this.#random),",
    description: 'The TPoS answers the N2N request under a fresh transaction id instead of echoing the request\'s (§5.1).',
  },
  {
    name: 'prereg-tid-mixup-cancels-out',
    requirement: 'A-TLV',
    file: 'entities/pos.ts',
    find: 'return this.#replyToMn(sa, { mn: pdu.mn, tid: p.mnTid, nonceN: p.nonceN }, { ...answer, tpos: p.tpos });',
    replace: 'return this.#replyToMn(sa, { mn: pdu.mn, tid: p.n2nTid, nonceN: p.nonceN }, { ...answer, tpos: p.tpos });',
    more: [
      {
        file: 'entities/mn.ts',
        find: "if (p === null || p.kind !== 'prereg' || pdu.src !== p.spos || pdu.tid !== p.tid) return",
        replace: "if (p === null || p.kind !== 'prereg' || pdu.src !== p.spos) return",
      },
    ],
    description: 'The SPoS answers the MN under the tid of its own N2N request, and the MN does not match the tid: the same implementation on both ends never notices (§5.1).',
  },
];
