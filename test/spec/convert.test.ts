// The converter from the old comment citations to annotations: what it writes for each shape of
// old citation, that the result passes the tracer's quote check, and that a second run changes
// nothing. (test/spec/ is not scanned, so the IDs here count for nothing.)
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { annotatePropertyChecks, convertComments, convertFragments, quoteLines, type ConvertContext } from '../../tools/spec-trace/convert.ts';
import { annotationProblems, loadRequirements, parseAnnotations, parseMapping } from '../../tools/spec-trace.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ctx: ConvertContext = { mapping: parseMapping(readFileSync(join(ROOT, 'SPEC_MAPPING.md'), 'utf8')), requirements: loadRequirements(ROOT) };
const convert = (text: string, test = false): string => convertComments(test ? 'test/x.test.ts' : 'impl/x.ts', text, test, ctx).text;

describe('quoteLines', () => {
  it('quotes the whole sentence when it fits two lines', () => {
    expect(quoteLines('To prevent such domino effect, the chain shall be limited.', 2)).toEqual(['To prevent such domino effect, the chain shall be limited.']);
  });

  it('quotes the clause with the normative keyword of a longer sentence, else twelve words', () => {
    const s1 = ctx.requirements.get('5.14.1-S1')?.text ?? '';
    expect(quoteLines(s1, 0)).toEqual(['It is expected that the PoS functions in partner networks must often communicate by data paths', 'that traverse the external Internet']);
    expect(quoteLines(s1, 60)).toEqual(['functions in partner networks must often', 'communicate by data paths that traverse']);
    const n3 = ctx.requirements.get('5.14.2-N3')?.text ?? '';
    expect(quoteLines(n3, 0)).toEqual(['If protocol of establishing SAs between an MN and a TPoS is']);
  });
});

describe('convertComments', () => {
  it('turns a leading ID into an annotation and keeps the prose', () => {
    expect(convert('  // 5.14.2-N4b: bounded\n  x();\n')).toBe(
      '  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b\n  //# To prevent such domino effect, the chain shall be limited.\n  // bounded\n  x();\n',
    );
  });

  it('moves a trailing citation above its line, and marks a test', () => {
    expect(convert("  expect(a).toBe(1); // 5.14.2-N4b\n", true)).toBe(
      '  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b\n  //= type=test\n  //# To prevent such domino effect, the chain shall be limited.\n  expect(a).toBe(1);\n',
    );
  });

  it('annotates the body of a case label, so an empty case still falls through', () => {
    expect(convert("switch (r) {\n  case 'EAP':\n  case 'ERP': // A-ERP-FULL: ERP is EAP-generated\n    return 1;\n}\n")).toBe(
      "switch (r) {\n  case 'EAP':\n  case 'ERP':\n    //= SPEC_MAPPING.md#A-ERP-FULL\n    //# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0\n    //# and yields ID_TYPE 1 (variant V-ERP-FULL).\n    // ERP is EAP-generated\n    return 1;\n}\n",
    );
  });

  it('expands ranges and the shorthand S7/S8, and annotates IDs mid-comment above the comment', () => {
    const out = convert('// 5.14.1-S8..S10, 5.14.2-S7/S8: several\n/** the depth (A-DEPTH-WIRE) */\nconst d = 1; // exactly (A-NONCE)\n');
    expect(parseAnnotations(out).annotations.map((a) => [a.id, a.line])).toEqual([
      ['5.14.1-S8', 1],
      ['5.14.1-S9', 4],
      ['5.14.1-S10', 7],
      ['5.14.2-S7', 10],
      ['5.14.2-S8', 13],
      ['A-DEPTH-WIRE', 16],
      ['A-NONCE', 20],
    ]);
    expect(out).toContain('\n// several\n//= SPEC_MAPPING.md#A-DEPTH-WIRE\n');
    expect(out).toContain('\n/** the depth (A-DEPTH-WIRE) */\n');
    expect(out.endsWith('const d = 1; // exactly (A-NONCE)\n')).toBe(true);
  });

  it('leaves strings, templates and ignored lines alone, and writes quotes the tracer accepts', () => {
    const text = "const s = '// 5.14.2-N4b';\nconst t = `a\n  // 5.14.2-N4c\n`;\nparse('5.14.2-N9'); // spec-trace-ignore: unknown on purpose\n";
    expect(convert(text)).toBe(text);
    const out = convert('// 5.14.2-N4c, A-CHAIN-L, V-ENFORCE-BOTH: all three\n');
    const { annotations } = parseAnnotations(out);
    expect(annotations).toHaveLength(3);
    for (const a of annotations) expect(annotationProblems(a, 'impl/x.ts', ctx.mapping, ctx.requirements)).toEqual([]);
  });

  it('changes nothing the second time', () => {
    const text = '// prose (A-REPLAY) here\n// 5.14.2-S8: c\nconst c = 1; // 5.14.2-S9: the MISK\n/** 5.14-T1 */\nexport const t = 3;\n';
    const once = convert(text);
    expect(once).not.toBe(text);
    expect(convert(once)).toBe(once);
  });
});

describe('the mutant strings and the property checks', () => {
  it('rewrites a string of impl/ source lines exactly as the lines themselves', () => {
    const line = "  if (x) return 'MN_REQUESTED'; // 5.14.2-N1c\n";
    const literal = `const MN = ${JSON.stringify(line)};\n`;
    const out = convertFragments('test/mutants/catalogue/x.ts', literal, ctx).text;
    expect(JSON.parse(out.slice('const MN = '.length, -2))).toBe(convert(line));
  });

  it('maps a string found in impl/ to the converted span, annotations inside it included', () => {
    const original = "  switch (m) {\n    case 'ERP':\n      return 1; // 5.14-T1: EAP-generated\n  }\n";
    const { map } = convertComments('impl/sa.ts', original, false, ctx);
    const literal = "const find = \"    case 'ERP':\\n      return 1;\";\n";
    const out = convertFragments('test/mutants/catalogue/x.ts', literal, ctx, [{ original, map }]).text;
    const value = JSON.parse(out.slice('const find = '.length, -2)) as string;
    expect(convertComments('impl/sa.ts', original, false, ctx).text).toContain(value);
    const id = convertFragments('test/mutants/catalogue/x.ts', "const r = '5.14-T1';\n", ctx, [{ original, map }]).text;
    expect(id).toBe("const r = '5.14-T1';\n");
    expect(value).toMatch(/^ {4}case 'ERP':\n {6}\/\/= spec\/clause-5\.14-proposed-text\.txt#5\.14-T1\n[^]*\n {6}return 1;$/);
  });

  it("annotates a property's reported IDs above its check where the file has none", () => {
    const text = "export const p = {\n  requirements: ['A-CHAIN-L'],\n  check(ctx) {\n    return null;\n  },\n};\n";
    const out = annotatePropertyChecks('properties/p.ts', text, ctx).text;
    expect(parseAnnotations(out).annotations.map((a) => [a.id, a.line])).toEqual([['A-CHAIN-L', 3]]);
    expect(annotatePropertyChecks('properties/p.ts', out, ctx).text).toBe(out);
  });
});
