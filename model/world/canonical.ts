// Canonical serialization of plain data (sorted object keys, undefined dropped as JSON does)
// and the renaming of fresh tokens that makes two worlds which differ only in the names of
// their nonces serialize alike: only equalities between fresh values matter (A-NONCE).

const TOKEN = /#(\d+)/g;
const LOCAL = /%(\d+)/g;

/** JSON with object keys in sorted order; JSON.parse of the result serializes back to it. */
export function canonicalJson(x: unknown): string {
  if (x === null) return 'null';
  switch (typeof x) {
    case 'string':
      return JSON.stringify(x);
    case 'number':
      return Number.isFinite(x) ? String(x) : 'null';
    case 'boolean':
      return x ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(x)) {
        let s = '[';
        for (let i = 0; i < x.length; i++) {
          if (i > 0) s += ',';
          const v: unknown = x[i];
          s += v === undefined ? 'null' : canonicalJson(v);
        }
        return s + ']';
      }
      const o = x as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const v = o[k];
        if (v === undefined) continue;
        if (!first) s += ',';
        first = false;
        s += JSON.stringify(k) + ':' + canonicalJson(v);
      }
      return s + '}';
    }
    default:
      return 'null';
  }
}

/**
 * Renames every fresh token `#n` of `text` to `#i`, i being its rank of first appearance, so
 * the result does not depend on the counter values the tokens happened to get.
 */
export function renameTokensByAppearance(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(TOKEN, (t) => {
    let r = seen.get(t);
    if (r === undefined) {
      r = `#${seen.size}`;
      seen.set(t, r);
    }
    return r;
  });
}

/** Replaces the global tokens of `text` by local names `%i`; `globals[i]` is the token replaced. */
export function localizeTokens(text: string): { readonly text: string; readonly globals: readonly string[] } {
  const seen = new Map<string, string>();
  const globals: string[] = [];
  const out = text.replace(TOKEN, (t) => {
    let r = seen.get(t);
    if (r === undefined) {
      r = `%${globals.length}`;
      seen.set(t, r);
      globals.push(t);
    }
    return r;
  });
  return { text: out, globals };
}

export class TokenScopeError extends Error {
  override readonly name = 'TokenScopeError';
}

/** The inverse of localizeTokens. */
export function globalizeTokens(text: string, globals: readonly string[]): string {
  return text.replace(LOCAL, (_t, i: string) => {
    const g = globals[Number(i)];
    // A machine result can only mention tokens its snapshot or event mentioned.
    if (g === undefined) throw new TokenScopeError(`local token %${i} has no global name`);
    return g;
  });
}
