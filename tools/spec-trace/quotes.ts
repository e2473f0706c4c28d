// What an annotation may quote: the sentence of a requirement (spec/requirements.json, itself
// checked against the clause text), the statement cell of an assumption or variant row, or the
// title of a finding (SPEC_MAPPING.md). A quote is any contiguous run of that text.
import { normalizeSpace, type Annotation } from './annotations.ts';
import { isTestFile } from './files.ts';
import type { Requirement } from './requirements.ts';
import { CLAUSE_FILE, MAPPING_FILE, type Mapping, type Problem } from './types.ts';

export interface QuoteSource {
  readonly target: string;
  readonly text: string;
}

/** Where the quote of an annotation of `id` comes from, or null for an unknown ID. */
export function quoteSource(id: string, mapping: Mapping, requirements: ReadonlyMap<string, Requirement>): QuoteSource | null {
  const entry = mapping.entries.get(id);
  if (entry?.kind === 'requirement') {
    const req = requirements.get(id);
    return req ? { target: CLAUSE_FILE, text: req.text } : null;
  }
  if (entry) return { target: MAPPING_FILE, text: entry.statement };
  const finding = mapping.findings.get(id);
  return finding === undefined ? null : { target: MAPPING_FILE, text: finding };
}

/** Everything wrong with one annotation in `file`. */
export function annotationProblems(a: Annotation, file: string, mapping: Mapping, requirements: ReadonlyMap<string, Requirement>): Problem[] {
  const at = `${file}:${a.line}`;
  const source = quoteSource(a.id, mapping, requirements);
  if (source === null) return [{ kind: 'unknown-id', message: `${at}: cites ${a.id}, which ${MAPPING_FILE} does not define` }];
  const problems: Problem[] = [];
  if (a.target !== source.target) problems.push({ kind: 'wrong-target', message: `${at}: ${a.id} is quoted from ${source.target}, not ${a.target}` });
  if (!normalizeSpace(source.text).includes(a.quote)) problems.push({ kind: 'quote-mismatch', message: `${at}: "${a.quote}" is not in the text of ${a.id}` });
  if (a.type === 'exception' && (a.reason === null || a.reason === '')) problems.push({ kind: 'exception-without-reason', message: `${at}: ${a.id}: an exception needs a reason=… line` });
  if (a.type !== 'exception' && a.reason !== null) problems.push({ kind: 'bad-annotation', message: `${at}: ${a.id}: only an exception has a reason` });
  const test = isTestFile(file);
  if (test && (a.type === 'implementation' || a.type === 'implication')) problems.push({ kind: 'wrong-type', message: `${at}: ${a.id}: an annotation in a test file says type=test` });
  if (!test && a.type === 'test') problems.push({ kind: 'wrong-type', message: `${at}: ${a.id}: type=test outside a test file` });
  return problems;
}
