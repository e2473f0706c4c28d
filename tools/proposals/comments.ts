// The comment resolutions in the working group's form, one row per clause defect: CID, clause,
// subclause, page and line in the seed text, the comment, the proposed change, the rationale
// (with the counterexample and the matrix cell that verifies the remedy) and the status.
import type { Change, Finding } from '../spec-trace/findings.ts';
import type { PlacedChange } from './apply.ts';
import { sentences } from './check.ts';
import { lineOf, subclauseAt, type Seed } from './seed.ts';

/** The what-if matrix's row that runs the model with the remedies applied. */
export const VERIFYING_ROW = 'PROPOSED';

/** Where a row of the what-if matrix is (docs/whatif/render.ts writes the anchor), from docs/wg/ or the root. */
export const matrixRowLink = (row: string, from: 'root' | 'wg' = 'root'): string => `${from === 'wg' ? '../whatif' : 'docs/whatif'}/matrix.md#row-${row}`;

export interface CommentRow {
  readonly cid: number;
  readonly finding: string;
  readonly clause: string;
  readonly subclause: string;
  /** The seed text has no pages; kept for the form's column. */
  readonly page: string;
  readonly line: number | null;
  readonly comment: string;
  readonly proposedChange: string;
  readonly rationale: string;
  readonly counterexamples: readonly string[];
  /** The matrix rows that run the model with the remedy (empty: nothing to verify). */
  readonly verifiedBy: readonly string[];
  readonly status: 'accept' | 'revise';
}

function describeChange(c: Change): string {
  if (c.op === 'throughout') return `Throughout: "${c.from}" → "${c.to}".`;
  const where = 'literal' in c.target ? `"${c.target.literal}"` : c.target.ids.join(', ');
  switch (c.op) {
    case 'replace':
      return `Replace ${where} with: "${c.text}"`;
    case 'delete':
      return `Delete ${where}.`;
    case 'insert-after':
      return `Insert after ${where}: "${c.text}"`;
    case 'insert-paragraph-after':
      return `Insert a new paragraph after ${where}: "${c.text}"`;
  }
}

/** Where in the seed a finding's comment points: its first change, else the first sentence its heading names. */
function locate(f: Finding, placed: readonly PlacedChange[], seed: Seed): { readonly subclause: string; readonly line: number | null } {
  const first = placed.find((p) => p.finding === f.id);
  if (first !== undefined) {
    const c = first.change;
    const id = c.op !== 'throughout' && 'ids' in c.target ? c.target.ids[0] : undefined;
    const clause = id === undefined ? undefined : seed.sentences.get(id)?.clause;
    return { subclause: clause ?? subclauseAt(seed.text, first.span.from), line: lineOf(seed.text, first.span.from) };
  }
  const rename = f.changes.find((c) => c.op === 'throughout');
  if (rename !== undefined && rename.op === 'throughout') {
    const at = seed.text.indexOf(rename.from);
    return { subclause: `${subclauseAt(seed.text, at)} and throughout`, line: at < 0 ? null : lineOf(seed.text, at) };
  }
  const id = f.headingIds[0];
  const s = id === undefined ? undefined : seed.sentences.get(id);
  const at = s === undefined ? -1 : seed.text.replace(/\u2019/g, "'").indexOf(s.text.slice(0, 40));
  return { subclause: s?.clause ?? '5.14', line: at < 0 ? null : lineOf(seed.text, at) };
}

/** The rows that verify a finding's remedy: those it names, else the PROPOSED row. */
const verifiers = (f: Finding): readonly string[] => f.verifiedBy ?? [VERIFYING_ROW];

