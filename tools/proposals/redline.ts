// The redline: the seed text against the text with every proposal applied, word by word, as
// Markdown with <del>/<ins> and as a self-contained HTML page. The Word bookmarks of the
// contribution are left out of both sides; they are not text.
import { BOOKMARK } from './seed.ts';
import { wordDiff, type DiffOp } from './word-diff.ts';

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Lines of marked-up HTML: a deleted line break is dropped, an inserted one starts a new line. */
function markedLines(ops: readonly DiffOp[]): string[] {
  const lines: string[] = [''];
  const add = (s: string): void => {
    lines[lines.length - 1] += s;
  };
  for (const op of ops) {
    if (op.kind === 'del') {
      add(`<del>${escapeHtml(op.text.replace(/\n/g, ' '))}</del>`);
      continue;
    }
    op.text.split('\n').forEach((part, k) => {
      if (k > 0) lines.push('');
      if (part !== '') add(op.kind === 'ins' ? `<ins>${escapeHtml(part)}</ins>` : escapeHtml(part));
    });
  }
  return lines.map((l) => l.replace(/^\s+|\s+$/g, '')).filter((l) => l !== '' && l !== '<ins> </ins>');
}

const paragraphsOf = (text: string): string[] => text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');

/**
 * Paragraphs first, then words: unchanged paragraphs are matched whole (LCS on lines), and a run
 * of changed paragraphs is diffed word by word against its counterpart, paragraph by paragraph
 * when the run keeps its number of paragraphs, so that no word is matched across a paragraph.
 */
export function paragraphDiff(a: string, b: string): DiffOp[] {
  const x = paragraphsOf(a);
  const y = paragraphsOf(b);
  const out: DiffOp[] = [];
  const emit = (ops: readonly DiffOp[]): void => {
    for (const op of ops) out.push(op);
    out.push({ kind: 'same', text: '\n' });
  };
  // LCS over whole paragraphs.
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  let i = 0;
  let j = 0;
  const flush = (olds: string[], news: string[]): void => {
    if (olds.length === 0 && news.length === 0) return;
    for (const [o, nw] of alignRun(olds, news)) emit(o === null ? [{ kind: 'ins', text: nw ?? '' }] : nw === null ? [{ kind: 'del', text: o }] : wordDiff(o, nw));
  };
  let olds: string[] = [];
  let news: string[] = [];
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      flush(olds, news);
      olds = [];
      news = [];
      emit([{ kind: 'same', text: x[i] ?? '' }]);
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) olds.push(x[i++] ?? '');
    else news.push(y[j++] ?? '');
  }
  flush(olds, news);
  return out;
}

const wordCount = (s: string): number => (s.match(/[^\s]+/g) ?? []).length;

/** How much of two paragraphs is the same, 0..1: words kept over the longer one's words. */
function similarity(a: string, b: string): number {
  const kept = wordDiff(a, b)
    .filter((op) => op.kind === 'same')
    .reduce((n, op) => n + wordCount(op.text), 0);
  return kept / Math.max(1, wordCount(a), wordCount(b));
}

/** A paragraph counts as rewritten from another when this much of it stayed. */
const REWRITTEN = 0.1;

/**
 * Pairs the old and new paragraphs of a changed run: in place when the run keeps its number of
 * paragraphs, else in order, maximizing the words they keep:
 * a rewritten paragraph is diffed against its old self, a new one is an insertion, a dropped
 * one a deletion.
 */
function alignRun(olds: readonly string[], news: readonly string[]): [string | null, string | null][] {
  if (olds.length === news.length) return olds.map((o, k) => [o, news[k] ?? '']);
  const n = olds.length;
  const m = news.length;
  const sim = olds.map((o) => news.map((nw) => similarity(o, nw)));
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = sim[i]![j]!;
      best[i]![j] = Math.max(best[i + 1]![j]!, best[i]![j + 1]!, s >= REWRITTEN ? best[i + 1]![j + 1]! + s : -1);
    }
  }
  const out: [string | null, string | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = sim[i]![j]!;
    if (s >= REWRITTEN && best[i]![j] === best[i + 1]![j + 1]! + s) out.push([olds[i++] ?? '', news[j++] ?? '']);
    else if (best[i]![j] === best[i + 1]![j]) out.push([olds[i++] ?? '', null]);
    else out.push([null, news[j++] ?? '']);
  }
  while (i < n) out.push([olds[i++] ?? '', null]);
  while (j < m) out.push([null, news[j++] ?? '']);
  return out;
}

export interface Redline {
  readonly markdown: string;
  readonly html: string;
  readonly deleted: number;
  readonly inserted: number;
}

const words = (ops: readonly DiffOp[], kind: DiffOp['kind']): number => ops.filter((o) => o.kind === kind).reduce((n, o) => n + (o.text.match(/[^\s]+/g) ?? []).length, 0);

export function redline(seed: string, proposed: string): Redline {
  const ops = paragraphDiff(seed.replace(BOOKMARK, ''), proposed.replace(BOOKMARK, ''));
  const lines = markedLines(ops);
  const deleted = words(ops, 'del');
  const inserted = words(ops, 'ins');
  const summary = `${deleted} words deleted, ${inserted} inserted.`;
  // Markdown would read a leading "1." as a list and "#" as a heading: escape them, the text is the clause's.
  const mdLine = (l: string): string => l.replace(/^(\d+)\.(?=\s)/, '$1\\.').replace(/^#/, '\\#').replace(/([*_`[\]])/g, '\\$1');
  const markdown = [
    '# Redline of Clause 5.14: every proposal applied',
    '',
    'Generated by `npm run proauth -- spec --redline` from the seed text `spec/clause-5.14-proposed-text.txt` and the changes of the findings in [SPEC_MAPPING.md](../../SPEC_MAPPING.md). Do not edit: regenerate. <del>Struck</del> text is deleted, <ins>underlined</ins> text inserted; the comment resolutions are in [comments.md](comments.md). ' + summary,
    '',
    ...lines.flatMap((l) => [mdLine(l), '']),
  ].join('\n');
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Redline of Clause 5.14</title>',
    '<style>',
    'body { font-family: Georgia, serif; max-width: 48em; margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #111; }',
    'del { color: #a00; text-decoration: line-through; background: #fee; }',
    'ins { color: #060; text-decoration: underline; background: #efe; }',
    'p.meta { font-family: sans-serif; font-size: 0.9em; color: #444; }',
    '</style>',
    '</head>',
    '<body>',
    '<h1>Redline of Clause 5.14: every proposal applied</h1>',
    `<p class="meta">Generated by <code>npm run proauth -- spec --redline</code> from <code>spec/clause-5.14-proposed-text.txt</code> and the findings of SPEC_MAPPING.md. <del>Struck</del> text is deleted, <ins>underlined</ins> text inserted. ${summary}</p>`,
    ...lines.map((l) => `<p>${l}</p>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { markdown, html, deleted, inserted };
}
