//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//= type=test
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//= type=test
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
//= SPEC_MAPPING.md#A-KDF
//= type=test
//# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01), Tn =
//# HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
//= SPEC_MAPPING.md#A-K-BIND
//= type=test
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
//= SPEC_MAPPING.md#A-MISK
//= type=test
//# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
//# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
//= SPEC_MAPPING.md#A-TLV
//= type=test
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// The interop vectors of spec/vectors/ (A-KDF, A-K-BIND, A-MISK, 5.14.2-S6, 5.14.1-S20, A-TLV):
// the files are what tools/vectors.ts generates, and both impl/ and harness/tester/ compute
// every expected output and refuse every invalid case with the expected error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePdu, encodePdu, macInput, TesterDecodeError, type TesterPdu } from '../../harness/tester/codec.ts';
import * as t from '../../harness/tester/crypto.ts';
import * as tp from '../../harness/tester/provisioning.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { toHex } from '../../impl/bytes.ts';
import { fromHex } from '../hex.ts';
import * as impl from '../../impl/crypto/index.ts';
import { bootstrapRrk, erpRunRmsk } from '../../impl/entities/credentials.ts';
import { wrappedKContext } from '../../impl/entities/protect.ts';
import { INTEGRITY_LABEL, KEK_LABEL, SessionKey } from '../../impl/entities/sa.ts';
import { worldSecrets } from '../../impl/system.ts';
import { decode, encode, macInput as implMacInput } from '../../impl/wire/codec.ts';
import { DecodeError } from '../../impl/wire/errors.ts';
import type { Pdu } from '../../impl/wire/messages.ts';
import { buildVectors, pduToJson, VECTORS_DIR, type VectorFile } from '../../tools/vectors.ts';

type Test = Record<string, unknown> & { tcId: number; result: 'valid' | 'invalid'; error?: string };

function load(name: string): Test[] {
  const file = JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8')) as VectorFile;
  expect(file.algorithm.length).toBeGreaterThan(0);
  return file.testGroups.flatMap((g) => g.tests) as unknown as Test[];
}

const x = (v: unknown): Uint8Array => fromHex(v as string);
const s = (v: unknown): string => v as string;
const BYTE_FIELDS = new Set(['nonceN', 'nonceP', 'nonceT', 'wrappedK', 'mac']);
const pduOf = (json: unknown): TesterPdu => Object.fromEntries(Object.entries(json as Record<string, unknown>).map(([k, v]) => [k, BYTE_FIELDS.has(k) ? x(v) : v])) as unknown as TesterPdu;
const testerJson = (p: TesterPdu): Record<string, unknown> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v instanceof Uint8Array ? toHex(v) : v]));

