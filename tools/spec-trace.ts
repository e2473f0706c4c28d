// A duvet-like tracer for Clause 5.14: which files cite which requirement, assumption and
// variant ID, and whether SPEC_MAPPING.md still tells the truth about it.
//
//   npx tsx tools/spec-trace.ts           report coverage and problems (exit 1 on a problem)
//   npx tsx tools/spec-trace.ts --write   regenerate the trace table inside SPEC_MAPPING.md
//   npx tsx tools/spec-trace.ts --tighten mark `checked` every open requirement that is now covered,
//                                         then regenerate the trace table
//   npx tsx tools/spec-trace.ts --json    print the traces as JSON (for `proauth spec`)
//
// The IDs themselves are defined only by the hand-written tables of SPEC_MAPPING.md; the
// trace table between the markers is generated from the citations found in the code.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Layer = 'model' | 'impl' | 'properties' | 'harness' | 'tests';
export const LAYERS: readonly Layer[] = ['model', 'impl', 'properties', 'harness', 'tests'];

export type IdKind = 'requirement' | 'assumption' | 'variant';

/** One occurrence of an ID in a scanned file. */
export interface Citation {
  readonly id: string;
  /** Repo-relative path with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly layer: Layer;
}

/** How SPEC_MAPPING.md classifies an ID (status column of the hand-written tables). */
export type Status =
  | { readonly kind: 'checked' }
  | { readonly kind: 'informative' }
  | { readonly kind: 'open'; readonly reason: string };

export interface MappingEntry {
  readonly id: string;
  readonly kind: IdKind;
  /** Requirements only: the `normative` column; null for assumptions and variants. */
  readonly normative: boolean | null;
  /** Requirements only; null for assumptions and variants. */
  readonly status: Status | null;
  /** Every cell of the row, keyed by the lower-cased column header. */
  readonly cells: Readonly<Record<string, string>>;
  /** 1-based line in SPEC_MAPPING.md. */
  readonly line: number;
}

export interface Mapping {
  readonly entries: ReadonlyMap<string, MappingEntry>;
  /** The text between the trace markers, or null if the markers are missing. */
  readonly traceTable: string | null;
  /** Backticked repo paths named outside the generated table, with an optional `#symbol`. */
  readonly paths: readonly { readonly path: string; readonly symbol: string | null; readonly line: number }[];
  /** Malformed rows (bad status, bad normative value, duplicate ID). */
  readonly errors: readonly string[];
}

export interface RequirementTrace {
  readonly id: string;
  readonly kind: IdKind;
  readonly normative: boolean | null;
  readonly status: Status | null;
  /** Files citing the ID, per layer, sorted. */
  readonly files: Readonly<Record<Layer, readonly string[]>>;
  /** Cited by a non-test file under properties/ and by at least one test file. */
  readonly covered: boolean;
}

export type ProblemKind =
  | 'unknown-id'
  | 'uncovered'
  | 'checked-but-uncovered'
  | 'missing-path'
  | 'missing-symbol'
  | 'stale-trace'
  | 'no-trace-markers'
  | 'malformed-row'
  | 'requirements-json';

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface ScanOptions {
  /** Top-level folders to scan. */
  readonly dirs?: readonly string[];
  /** Repo-relative path prefixes to skip (the mapping's own tests quote IDs on purpose). */
  readonly exclude?: readonly string[];
  /**
   * Count only files git tracks (when `root` is the top of a git work tree), so the trace
   * table describes what a fresh clone — CI — sees, not someone's uncommitted work. Default
   * true for traces; the unknown-ID check always reads every file, to catch typos early.
   */
  readonly trackedOnly?: boolean;
}

export const TRACE_BEGIN = '<!-- trace:begin -->';
export const TRACE_END = '<!-- trace:end -->';
export const MAPPING_FILE = 'SPEC_MAPPING.md';
export const REQUIREMENTS_FILE = 'spec/requirements.json';
export const DEFAULT_DIRS: readonly string[] = ['model', 'impl', 'properties', 'harness', 'vocabulary', 'test'];
export const DEFAULT_EXCLUDE: readonly string[] = ['test/spec/'];
const SCANNED_EXTENSIONS = /\.(?:ts|mts|cts|tsx|js|mjs|cjs|json)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.stryker-tmp', 'coverage']);

// Deliberately wider than the ID grammar (5.14(.d)-(S\d+|N\d[a-c]?|T1)) so that a typo such
// as "5.14.2-N4d" or "5.14.4-S1" is caught as an unknown ID instead of being ignored.
const REQ_ID = String.raw`5\.14(?:\.\d+)?-[A-Z][A-Za-z]*\d+[a-z]*`;
// A range such as "5.14.1-S8..S10" cites S8, S9 and S10.
const REQ_CITE = new RegExp(String.raw`(?<![\w.])(${REQ_ID})(?:\s*(?:\.\.|–)\s*([A-Z]+)(\d+)\b)?`, 'g');
// Some segment needs two characters so that domain pairs like "A-B" are not IDs; a token right
// after "[" is a regex character range ("[A-Z0-9-]"), not an ID. A trailing "-*" (as in
// "V-ENFORCE-*") names a family: it must match a defined ID but cites none.
const AV_CITE = /(?<![\w\-[])([AV]-(?=[A-Z0-9-]*[A-Z0-9]{2})[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(-\*)?(?![\w-]*[a-z])/g;

/** "V-NOPE", "V-TLS-NOPE": the reserved spelling of a deliberately invalid ID in a parser test. */
export const RESERVED_INVALID_SEGMENT = 'NOPE';
export const IGNORE_LINE = /spec-trace-ignore(?!-next-line)/;
export const IGNORE_NEXT_LINE = /spec-trace-ignore-next-line/;

/** IDs cited in a text, with 1-based line numbers. Ranges "X-S8..S10" are expanded. */
export function extractIds(text: string): { readonly id: string; readonly line: number }[] {
  const out: { id: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, index) => {
    const line = index + 1;
    // A test that feeds a deliberately unknown ID to a parser says so, on the line or the one before.
    if (IGNORE_LINE.test(lineText) || IGNORE_NEXT_LINE.test(lines[index - 1] ?? '')) return;
    for (const m of lineText.matchAll(REQ_CITE)) {
      const id = m[1] ?? '';
      out.push({ id, line });
      const rangeLetters = m[2];
      const rangeEnd = m[3];
      const start = /^(.*-)([A-Z]+)(\d+)$/.exec(id);
      if (rangeLetters && rangeEnd && start && start[2] === rangeLetters) {
        const from = Number(start[3]);
        const to = Number(rangeEnd);
        // An absurd range is cited as its end point only, so it still surfaces if unknown.
        if (to > from && to - from <= 40) {
          for (let n = from + 1; n <= to; n++) out.push({ id: `${start[1]}${rangeLetters}${n}`, line });
        } else {
          out.push({ id: `${start[1]}${rangeLetters}${rangeEnd}`, line });
        }
      }
    }
    for (const m of lineText.matchAll(AV_CITE)) {
      const id = m[1] ?? '';
      if (id.split('-').includes(RESERVED_INVALID_SEGMENT)) continue;
      out.push({ id: `${id}${m[2] ?? ''}`, line });
    }
  });
  return out;
}

export function layerOf(file: string): Layer | null {
  if (/\.test\.[cm]?[jt]sx?$/.test(file) || file.startsWith('test/')) return 'tests';
  const top = file.split('/')[0];
  switch (top) {
    case 'model':
    case 'impl':
    case 'properties':
    case 'harness':
      return top;
    case 'vocabulary': // the observation vocabulary is the harness's side of the wall
      return 'harness';
    default:
      return null;
  }
}

function walk(dir: string, visit: (file: string) => void): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED_DIRS.has(name)) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, visit);
    else if (st.isFile() && SCANNED_EXTENSIONS.test(name)) visit(full);
  }
}

