// The lower tester's own view of the keys (docs/protocol.md §4-§6). It watches every PDU an
// entity emits and, from the wire and the secrets it provisioned alone, re-derives every MISK
// and K the protocol makes, then checks each MAC, wrapped K and reported SA key against them.
// It never trusts the implementation's codec or crypto, so a mistake there cannot cancel out.
// Key bytes never leave this module: findings carry PDU descriptions and fingerprints only.
import type { Method, WorldConfig } from '../../vocabulary/observation.ts';
import { carriesMac, decodePdu, encodePdu, MAC_TLV_TYPE, macInput, peekAddressing, TesterDecodeError, type TesterPdu } from './codec.ts';
import { deriveK, fingerprint, fullMisk, hex, integrityKey, kekOf, mac16, optimizedMisk, sameBytes, unwrapK, wrapAad, wrapK } from './crypto.ts';
import { fullRootKey, testerSecrets } from './provisioning.ts';

/** Fields to rewrite; a field set to undefined is left out of the PDU. */
export type TesterEdit = { readonly [K in keyof TesterPdu]?: TesterPdu[K] | undefined };

export type WireFindingKind = 'undecodable' | 'bad-mac' | 'bad-wrap' | 'k-unbound' | 'misk-mismatch' | 'tid-echo' | 'tid-not-fresh' | 'nonce-not-fresh' | 'suite-not-offered';

export interface WireFinding {
  readonly kind: WireFindingKind;
  /** The SPEC_MAPPING.md ID the finding is evidence against. */
  readonly requirement: string;
  /** Which PDU (type, addressing, transaction) or which SA the finding is about. */
  readonly subject: string;
  readonly detail: string;
}

/** How much the tester could check: proof that silence was not for want of keys. */
export interface WireTesterStats {
  readonly pdus: number;
  readonly macsVerified: number;
  readonly wrapsOpened: number;
  readonly kBound: number;
  readonly misksDerived: number;
  readonly saKeysMatched: number;
  readonly tidsEchoed: number;
}

export const WIRE_STAT_KEYS: readonly (keyof WireTesterStats)[] = ['pdus', 'macsVerified', 'wrapsOpened', 'kBound', 'misksDerived', 'saKeysMatched', 'tidsEchoed'];

/** Stats built key by key (sums, differences, zeros), so a new count needs no change elsewhere. */
export function wireStats(value: (k: keyof WireTesterStats) => number): WireTesterStats {
  return Object.fromEntries(WIRE_STAT_KEYS.map((k) => [k, value(k)])) as unknown as WireTesterStats;
}

/** One key the tester holds, with its subkeys derived once. */
class HeldKey {
  readonly fingerprint: string;
  #integrity: Uint8Array | null = null;
  #kek: Uint8Array | null = null;

  constructor(readonly bytes: Uint8Array) {
    this.fingerprint = fingerprint(bytes);
  }

  get integrity(): Uint8Array {
    this.#integrity ??= integrityKey(this.bytes);
    return this.#integrity;
  }

  get kek(): Uint8Array {
    this.#kek ??= kekOf(this.bytes);
    return this.#kek;
  }

  verifies(pdu: TesterPdu): boolean {
    return pdu.mac !== undefined && sameBytes(mac16(this.integrity, macInput(pdu)), pdu.mac);
  }
}

/** The MISKs the exchanges between one MN and one PoS made, in the order they were made. */
interface PairKeys {
  readonly keys: HeldKey[];
  readonly kinds: Map<string, 'full' | 'optimized'>;
  /** An exchange made a MISK the tester could not derive: the pair's keys are no longer complete. */
  incomplete: boolean;
}

/** What tells one exchange of §5.1 from another: its PDU type, ends, MN and tid. */
type Exchange = Pick<TesterPdu, 'type' | 'src' | 'dst' | 'mn' | 'tid'>;

/** The answers of §5.1, each with the request whose tid it echoes. */
const ANSWERS: Partial<Record<TesterPdu['type'], TesterPdu['type']>> = {
  'MIS_Auth.response': 'MIS_Auth.request',
  'MIS_Prereg_Xfer.response': 'MIS_Prereg_Xfer.request',
  'MIS_N2N_Prereg_Xfer.response': 'MIS_N2N_Prereg_Xfer.request',
};
const REQUESTS: ReadonlySet<TesterPdu['type']> = new Set(Object.values(ANSWERS));

function requestKey(requester: string, responder: string, mn: string, nonceN: Uint8Array): string {
  return `${requester}\u0000${responder}\u0000${mn}\u0000${hex(nonceN)}`;
}

