// SPEC_MAPPING.md read as Markdown (micromark with GFM tables): the ID tables, the findings,
// the trace block and the repo paths it names.
import type { Heading, InlineCode, Nodes, Root, Table, TableCell } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { toString } from 'mdast-util-to-string';
import { gfmTable } from 'micromark-extension-gfm-table';
import { TRACE_BEGIN, TRACE_END, VIOLATED_STATUS, type IdKind, type Mapping, type MappingEntry, type Status } from './types.ts';

const REQ_ID_EXACT = /^5\.14(?:\.\d)?-(?:S\d+|N\d[a-c]?|T1)$/;
const AV_ID_EXACT = /^[AV]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;
// A repo path: at least one folder, a file name with an extension, an optional #symbol.
const PATH_CODE = /^([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/[A-Za-z0-9_.-]+\.[A-Za-z0-9]+)(?:#([A-Za-z0-9_$.]+))?$/;
const FINDING = /^(F-\d+) (.+)$/;
/** The column whose text an annotation of the row's ID quotes, by kind. */
const STATEMENT_COLUMN: Readonly<Record<IdKind, string>> = { requirement: 'text', assumption: 'assumption', variant: 'meaning' };

export function parseStatus(cell: string): Status | null {
  const text = cell.replace(/[`*]/g, '').trim();
  if (text === 'checked') return { kind: 'checked' };
  if (text === 'informative') return { kind: 'informative' };
  const violated = new RegExp(String.raw`^${VIOLATED_STATUS}:\s*(F-\d+)$`).exec(text);
  if (violated?.[1]) return { kind: 'violated-under-attack', finding: violated[1] };
  const open = /^open:\s*(\S.*)$/.exec(text);
  if (open?.[1]) return { kind: 'open', reason: open[1].trim() };
  return null;
}

export function formatStatus(status: Status | null): string {
  if (status === null) return '';
  if (status.kind === 'open') return `open: ${status.reason}`;
  return status.kind === 'violated-under-attack' ? `${VIOLATED_STATUS}: ${status.finding}` : status.kind;
}

const parse = (markdown: string): Root => fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] });

function visit(node: Nodes, f: (n: Nodes) => void): void {
  f(node);
  if ('children' in node) for (const child of node.children) visit(child, f);
}

/** Where a cell's text lies in the source: between its opening pipe and the next one. */
function cellSpan(markdown: string, cell: TableCell, last: boolean): { readonly from: number; readonly to: number } {
  const start = cell.position?.start.offset ?? 0;
  const end = cell.position?.end.offset ?? start;
  const from = markdown[start] === '|' ? start + 1 : start;
  const to = last && markdown[end - 1] === '|' ? end - 1 : end;
  return { from, to };
}

const rawCell = (markdown: string, cell: TableCell, last: boolean): string => {
  const { from, to } = cellSpan(markdown, cell, last);
  return markdown.slice(from, to).trim().replace(/\\\|/g, '|');
};

const plainId = (cell: string): string => cell.replace(/[`*]/g, '').trim();

interface Row {
  readonly id: string;
  readonly line: number;
  readonly header: readonly string[];
  readonly cells: readonly TableCell[];
}

/** The rows of every table whose first column is "ID", outside the trace block. */
function idRows(markdown: string, tree: Root, inTrace: (offset: number) => boolean): Row[] {
  const rows: Row[] = [];
  visit(tree, (n) => {
    if (n.type !== 'table' || inTrace(n.position?.start.offset ?? 0)) return;
    const [head, ...body] = (n as Table).children;
    if (!head) return;
    const header = head.children.map((c, i) => rawCell(markdown, c, i === head.children.length - 1).toLowerCase());
    if (header[0] !== 'id') return;
    for (const row of body) {
      const first = row.children[0];
      rows.push({ id: first ? plainId(rawCell(markdown, first, row.children.length === 1)) : '', line: row.position?.start.line ?? 0, header, cells: row.children });
    }
  });
  return rows;
}

function traceRange(tree: Root): { readonly begin: number; readonly end: number; readonly beginLine: number; readonly endLine: number } | null {
  let begin: Nodes | null = null;
  let end: Nodes | null = null;
  visit(tree, (n) => {
    if (n.type !== 'html') return;
    if (n.value.trim() === TRACE_BEGIN && begin === null) begin = n;
    else if (n.value.trim() === TRACE_END && begin !== null && end === null) end = n;
  });
  const b = begin as Nodes | null;
  const e = end as Nodes | null;
  if (b === null || e === null) return null;
  return { begin: b.position?.start.offset ?? 0, end: e.position?.end.offset ?? 0, beginLine: b.position?.start.line ?? 0, endLine: e.position?.start.line ?? 0 };
}

/** Reads the hand-written tables (every table whose first column is "ID"), the findings and the trace block. */
export function parseMapping(markdown: string): Mapping {
  const tree = parse(markdown);
  const range = traceRange(tree);
  const inTrace = (offset: number): boolean => range !== null && offset >= range.begin && offset <= range.end;
  const entries = new Map<string, MappingEntry>();
  const errors: string[] = [];

  for (const { id, line, header, cells } of idRows(markdown, tree, inTrace)) {
    const kind: IdKind | null = REQ_ID_EXACT.test(id)
      ? 'requirement'
      : id.startsWith('A-') && AV_ID_EXACT.test(id)
        ? 'assumption'
        : id.startsWith('V-') && AV_ID_EXACT.test(id)
          ? 'variant'
          : null;
    if (kind === null) {
      errors.push(`line ${line}: "${id}" is not a requirement, assumption or variant ID`);
      continue;
    }
    const row: Record<string, string> = {};
    let statement = '';
    header.forEach((name, i) => {
      const cell = cells[i];
      row[name] = cell ? rawCell(markdown, cell, i === cells.length - 1) : '';
      if (name === STATEMENT_COLUMN[kind] && cell) statement = toString(cell);
    });
    let normative: boolean | null = null;
    let status: Status | null = null;
    if (kind === 'requirement') {
      const n = (row['normative'] ?? '').replace(/[`*]/g, '').trim().toLowerCase();
      if (n === 'yes' || n === 'no') normative = n === 'yes';
      else errors.push(`line ${line}: ${id}: normative must be "yes" or "no", got "${n}"`);
      status = parseStatus(row['status'] ?? '');
      if (status === null) errors.push(`line ${line}: ${id}: status must be "checked", "${VIOLATED_STATUS}: F-n", "informative" or "open: <reason>", got "${row['status'] ?? ''}"`);
    }
    if (entries.has(id)) {
      errors.push(`line ${line}: ${id} is defined twice`);
      continue;
    }
    entries.set(id, { id, kind, normative, status, cells: row, statement, line });
  }

  const findings = new Map<string, string>();
  const paths: { path: string; symbol: string | null; line: number }[] = [];
  visit(tree, (n) => {
    if (inTrace(n.position?.start.offset ?? 0)) return;
    if (n.type === 'heading' && (n as Heading).depth === 3) {
      const m = FINDING.exec(toString(n, { includeHtml: false }).trim());
      if (m) findings.set(m[1] ?? '', m[2] ?? '');
    }
    if (n.type === 'inlineCode') {
      const m = PATH_CODE.exec((n as InlineCode).value);
      if (m) paths.push({ path: m[1] ?? '', symbol: m[2] ?? null, line: n.position?.start.line ?? 0 });
    }
  });

  const lines = markdown.split(/\r?\n/);
  const traceTable = range !== null ? lines.slice(range.beginLine, range.endLine - 1).join('\n') : null;
  return { entries, findings, traceTable, paths, errors };
}

/** `markdown` with the status of each of `ids` set to `checked`, and the IDs it changed. */
export function withCheckedStatus(markdown: string, ids: ReadonlySet<string>): { readonly markdown: string; readonly changed: readonly string[] } {
  const tree = parse(markdown);
  const range = traceRange(tree);
  const inTrace = (offset: number): boolean => range !== null && offset >= range.begin && offset <= range.end;
  const splices: { from: number; to: number }[] = [];
  const changed: string[] = [];
  for (const { id, header, cells } of idRows(markdown, tree, inTrace)) {
    const at = header.indexOf('status');
    const cell = cells[at];
    if (at < 0 || !cell || !ids.has(id)) continue;
    splices.push(cellSpan(markdown, cell, at === cells.length - 1));
    changed.push(id);
  }
  let out = markdown;
  for (const { from, to } of splices.reverse()) out = `${out.slice(0, from)} checked ${out.slice(to)}`;
  return { markdown: out, changed };
}
