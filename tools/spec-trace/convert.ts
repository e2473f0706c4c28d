// Rewrites the old citations (an ID in a comment or a string) into annotations.
//
//   npx tsx tools/spec-trace/convert.ts           say what it would change
//   npx tsx tools/spec-trace/convert.ts --write   change it
//
// For a comment `// <IDs>: prose` (on its own line or after code; several IDs, ranges such as
// 5.14.1-S8..S10 and the shorthand 5.14.2-S7/S8 included) it writes, above the line, one
// annotation per ID (`//= target#ID`, `//= type=test` in a test file, `//#` quote lines) and
// keeps the prose as a plain `// prose` comment. An ID in the middle of a comment (or anywhere
// in a block comment) gets its annotation above the comment, whose text stays as it is. A string
// that holds source lines of impl/ (a mutant's find and replace) is rewritten the same way, so
// it still matches. A property's `requirements: [...]` IDs that its file does not annotate get
// one above its `check`. Any other ID only in strings gets an annotation above its line only where the
// requirement would otherwise lose its last citation in a layer; those are reported. Running it
// again changes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { formatAnnotation, isAnnotationLine, normalizeSpace, parseAnnotations } from './annotations.ts';
import { gitTrackedFiles, isTestFile, layerOf, scannedFiles } from './files.ts';
import { parseMapping } from './mapping.ts';
import { IGNORE_LINE, IGNORE_NEXT_LINE, isFamily, mentionsIn, mentionsInLine, type Mention } from './mentions.ts';
import { quoteSource } from './quotes.ts';
import { loadRequirements, type Requirement } from './requirements.ts';
import { COUNTING_TYPES, DEFAULT_DIRS, DEFAULT_EXCLUDE, MAPPING_FILE, type Layer, type Mapping } from './types.ts';

const WIDTH = 100;
const KEYWORD = /\b(?:shall|must|should|may|required)\b/;
const QUOTE_WORDS = 12;
/** Files whose strings are source lines of impl/ (mutant find/replace). */
const SOURCE_FRAGMENTS = 'test/mutants/';

export interface ConvertContext {
  readonly mapping: Mapping;
  readonly requirements: ReadonlyMap<string, Requirement>;
}

/** Greedy word wrap of `text` at `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

/**
 * The quote for a sentence at an indentation: the whole sentence if it fits two lines; else the
 * clause (between , ; : or the ends) that holds its normative keyword, if that fits; else twelve
 * words around the keyword, or the first twelve.
 */
export function quoteLines(sentence: string, indent: number): string[] {
  const text = normalizeSpace(sentence);
  const width = Math.max(40, WIDTH - indent - '//# '.length);
  const whole = wrap(text, width);
  if (whole.length <= 2) return whole;
  const keyword = KEYWORD.exec(text);
  if (keyword) {
    const before = text.slice(0, keyword.index);
    const from = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':')) + 1;
    const after = /[,;:]|\.$/.exec(text.slice(keyword.index));
    const to = after ? keyword.index + after.index : text.length;
    const clause = wrap(text.slice(from, to).trim(), width);
    if (clause.length <= 2) return clause;
  }
  const words = text.split(' ');
  const at = keyword ? text.slice(0, keyword.index).split(' ').length - 1 : 0;
  const start = Math.max(0, Math.min(at - 4, words.length - QUOTE_WORDS));
  return wrap(words.slice(start, start + QUOTE_WORDS).join(' '), width);
}

function annotationText(id: string, indent: string, test: boolean, ctx: ConvertContext): string | null {
  const source = quoteSource(id, ctx.mapping, ctx.requirements);
  if (source === null) return null;
  return formatAnnotation({ target: source.target, id, ...(test ? { type: 'test' as const } : {}), quoteLines: quoteLines(source.text, indent.length) }, indent);
}

/** Requirement IDs that `5.14.2-S7/S8` names after a mention: S8, when defined. */
function shorthands(body: string, m: Mention, ctx: ConvertContext): { readonly ids: string[]; readonly length: number } {
  const head = /^(5\.14(?:\.\d)?-)/.exec(m.id);
  const tail = /^(?:\/[A-Z]+\d+[a-z]*)+/.exec(body.slice(m.column + m.length));
  if (!head || !tail) return { ids: [], length: 0 };
  const ids = tail[0]
    .split('/')
    .filter((s) => s !== '')
    .map((s) => `${head[1]}${s}`)
    .filter((id) => ctx.mapping.entries.has(id));
  return { ids, length: tail[0].length };
}

