// A reduced what-if matrix: the figures must be consistent with each other, and a broken
// variant's counterexample must replay to the same violation.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatrixOptionError, runMatrix, sweepSummary, type MatrixResult } from '../../harness/whatif/matrix.ts';
import { matrixMarkdown, writeMatrix } from '../../harness/whatif/render.ts';
import { matrixHtml } from '../../harness/whatif/matrix-html.ts';
import { checkCounterexample, replayCounterexample, ReplayError } from '../../harness/whatif/replay-counterexample.ts';
import { runMatrixParallel } from '../../harness/whatif/parallel.ts';
import { PROPOSED_ROW, rowById, type MatrixRow } from '../../harness/whatif/rows.ts';

const rows = ['DEFAULT', 'V-COUNTER-RANGE', 'V-K-SHARED'].map((id) => rowById(id) as MatrixRow);
const limits = [0, 1, 2, 3];
const m: MatrixResult = runMatrix({ rows, limits, defaultLimit: 1 });
const row = (id: string) => {
  const r = m.rows.find((x) => x.row.id === id);
  if (r === undefined) throw new Error(id);
  return r;
};

describe('reduced what-if matrix', () => {
  it('DEFAULT, passive compromise: blast radius 0 at L = 0, monotone non-decreasing, never above L', () => {
    const passive = row('DEFAULT').perLimit.map((p) => p.passiveBlast);
    expect(passive[0]).toBe(0);
    for (let i = 1; i < passive.length; i++) expect(passive[i]).toBeGreaterThanOrEqual(passive[i - 1] as number);
    row('DEFAULT').perLimit.forEach((p) => expect(p.passiveBlast).toBeLessThanOrEqual(p.chainLimit));
  });

  it('an active compromise reaches at least as far as a passive one, and never less under a range check than L', () => {
    for (const p of row('DEFAULT').perLimit) expect(p.blast).toBeGreaterThanOrEqual(p.passiveBlast as number);
    for (const p of row('V-COUNTER-RANGE').perLimit) expect(p.blast).toBeLessThanOrEqual(p.chainLimit);
  });

  it('by hop of the compromise: a passive PoS at depth d reaches L - d later SAs, a lying one more', () => {
    const L = m.defaultLimit;
    for (const h of row('DEFAULT').byHop) {
      expect(h.passive).toBe(L - (h.hop % (L + 1)));
      expect(h.active).toBeGreaterThanOrEqual(h.passive);
    }
    for (const h of row('V-COUNTER-RANGE').byHop) expect(h.active).toBeLessThanOrEqual(L);
  });

  it('signalling cost decreases with L and the full-establishment share is 1/(L+1)', () => {
    const ps = row('DEFAULT').perLimit;
    for (let i = 1; i < ps.length; i++) expect((ps[i] as (typeof ps)[number]).cost.roundTrips).toBeLessThan((ps[i - 1] as (typeof ps)[number]).cost.roundTrips);
    for (const p of ps) expect(p.cost.fullShare).toBeCloseTo(1 / (p.chainLimit + 1), 9);
    expect(ps[0]?.costVsFullEap).toBeCloseTo(1, 9);
  });

  it('a broken variant has a shortest counterexample that replays to the same violation', () => {
    const cells = [
      row('DEFAULT').perLimit.find((p) => p.chainLimit === 1)?.blastCell,
      row('V-K-SHARED').cells['adv-no-lateral-exposure'],
      row('DEFAULT').cells['adv-sa-continuity'],
    ];
    for (const cell of cells) {
      expect(cell?.verdict).toBe('violated');
      const c = cell?.counterexample;
      if (c === undefined) throw new Error('no counterexample');
      const out = replayCounterexample(checkCounterexample(JSON.parse(JSON.stringify({ format: 'proauth-whatif-cex/1', ...c }))));
      expect(out.reproduced).toBe(true);
      expect(out.message).toBe(c.message);
      // Shortest: the prefix without its last event does not violate.
      const shorter = replayCounterexample({ format: 'proauth-whatif-cex/1', ...c, trace: c.trace.slice(0, -1) });
      expect(shorter.step).toBeNull();
    }
  });

  it('a property that holds has no counterexample in any scenario', () => {
    const cell = row('V-COUNTER-RANGE').perLimit.find((p) => p.chainLimit === 3)?.blastCell;
    expect(cell?.verdict).toBe('holds');
    expect(cell?.counterexample).toBeUndefined();
  });

  it('writes Markdown, JSON, SVG and replayable counterexample files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatif-'));
    const files = writeMatrix(m, { command: 'test', replayCommand: (file) => `replay ${file}`, outDir: dir });
    expect(files).toContain(join(dir, 'matrix.svg'));
    const md = readFileSync(join(dir, 'matrix.md'), 'utf8');
    expect(md).toContain('](cex/DEFAULT-L1-adv-blast-within-limit.md)');
    expect(readFileSync(join(dir, 'matrix.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    const cex = checkCounterexample(JSON.parse(readFileSync(join(dir, 'cex', 'DEFAULT-L1-adv-blast-within-limit.json'), 'utf8')));
    expect(replayCounterexample(cex).reproduced).toBe(true);
    expect(readFileSync(join(dir, 'cex', 'DEFAULT-L1-adv-blast-within-limit.md'), 'utf8')).toContain('sequenceDiagram');
    // Keys are secrets even here: no key term in any output.
    for (const f of files) expect(readFileSync(f, 'utf8')).not.toMatch(/MISK\(|MSK\(/);
  });

  it('refuses bad options and bad counterexample files with typed errors', () => {
    expect(() => runMatrix({ rows: [], limits })).toThrow(MatrixOptionError);
    expect(() => runMatrix({ rows, limits: [17] })).toThrow(MatrixOptionError);
    expect(() => checkCounterexample({ format: 'nope' })).toThrow(ReplayError);
    expect(() => checkCounterexample({ format: 'proauth-whatif-cex/1', property: 'adv-sa-continuity', trace: [], spec: { kind: 'ring', chainLimit: -1 } })).toThrow(ReplayError);
    //= SPEC_MAPPING.md#V-COUNTER-MAC
    //= type=test
    //# The chain counter (depth) travels inside the MAC of MIS_N2N_Prereg_Xfer.request: only a
    //# compromised SPoS can misstate it.
    const bad = { format: 'proauth-whatif-cex/1' as const, id: 'x', property: 'adv-sa-continuity', message: '', requirements: [], spec: { kind: 'ring' as const, chainLimit: 1, variant: {}, counter: 'V-COUNTER-MAC' as const, method: 'EAP' as const }, trace: [{ kind: 'deliver' as const, index: 5 }] };
    expect(() => replayCounterexample(bad)).toThrow(ReplayError);
  });
});

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//= type=test
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
describe('a row with the full sweep: every property at every L', () => {
  // DEFAULT forced to sweep: its violations must show at each L, not only at the default L.
  const swept: MatrixRow = { ...(rowById('DEFAULT') as MatrixRow), sweep: 'all' };
  const s = runMatrix({ rows: [swept], limits: [0, 1], defaultLimit: 1 });
  const r = s.rows[0];
  if (r === undefined) throw new Error('no row');
  const at = (L: number) => {
    const p = r.perLimit.find((x) => x.chainLimit === L);
    if (p?.cells === undefined) throw new Error(`no cells at L = ${L}`);
    return p.cells;
  };

  it('has a cell per property at each L, and at the default L the cells of the row checked there only', () => {
    for (const L of [0, 1]) expect(Object.keys(at(L)).sort()).toEqual(m.properties.map((p) => p.id).sort());
    expect(at(1)).toEqual(r.cells);
    expect(r.cells).toEqual(row('DEFAULT').cells);
    // a row without the sweep keeps today's work: no per-L cells
    expect(row('DEFAULT').perLimit.every((p) => p.cells === undefined)).toBe(true);
  });

  it('shows a violated property at each L where it is violated, with the L in the counterexample', () => {
    for (const L of [0, 1]) {
      // the profile's blast radius is L + 1 (the compromised PoS rewinds its counter)
      expect(at(L)['adv-blast-within-limit']?.verdict).toBe('violated');
      const c = at(L)['adv-sa-continuity']?.counterexample;
      expect(c?.id).toBe(`DEFAULT-L${L}-adv-sa-continuity`);
      expect(c?.spec.chainLimit).toBe(L);
      const out = replayCounterexample(checkCounterexample(JSON.parse(JSON.stringify({ format: 'proauth-whatif-cex/1', ...c }))));
      expect(out.reproduced).toBe(true);
    }
    expect(sweepSummary(r)).toMatch(/^violated at L: L=0 .*adv-sa-continuity.*; L=1 .*adv-blast-within-limit/);
    expect(sweepSummary(row('DEFAULT'))).toBeNull();
  });

  it('writes the "at every L" section, links every per-L counterexample and writes its file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'whatif-sweep-'));
    writeMatrix(s, { command: 'test', replayCommand: (file) => `replay ${file}`, outDir: dir });
    const md = readFileSync(join(dir, 'matrix.md'), 'utf8');
    expect(md).toContain('## DEFAULT at every L');
    const line0 = md.split('\n').find((l) => l.startsWith('| 0 | '));
    expect(line0).toContain('[✗ 6 steps](cex/DEFAULT-L0-adv-sa-continuity.md)');
    expect(line0).toMatch(/\| \[1 ✗\]\(cex\/DEFAULT-L0-adv-blast-within-limit\.md\) \| 0 \|$/);
    expect(md).toMatch(/\| 1 \| holds \(to depth \d+–\d+\) \|/);
    expect(checkCounterexample(JSON.parse(readFileSync(join(dir, 'cex', 'DEFAULT-L0-adv-sa-continuity.json'), 'utf8'))).spec.chainLimit).toBe(0);
    expect(readFileSync(join(dir, 'matrix.html'), 'utf8')).toContain('<h2>DEFAULT at every L</h2>');
    const json = JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8')) as { rows: { perLimit: { cells?: Record<string, { verdict: string }> }[] }[] };
    expect(json.rows[0]?.perLimit[0]?.cells?.['adv-sa-continuity']?.verdict).toBe('violated');
    // rows without the sweep get no such section
    expect(matrixMarkdown(m, { command: 'test', replayCommand: (f) => f, outDir: dir })).not.toMatch(/## \S+ at every L/);
    expect(matrixHtml(m, { command: 'test', replay: (id) => id, svg: '', counterexamples: [], file: () => { throw new Error('unused'); } })).not.toMatch(/<h2>\S+ at every L/);
  });
});

describe('the matrix over worker processes', () => {
  it('starts the full-sweep row first and still returns the rows in order, as computed in one process', async () => {
    const options = { rows: [rowById('V-K-SHARED') as MatrixRow, PROPOSED_ROW], limits: [0, 1], defaultLimit: 1 };
    const seen: string[] = [];
    const par = await runMatrixParallel({ ...options, jobs: 2, onProgress: (_d, _t, what) => void seen.push(what) });
    expect(par.rows.map((r) => r.row.id)).toEqual(['V-K-SHARED', 'PROPOSED']);
    expect(par.rows).toEqual(runMatrix(options).rows);
    expect(seen).toContain('PROPOSED replay L=0');
  }, 60_000);
});
