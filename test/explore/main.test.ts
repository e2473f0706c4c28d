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

  it('exits 2 with a clear message on a bad variant or world size', () => {
    const bad = run(['--variant', 'enforce=V-NOPE']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown variant "V-NOPE"/);
    const size = run(['--domains', '3']);
    expect(size.status).toBe(2);
    expect(size.stderr).toMatch(/--world chain/);
  });
});
