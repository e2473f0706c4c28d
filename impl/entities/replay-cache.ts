//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
// a bounded memory of (peer, nonce) pairs already accepted. A ring buffer of
// `capacity` slots evicts the oldest entry first, so memory stays bounded; a replay older than
// `capacity` later arrivals is no longer recognised, which is why nonces are 32 random bytes
// (A-NONCE) and capacity is a documented option (ImplPolicyOptions.replayCacheSize).
import { toHex } from '../bytes.ts';

export class ReplayCache {
  readonly capacity: number;
  readonly #seen = new Set<string>();
  /** Keys in arrival order, grown up to `capacity` slots, then overwritten oldest first. */
  readonly #ring: string[] = [];
  #next = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ReplayCache: capacity ${capacity} is not a positive integer`);
    this.capacity = capacity;
  }

  static keyOf(peer: string, nonce: Uint8Array): string {
    return `${peer}\u0000${toHex(nonce)}`;
  }

  has(peer: string, nonce: Uint8Array): boolean {
    return this.#seen.has(ReplayCache.keyOf(peer, nonce));
  }

  /** Remembers (peer, nonce); overwrites the oldest slot when full. */
  add(peer: string, nonce: Uint8Array): void {
    const key = ReplayCache.keyOf(peer, nonce);
    if (this.#seen.has(key)) return;
    const evicted = this.#ring[this.#next] as string | undefined;
    if (evicted !== undefined) this.#seen.delete(evicted);
    this.#ring[this.#next] = key;
    this.#next = (this.#next + 1) % this.capacity;
    this.#seen.add(key);
  }

  get size(): number {
    return this.#seen.size;
  }
}
