// The seed text (spec/clause-5.14-proposed-text.txt) and where each sentence of
// spec/requirements.json lies in it. The sentences are quoted with straight apostrophes and
// without the Word bookmarks of the contribution, so they are found in a normalized copy that
// remembers, for every character, where it came from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUSE_FILE, REQUIREMENTS_FILE } from '../spec-trace/types.ts';

export interface SeedSentence {
  readonly id: string;
  /** "5.14.2 Note 1", as spec/requirements.json gives it. */
  readonly clause: string;
  readonly text: string;
}

export interface Seed {
  readonly text: string;
  readonly sentences: ReadonlyMap<string, SeedSentence>;
}

export interface Span {
  readonly from: number;
  readonly to: number;
}

export const BOOKMARK = /\[bookmark:[^\]]*\]/g;

export function loadSeed(root: string): Seed {
  const text = readFileSync(join(root, CLAUSE_FILE), 'utf8');
  const list = JSON.parse(readFileSync(join(root, REQUIREMENTS_FILE), 'utf8')) as SeedSentence[];
  return { text, sentences: new Map(list.map((s) => [s.id, s])) };
}

/** `raw` without bookmarks, quotes straightened and white space collapsed, with the raw offset of each character. */
function normalized(raw: string): { readonly text: string; readonly at: readonly number[] } {
  const skip = new Set<number>();
  for (const m of raw.matchAll(BOOKMARK)) for (let i = m.index; i < m.index + m[0].length; i++) skip.add(i);
  let text = '';
  const at: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (skip.has(i)) continue;
    let c = raw[i] ?? '';
    if (c === '\u2018' || c === '\u2019') c = "'";
    if (/\s/.test(c)) {
      if (text.endsWith(' ') || text === '') continue;
      c = ' ';
    }
    text += c;
    at.push(i);
  }
  return { text, at };
}

const squash = (s: string): string => normalized(s).text.trim();

/** The raw span of a sentence, or why it cannot be found once. */
export function locateSentence(seed: Seed, id: string): Span | string {
  const s = seed.sentences.get(id);
  if (s === undefined) return `${id} is no sentence of ${REQUIREMENTS_FILE}`;
  if (id === '5.14-T1') return `${id} is a table row, not a sentence of the text: target its words as a "quoted" fragment`;
  const n = normalized(seed.text);
  const needle = squash(s.text);
  const start = n.text.indexOf(needle);
  if (start < 0) return `${id} does not occur in ${CLAUSE_FILE}`;
  if (n.text.indexOf(needle, start + 1) >= 0) return `${id} occurs more than once in ${CLAUSE_FILE}`;
  return { from: n.at[start] ?? 0, to: (n.at[start + needle.length - 1] ?? 0) + 1 };
}

/** The raw span of a fragment that must occur exactly once. */
export function locateLiteral(seed: Seed, literal: string): Span | string {
  const start = seed.text.indexOf(literal);
  if (start < 0) return `"${literal}" does not occur in ${CLAUSE_FILE}`;
  if (seed.text.indexOf(literal, start + 1) >= 0) return `"${literal}" occurs more than once in ${CLAUSE_FILE}`;
  return { from: start, to: start + literal.length };
}

/** 1-based line of a raw offset. */
export const lineOf = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;

const HEADINGS: readonly [RegExp, string][] = [
  [/^Add following Table/, '5.14 Table'],
  [/5\.14\.3 TPoS selection/, '5.14.3'],
  [/5\.14\.2 Optimized/, '5.14.2'],
  [/5\.14\.1 Establishing/, '5.14.1'],
  [/^5\.14 {2,}PoS facilitated/, '5.14'],
];

/** The subclause a raw offset lies in, by the last heading above it. */
export function subclauseAt(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n').reverse();
  for (const l of lines) {
    const bare = l.replace(BOOKMARK, '').trim();
    for (const [re, name] of HEADINGS) if (re.test(bare)) return name;
  }
  return '5.14';
}
