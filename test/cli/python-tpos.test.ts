//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//= type=test
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
// The protocol is language-neutral: a TPoS in Python (standard library only) passes, and the
// same TPoS with one realistic bug (no roaming-partner check, 5.14.1-S6) is failed on it.
// Judged by the property catalogue (--no-model): the point here is the language-neutral
// protocol and the requirement a bug is attributed to, independent of the model's progress.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.ts';

const PICS = 'examples/python-tpos/pics.json';

describe('examples/python-tpos', () => {
  it('tpos.py conforms (and is exercised on the TPoS purposes)', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', 'python3 examples/python-tpos/tpos.py', '--pics', PICS, '--runs', '40', '--seed', '1', '--report', dir, '--json', '--no-model']);
    const summary = JSON.parse(r.out) as { verdict: string; counterexamples: unknown[] };
    expect(summary.counterexamples).toEqual([]);
    expect(summary.verdict).toBe('pass');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { purposes: { id: string; verdict: string }[] };
    const by = new Map(report.purposes.map((p) => [p.id, p.verdict]));
    expect(by.get('TP-UNAUTHORIZED-SOURCE')).toBe('pass');
    expect(by.get('TP-ATTACH')).toBe('pass');
    expect(by.get('TP-NO-TRUST')).toBe('none'); // an SPoS purpose: not applicable to a TPoS
  });

  it('tpos_buggy.py is failed on 5.14.1-S6 with a replayable counterexample', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', 'python3 examples/python-tpos/tpos_buggy.py', '--pics', PICS, '--runs', '40', '--seed', '1', '--report', dir, '--json', '--no-model']);
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.out) as { verdict: string; requirements: { id: string; verdict: string }[]; counterexamples: { requirement: string; replay: string; length: number }[] };
    expect(summary.verdict).toBe('fail');
    expect(summary.counterexamples[0]?.requirement).toBe('5.14.1-S6');
    expect(summary.requirements.find((q) => q.id === '5.14.1-S6')?.verdict).toBe('fail');
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('```mermaid\nsequenceDiagram');
    expect(md).toContain('participant B as B (SUT)');
    expect(md).toContain('MIS_N2N_Prereg_Xfer.request');

    // The replay command reproduces it.
    const replay = summary.counterexamples[0]!.replay;
    const [, , verb, target] = parse(replay) as string[]; // npx proauth replay <token> …
    expect(verb).toBe('replay');
    const again = await cli(['replay', target!, '--sut-cmd', 'python3 examples/python-tpos/tpos_buggy.py', '--pics', PICS, '--no-model']);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/FAIL at step \d+: 5\.14\.1-S6 \(unauthorized-source\)/);
    expect(again.out).toMatch(/[A-E] -> B {2}MIS_N2N_Prereg_Xfer.request/);
  });
});
