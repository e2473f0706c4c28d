// The commands registered beside check: explore and matrix (small bounds), and the replay
// token parser (one format, "<seed>:<path>", for runConformance and the CLI).
import { describe, expect, it } from 'vitest';
import { parseReplayTarget } from '../../harness/cli/commands/replay.ts';
import { formatReplayToken } from '../../harness/replay-token.ts';
import { cli } from './helpers.ts';

describe('proauth explore', () => {
  it('explores to the depth bound, prints JSON, exits 0 without violation', async () => {
    const r = await cli(['explore', '--depth', '6', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { maxDepth: number; stopReason: string; distinctStates: number; counterexamples: unknown[] };
    expect(report.maxDepth).toBe(6);
    expect(report.stopReason).toBe('depth');
    expect(report.distinctStates).toBeGreaterThan(100);
    expect(report.counterexamples).toEqual([]);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const bad = await cli(['explore', '--variant', 'enforce=V-NOPE']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown variant "V-NOPE"/);
    expect((await cli(['explore', '--depth', 'x'])).code).toBe(2);
  });

  it('--policies lazy: the policies out of the state, the same verdict; a world key without them apart is refused', async () => {
    const r = await cli(['explore', '--limit', '0', '--policies', 'lazy', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { policies: string; fixpoint: boolean; distinctStates: number; counterexamples: unknown[] };
    expect(report.policies).toBe('lazy');
    expect(report.fixpoint).toBe(true);
    // 10,448 exact states at L = 0 (docs/scaling.md), one lazy state per 16 policy siblings.
    expect(report.distinctStates * 16).toBe(10448);
    expect(report.counterexamples).toEqual([]);
    const refused = await cli(['explore', '--depth', '2', '--policies', 'lazy', '--world-key', 'model']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/keeps the policies apart/);
    expect((await cli(['explore', '--policies', 'sometimes'])).code).toBe(2);
  });
});

describe('proauth matrix', () => {
  it('one row, two limits: JSON matrix, exit 0', async () => {
    const r = await cli(['matrix', '--rows', 'DEFAULT', '--limits', '0,1', '--jobs', '1', '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out) as { rows: { row: { id: string }; perLimit: { chainLimit: number }[]; cells: Record<string, { verdict: string }> }[]; limits: number[] };
    expect(m.limits).toEqual([0, 1]);
    expect(m.rows.map((x) => x.row.id)).toEqual(['DEFAULT']);
    expect(m.rows[0]!.perLimit.map((p) => p.chainLimit)).toEqual([0, 1, 3]); // and the default L
    expect(Object.keys(m.rows[0]!.cells).length).toBeGreaterThan(0);
  });

  it('an unknown row or a bad limit list is a usage error (exit 2)', async () => {
    expect((await cli(['matrix', '--rows', 'NOPE'])).code).toBe(2);
    expect((await cli(['matrix', '--rows', 'DEFAULT', '--limits', '3-1'])).code).toBe(2);
  });
});

describe('replay token', () => {
  it('is "<seed>:<path>" with fast-check\'s path, and round-trips', () => {
    const token = formatReplayToken(11, '0:3:1~AAB:kB');
    expect(token).toBe('11:0:3:1~AAB:kB');
    expect(parseReplayTarget(token)).toEqual({ seed: 11, path: '0:3:1~AAB:kB' });
    expect(parseReplayTarget('-5:0')).toEqual({ seed: -5, path: '0' });
  });

  it('rejects anything else as a usage error (exit 2)', async () => {
    for (const bad of ['11', 'x:0', '11:0-4.7', '11:0~not a path', '99999999999:0']) expect(() => parseReplayTarget(bad)).toThrow(/<seed>:<path>/);
    expect((await cli(['replay', '17:0-4.7'])).code).toBe(2);
  });
});
