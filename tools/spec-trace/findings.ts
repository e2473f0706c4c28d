// The findings of SPEC_MAPPING.md read as structured data: each `### F-n title` section with the
// sentence IDs its heading names, its kind and resolution, the changes it proposes to the seed
// text, its prose and the counterexamples it links. The tracer reads the counterexamples (for
// the violated-under-attack status); tools/proposals/ reads the rest.
import type { Blockquote, Heading, Nodes, Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { gfmTable } from 'micromark-extension-gfm-table';
import { normalizeSpace } from './annotations.ts';
import { mentionsInLine } from './mentions.ts';

export type FindingKind = 'clause defect' | 'profile artefact';
export type Resolution = 'accept' | 'revise';

/** Where a change applies: sentences by ID, or a fragment of the seed text that occurs once. */
export type ChangeTarget = { readonly ids: readonly string[] } | { readonly literal: string };

export type Change =
  | { readonly op: 'replace'; readonly target: ChangeTarget; readonly text: string }
  | { readonly op: 'delete'; readonly target: ChangeTarget }
  | { readonly op: 'insert-after' | 'insert-paragraph-after'; readonly target: ChangeTarget; readonly text: string }
  | { readonly op: 'throughout'; readonly from: string; readonly to: string };

export interface Finding {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  /** Requirement IDs the heading names (ranges expanded). */
  readonly headingIds: readonly string[];
  readonly kind: FindingKind | null;
  readonly resolution: Resolution | null;
  /** What the Resolution line says in parentheses, if anything. */
  readonly resolutionNote: string | null;
  readonly changes: readonly Change[];
  /** The prose paragraphs (not Kind, Change, Counterexample or the proposed text). */
  readonly prose: readonly string[];
  /** Counterexample ids (`docs/whatif/cex/<id>.md|json`) linked anywhere in the section. */
  readonly counterexamples: readonly string[];
  /**
   * The what-if matrix rows (docs/whatif/matrix.md) that run the model with the finding's remedy,
   * from a `Verified by: ROW, ROW.` line; null when the section has none (the PROPOSED row).
   */
  readonly verifiedBy: readonly string[] | null;
  /** 1-based line of the heading. */
  readonly line: number;
  /** What is malformed about the section. */
  readonly errors: readonly string[];
}

const HEADING = /^(F-(\d+)) (.+)$/;
const KIND = /^Kind: (clause defect|profile artefact)\.(?: Resolution: (accept|revise)(?: \((.+)\))?\.)?$/;
const CHANGE = /^Change: (replace|delete|insert paragraph after|insert after|throughout) (.+?)\.?$/;
const VERIFIED = /^Verified by: ([A-Z][A-Z0-9-]*(?:, [A-Z][A-Z0-9-]*)*)\.$/;
const CEX = /docs\/whatif\/cex\/([A-Za-z0-9.-]+?)\.(?:md|json)\b/g;
const REQ_ID = /^5\.14(?:\.\d)?-(?:S\d+|N\d[a-c]?|T1)$/;

const parse = (markdown: string): Root => fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });
const plain = (n: Nodes): string => normalizeSpace(toString(n, { includeHtml: false }));

function target(spec: string): ChangeTarget | string {
  const literal = /^"(.+)"$/.exec(spec);
  if (literal) return { literal: literal[1] ?? '' };
  const ids = spec.split(/\s*,\s*/);
  const bad = ids.filter((id) => !REQ_ID.test(id));
  return bad.length === 0 ? { ids } : `"${bad.join(', ')}" is neither a sentence ID nor a "quoted" fragment`;
}

