// Everything that makes SPEC_MAPPING.md untrue about a tree, and the two edits the tracer makes
// to it: regenerating the trace table and tightening open statuses.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitTrackedFiles } from './files.ts';
import { parseFindings } from './findings.ts';
import { formatStatus, parseMapping, withCheckedStatus } from './mapping.ts';
import { isFamily } from './mentions.ts';
import { annotationProblems } from './quotes.ts';
import { loadRequirements, requirementsJsonProblems } from './requirements.ts';
import { citationsOf, scanTree } from './scan.ts';
import { renderTraceTable, summarize, traceFrom } from './trace.ts';
import { readMatrix, underAttackProblems } from './under-attack.ts';
import { MAPPING_FILE, TRACE_BEGIN, TRACE_END, type Mapping, type Problem, type RequirementTrace, type ScanOptions } from './types.ts';

export function readMapping(root: string): Mapping {
  return parseMapping(readFileSync(join(root, MAPPING_FILE), 'utf8'));
}

function isKnown(mapping: Mapping, id: string): boolean {
  if (!isFamily(id)) return mapping.entries.has(id);
  const prefix = id.slice(0, -1);
  return [...mapping.entries.keys()].some((known) => known.startsWith(prefix));
}

/** Per ID of SPEC_MAPPING.md (requirements, then assumptions, then variants, in document order): who cites it. */
export function traceRequirements(root: string, options: ScanOptions = {}): RequirementTrace[] {
  return traceFrom(readMapping(root), citationsOf(scanTree(root, options)));
}

/** Everything that makes SPEC_MAPPING.md untrue about the tree at `root`. Empty means consistent. */
export function checkMapping(root: string, options: ScanOptions = {}): Problem[] {
  const mapping = readMapping(root);
  const requirements = loadRequirements(root);
  const files = scanTree(root, options);
  const problems: Problem[] = mapping.errors.map((message) => ({ kind: 'malformed-row' as const, message }));

  // Every file, tracked or not, so that a typo surfaces before it is committed.
  for (const f of files) {
    for (const e of f.errors) problems.push({ kind: 'bad-annotation', message: `${f.file}:${e.line}: ${e.message}` });
    for (const a of f.annotations) problems.push(...annotationProblems(a, f.file, mapping, requirements));
    for (const m of f.mentions) {
      if (!isKnown(mapping, m.id)) problems.push({ kind: 'unknown-id', message: `${f.file}:${m.line}: cites ${m.id}, which ${MAPPING_FILE} does not define` });
    }
  }

  const traces = traceFrom(mapping, citationsOf(files));
  for (const t of traces) {
    if (t.kind !== 'requirement') continue;
    if ((t.status?.kind === 'checked' || t.status?.kind === 'violated-under-attack') && !t.covered) {
      problems.push({ kind: 'checked-but-uncovered', message: `${t.id} is marked ${formatStatus(t.status)} but is not cited by both a properties/ file and a test file` });
    }
    if (t.normative === true && !t.covered && t.status?.kind !== 'open') {
      problems.push({ kind: 'uncovered', message: `${t.id} is normative but not cited by both a properties/ file and a test file; cite it or mark it "open: <reason>"` });
    }
  }

  problems.push(...underAttackProblems(traces, parseFindings(readFileSync(join(root, MAPPING_FILE), 'utf8')), readMatrix(root)));

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
  const { markdown, changed } = withCheckedStatus(readFileSync(file, 'utf8'), closable);
  if (changed.length > 0) writeFileSync(file, markdown);
  return [...changed];
}
