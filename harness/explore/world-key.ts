// The identity of a model world: its canonical key and the hash of it. Worlds with equal keys
// behave alike, so the explorer visits one of them (the fast key of fast-key.ts induces the same
// partition, cheaper).

import type { Localized } from '../../model/world/canonical.ts';
import { machinesFor } from '../../model/world/machines.ts';
import type { World } from '../../model/world/world.ts';
import { fingerprintHex, StreamFingerprint } from './fingerprint.ts';
import { localized } from './machine-memo.ts';

interface Component extends Localized {
  hash?: readonly [number, number];
}

// Component texts recur across worlds (often as the very same string): hash each text once.
const hashOfText = new Map<string, readonly [number, number]>();

const textHash = new StreamFingerprint();
const textFp = { hi: 0, lo: 0 };

function componentHash(c: Component): readonly [number, number] {
  if (c.hash === undefined) {
    let h = hashOfText.get(c.text);
    if (h === undefined) {
      textHash.reset().string(c.text).into(textFp);
      h = [textFp.hi, textFp.lo];
      if (hashOfText.size > 200_000) hashOfText.clear();
      hashOfText.set(c.text, h);
    }
    (c as { hash?: readonly [number, number] }).hash = h;
  }
  return c.hash as readonly [number, number];
}

/** Receives the parts of a world's identity (see `identity`). */
interface IdentitySink {
  /** A component (an immutable object, with its localized text) or a plain part (`c` null). */
  part(text: string, c: Component | null): void;
  /** The first-appearance rank of the next token of the last component; -1 closes it. */
  rank(r: number): void;
}

class KeyText implements IdentitySink {
  text = '';
  ranks = '';
  part(text: string): void {
    this.text += text + '\u0001';
  }
  rank(r: number): void {
    this.ranks += r < 0 ? ';' : `${r},`;
  }
}

class KeyHash implements IdentitySink {
  readonly h = new StreamFingerprint();
  part(text: string, c: Component | null): void {
    if (c === null) this.h.string(text).unit(1);
    else {
      const [hi, lo] = componentHash(c);
      this.h.unit(hi).unit(lo);
    }
  }
  rank(r: number): void {
    this.h.unit(r < 0 ? 0xffff : r);
  }
}

function addComponent(x: object, ranks: Map<string, number>, sink: IdentitySink): void {
  const c = localized(x) as Component;
  sink.part(c.text, c);
  for (const t of c.tokens) {
    let r = ranks.get(t);
    if (r === undefined) {
      r = ranks.size;
      ranks.set(t, r);
    }
    sink.rank(r);
  }
  sink.rank(-1);
}

/**
 * Walks the components of a world in canonical order (MNs, HPoS roles, PoSs with their
 * policy and roles, PDUs in flight, then the live replay-cache entries), giving each one's
 * localized text and the first-appearance rank of each of its tokens in the whole world.
 */
function identity(w: World, sink: IdentitySink): void {
  const m = machinesFor(w.config, w.variant);
  const ranks = new Map<string, number>();
  sink.part(`${m.digest}+${w.faults.join(',')}`, null);
  for (const x of w.mns) addComponent(x, ranks, sink);
  for (const x of w.hpos) addComponent(x, ranks, sink);
  for (const p of w.poss) {
    sink.part(p.requestsFallback ? 'F1' : 'F0', null);
    for (const x of p.spos) addComponent(x, ranks, sink);
    for (const x of p.tpos) addComponent(x, ranks, sink);
  }
  sink.part('|', null);
  for (const p of w.inFlight) addComponent(p, ranks, sink);
  if (w.redelivery !== undefined) {
    sink.part('H', null);
    for (const p of w.redelivery.delivered) addComponent(p, ranks, sink);
  }
  // A replay-cache entry whose Nonce-N appears nowhere else can never match again.
  for (let j = 0; j < w.poss.length; j++) {
    for (const e of (w.poss[j] as World['poss'][number]).replayCache) {
      const r = ranks.get(e.nonceN);
      if (r !== undefined) sink.part(`R${j}:${e.spos}@${r}`, null);
    }
    for (const n of w.redelivery?.mnRequests[j] ?? []) {
      const r = ranks.get(n);
      if (r !== undefined) sink.part(`Q${j}@${r}`, null);
    }
  }
}

/**
 * Canonical serialization of a world: stable key order, fresh tokens named by their first
 * appearance (so the counter and the names the nonces happened to get do not matter),
 * prefixed by a digest of the configuration, variant and network faults. Worlds with equal
 * keys behave alike. A replay-cache entry whose Nonce-N appears nowhere else in the world can
 * never match again (every place a PDU could come back from is part of the world), so it is
 * left out.
 */
export function canonicalKey(w: World): string {
  const k = new KeyText();
  identity(w, k);
  return k.text + '#' + k.ranks;
}

/**
 * A short stable hash of the canonical key (16 hex digits): the explorer's 64-bit fingerprint
 * (fingerprint.ts) over the parts of the key, each component entering as the fingerprint of its
 * text. Equal keys give equal hashes.
 */
export function hashWorld(w: World): string {
  const k = new KeyHash();
  identity(w, k);
  const out = { hi: 0, lo: 0 };
  k.h.into(out);
  return fingerprintHex(out);
}