const toRepoPath = (root: string, full: string): string => relative(root, full).split(sep).join('/');

/** The files git tracks under `root`, or null when `root` is not the top of a git work tree. */
export function gitTrackedFiles(root: string): ReadonlySet<string> | null {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (realpathSync(top) !== realpathSync(root)) return null;
    const list = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    return new Set(list.split('\0').filter((f) => f !== ''));
  } catch {
    return null;
  }
}

/** Every ID cited in the scanned folders. */
export function scanCitations(root: string, options: ScanOptions = {}): Citation[] {
  const dirs = options.dirs ?? DEFAULT_DIRS;
  const exclude = options.exclude ?? DEFAULT_EXCLUDE;
  const tracked = options.trackedOnly === false ? null : gitTrackedFiles(root);
  const citations: Citation[] = [];
  for (const dir of dirs) {
    walk(join(root, dir), (full) => {
      const file = toRepoPath(root, full);
      if (exclude.some((prefix) => file.startsWith(prefix))) return;
      if (tracked !== null && !tracked.has(file)) return;
      const layer = layerOf(file);
      if (layer === null) return;
      for (const { id, line } of extractIds(readFileSync(full, 'utf8'))) citations.push({ id, file, line, layer });
    });
  }
  return citations;
}

function splitRow(line: string): string[] {
  // Cells are separated by "|" that is not escaped as "\|".
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return body.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

const plainId = (cell: string): string => cell.replace(/[`*]/g, '').trim();

export function parseStatus(cell: string): Status | null {
  const text = cell.replace(/[`*]/g, '').trim();
  if (text === 'checked') return { kind: 'checked' };
  if (text === 'informative') return { kind: 'informative' };
  const open = /^open:\s*(\S.*)$/.exec(text);
  if (open?.[1]) return { kind: 'open', reason: open[1].trim() };
  return null;
}

