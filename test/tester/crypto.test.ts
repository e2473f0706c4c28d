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
//= spec/clause-5.14-proposed-text.txt#5.14.2-S6
//= type=test
//# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected by MIH
//# SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S20
//= type=test
//# In order to enable a wider application of handovers and in particular preregistration signaling,
//# security must be guaranteed for the control traffic.
// the tester's key schedule, provisioning and
// faults equal impl's on random inputs, so the tester can follow an impl that is right.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveK, fingerprint, fullMisk, integrityKey, kdf, kekOf, mac16, optimizedMisk, unwrapK, wrapAad, wrapK } from '../../harness/tester/crypto.ts';
import { applyFault, malformed, wellFormed, type MalformedFault } from '../../harness/tester/faults.ts';
import { bootstrapRrk as tBootstrapRrk, eapMsk as tEapMsk, erpRunRmsk as tErpRunRmsk, testerSecrets, tlsExporter as tTlsExporter } from '../../harness/tester/provisioning.ts';
import { decodePdu } from '../../harness/tester/codec.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import * as impl from '../../impl/crypto/index.ts';
import { bootstrapRrk, erpRunRmsk } from '../../impl/entities/credentials.ts';
import { wrappedKContext } from '../../impl/entities/protect.ts';
import { INTEGRITY_LABEL, KEK_LABEL, SessionKey } from '../../impl/entities/sa.ts';
import { corrupted, worldSecrets } from '../../impl/system.ts';
import { pduArb } from '../../impl/wire/arbitraries.ts';
import { encode } from '../../impl/wire/codec.ts';

const RUNS = { numRuns: 150, seed: 52 };
const bytes = (min: number, max = min): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: min, maxLength: max });
const nonce = bytes(32);
const id = fc.oneof(fc.constantFrom('A', 'B', 'mn1'), fc.string({ minLength: 1, maxLength: 12 }));

