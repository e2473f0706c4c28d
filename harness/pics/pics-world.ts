//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
// The world a conformance run is configured with, derived from the PICS: the claimed chain
// limit, methods and suites, and a trust topology that makes every applicable purpose
// reachable (one-sided partner entries for NO_TRUST and UNAUTHORIZED_SOURCE, 5.14.1-S6).
import fc from 'fast-check';
import type { DomainConfig, MnConfig, Method, WorldConfig } from '../../vocabulary/observation.ts';
import type { Pics } from './pics.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
//# The optimized MIH SA establishment is allowed only when a trust relationship has established
//# between the network domains of SPoS and TPoS.
/**
 * Domains A, B, C and two MNs homed in A and B.
 *   A trusts B, C   B trusts A only   C trusts A, B
 * so A ↔ B and A ↔ C are optimized, C → B is sent by the SPoS but refused by the TPoS
 * (UNAUTHORIZED_SOURCE, 5.14.1-S6), and B → C is refused by the SPoS (NO_TRUST, 5.14.2-N1a).
 * The SUT's PoS, when it plays one PoS role alone, is B: it meets both one-sided agreements.
 */
export function worldFor(pics: Pics): WorldConfig {
  const suites = [...pics.suites];
  const methods: readonly Method[] = pics.methods;
  const domain = (id: string, neighbours: string[], partners: string[], rats: string[]): DomainConfig => ({
    id,
    rats,
    neighbours,
    partners,
    suites,
    requestsFallback: false,
  });
  const mn = (id: string, home: string, method: Method): MnConfig => ({ id, home, rats: ['wlan', 'lte'], method, suites });
  return {
    chainLimit: pics.chainLimit,
    domains: [domain('A', ['B', 'C'], ['B', 'C'], ['wlan', 'lte']), domain('B', ['C', 'A'], ['A'], ['wlan']), domain('C', ['B', 'A'], ['A', 'B'], ['lte'])],
    mns: [mn('mn1', 'A', methods[0] ?? 'EAP'), mn('mn2', 'B', methods.at(-1) ?? 'EAP')],
  };
}

/** The PoS the SUT plays when it implements only one PoS role (see worldFor). */
export const SUT_POS = 'B';

const DOMAIN_IDS = ['A', 'B', 'C', 'D', 'E'] as const;
const RATS = ['wlan', 'lte', 'nr'] as const;

/** A non-empty subset of `xs` in a drawn order (a preference order when `xs` are suites). */
function orderedSubset<T>(xs: readonly T[], full: number): fc.Arbitrary<T[]> {
  // Most draws keep every element, so that agreements and common suites are the rule and
  // NO_COMMON_SUITE / NO_TARGET the exception the purposes still reach.
  const all = fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length });
  const some = fc.shuffledSubarray([...xs], { minLength: 1, maxLength: xs.length });
  return fc.oneof({ arbitrary: all, weight: full }, { arbitrary: some, weight: 1 });
}

/**
 * Worlds a conformance run draws from the PICS: 3 to 5 domains with a directed trust graph
 * (one-sided agreements included), per-domain RATs, neighbour orders and suite preferences,
 * 1 to 3 MNs covering every claimed method, the PICS's chain limit. Three domains at least:
 * the SUT PoS needs two others for its two one-sided agreements (see worldFor).
 */
export interface WorldOptions {
  /**
   * Draw worlds whose ERP MNs start near the end of their SEQ space (default true). Off where
   * the SUT hosts some PoSs and the tester the others: a PoS has no view of the SEQ count
   * another side keeps for the MN's HPoS (the stand-in AAA of docs/protocol.md §6.5 has no
   * PDU), so it could not know when to refuse (docs/sut-protocol.md).
   */
  readonly erpSeqNearEnd?: boolean;
  /**
   * Every world starts its ERP MNs near the end of their SEQ space (the runs that chase the
   * end, harness/cli/engine.ts ERP_SEQ_WEIGHTS), not one world in four.
   */
  readonly erpSeqAlwaysNearEnd?: boolean;
}