describe('spec/vectors', () => {
  it('are what tools/vectors.ts generates', () => {
    for (const [name, file] of Object.entries(buildVectors())) expect(JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8')), name).toEqual(file);
  });

  it('kdf.json: A-KDF outputs and refusals', () => {
    for (const v of load('kdf.json')) {
      const args = [x(v['key']), s(v['label']), x(v['seed']), v['length'] as number] as const;
      if (v.result === 'valid') {
        expect(toHex(impl.kdf(...args)), `tc ${v.tcId}`).toBe(v['output']);
        expect(toHex(t.kdf(...args)), `tc ${v.tcId}`).toBe(v['output']);
      } else {
        expect(() => impl.kdf(...args)).toThrow(expect.objectContaining({ code: v.error }));
        expect(() => t.kdf(...args)).toThrow(t.TesterCryptoError);
      }
    }
  });

  it('keys.json: K, both MISKs, the subkeys and the fingerprint', () => {
    const tests = load('keys.json');
    for (const v of tests) {
      const both = (ours: Uint8Array | string, theirs: Uint8Array | string, expected: unknown): void => {
        const hexOf = (k: Uint8Array | string): string => (typeof k === 'string' ? k : toHex(k));
        expect([hexOf(ours), hexOf(theirs)], `tc ${v.tcId}`).toEqual([expected, expected]);
      };
      switch (v['function']) {
        case 'K':
          both(t.deriveK(x(v['misk']), s(v['mn']), s(v['spos']), s(v['tpos']), x(v['nonceN'])), impl.deriveK(x(v['misk']), s(v['mn']), s(v['spos']), s(v['tpos']), x(v['nonceN'])), v['output']);
          break;
        case 'optimizedMisk': {
          const a = [x(v['k']), x(v['nonceN']), x(v['nonceT']), v['suite'] as number, s(v['mn']), s(v['tpos'])] as const;
          both(t.optimizedMisk(...a), impl.deriveOptimizedMisk(...a), v['output']);
          break;
        }
        case 'fullMisk': {
          const a = [x(v['rootKey']), x(v['nonceN']), x(v['nonceP']), s(v['mn']), s(v['pos'])] as const;
          both(t.fullMisk(...a), impl.deriveFullMisk(...a), v['output']);
          break;
        }
        case 'subkeys': {
          const misk = x(v['misk']);
          both(t.integrityKey(misk), impl.kdf(misk, INTEGRITY_LABEL, new Uint8Array(0), 32), v['integrityKey']);
          both(t.kekOf(misk), impl.kdf(misk, KEK_LABEL, new Uint8Array(0), 32), v['kek']);
          both(t.fingerprint(misk), new SessionKey(misk).fingerprint, v['fingerprint']);
          break;
        }
        default:
          throw new Error(`unknown function ${String(v['function'])}`);
      }
    }
    expect(new Set(tests.map((v) => v['function']))).toEqual(new Set(['K', 'optimizedMisk', 'fullMisk', 'subkeys']));
  });

  it('wrap.json: 5.14.2-S6 wraps, unwraps and refusals', () => {
    for (const v of load('wrap.json')) {
      const misk = x(v['misk']);
      const ctx = [s(v['type']), s(v['src']), s(v['dst']), s(v['mn']), s(v['tpos']), x(v['nonceN'])] as const;
      expect(toHex(t.wrapAad(...ctx))).toBe(v['aad']);
      expect(toHex(wrappedKContext(...(ctx as unknown as Parameters<typeof wrappedKContext>)))).toBe(v['aad']);
      const ours = t.unwrapK(t.kekOf(misk), x(v['wrapped']), x(v['aad']));
      const theirs = new SessionKey(misk).unwrap(x(v['wrapped']), x(v['aad']));
      if (v.result === 'valid') {
        expect(toHex(t.wrapK(t.kekOf(misk), x(v['key']), x(v['aad']), x(v['wrapNonce'])))).toBe(v['wrapped']);
        expect([ours && toHex(ours), theirs && toHex(theirs)]).toEqual([v['key'], v['key']]);
      } else {
        expect([ours, theirs], `tc ${v.tcId}`).toEqual([null, null]);
      }
    }
  });

  it('pdus.json: A-TLV encodings of every PDU type, and the error of every rejected one', () => {
    const tests = load('pdus.json');
    for (const v of tests) {
      const bytes = x(v['encoding']);
      if (v.result === 'valid') {
        const record = pduOf(v['pdu']);
        expect(toHex(encodePdu(record)), `tc ${v.tcId}`).toBe(v['encoding']);
        expect(toHex(encode(record as unknown as Pdu))).toBe(v['encoding']);
        expect(testerJson(decodePdu(bytes))).toEqual(v['pdu']);
        expect(pduToJson(decode(bytes))).toEqual(v['pdu']);
      } else {
        expect(() => decodePdu(bytes), `tc ${v.tcId}`).toThrow(expect.objectContaining({ name: TesterDecodeError.name, code: v.error }));
        expect(() => decode(bytes), `tc ${v.tcId}`).toThrow(expect.objectContaining({ name: DecodeError.name, code: v.error }));
      }
    }
    const types = new Set(tests.filter((v) => v.result === 'valid').map((v) => (v['pdu'] as { type: string }).type));
    expect(types.size).toBe(8);
  });

  it('mac.json: 5.14.1-S20 MAC input and MAC of every MAC-carrying PDU type', () => {
    for (const v of load('mac.json')) {
      const record = pduOf(v['pdu']);
      expect(toHex(macInput(record))).toBe(v['macInput']);
      expect(toHex(implMacInput(record as unknown as Pdu))).toBe(v['macInput']);
      expect(toHex(t.mac16(t.integrityKey(x(v['misk'])), x(v['macInput'])))).toBe(v['mac']);
      expect(toHex(new SessionKey(x(v['misk'])).sign(x(v['macInput'])))).toBe(v['mac']);
    }
  });

  it('aaa.json: the stand-in root keys and the provisioning of a seed', () => {
    const secrets = { tester: tp.testerSecrets(DEFAULT_WORLD, 0), impl: worldSecrets(DEFAULT_WORLD, 0) };
    for (const v of load('aaa.json')) {
      const fresh = [x(v['nonceN'] ?? ''), x(v['nonceP'] ?? '')] as const;
      const outputs: [Uint8Array, Uint8Array] = (() => {
        switch (v['function']) {
          case 'eapMsk':
            return [tp.eapMsk(x(v['credential']), s(v['mn']), s(v['pos']), ...fresh), impl.eapMsk(x(v['credential']), s(v['mn']), s(v['pos']), ...fresh)];
          case 'tlsExporter':
            return [tp.tlsExporter(x(v['credential']), s(v['mn']), s(v['pos']), ...fresh), impl.tlsExporter(x(v['credential']), s(v['mn']), s(v['pos']), ...fresh)];
          case 'erpRrk':
            return [tp.bootstrapRrk(x(v['credential']), s(v['mn']), s(v['home'])), bootstrapRrk(x(v['credential']), s(v['mn']), s(v['home']))];
          case 'erpRmsk':
            return [tp.erpRunRmsk(x(v['rrk']), s(v['mn']), s(v['pos']), ...fresh), erpRunRmsk(x(v['rrk']), s(v['mn']), s(v['pos']), ...fresh)];
          case 'credential':
            return [secrets.tester.credentials.get(s(v['mn']))!, secrets.impl.credentials.get(s(v['mn']))!];
          case 'misSa': {
            const pick = (list: readonly { a: string; b: string; key: Uint8Array }[]): Uint8Array => list.find((p) => p.a === v['a'] && p.b === v['b'])!.key;
            return [pick(secrets.tester.misSas), pick(secrets.impl.misSas)];
          }
          default:
            throw new Error(`unknown function ${String(v['function'])}`);
        }
      })();
      expect(outputs.map(toHex), `tc ${v.tcId}`).toEqual([v['output'], v['output']]);
    }
  });
});