export function commentRows(findings: readonly Finding[], placed: readonly PlacedChange[], seed: Seed): CommentRow[] {
  return findings
    .filter((f) => f.kind === 'clause defect')
    .map((f) => {
      const { subclause, line } = locate(f, placed, seed);
      const note = f.resolutionNote === null ? null : `${f.resolutionNote[0]?.toUpperCase() ?? ''}${f.resolutionNote.slice(1)}.`;
      const proposedChange = f.changes.length > 0 ? f.changes.map(describeChange).join(' ') : (note ?? 'No change of its own.');
      const evidence = f.prose.flatMap(sentences).filter((s) => /^(?:Measured|Breaks)\b/.test(s));
      const rationale = [
        f.changes.length > 0 && note !== null ? note : '',
        ...evidence,
        f.counterexamples.length > 0 ? `The counterexample shows the reading that breaks the clause; ${verifiers(f).map((r) => `the ${r} row`).join(' and ')} of the what-if matrix ${verifiers(f).length > 1 ? 'run' : 'runs'} the model with the remedy.` : evidence.length > 0 ? '' : 'No counterexample: the change is editorial, or states what the profile already does.',
      ]
        .filter((s) => s !== '')
        .join(' ');
      return {
        cid: f.number,
        finding: f.id,
        clause: '5.14',
        subclause,
        page: '—',
        line,
        comment: `${f.title}. ${f.prose.join(' ')}`,
        proposedChange,
        rationale,
        counterexamples: f.counterexamples,
        verifiedBy: f.counterexamples.length > 0 ? verifiers(f) : [],
        status: f.resolution ?? 'revise',
      };
    });
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function commentsCsv(rows: readonly CommentRow[]): string {
  const head = ['CID', 'Clause', 'Subclause', 'Page', 'Line', 'Comment', 'Proposed change', 'Rationale', 'Counterexample', 'Verifying cell', 'Status', 'Finding'];
  const body = rows.map((r) =>
    [String(r.cid), r.clause, r.subclause, r.page, r.line === null ? '' : String(r.line), r.comment, r.proposedChange, r.rationale, r.counterexamples.map((c) => `docs/whatif/cex/${c}.md`).join(' '), r.verifiedBy.map((v) => matrixRowLink(v)).join(' '), r.status, `SPEC_MAPPING.md#${r.finding}`].map(csvCell).join(','),
  );
  return [head.join(','), ...body].join('\r\n') + '\r\n';
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n+/g, ' ');

/** The table as Markdown, with links relative to docs/wg/. */
export function commentsMarkdown(rows: readonly CommentRow[]): string {
  const out = [
    '# Comment resolutions for Clause 5.14',
    '',
    'Generated by `npm run proauth -- spec --comments` from the findings of [SPEC_MAPPING.md](../../SPEC_MAPPING.md) (clause defects only; profile artefacts are fixed in the profile, not the clause). Do not edit: regenerate. The CSV form is [comments.csv](comments.csv); every change applied to the seed text is the [redline](redline.md).',
    '',
    'Page and line locate the comment in the seed text `spec/clause-5.14-proposed-text.txt`, which has no pagination: the line is the line of that file where the changed sentence starts. The verifying cell is the PROPOSED row of the what-if matrix, which runs the model with the remedies applied, or the row a finding names for a remedy PROPOSED does not take.',
    '',
    '| CID | Clause | Subclause | Page | Line | Comment | Proposed change | Rationale | Status |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const links = [...r.counterexamples.map((c) => `[${c}](../whatif/cex/${c}.md)`), ...(r.verifiedBy.length === 0 ? [] : [`verified by ${r.verifiedBy.map((v) => `[the ${v} row](${matrixRowLink(v, 'wg')})`).join(' and ')}`])];
    const rationale = `${mdCell(r.rationale)}${links.length > 0 ? ` Counterexample: ${links.join(', ')}.` : ''}`;
    out.push(`| [${r.cid}](../../SPEC_MAPPING.md#${r.finding}) | ${r.clause} | ${mdCell(r.subclause)} | ${r.page} | ${r.line ?? '—'} | ${mdCell(r.comment)} | ${mdCell(r.proposedChange)} | ${rationale} | ${r.status} |`);
  }
  out.push('');
  return out.join('\n');
}
