// The visited set of the explorer: each distinct state gets a dense id, and for each id the
// store keeps only what rebuilding a trace needs (the parent's id and the index of the event in
// enabled(parent)). States themselves are not kept: the trace is replayed from the initial
// state. FingerprintStore keeps 64-bit fingerprints in an open-addressing table; ExactStore
// keeps the canonical keys (to check the fingerprint store against, on small worlds).

import { fingerprintInto } from './fingerprint.ts';

export interface StateStore {
  /** Adds the state with this key; returns its new id, or -1 if it was already there. */
  insert(key: string, parent: number, eventIndex: number): number;
  readonly size: number;
  parentOf(id: number): number;
  eventIndexOf(id: number): number;
  /** Bytes held by the store's own arrays (capacity, not only the used part). */
  bytes(): number;
  readonly kind: 'fingerprint64' | 'exact';
}

const INITIAL_CAPACITY = 1 << 12;

/** Parent pointers in growable Int32Arrays: 8 bytes per state. */
class ParentArrays {
  parent = new Int32Array(INITIAL_CAPACITY);
  event = new Int32Array(INITIAL_CAPACITY);

  set(id: number, parent: number, eventIndex: number): void {
    if (id >= this.parent.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent);
      this.event = grow(this.event);
    }
    this.parent[id] = parent;
    this.event[id] = eventIndex;
  }

  bytes(): number {
    return this.parent.byteLength + this.event.byteLength;
  }
}

export class FingerprintStore implements StateStore {
  readonly kind = 'fingerprint64' as const;
  private slots = new Int32Array(INITIAL_CAPACITY * 2); // 0: empty, else id + 1
  private mask = INITIAL_CAPACITY * 2 - 1;
  private his = new Uint32Array(INITIAL_CAPACITY);
  private los = new Uint32Array(INITIAL_CAPACITY);
  private readonly parents = new ParentArrays();
  private readonly fp = { hi: 0, lo: 0 };
  private count = 0;

  get size(): number {
    return this.count;
  }

  insert(key: string, parent: number, eventIndex: number): number {
    fingerprintInto(key, this.fp);
    return this.insertFingerprint(this.fp.hi, this.fp.lo, parent, eventIndex);
  }

  /** As insert, given the key's fingerprint. */
  insertFingerprint(hi: number, lo: number, parent: number, eventIndex: number): number {
    const r = this.insertOrFind(hi, lo, parent, eventIndex);
    return r >= 0 ? r : -1;
  }

  /** As insertFingerprint, but a fingerprint already there gives ~id (negative) instead of -1. */
  insertOrFind(hi: number, lo: number, parent: number, eventIndex: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0) break;
      const id = entry - 1;
      if (this.his[id] === hi && this.los[id] === lo) return ~id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if (id >= this.his.length) this.growIds();
    this.his[id] = hi;
    this.los[id] = lo;
    this.slots[slot] = id + 1;
    this.parents.set(id, parent, eventIndex);
    // Load factor <= 1/2 keeps linear probing short.
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  parentOf(id: number): number {
    return this.parents.parent[id] ?? -1;
  }

  eventIndexOf(id: number): number {
    return this.parents.event[id] ?? -1;
  }

  /** A better first path to `id` was found (the parallel explorer's level barrier). */
  reparent(id: number, parent: number, eventIndex: number): void {
    this.parents.set(id, parent, eventIndex);
  }

  bytes(): number {
    return this.slots.byteLength + this.his.byteLength + this.los.byteLength + this.parents.bytes();
  }

  private growIds(): void {
    const his = new Uint32Array(this.his.length * 2);
    his.set(this.his);
    this.his = his;
    const los = new Uint32Array(this.los.length * 2);
    los.set(this.los);
    this.los = los;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      const hi = this.his[id] ?? 0;
      const lo = this.los[id] ?? 0;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while ((slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

export class ExactStore implements StateStore {
  readonly kind = 'exact' as const;
  private readonly ids = new Map<string, number>();
  private readonly parents = new ParentArrays();
  private keyChars = 0;

  get size(): number {
    return this.ids.size;
  }

  insert(key: string, parent: number, eventIndex: number): number {
    if (this.ids.has(key)) return -1;
    const id = this.ids.size;
    this.ids.set(key, id);
    this.keyChars += key.length;
    this.parents.set(id, parent, eventIndex);
    return id;
  }

  parentOf(id: number): number {
    return this.parents.parent[id] ?? -1;
  }

  eventIndexOf(id: number): number {
    return this.parents.event[id] ?? -1;
  }

  /** An estimate: two bytes per key character plus the parent arrays (Map overhead not counted). */
  bytes(): number {
    return this.keyChars * 2 + this.parents.bytes();
  }
}
