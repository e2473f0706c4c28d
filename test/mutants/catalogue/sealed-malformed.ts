// Decoders that let one malformed form through where the PDU's MAC still verifies: an
// enumeration or suite code out of its table, an identity too long or not UTF-8, and the
// identities at the edges of UTF-8 that plain ASCII names never reach. A network fault never
// seals a PDU again, so only the lower tester's `decoding` tamper in the form that breaks just
// this (harness/tester/decoding-faults.ts), or a generated world's wide identities
// (harness/pics/pics-world.ts), reach these lines.
import type { MutantSpec } from '../catalogue.ts';

export const SEALED_MALFORMED_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'codec-enum-defaults',
    // or the keys the SUT derived from the code it defaulted to, which the wire check recomputes (A-KDF)
    requirement: ['A-TLV', 'A-KDF'],
    file: 'wire/codec.ts',
    find: '  const v = table[code];\n',
    replace: '  const v = table[code] ?? table.find((x) => x !== undefined);\n',
    only: { check: 'default-check', why: 'the fixed world names every MN in ASCII and its budget meets each form of the decoding tamper a few times at most' },
    description: 'The decoder reads a status, reason, method or root code past its table as the first code of the table instead of rejecting the PDU.',
  },
  {
    name: 'codec-identity-length-unbounded',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: "      if (length < 1 || length > IDENTITY_MAX_BYTES) throw new DecodeError('BAD_LENGTH', field, pos + 1,",
    replace: "      if (length < 1) throw new DecodeError('BAD_LENGTH', field, pos + 1,",
    only: { check: 'default-check', why: 'the fixed world names every MN in ASCII and its budget meets each form of the decoding tamper a few times at most' },
    description: 'The decoder accepts an identity of any length, 254 bytes and more, instead of 1..253.',
  },
  {
    name: 'codec-strips-bom',
    // The first PDU it misreads is an attaching MN's MIS_Auth.request: the full establishment
    // (5.14.1-S24) is where the run first departs from the model; or an answer about an MN whose
    // id differs only by the BOM, which that MN takes instead of discarding (A-DISCARD).
    requirement: ['A-TLV', '5.14.1-S24', 'A-DISCARD'],
    file: 'wire/codec.ts',
    find: "const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });",
    replace: "const textDecoder = new TextDecoder('utf-8', { fatal: true });",
    only: { check: 'default-check', why: 'the fixed world names every MN in ASCII and its budget meets each form of the decoding tamper a few times at most' },
    description: 'The decoder strips a leading U+FEFF from an identity (the TextDecoder default), so the MN it names is another.',
  },
  {
    name: 'codec-latin1-identities',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: '    const c = s.charCodeAt(i);\n    if (c >= 0x80) return null;',
    replace: '    const c = s.charCodeAt(i);\n    if (c > 0xff) return null;',
    only: { check: 'default-check', why: 'the fixed world names every MN in ASCII and its budget meets each form of the decoding tamper a few times at most' },
    description: "The encoder's fast path writes U+0080..U+00FF as one Latin-1 byte instead of two bytes of UTF-8.",
  },
  {
    name: 'codec-idtype-3-out-of-range',
    requirement: ['A-DISCARD', '5.14-T1', 'A-IDTYPE'],
    file: 'wire/codec.ts',
    find: "      if (code > 3) throw new DecodeError('BAD_ENUM', field, v,",
    replace: "      if (code > 2) throw new DecodeError('BAD_ENUM', field, v,",
    only: { check: 'default-check', why: 'the fixed world names every MN in ASCII and its budget meets each form of the decoding tamper a few times at most' },
    description: 'The decoder takes ID_TYPE 3 (SPoS-generated) for out of range, so an MN calls a wrong ID_TYPE malformed instead of a bad field.',
  },
  {
    name: 'codec-tlv-overrun-unchecked',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: '    if (pos + TLV_HEADER_LENGTH + length > end) {\n',
    replace: '    if (pos + TLV_HEADER_LENGTH > end) {\n',
    only: { check: 'default-check', why: 'only the decoding tamper cuts a last TLV short under its announced length, a form among many its budget meets a few times at most' },
    description: "The decoder checks that a TLV's header fits in the payload but not its value, so a last TLV cut short decodes with the bytes that are there.",
  },
];
