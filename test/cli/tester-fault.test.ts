// A fault on the tester's side is exit 4, never exit 3: the tester's own code is made to fail
// here (its pristine peers cannot load, its engine reports an error the SUT did not raise, a
// what-if worker dies), the rest of the CLI runs for real. docs/cli.md "Exit codes".
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../harness/cli/io.ts';
import { runSeed } from '../../harness/cli/engine.ts';
import { loadPristine } from '../../harness/pristine.ts';
import { runMatrixParallel, WorkerFailure } from '../../harness/whatif/parallel.ts';
import { cli, tempDir } from './helpers.ts';

vi.mock('../../harness/pristine.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../harness/pristine.ts')>();
  return { ...real, loadPristine: vi.fn(real.loadPristine) };
});
vi.mock('../../harness/cli/engine.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../harness/cli/engine.ts')>();
  return { ...real, runSeed: vi.fn(real.runSeed) };
});
vi.mock('../../harness/whatif/parallel.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../harness/whatif/parallel.ts')>();
  return { ...real, runMatrixParallel: vi.fn(real.runMatrixParallel) };
});

const STACK_LINE = /^\s+at /m;

describe('check: a fault of the tester is exit 4, with the report still written', () => {
  it('an exception while the tester sets up its own peers', async () => {
    vi.mocked(loadPristine).mockRejectedValueOnce(new TypeError('the pristine copy of impl/ is unreadable'));
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', 'false', '--runs', '1', '--report', dir, '--json']);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    const summary = JSON.parse(r.out) as { verdict: string; error: string };
    expect(summary.verdict).toBe('error');
    expect(summary.error).toBe('internal error (a fault of proauth, not of the SUT): TypeError: the pristine copy of impl/ is unreadable (PROAUTH_DEBUG=1 shows the stack)');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toMatchObject({ verdict: 'error', error: summary.error });
  });

  it('an engine error the SUT did not raise (a harness fault with its stack): one line, exit 4', async () => {
    vi.mocked(runSeed).mockResolvedValueOnce({ runs: 1, steps: 2, recorded: [], placementKind: 'all', error: 'harness fault: TypeError: cannot read x\n    at judge (file:///judge.ts:1:2)' });
    const r = await cli(['check', '--runs', '1', '--steps', '5', '--json']);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    const summary = JSON.parse(r.out) as { error: string };
    expect(summary.error).toBe("tester fault (not the SUT's): harness fault: TypeError: cannot read x");
    expect(summary.error).not.toMatch(STACK_LINE);
  });

  it('the SUT process breaking the session stays exit 3', async () => {
    const r = await cli(['check', '--sut-cmd', 'false', '--runs', '1', '--json']);
    expect(r.code).toBe(EXIT.SUT_ERROR);
  });

  it('an in-process adapter whose factory throws is the SUT failing to start: exit 3', async () => {
    const module = join(tempDir(), 'broken-adapter.mjs');
    writeFileSync(module, "export function createAdapter() { throw new Error('no licence file'); }\n");
    const r = await cli(['check', '--sut', module, '--runs', '1', '--json']);
    expect(r.code).toBe(EXIT.SUT_ERROR);
    expect((JSON.parse(r.out) as { error: string }).error).toBe(`SUT spawn: --sut ${module}: its adapter factory threw: Error: no licence file`);
  });
});

describe('matrix: a dead worker is the tester fault', () => {
  it('exit 4, not 3', async () => {
    vi.mocked(runMatrixParallel).mockRejectedValueOnce(new WorkerFailure('worker 1 exited with code 137'));
    const r = await cli(['matrix', '--rows', 'DEFAULT', '--limits', '0']);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    expect(r.err).toBe('proauth matrix: tester fault: worker 1 exited with code 137\n');
  });
});
