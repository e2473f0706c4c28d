// validate-trace: a trace recorded from a conforming run is explained; the same trace with one
// SA changed is not, at the step that installed it; a malformed log is exit 2 naming the line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTraceText } from '../../harness/cli/commands/validate-trace.ts';
import { cli, tempDir } from './helpers.ts';

describe('proauth validate-trace', () => {
  it('explains the good trace', async () => {
    const r = await cli(['validate-trace', 'examples/traces/good.jsonl']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/explained, \d+ steps/);
  });

  it('reports the first unexplained step of the bad trace', async () => {
    const r = await cli(['validate-trace', 'examples/traces/bad.jsonl', '--json']);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.out) as { explained: boolean; failure: { line: number; requirement: string; property: string } };
    expect(v.explained).toBe(false);
    expect(v.failure.requirement).toBe('5.14.2-N4b');
    expect(v.failure.property).toBe('depth-accounting');
    // The failing step is the one whose effects include the tampered record (line 28).
    const lines = readFileSync('examples/traces/bad.jsonl', 'utf8').split('\n');
    expect(v.failure.line).toBeLessThan(28);
    expect(lines.slice(v.failure.line, 28).some((l) => l.startsWith('{"t":"recv"') || l.startsWith('{"t":"stimulus"'))).toBe(false);
  });

  it('a delivery of a PDU never sent is not explained', () => {
    const good = readFileSync('examples/traces/good.jsonl', 'utf8').split('\n');
    const forged = [good[0], JSON.stringify({ t: 'recv', pdu: { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: 'ff' } })].join('\n');
    expect(() => validateTraceText(forged)).toThrow(/line 2: recv of MIS_Auth.response A→mn1 that was never sent/);
  });

  it('a stimulus the profile does not enable is not explained', () => {
    const good = readFileSync('examples/traces/good.jsonl', 'utf8').split('\n');
    const v = validateTraceText([good[0], JSON.stringify({ t: 'stimulus', stimulus: { kind: 'complete', mn: 'mn1' } })].join('\n'));
    expect(v.explained).toBe(false);
    expect(v.failure?.message).toMatch(/not enabled/);
  });

  it('a malformed log exits 2 naming the line', async () => {
    const file = join(tempDir(), 't.jsonl');
    writeFileSync(file, '{"t":"world","world":{"chainLimit":3,"domains":[],"mns":[]}}\n{oops\n');
    const r = await cli(['validate-trace', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2: not JSON/);
  });
});
