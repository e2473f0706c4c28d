// Interop vectors for implementers, in the Wycheproof style (spec/vectors/README.md): generated
// once from the reference implementation; test/tester/vectors.test.ts checks impl/ and
// harness/tester/ against the files. `npx tsx tools/vectors.ts` rewrites spec/vectors/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toHex } from '../impl/bytes.ts';
import { deriveFullMisk, deriveK, deriveOptimizedMisk, eapMsk, fingerprint, kdf, seededRandom, tlsExporter } from '../impl/crypto/index.ts';
import { bootstrapRrk, erpRunRmsk } from '../impl/entities/credentials.ts';
import { wrappedKContext } from '../impl/entities/protect.ts';
import { INTEGRITY_LABEL, KEK_LABEL, SessionKey } from '../impl/entities/sa.ts';
import { corrupted, worldSecrets } from '../impl/system.ts';
import { decode, encode, macInput } from '../impl/wire/codec.ts';
import { DecodeError } from '../impl/wire/errors.ts';
import { joinTlvs, splitTlvs, type RawTlv } from '../impl/wire/mutate.ts';
import type { Pdu } from '../impl/wire/messages.ts';
import { DEFAULT_WORLD } from '../harness/default-world.ts';

export const VECTORS_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'spec/vectors');

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export interface VectorFile {
  readonly algorithm: string;
  readonly notes: string;
  readonly testGroups: readonly { readonly comment: string; readonly tests: readonly Record<string, Json>[] }[];
}

// Reset by buildVectors, so every build draws the same bytes.
let random = seededRandom('proauth interop vectors');
const b = (n: number): string => toHex(random.bytes(n));
const h = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (x) => parseInt(x, 16));
const EMPTY = new Uint8Array(0);

/** A PDU record as JSON: byte fields as hex, absent optional fields left out. */
export function pduToJson(p: Pdu): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(p)) if (v !== null) out[k] = v instanceof Uint8Array ? toHex(v) : (v as Json);
  return out;
}

function numbered(groups: { comment: string; tests: Record<string, Json>[] }[]): VectorFile['testGroups'] {
  let id = 1;
  return groups.map((g) => ({ comment: g.comment, tests: g.tests.map((t) => ({ tcId: id++, ...t })) }));
}

function kdfVectors(): VectorFile {
  const valid = [0, 16, 32, 33, 64, 100].map((length) => {
    const key = b(32);
    const seed = b(length % 40);
    return { comment: `${length} bytes`, key, label: 'proauth test label', seed, length, output: toHex(kdf(h(key), 'proauth test label', h(seed), length)), result: 'valid' };
  });
  return {
    algorithm: 'proauth-KDF (A-KDF): RFC 5295 prf+ with HMAC-SHA-256',
    notes: 'T1 = HMAC(key, label | 0x00 | seed | 0x01), Tn = HMAC(key, Tn-1 | label | 0x00 | seed | n); output = first length bytes. Labels are UTF-8; hex fields are bytes.',
    testGroups: numbered([
      { comment: 'valid', tests: valid },
      {
        comment: 'invalid parameters',
        tests: [
          { comment: 'length beyond 255 blocks', key: b(32), label: 'x', seed: '', length: 255 * 32 + 1, result: 'invalid', error: 'KDF_LENGTH' },
          { comment: 'label containing NUL', key: b(32), label: 'a\u0000b', seed: '', length: 32, result: 'invalid', error: 'KDF_LABEL' },
        ],
      },
    ]),
  };
}