/** One transaction of an MN: its requests and their answers share the MN's Nonce-N (§5.1). */
const txKey = (mn: string, nonceN: string): string => `${mn}\u0000${nonceN}`;

const pairId = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

function describe(p: { readonly type?: string; readonly src?: string; readonly dst?: string; readonly mn?: string; readonly tid?: number }): string {
  return `${p.type ?? 'unknown PDU'} ${p.src ?? '?'}→${p.dst ?? '?'} (mn ${p.mn ?? '?'}, tid ${p.tid ?? '?'})`;
}

export class WireTester {
  readonly #mns = new Map<string, { readonly home: string; readonly credential: Uint8Array }>();
  readonly #poss = new Set<string>();
  /** The suites each MN offers, as configured (what its §5.2 suite check compares against). */
  readonly #offered = new Map<string, readonly number[]>();
  //= SPEC_MAPPING.md#A-POS-CHANNEL
  //# Every partner pair shares a pre-configured MIS SA that integrity- and confidentiality-protects
  /** A-POS-CHANNEL: MIS SA per PoS pair, as provisioned. */
  readonly #mis = new Map<string, HeldKey>();
  /** `${mn}\0${pos}` → the MISKs made for that pair. */
  readonly #pairs = new Map<string, PairKeys>();
  /** Every MIS_Auth.request, by (MN, Nonce-N): an answer is judged against the request it echoes. */
  readonly #auth = new Map<string, { readonly pos: string; readonly nonceN: string; readonly method: Method }>();
  /** Every preregistration, by (MN, Nonce-N), and the MISK its MAC verified under (the SPoS's SA). */
  readonly #prereg = new Map<string, { readonly spos: string; readonly nonceN: string; readonly parent: HeldKey | null }>();
  //= SPEC_MAPPING.md#A-K-BIND
  //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one K per
  //# (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
  /** The K of every N2N request, by (MN, Nonce-N); `own` when the tester derived it itself (A-K-BIND). */
  readonly #k = new Map<string, { readonly spos: string; readonly tpos: string; readonly nonceN: string; readonly k: Uint8Array; readonly own: boolean }>();
  /** The TPoS every preregistration named (null: none), by (MN, Nonce-N): what its answer's tpos must be. */
  readonly #namedTargets = new Map<string, string | null>();
  /** The tid of every request seen, by (requester, responder, mn, Nonce-N): what its answer must echo. */
  readonly #requestTids = new Map<string, number>();
  /** The requests each entity sent or received this run, oldest first: the tids a `tid` tamper borrows. */
  readonly #requestsOf = new Map<string, Exchange[]>();
  /** The tid of each MN's last request, and of the last completion each TPoS received per MN (`${mn}\0${tpos}`). */
  readonly #lastMnTid = new Map<string, number>();
  readonly #completionTids = new Map<string, number>();
  /** How often each sender's fresh tid was the one it should differ from, this run. */
  readonly #staleTids = new Map<string, number>();
  /** Every random value an entity drew for a PDU this run (`${field}\0${hex}`) → the PDU that first carried it. */
  readonly #drawn = new Map<string, string>();
  #stats = { pdus: 0, macsVerified: 0, wrapsOpened: 0, kBound: 0, misksDerived: 0, saKeysMatched: 0, tidsEchoed: 0 };

  constructor(config: WorldConfig, seed: number) {
    const secrets = testerSecrets(config, seed);
    for (const m of config.mns) this.#mns.set(m.id, { home: m.home, credential: secrets.credentials.get(m.id)! });
    for (const m of config.mns) this.#offered.set(m.id, m.suites);
    for (const d of config.domains) this.#poss.add(d.id);
    for (const { a, b, key } of secrets.misSas) this.#mis.set(pairId(a, b), new HeldKey(key));
  }

