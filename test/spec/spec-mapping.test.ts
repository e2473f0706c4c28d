// Keeps SPEC_MAPPING.md true: every cited ID exists, every normative sentence is checked or
// honestly marked open, every named path exists, the generated trace table is current, and
// the quoted sentences are exactly the clause. Also tests the tracer itself on fixtures.
// (test/spec/ is not scanned for citations, so the IDs quoted here count for nothing.)

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkMapping,
  extractIds,
  parseAnnotations,
  formatCoverage,
  parseMapping,
  summarize,
  tightenStatuses,
  traceRequirements,
  writeTraceTable,
  type Problem,
  type ProblemKind,
} from '../../tools/spec-trace.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const ofKind = (problems: readonly Problem[], kind: ProblemKind): string[] =>
  problems.filter((p) => p.kind === kind).map((p) => p.message);

describe('extractIds (mentions: checked for typos, never counted)', () => {
  it('finds requirement, assumption and variant IDs with their lines', () => {
    const text = ['// 5.14.2-N4c: force a full one', "cites: ['5.14-T1', 'A-CHAIN-L'] // V-ENFORCE-BOTH"].join('\n');
    expect(extractIds(text)).toEqual([
      { id: '5.14.2-N4c', line: 1 },
      { id: '5.14-T1', line: 2 },
      { id: 'A-CHAIN-L', line: 2 },
      { id: 'V-ENFORCE-BOTH', line: 2 },
    ]);
  });

  it('expands a range and keeps a family reference as one token', () => {
    expect(extractIds('5.14.1-S8..S10 and (V-ENFORCE-*)').map((c) => c.id)).toEqual(['5.14.1-S8', '5.14.1-S9', '5.14.1-S10', 'V-ENFORCE-*']);
  });

  it('picks up typos instead of ignoring them', () => {
    expect(extractIds('5.14.2-N4d 5.14.4-S1 5.14.2-S99').map((c) => c.id)).toEqual(['5.14.2-N4d', '5.14.4-S1', '5.14.2-S99']);
  });

  it('skips lines marked as feeding a deliberately unknown ID', () => {
    const text = ["parse('5.14.2-N9') // spec-trace-ignore: must be refused", '// spec-trace-ignore-next-line: unknown on purpose', "parse('V-BOGUS-X')"].join('\n');
    expect(extractIds(text)).toEqual([]);
    expect(extractIds("parse('V-TLS-NOPE'); parse('V-NOPE'); parse('V-TLS-NOPX')").map((c) => c.id)).toEqual(['V-TLS-NOPX']);
  });

  it('ignores look-alikes that are not IDs', () => {
    expect(extractIds("handover A-B, A-B-C, 'RSA-PSS', HMAC-SHA-256, clause 5.14, x.5.14.2-S1, A-Kdf-ish, /^[AV]-[A-Z0-9-]+$/")).toEqual([]);
  });
});

const N4B = '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b\n//# the chain shall be limited';
const N4C = '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n//# force a full one\n';
const N4C_TEST = '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n//= type=test\n//# force a full one\n';

// A minimal repository: two requirements, one assumption, one mentioned typo.
function fixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'spec-trace-'));
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'SPEC_MAPPING.md',
    [
      '# mapping',
      '',
      '| ID | text | force | normative | model | impl | status |',
      '|---|---|---|---|---|---|---|',
      '| 5.14.2-N4b | "the chain shall be limited" | shall | yes | `model/chain.ts#chainGuard` | — | checked |',
      '| 5.14.2-N4c | "force a full one" | shall | yes | — | — | open: awaiting properties |',
      '| 5.14.2-S1 | "this clause specifies" | informative | no | — | — | informative |',
      '',
      '| ID | assumption | reason | configured in |',
      '|---|---|---|---|',
      '| A-CHAIN-L | L = 3 | why | `docs/profile.md` |',
      '',
      '<!-- trace:begin -->',
      '<!-- trace:end -->',
      '',
    ].join('\n'),
  );
  write(
    'spec/requirements.json',
    JSON.stringify([
      { id: '5.14.2-N4b', normative: true, text: 'the chain shall be limited' },
      { id: '5.14.2-N4c', normative: true, text: 'force a full one' },
      { id: '5.14.2-S1', normative: false, text: 'this clause specifies' },
    ]),
  );
  write('model/chain.ts', `${N4B}\n// bounded\nexport const chainGuard = 1;\n`);
  write('properties/chain.ts', `${N4B}\n//= SPEC_MAPPING.md#A-CHAIN-L\n//# L = 3\n// depth never exceeds L\n`);
  write('test/chain.test.ts', '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b\n//= type=test\n//# the chain shall be limited\n');
  write('impl/policy.ts', '\n\n// 5.14.2-N4d: typo\n');
  write('docs/profile.md', 'profile\n');
  return root;
}