export function worldArbitrary(pics: Pics, options: WorldOptions = {}): fc.Arbitrary<WorldConfig> {
  const suites = pics.suites;
  const methods: readonly Method[] = pics.methods.length > 0 ? pics.methods : ['EAP'];
  return fc
    .integer({ min: 3, max: DOMAIN_IDS.length })
    .chain((n) => {
      const ids = DOMAIN_IDS.slice(0, n);
      const domain = (id: string): fc.Arbitrary<DomainConfig> => {
        const others = ids.filter((x) => x !== id);
        return fc.record({
          id: fc.constant(id),
          rats: orderedSubset(RATS, 3),
          neighbours: fc.shuffledSubarray(others, { minLength: 1, maxLength: others.length }),
          //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
          //# The optimized MIH SA establishment is allowed only when a trust relationship has
          //# established between the network domains of SPoS and TPoS.
          // agreements are drawn per direction, so one-sided ones are common.
          // Mostly full trust, so that optimized chains reach the chain limit (TP-CHAIN-SPOS).
          partners: fc.oneof({ arbitrary: fc.constant(others), weight: 2 }, { arbitrary: fc.subarray(others, { minLength: 0, maxLength: others.length }), weight: 1 }),
          // NO_COMMON_SUITE must meet a depth lie and a replay at one TPoS (TP-ORDER-*): weight 2.
          suites: orderedSubset(suites, 2),
          // Mostly off: a TPoS asking for fallback ends every optimized chain through it.
          requestsFallback: pics.fallback.tposPolicy ? fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }) : fc.constant(false),
        });
      };
      const mnCount = fc.integer({ min: Math.min(3, methods.length), max: 3 });
      const mns = mnCount.chain((k) =>
        fc.tuple(
          fc.shuffledSubarray([...methods], { minLength: Math.min(k, methods.length), maxLength: Math.min(k, methods.length) }),
          fc.array(fc.constantFrom(...methods), { minLength: k, maxLength: k }),
          fc.array(fc.record({ home: fc.constantFrom(...ids), rats: orderedSubset(RATS, 3), suites: orderedSubset(suites, 4) }), { minLength: k, maxLength: k }),
        ).map(([claimed, extra, rest]) => rest.map((r, i): MnConfig => ({ id: `mn${i + 1}`, home: r.home, rats: r.rats, method: claimed[i] ?? extra[i]!, suites: r.suites }))),
      );
      const sutPeers = fc.shuffledSubarray(ids.filter((x) => x !== SUT_POS), { minLength: 2, maxLength: 2 });
      //= SPEC_MAPPING.md#A-CHAIN-L
      //# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
      //# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
      //= SPEC_MAPPING.md#A-STATUS
      //# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a
      //# fixed order at the SPoS and at the TPoS.
      // L over the range the PICS claims; a small L makes the chain limit meet the
      // other causes (TP-ORDER-*) within a run's reach. Half the worlds take the smallest L: a
      // root lie is told on the hop that reaches L, so there every optimized hop can start a
      // GKB lineage, and NOT_EAP_ROOT meets MN_REQUESTED and NO_TRUST only on one (A-STATUS).
      // L = 0 (the optimized path off) is a boundary of its own: where the PICS claims it, one
      // world in nine takes it, and the rest draw from the positive limits as above.
      const range = { min: pics.chainLimitRange.min, max: pics.chainLimitRange.max };
      const fromRange = (r: { readonly min: number; readonly max: number }) => fc.oneof({ arbitrary: fc.constant(r.min), weight: 1 }, { arbitrary: fc.integer(r), weight: 1 });
      const chainLimit = range.min > 0 || range.max === 0 ? fromRange(range) : fc.oneof({ arbitrary: fromRange({ min: 1, max: range.max }), weight: 8 }, { arbitrary: fc.constant(0), weight: 1 });
      return fc.tuple(fc.tuple(...ids.map(domain)), mns, sutPeers, chainLimit, options.erpSeqNearEnd === false ? fc.constant(null) : options.erpSeqAlwaysNearEnd === true ? nearEndStarts : erpSeqStarts).map(([domains, mnList, [trustsSut, trustedBySut], l, starts]) => {
        const world = { chainLimit: l, domains: domains.map((d) => placeSutPos(d, trustsSut!, trustedBySut!)) };
        return { ...world, mns: offeringUnclaimed(world, named(world, nearErpSeqEnd(mnList, starts)), suites) };
      });
    });
}

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
/**
 * Code points at the edges of UTF-8's 2-, 3- and 4-byte forms (RFC 3629), and one inside each:
 * U+0080 and U+07FF, U+0800 and U+FFFF (U+20AC, U+FFFD between), U+10000 and U+10FFFF (U+1F600).
 */