describe('tester crypto against impl crypto', () => {
  it('A-KDF: the same output for any key, label, seed and length (several blocks too)', () => {
    fc.assert(
      fc.property(bytes(0, 80), fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000')), bytes(0, 40), fc.integer({ min: 0, max: 100 }), (key, label, seed, n) => {
        expect(kdf(key, label, seed, n)).toEqual(impl.kdf(key, label, seed, n));
      }),
      RUNS,
    );
  });

  it('A-K-BIND, A-MISK: K, the optimized and the full MISK', () => {
    fc.assert(
      fc.property(bytes(32), id, id, id, nonce, nonce, fc.integer({ min: 1, max: 4 }), (key, mn, a, b, n1, n2, suite) => {
        expect(deriveK(key, mn, a, b, n1)).toEqual(impl.deriveK(key, mn, a, b, n1));
        expect(optimizedMisk(key, n1, n2, suite, mn, b)).toEqual(impl.deriveOptimizedMisk(key, n1, n2, suite, mn, b));
        expect(fullMisk(key, n1, n2, mn, a)).toEqual(impl.deriveFullMisk(key, n1, n2, mn, a));
      }),
      RUNS,
    );
  });

  it('the per-SA subkeys, the MAC and the fingerprint', () => {
    fc.assert(
      fc.property(bytes(32), bytes(0, 120), (misk, data) => {
        const sa = new SessionKey(misk);
        expect(integrityKey(misk)).toEqual(impl.kdf(misk, INTEGRITY_LABEL, new Uint8Array(0), 32));
        expect(kekOf(misk)).toEqual(impl.kdf(misk, KEK_LABEL, new Uint8Array(0), 32));
        expect(mac16(integrityKey(misk), data)).toEqual(sa.sign(data));
        expect(fingerprint(misk)).toBe(impl.fingerprint(misk));
        expect(fingerprint(misk)).toBe(sa.fingerprint);
      }),
      RUNS,
    );
  });

  it('5.14.2-S6: wraps K as impl does, unwraps what impl wraps, refuses another AAD or kek', () => {
    fc.assert(
      fc.property(bytes(32), bytes(32), bytes(16), id, id, id, nonce, (misk, k, wrapNonce, src, dst, mn, n) => {
        const aad = wrapAad('MIS_Prereg_Xfer.response', src, dst, mn, dst, n);
        expect(aad).toEqual(wrappedKContext('MIS_Prereg_Xfer.response', src, dst, mn, dst, n));
        const theirs = new SessionKey(misk).wrap(k, aad, wrapNonce);
        expect(wrapK(kekOf(misk), k, aad, wrapNonce)).toEqual(theirs);
        expect(unwrapK(kekOf(misk), theirs, aad)).toEqual(k);
        expect(unwrapK(kekOf(misk), theirs, wrapAad('MIS_Prereg_Xfer.response', src, dst, mn, `${dst}x`, n))).toBeNull();
        expect(unwrapK(kekOf(k), theirs, aad)).toBeNull();
      }),
      RUNS,
    );
  });

  it('the stand-in AAA root keys (EAP MSK, ERP rRK and rMSK, TLS exporter)', () => {
    fc.assert(
      fc.property(bytes(32), id, id, nonce, nonce, (cred, mn, pos, n1, n2) => {
        expect(tEapMsk(cred, mn, pos, n1, n2)).toEqual(impl.eapMsk(cred, mn, pos, n1, n2));
        expect(tTlsExporter(cred, mn, pos, n1, n2)).toEqual(impl.tlsExporter(cred, mn, pos, n1, n2));
        const rrk = bootstrapRrk(cred, mn, pos);
        expect(tBootstrapRrk(cred, mn, pos)).toEqual(rrk);
        expect(tErpRunRmsk(rrk, mn, pos, n1, n2)).toEqual(erpRunRmsk(rrk, mn, pos, n1, n2));
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it('provisions the same credentials and MIS SA keys as impl for a seed', () => {
    for (const seed of [0, 1, 99]) {
      const ours = testerSecrets(DEFAULT_WORLD, seed);
      const theirs = worldSecrets(DEFAULT_WORLD, seed);
      expect(ours.credentials).toEqual(theirs.credentials);
      expect(ours.misSas).toEqual(theirs.misSas);
    }
    expect(testerSecrets(DEFAULT_WORLD, 0).credentials).not.toEqual(testerSecrets(DEFAULT_WORLD, 1).credentials);
  });
});

describe('tester faults', () => {
  it("malformed faults give the bytes of impl's corrupted()", () => {
    fc.assert(
      fc.property(pduArb, fc.constantFrom<MalformedFault>('trailing', 'truncate', 'unknown-tlv'), (p, how) => {
        const b = encode(p);
        expect(malformed(b, how)).toEqual(corrupted(b, how));
        expect(() => decodePdu(malformed(b, how))).toThrow();
      }),
      RUNS,
    );
  });

  it('mac and field faults change one bit, still decode, and apply only to MAC-carrying PDUs', () => {
    fc.assert(
      fc.property(pduArb, fc.nat(), (p, choice) => {
        const b = encode(p);
        for (const how of ['mac', 'field'] as const) {
          const out = applyFault(b, how, choice);
          if (!('mac' in p)) {
            expect(out).toBeNull();
            continue;
          }
          if (out === null) continue; // a field fault on a PDU whose every bit flip breaks it
          const diff = out.reduce((n, x, i) => n + popcount(x ^ b[i]!), 0);
          expect(diff).toBe(1);
          const before = decodePdu(b);
          const after = decodePdu(out);
          if (how === 'mac') expect({ ...after, mac: before.mac }).toEqual(before);
          else expect(after.mac).toEqual(before.mac);
        }
      }),
      RUNS,
    );
    expect(() => wellFormed(new Uint8Array(8), 'mac', -1)).toThrow(/choice/);
  });
});

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
