// The proposals of the findings taken together (tools/proposals/): they apply to the seed text,
// they keep the six rules the review's conflicts became, and the working group's outputs in
// docs/wg/ are what the tools make of them. The fixtures below carry the proposed texts as the
// findings stated them before the conflicts were resolved, and each rule must refuse them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { applyChanges, buildProposals, checkProposals, loadSeed, modelIdTypes, tokenize, wordDiff, type Conflict, type RuleId, type Seed } from '../../tools/proposals/index.ts';
import { parseFindings, type Finding } from '../../tools/spec-trace.ts';
import { cli } from '../cli/helpers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const seed = loadSeed(ROOT);
const ID_TYPES = modelIdTypes(ROOT);

/** Findings from a Markdown fixture, each `### F-n` with its Kind line and changes. */
const findingsOf = (md: string): Finding[] => parseFindings(md);
const rulesOf = (conflicts: readonly Conflict[]): RuleId[] => [...new Set(conflicts.map((c) => c.rule))].sort();
const conflictsOf = (findings: readonly Finding[], base: Seed = seed): Conflict[] => checkProposals({ text: applyChanges(base, findings).text, findings, idTypes: ID_TYPES });

// The proposed texts as the findings first wrote them (Note 1 and Note 4 as Notes, F-10's code
// point 4, F-17 letting the MN derive K next to F-25 sending K to it).
const OLD_NOTE_1 = `> 1. The optimized MIH SA establishment shall be used only when the network domains of the
> SPoS and of the TPoS have a trust relationship (roaming agreement) with each other and the
> SPoS and the TPoS share an MIS SA. The SPoS shall not start the optimized establishment, and
> the MN and the TPoS shall establish their SA by a method specified in Clause 9 of IEEE Std
> 802.21-XXXX, when the optimized establishment is not allowed by this clause, when the TPoS
> refuses it, or when the MN or the TPoS requests a full establishment. The SPoS indicates the
> fallback to the MN in the MIS_Prereg_Xfer response, with the reason.`;
const OLD_NOTE_4 = `> 4. The SPoS knows K and hence every key the TPoS derives from it. If an SPoS is compromised,
> the SA it helps establish is compromised, and so is every SA derived from that SA by further
> optimized establishments, as the TPoS becomes the SPoS for the next handover. To limit this
> chain, every MIH SA has a chain depth: 0 for an SA established by a method of Clause 9 of
> IEEE Std 802.21-XXXX (EAP, ERP or (D)TLS), and d + 1 for an SA established by the optimized
> establishment from an MN–SPoS SA of depth d. The SPoS shall carry the depth of the SA to be
> established in the MIS_N2N_Prereg_Xfer request, integrity-protected under the MIS SA. The SPoS
> shall not start, and the TPoS shall refuse with a full-establishment indication, an optimized
> establishment whose depth is less than 1 or greater than L, where L is a configured value
> (default 3). The MN shall count the depth of its own SAs and shall request a full
> establishment when its SA with the SPoS has depth L; an MN that requested a full
> establishment shall not accept an optimized one. With these rules one compromised PoS can
> compute the keys of at most L later SAs.`;

const finding = (n: number, changes: string): string => `### F-${n} fixture\n\nKind: clause defect. Resolution: accept.\n\nWhat is wrong.\n\n${changes}\n`;