const WIDE_CODE_POINTS = [0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff] as const;
const FOUR_BYTE_CODE_POINTS = [0x10000, 0x1f600, 0x10ffff] as const;
/**
 * Code points Unicode normalisation changes, whatever the form (each a singleton decomposition):
 * U+212B ANGSTROM SIGN (NFC: U+00C5), U+2126 OHM SIGN (U+03A9), U+0340 COMBINING GRAVE TONE MARK
 * (U+0300), U+F900 a CJK compatibility ideograph (U+8C48). Ids compare byte for byte
 * (docs/protocol.md §1): a codec that normalises what it decodes names another MN.
 */
const UNNORMALISED_CODE_POINTS = [0x212b, 0x2126, 0x0340, 0xf900] as const;
/** What the wide and foreign identities are made of. */
const NON_ASCII_CODE_POINTS: readonly number[] = [...WIDE_CODE_POINTS, ...UNNORMALISED_CODE_POINTS];
/**
 * The longest identity docs/protocol.md §4.4 allows is 253 UTF-8 bytes; the SUT protocol's
 * schemas allow an id 64 code points (schemas/sut-protocol), so the longest one a world can
 * hold is one ASCII character and 63 four-byte code points.
 */
const LONGEST_FOUR_BYTE_RUN = 63;
/** ROMAN NUMERAL ONE: the `index`-th MN's foreign name starts at U+2160 + index (three bytes each). */
const FOREIGN_NUMERAL = 0x2160;

/** How an MN's identity is drawn: its plain name, with wide code points, with no ASCII at all, or at the longest length. */
type IdentityForm =
  | { readonly kind: 'plain' }
  | { readonly kind: 'wide'; readonly chars: readonly number[]; readonly bom: boolean }
  | { readonly kind: 'foreign'; readonly chars: readonly number[] }
  | { readonly kind: 'longest'; readonly chars: readonly number[] };

/**
 * A-TLV: identities the codec must carry as they are (§4.4: 1..253 bytes of UTF-8, a leading
 * U+FEFF kept). Two MNs in five keep their plain ASCII name; one in five gets code points of
 * every UTF-8 length after it, half of those behind a U+FEFF (a decoder that strips a BOM names
 * another MN); one in five has no ASCII character at all, its number a Roman numeral (a codec
 * whose ASCII fast path is taken or left on the wrong test shows only there: one ASCII character
 * sends such a path to the general UTF-8 code, right or wrong); one in five is exactly 253 bytes
 * long: the MN's number and four-byte code points. The wide and foreign ones draw code points
 * that Unicode normalisation changes too (UNNORMALISED_CODE_POINTS). The number keeps identities distinct from
 * each other and from the domains' letters.
 *
 * The forms are picked by a hash of the rest of the world's draw, not drawn from the random
 * stream: a world and every run after it are the same draw as without them.
 */
function identityForms(drawn: unknown, count: number): IdentityForm[] {
  const next = picksOf(drawn);
  const pickChars = (from: readonly number[], max: number): number[] => Array.from({ length: 1 + next(max) }, () => from[next(from.length)]!);
  return Array.from({ length: count }, (): IdentityForm => {
    const kind = next(5);
    if (kind === 2) return { kind: 'foreign', chars: pickChars(NON_ASCII_CODE_POINTS, 4) };
    if (kind === 3) return { kind: 'wide', chars: pickChars(NON_ASCII_CODE_POINTS, 4), bom: next(2) === 0 };
    if (kind === 4) return { kind: 'longest', chars: pickChars(FOUR_BYTE_CODE_POINTS, 3) };
    return { kind: 'plain' };
  });
}

