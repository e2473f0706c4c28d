//= SPEC_MAPPING.md#A-NONCE
//# Nonces are 32 bytes, drawn fresh per request from the run's seeded random source; every response
//# echoes nonceN and a wrong echo is discarded.
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

/** A text with its fresh tokens replaced by local names `%i`; `tokens[i]` is the token named `%i`. */
export interface Localized {
  readonly text: string;
  readonly tokens: readonly string[];
}

/**
 * Replaces the fresh tokens `#n` of `text` by local names `%i`, numbered by first appearance.
 * Tokens of `known` keep their index there (they were named first, by an earlier text); the
 * returned `tokens` are `known` followed by the new ones.
 */
export function localizeTokens(text: string, known: readonly string[] = []): Localized {
  if (!text.includes('#')) return { text, tokens: known };
  const index = new Map<string, number>();
  known.forEach((t, i) => index.set(t, i));
  const tokens = known.slice();
  const out = text.replace(TOKEN, (t) => {
    let i = index.get(t);
    if (i === undefined) {
      i = tokens.length;
      index.set(t, i);
      tokens.push(t);
    }
    return `%${i}`;
  });
  return { text: out, tokens };
}

/**
 * Renumbers the local names of a localized text by their own first appearance: returns the
 * text as localizeTokens would give it for this text alone, and `perm[i]` = the old index of
 * the name that is now `%i`.
 */
export function relocalize(text: string): { readonly text: string; readonly perm: readonly number[] } {
  const index = new Map<string, number>();
  const perm: number[] = [];
  const out = text.replace(LOCAL, (_t, old: string) => {
    let i = index.get(old);
    if (i === undefined) {
      i = perm.length;
      index.set(old, i);
      perm.push(Number(old));
    }
    return `%${i}`;
  });
  return { text: out, perm };
}

export class TokenScopeError extends Error {
  override readonly name = 'TokenScopeError';
}

/** The inverse of localizeTokens. */
export function globalizeTokens(text: string, tokens: readonly string[]): string {
  if (!text.includes('%')) return text;
  return text.replace(LOCAL, (_t, i: string) => {
    const g = tokens[Number(i)];
    // A machine result can only mention tokens its snapshot or event mentioned.
    if (g === undefined) throw new TokenScopeError(`local token %${i} has no global name`);
    return g;
  });
}