describe('the proposals of SPEC_MAPPING.md', () => {
  const p = buildProposals(ROOT);

  it('are well formed and every change applies to the seed text', () => {
    expect(p.problems).toEqual([]);
    expect(p.findings.length).toBeGreaterThanOrEqual(29);
    for (const f of p.findings) expect(f.kind, f.id).not.toBeNull();
    expect(p.applied.placed.length).toBeGreaterThan(25);
  });

  it('keep every rule taken together', () => {
    expect(p.conflicts).toEqual([]);
  });

  it('label every finding, and only clause defects become comments', () => {
    const kinds = new Set(p.findings.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['clause defect', 'profile artefact']));
    const defects = p.findings.filter((f) => f.kind === 'clause defect').map((f) => f.number);
    expect(p.comments.map((c) => c.cid)).toEqual(defects);
    for (const c of p.comments) expect(['accept', 'revise'], `CID ${c.cid}`).toContain(c.status);
  });

  it('link a counterexample that exists and the matrix rows that verify the remedy wherever a comment rests on one', () => {
    const withCex = p.comments.filter((c) => c.counterexamples.length > 0);
    expect(withCex.map((c) => c.finding)).toEqual(expect.arrayContaining(['F-2', 'F-6', 'F-12', 'F-16']));
    const matrix = readFileSync(join(ROOT, 'docs/whatif/matrix.md'), 'utf8');
    const rows = new Set((JSON.parse(readFileSync(join(ROOT, 'docs/whatif/matrix.json'), 'utf8')) as { rows: { row: { id: string } }[] }).rows.map((r) => r.row.id));
    for (const c of withCex) {
      expect(c.verifiedBy.length, c.finding).toBeGreaterThan(0);
      for (const row of c.verifiedBy) {
        expect(rows, `${c.finding}: ${row}`).toContain(row);
        expect(matrix, `${c.finding}: ${row}`).toContain(`<a id="row-${row}"></a>`);
      }
      for (const id of c.counterexamples) expect(() => readFileSync(join(ROOT, 'docs/whatif/cex', `${id}.md`)), id).not.toThrow();
    }
    // F-35's remedy (K from the home, from the EMSK) is one PROPOSED does not take
    expect(p.comments.find((c) => c.finding === 'F-35')?.verifiedBy).toEqual(['PROPOSED', 'V-K-HPOS-EMSK']);
    expect(p.comments.find((c) => c.finding === 'F-6')?.verifiedBy).toEqual(['PROPOSED']);
  });

  it('refuse a "Verified by" line that names no rows', () => {
    const [f] = findingsOf('### F-1 A title (5.14.2-S2)\n\nKind: clause defect. Resolution: accept.\n\nText.\n\nVerified by: the proposed row.\n');
    expect(f?.errors).toEqual(['"Verified by: the proposed row." is not "Verified by: ROW, ROW." (row ids of the what-if matrix)']);
    expect(f?.verifiedBy).toBeNull();
  });

  it('are what docs/wg/ holds (regenerate: npm run proauth -- spec --comments --redline)', () => {
    for (const [name, text] of Object.entries(p.files)) expect(readFileSync(join(ROOT, 'docs/wg', name), 'utf8'), name).toBe(text);
  });

  it('locate each comment on the line of the seed text its sentence starts on', () => {
    const lines = seed.text.split('\n');
    const byFinding = new Map(p.comments.map((c) => [c.finding, c]));
    // F-6 rewrites Note 4, F-10 the table, F-18 the first sentence of 5.14.1.
    expect(lines[(byFinding.get('F-6')?.line ?? 0) - 1]).toMatch(/^4\. If any SPoS is compromised/);
    expect(lines[(byFinding.get('F-10')?.line ?? 0) - 1]).toMatch(/EUMERATED/);
    expect(lines[(byFinding.get('F-18')?.line ?? 0) - 1]).toMatch(/It is expected that the PoS functions/);
    expect(byFinding.get('F-6')?.subclause).toBe('5.14.2 Note 4');
  });

  it('write a CSV of one row per comment, twelve fields each', () => {
    const csv = p.files['comments.csv'];
    expect(csv.split('\r\n')[0]).toBe('CID,Clause,Subclause,Page,Line,Comment,Proposed change,Rationale,Counterexample,Verifying cell,Status,Finding');
    // RFC 4180: count the fields of each record by a small parser, not by splitting on commas.
    const records: string[][] = [[]];
    let field = '';
    let quoted = false;
    const endField = (): void => {
      records[records.length - 1]?.push(field);
      field = '';
    };
    for (let i = 0; i < csv.length; i++) {
      const ch = csv[i] ?? '';
      if (quoted && ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === ',') endField();
      else if (!quoted && ch === '\r' && csv[i + 1] === '\n') {
        endField();
        records.push([]);
        i++;
      } else field += ch;
    }
    const body = records.slice(1).filter((r) => r.length > 0);
    expect(body).toHaveLength(p.comments.length);
    for (const r of body) expect(r).toHaveLength(12);
  });

  it('make a redline whose two sides are the seed and the proposed text', () => {
    const md = p.files['redline.md'];
    expect(md).toContain('<del>EUMERATED</del><ins>ENUMERATED</ins>');
    expect(md).toContain('<del>Note:</del>');
    expect(p.files['redline.html']).toMatch(/^<!doctype html>/);
    expect(p.files['redline.html']).not.toMatch(/<(?:script|link)\b|src=/);
    expect(p.redline.deleted).toBeGreaterThan(100);
  });
});