/** Picks below `n`, one at a time, from a hash of `drawn`: no draw from the run's random stream. */
function picksOf(drawn: unknown): (n: number) => number {
  let state = fnv1a(JSON.stringify(drawn)) || 1;
  return (n) => {
    // xorshift32: a fixed sequence from the hash, one pick at a time.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

/** 32-bit FNV-1a over the UTF-16 code units of `text`. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The identity of the `index`-th MN (from 0), whose plain name is `name`. */
function identity(name: string, index: number, form: IdentityForm): string {
  switch (form.kind) {
    case 'plain':
      return name;
    case 'wide':
      return `${form.bom ? '\uFEFF' : ''}${name}-${String.fromCodePoint(...form.chars)}`;
    case 'foreign':
      return String.fromCodePoint(FOREIGN_NUMERAL + index, ...form.chars);
    case 'longest':
      return `${index + 1}${String.fromCodePoint(...Array.from({ length: LONGEST_FOUR_BYTE_RUN }, (_, i) => form.chars[i % form.chars.length]!))}`;
  }
}

/** The MNs of a drawn world under the identities its draw picks (identityForms). */
function named(world: Omit<WorldConfig, 'mns'>, mns: readonly MnConfig[]): MnConfig[] {
  const forms = identityForms([world, mns], mns.length);
  return mns.map((m, i) => ({ ...m, id: identity(m.id, i, forms[i]!) }));
}

/** Every suite code of A-SUITES; a list on the wire holds at most 255 of them (docs/protocol.md §4.4). */
const SUITE_CODES = [1, 2, 3, 4] as const;
const MOST_SUITES = 255;

//= SPEC_MAPPING.md#A-SUITES
//# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
//# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
/**
 * A-SUITES: an MN may offer suites no PoS of its world supports, and as many as the wire holds.
 * One MN in five offers, after its drawn list, every code the PICS does not claim (suite 4 and 3
 * for the reference PICS: a decoder whose range stops short rejects the MN's request); one in
 * five offers that list over and over, 255 codes (a decoder or encoder whose bound is one short
 * rejects it). Neither changes a selection: c is the first offered suite the TPoS supports, and
 * no code is offered before its first place in the drawn list. Picked by a hash of the world,
 * as identityForms, so the draw is the same.
 */
function offeringUnclaimed(world: Omit<WorldConfig, 'mns'>, mns: readonly MnConfig[], claimed: readonly number[]): MnConfig[] {
  const next = picksOf(['suites', world, mns]);
  const unclaimed = SUITE_CODES.filter((c) => !claimed.includes(c));
  return mns.map((m) => {
    const form = next(5);
    if (form > 1) return m;
    const offered = [...m.suites, ...unclaimed];
    if (form === 0) return { ...m, suites: offered };
    return { ...m, suites: Array.from({ length: MOST_SUITES }, (_, i) => offered[i % offered.length]!) };
  });
}

/** The last SEQs of RFC 6696's 16-bit space; 65536 = none left (docs/protocol.md §5.4). */
export const ERP_SEQ_NEAR_END = { min: 65533, max: 65536 } as const;

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/**
 * A-ERP-SEQ: in one world in four, every ERP MN starts within a few runs of the end of its SEQ
 * space (one start per MN, for the MN and its HPoS alike), so a run of a few hundred steps
 * meets the refusal at exhaustion, the switch to EAP and the drift after a lost answer. Drawn
 * last, so the rest of a world is the same draw with or without it.
 */
const nearEndStarts: fc.Arbitrary<readonly number[] | null> = fc.array(fc.integer(ERP_SEQ_NEAR_END), { minLength: 3, maxLength: 3 });
const erpSeqStarts: fc.Arbitrary<readonly number[] | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: nearEndStarts, weight: 1 },
);

