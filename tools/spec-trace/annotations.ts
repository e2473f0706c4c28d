// The annotation grammar (duvet's): a target line, optional key lines, then the quote.
//
//   //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//   //= type=test
//   //# That is, after certain number of executions of the optimized SA establishment, it shall
//   //# force an SA establishment through the methods specified in 21m.
//
// In a file whose comments start with `#` (Python) the markers are `#=` and `##`.
import { ANNOTATION_TYPES, type AnnotationType } from './types.ts';

export interface Annotation {
  /** The file the quote comes from: the clause text, or SPEC_MAPPING.md. */
  readonly target: string;
  readonly id: string;
  readonly type: AnnotationType;
  readonly reason: string | null;
  /** The `//#` lines joined with single spaces, whitespace normalized. */
  readonly quote: string;
  /** 1-based line of the target line. */
  readonly line: number;
}

export interface AnnotationError {
  readonly line: number;
  readonly message: string;
}

export const normalizeSpace = (s: string): string => s.replace(/\s+/g, ' ').trim();

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\#]/g, '\\$&');

/** The meta (`//=`) and quote (`//#`) prefixes of a comment marker. */
export function annotationPrefixes(marker: string): { readonly meta: string; readonly quote: string } {
  return { meta: `${marker}=`, quote: `${marker}#` };
}

/** Whether a line is part of an annotation (so its IDs are not mentions). */
export function isAnnotationLine(lineText: string, marker: string): boolean {
  const t = lineText.trimStart();
  const { meta, quote } = annotationPrefixes(marker);
  return t.startsWith(meta) || t.startsWith(quote);
}

interface Open {
  target: string;
  id: string;
  type: string | null;
  reason: string | null;
  quote: string[];
  line: number;
}

/** Every annotation in a text, and what is malformed about the rest. */
export function parseAnnotations(text: string, marker = '//'): { readonly annotations: Annotation[]; readonly errors: AnnotationError[] } {
  const annotations: Annotation[] = [];
  const errors: AnnotationError[] = [];
  const metaLine = new RegExp(String.raw`^\s*${escape(marker)}=\s?(.*)$`);
  const quoteLine = new RegExp(String.raw`^\s*${escape(marker)}#\s?(.*)$`);
  let open: Open | null = null;
  const close = (): void => {
    if (open === null) return;
    const o = open;
    open = null;
    const type = o.type ?? 'implementation';
    if (!(ANNOTATION_TYPES as readonly string[]).includes(type)) {
      errors.push({ line: o.line, message: `${o.id}: unknown type "${type}" (one of ${ANNOTATION_TYPES.join(', ')})` });
      return;
    }
    if (o.quote.length === 0) {
      errors.push({ line: o.line, message: `${o.id}: an annotation needs at least one ${marker}# line quoting the sentence` });
      return;
    }
    annotations.push({ target: o.target, id: o.id, type: type as AnnotationType, reason: o.reason, quote: normalizeSpace(o.quote.join(' ')), line: o.line });
  };
  text.split(/\r?\n/).forEach((lineText, index) => {
    const line = index + 1;
    const quote = quoteLine.exec(lineText);
    if (quote) {
      if (open === null) errors.push({ line, message: `a ${marker}# quote line outside an annotation` });
      else open.quote.push(quote[1] ?? '');
      return;
    }
    const meta = metaLine.exec(lineText);
    if (!meta) {
      close();
      return;
    }
    const body = (meta[1] ?? '').trim();
    const key = /^(type|reason)=(.*)$/.exec(body);
    if (key) {
      if (open === null) errors.push({ line, message: `"${body}" outside an annotation` });
      else if (open.quote.length > 0) errors.push({ line, message: `"${body}" after the quote: keys go between the target and the quote` });
      else if (key[1] === 'type') open.type = (key[2] ?? '').trim();
      else open.reason = (key[2] ?? '').trim();
      return;
    }
    const target = /^(\S+)#(\S+)$/.exec(body);
    close();
    if (target) open = { target: target[1] ?? '', id: target[2] ?? '', type: null, reason: null, quote: [], line };
    else errors.push({ line, message: `"${body}" is neither <target>#<ID> nor type=… / reason=…` });
  });
  close();
  return { annotations, errors };
}

/** The annotation lines for one ID, as the converter writes them (no trailing newline). */
export function formatAnnotation(a: { readonly target: string; readonly id: string; readonly type?: AnnotationType; readonly reason?: string; readonly quoteLines: readonly string[] }, indent: string, marker = '//'): string {
  const out = [`${indent}${marker}= ${a.target}#${a.id}`];
  if (a.type !== undefined && a.type !== 'implementation') out.push(`${indent}${marker}= type=${a.type}`);
  if (a.reason !== undefined) out.push(`${indent}${marker}= reason=${a.reason}`);
  for (const q of a.quoteLines) out.push(`${indent}${marker}# ${q}`);
  return out.join('\n');
}