describe('each rule refuses the conflict the review found', () => {
  it('shall-in-note: the seed itself, whose Notes 1 and 4 say "shall"', () => {
    const c = conflictsOf([]).filter((x) => x.rule === 'shall-in-note');
    expect(c.map((x) => x.message).join('\n')).toMatch(/shall fall back[\s\S]*shall be limited[\s\S]*shall force/);
  });

  it('shall-in-note: a proposed Note 4 that stays a Note', () => {
    const f = findingsOf(finding(6, `Change: replace 5.14.2-N4a, 5.14.2-N4b, 5.14.2-N4c.\n\n${OLD_NOTE_4.replace('> 4. ', '> ')}\n`));
    expect(rulesOf(conflictsOf(f))).toContain('shall-in-note');
  });

  it('one-term and mis-sa-mandatory: the old Note 1 (MIH SA next to MIS SA, "share an MIS SA")', () => {
    const f = findingsOf([finding(1, `Change: replace 5.14.2-N1a, 5.14.2-N1b, 5.14.2-N1c.\n\n${OLD_NOTE_1.replace('> 1. ', '> ')}`), finding(21, 'Change: throughout "MIH SA" → "MIS SA".'), finding(27, 'Change: replace "Note: ".\n\n> 5.14.2.1 Conditions')].join('\n'));
    const c = conflictsOf(f);
    expect(c.find((x) => x.rule === 'one-term')?.message).toBe(`F-1's proposed text says "MIH SA", which F-21 retires`);
    expect(c.find((x) => x.rule === 'mis-sa-mandatory')?.message).toMatch(/share an MIS SA/);
  });

  it('one-term: both terms in the text when nothing renames', () => {
    expect(rulesOf(conflictsOf([]))).toContain('one-term');
  });

  it('default-in-normative and mis-sa-mandatory: the old Note 4 ("(default 3)", "under the MIS SA")', () => {
    const f = findingsOf([finding(6, `Change: replace 5.14.2-N4a, 5.14.2-N4b, 5.14.2-N4c.\n\n${OLD_NOTE_4.replace('> 4. ', '> ')}`), finding(27, 'Change: replace "Note: ".\n\n> 5.14.2.1 Conditions')].join('\n'));
    const c = conflictsOf(f);
    expect(c.find((x) => x.rule === 'default-in-normative')?.message).toMatch(/\(default 3\)/);
    expect(c.find((x) => x.rule === 'mis-sa-mandatory')?.message).toMatch(/under the MIS SA/);
  });

  it('one-k-deriver: F-17 letting the MN derive K while F-25 sends K to the MN', () => {
    const f = findingsOf(
      [
        finding(17, 'Change: insert after 5.14.2-S6.\n\n> Specify K = KDF(MN–SPoS key, label, MN ‖ SPoS ‖ TPoS ‖ Nonce-N) and let the MN derive it.'),
        finding(25, 'Change: replace 5.14.3-S7.\n\n> After the TPoS has accepted the optimized establishment, the SPoS shall send the address of the TPoS and K to the MN in the MIS_Prereg_Xfer response.'),
      ].join('\n'),
    );
    expect(conflictsOf(f).find((x) => x.rule === 'one-k-deriver')?.message).toMatch(/^the MN derives K, yet K is sent to it/);
  });

  it('id-type-code-points: the old F-10 adding "4: HPoS-generated", which the model does not know', () => {
    const f = findingsOf(finding(10, 'Change: replace "3: SPoS-generated".\n\n> 3: SPoS-generated; 4: HPoS-generated'));
    expect(conflictsOf(f).find((x) => x.rule === 'id-type-code-points')?.message).toBe('ID_TYPE 4 (HPoS-generated) is no code point the model knows (0, 1, 2, 3)');
  });

  it('id-type-code-points: a sentence that names a code point by the wrong name', () => {
    const f = findingsOf(finding(10, 'Change: insert paragraph after "3: SPoS-generated".\n\n> An SA with K from the HPoS is SPoS-generated (1).'));
    expect(conflictsOf(f).find((x) => x.rule === 'id-type-code-points')?.message).toBe('the text calls SPoS-generated 1, the table EAP-generated');
  });
});