export function formatStatus(status: Status | null): string {
  if (status === null) return '';
  return status.kind === 'open' ? `open: ${status.reason}` : status.kind;
}

const REQ_ID_EXACT = /^5\.14(?:\.\d)?-(?:S\d+|N\d[a-c]?|T1)$/;
const AV_ID_EXACT = /^[AV]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;
// A repo path: at least one folder, a file name with an extension, an optional #symbol.
const PATH_TOKEN = /`([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/[A-Za-z0-9_.-]+\.[A-Za-z0-9]+)(?:#([A-Za-z0-9_$.]+))?`/g;

/** Reads the hand-written tables (every table whose first column is "ID") and the trace block. */
export function parseMapping(markdown: string): Mapping {
  const lines = markdown.split(/\r?\n/);
  const entries = new Map<string, MappingEntry>();
  const errors: string[] = [];
  const paths: { path: string; symbol: string | null; line: number }[] = [];
  let inTrace = false;
  let header: string[] | null = null;
  let traceStart = -1;
  let traceEnd = -1;

  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === TRACE_BEGIN) {
      inTrace = true;
      traceStart = index;
      return;
    }
    if (text.trim() === TRACE_END) {
      inTrace = false;
      traceEnd = index;
      return;
    }
    if (inTrace) return;
    for (const m of text.matchAll(PATH_TOKEN)) paths.push({ path: m[1] ?? '', symbol: m[2] ?? null, line });

    if (!text.trim().startsWith('|')) {
      header = null;
      return;
    }
    const cells = splitRow(text);
    if (header === null) {
      header = cells.map((c) => c.toLowerCase());
      return;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) return;
    if (header[0] !== 'id') return;
    const id = plainId(cells[0] ?? '');
    const kind: IdKind | null = REQ_ID_EXACT.test(id)
      ? 'requirement'
      : id.startsWith('A-') && AV_ID_EXACT.test(id)
        ? 'assumption'
        : id.startsWith('V-') && AV_ID_EXACT.test(id)
          ? 'variant'
          : null;
    if (kind === null) {
      errors.push(`line ${line}: "${id}" is not a requirement, assumption or variant ID`);
      return;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = cells[i] ?? '';
    });
    let normative: boolean | null = null;
    let status: Status | null = null;
    if (kind === 'requirement') {
      const n = (row['normative'] ?? '').replace(/[`*]/g, '').trim().toLowerCase();
      if (n === 'yes' || n === 'no') normative = n === 'yes';
      else errors.push(`line ${line}: ${id}: normative must be "yes" or "no", got "${n}"`);
      status = parseStatus(row['status'] ?? '');
      if (status === null) errors.push(`line ${line}: ${id}: status must be "checked", "informative" or "open: <reason>", got "${row['status'] ?? ''}"`);
    }
    if (entries.has(id)) {
      errors.push(`line ${line}: ${id} is defined twice`);
      return;
    }
    entries.set(id, { id, kind, normative, status, cells: row, line });
  });

  const traceTable = traceStart >= 0 && traceEnd > traceStart ? lines.slice(traceStart + 1, traceEnd).join('\n') : null;
  return { entries, traceTable, paths, errors };
}

/** "V-ENFORCE-*": a reference to a family of IDs, not a citation of one. */
export const isFamily = (id: string): boolean => id.endsWith('-*');

function isKnown(mapping: Mapping, id: string): boolean {
  if (!isFamily(id)) return mapping.entries.has(id);
  const prefix = id.slice(0, -1);
  return [...mapping.entries.keys()].some((known) => known.startsWith(prefix));
}

function readMapping(root: string): Mapping {
  return parseMapping(readFileSync(join(root, MAPPING_FILE), 'utf8'));
}

function traceFrom(mapping: Mapping, citations: readonly Citation[]): RequirementTrace[] {
  const byId = new Map<string, Record<Layer, Set<string>>>();
  for (const c of citations) {
    if (isFamily(c.id)) continue;
    let layers = byId.get(c.id);
    if (!layers) {
      layers = { model: new Set(), impl: new Set(), properties: new Set(), harness: new Set(), tests: new Set() };
      byId.set(c.id, layers);
    }
    layers[c.layer].add(c.file);
  }
  return [...mapping.entries.values()].map((entry) => {
    const layers = byId.get(entry.id);
    const files = Object.fromEntries(LAYERS.map((l) => [l, layers ? [...layers[l]].sort() : []])) as Record<Layer, string[]>;
    return {
      id: entry.id,
      kind: entry.kind,
      normative: entry.normative,
      status: entry.status,
      files,
      covered: files.properties.length > 0 && files.tests.length > 0,
    };
  });
}

/** Per ID of SPEC_MAPPING.md (requirements, then assumptions, then variants, in document order): who cites it. */
export function traceRequirements(root: string, options: ScanOptions = {}): RequirementTrace[] {
  return traceFrom(readMapping(root), scanCitations(root, options));
}

const fileList = (files: readonly string[]): string => (files.length === 0 ? '—' : files.map((f) => `\`${f}\``).join('<br>'));

/** The generated table that lives between the trace markers. */
export function renderTraceTable(traces: readonly RequirementTrace[]): string {
  const out = [
    '',
    '_Generated by `npx tsx tools/spec-trace.ts --write` from the citations in the git-tracked files of model/, impl/, properties/, harness/ and test/. Do not edit by hand._',
    '',
    '| ID | normative | status | model | impl | properties | harness | tests |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const t of traces) {
    const normative = t.normative === null ? t.kind : t.normative ? 'yes' : 'no';
    const status = t.status === null ? '' : formatStatus(t.status);
    out.push(`| ${t.id} | ${normative} | ${status} | ${LAYERS.map((l) => fileList(t.files[l])).join(' | ')} |`);
  }
  out.push('');
  return out.join('\n');
}

function requirementsJsonProblems(root: string, mapping: Mapping): Problem[] {
  const file = join(root, REQUIREMENTS_FILE);
  if (!existsSync(file)) return [];
  const problems: Problem[] = [];
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [{ kind: 'requirements-json', message: `${REQUIREMENTS_FILE} is not valid JSON: ${(e as Error).message}` }];
  }
  if (!Array.isArray(list)) return [{ kind: 'requirements-json', message: `${REQUIREMENTS_FILE} must be an array` }];
  const jsonIds = new Set<string>();
  for (const item of list as { id?: unknown; text?: unknown; normative?: unknown }[]) {
    const id = typeof item.id === 'string' ? item.id : '';
    jsonIds.add(id);
    const entry = mapping.entries.get(id);
    if (!entry || entry.kind !== 'requirement') {
      problems.push({ kind: 'requirements-json', message: `${id} is in ${REQUIREMENTS_FILE} but not in the requirement tables of ${MAPPING_FILE}` });
      continue;
    }
    const quoted = (entry.cells['text'] ?? '').replace(/^"|"$/g, '');
    if (quoted !== item.text) problems.push({ kind: 'requirements-json', message: `${id}: the text quoted in ${MAPPING_FILE} differs from ${REQUIREMENTS_FILE}` });
    if (item.normative !== entry.normative) problems.push({ kind: 'requirements-json', message: `${id}: normative is ${String(item.normative)} in ${REQUIREMENTS_FILE} but ${String(entry.normative)} in ${MAPPING_FILE}` });
  }
  for (const entry of mapping.entries.values()) {
    if (entry.kind === 'requirement' && !jsonIds.has(entry.id)) problems.push({ kind: 'requirements-json', message: `${entry.id} is in ${MAPPING_FILE} but not in ${REQUIREMENTS_FILE}` });
  }
  return problems;
}