/** One `Change:` line and the block quote after it (null when the op takes none). */
function change(line: string, quote: string | null): Change | string {
  const m = CHANGE.exec(line);
  if (!m) return `"${line}" is not "Change: replace|delete|insert after|insert paragraph after|throughout …"`;
  const op = m[1] ?? '';
  const rest = m[2] ?? '';
  if (op === 'throughout') {
    const t = /^"(.+)" → "(.+)"$/.exec(rest);
    return t ? { op: 'throughout', from: t[1] ?? '', to: t[2] ?? '' } : `throughout needs "old" → "new", got ${rest}`;
  }
  const where = target(rest);
  if (typeof where === 'string') return where;
  if (op === 'delete') return quote === null ? { op: 'delete', target: where } : 'a delete takes no proposed text';
  if (quote === null) return `${op} needs the proposed text as a block quote after the Change line`;
  if (op === 'replace') return { op: 'replace', target: where, text: quote };
  return { op: op === 'insert after' ? 'insert-after' : 'insert-paragraph-after', target: where, text: quote };
}

/** Every `### F-n` section of SPEC_MAPPING.md, in document order. */
export function parseFindings(markdown: string): Finding[] {
  const tree = parse(markdown);
  const out: Finding[] = [];
  const nodes = tree.children;
  for (let i = 0; i < nodes.length; i++) {
    const h = nodes[i];
    if (h?.type !== 'heading' || (h as Heading).depth !== 3) continue;
    const m = HEADING.exec(plain(h));
    if (!m) continue;
    let end = i + 1;
    while (end < nodes.length && !(nodes[end]?.type === 'heading' && (nodes[end] as Heading).depth <= 3)) end++;
    const body = nodes.slice(i + 1, end);
    const from = h.position?.start.offset ?? 0;
    const to = nodes[end]?.position?.start.offset ?? markdown.length;
    const errors: string[] = [];
    let kind: FindingKind | null = null;
    let resolution: Resolution | null = null;
    let resolutionNote: string | null = null;
    const changes: Change[] = [];
    const prose: string[] = [];
    let verifiedBy: string[] | null = null;
    for (let j = 0; j < body.length; j++) {
      const n = body[j];
      if (n === undefined || n.type === 'html') continue;
      if (n.type === 'paragraph') {
        const text = plain(n as Paragraph);
        if (text.startsWith('Kind:')) {
          const k = KIND.exec(text);
          if (!k) errors.push(`"${text}" is not "Kind: clause defect|profile artefact. Resolution: accept|revise (…)."`);
          else {
            kind = (k[1] ?? null) as FindingKind | null;
            resolution = (k[2] ?? null) as Resolution | null;
            resolutionNote = k[3] ?? null;
          }
        } else if (text.startsWith('Change:')) {
          const next = body[j + 1];
          const quote = next?.type === 'blockquote' ? (next as Blockquote).children.map((c) => plain(c)).join('\n\n') : null;
          if (quote !== null) j++;
          const c = change(text, quote);
          if (typeof c === 'string') errors.push(c);
          else changes.push(c);
        } else if (text.startsWith('Verified by:')) {
          const v = VERIFIED.exec(text);
          if (!v) errors.push(`"${text}" is not "Verified by: ROW, ROW." (row ids of the what-if matrix)`);
          else verifiedBy = (v[1] ?? '').split(', ');
        } else if (!text.startsWith('Counterexample:')) prose.push(text);
      } else if (n.type === 'blockquote') errors.push('a block quote without a Change line before it');
      else prose.push(plain(n));
    }
    if (kind === null && errors.length === 0) errors.push('no "Kind: …" line');
    if (kind === 'clause defect' && resolution === null) errors.push('a clause defect needs "Resolution: accept|revise"');
    const counterexamples = [...new Set([...markdown.slice(from, to).matchAll(CEX)].map((c) => c[1] ?? ''))];
    const headingIds = mentionsInLine(m[3] ?? '', 0)
      .map((x) => x.id)
      .filter((id) => REQ_ID.test(id));
    out.push({ id: m[1] ?? '', number: Number(m[2]), title: m[3] ?? '', headingIds, kind, resolution, resolutionNote, changes, prose, counterexamples, verifiedBy, line: h.position?.start.line ?? 0, errors });
  }
  return out;
}