  stats(): WireTesterStats {
    return { ...this.#stats };
  }

  /** Called for every PDU an entity emits, in emission order. */
  emitted(src: string, dst: string, bytes: Uint8Array): { pdu: TesterPdu | null; findings: WireFinding[] } {
    this.#stats.pdus++;
    let pdu: TesterPdu;
    try {
      pdu = decodePdu(bytes);
    } catch (e) {
      if (!(e instanceof TesterDecodeError)) throw e;
      //= SPEC_MAPPING.md#A-TLV
      //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
      //# proauth's own type numbers; decoding is strict and canonical.
      // an entity's own output must be a canonical PDU.
      const finding: WireFinding = { kind: 'undecodable', requirement: 'A-TLV', subject: describe({ src, dst, ...peekAddressing(bytes) }), detail: `${src} emitted bytes strict decoding rejects: ${e.message}` };
      return { pdu: null, findings: [finding] };
    }
    const findings: WireFinding[] = [];
    const found = (kind: WireFindingKind, requirement: string, detail: string): void => {
      findings.push({ kind, requirement, subject: describe(pdu), detail });
    };
    const signer = this.#checkMac(pdu, found);
    this.#checkTid(pdu, found);
    this.#checkFreshTid(pdu, found);
    this.#checkFreshDraws(pdu, found);
    this.#follow(pdu, signer, found);
    return { pdu, findings };
  }

  //= SPEC_MAPPING.md#A-TLV
  //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
  //# proauth's own type numbers; decoding is strict and canonical.
  /**
   * docs/protocol.md §5.1: the sender of a request or indication picks a fresh tid. The one each
   * must differ from: an MN's, its own previous request's; an SPoS's N2N request, the MN's
   * preregistration it relays ("not the MN's"); a TPoS's indication, the MN's completion it
   * reports. A sender drawing tids at random meets that tid once in 4,096, so a coincidence or
   * two say nothing: the third by one sender in one run is the finding (a correct random drawer
   * makes three about once in 6.9·10¹⁰ triples of its PDUs; docs/protocol.md §5.1).
   */
  #checkFreshTid(pdu: TesterPdu, found: (kind: WireFindingKind, requirement: string, detail: string) => void): void {
    let other: number | undefined;
    let what = '';
    switch (pdu.type) {
      case 'MIS_Auth.request':
      case 'MIS_Prereg_Xfer.request':
      case 'MIS_HO_Complete.request':
        other = this.#lastMnTid.get(pdu.mn);
        what = `${pdu.mn}'s previous request`;
        this.#lastMnTid.set(pdu.mn, pdu.tid);
        if (pdu.type === 'MIS_HO_Complete.request') this.#completionTids.set(`${pdu.mn}\u0000${pdu.dst}`, pdu.tid);
        break;
      case 'MIS_N2N_Prereg_Xfer.request':
        other = pdu.nonceN === undefined ? undefined : this.#requestTids.get(requestKey(pdu.mn, pdu.src, pdu.mn, pdu.nonceN));
        what = `the MIS_Prereg_Xfer.request of ${pdu.mn} it relays`;
        break;
      case 'MIS_N2N_HO_Complete.indication':
        other = this.#completionTids.get(`${pdu.mn}\u0000${pdu.src}`);
        what = `the MIS_HO_Complete.request of ${pdu.mn} it reports`;
        break;
      default:
        return;
    }
    if (other !== pdu.tid) return;
    const n = (this.#staleTids.get(pdu.src) ?? 0) + 1;
    this.#staleTids.set(pdu.src, n);
    if (n >= 3) found('tid-not-fresh', 'A-TLV', `${pdu.src} picked the tid of ${what} (${pdu.tid}) for the ${n === 3 ? 'third' : `${n}th`} time this run (§5.1: a fresh one; chance makes three such about once in 6.9·10¹⁰ triples)`);
  }

  //= SPEC_MAPPING.md#A-NONCE
  //# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
  //# echoes nonceN and a wrong echo is discarded.
  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
  //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  /**
   * The values a sender draws fresh (docs/protocol.md §4, §6.7): the MN's Nonce-N in its
   * requests, a PoS's Nonce-P and Nonce-T in its answers, and the 16-byte wnonce of every wrapped
   * K. A 32- or 16-byte random value never comes twice by chance, so the first repeat in a run is
   * the finding: a nonce reused makes two MISKs or two Ks depend on the same input, and a wnonce
   * reused under one key gives two Ks the same keystream. Echoes and relayed values (the Nonce-N
   * an SPoS relays, the Nonce-T it hands the MN) are not draws.
   */
  #checkFreshDraws(pdu: TesterPdu, found: (kind: WireFindingKind, requirement: string, detail: string) => void): void {
    const draws: [field: string, value: Uint8Array | undefined, requirement: string][] = [];
    switch (pdu.type) {
      case 'MIS_Auth.request':
      case 'MIS_Prereg_Xfer.request':
        draws.push(['Nonce-N', pdu.nonceN, 'A-NONCE']);
        break;
      case 'MIS_Auth.response':
        draws.push(['Nonce-P', pdu.nonceP, 'A-NONCE']);
        break;
      case 'MIS_N2N_Prereg_Xfer.response':
        draws.push(['Nonce-T', pdu.nonceT, 'A-NONCE']);
        break;
      case 'MIS_N2N_Prereg_Xfer.request':
      case 'MIS_Prereg_Xfer.response':
        draws.push(['wnonce', pdu.wrappedK?.subarray(0, 16), '5.14.2-S6']);
        break;
      default:
        return;
    }
    for (const [field, value, requirement] of draws) {
      if (value === undefined) continue;
      const key = `${field}\u0000${hex(value)}`;
      const first = this.#drawn.get(key);
      if (first === undefined) this.#drawn.set(key, describe(pdu));
      else found('nonce-not-fresh', requirement, `${pdu.src} sent the ${field} of ${first} again (${field === 'wnonce' ? '§6.7' : '§4'}: drawn fresh for every ${field === 'wnonce' ? 'wrap' : 'PDU'})`);
    }
  }