/** Everything that makes SPEC_MAPPING.md untrue about the tree at `root`. Empty means consistent. */
export function checkMapping(root: string, options: ScanOptions = {}): Problem[] {
  const mapping = readMapping(root);
  const citations = scanCitations(root, options);
  const problems: Problem[] = mapping.errors.map((message) => ({ kind: 'malformed-row' as const, message }));

  for (const c of scanCitations(root, { ...options, trackedOnly: false })) {
    if (!isKnown(mapping, c.id)) problems.push({ kind: 'unknown-id', message: `${c.file}:${c.line}: cites ${c.id}, which ${MAPPING_FILE} does not define` });
  }

  const traces = traceFrom(mapping, citations);
  for (const t of traces) {
    if (t.kind !== 'requirement') continue;
    if (t.status?.kind === 'checked' && !t.covered) {
      problems.push({ kind: 'checked-but-uncovered', message: `${t.id} is marked checked but is not cited by both a properties/ file and a test file` });
    }
    if (t.normative === true && !t.covered && t.status?.kind !== 'open') {
      problems.push({ kind: 'uncovered', message: `${t.id} is normative but not cited by both a properties/ file and a test file; cite it or mark it "open: <reason>"` });
    }
  }

  const tracked = options.trackedOnly === false ? null : gitTrackedFiles(root);
  for (const p of mapping.paths) {
    const full = join(root, p.path);
    if (!existsSync(full)) {
      problems.push({ kind: 'missing-path', message: `${MAPPING_FILE}:${p.line}: names \`${p.path}\`, which does not exist` });
    } else if (tracked !== null && !tracked.has(p.path)) {
      problems.push({ kind: 'missing-path', message: `${MAPPING_FILE}:${p.line}: names \`${p.path}\`, which git does not track (a fresh clone would not have it)` });
    } else if (p.symbol !== null && statSync(full).isFile()) {
      const name = p.symbol.split('.').pop() ?? p.symbol;
      if (!new RegExp(String.raw`\b${name.replace(/\$/g, '\\$')}\b`).test(readFileSync(full, 'utf8'))) {
        problems.push({ kind: 'missing-symbol', message: `${MAPPING_FILE}:${p.line}: names \`${p.path}#${p.symbol}\`, but ${p.path} has no "${name}"` });
      }
    }
  }

  if (mapping.traceTable === null) {
    problems.push({ kind: 'no-trace-markers', message: `${MAPPING_FILE} has no ${TRACE_BEGIN} ... ${TRACE_END} block; run npx tsx tools/spec-trace.ts --write` });
  } else if (mapping.traceTable !== renderTraceTable(traces)) {
    problems.push({ kind: 'stale-trace', message: `the trace table in ${MAPPING_FILE} is out of date: run npx tsx tools/spec-trace.ts --write` });
  }

  problems.push(...requirementsJsonProblems(root, mapping));
  return problems;
}