describe('applying changes', () => {
  const tiny: Seed = {
    text: 'Title\nFirst one. Second one.\nThird one, with MIH SA.\n',
    sentences: new Map([
      ['5.14.2-S1', { id: '5.14.2-S1', clause: '5.14.2', text: 'First one.' }],
      ['5.14.2-S2', { id: '5.14.2-S2', clause: '5.14.2', text: 'Second one.' }],
      ['5.14.2-S3', { id: '5.14.2-S3', clause: '5.14.2', text: 'Third one, with MIH SA.' }],
    ]),
  };
  const run = (md: string): ReturnType<typeof applyChanges> => applyChanges(tiny, findingsOf(md));

  it('replaces, deletes, inserts and renames', () => {
    const r = run(
      [
        finding(1, 'Change: replace 5.14.2-S1, 5.14.2-S2.\n\n> One and two.'),
        finding(2, 'Change: insert after 5.14.2-S3.\n\n> Fourth.'),
        finding(3, 'Change: insert paragraph after "Title".\n\n> Subtitle'),
        finding(4, 'Change: throughout "MIH SA" → "MIS SA".'),
      ].join('\n'),
    );
    expect(r.problems).toEqual([]);
    expect(r.text).toBe('Title\nSubtitle\nOne and two.\nThird one, with MIS SA. Fourth.\n');
    expect(run(finding(1, 'Change: delete "Subtitle".')).problems).toEqual(['F-1: "Subtitle" does not occur in spec/clause-5.14-proposed-text.txt']);
    expect(run(finding(1, 'Change: delete 5.14.2-S2.')).text).toBe('Title\nFirst one. \nThird one, with MIH SA.\n');
  });

  it('refuses two changes of one sentence, an insertion into changed text, and targets that are not there once', () => {
    expect(run([finding(1, 'Change: replace 5.14.2-S2.\n\n> A.'), finding(2, 'Change: delete 5.14.2-S1, 5.14.2-S2.')].join('\n')).problems).toEqual([expect.stringMatching(/^F-1 \(replace .*\) and F-2 \(delete .*\) change the same text$/)]);
    expect(run([finding(1, 'Change: replace 5.14.2-S2.\n\n> A.'), finding(2, 'Change: insert after 5.14.2-S2.\n\n> B.')].join('\n')).problems).toEqual([expect.stringMatching(/^F-2 \(insert-after .*\) is anchored on text that F-1 \(replace .*\) changes$/)]);
    expect(run([finding(1, 'Change: insert after 5.14.2-S3.\n\n> A.'), finding(2, 'Change: insert after 5.14.2-S3.\n\n> B.')].join('\n')).problems).toEqual([expect.stringContaining('insert at the same place')]);
    expect(run(finding(1, 'Change: delete "one".')).problems).toEqual(['F-1: "one" occurs more than once in spec/clause-5.14-proposed-text.txt']);
    expect(run(finding(1, 'Change: delete 5.14.2-S1, 5.14.2-S3.')).problems).toEqual(['F-1: 5.14.2-S1, 5.14.2-S3 are not adjacent sentences']);
    expect(applyChanges(seed, findingsOf(finding(1, 'Change: delete 5.14-T1.'))).problems).toEqual([expect.stringContaining('5.14-T1 is a table row')]);
  });

  it('tells a malformed finding by its line', () => {
    const f = findingsOf('### F-1 x\n\nKind: clause defect.\n\nChange: replace 5.14.2-S99x.\n\n> A.\n\nChange: insert after 5.14.2-S1.\n\n> Quote for a change.\n\n> A stray quote.\n');
    expect(f[0]?.errors).toEqual(['"5.14.2-S99x" is neither a sentence ID nor a "quoted" fragment', 'a block quote without a Change line before it', 'a clause defect needs "Resolution: accept|revise"']);
  });
});