function keyVectors(): VectorFile {
  const group = (comment: string, make: () => Record<string, Json>): { comment: string; tests: Record<string, Json>[] } => ({ comment, tests: [0, 1, 2].map(make) });
  return {
    algorithm: 'proauth key schedule (A-K-BIND, A-MISK, docs/protocol.md §6)',
    notes: 'Identities enter seeds as lp(s) = 2-byte big-endian length | UTF-8; nonces are 32 bytes; c is one byte. Subkeys: KDF(MISK, label, "", 32). Fingerprint: hex of SHA-256("proauth-fp" | key)[0..8].',
    testGroups: numbered([
      group('K = KDF(MISK_MN-SPoS, "proauth 5.14.2 K", lp(mn) | lp(spos) | lp(tpos) | nonceN, 32)', () => {
        const misk = b(32);
        const nonceN = b(32);
        return { function: 'K', misk, mn: 'mn1', spos: 'A', tpos: 'B', nonceN, output: toHex(deriveK(h(misk), 'mn1', 'A', 'B', h(nonceN))), result: 'valid' };
      }),
      group('optimized MISK = KDF(K, "proauth 5.14.2 MISK", nonceN | nonceT | c | lp(mn) | lp(tpos), 32)', () => {
        const k = b(32);
        const [nonceN, nonceT] = [b(32), b(32)];
        return { function: 'optimizedMisk', k, nonceN, nonceT, suite: 2, mn: 'mn1', tpos: 'B', output: toHex(deriveOptimizedMisk(h(k), h(nonceN), h(nonceT), 2, 'mn1', 'B')), result: 'valid' };
      }),
      group('full MISK = KDF(root key, "proauth full MISK", nonceN | nonceP | lp(mn) | lp(pos), 32)', () => {
        const rootKey = b(64);
        const [nonceN, nonceP] = [b(32), b(32)];
        return { function: 'fullMisk', rootKey, nonceN, nonceP, mn: 'mn1', pos: 'A', output: toHex(deriveFullMisk(h(rootKey), h(nonceN), h(nonceP), 'mn1', 'A')), result: 'valid' };
      }),
      group('subkeys and fingerprint of one MISK', () => {
        const misk = b(32);
        return {
          function: 'subkeys',
          misk,
          integrityKey: toHex(kdf(h(misk), INTEGRITY_LABEL, EMPTY, 32)),
          kek: toHex(kdf(h(misk), KEK_LABEL, EMPTY, 32)),
          fingerprint: fingerprint(h(misk)),
          result: 'valid',
        };
      }),
    ]),
  };
}