/** The IDs a comment text cites, in order, without families. */
function citedIn(body: string, line: number, ctx: ConvertContext): string[] {
  const out: string[] = [];
  for (const m of mentionsInLine(body, line)) {
    if (isFamily(m.id)) continue;
    out.push(m.id, ...shorthands(body, m, ctx).ids);
  }
  return out;
}

/** `<IDs>: prose` or `<IDs>` alone: the IDs and the prose; null if the text does not start so. */
function leadingIds(body: string, ctx: ConvertContext): { readonly ids: string[]; readonly rest: string } | null {
  const mentions = mentionsInLine(body, 0);
  const ids: string[] = [];
  let pos = 0;
  for (;;) {
    const here = mentions.filter((m) => m.column === pos);
    if (here.length === 0 || here.some((m) => isFamily(m.id))) return null;
    const longest = Math.max(...here.map((m) => m.length));
    const first = here[0];
    if (!first) return null;
    const short = shorthands(body, first, ctx);
    ids.push(...here.map((m) => m.id), ...short.ids);
    pos += longest + short.length;
    const rest = body.slice(pos);
    const end = /^\s*(?::\s*|$)/.exec(rest);
    if (end) return { ids, rest: rest.slice(end[0].length) };
    const separator = /^\s*(?:,|\/|\+|&|and)\s*|^\s+/.exec(rest);
    if (!separator) return null;
    pos += separator[0].length;
  }
}

interface Insertion {
  ids: string[];
  indent: string;
  prose: string[];
}

const indentOf = (line: string): string => /^\s*/.exec(line)?.[0] ?? '';

function scriptKind(file: string): ts.ScriptKind {
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
}

interface Lexed {
  readonly comments: readonly ts.CommentRange[];
  readonly literals: readonly (readonly [number, number])[];
  readonly strings: readonly ts.StringLiteral[];
  readonly source: ts.SourceFile;
}

function lex(file: string, text: string): Lexed {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const comments = new Map<number, ts.CommentRange>();
  const literals: [number, number][] = [];
  const strings: ts.StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJSDoc(node)) return;
    if (ts.isStringLiteral(node)) strings.push(node);
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || node.kind === ts.SyntaxKind.RegularExpressionLiteral || node.kind === ts.SyntaxKind.JsxText) {
      literals.push([node.getStart(source), node.getEnd()]);
    }
    const children = node.getChildren(source);
    if (children.length === 0) {
      for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) comments.set(r.pos, r);
      for (const r of ts.getTrailingCommentRanges(text, node.end) ?? []) comments.set(r.pos, r);
    }
    for (const child of children) visit(child);
  };
  visit(source);
  return { comments: [...comments.values()].sort((a, b) => a.pos - b.pos), literals, strings, source };
}

/** Line starts of `text`, 0-based offsets. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** The IDs annotated in the annotation lines right above line `at` (0-based). */
function annotatedAbove(lines: readonly string[], at: number): Set<string> {
  let top = at;
  while (top > 0 && isAnnotationLine(lines[top - 1] ?? '', '//')) top--;
  return new Set(parseAnnotations(lines.slice(top, at).join('\n')).annotations.map((a) => a.id));
}

/** What became of each line of a converted text: the lines inserted before it, and its new text (null: deleted). */
export interface LineMap {
  readonly before: readonly string[];
  readonly after: string | null;
}

const joinMap = (map: readonly LineMap[]): string => map.flatMap((m) => (m.after === null ? m.before : [...m.before, m.after])).join('\n');

/** `second` after `first`: what became of each line of the text `first` was made from. */
function compose(first: readonly LineMap[], second: readonly LineMap[]): LineMap[] {
  let j = 0;
  const take = (into: string[]): string | null => {
    const m = second[j++];
    if (!m) return null;
    into.push(...m.before);
    return m.after;
  };
  return first.map((m) => {
    const before: string[] = [];
    for (let k = 0; k < m.before.length; k++) {
      const line = take(before);
      if (line !== null) before.push(line);
    }
    return { before, after: m.after === null ? null : take(before) };
  });
}

/** The insertions (before the line of each key) and the line edits (null deletes) applied to `lines`. */
function apply(lines: readonly string[], insertions: ReadonlyMap<number, Insertion>, edits: ReadonlyMap<number, string | null>, test: boolean, ctx: ConvertContext): { readonly map: LineMap[]; readonly annotations: number } {
  let annotations = 0;
  const map = lines.map((line, i): LineMap => {
    const before: string[] = [];
    const ins = insertions.get(i);
    if (ins) {
      const done = annotatedAbove(lines, i);
      for (const id of new Set(ins.ids)) {
        if (done.has(id)) continue;
        const a = annotationText(id, ins.indent, test, ctx);
        if (a === null) continue;
        before.push(...a.split('\n'));
        annotations++;
      }
      before.push(...ins.prose);
    }
    const edit = edits.get(i);
    return { before, after: edit === undefined ? line : edit };
  });
  return { map, annotations };
}

