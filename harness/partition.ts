// Keys and nonces are compared as equality partitions, never as strings (docs/protocol.md §7):
// the model names a key class symbolically, an SUT shows a fingerprint. The two agree iff one
// bijection between names and fingerprints is consistent across the whole run.

export interface Clash {
  /** The model-side name being linked, and the SUT-side value. */
  readonly expected: string;
  readonly actual: string;
  /** What the clash is: the model name was already linked to another SUT value, or vice versa. */
  readonly kind: 'model-name-already-linked' | 'sut-value-already-linked';
  readonly other: string;
}

export class Bijection {
  readonly #forward = new Map<string, string>();
  readonly #backward = new Map<string, string>();

  /** Links model name `a` with SUT value `b`; null if consistent with every earlier link. */
  link(a: string, b: string): Clash | null {
    const fb = this.#forward.get(a);
    const ba = this.#backward.get(b);
    if (fb === undefined && ba === undefined) {
      this.#forward.set(a, b);
      this.#backward.set(b, a);
      return null;
    }
    if (fb !== undefined && fb !== b) return { expected: a, actual: b, kind: 'model-name-already-linked', other: fb };
    if (ba !== undefined && ba !== a) return { expected: a, actual: b, kind: 'sut-value-already-linked', other: ba };
    return null;
  }

  /** Model name `a` is linked with SUT value `b`. */
  has(a: string, b: string): boolean {
    return this.#forward.get(a) === b;
  }

  get size(): number {
    return this.#forward.size;
  }
}