  /**
   * The lower tester delivers these bytes again (docs/protocol.md §3 `redeliver`). The tester
   * follows every transaction by (MN, Nonce-N), so an answer to the old request is judged
   * against it; this records what the first emission left unknown. Nothing here is a finding:
   * the bytes were checked when they were first emitted.
   */
  redelivered(bytes: Uint8Array): void {
    let pdu: TesterPdu;
    try {
      pdu = decodePdu(bytes);
    } catch (e) {
      if (e instanceof TesterDecodeError) return;
      throw e;
    }
    // A request it has seen already (every request, unless the tester lost track): nothing new.
    if (REQUESTS.has(pdu.type) && pdu.nonceN !== undefined && this.#requestTids.has(requestKey(pdu.src, pdu.dst, pdu.mn, pdu.nonceN))) return;
    const ignore = (): void => undefined;
    const signer = carriesMac(pdu.type) ? (this.#linkKeys(pdu).find((k) => k.verifies(pdu)) ?? null) : null;
    this.#checkTid(pdu, ignore);
    this.#follow(pdu, signer, ignore);
  }

  //= SPEC_MAPPING.md#A-TLV
  //# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
  //# proauth's own type numbers; decoding is strict and canonical.
  /**
   * docs/protocol.md §5.1 (A-TLV): a response echoes the tid of the request it answers. The
   * request is the one from the answer's receiver to its sender about the same MN and Nonce-N;
   * an answer to a request the tester never saw is not judged here.
   */
  #checkTid(pdu: TesterPdu, found: (kind: WireFindingKind, requirement: string, detail: string) => void): void {
    if (pdu.nonceN === undefined) return;
    const answers = ANSWERS[pdu.type];
    if (answers === undefined) {
      if (REQUESTS.has(pdu.type)) {
        this.#requestTids.set(requestKey(pdu.src, pdu.dst, pdu.mn, pdu.nonceN), pdu.tid);
        const request: Exchange = { type: pdu.type, src: pdu.src, dst: pdu.dst, mn: pdu.mn, tid: pdu.tid };
        for (const entity of [pdu.src, pdu.dst]) {
          const requests = this.#requestsOf.get(entity);
          if (requests === undefined) this.#requestsOf.set(entity, [request]);
          else requests.push(request);
        }
      }
      return;
    }
    const tid = this.#requestTids.get(requestKey(pdu.dst, pdu.src, pdu.mn, pdu.nonceN));
    if (tid === undefined) return;
    if (tid === pdu.tid) this.#stats.tidsEchoed++;
    else found('tid-echo', 'A-TLV', `the answer carries tid ${pdu.tid}, the ${answers} it answers had tid ${tid} (§5.1: a response echoes it)`);
  }

  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  /**
   * The tid of the newest request the receiver of `answer` sent or received in another exchange
   * than the one `answer` answers, other than `answer`'s own tid; null if there is none: the MN's
   * request of the establishment it runs now, the MN's preregistration an SPoS relays. A receiver
   * that finds its open transaction by tid alone, or takes a tid of the transaction's other
   * exchange too, takes such an answer up. The requests of `answer`'s own exchange are left out,
   * so that the tid never makes a stale answer fit the open request it would answer (its
   * receiver would then reject the echo, not the transaction).
   */
  otherExchangeTid(answer: Exchange): number | null {
    const own = ANSWERS[answer.type];
    const requests = this.#requestsOf.get(answer.dst) ?? [];
    for (let i = requests.length - 1; i >= 0; i--) {
      const r = requests[i]!;
      if (r.tid === answer.tid || (r.type === own && r.src === answer.dst && r.dst === answer.src && r.mn === answer.mn)) continue;
      return r.tid;
    }
    return null;
  }

  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  /**
   * An entity reports its SA holder→peer with this key fingerprint. A-MISK: the key must be one
   * of the MISKs the exchanges between the two made (several, when a stale SA outlives newer
   * exchanges); silent while the tester knows none, or misses one, for the pair. `suite`: the
   * SA's c as the entity reports it.
   */
  saKey(holder: string, peer: string, keyFingerprint: string, suite: number | null = null): WireFinding | null {
    //= spec/clause-5.14-proposed-text.txt#5.14.2-S8
    //# They also need to agree on a cipher suite coded as c.
    // c is one of the MN's offered suites. An SA with another c holds a key no
    // exchange made too; the suite is the cause, so it names the finding.
    const mn = this.#mns.has(holder) ? holder : peer;
    const offered = this.#offered.get(mn);
    if (typeof suite === 'number' && offered !== undefined && !offered.includes(suite)) {
      return { kind: 'suite-not-offered', requirement: '5.14.2-S8', subject: `SA ${holder}→${peer}`, detail: `suite ${suite} is not one of the suites ${mn} offers (${offered.join(', ')})` };
    }
    const pair = this.#mns.has(holder) ? this.#pairs.get(`${holder}\u0000${peer}`) : this.#pairs.get(`${peer}\u0000${holder}`);
    if (pair === undefined || pair.keys.length === 0 || pair.incomplete) return null;
    if (pair.kinds.has(keyFingerprint)) {
      this.#stats.saKeysMatched++;
      return null;
    }
    const latest = pair.kinds.get(pair.keys[pair.keys.length - 1]!.fingerprint);
    //= SPEC_MAPPING.md#A-MISK
    //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full
    //# establishment: MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
    //= SPEC_MAPPING.md#A-KDF
    //# KDF in the style of RFC 5295 with HMAC-SHA-256: T1 = HMAC(key, label ‖ 0x00 ‖ seed ‖ 0x01),
    //# Tn = HMAC(key, Tn-1 ‖ label ‖ 0x00 ‖ seed ‖ n).
    // A-MISK for the formula from K; a full SA's key is KDF all the way down from the provisioned
    // credential (stand-in root key, then the MISK), so its mismatch names the derivation (A-KDF).
    const requirement = latest === 'optimized' ? 'A-MISK' : 'A-KDF';
    const expected = pair.keys.map((k) => k.fingerprint).join(', ');
    return { kind: 'misk-mismatch', requirement, subject: `SA ${holder}→${peer}`, detail: `key ${keyFingerprint} is none of the MISKs the exchanges made (${expected})` };
  }

  /**
   * The PDU with `edit` applied (a field set to undefined left out), re-encoded and sealed again under the key of its link (the one
   * its MAC verifies under); null if the tester holds none. PDUs without a MAC are re-encoded.
   * Throws TesterDecodeError for bytes that do not decode, TesterEncodeError for an edit no PDU
   * can carry.
   */
  reseal(bytes: Uint8Array, edit: TesterEdit): Uint8Array | null {
    const pdu = decodePdu(bytes);
    const edited: TesterPdu = { ...pdu, ...edit } as TesterPdu;
    if (!carriesMac(pdu.type)) return encodePdu(edited);
    const key = this.#linkKeys(pdu).find((k) => k.verifies(pdu));
    return key === undefined ? null : this.#sealed(edited, key);
  }

  /**
   * The PDU as if PoS `src` had sent it: between PoSs sealed under the MIS SA of `src` and the
   * receiver, which that PoS holds; to an MN under the link's own key (the MN matches the sender
   * before it verifies a MAC, docs/protocol.md §5.2). Null if the tester holds no such key.
   */
  resealFrom(bytes: Uint8Array, src: string): Uint8Array | null {
    const pdu = decodePdu(bytes);
    if (!this.#poss.has(pdu.dst)) return this.reseal(bytes, { src });
    const mis = this.#mis.get(pairId(src, pdu.dst));
    return mis === undefined ? null : this.#sealed({ ...pdu, src }, mis);
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
  //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
  //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
  /**
   * An MIS_N2N_Prereg_Xfer.request as if PoS `src` had sent it: its K unwrapped under the MIS SA
   * it travels under and wrapped again, with the same wrap nonce, under the MIS SA of `src` and
   * the receiver, bound to the new sender; sealed under that SA. Null if the tester holds either
   * SA or the K does not unwrap.
   */
  resendFrom(bytes: Uint8Array, src: string): Uint8Array | null {
    const pdu = decodePdu(bytes);
    if (pdu.type !== 'MIS_N2N_Prereg_Xfer.request' || pdu.wrappedK === undefined || pdu.nonceN === undefined) return null;
    const from = this.#mis.get(pairId(pdu.src, pdu.dst));
    const to = this.#mis.get(pairId(src, pdu.dst));
    if (from === undefined || to === undefined) return null;
    const k = unwrapK(from.kek, pdu.wrappedK, wrapAad(pdu.type, pdu.src, pdu.dst, pdu.mn, pdu.dst, pdu.nonceN));
    if (k === null) return null;
    const wrappedK = wrapK(to.kek, k, wrapAad(pdu.type, src, pdu.dst, pdu.mn, pdu.dst, pdu.nonceN), pdu.wrappedK.slice(0, 16));
    return this.#sealed({ ...pdu, src, wrappedK }, to);
  }

  /**
   * Bytes the codec cannot encode (a broken decoding rule), sealed under the key `original`'s MAC
   * verifies under: `unsealed` is a header and TLVs without the MAC TLV, its payload length
   * counting them; the MAC TLV is appended and counted (docs/protocol.md §6.6). A PDU type
   * without a MAC gets `unsealed` back; null if the tester holds no key for the link.
   */
  sealBytes(original: Uint8Array, unsealed: Uint8Array): Uint8Array | null {
    const pdu = decodePdu(original);
    if (!carriesMac(pdu.type)) return unsealed.slice();
    const key = this.#linkKeys(pdu).find((k) => k.verifies(pdu));
    if (key === undefined) return null;
    const tag = mac16(key.integrity, unsealed);
    const out = new Uint8Array(unsealed.length + 3 + tag.length);
    out.set(unsealed);
    out.set([MAC_TLV_TYPE, 0, tag.length, ...tag], unsealed.length);
    const payload = out.length - 8;
    out[6] = (payload >>> 8) & 0xff;
    out[7] = payload & 0xff;
    return out;
  }

  /** The TPoS MN `mn`'s preregistration with this Nonce-N named; null if it named none or none was seen. */
  namedTarget(mn: string, nonceN: Uint8Array): string | null {
    return this.#namedTargets.get(txKey(mn, hex(nonceN))) ?? null;
  }

  /** An entity id the world does not have (neither an MN nor a PoS), the same for a world every time. */
  unknownMnId(): string {
    let n = 0;
    while (this.#mns.has(`mn-unknown-${n}`) || this.#poss.has(`mn-unknown-${n}`)) n++;
    return `mn-unknown-${n}`;
  }

  /** The world's PoS ids, sorted (UTF-16 code units). */
  posIds(): readonly string[] {
    return [...this.#poss].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  //= SPEC_MAPPING.md#A-DISCARD
  //# A PDU that does not fit the receiver's state (unknown transaction, no
  /**
   * The PoSs other than its sender and receiver that `resealFrom` can make `pdu` come from, sorted:
   * to a PoS those that hold an MIS SA with it (one that holds none fails the SA lookup or the MAC
   * before the transaction check is reached), to an MN every other PoS (the MN matches the sender
   * before it verifies a MAC, docs/protocol.md §5.2).
   */
  forgeableSenders(pdu: Pick<TesterPdu, 'src' | 'dst'>): readonly string[] {
    const others = this.posIds().filter((id) => id !== pdu.src && id !== pdu.dst);
    return this.#poss.has(pdu.dst) ? others.filter((id) => this.#mis.has(pairId(id, pdu.dst))) : others;
  }

  /** The suites MN `mn` offers by configuration (empty for an MN the world does not have). */
  offeredSuites(mn: string): readonly number[] {
    return this.#offered.get(mn) ?? [];
  }

  /** The PDU sealed under another link's key the tester holds (not its own link's); null if none. */
  sealWith(bytes: Uint8Array, other: 'other-sa'): Uint8Array | null {
    const pdu = decodePdu(bytes);
    if (other !== 'other-sa' || !carriesMac(pdu.type)) return null;
    const own = this.#linkKeys(pdu);
    const ownFps = new Set(own.map((k) => k.fingerprint));
    // Prefer another SA of the same MN (a realistic mix-up), then any MIS SA.
    const sameMn = [...this.#pairs.entries()].filter(([id]) => id.startsWith(`${pdu.mn}\u0000`)).flatMap(([, p]) => p.keys.slice(-1));
    const candidates = [...sameMn, ...[...this.#mis.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, k]) => k)];
    const key = candidates.find((k) => !ownFps.has(k.fingerprint));
    return key === undefined ? null : this.#sealed(pdu, key);
  }

  #sealed(pdu: TesterPdu, key: HeldKey): Uint8Array {
    return encodePdu({ ...pdu, mac: mac16(key.integrity, macInput(pdu)) });
  }

  /** The keys that may protect this PDU's link: the MIS SA for N2N PDUs, the pair's MISKs for MN–PoS ones. */
  #linkKeys(pdu: TesterPdu): HeldKey[] {
    if (this.#poss.has(pdu.src) && this.#poss.has(pdu.dst)) {
      const mis = this.#mis.get(pairId(pdu.src, pdu.dst));
      return mis === undefined ? [] : [mis];
    }
    const pos = this.#poss.has(pdu.dst) ? pdu.dst : pdu.src;
    // Newest first: the one an up-to-date entity holds.
    return [...(this.#pairs.get(`${pdu.mn}\u0000${pos}`)?.keys ?? [])].reverse();
  }

  #linkComplete(pdu: TesterPdu): boolean {
    const pos = this.#poss.has(pdu.dst) ? pdu.dst : pdu.src;
    return this.#pairs.get(`${pdu.mn}\u0000${pos}`)?.incomplete !== true;
  }

  //= spec/clause-5.14-proposed-text.txt#5.14.1-S20
  //# In order to enable a wider application of handovers and in particular preregistration
  //# signaling, security must be guaranteed for the control traffic.
  /** 5.14.1-S20: the MAC must verify under the link's key; returns the key it verified under. */
  #checkMac(pdu: TesterPdu, found: (kind: WireFindingKind, requirement: string, detail: string) => void): HeldKey | null {
    if (!carriesMac(pdu.type)) return null;
    const keys = this.#linkKeys(pdu);
    const signer = keys.find((k) => k.verifies(pdu)) ?? null;
    if (signer !== null) this.#stats.macsVerified++;
    else if (keys.length > 0 && this.#linkComplete(pdu)) {
      found('bad-mac', '5.14.1-S20', `the MAC verifies under none of the link's keys (${keys.map((k) => k.fingerprint).join(', ')})`);
    }
    return signer;
  }

  #follow(pdu: TesterPdu, signer: HeldKey | null, found: (kind: WireFindingKind, requirement: string, detail: string) => void): void {
    const nonceN = pdu.nonceN === undefined ? '' : hex(pdu.nonceN);
    switch (pdu.type) {
      case 'MIS_Auth.request':
        this.#auth.set(txKey(pdu.mn, nonceN), { pos: pdu.dst, nonceN, method: pdu.method! });
        return;
      case 'MIS_Auth.response': {
        const a = this.#auth.get(txKey(pdu.mn, nonceN));
        const mn = this.#mns.get(pdu.mn);
        if (pdu.status !== 'SUCCESS' || a === undefined || a.pos !== pdu.src || a.nonceN !== nonceN) return;
        if (mn === undefined) return this.#made(pdu.mn, pdu.src, null, 'full');
        //= SPEC_MAPPING.md#A-MISK
        //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖
        // A-MISK (full): from the stand-in root key of the method the MN asked for.
        const root = fullRootKey(a.method, mn.credential, pdu.mn, mn.home, pdu.src, pdu.nonceN!, pdu.nonceP!);
        return this.#made(pdu.mn, pdu.src, fullMisk(root, pdu.nonceN!, pdu.nonceP!, pdu.mn, pdu.src), 'full');
      }
      case 'MIS_Prereg_Xfer.request':
        this.#prereg.set(txKey(pdu.mn, nonceN), { spos: pdu.dst, nonceN, parent: signer });
        this.#namedTargets.set(txKey(pdu.mn, nonceN), pdu.target ?? null);
        return;
      case 'MIS_N2N_Prereg_Xfer.request': {
        const mis = this.#mis.get(pairId(pdu.src, pdu.dst));
        if (mis === undefined) return;
        const p = this.#prereg.get(txKey(pdu.mn, nonceN));
        //= SPEC_MAPPING.md#A-K-BIND
        //# K = KDF(MISK of the MN–SPoS SA, "proauth 5.14.2 K", mn ‖ spos ‖ tpos ‖ nonceN, 32): one
        //# K per (MN, SPoS, TPoS, request), variant V-K-PER-TPOS.
        // the K this SPoS must derive from its SA with the MN for exactly this TPoS and request.
        const own = p !== undefined && p.spos === pdu.src && p.nonceN === nonceN && p.parent !== null ? deriveK(p.parent.bytes, pdu.mn, pdu.src, pdu.dst, pdu.nonceN!) : null;
        //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
        //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
        //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
        // K travels under the SPoS–TPoS MIS SA, bound to this PDU's context.
        const wire = unwrapK(mis.kek, pdu.wrappedK!, wrapAad(pdu.type, pdu.src, pdu.dst, pdu.mn, pdu.dst, pdu.nonceN!));
        this.#checkK(wire, own, 'the MIS SA', found);
        const k = own ?? wire;
        if (k === null) this.#k.delete(txKey(pdu.mn, nonceN));
        else this.#k.set(txKey(pdu.mn, nonceN), { spos: pdu.src, tpos: pdu.dst, nonceN, k, own: own !== null });
        return;
      }
      case 'MIS_N2N_Prereg_Xfer.response':
        if (pdu.status === 'SUCCESS') this.#optimized(pdu.mn, pdu.dst, pdu.src, nonceN, pdu);
        return;
      case 'MIS_Prereg_Xfer.response': {
        if (pdu.status !== 'SUCCESS' || pdu.tpos === undefined || pdu.wrappedK === undefined) return;
        const rec = this.#k.get(txKey(pdu.mn, nonceN));
        const own = rec !== undefined && rec.own && rec.spos === pdu.src && rec.tpos === pdu.tpos && rec.nonceN === nonceN ? rec.k : null;
        const aad = wrapAad(pdu.type, pdu.src, pdu.dst, pdu.mn, pdu.tpos, pdu.nonceN!);
        //= spec/clause-5.14-proposed-text.txt#5.14.2-S6
        //# If the key K is distributed by SPoS to MN and to TPoS, the key distribution is protected
        //# by MIH SA between MN and SPoS and by out of scope mechanisms between SPoS and TPoS.
        // K travels to the MN under the MN–SPoS SA (the key this PDU's MAC is under).
        const keys = signer !== null ? [signer] : this.#linkComplete(pdu) ? this.#linkKeys(pdu) : [];
        let wire: Uint8Array | null = null;
        for (const key of keys) wire ??= unwrapK(key.kek, pdu.wrappedK, aad);
        if (keys.length > 0) this.#checkK(wire, own, 'the MN–SPoS SA', found);
        this.#optimized(pdu.mn, pdu.src, pdu.tpos, nonceN, pdu, own ?? wire);
        return;
      }
      case 'MIS_HO_Complete.request':
      case 'MIS_N2N_HO_Complete.indication':
        return;
    }
  }

  #checkK(wire: Uint8Array | null, own: Uint8Array | null, under: string, found: (kind: WireFindingKind, requirement: string, detail: string) => void): void {
    if (wire === null) {
      found('bad-wrap', '5.14.2-S6', `the wrapped K does not unwrap under ${under} with this PDU's context`);
      return;
    }
    this.#stats.wrapsOpened++;
    if (own === null) return;
    if (sameBytes(wire, own)) this.#stats.kBound++;
    else found('k-unbound', 'A-K-BIND', `K ${fingerprint(wire)} is not the A-K-BIND derivation ${fingerprint(own)} for this MN, SPoS, TPoS and Nonce-N`);
  }

  //= SPEC_MAPPING.md#A-MISK
  //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full establishment:
  //# MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
  /** A-MISK (optimized): the TPoS's and the MN's new MISK from K, Nonce-N, Nonce-T and c. */
  #optimized(mn: string, spos: string, tpos: string, nonceN: string, pdu: TesterPdu, k?: Uint8Array | null): void {
    if (pdu.nonceT === undefined || pdu.suite === undefined) return;
    const rec = this.#k.get(txKey(mn, nonceN));
    const key = k !== undefined ? k : rec !== undefined && rec.spos === spos && rec.tpos === tpos && rec.nonceN === nonceN ? rec.k : null;
    this.#made(mn, tpos, key === null ? null : optimizedMisk(key, pdu.nonceN!, pdu.nonceT, pdu.suite, mn, tpos), 'optimized');
  }

  /** An exchange made an SA between `mn` and `pos` with this MISK (null: one the tester cannot derive). */
  #made(mn: string, pos: string, misk: Uint8Array | null, kind: 'full' | 'optimized'): void {
    const id = `${mn}\u0000${pos}`;
    let pair = this.#pairs.get(id);
    if (pair === undefined) {
      pair = { keys: [], kinds: new Map(), incomplete: false };
      this.#pairs.set(id, pair);
    }
    if (misk === null) {
      pair.incomplete = true;
      return;
    }
    const key = new HeldKey(misk);
    if (pair.kinds.has(key.fingerprint)) return;
    pair.keys.push(key);
    pair.kinds.set(key.fingerprint, kind);
    this.#stats.misksDerived++;
  }
}