describe('the tracer on a fixture', () => {
  const roots: string[] = [];
  const make = (): string => {
    const root = fixture();
    roots.push(root);
    return root;
  };
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  it('reports a typo as an unknown ID with file and line', () => {
    const problems = checkMapping(make());
    expect(ofKind(problems, 'unknown-id')).toEqual(['impl/policy.ts:3: cites 5.14.2-N4d, which SPEC_MAPPING.md does not define']);
  });

  it('traces citations by layer and decides coverage', () => {
    const root = make();
    const traces = traceRequirements(root);
    const n4b = traces.find((t) => t.id === '5.14.2-N4b');
    expect(n4b?.files).toEqual({ model: ['model/chain.ts'], impl: [], properties: ['properties/chain.ts'], harness: [], tests: ['test/chain.test.ts'] });
    expect(n4b?.covered).toBe(true);
    expect(traces.find((t) => t.id === '5.14.2-N4c')?.covered).toBe(false);
    expect(traces.find((t) => t.id === 'A-CHAIN-L')?.files.properties).toEqual(['properties/chain.ts']);
    expect(summarize(traces)).toEqual({ requirements: 3, normative: 2, covered: 1, open: 1, closable: [] });
    expect(formatCoverage(traces)).toContain('3 sentences, 2 normative, 1 normative covered, 1 open');
  });

  it('fails a normative sentence that is neither covered nor open, and a "checked" that is not', () => {
    const root = make();
    const file = join(root, 'SPEC_MAPPING.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('| open: awaiting properties |', '| checked |'));
    const problems = checkMapping(root);
    expect(ofKind(problems, 'checked-but-uncovered')).toEqual([expect.stringContaining('5.14.2-N4c')]);
    // violated under attack is checked too: it needs the same coverage
    writeFileSync(file, readFileSync(file, 'utf8').replace('| shall | yes | — | — | checked |', '| shall | yes | — | — | checked-but-violated-under-attack: F-1 |'));
    expect(ofKind(checkMapping(root), 'checked-but-uncovered')).toEqual(['5.14.2-N4c is marked checked-but-violated-under-attack: F-1 but is not cited by both a properties/ file and a test file']);
    writeFileSync(file, readFileSync(file, 'utf8').replace('| checked-but-violated-under-attack: F-1 |', '| checked |'));
    writeFileSync(file, readFileSync(file, 'utf8').replace('| shall | yes | — | — | checked |', '| shall | yes | — | — | modelled |'));
    const again = checkMapping(root);
    expect(ofKind(again, 'uncovered')).toEqual([expect.stringContaining('5.14.2-N4c')]);
    expect(ofKind(again, 'malformed-row')).toEqual([expect.stringContaining('status must be')]);
  });

  it('fails a named path or symbol that does not exist', () => {
    const root = make();
    rmSync(join(root, 'docs/profile.md'));
    writeFileSync(join(root, 'model/chain.ts'), 'export const other = 1; // 5.14.2-N4b\n');
    const problems = checkMapping(root);
    expect(ofKind(problems, 'missing-path')).toEqual([expect.stringContaining('`docs/profile.md`')]);
    expect(ofKind(problems, 'missing-symbol')).toEqual([expect.stringContaining('no "chainGuard"')]);
  });

  it('fails a stale trace table until it is regenerated', () => {
    const root = make();
    expect(ofKind(checkMapping(root), 'stale-trace')).toEqual(['the trace table in SPEC_MAPPING.md is out of date: run npx tsx tools/spec-trace.ts --write']);
    expect(writeTraceTable(root)).toBe(true);
    expect(writeTraceTable(root)).toBe(false);
    expect(ofKind(checkMapping(root), 'stale-trace')).toEqual([]);
    mkdirSync(join(root, 'harness'));
    writeFileSync(join(root, 'harness/run.ts'), N4C);
    expect(ofKind(checkMapping(root), 'stale-trace')).toHaveLength(1);
  });

  it('tightens an open status once the sentence is covered, and nothing else', () => {
    const root = make();
    expect(writeTraceTable(root)).toBe(true);
    expect(tightenStatuses(root)).toEqual([]);
    writeFileSync(join(root, 'properties/full.ts'), N4C);
    writeFileSync(join(root, 'test/full.test.ts'), N4C_TEST);
    expect(tightenStatuses(root)).toEqual(['5.14.2-N4c']);
    const mapping = parseMapping(readFileSync(join(root, 'SPEC_MAPPING.md'), 'utf8'));
    expect(mapping.entries.get('5.14.2-N4c')?.status).toEqual({ kind: 'checked' });
    expect(mapping.entries.get('5.14.2-S1')?.status).toEqual({ kind: 'informative' });
    expect(mapping.entries.get('5.14.2-N4c')?.cells['text']).toBe('"force a full one"');
  });

  it('counts annotations by layer, and a mere mention of an ID for nothing', () => {
    const root = make();
    writeFileSync(join(root, 'impl/policy.ts'), '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n//# force a full\nexport const x = 1;\n');
    writeFileSync(join(root, 'test/full.test.ts'), '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n//= type=test\n//# a full one\n');
    mkdirSync(join(root, 'harness'));
    writeFileSync(join(root, 'harness/run.ts'), "// 5.14.2-N4c: named, not cited\nexport const cites = ['5.14.2-N4c'];\n");
    const n4c = traceRequirements(root).find((t) => t.id === '5.14.2-N4c');
    expect(n4c?.files).toEqual({ model: [], impl: ['impl/policy.ts'], properties: [], harness: [], tests: ['test/full.test.ts'] });
    expect(ofKind(checkMapping(root), 'quote-mismatch')).toEqual([]);
  });

  it('fails a misquote, an unknown ID, a wrong target, a wrong type and an exception without reason', () => {
    const root = make();
    writeFileSync(
      join(root, 'impl/policy.ts'),
      [
        '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4b',
        '//# the chain shall be unlimited',
        '//= spec/clause-5.14-proposed-text.txt#5.14.2-N9',
        '//# anything',
        '//= spec/clause-5.14-proposed-text.txt#A-CHAIN-L',
        '//# L = 3',
        '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c',
        '//= type=test',
        '//# force',
        '//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c',
        '//= type=exception',
        '//# force',
        '',
      ].join('\n'),
    );
    writeFileSync(join(root, 'model/exempt.ts'), '//= SPEC_MAPPING.md#A-CHAIN-L\n//= type=exception\n//= reason=the profile fixes L elsewhere\n//# L = 3\n');
    const problems = checkMapping(root);
    expect(ofKind(problems, 'quote-mismatch')).toEqual(['impl/policy.ts:1: "the chain shall be unlimited" is not in the text of 5.14.2-N4b']);
    expect(ofKind(problems, 'unknown-id')).toEqual(['impl/policy.ts:3: cites 5.14.2-N9, which SPEC_MAPPING.md does not define']);
    expect(ofKind(problems, 'wrong-target')).toEqual(['impl/policy.ts:5: A-CHAIN-L is quoted from SPEC_MAPPING.md, not spec/clause-5.14-proposed-text.txt']);
    expect(ofKind(problems, 'wrong-type')).toEqual(['impl/policy.ts:7: 5.14.2-N4c: type=test outside a test file']);
    expect(ofKind(problems, 'exception-without-reason')).toEqual(['impl/policy.ts:10: 5.14.2-N4c: an exception needs a reason=… line']);
    // An exception is accounted for but cites nothing.
    expect(traceRequirements(root, { trackedOnly: false }).find((t) => t.id === 'A-CHAIN-L')?.files.model).toEqual([]);
    expect(ofKind(problems, 'bad-annotation')).toEqual([]);
  });

  it('fails when requirements.json and the mapping disagree', () => {
    const root = make();
    writeFileSync(
      join(root, 'spec/requirements.json'),
      JSON.stringify([
        { id: '5.14.2-N4b', normative: false, text: 'the chain shall be limited' },
        { id: '5.14.2-N4c', normative: true, text: 'force a full one!' },
      ]),
    );
    expect(ofKind(checkMapping(root), 'requirements-json')).toEqual([
      '5.14.2-N4b: normative is false in spec/requirements.json but true in SPEC_MAPPING.md',
      '5.14.2-N4c: the text quoted in SPEC_MAPPING.md differs from spec/requirements.json',
      '5.14.2-S1 is in SPEC_MAPPING.md but not in spec/requirements.json',
    ]);
  });
});

describe('parseAnnotations', () => {
  it('reads a target, keys and a quote joined over lines', () => {
    const text = [
      'const x = 1;',
      '  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c',
      '  //= type=test',
      '  //# it shall force an SA',
      '  //#   establishment',
      '  check();',
      '//= SPEC_MAPPING.md#A-CHAIN-L',
      '//# L = 3',
    ].join('\n');
    expect(parseAnnotations(text)).toEqual({
      annotations: [
        { target: 'spec/clause-5.14-proposed-text.txt', id: '5.14.2-N4c', type: 'test', reason: null, quote: 'it shall force an SA establishment', line: 2 },
        { target: 'SPEC_MAPPING.md', id: 'A-CHAIN-L', type: 'implementation', reason: null, quote: 'L = 3', line: 7 },
      ],
      errors: [],
    });
  });

  it('reads the Python markers', () => {
    expect(parseAnnotations('#= SPEC_MAPPING.md#A-CHAIN-L\n## L = 3\n', '#').annotations.map((a) => a.quote)).toEqual(['L = 3']);
  });

  it('refuses an annotation without a quote, a stray quote, an unknown type and a key after the quote', () => {
    const text = ['//# stray', '//= a.txt#X', 'code', '//= a.txt#Y', '//= type=sometimes', '//# q', '//= a.txt#Z', '//# q', '//= type=test'].join('\n');
    expect(parseAnnotations(text).errors.map((e) => e.line)).toEqual([1, 2, 4, 9]);
  });
});

describe('SPEC_MAPPING.md', () => {
  const problems = checkMapping(ROOT);
  const mapping = parseMapping(readFileSync(join(ROOT, 'SPEC_MAPPING.md'), 'utf8'));

  it('defines every ID cited in model/, impl/, properties/, harness/ and test/', () => {
    expect(ofKind(problems, 'unknown-id')).toEqual([]);
  });

  it('has well-formed rows and agrees with spec/requirements.json', () => {
    expect([...ofKind(problems, 'malformed-row'), ...ofKind(problems, 'requirements-json')]).toEqual([]);
  });

  it('checks every normative sentence by a property and a test, or marks it open with a reason', () => {
    expect([...ofKind(problems, 'uncovered'), ...ofKind(problems, 'checked-but-uncovered')]).toEqual([]);
    expect([...ofKind(problems, 'violation-not-shown'), ...ofKind(problems, 'violation-unmarked')]).toEqual([]);
  });

  it('names only paths and symbols that exist', () => {
    expect([...ofKind(problems, 'missing-path'), ...ofKind(problems, 'missing-symbol')]).toEqual([]);
  });

  it('has an up-to-date trace table', () => {
    expect([...ofKind(problems, 'no-trace-markers'), ...ofKind(problems, 'stale-trace')]).toEqual([]);
  });

  it('gives every requirement a quoted text, a force and a status, and every finding a title', () => {
    const reqs = [...mapping.entries.values()].filter((e) => e.kind === 'requirement');
    expect(reqs).toHaveLength(53);
    for (const r of reqs) {
      expect(r.cells['text'], r.id).toMatch(/^".+"$/);
      expect(r.cells['force'], r.id).not.toBe('');
    }
    const markdown = readFileSync(join(ROOT, 'SPEC_MAPPING.md'), 'utf8');
    const findings = [...markdown.matchAll(/^### (F-\d+) /gm)].map((m) => m[1]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings).toEqual(findings.map((_, i) => `F-${i + 1}`));
  });
});

describe('the sentence IDs against the clause text', () => {
  const normalize = (s: string): string =>
    s
      .replace(/\[bookmark:[^\]]*\]/g, '')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\s+/g, ' ')
      .trim();
  const clause = normalize(readFileSync(join(ROOT, 'spec/clause-5.14-proposed-text.txt'), 'utf8'));
  const reqs = JSON.parse(readFileSync(join(ROOT, 'spec/requirements.json'), 'utf8')) as { id: string; text: string }[];

  it('quotes every sentence verbatim (the table row 5.14-T1 aside)', () => {
    const misquoted = reqs.filter((r) => r.id !== '5.14-T1' && !clause.includes(normalize(r.text))).map((r) => r.id);
    expect(misquoted).toEqual([]);
  });

  it('leaves no sentence of the clause without an ID', () => {
    let rest = clause;
    for (const r of reqs) if (r.id !== '5.14-T1') rest = rest.replace(normalize(r.text), '\u0000');
    // What is left between the quoted sentences: front matter, headings, the figure, a
    // reviewer comment, the note numbers and the table (5.14-T1 paraphrases its row).
    const allowed = [
      /^Abstract This document contains proposed text changes for Clause 5\.14 .* \(DCN: 21-16-0008-04-SAUC\)\. 5\.14 PoS facilitated proactive authentication for single radio handover service$/,
      /^5\.14\.1 Establishing MIS Security Association between roaming partners$/,
      /^\[image: \] Figure 1 —MN handover signaling for preregistration using SPoS\.$/,
      /^Comment by lily chen: This paragraph is moved up to the current location\.$/,
      /^5\.14\.2 Optimized MIH SA establishment for single radio handover service$/,
      /^Note: 1\.$/,
      /^[234]\.$/,
      /^5\.14\.3 TPoS selection by the SPoS$/,
      /^Add following Table to Draft IEEE P802\.21\.1\/D01\. Table Error! No text of specified style in document\.\.1—Data type for security Data type Derived from Definition ID_TYPE EUMERATED The type of security association\. 0: TLS-generated; 1: EAP-generated; 2: GKB-generated; 3: SPoS-generated$/,
    ];
    const leftovers = rest
      .split('\u0000')
      .map((s) => s.trim())
      .filter((s) => s !== '' && !allowed.some((re) => re.test(s)));
    expect(leftovers).toEqual([]);
  });
});