function nearErpSeqEnd(mns: readonly MnConfig[], starts: readonly number[] | null): MnConfig[] {
  return mns.map((m, i) => (starts === null || m.method !== 'ERP' ? m : { ...m, erpSeqStart: starts[i]! }));
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
//# The optimized MIH SA establishment is allowed only when a trust relationship has established
//# between the network domains of SPoS and TPoS.
/**
 * 5.14.1-S6 / 5.14.2-N1a: whatever else was drawn, `trustsSut` trusts the SUT PoS one-sidedly
 * and the SUT PoS trusts `trustedBySut` one-sidedly, so a single-role PoS SUT meets both a
 * NO_TRUST and an UNAUTHORIZED_SOURCE refusal.
 */
function placeSutPos(d: DomainConfig, trustsSut: string, trustedBySut: string): DomainConfig {
  const set = (partners: readonly string[], add: string | null, drop: string | null): string[] => {
    const out = partners.filter((p) => p !== drop && p !== add);
    return add === null ? out : [...out, add];
  };
  if (d.id === SUT_POS) return { ...d, partners: set(d.partners, trustedBySut, trustsSut) };
  if (d.id === trustsSut) return { ...d, partners: set(d.partners, SUT_POS, null) };
  if (d.id === trustedBySut) return { ...d, partners: set(d.partners, null, SUT_POS) };
  return d;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
//# The optimized MIH SA establishment is allowed only when a trust relationship has established
//# between the network domains of SPoS and TPoS.
/**
 * A drawn world with every optimized path open: each domain trusts every other (5.14.2-N1a, both
 * directions), no TPoS asks for fallback, and an MN of TLS (no optimized hop from a TLS root,
 * V-TLS-ROOT) takes an EAP-rooted method the PICS claims, if it claims one. Most answers to a
 * preregistration are then SUCCESS (in the drawn worlds NO_TRUST, TARGET_REFUSED and TLS_ROOT
 * outnumber it several times). L = 0 closes every optimized path, so it becomes the least positive
 * L the PICS claims (withOptimizedHops). A map of the draw: the rest of the world is the same draw.
 */
export function withOptimizedPaths(pics: Pics): (w: WorldConfig) => WorldConfig {
  const eapRooted = pics.methods.find((m) => m !== 'TLS');
  const hops = withOptimizedHops(pics);
  return (drawn) => {
    const w = hops(drawn);
    return {
      ...w,
      domains: w.domains.map((d) => ({ ...d, partners: w.domains.map((x) => x.id).filter((x) => x !== d.id), requestsFallback: false })),
      mns: w.mns.map((m) => (m.method === 'TLS' && eapRooted !== undefined ? { ...m, method: eapRooted } : m)),
    };
  };
}

//= SPEC_MAPPING.md#A-CHAIN-L
//# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
//# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
/**
 * A-CHAIN-L: a drawn world with L = 0, which allows no optimized hop, at the least positive L the
 * PICS claims instead (a PICS that claims none: as drawn). For the runs that chase what only an
 * optimized lineage reaches (a GKB root, an optimized answer's checks).
 */
function withOptimizedHops(pics: Pics): (w: WorldConfig) => WorldConfig {
  const least = leastPositiveLimit(pics);
  if (least === null) return (w) => w;
  return (w) => (w.chainLimit === 0 ? { ...w, chainLimit: least } : w);
}

/**
 * A-CHAIN-L: a drawn world at the least positive L the PICS claims (a PICS that claims none: as
 * drawn). For the runs that chase a GKB lineage: the root lie is told on the hop that reaches L
 * (model/world/lower-tester.ts), and at the least L every optimized hop of a run is the first.
 */
export function withShortestChains(pics: Pics): (w: WorldConfig) => WorldConfig {
  const least = leastPositiveLimit(pics);
  if (least === null) return (w) => w;
  return (w) => (w.chainLimit === least ? w : { ...w, chainLimit: least });
}

function leastPositiveLimit(pics: Pics): number | null {
  const least = Math.max(1, pics.chainLimitRange.min);
  return least > pics.chainLimitRange.max ? null : least;
}
