// Provisioning: the secrets that exist before the first PDU (a subscriber's long-term
// credential shared by the MN and its HPoS, the roaming agreements' MIS SA keys) and the
// per-entity random sources, all derived from one world seed so a seed replays a run byte for
// byte. Also the ERP key state an MN and its HPoS keep (RFC 6696).
import { concatBytes, lengthPrefixed } from '../bytes.ts';
import { ERP_SEQ_MAX, eapEmsk, eapMsk, erpRrk, kdf, seededRandom, sharedSeededRandom, tlsExporter, type RandomSource } from '../crypto/index.ts';
import type { Method } from '../wire/messages.ts';

/** One seed for the whole world (brief: determinism). Numbers and strings are distinct seeds. */
export type WorldSeed = string | number;

function seedTag(seed: WorldSeed): string {
  return `${typeof seed === 'number' ? 'n' : 's'}:${String(seed)}`;
}

/** The master secret every provisioned key is derived from (never leaves this module's callers). */
export function provisioningMaster(seed: WorldSeed): Uint8Array {
  return seededRandom(`proauth provisioning|${seedTag(seed)}`).bytes(32);
}

/**
 * The random source of one entity: independent of every other entity's, so draws never
 * interleave. It only draws public values (nonces, transaction IDs, wrap nonces), so the stream
 * is shared by every world of the same seed (sharedSeededRandom): same bytes, computed once.
 */
export function entityRandom(seed: WorldSeed, entity: string): RandomSource {
  return sharedSeededRandom(`proauth entity|${seedTag(seed)}|${entity}`);
}

/** The long-term credential the MN shares with its HPoS only (docs/protocol.md §1). */
export function subscriberCredential(master: Uint8Array, mn: string): Uint8Array {
  return kdf(master, 'proauth subscriber credential', lengthPrefixed(mn), 32);
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S2
//# It is out of scope for this document to specify exactly how the secure communication channel
//# should be established
//= SPEC_MAPPING.md#A-POS-CHANNEL
//# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
//# every N2N PDU; its establishment (configuration, IKEv2, (D)TLS or EAP over MIS) is not modelled.
/**
 * The key of the pre-configured MIS SA between two PoSs (5.14.1-S2: configured with the
 * roaming agreement; A-POS-CHANNEL). Symmetric in the pair: both ends derive the same key.
 */
export function misSaKey(master: Uint8Array, a: string, b: string): Uint8Array {
  const [first, second] = a < b ? [a, b] : [b, a];
  return kdf(master, 'proauth MIS SA', concatBytes(lengthPrefixed(first), lengthPrefixed(second)), 32);
}

const ZERO_NONCE = new Uint8Array(32);

/**
 * The ERP root key from the EAP run at subscription time (RFC 6696: rRK from the EMSK). This
 * profile never refreshes it: MIS_Auth carries no confirmation that both ends finished an EAP
 * run, so a new EMSK could not be adopted by both in step.
 */
export function bootstrapRrk(credential: Uint8Array, mn: string, home: string): Uint8Array {
  return erpRrk(eapEmsk(credential, mn, home, ZERO_NONCE, ZERO_NONCE));
}

/**
 * Stand-in for the rMSK of one ERP run. RFC 6696 derives it from rRK and SEQ, with SEQ carried in
 * the (integrity-protected) EAP-Initiate/Re-auth message; MIS_Auth.request carries no SEQ, and a
 * lost MIS_Auth.response would leave MN and HPoS on different SEQs. So the run's fresh values
 * (identities and both nonces) make the rMSK unique instead, and SEQ only enforces the RFC 6696
 * limit of 65536 runs per rRK.
 */
export function erpRunRmsk(rrk: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return kdf(rrk, 'proauth stand-in ERP rMSK', concatBytes(lengthPrefixed(mn), lengthPrefixed(pos), nonceN, nonceP), 64);
}

/** ERP SEQ state of one MN (kept alike by the MN and by its HPoS). */
export class ErpState {
  readonly #credential: Uint8Array;
  readonly #mn: string;
  readonly #home: string;
  /** rRK, derived on the first ERP run (most MNs never run ERP). */
  #rrk: Uint8Array | null = null;
  #nextSeq: number;

  constructor(credential: Uint8Array, mn: string, home: string, nextSeq: number) {
    this.#credential = credential.slice();
    this.#mn = mn;
    this.#home = home;
    this.#nextSeq = nextSeq;
  }

  /** RFC 6696: a SEQ that would wrap is refused, never reused. */
  get available(): boolean {
    return this.#nextSeq <= ERP_SEQ_MAX;
  }

  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** The root key of one ERP run; consumes a SEQ. Call only when `available`. */
  run(mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
    if (!this.available) throw new RangeError('ERP SEQ would wrap');
    this.#rrk ??= bootstrapRrk(this.#credential, this.#mn, this.#home);
    this.#nextSeq++;
    return erpRunRmsk(this.#rrk, mn, pos, nonceN, nonceP);
  }

  /** The MN learnt from a refusal that its HPoS has no SEQ left. */
  exhaust(): void {
    this.#nextSeq = ERP_SEQ_MAX + 1;
  }
}

/**
 * The root key of a full establishment (docs/protocol.md §6) for EAP and TLS: MSK or TLS exporter
 * secret, computed from the long-term credential by the crypto stand-ins (impl/crypto/keys.ts).
 */
export function credentialRootKey(method: Exclude<Method, 'ERP'>, credential: Uint8Array, mn: string, pos: string, nonceN: Uint8Array, nonceP: Uint8Array): Uint8Array {
  return method === 'EAP' ? eapMsk(credential, mn, pos, nonceN, nonceP) : tlsExporter(credential, mn, pos, nonceN, nonceP);
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
//= SPEC_MAPPING.md#V-K-HPOS
//# The TPoS obtains K from the MN's HPoS (off the wire) and the MN derives it from its EAP root;
//# the SPoS never knows K; the SA made is EAP-generated (ID_TYPE 1).
//= SPEC_MAPPING.md#A-K-BIND
//# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
//# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
/**
 * V-K-HPOS: K as "a higher level entity" (the MN's HPoS, 5.14.2-S2) would make it, from a key
 * only the HPoS and the MN's credential share, bound to one TPoS like A-K-BIND.
 */
export function hposHandoverKey(credential: Uint8Array, mn: string, spos: string, tpos: string, nonceN: Uint8Array): Uint8Array {
  const handoverRoot = kdf(credential, 'proauth HPoS handover root', lengthPrefixed(mn), 32);
  return kdf(handoverRoot, 'proauth 5.14.2 K from HPoS', concatBytes(lengthPrefixed(mn), lengthPrefixed(spos), lengthPrefixed(tpos), nonceN), 32);
}

//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
/** A-NONCE: every protocol nonce is 32 fresh bytes from the entity's source. */
export function freshNonce(random: RandomSource): Uint8Array {
  return random.bytes(32);
}

/** A 12-bit MIS transaction ID. */
export function freshTid(random: RandomSource): number {
  const b = random.bytes(2);
  return ((b[0]! << 8) | b[1]!) & 0x0fff;
}
