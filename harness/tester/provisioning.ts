//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
// The secrets the tester hands out before the first PDU, from the world seed (docs/protocol.md
// §1, A-POS-CHANNEL), and the stand-ins for the AAA exchanges that are not on the wire (§5, §6).
// An SUT provisioned by the tester derives the same bytes, so the tester can follow every key.
import type { Method } from '../../vocabulary/observation.ts';
import { concat, hmacSha256, kdf, lp, sha256, u16, u32, utf8 } from './crypto.ts';

export type WorldSeed = string | number;

const seedTag = (seed: WorldSeed): string => `${typeof seed === 'number' ? 'n' : 's'}:${String(seed)}`;

/** The deterministic byte stream of a seed: HMAC(SHA-256("proauth-drbg" | tag), u32be(i)), i = 0, 1, ... */
export function seededBytes(seed: WorldSeed, n: number): Uint8Array {
  const key = sha256(utf8(`proauth-drbg${seedTag(seed)}`));
  const blocks: Uint8Array[] = [];
  for (let i = 0; i * 32 < n; i++) blocks.push(hmacSha256(key, u32(i)));
  return concat(...blocks).slice(0, n);
}

/** Every provisioned secret derives from this; it stays inside the tester. */
export function provisioningMaster(seed: WorldSeed): Uint8Array {
  return seededBytes(`proauth provisioning|${seedTag(seed)}`, 32);
}

/** The MN's long-term credential, shared with its HPoS only. */
export function subscriberCredential(master: Uint8Array, mn: string): Uint8Array {
  return kdf(master, 'proauth subscriber credential', lp(mn), 32);
}

//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
/** A-POS-CHANNEL: the pre-configured MIS SA key of a PoS pair, the same from either end. */
export function misSaKey(master: Uint8Array, a: string, b: string): Uint8Array {
  const [first, second] = a < b ? [a, b] : [b, a];
  return kdf(master, 'proauth MIS SA', concat(lp(first), lp(second)), 32);
}

function standIn(credential: Uint8Array, label: string, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array, length: number): Uint8Array {
  return kdf(credential, label, concat(lp(mn), lp(pos), nonceN, nonceP), length);
}

/** Stand-in for the MSK of an EAP run (64 bytes). */
export function eapMsk(credential: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return standIn(credential, 'proauth stand-in EAP MSK', mn, pos, nonceN, nonceP, 64);
}

/** Stand-in for a TLS exporter secret (32 bytes). */
export function tlsExporter(credential: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return standIn(credential, 'proauth stand-in TLS exporter', mn, pos, nonceN, nonceP, 32);
}

const ZERO_NONCE = new Uint8Array(32);

/** RFC 6696 rRK from the EMSK of the subscription-time EAP run (never refreshed in this profile). */
export function bootstrapRrk(credential: Uint8Array, mn: string, home: string): Uint8Array {
  const emsk = standIn(credential, 'proauth stand-in EAP EMSK', mn, home, ZERO_NONCE, ZERO_NONCE, 64);
  return kdf(emsk, 'EAP Re-authentication Root Key@ietf.org', u16(64), 64);
}

/** Stand-in for the rMSK of one ERP run: unique by the run's identities and nonces, not by SEQ. */
export function erpRunRmsk(rrk: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return standIn(rrk, 'proauth stand-in ERP rMSK', mn, pos, nonceN, nonceP, 64);
}

/** The root key of a full establishment of `mn` (home `home`) at `pos` with `method`. */
export function fullRootKey(method: Method, credential: Uint8Array, mn: string, home: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  switch (method) {
    case 'EAP':
      return eapMsk(credential, mn, pos, nonceN, nonceP);
    case 'TLS':
      return tlsExporter(credential, mn, pos, nonceN, nonceP);
    case 'ERP':
      return erpRunRmsk(bootstrapRrk(credential, mn, home), mn, pos, nonceN, nonceP);
  }
}

export interface TesterSecrets {
  readonly credentials: ReadonlyMap<string, Uint8Array>;
  //= SPEC_MAPPING.md#A-POS-CHANNEL
  //# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
  /** MIS SA key by pair, `a` < `b`: every pair of PoSs has one (A-POS-CHANNEL). */
  readonly misSas: readonly { readonly a: string; readonly b: string; readonly key: Uint8Array }[];
}

/** What the tester provisions a world with: a credential per MN, an MIS SA key per PoS pair. */
export function testerSecrets(config: { readonly domains: readonly { readonly id: string }[]; readonly mns: readonly { readonly id: string }[] }, seed: WorldSeed): TesterSecrets {
  const master = provisioningMaster(seed);
  const credentials = new Map(config.mns.map((m) => [m.id, subscriberCredential(master, m.id)]));
  const ids = config.domains.map((d) => d.id).sort();
  const misSas = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => ({ a, b, key: misSaKey(master, a, b) })));
  master.fill(0);
  return { credentials, misSas };
}
