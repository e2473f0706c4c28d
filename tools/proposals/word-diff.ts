// A word-level diff by longest common subsequence: small and exact, enough for a clause of a
// few thousand words (O(n·m) time, two bytes per cell).
export type DiffOp = { readonly kind: 'same' | 'del' | 'ins'; readonly text: string };

/**
 * Words, punctuation and the white space between them; a run of white space with a line break
 * is one "\n". Punctuation stands alone so that "PoS." → "PoS with …" keeps "PoS".
 */
export function tokenize(text: string): string[] {
  return (text.match(/\s+|[^\s.,;:()"“”]+|[.,;:()"“”]/g) ?? []).map((t) => (/^\s+$/.test(t) ? (t.includes('\n') ? '\n' : ' ') : t));
}

/** The edit script that turns `a` into `b`, runs of one kind merged. */
export function wordDiff(a: string, b: string): DiffOp[] {
  const x = tokenize(a);
  const y = tokenize(b);
  const n = x.length;
  const m = y.length;
  if (n >= 65535 || m >= 65535) throw new Error(`word diff: texts of ${n} and ${m} tokens are too long`);
  // lcs[i][j] = length of the LCS of x[i..] and y[j..]
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = x[i] === y[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const raw: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      raw.push({ kind: 'same', text: x[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) raw.push({ kind: 'del', text: x[i++] ?? '' });
    else raw.push({ kind: 'ins', text: y[j++] ?? '' });
  }
  while (i < n) raw.push({ kind: 'del', text: x[i++] ?? '' });
  while (j < m) raw.push({ kind: 'ins', text: y[j++] ?? '' });
  return coalesce(raw);
}

/**
 * One deletion and one insertion per changed region, so that a rewritten sentence reads as
 * "old words, new words" rather than word by word: a single space kept between two changes
 * belongs to both sides of the region.
 */
function coalesce(raw: readonly DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    if (del !== '') out.push({ kind: 'del', text: del });
    if (ins !== '') out.push({ kind: 'ins', text: ins });
    del = '';
    ins = '';
  };
  raw.forEach((op, k) => {
    const bridging = op.kind === 'same' && op.text === ' ' && raw[k - 1]?.kind !== 'same' && raw[k + 1] !== undefined && raw[k + 1]?.kind !== 'same';
    if (op.kind === 'del' || bridging) del += op.text;
    if (op.kind === 'ins' || bridging) ins += op.text;
    if (op.kind === 'same' && !bridging) {
      flush();
      const last = out[out.length - 1];
      if (last?.kind === 'same') out[out.length - 1] = { kind: 'same', text: last.text + op.text };
      else out.push(op);
    }
  });
  flush();
  return out;
}
