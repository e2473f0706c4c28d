// Bugs of kinds an outside round of realistic mistakes found (each written against the
// documentation, not against this catalogue), one per class the harness lacked: a check order
// only a tamper of a field read after the MAC tells, a decoding rule met only at a TLV other than
// the first, an id compared or decoded loosely, the boundary L = 0, and a replay cache keyed by
// less than (SPoS, Nonce-N). Each is killed by the default check through the class's fix, not
// through a case made for it.
import type { MutantSpec } from '../catalogue.ts';
import { onlyDefault } from './only-default.ts';

const KEEP_NOTE = '    //= spec/clause-5.14-proposed-text.txt#5.14.2-S6\n    //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by\n    //# MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.\n';

export const UNSEEN_LOWER_TESTER_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'tpos-unwrap-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD', '5.14.2-S6'],
    file: 'entities/pos.ts',
    find: `    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n${KEEP_NOTE}    const k = mis.key.unwrap(pdu.wrappedK, wrappedKContext(pdu.type, pdu.src, this.id, pdu.mn, this.id, pdu.nonceN));\n    if (k === null) return this.#discard('bad-wrapped-key');\n`,
    replace: `${KEEP_NOTE}    const k = mis.key.unwrap(pdu.wrappedK, wrappedKContext(pdu.type, pdu.src, this.id, pdu.mn, this.id, pdu.nonceN));\n    if (k === null) return this.#discard('bad-wrapped-key');\n    if (!verifySealed(pdu, mis.key)) return this.#discard('bad-mac');\n`,
    description: 'The TPoS unwraps K before it verifies the MAC of an N2N request, so a request whose wrapped K was altered on the way is discarded as a bad wrapped K, not as a bad MAC.',
    only: onlyDefault('only the default check\'s receiver-check runs flip a bit of an N2N request\'s wrapped K often enough'),
  },
  {
    name: 'mn-echo-before-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD', 'A-NONCE'],
    file: 'entities/mn.ts',
    find: "    if (!verifySealed(pdu, serving.key)) return this.#discard('bad-mac');\n    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');\n",
    replace: "    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');\n    if (!verifySealed(pdu, serving.key)) return this.#discard('bad-mac');\n",
    description: 'The MN checks the Nonce-N echo of a preregistration answer before its MAC, so an answer whose echo was altered on the way is discarded as a wrong echo, not as a bad MAC.',
  },
  {
    name: 'codec-fallback-optional',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: 'const missing = layout.mandatoryMask & ~seen;',
    replace: 'const missing = layout.mandatoryMask & ~seen & ~(1 << TLV.fallback.type); // an absent flag means false',
    more: [{ file: 'wire/codec.ts', find: 'fallback: f.fallback!,', replace: 'fallback: f.fallback ?? false,' }],
    description: 'The decoder takes a missing fallback TLV of a preregistration request for false instead of rejecting the PDU.',
    only: onlyDefault('only the default check\'s decoding tampers leave out the fallback TLV of a preregistration request often enough'),
  },
  {
    name: 'codec-depth-length-lax',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: "    case 'depth':\n      lengthIs(field, pos + 1, length, 1);\n      out.depth = bytes[v]!;",
    replace: "    case 'depth':\n      if (length < 1) lengthIs(field, pos + 1, length, 1);\n      out.depth = bytes[v + length - 1]!; // big-endian integer: its low byte",
    description: 'The decoder takes a depth TLV longer than one byte as a big-endian integer and reads its low byte, instead of rejecting the length.',
    only: onlyDefault('only the default check\'s focused decoding tampers lengthen the depth TLV of a request often enough'),
  },
  {
    name: 'pos-dst-case-insensitive',
    requirement: 'A-DISCARD',
    file: 'entities/pos.ts',
    find: "if (pdu.dst !== this.id) return this.#discard('misaddressed');",
    replace: "if (pdu.dst.toLowerCase() !== this.id.toLowerCase()) return this.#discard('misaddressed'); // MIHF ids are host names",
    description: 'A PoS compares the destination of a PDU with its own id ignoring case.',
  },
  {
    name: 'tpos-replay-cache-by-nonce',
    requirement: 'A-REPLAY',
    file: 'entities/pos.ts',
    find: '    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);',
    replace: "    const replayed = this.#seenN2nRequests.has('', pdu.nonceN);",
    more: [{ file: 'entities/pos.ts', find: 'this.#seenN2nRequests.add(pdu.src, pdu.nonceN);', replace: "this.#seenN2nRequests.add('', pdu.nonceN);" }],
    description: 'The TPoS keys its replay cache by Nonce-N alone, so a preparation resent by another partner is refused REPLAY.',
    only: onlyDefault('only the default check resends a preparation as if from another partner'),
  },
  {
    name: 'tpos-replay-cache-by-mn',
    requirement: 'A-REPLAY',
    file: 'entities/pos.ts',
    find: '    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);',
    replace: '    const replayed = this.#seenN2nRequests.has(pdu.mn, pdu.nonceN);',
    more: [{ file: 'entities/pos.ts', find: 'this.#seenN2nRequests.add(pdu.src, pdu.nonceN);', replace: 'this.#seenN2nRequests.add(pdu.mn, pdu.nonceN);' }],
    description: 'The TPoS keys its replay cache by (MN, Nonce-N) instead of (SPoS, Nonce-N), so a preparation resent by another partner is refused REPLAY.',
    only: onlyDefault('only the default check resends a preparation as if from another partner'),
  },
];

/** Seen only in some generated worlds: an identity Unicode normalisation changes, L = 0. */
export const UNSEEN_WORLD_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'codec-identity-nfc',
    // the PoS looks the normalised MN up and finds no HPoS: the MN's establishment fails (5.14.1-S24)
    requirement: ['A-TLV', 'A-DISCARD', '5.14.1-S24'],
    file: 'wire/codec.ts',
    find: 'out[field] = asciiString(bytes, v, length) ?? textDecoder.decode(bytes.subarray(v, v + length));',
    replace: "out[field] = asciiString(bytes, v, length) ?? textDecoder.decode(bytes.subarray(v, v + length)).normalize('NFC'); // NAIs are NFC (RFC 7542)",
    description: 'The decoder normalises every non-ASCII identity to NFC, so an MN whose id NFC changes is named as another entity.',
    only: onlyDefault('only the generated worlds give an MN an identity that Unicode normalisation changes'),
  },
  {
    name: 'chain-limit-zero-unlimited',
    requirement: ['5.14.2-N4b', '5.14.2-N4c', 'A-CHAIN-L'],
    file: 'entities/policy.ts',
    find: '  return depth < chainLimit;\n}',
    replace: '  return chainLimit === 0 || depth < chainLimit; // 0: no limit configured\n}',
    description: 'A chain limit of 0 is read as no limit at all, so a world with L = 0 allows every optimized hop.',
    only: onlyDefault('only the generated worlds draw L = 0'),
  },
];
