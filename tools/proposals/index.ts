// The working group's deliverables from the findings of SPEC_MAPPING.md: the proposals applied
// to the seed text, the consistency check of them taken together, the comment resolutions
// (docs/wg/comments.md, .csv) and the redline (docs/wg/redline.md, .html).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFindings, type Finding } from '../spec-trace/findings.ts';
import { MAPPING_FILE } from '../spec-trace/types.ts';
import { applyChanges, type Applied } from './apply.ts';
import { checkProposals, type Conflict } from './check.ts';
import { commentRows, commentsCsv, commentsMarkdown, type CommentRow } from './comments.ts';
import { redline, type Redline } from './redline.ts';
import { loadSeed, type Seed } from './seed.ts';

export { applyChanges, type Applied, type PlacedChange } from './apply.ts';
export { checkProposals, sentences, type CheckInput, type Conflict, type RuleId } from './check.ts';
export { commentRows, commentsCsv, commentsMarkdown, matrixRowLink, VERIFYING_ROW, type CommentRow } from './comments.ts';
export { redline, type Redline } from './redline.ts';
export { loadSeed, locateLiteral, locateSentence, type Seed } from './seed.ts';
export { tokenize, wordDiff, type DiffOp } from './word-diff.ts';

export const WG_DIR = 'docs/wg';
export const VOCABULARY_FILE = 'vocabulary/observation.ts';

/** The ID_TYPE code points of the observation vocabulary (`export type IdType = 0 | 1 | …`). */
export function modelIdTypes(root: string): ReadonlySet<number> {
  const m = /export type IdType = ([\d\s|]+);/.exec(readFileSync(join(root, VOCABULARY_FILE), 'utf8'));
  if (!m) throw new Error(`${VOCABULARY_FILE} has no "export type IdType = 0 | 1 | …;"`);
  return new Set((m[1] ?? '').split('|').map((s) => Number(s.trim())));
}

export interface Proposals {
  readonly seed: Seed;
  readonly findings: readonly Finding[];
  readonly applied: Applied;
  /** Malformed findings and changes that do not apply: the input is broken. */
  readonly problems: readonly string[];
  /** The proposals contradict each other or IEEE style. */
  readonly conflicts: readonly Conflict[];
  readonly comments: readonly CommentRow[];
  readonly files: Readonly<Record<'comments.md' | 'comments.csv' | 'redline.md' | 'redline.html', string>>;
  readonly redline: Redline;
}

export function buildProposals(root: string): Proposals {
  const findings = parseFindings(readFileSync(join(root, MAPPING_FILE), 'utf8'));
  const seed = loadSeed(root);
  const applied = applyChanges(seed, findings);
  const problems = [...findings.flatMap((f) => f.errors.map((e) => `${MAPPING_FILE}:${f.line}: ${f.id}: ${e}`)), ...applied.problems];
  const conflicts = checkProposals({ text: applied.text, findings, idTypes: modelIdTypes(root) });
  const comments = commentRows(findings, applied.placed, seed);
  const red = redline(seed.text, applied.text);
  return {
    seed,
    findings,
    applied,
    problems,
    conflicts,
    comments,
    redline: red,
    files: { 'comments.md': commentsMarkdown(comments), 'comments.csv': commentsCsv(comments), 'redline.md': red.markdown, 'redline.html': red.html },
  };
}