/** Rewrites the trace block of SPEC_MAPPING.md. Returns whether the file changed. */
export function writeTraceTable(root: string, options: ScanOptions = {}): boolean {
  const file = join(root, MAPPING_FILE);
  const markdown = readFileSync(file, 'utf8');
  const table = renderTraceTable(traceRequirements(root, options));
  const begin = markdown.indexOf(TRACE_BEGIN);
  const end = markdown.indexOf(TRACE_END);
  const next =
    begin >= 0 && end > begin
      ? `${markdown.slice(0, begin + TRACE_BEGIN.length)}\n${table}\n${markdown.slice(end)}`
      : `${markdown.trimEnd()}\n\n## Trace table\n\n${TRACE_BEGIN}\n${table}\n${TRACE_END}\n`;
  if (next === markdown) return false;
  writeFileSync(file, next);
  return true;
}

/**
 * Marks `checked` every requirement whose status is `open: …` but which is now covered.
 * Returns the IDs it changed. It never opens anything: un-checking stays a human decision
 * (and the test fails a `checked` that is no longer covered).
 */
export function tightenStatuses(root: string, options: ScanOptions = {}): string[] {
  const file = join(root, MAPPING_FILE);
  const closable = new Set(summarize(traceRequirements(root, options)).closable);
  if (closable.size === 0) return [];
  const changed: string[] = [];
  let header: string[] | null = null;
  let inTrace = false;
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .map((text) => {
      if (text.trim() === TRACE_BEGIN) inTrace = true;
      if (text.trim() === TRACE_END) inTrace = false;
      if (inTrace || !text.trim().startsWith('|')) {
        header = null;
        return text;
      }
      const cells = splitRow(text);
      if (header === null) {
        header = cells.map((c) => c.toLowerCase());
        return text;
      }
      const statusAt = header.indexOf('status');
      const id = plainId(cells[0] ?? '');
      if (header[0] !== 'id' || statusAt < 0 || !closable.has(id)) return text;
      cells[statusAt] = 'checked';
      changed.push(id);
      return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
    });
  if (changed.length > 0) writeFileSync(file, lines.join('\n'));
  return changed;
}

