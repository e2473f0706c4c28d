// harness/explore/main.ts as a process: JSON report and exit codes.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (args: string[]): { status: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'harness/explore/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('harness/explore/main.ts', () => {
  it('prints a JSON report and exits 0 when nothing is violated', () => {
    const r = run(['--depth', '4', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { distinctStates: number; maxDepth: number; stopReason: string; counterexamples: unknown[] };
    expect(report.maxDepth).toBe(4);
    expect(report.stopReason).toBe('depth');
    expect(report.distinctStates).toBeGreaterThan(10);
    expect(report.counterexamples).toEqual([]);
  });

  it('explores under the coarse world key, and exits 2 where it does not apply', () => {
    const r = run(['--world-key', 'coarse', '--limit', '2', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { distinctStates: number; fixpoint: boolean; counterexamples: unknown[] };
    // The exact keys count 29,008 states here (docs/scaling.md).
    expect([report.distinctStates, report.fixpoint, report.counterexamples]).toEqual([24_976, true, []]);
    const sym = run(['--world-key', 'coarse', '--mns', '2', '--symmetry', '--depth', '2']);
    expect(sym.status).toBe(2);
    expect(sym.stderr).toMatch(/does not yet combine with the coarse world key/);
  });

  it('reports a stop on --max-memory as a bound, with exit 0, and prints progress only when asked', () => {
    // 1 MiB: reached at the first level barrier.
    const r = run(['--max-memory', '1', '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { stopReason: string; maxDepth: number; bounds: { maxMemory: number }; memoryStop: { what: string; atBarrier: boolean } };
    expect([report.stopReason, report.maxDepth, report.bounds.maxMemory, report.memoryStop.what, report.memoryStop.atBarrier]).toEqual(['memory', 1, 1, 'rss', true]);
    expect(r.stderr).toBe('');
    const text = run(['--max-memory', '1', '--progress']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/stopped at 9 states: memory bound \(resident set .* >= --max-memory 1\.0 MiB\) at depth 1 \(traces up to 1 steps complete\)/);
    expect(text.stderr).toMatch(/^depth 1: 9 states, 8 transitions, frontier 8, .* RSS \d+ MiB\n$/);
  });

  it('explores with --workers 2 to the same report, and says how many states crossed', () => {
    const one = JSON.parse(run(['--depth', '6', '--json']).stdout) as { distinctStates: number; levelSizes: number[]; parallel: unknown };
    const r = run(['--depth', '6', '--workers', '2', '--json']);
    expect(r.status).toBe(0);
    const two = JSON.parse(r.stdout) as { distinctStates: number; levelSizes: number[]; parallel: { workers: number; traffic: { statesSent: number }[] } };
    expect([two.distinctStates, two.levelSizes, two.parallel.workers, two.parallel.traffic.length]).toEqual([one.distinctStates, one.levelSizes, 2, 6]);
    expect(one.parallel).toBeNull();
  });

  it('exits 2 with a clear message on a bad variant or world size', () => {
    const bad = run(['--variant', 'enforce=V-NOPE']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown variant "V-NOPE"/);
    const size = run(['--domains', '3']);
    expect(size.status).toBe(2);
    expect(size.stderr).toMatch(/--world chain/);
  });
});
