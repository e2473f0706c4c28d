// The matrix command module: flags, usage errors, --replay exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLimits, parseRows } from '../../harness/cli/commands/matrix.ts';
import { UsageError } from '../../harness/cli/io.ts';
import { whatifMain } from '../../harness/whatif/main.ts';
import { rowById, type MatrixRow } from '../../harness/whatif/rows.ts';
import { runMatrix } from '../../harness/whatif/matrix.ts';
import { counterexampleFile } from '../../harness/whatif/render.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), interactive: false } };
}

describe('proauth matrix flags', () => {
  it('parses limits and rows, and refuses bad ones', () => {
    expect(parseLimits('0-3,5')).toEqual([0, 1, 2, 3, 5]);
    expect(() => parseLimits('3-1')).toThrow(UsageError);
    expect(() => parseLimits('x')).toThrow(UsageError);
    expect(parseRows('DEFAULT,V-K-HPOS').map((r) => r.id)).toEqual(['DEFAULT', 'V-K-HPOS']);
    expect(() => parseRows('V-NOPE')).toThrow(UsageError);
  });

  it('exits 2 on a usage error and on an unreadable counterexample', async () => {
    const a = io();
    expect(await whatifMain(['--limits', '9-2'], a.io)).toBe(2);
    expect(a.err.join('')).toContain('--limits');
    const b = io();
    expect(await whatifMain(['--replay', '/nonexistent/cex.json'], b.io)).toBe(2);
  });

  it('--replay exits 1 when the violation reproduces, 0 when the trace no longer violates', async () => {
    const m = runMatrix({ rows: [rowById('DEFAULT') as MatrixRow], limits: [1], defaultLimit: 1 });
    const c = m.rows[0]?.perLimit[0]?.blastCell.counterexample;
    if (c === undefined) throw new Error('expected a counterexample');
    const dir = mkdtempSync(join(tmpdir(), 'whatif-cli-'));
    const file = join(dir, 'cex.json');
    writeFileSync(file, JSON.stringify(counterexampleFile(c)));
    const a = io();
    expect(await whatifMain(['--replay', file], a.io)).toBe(1);
    expect(a.out.join('')).toContain('reproduced at step');
    const short = join(dir, 'short.json');
    writeFileSync(short, JSON.stringify({ ...counterexampleFile(c), trace: c.trace.slice(0, -1) }));
    const b = io();
    expect(await whatifMain(['--replay', short], b.io)).toBe(0);
  });
});