export interface CoverageSummary {
  readonly requirements: number;
  readonly normative: number;
  readonly covered: number;
  readonly open: number;
  /** IDs marked open that are now cited by properties/ and tests: the marker can be tightened. */
  readonly closable: readonly string[];
}

export function summarize(traces: readonly RequirementTrace[]): CoverageSummary {
  const reqs = traces.filter((t) => t.kind === 'requirement');
  const normative = reqs.filter((t) => t.normative === true);
  return {
    requirements: reqs.length,
    normative: normative.length,
    covered: normative.filter((t) => t.covered).length,
    open: reqs.filter((t) => t.status?.kind === 'open').length,
    closable: reqs.filter((t) => t.status?.kind === 'open' && t.covered).map((t) => t.id),
  };
}

/** Human-readable coverage for `proauth spec`: one line per ID, then a summary line. */
export function formatCoverage(traces: readonly RequirementTrace[]): string {
  const lines = traces.map((t) => {
    const where = LAYERS.map((l) => `${l}:${t.files[l].length}`).join(' ');
    const flag = t.kind === 'requirement' ? `${t.normative ? 'N' : 'i'} ${t.covered ? 'covered' : '       '}` : t.kind.padEnd(9);
    return `${t.id.padEnd(22)} ${flag.padEnd(11)} ${where}  ${formatStatus(t.status)}`;
  });
  const s = summarize(traces);
  lines.push(`${s.requirements} sentences, ${s.normative} normative, ${s.covered} normative covered, ${s.open} open`);
  if (s.closable.length > 0) lines.push(`open but now covered (tighten the status): ${s.closable.join(', ')}`);
  return lines.join('\n');
}

function main(argv: readonly string[]): number {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  if (argv.includes('--tighten')) {
    const changed = tightenStatuses(root);
    console.log(changed.length > 0 ? `${MAPPING_FILE}: now checked: ${changed.join(', ')}` : `${MAPPING_FILE}: no open status to tighten`);
  }
  if (argv.includes('--write') || argv.includes('--tighten')) {
    const changed = writeTraceTable(root);
    console.log(changed ? `${MAPPING_FILE}: trace table regenerated` : `${MAPPING_FILE}: trace table already up to date`);
  }
  const traces = traceRequirements(root);
  if (argv.includes('--json')) {
    console.log(JSON.stringify(traces, null, 2));
    return 0;
  }
  console.log(formatCoverage(traces));
  const problems = checkMapping(root);
  for (const p of problems) console.error(`${p.kind}: ${p.message}`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