describe('the word diff', () => {
  const side = (ops: ReturnType<typeof wordDiff>, keep: 'del' | 'ins'): string => ops.filter((o) => o.kind === 'same' || o.kind === keep).map((o) => o.text).join('');
  const words = fc.array(fc.constantFrom('a', 'b', 'c', 'shall', 'K', '\n', ' '), { maxLength: 40 }).map((ws) => ws.join(' '));

  it('is an edit script: its deletions rebuild the old text, its insertions the new one', () => {
    fc.assert(
      fc.property(words, words, (a, b) => {
        const ops = wordDiff(a, b);
        expect(side(ops, 'del')).toBe(tokenize(a).join(''));
        expect(side(ops, 'ins')).toBe(tokenize(b).join(''));
      }),
      { seed: 5142, numRuns: 300 },
    );
  });

  it('marks only what changed', () => {
    expect(wordDiff('the SPoS will provide K', 'the SPoS shall send K')).toEqual([
      { kind: 'same', text: 'the SPoS ' },
      { kind: 'del', text: 'will provide' },
      { kind: 'ins', text: 'shall send' },
      { kind: 'same', text: ' K' },
    ]);
  });
});

describe('proauth spec --proposals / --comments / --redline', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  });
  /** A repository with the real seed, vocabulary and requirements, and the given findings. */
  const repo = (findingsMd: string): string => {
    const root = mkdtempSync(join(tmpdir(), 'proposals-'));
    roots.push(root);
    for (const f of ['spec/clause-5.14-proposed-text.txt', 'spec/requirements.json', 'vocabulary/observation.ts']) {
      mkdirSync(dirname(join(root, f)), { recursive: true });
      writeFileSync(join(root, f), readFileSync(join(ROOT, f)));
    }
    writeFileSync(join(root, 'SPEC_MAPPING.md'), `# mapping\n\n${findingsMd}`);
    return root;
  };
  const clean = [finding(21, 'Change: throughout "MIH SA" → "MIS SA".'), finding(27, 'Change: replace "Note: ".\n\n> 5.14.2.1 Conditions')].join('\n');

  it('exits 0 and writes the four files when the proposals agree', async () => {
    const root = repo(clean);
    const r = await cli(['spec', '--root', root, '--comments', '--redline']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 findings, 2 changes, 2 comments: no conflict/);
    expect(readFileSync(join(root, 'docs/wg/redline.md'), 'utf8')).toContain('<del>Note:</del><ins>5.14.2.1 Conditions</ins>');
    expect(readFileSync(join(root, 'docs/wg/comments.csv'), 'utf8').split('\r\n').filter((l) => l !== '')).toHaveLength(3);
  });

  it('exits 1 on a conflict and writes nothing', async () => {
    const root = repo(finding(10, 'Change: replace "3: SPoS-generated".\n\n> 3: SPoS-generated; 4: HPoS-generated'));
    const r = await cli(['spec', '--root', root, '--comments']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^conflict \(shall-in-note\): /m);
    expect(r.err).toMatch(/^conflict \(id-type-code-points\): ID_TYPE 4/m);
    expect(() => readFileSync(join(root, 'docs/wg/comments.md'))).toThrow();
  });

  it('exits 2 on a malformed proposal, and on a repository without the seed', async () => {
    const r = await cli(['spec', '--root', repo(finding(1, 'Change: replace 5.14.2-N9.\n\n> x')), '--proposals']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('proposal: F-1: 5.14.2-N9 is no sentence of spec/requirements.json\n');
    const empty = mkdtempSync(join(tmpdir(), 'proposals-'));
    roots.push(empty);
    const e = await cli(['spec', '--root', empty, '--proposals']);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/^proauth spec: cannot read the proposals: ENOENT/);
  });
});