/**
 * Where an offset of the original text lands in the converted one: a line start before the lines
 * inserted above it, any other offset in the line's new text (clamped to its length).
 */
function mapOffset(original: string, map: readonly LineMap[], offset: number): number {
  const starts = lineStarts(original);
  let line = 0;
  while (line + 1 < starts.length && (starts[line + 1] ?? 0) <= offset) line++;
  const column = offset - (starts[line] ?? 0);
  let at = 0;
  for (let i = 0; i < line; i++) {
    const m = map[i];
    if (!m) break;
    for (const b of m.before) at += b.length + 1;
    if (m.after !== null) at += m.after.length + 1;
  }
  const m = map[line];
  if (column === 0 || !m) return at;
  for (const b of m.before) at += b.length + 1;
  return m.after === null ? at : at + Math.min(column, m.after.length);
}

/** Converts the comment citations of one TypeScript or JavaScript text. */
export function convertComments(file: string, text: string, test: boolean, ctx: ConvertContext): { readonly text: string; readonly annotations: number; readonly map: readonly LineMap[] } {
  const lines = text.split('\n');
  const starts = lineStarts(text);
  const { comments, literals } = lex(file, text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const insideLiteral = (line: number): boolean => {
    const at = starts[line] ?? 0;
    return literals.some(([s, e]) => s < at && at < e);
  };
  // Above a code line: the nearest line at or above it that does not start inside a literal.
  const codeLine = (line: number): number => {
    let l = line;
    while (l > 0 && insideLiteral(l)) l--;
    return l;
  };
  const ignored = (line: number): boolean => IGNORE_LINE.test(lines[line] ?? '') || IGNORE_NEXT_LINE.test(lines[line - 1] ?? '');

  const insertions = new Map<number, Insertion>();
  const edits = new Map<number, string | null>();
  const insert = (line: number, ids: readonly string[], prose: readonly string[] = []): void => {
    if (ids.length === 0) return;
    const at = insertions.get(line) ?? { ids: [], indent: indentOf(lines[line] ?? ''), prose: [] };
    at.ids.push(...ids);
    at.prose.push(...prose);
    insertions.set(line, at);
  };

  // Own-line `//` comments by line; runs of them are read together.
  const ownLine = new Map<number, { readonly column: number; readonly body: string }>();
  for (const r of comments) {
    const line = lineOf(r.pos);
    const column = r.pos - (starts[line] ?? 0);
    const raw = text.slice(r.pos, r.end);
    const before = (lines[line] ?? '').slice(0, column);
    if (r.kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      if (raw.startsWith('//=') || raw.startsWith('//#') || ignored(line)) continue;
      const body = raw.slice(2).replace(/^ /, '');
      if (before.trim() === '') {
        ownLine.set(line, { column, body });
        continue;
      }
      const lead = leadingIds(body, ctx);
      // Under a case label, not above it: an empty case must stay next to the one it falls into.
      const caseLabel = /^\s*(?:case\b.*|default\s*):$/.test(before.trimEnd()) && line + 1 < lines.length;
      const target = caseLabel ? line + 1 : codeLine(line);
      if (lead) {
        edits.set(line, (lines[line] ?? '').slice(0, column).trimEnd());
        insert(target, [...lead.ids, ...citedIn(lead.rest, line, ctx)], lead.rest === '' ? [] : [`${indentOf(lines[target] ?? '')}// ${lead.rest}`]);
      } else insert(target, citedIn(body, line, ctx));
      continue;
    }
    const ids: string[] = [];
    raw.split('\n').forEach((part, k) => {
      if (!ignored(line + k)) ids.push(...citedIn(part, line + k, ctx));
    });
    insert(before.trim() === '' ? line : codeLine(line), ids);
  }

  let segment = -1;
  [...ownLine.keys()]
    .sort((a, b) => a - b)
    .forEach((line) => {
      const c = ownLine.get(line);
      if (!c) return;
      if (!ownLine.has(line - 1)) segment = line;
      const lead = leadingIds(c.body, ctx);
      if (lead) {
        segment = line;
        edits.set(line, lead.rest === '' ? null : `${(lines[line] ?? '').slice(0, c.column)}// ${lead.rest}`);
        insert(line, [...lead.ids, ...citedIn(lead.rest, line, ctx)]);
      } else insert(segment, citedIn(c.body, line, ctx));
    });

  const { map, annotations } = apply(lines, insertions, edits, test, ctx);
  return { text: joinMap(map), annotations, map };
}

/** A string literal re-written with the same quote character. */
function quoteString(value: string, quote: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + escaped.split(quote).join(`\\${quote}`) + quote;
}

/** An impl/ file before and after conversion. */
export interface ConvertedSource {
  readonly original: string;
  readonly map: readonly LineMap[];
}

/**
 * Converts the source lines held in the string literals of a mutant catalogue as impl/ was
 * converted: a string that starts a line of the original impl/ sources becomes the converted text of that
 * span (annotations inserted inside it included); any other string is converted on its own.
 */
export function convertFragments(file: string, text: string, ctx: ConvertContext, sources: readonly ConvertedSource[] = []): { readonly text: string; readonly literals: number } {
  const { strings, source } = lex(file, text);
  let out = text;
  let literals = 0;
  for (const s of [...strings].sort((a, b) => b.getStart(source) - a.getStart(source))) {
    if (s.text.trim().length < 8) continue;
    const found = new Set<string>();
    for (const src of sources) {
      const converted = joinMap(src.map);
      for (let at = src.original.indexOf(s.text); at >= 0; at = src.original.indexOf(s.text, at + 1)) {
        // Only source lines: a span that starts a line (a mere ID or word is no fragment).
        if (at > 0 && src.original[at - 1] !== '\n') continue;
        found.add(converted.slice(mapOffset(src.original, src.map, at), mapOffset(src.original, src.map, at + s.text.length)));
      }
    }
    const [only] = found;
    const next = found.size === 1 && only !== undefined ? only : /\/\/.*(?:5\.14|[AV]-[A-Z])/.test(s.text) ? convertComments('fragment.ts', s.text, false, ctx).text : s.text;
    if (next === s.text) continue;
    const quote = text[s.getStart(source)] ?? "'";
    out = out.slice(0, s.getStart(source)) + quoteString(next, quote) + out.slice(s.getEnd());
    literals++;
  }
  return { text: out, literals };
}

/**
 * A property's `requirements: [...]` is report data: each of its IDs that the file annotates
 * nowhere gets an annotation above the property's `check`.
 */
export function annotatePropertyChecks(file: string, text: string, ctx: ConvertContext): { readonly text: string; readonly annotations: number; readonly map: readonly LineMap[] } {
  const { source } = lex(file, text);
  const annotated = new Set(parseAnnotations(text).annotations.map((a) => a.id));
  const lines = text.split('\n');
  const insertions = new Map<number, Insertion>();
  const nameOf = (m: ts.ObjectLiteralElementLike): string | null => (m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : null);
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const cites = node.properties.find((m) => nameOf(m) === 'requirements' || nameOf(m) === 'cites');
      const check = node.properties.find((m) => nameOf(m) === 'check');
      if (cites && check && ts.isPropertyAssignment(cites) && ts.isArrayLiteralExpression(cites.initializer)) {
        const ids = cites.initializer.elements.filter(ts.isStringLiteral).map((e) => e.text).filter((id) => !annotated.has(id) && quoteSource(id, ctx.mapping, ctx.requirements) !== null);
        const line = source.getLineAndCharacterOfPosition(check.getStart(source)).line;
        if (ids.length > 0) insertions.set(line, { ids, indent: indentOf(lines[line] ?? ''), prose: [] });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const r = apply(lines, insertions, new Map(), false, ctx);
  return { text: joinMap(r.map), annotations: r.annotations, map: r.map };
}

export interface StringsOnly {
  readonly id: string;
  readonly layer: Layer;
  readonly file: string;
  readonly line: number;
  /** False where the file takes no comment (JSON): the citation is lost. */
  readonly annotated: boolean;
}

export interface ConvertReport {
  readonly files: ReadonlyMap<string, string>;
  readonly changed: readonly string[];
  readonly annotations: number;
  readonly literals: number;
  readonly stringsOnly: readonly StringsOnly[];
}

type Coverage = Map<string, Set<Layer>>;

const cover = (c: Coverage, id: string, layer: Layer): void => {
  const layers = c.get(id) ?? new Set<Layer>();
  layers.add(layer);
  c.set(id, layers);
};

/** Converts every scanned file of `root` in memory. */
export function convertTree(root: string): ConvertReport {
  const mapping = parseMapping(readFileSync(join(root, MAPPING_FILE), 'utf8'));
  const ctx: ConvertContext = { mapping, requirements: loadRequirements(root) };
  const tracked = gitTrackedFiles(root);
  const originals = new Map<string, string>();
  const files = new Map<string, string>();
  const maps = new Map<string, readonly LineMap[]>();
  let annotations = 0;
  let literals = 0;
  const before: Coverage = new Map();
  const update = (file: string, r: { readonly map: readonly LineMap[]; readonly annotations: number }): void => {
    const previous = maps.get(file);
    maps.set(file, previous ? compose(previous, r.map) : r.map);
    files.set(file, joinMap(r.map));
    annotations += r.annotations;
  };
  for (const file of scannedFiles(root, DEFAULT_DIRS, DEFAULT_EXCLUDE, tracked)) {
    const text = readFileSync(join(root, file), 'utf8');
    originals.set(file, text);
    files.set(file, text);
    const layer = layerOf(file);
    if (layer === null) continue;
    for (const m of mentionsIn(text, (l) => isAnnotationLine(l, '//'))) if (!isFamily(m.id)) cover(before, m.id, layer);
    for (const a of parseAnnotations(text).annotations) if (COUNTING_TYPES.has(a.type)) cover(before, a.id, layer);
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    update(file, convertComments(file, text, isTestFile(file), ctx));
    if (layer === 'properties') update(file, annotatePropertyChecks(file, files.get(file) ?? '', ctx));
  }

  // What the annotations alone cover; a citation only in strings is annotated where it would be lost.
  const after: Coverage = new Map();
  for (const [file, text] of files) {
    const layer = layerOf(file);
    if (layer !== null) for (const a of parseAnnotations(text).annotations) if (COUNTING_TYPES.has(a.type)) cover(after, a.id, layer);
  }
  const stringsOnly: StringsOnly[] = [];
  const pending = new Map<string, Map<number, string[]>>();
  for (const [id, layers] of before) {
    for (const layer of layers) {
      if (after.get(id)?.has(layer) === true || quoteSource(id, mapping, ctx.requirements) === null) continue;
      let found: StringsOnly | null = null;
      for (const [file, text] of files) {
        if (layerOf(file) !== layer) continue;
        const m = mentionsIn(text, (l) => isAnnotationLine(l, '//')).find((x) => x.id === id);
        if (m) {
          found = { id, layer, file, line: m.line, annotated: !file.endsWith('.json') };
          break;
        }
      }
      if (found === null) continue;
      stringsOnly.push(found);
      if (!found.annotated) continue;
      const byLine = pending.get(found.file) ?? new Map<number, string[]>();
      byLine.set(found.line - 1, [...(byLine.get(found.line - 1) ?? []), id]);
      pending.set(found.file, byLine);
    }
  }
  for (const [file, byLine] of pending) {
    const text = files.get(file) ?? '';
    const lines = text.split('\n');
    const { literals: ranges } = lex(file, text);
    const starts = lineStarts(text);
    const insertions = new Map<number, Insertion>();
    for (const [line, ids] of byLine) {
      let l = line;
      while (l > 0 && ranges.some(([s, e]) => s < (starts[l] ?? 0) && (starts[l] ?? 0) < e)) l--;
      const at = insertions.get(l) ?? { ids: [], indent: indentOf(lines[l] ?? ''), prose: [] };
      at.ids.push(...ids);
      insertions.set(l, at);
    }
    update(file, apply(lines, insertions, new Map(), isTestFile(file), ctx));
  }

  // Last, once impl/ is final: the mutant strings that quote it.
  const sources = [...maps].filter(([file]) => file.startsWith('impl/')).map(([file, map]) => ({ original: originals.get(file) ?? '', map }));
  for (const [file, text] of files) {
    if (!file.startsWith(SOURCE_FRAGMENTS) || !/\.[cm]?[jt]sx?$/.test(file)) continue;
    const f = convertFragments(file, text, ctx, sources);
    files.set(file, f.text);
    literals += f.literals;
  }

  const changed = [...files].filter(([file, text]) => originals.get(file) !== text).map(([file]) => file);
  return { files, changed, annotations, literals, stringsOnly };
}

function main(argv: readonly string[]): number {
  const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const report = convertTree(root);
  for (const s of report.stringsOnly) {
    console.log(`${s.annotated ? 'annotated' : 'lost     '} ${s.id} (${s.layer}): cited only in a string at ${s.file}:${s.line}`);
  }
  console.log(`${report.changed.length} files, ${report.annotations} annotations, ${report.literals} mutant strings rewritten, ${report.stringsOnly.length} strings-only citations`);
  if (argv.includes('--write')) {
    for (const file of report.changed) writeFileSync(join(root, file), report.files.get(file) ?? '');
    console.log(report.changed.length > 0 ? 'written' : 'nothing to write');
  } else if (report.changed.length > 0) console.log('dry run: --write changes the files');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
