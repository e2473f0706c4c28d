//= spec/clause-5.14-proposed-text.txt#5.14.2-S7
//# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and
//# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S2
//# It allows a TPoS to obtain a key derivation key K from SPoS or from a higher level entity.
//= spec/clause-5.14-proposed-text.txt#5.14.2-S9
//# With the information, MN and TPoS can derive the media independent session key (MISK) as
//# specified in 9.2.1 of IEEE Std 802.21-XXXX.
// What the adversary can compute from the keys it learnt. The model's key ids are derivation
// terms (model/keys.ts): `MISK(<parent>|…)`, `K(<parent>|…)`, and root keys `MSK(…)`,
// `rMSK(…)`, `TLS(…)`, `GKB(…)`. Every argument after the parent is public in this model: names,
// suites and nonces (Nonce-N, Nonce-T travel in clear in MIS_Prereg_Xfer and
// MIS_N2N_Prereg_Xfer, 5.14.2-S7/S8). So the closure of a knowledge set under derivation is:
//
//   knows(t)  ⇔  t ∈ S  ∨  (t = MISK(p|…) ∨ t = K(p|…))  ∧  knows(p)
//
// i.e. knowing a key means knowing every key derived from it (knowing the MN–SPoS MISK gives the
// K the SPoS derives from it, 5.14.2-S2, and knowing K gives the TPoS's MISK, 5.14.2-S9); a root
// key (MSK, rMSK, TLS secret) is known only if it was revealed: it rests on the MN's credential
// or a TLS run, which no derivation reaches.

/** The kind of a key id (`MISK`, `K`, `MSK`, …): the text before its first parenthesis. */
export function kindOfKey(id: string): string {
  const open = id.indexOf('(');
  return open < 0 ? id : id.slice(0, open);
}

/** The key a derived key (MISK or K) was derived from; null for a root key or a malformed id. */
export function parentKey(id: string): string | null {
  const kind = kindOfKey(id);
  if (kind !== 'MISK' && kind !== 'K') return null;
  const start = kind.length + 1;
  let depth = 0;
  for (let i = start; i < id.length; i++) {
    const c = id[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return id.slice(start, i);
      depth--;
    } else if (c === '|' && depth === 0) return id.slice(start, i);
  }
  return null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S9
//# With the information, MN and TPoS can derive the media independent session key (MISK) as
//# specified in 9.2.1 of IEEE Std 802.21-XXXX.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
//# To prevent such domino effect, the chain shall be limited.
/**
 * The number of optimized establishments (5.14.2-S9: MISK from K) that separate `id` from the
 * nearest key of `known` it derives from: 0 if `id` itself is known, Infinity if no ancestor is.
 * This is the lineage distance the chain limit of Note 4 (5.14.2-N4b) is meant to bound.
 */
export function hopsFromKnown(id: string, known: ReadonlySet<string>): number {
  let hops = 0;
  let t: string | null = id;
  while (t !== null) {
    if (known.has(t)) return hops;
    const parent = parentKey(t);
    // A MISK derived from a K is one optimized hop; a MISK from a root key is a full establishment.
    if (kindOfKey(t) === 'MISK' && parent !== null && kindOfKey(parent) === 'K') hops++;
    t = parent;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The root key a key id rests on (the last term of its parent chain): `MSK(…)`, `rMSK(…)`,
 * `TLS(…)`, `GKB(…)`, `USRK(…)` or, for a K of the adversary's own making, `ADV(…)`. This is
 * the lineage's truth: a key id is its derivation term, so no label any party states changes it.
 */
export function rootOfKey(id: string): string {
  let t = id;
  for (let p = parentKey(t); p !== null; p = parentKey(t)) t = p;
  return t;
}

/** The kind of full establishment a lineage's root key comes from (USRK: the EAP/ERP run it belongs to). */
export function lineageOfKey(id: string): 'EAP' | 'ERP' | 'TLS' | 'GKB' | 'ADV' {
  const root = rootOfKey(id);
  switch (kindOfKey(root)) {
    case 'MSK': return 'EAP';
    case 'rMSK': return 'ERP';
    case 'TLS': return 'TLS';
    case 'GKB': return 'GKB';
    case 'USRK': return lineageOfKey(root.slice('USRK('.length, root.lastIndexOf('|')));
    default: return 'ADV';
  }
}

/** True iff the adversary knowing `known` (closed under derivation) can compute `id`. */
export function derivable(id: string, known: ReadonlySet<string>): boolean {
  return hopsFromKnown(id, known) !== Number.POSITIVE_INFINITY;
}

/** Every key term (an object with a string `id` and a key `kind`) inside plain data. */
export function keyIdsIn(data: unknown, out: Set<string> = new Set()): Set<string> {
  if (data === null || typeof data !== 'object') return out;
  if (Array.isArray(data)) {
    for (const x of data) keyIdsIn(x, out);
    return out;
  }
  const o = data as Record<string, unknown>;
  if (typeof o.id === 'string' && typeof o.kind === 'string' && KEY_KINDS.has(o.kind)) out.add(o.id);
  for (const v of Object.values(o)) keyIdsIn(v, out);
  return out;
}

const KEY_KINDS = new Set(['MSK', 'rMSK', 'TLS', 'GKB', 'K', 'MISK']);