function wrapVectors(): VectorFile {
  const tests = [0, 1, 2].map(() => {
    const misk = b(32);
    const k = b(32);
    const wrapNonce = b(16);
    const nonceN = b(32);
    const aad = wrappedKContext('MIS_N2N_Prereg_Xfer.request', 'A', 'B', 'mn1', 'B', h(nonceN));
    return { misk, key: k, type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', tpos: 'B', nonceN, aad: toHex(aad), wrapNonce, wrapped: toHex(new SessionKey(h(misk)).wrap(h(k), aad, h(wrapNonce))), result: 'valid' };
  });
  const t = tests[0]!;
  const flip = (hexs: string, at: number): string => toHex(h(hexs).map((x, i) => (i === at ? x ^ 1 : x)));
  const wrongTpos = toHex(wrappedKContext('MIS_N2N_Prereg_Xfer.request', 'A', 'B', 'mn1', 'C', h(t.nonceN)));
  return {
    algorithm: 'proauth K wrap (5.14.2-S6)',
    notes: 'kek = KDF(MISK, "proauth K wrap", "", 32); encKey = KDF(kek, "proauth wrap enc", "", 32); macKey = KDF(kek, "proauth wrap mac", "", 32); block i = HMAC(encKey, wrapNonce | u32be(i)); ciphertext = key XOR keystream; tag = HMAC(macKey, u32be(|aad|) | aad | wrapNonce | ciphertext)[0..16]; wrapped = wrapNonce | ciphertext | tag. aad = lp(type) | lp(src) | lp(dst) | lp(mn) | lp(tpos) | nonceN.',
    testGroups: numbered([
      { comment: 'valid wraps', tests },
      {
        comment: 'unwrap must fail',
        tests: [
          { ...t, comment: 'ciphertext bit flipped', wrapped: flip(t.wrapped, 20), result: 'invalid', error: 'UNWRAP' },
          { ...t, comment: 'tag bit flipped', wrapped: flip(t.wrapped, 63), result: 'invalid', error: 'UNWRAP' },
          { ...t, comment: 'AAD names another TPoS', tpos: 'C', aad: wrongTpos, result: 'invalid', error: 'UNWRAP' },
        ],
      },
    ]),
  };
}

function samplePdus(): readonly Pdu[] {
  return [
  { type: 'MIS_Auth.request', src: 'mn1', dst: 'A', mn: 'mn1', tid: 0x123, method: 'ERP', nonceN: h(b(32)) },
  { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', mn: 'mn1', tid: 0x123, status: 'SUCCESS', nonceN: h(b(32)), nonceP: h(b(32)), idType: 1 },
  { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A', mn: 'mn1', tid: 7, target: 'B', nonceN: h(b(32)), suites: [1, 2], fallback: false, depth: 0, mac: h(b(16)) },
  { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A', mn: 'mn1', tid: 8, target: null, nonceN: h(b(32)), suites: [], fallback: true, depth: 3, mac: h(b(16)) },
  { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', tid: 0xfff, nonceN: h(b(32)), suites: [2], depth: 1, root: 'EAP', wrappedK: h(b(64)), mac: h(b(16)) },
  { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', mn: 'mn1', tid: 0xfff, status: 'SUCCESS', reason: 'NONE', nonceN: h(b(32)), nonceT: h(b(32)), suite: 2, mac: h(b(16)) },
  { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', mn: 'mn1', tid: 1, status: 'REJECTED', reason: 'REPLAY', nonceN: h(b(32)), nonceT: null, suite: null, mac: h(b(16)) },
  { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', mn: 'mn1', tid: 7, status: 'SUCCESS', reason: 'NONE', tpos: 'B', nonceN: h(b(32)), nonceT: h(b(32)), suite: 2, wrappedK: h(b(64)), mac: h(b(16)) },
  { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', mn: 'mn1', tid: 8, status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT', tpos: 'C', nonceN: h(b(32)), nonceT: null, suite: null, wrappedK: null, mac: h(b(16)) },
  { type: 'MIS_HO_Complete.request', src: 'mn1', dst: 'B', mn: 'mn1', tid: 9, previous: 'A', mac: h(b(16)) },
  { type: 'MIS_N2N_HO_Complete.indication', src: 'B', dst: 'A', mn: 'mn1', tid: 10, mac: h(b(16)) },
  ];
}

function codeOf(bytes: Uint8Array): string {
  try {
    decode(bytes);
    throw new Error('vectors: an invalid encoding decoded');
  } catch (e) {
    if (e instanceof DecodeError) return e.code;
    throw e;
  }
}

function pduVectors(pdus: readonly Pdu[]): VectorFile {
  const valid = pdus.map((p) => ({ comment: p.type, pdu: pduToJson(p), encoding: toHex(encode(p)), result: 'valid' }));
  const invalid: Record<string, Json>[] = [];
  const base = encode(pdus[4]!);
  const edit = (comment: string, f: (x: Uint8Array) => Uint8Array): void => {
    const bytes = f(base.slice());
    invalid.push({ comment, encoding: toHex(bytes), result: 'invalid', error: codeOf(bytes) });
  };
  for (const how of ['trailing', 'truncate', 'unknown-tlv'] as const) edit(`network fault ${how}`, (x) => corrupted(x, how));
  edit('header shorter than 8 bytes', (x) => x.slice(0, 7));
  edit('version 2', (x) => ((x[0] = 0x20), x));
  edit('ACK-Req flag set', (x) => ((x[0] = 0x18), x));
  edit('reserved bit before the transaction ID', (x) => ((x[4] = x[4]! | 0x10), x));
  edit('unknown message ID', (x) => ((x[3] = 0xff), x));
  const tlvEdit = (comment: string, f: (tlvs: RawTlv[]) => RawTlv[]): void =>
    edit(comment, (x) => {
      const { header, tlvs } = splitTlvs(x);
      return joinTlvs(header, f(tlvs));
    });
  const setValue = (type: number, value: Uint8Array) => (tlvs: RawTlv[]) => tlvs.map((t) => (t.type === type ? { type, value } : t));
  tlvEdit('TLV order swapped (dst before src)', ([src, dst, ...rest]) => [dst!, src!, ...rest]);
  tlvEdit('TLV duplicated (mn twice)', ([src, dst, mn, ...rest]) => [src!, dst!, mn!, mn!, ...rest]);
  tlvEdit('mandatory TLV missing (no MAC)', (tlvs) => tlvs.slice(0, -1));
  tlvEdit('TLV this PDU does not carry (method)', ([src, dst, mn, ...rest]) => [src!, dst!, mn!, { type: 6, value: Uint8Array.of(1) }, ...rest]);
  tlvEdit('root code 0', setValue(18, Uint8Array.of(0)));
  tlvEdit('suite code 5 in the list', setValue(14, Uint8Array.of(1, 5)));
  tlvEdit('nonce of 31 bytes', setValue(7, new Uint8Array(31)));
  tlvEdit('empty identity', setValue(3, new Uint8Array(0)));
  tlvEdit('identity not UTF-8', setValue(3, Uint8Array.of(0xc3)));
  return {
    algorithm: 'proauth MIS PDU encoding (A-TLV, docs/protocol.md §4)',
    notes: 'Header: version<<4, 0, message ID = SID 1 | opcode | AID (16 bits), transaction ID (12 bits), payload length (16 bits); TLVs type (1) | length (2) | value in increasing type order. Decoding is strict: exactly the canonical encodings are accepted; error names the first rule broken (impl/wire/errors.ts).',
    testGroups: numbered([
      { comment: 'one of every PDU type, optional TLVs present and absent', tests: valid },
      { comment: 'rejected encodings', tests: invalid },
    ]),
  };
}

function macVectors(pdus: readonly Pdu[]): VectorFile {
  const tests = pdus.filter((p) => 'mac' in p).map((p) => {
    const misk = b(32);
    const sealedWith = new SessionKey(h(misk));
    const input = macInput(p);
    return { comment: p.type, pdu: pduToJson(p), misk, macInput: toHex(input), mac: toHex(sealedWith.sign(input)), result: 'valid' };
  });
  return {
    algorithm: 'proauth PDU MAC (5.14.1-S20)',
    notes: 'macInput = the canonical encoding without the MAC TLV (header payload length counting only the TLVs present); mac = HMAC-SHA-256(KDF(MISK, "proauth PDU integrity", "", 32), macInput)[0..16]. The pdu.mac field of the record is ignored.',
    testGroups: numbered([{ comment: 'MAC-carrying PDUs', tests }]),
  };
}

function aaaVectors(): VectorFile {
  const cred = b(32);
  const [nonceN, nonceP] = [b(32), b(32)];
  const rrk = bootstrapRrk(h(cred), 'mn1', 'A');
  const secrets = worldSecrets(DEFAULT_WORLD, 0);
  return {
    algorithm: 'proauth provisioning and AAA stand-ins (docs/protocol.md §1, §6)',
    notes: 'Stand-ins for the exchanges not on the wire: KDF(credential, label, lp(mn) | lp(pos) | nonceN | nonceP, length). rRK = KDF(EMSK of a run with zero nonces at home, "EAP Re-authentication Root Key@ietf.org", u16be(64), 64); rMSK = KDF(rRK, "proauth stand-in ERP rMSK", lp(mn) | lp(pos) | nonceN | nonceP, 64). Provisioning for seed n: master = first 32 bytes of HMAC(SHA-256("proauth-drbg" | "s:" | "proauth provisioning|n:" | n), u32be(i)), i = 0..; credential = KDF(master, "proauth subscriber credential", lp(mn), 32); MIS SA = KDF(master, "proauth MIS SA", lp(a) | lp(b), 32) with a < b.',
    testGroups: numbered([
      {
        comment: 'root keys of a full establishment of mn1 (home A) at B',
        tests: [
          { function: 'eapMsk', credential: cred, mn: 'mn1', pos: 'B', nonceN, nonceP, output: toHex(eapMsk(h(cred), 'mn1', 'B', h(nonceN), h(nonceP))), result: 'valid' },
          { function: 'tlsExporter', credential: cred, mn: 'mn1', pos: 'B', nonceN, nonceP, output: toHex(tlsExporter(h(cred), 'mn1', 'B', h(nonceN), h(nonceP))), result: 'valid' },
          { function: 'erpRrk', credential: cred, mn: 'mn1', home: 'A', output: toHex(rrk), result: 'valid' },
          { function: 'erpRmsk', rrk: toHex(rrk), mn: 'mn1', pos: 'B', nonceN, nonceP, output: toHex(erpRunRmsk(rrk, 'mn1', 'B', h(nonceN), h(nonceP))), result: 'valid' },
        ],
      },
      {
        comment: 'provisioning of the default world, seed 0',
        tests: [
          ...[...secrets.credentials].map(([mn, key]) => ({ function: 'credential', seed: 0, mn, output: toHex(key), result: 'valid' })),
          ...secrets.misSas.map((p) => ({ function: 'misSa', seed: 0, a: p.a, b: p.b, output: toHex(p.key), result: 'valid' })),
        ],
      },
    ]),
  };
}

export function buildVectors(): Record<string, VectorFile> {
  random = seededRandom('proauth interop vectors');
  const pdus = samplePdus();
  return { 'kdf.json': kdfVectors(), 'keys.json': keyVectors(), 'wrap.json': wrapVectors(), 'pdus.json': pduVectors(pdus), 'mac.json': macVectors(pdus), 'aaa.json': aaaVectors() };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(VECTORS_DIR, { recursive: true });
  for (const [name, file] of Object.entries(buildVectors())) writeFileSync(join(VECTORS_DIR, name), `${JSON.stringify(file, null, 2)}\n`);
  console.log('wrote spec/vectors/');
}
