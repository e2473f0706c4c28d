// Applies the changes of the findings to the seed text: each sentence or fragment is changed by
// one change at most, an insertion is anchored on text no other change removes, and a
// `throughout` change renames a term everywhere after the rest.
import type { Change, ChangeTarget, Finding } from '../spec-trace/findings.ts';
import { locateLiteral, locateSentence, type Seed, type Span } from './seed.ts';

export interface PlacedChange {
  readonly finding: string;
  readonly change: Change;
  /** The seed text it replaces ([from, to) for replace and delete, a point for an insertion). */
  readonly span: Span;
}

export interface Applied {
  readonly text: string;
  readonly placed: readonly PlacedChange[];
  /** Targets that do not resolve, and changes that collide. */
  readonly problems: readonly string[];
}

function spanOf(seed: Seed, target: ChangeTarget): Span | string {
  if ('literal' in target) return locateLiteral(seed, target.literal);
  const spans: Span[] = [];
  for (const id of target.ids) {
    const s = locateSentence(seed, id);
    if (typeof s === 'string') return s;
    spans.push(s);
  }
  spans.sort((a, b) => a.from - b.from);
  for (let i = 1; i < spans.length; i++) {
    const gap = seed.text.slice(spans[i - 1]?.to ?? 0, spans[i]?.from ?? 0);
    if (gap.replace(/\[bookmark:[^\]]*\]/g, '').trim() !== '') return `${target.ids.join(', ')} are not adjacent sentences`;
  }
  return { from: spans[0]?.from ?? 0, to: spans[spans.length - 1]?.to ?? 0 };
}

const describe = (c: PlacedChange): string => `${c.finding} (${c.change.op} at ${c.span.from}..${c.span.to})`;

/** Every change of every finding applied to the seed, in one pass. */
export function applyChanges(seed: Seed, findings: readonly Finding[]): Applied {
  const problems: string[] = [];
  const placed: PlacedChange[] = [];
  const renames: { finding: string; from: string; to: string }[] = [];
  for (const f of findings) {
    for (const change of f.changes) {
      if (change.op === 'throughout') {
        if (!seed.text.includes(change.from)) problems.push(`${f.id}: throughout "${change.from}": the seed text has no such term`);
        renames.push({ finding: f.id, from: change.from, to: change.to });
        continue;
      }
      const span = spanOf(seed, change.target);
      if (typeof span === 'string') {
        problems.push(`${f.id}: ${span}`);
        continue;
      }
      const point = change.op === 'insert-after' ? { from: span.to, to: span.to } : change.op === 'insert-paragraph-after' ? lineEnd(seed.text, span.to) : span;
      placed.push({ finding: f.id, change, span: point });
    }
  }
  const removals = placed.filter((p) => p.change.op === 'replace' || p.change.op === 'delete');
  for (let i = 0; i < removals.length; i++) {
    for (let j = i + 1; j < removals.length; j++) {
      const a = removals[i];
      const b = removals[j];
      if (a && b && a.span.from < b.span.to && b.span.from < a.span.to) problems.push(`${describe(a)} and ${describe(b)} change the same text`);
    }
  }
  const inserts = placed.filter((p) => p.change.op === 'insert-after' || p.change.op === 'insert-paragraph-after');
  for (const ins of inserts) {
    for (const r of removals) if (r.span.from <= ins.span.from && ins.span.from <= r.span.to) problems.push(`${describe(ins)} is anchored on text that ${describe(r)} changes`);
    for (const other of inserts) if (other !== ins && other.span.from === ins.span.from && placed.indexOf(other) < placed.indexOf(ins)) problems.push(`${describe(other)} and ${describe(ins)} insert at the same place`);
  }
  let text = seed.text;
  for (const p of [...placed].sort((a, b) => b.span.from - a.span.from || b.span.to - a.span.to)) {
    const c = p.change;
    const replacement = c.op === 'replace' ? c.text : c.op === 'insert-after' ? ` ${c.text}` : c.op === 'insert-paragraph-after' ? `\n${c.text}` : '';
    text = text.slice(0, p.span.from) + replacement + text.slice(p.span.to);
  }
  for (const r of renames) text = text.split(r.from).join(r.to);
  return { text, placed, problems };
}

/** The end of the line holding `offset` (before its newline). */
function lineEnd(text: string, offset: number): Span {
  const nl = text.indexOf('\n', offset);
  const at = nl < 0 ? text.length : nl;
  return { from: at, to: at };
}
