// A cache keyed by a sequence of immutable objects (by identity) and, optionally, a short text:
// a trie of WeakMaps, so an entry lives only as long as every object of its key. For pure
// functions of immutable data that the explorer calls again and again on the very same objects
// (policy siblings share their observations and facts maps).

interface Node<V> {
  /** Made on the first child: most nodes of a trie are leaves. */
  next: WeakMap<object, Node<V>> | undefined;
  value: V | undefined;
  byText: Map<string, V> | undefined;
}

const node = <V>(): Node<V> => ({ next: undefined, value: undefined, byText: undefined });

export class IdentityCache<V> {
  private readonly root: Node<V> = node();
  private cursor: Node<V> = this.root;

  /** Starts a key; follow with `with` for each object of it, then `get`/`set`. */
  begin(): this {
    this.cursor = this.root;
    return this;
  }

  with(part: object): this {
    const next = (this.cursor.next ??= new WeakMap());
    let n = next.get(part);
    if (n === undefined) {
      n = node();
      next.set(part, n);
    }
    this.cursor = n;
    return this;
  }

  get(text?: string): V | undefined {
    return text === undefined ? this.cursor.value : this.cursor.byText?.get(text);
  }

  set(value: V, text?: string): V {
    if (text === undefined) this.cursor.value = value;
    else (this.cursor.byText ??= new Map()).set(text, value);
    return value;
  }
}
