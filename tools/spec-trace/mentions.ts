// IDs written anywhere in a file, comment or string. A mention counts for nothing (only
// annotations cite) but must still name a defined ID, so a typo is caught; the converter reads
// the old citations, which were mentions, with it.

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

export interface Mention {
  readonly id: string;
  /** 1-based line. */
  readonly line: number;
  /** 0-based column of the token that produced the ID (a range's start for every ID it expands to). */
  readonly column: number;
  /** Length of that token. */
  readonly length: number;
}

/** IDs written in one line of text. Ranges "X-S8..S10" are expanded. */
export function mentionsInLine(lineText: string, line: number): Mention[] {
  const out: Mention[] = [];
  for (const m of lineText.matchAll(REQ_CITE)) {
    const id = m[1] ?? '';
    const at = { line, column: m.index, length: m[0].length };
    out.push({ id, ...at });
    const rangeLetters = m[2];
    const rangeEnd = m[3];
    const start = /^(.*-)([A-Z]+)(\d+)$/.exec(id);
    if (rangeLetters && rangeEnd && start && start[2] === rangeLetters) {
      const from = Number(start[3]);
      const to = Number(rangeEnd);
      // An absurd range is cited as its end point only, so it still surfaces if unknown.
      if (to > from && to - from <= 40) {
        for (let n = from + 1; n <= to; n++) out.push({ id: `${start[1]}${rangeLetters}${n}`, ...at });
      } else {
        out.push({ id: `${start[1]}${rangeLetters}${rangeEnd}`, ...at });
      }
    }
  }
  for (const m of lineText.matchAll(AV_CITE)) {
    const id = m[1] ?? '';
    if (id.split('-').includes(RESERVED_INVALID_SEGMENT)) continue;
    out.push({ id: `${id}${m[2] ?? ''}`, line, column: m.index, length: m[0].length });
  }
  return out;
}

/**
 * IDs mentioned in a text, with 1-based line numbers. `skip` tells lines that mention nothing
 * (annotation lines, whose IDs and quotes the annotation checks itself).
 */
export function mentionsIn(text: string, skip: (lineText: string) => boolean = () => false): Mention[] {
  const out: Mention[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, index) => {
    // A test that feeds a deliberately unknown ID to a parser says so, on the line or the one before.
    if (IGNORE_LINE.test(lineText) || IGNORE_NEXT_LINE.test(lines[index - 1] ?? '') || skip(lineText)) return;
    out.push(...mentionsInLine(lineText, index + 1));
  });
  return out;
}

/** IDs mentioned in a text, with 1-based line numbers. */
export function extractIds(text: string): { readonly id: string; readonly line: number }[] {
  return mentionsIn(text).map(({ id, line }) => ({ id, line }));
}

/** "V-ENFORCE-*": a reference to a family of IDs, not a citation of one. */
export const isFamily = (id: string): boolean => id.endsWith('-*');
