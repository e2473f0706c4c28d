// The status checked-but-violated-under-attack: SPEC_MAPPING.md says it, the tracer verifies it
// against the profile's row of the what-if matrix and the finding that links the counterexample,
// both ways: a sentence marked so whose property holds again, and a checked one a finding shows
// broken, are problems.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkMapping, parseFindings, parseMapping, parseStatus, underAttackProblems, violatedInProfile, type RequirementTrace } from '../../tools/spec-trace.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAPPING = readFileSync(join(ROOT, 'SPEC_MAPPING.md'), 'utf8');
const MATRIX = JSON.parse(readFileSync(join(ROOT, 'docs/whatif/matrix.json'), 'utf8')) as Parameters<typeof violatedInProfile>[0];

const trace = (id: string, status: string): RequirementTrace => ({
  id,
  kind: 'requirement',
  normative: true,
  status: parseStatus(status),
  files: { model: [], impl: [], properties: ['properties/x.ts'], harness: [], tests: ['test/x.test.ts'] },
  covered: true,
});

describe('the status checked-but-violated-under-attack', () => {
  it('parses with its finding and prints back the same', () => {
    expect(parseStatus('checked-but-violated-under-attack: F-28')).toEqual({ kind: 'violated-under-attack', finding: 'F-28' });
    expect(parseStatus('checked-but-violated-under-attack')).toBeNull();
    expect(parseStatus('checked-but-violated-under-attack: A-BLAST')).toBeNull();
  });

  it('marks exactly the sentences whose property the adversary breaks in the profile', () => {
    const mapping = parseMapping(MAPPING);
    const marked = [...mapping.entries.values()].filter((e) => e.status?.kind === 'violated-under-attack').map((e) => e.id);
    expect(marked).toEqual(['5.14.1-S17', '5.14.1-S19', '5.14.2-N1c', '5.14.2-N2a', '5.14.2-N3', '5.14.2-N4b', '5.14.2-N4c', '5.14.3-S7']);
    const problems = checkMapping(ROOT).filter((p) => p.kind === 'violation-not-shown' || p.kind === 'violation-unmarked');
    expect(problems).toEqual([]);
  });

  it('reads from the matrix which counterexamples of the DEFAULT row break which sentences', () => {
    const v = violatedInProfile(MATRIX);
    expect([...(v.get('5.14.1-S17') ?? [])]).toEqual(['DEFAULT-L3-adv-sa-continuity', 'DEFAULT-L3-adv-serving-sa-kept']);
    expect([...(v.get('5.14.2-N4b') ?? [])]).toEqual(['DEFAULT-L3-adv-blast-within-limit']);
    // 5.14.1-S6 holds in every row: nothing to mark.
    expect(v.has('5.14.1-S6')).toBe(false);
  });

  it('fails the old mapping, where 5.14.1-S17 and 5.14.2-N4b were plain "checked"', () => {
    const findings = parseFindings(MAPPING);
    const problems = underAttackProblems([trace('5.14.1-S17', 'checked'), trace('5.14.2-N4b', 'checked'), trace('5.14.2-S7', 'checked')], findings, MATRIX);
    expect(problems.map((p) => p.message)).toEqual([
      '5.14.1-S17 is marked checked, but F-16 shows it violated under attack (DEFAULT-L3-adv-sa-continuity): mark it "checked-but-violated-under-attack: F-16"',
      '5.14.2-N4b is marked checked, but F-6 shows it violated under attack (DEFAULT-L3-adv-blast-within-limit): mark it "checked-but-violated-under-attack: F-6"',
    ]);
  });

  it('fails a mark the matrix no longer backs: the DEFAULT cell holds, or the finding is not the one that shows it', () => {
    const findings = parseFindings(MAPPING);
    const repaired = { ...MATRIX, rows: (MATRIX.rows ?? []).map((r) => (r.row?.id === 'DEFAULT' ? { ...r, cells: { ...r.cells, 'adv-sa-continuity': { verdict: 'holds' } } } : r)) };
    expect(underAttackProblems([trace('5.14.1-S17', 'checked-but-violated-under-attack: F-28')], findings, repaired).map((p) => p.kind)).toEqual(['violation-not-shown']);
    expect(underAttackProblems([trace('5.14.1-S17', 'checked-but-violated-under-attack: F-12')], findings, MATRIX)[0]?.message).toMatch(/^5\.14\.1-S17 is marked checked-but-violated-under-attack: F-12, but F-12 does not name it/);
    expect(underAttackProblems([trace('5.14.1-S17', 'checked-but-violated-under-attack: F-99')], findings, MATRIX)[0]?.message).toBe('5.14.1-S17 is marked checked-but-violated-under-attack: F-99, which is no finding');
    expect(underAttackProblems([trace('5.14.1-S17', 'checked-but-violated-under-attack: F-28')], findings, null).map((p) => p.kind)).toEqual(['violation-not-shown']);
  });
});
