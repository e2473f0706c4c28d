// Remedies: a remedy file (schemas/remedy.schema.json) is validated field by field, becomes one
// matrix row, and the proposed text (PROPOSED, examples/remedies/proposed.json) holds every
// adversary property with the blast radius at its stated bound L.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.ts';
import { loadRemedy, parseRemedy, RemedyError, remedyRow } from '../../harness/remedy/remedy.ts';
import { cellSearch, runMatrix } from '../../harness/whatif/matrix.ts';
import { whatifMain } from '../../harness/whatif/main.ts';
import { matrixMarkdown } from '../../harness/whatif/render.ts';
import { PROPOSED_ROW, rowById, type MatrixRow } from '../../harness/whatif/rows.ts';
import { resolveVariant } from '../../model/variants.ts';
import { ADVERSARY_PROPERTIES } from '../../properties/adversary/index.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), interactive: false } };
}

const dir = mkdtempSync(join(tmpdir(), 'remedy-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const problems = (f: () => unknown): readonly string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof RemedyError) return e.problems;
    throw e;
  }
  throw new Error('no RemedyError');
};

describe('remedy files', () => {
  it('examples/remedies/proposed.json is the PROPOSED row of the default matrix', () => {
    const r = remedyRow(loadRemedy('examples/remedies/proposed.json'));
    expect(r.id).toBe('PROPOSED');
    expect(r.variant).toEqual(resolveVariant(PROPOSED_ROW.variant));
    expect([r.counter, r.method]).toEqual([PROPOSED_ROW.counter, PROPOSED_ROW.method]);
    expect(loadRemedy('examples/remedies/proposed.json').limits).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('the other examples load, YAML included, each with its own readings', () => {
    const net = loadRemedy('examples/remedies/network-only.yaml');
    expect(net.variant).toMatchObject({ enforce: 'V-ENFORCE-BOTH', counterRange: 'V-COUNTER-RANGE', mnFallback: 'V-FALLBACK-ACCEPTS', completion: 'V-COMPLETE-BOUND' });
    const mn = loadRemedy('examples/remedies/mn-only.json');
    expect(mn.variant).toMatchObject({ enforce: 'V-ENFORCE-MN', counterRange: 'V-RANGE-UPPER', mnFallback: 'V-FALLBACK-HONOURED' });
  });

  it('an omitted axis takes the profile reading; any enforcer set is allowed', () => {
    const r = parseRemedy({ format: 'proauth-remedy/1', id: 'X', enforce: ['TPoS', 'MN'] });
    expect(r.variant).toEqual(resolveVariant({ enforce: ['MN', 'TPoS'] }));
    expect([r.counter, r.method, r.chainLimit]).toEqual(['V-COUNTER-MAC', 'EAP', 3]);
  });

  it('names every bad field', () => {
    expect(problems(() => parseRemedy({ format: 'proauth-remedy/1', id: 'X', enforce: ['MN', 'HPoS'] }))).toEqual(['remedy.enforce[1]: must be one of MN, SPoS, TPoS']);
    expect(problems(() => parseRemedy({ format: 'proauth-remedy/1', id: 'X', enforce: ['MN', 'MN'] }))[0]).toMatch(/^remedy\.enforce: /);
    expect(problems(() => parseRemedy({ format: 'proauth-remedy/1', id: 'X', enforce: [], chainLimit: 17, colour: 1 }))).toEqual([
      'remedy.colour: is not a known field', 'remedy.chainLimit: must be integer ≤ 16',
    ]);
    expect(problems(() => parseRemedy({ id: 'x', enforce: [] }))).toContain('remedy.format: is required');
    expect(problems(() => parseRemedy({ format: 'proauth-remedy/1', id: 'X', enforce: [], limits: { min: 5, max: 2 } }))).toEqual(['remedy.limits: min 5 is above max 2']);
    expect(problems(() => parseRemedy({ format: 'proauth-remedy/1', id: 'X', enforce: [], fallback: { mn: 'maybe' } }))).toEqual(['remedy.fallback.mn: must be one of accepts, honoured']);
  });

  it('an unreadable file, a bad extension and bad YAML are RemedyErrors', () => {
    expect(problems(() => loadRemedy(join(dir, 'missing.json')))[0]).toMatch(/^cannot read file/);
    expect(problems(() => loadRemedy(file('r.txt', '{}')))[0]).toMatch(/must end in \.json, \.yaml or \.yml/);
    expect(problems(() => loadRemedy(file('r.yaml', 'enforce: [MN\n')))[0]).toMatch(/^remedy: not valid YAML/);
    expect(problems(() => loadRemedy(file('r.json', '{')))[0]).toMatch(/^remedy: not valid JSON/);
  });
});

describe('proauth matrix --remedy and proauth explore --remedy', () => {
  it('a bad remedy file is exit 2 with the field named', async () => {
    const bad = file('bad.json', JSON.stringify({ format: 'proauth-remedy/1', id: 'BAD', enforce: ['MN', 'HPoS'] }));
    const a = io();
    expect(await whatifMain(['--remedy', bad], a.io)).toBe(2);
    expect(a.err.join('')).toContain('remedy.enforce[1]: must be one of MN, SPoS, TPoS');
    const b = io();
    expect(await whatifMain(['--remedy', 'examples/remedies/proposed.json', '--rows', 'DEFAULT'], b.io)).toBe(2);
    const c = io();
    expect(await main(['explore', '--remedy', bad], c.io)).toBe(2);
    expect(c.err.join('')).toContain('remedy.enforce[1]');
    const d = io();
    expect(await main(['explore', '--remedy', 'examples/remedies/proposed.json', '--variant', 'V-K-SHARED'], d.io)).toBe(2);
  });

  it('matrix --remedy runs one row, the remedy\'s, over the given L range', async () => {
    const a = io();
    expect(await whatifMain(['--remedy', 'examples/remedies/proposed.json', '--limits', '0-1', '--default-limit', '1', '--jobs', '1', '--json'], a.io)).toBe(0);
    const m = JSON.parse(a.out.join('')) as { rows: { row: { id: string }; cells: Record<string, { verdict: string }>; perLimit: { chainLimit: number; blast: number }[] }[] };
    expect(m.rows.map((r) => r.row.id)).toEqual(['PROPOSED']);
    expect(Object.values(m.rows[0]?.cells ?? {}).map((c) => c.verdict)).toEqual(ADVERSARY_PROPERTIES.map(() => 'holds'));
    expect(m.rows[0]?.perLimit.map((p) => [p.chainLimit, p.blast])).toEqual([[0, 0], [1, 1]]);
  });

  it('matrix --remedy says, per L, that every property holds', async () => {
    const a = io();
    expect(await whatifMain(['--remedy', 'examples/remedies/proposed.json', '--limits', '0-1', '--default-limit', '1', '--jobs', '1'], a.io)).toBe(0);
    expect(a.out.join('')).toContain(`PROPOSED          violated: -; all ${ADVERSARY_PROPERTIES.length} properties hold at every L (0 1); blast by L: 0 1`);
  });

  it('explore --remedy explores the remedy\'s readings at its L', async () => {
    const a = io();
    expect(await main(['explore', '--remedy', 'examples/remedies/proposed.json', '--depth', '6'], a.io)).toBe(0);
    expect(a.out.join('')).toContain('Variant: V-ENFORCE-ALL, V-TLS-MN, V-COUNTER-RANGE, V-FALLBACK-HONOURED, V-COMPLETE-BOUND');
    expect(a.out.join('')).toContain('L = 3');
  });
});

describe('the PROPOSED row', () => {
  const limits = [0, 1, 2];
  const m = runMatrix({ rows: [PROPOSED_ROW, rowById('DEFAULT') as MatrixRow], limits, defaultLimit: 2 });
  const [proposed, profile] = m.rows;

  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
  //= type=test
  //# To prevent such domino effect, the chain shall be limited.
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S17
  //= type=test
  //# After initial attachment, there is signaling defined so that at all times
  it('holds every adversary property, where the profile breaks nine', () => {
    expect(Object.values(proposed?.cells ?? {}).map((c) => c.verdict)).toEqual(ADVERSARY_PROPERTIES.map(() => 'holds'));
    expect(Object.entries(profile?.cells ?? {}).filter(([, c]) => c.verdict === 'violated').map(([id]) => id)).toEqual([
      'adv-no-replay-accepted', 'adv-sa-continuity', 'adv-blast-within-limit', 'adv-no-tls-optimized', 'adv-no-gkb-optimized', 'adv-eap-pos-msk',
      'adv-serving-sa-kept', 'adv-target-as-requested', 'adv-fallback-honoured',
    ]);
  });

  it('its blast radius equals the stated bound L at every L, the profile\'s is L + 1', () => {
    expect(proposed?.perLimit.map((p) => p.blast)).toEqual(limits);
    expect(profile?.perLimit.map((p) => p.blast)).toEqual(limits.map((L) => L + 1));
    for (const h of proposed?.byHop ?? []) expect(h.active).toBeLessThanOrEqual(m.defaultLimit);
  });

  it('each cell says how far its search went', () => {
    for (const c of Object.values(proposed?.cells ?? {})) {
      const depths = c.checkedIn.filter((s) => s.stopReason === 'depth').map((s) => s.depth);
      expect(c.search).toEqual({ kind: 'depth', depth: Math.min(...depths), maxDepth: Math.max(...depths) });
    }
    expect(cellSearch([{ stopReason: 'fixpoint', depth: 9, states: 10 }])).toEqual({ kind: 'fixpoint' });
    expect(cellSearch([{ stopReason: 'fixpoint', depth: 9, states: 10 }, { stopReason: 'depth', depth: 22, states: 5 }, { stopReason: 'depth', depth: 14, states: 5 }])).toEqual({ kind: 'depth', depth: 14, maxDepth: 22 });
    expect(cellSearch([{ stopReason: 'depth', depth: 9, states: 10 }, { stopReason: 'states', depth: 22, states: 200 }])).toEqual({ kind: 'states', states: 200 });
    const md = matrixMarkdown(m, { command: 'test', replayCommand: (file: string) => `replay ${file}`, outDir: dir });
    expect(md).toContain('| <a id="row-PROPOSED"></a>PROPOSED | proposed text');
    expect(md).toMatch(/\| holds \(to depth 9–\d+\) \|/);
    expect(md).toContain('| PROPOSED | 0 (to depth 12) | 1 (to depth 20) | 2 (to depth 28) |');
  });
});

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//= type=test
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
describe('the proposed remedy at every L from 0 to 8', () => {
  const remedy = loadRemedy('examples/remedies/proposed.json');
  const m = runMatrix({ rows: [remedyRow(remedy)], limits: remedy.limits, defaultLimit: remedy.chainLimit });
  const r = m.rows[0];

  it('holds every adversary property at every L, each cell with its search bound, and its blast radius is L', () => {
    expect(r?.row.sweep).toBe('all');
    expect(r?.perLimit.map((p) => p.chainLimit)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const p of r?.perLimit ?? []) {
      expect(Object.entries(p.cells ?? {}).map(([id, c]) => [id, c.verdict])).toEqual(ADVERSARY_PROPERTIES.map((x) => [x.id, 'holds']));
      for (const c of Object.values(p.cells ?? {})) expect(['fixpoint', 'depth', 'states']).toContain(c.search.kind);
      // the ring is searched to L + 1 hops after the compromise (8L + 12): the bound grows with L
      expect(p.blastCell.search).toEqual({ kind: 'depth', depth: 8 * p.chainLimit + 12, maxDepth: 8 * p.chainLimit + 12 });
      const search = p.cells?.['adv-blast-within-limit']?.search;
      expect(search?.kind === 'depth' && search.maxDepth >= 8 * p.chainLimit + 12).toBe(true);
      expect(p.blast).toBe(p.chainLimit);
      expect(p.blastAtBound).toBe(false);
    }
  });
});
