// One verdict, shown one way: replay prints FAIL only for a requirement the check's report shows
// as fail, and an SUT that never completed the handshake is not shown with roles or a PICS it
// never claimed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, NOT_KNOWN, replayLines } from '../../harness/cli/verdicts.ts';
import { parsePics } from '../../harness/pics/pics.ts';
import type { CheckReport, Counterexample } from '../../harness/report/types.ts';
import { BAD_SUT, cli, tempDir } from './helpers.ts';

const TPOS_ONLY = parsePics({ pics: 'proauth-pics/1', roles: ['TPoS'] }, 'test');
const cx: Counterexample = { requirement: '5.14.1-S6', property: 'unauthorized-source', message: 'TPoS B installed an SA', seed: 1, path: '0', length: 6, replay: 'proauth replay 1:0', trace: [] };

describe('one verdict, shown one way', () => {
  it('replay: FAIL for the requirement the report fails; a violation of a requirement shown none is not a FAIL', () => {
    const judged = judge({ pics: TPOS_ONLY, placement: { roles: ['TPoS'], entities: ['B'] }, steps: [], counterexamples: [cx], error: undefined });
    // 5.14.2-N1a is an SPoS requirement: the report shows it none (not applicable) for a TPoS.
    const n1a = judged.requirements.find((q) => q.id === '5.14.2-N1a');
    expect(n1a?.verdict).toBe('none');
    const lines = replayLines(6, judged, [
      { requirement: '5.14.1-S6', property: 'unauthorized-source', message: 'TPoS B installed an SA' },
      { requirement: '5.14.2-N1a', property: 'no-trust', message: 'SPoS A forwarded to an untrusted TPoS' },
      { requirement: 'X-UNKNOWN', property: 'p', message: 'm' },
    ]);
    expect(lines[0]).toBe('FAIL at step 6: 5.14.1-S6 (unauthorized-source) TPoS B installed an SA');
    expect(lines[1]).toMatch(/^also seen at step 6, not a FAIL: 5\.14\.2-N1a is none \(.+\): \(no-trust\) SPoS A forwarded/);
    expect(lines[2]).toBe('also seen at step 6, not a FAIL: X-UNKNOWN is none (no test purpose judges it): (p) m');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toHaveLength(1);
  });

  it('an SUT that never completed the handshake: no roles, no PICS, every purpose error', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', `node ${BAD_SUT} version`, '--runs', '2', '--report', dir]);
    expect(r.code).toBe(3);
    expect(r.out).toContain(`roles ${NOT_KNOWN}`);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as CheckReport;
    expect(report.sut.roles).toEqual([]);
    expect(report.sut.unknown).toBe(NOT_KNOWN);
    expect(report.pics).toBeUndefined();
    expect(new Set(report.purposes.map((p) => p.verdict))).toEqual(new Set(['error']));
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain(`roles ${NOT_KNOWN}`);
    expect(md).toContain(`- PICS: ${NOT_KNOWN}`);
    expect(md).not.toMatch(/roles MN, SPoS, TPoS/);
  });

  it('with --pics, a failed handshake shows the roles the PICS claims', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', `node ${BAD_SUT} version`, '--pics', 'examples/python-tpos/pics.json', '--runs', '2', '--report', dir]);
    expect(r.code).toBe(3);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as CheckReport;
    expect(report.sut.roles).toEqual(['TPoS']);
    expect(report.sut.unknown).toBeUndefined();
    expect(report.pics?.roles).toEqual(['TPoS']);
  });
});
