// proauth check against the bundled reference implementation: verdicts, --json, reports,
// shards, determinism; and the reference implementation run as an external process gives
// exactly the in-process verdict and step count.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedsFor } from '../../harness/cli/shard.ts';
import { cli, tempDir } from './helpers.ts';

interface Summary {
  verdict: string;
  seed: number;
  runs: number;
  steps: number;
  requirements: { id: string; verdict: string }[];
  counterexamples: { requirement: string; length: number; replay: string }[];
}

async function check(args: string[]): Promise<{ code: number; summary: Summary }> {
  const r = await cli(['check', ...args, '--json']);
  return { code: r.code, summary: JSON.parse(r.out) as Summary };
}

describe('proauth check', () => {
  it('prints the documented JSON summary and is deterministic', async () => {
    const a = await check(['--runs', '8', '--seed', '3']);
    const b = await check(['--runs', '8', '--seed', '3']);
    expect(a).toEqual(b);
    expect(Object.keys(a.summary).sort()).toEqual(['counterexamples', 'exercised', 'requirements', 'runs', 'seed', 'steps', 'verdict']);
    expect(a.summary.seed).toBe(3);
    expect(a.summary.steps).toBeGreaterThan(0);
    expect(a.summary.requirements.length).toBeGreaterThan(10);
    expect([0, 1]).toContain(a.code);
    expect(a.code === 0 ? 'pass' : 'fail').toBe(a.summary.verdict);
  });

  it('shards split the seeds without overlap and their union is the whole check', async () => {
    expect(seedsFor(10, 7, { index: 1, count: 3 })).toEqual([11, 14]);
    const all = [0, 1, 2].flatMap((i) => seedsFor(10, 7, { index: i, count: 3 })).sort((x, y) => x - y);
    expect(all).toEqual(seedsFor(10, 7));
    const whole = await check(['--runs', '6', '--seed', '5']);
    if (whole.summary.verdict === 'pass') {
      let steps = 0;
      for (const i of [0, 1]) steps += (await check(['--runs', '6', '--seed', '5', '--shard', `${i}/2`])).summary.steps;
      expect(steps).toBe(whole.summary.steps);
    }
  });

  it('writes Markdown, JSON, JUnit reports', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--runs', '5', '--report', dir]);
    expect([0, 1]).toContain(r.code);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/^# proauth conformance report/);
    expect(md).toContain('| 5.14.1-S6 |');
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { purposes: { id: string; verdict: string }[] };
    expect(json.purposes.map((p) => p.id)).toContain('TP-UNAUTHORIZED-SOURCE');
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml version="1.0"/);
    expect(junit).toContain('<testsuite name="requirements"');
  });
});

describe('the reference implementation as an external process', () => {
  it('gives the same verdict and step count as in process, same seed', async () => {
    // One PICS for both: a handshake-only process SUT would get the schema's defaults (one L).
    const inProcess = await check(['--runs', '4', '--seed', '11', '--pics', 'examples/pics-reference.json']);
    const external = await check(['--runs', '4', '--seed', '11', '--pics', 'examples/pics-reference.json', '--sut-cmd', 'npx tsx examples/reference-sut.ts', '--timeout', '20000']);
    expect(external.summary.verdict).toBe(inProcess.summary.verdict);
    expect(external.summary.steps).toBe(inProcess.summary.steps);
    expect(external.summary.requirements).toEqual(inProcess.summary.requirements);
    expect(external.code).toBe(inProcess.code);
  });

  it('hosting only the TPoS role, it is judged on TPoS purposes only', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--runs', '6', '--seed', '2', '--sut-cmd', 'npx tsx examples/reference-sut.ts --roles TPoS', '--timeout', '20000', '--report', dir, '--json']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { sut: { entities: string[] }; purposes: { id: string; verdict: string }[] };
    expect(report.sut.entities).toEqual(['B']);
    const by = new Map(report.purposes.map((p) => [p.id, p.verdict]));
    expect(by.get('TP-NO-TRUST')).toBe('none');
    expect(by.get('TP-MN-FALLBACK')).toBe('none');
    expect(by.get('TP-UNAUTHORIZED-SOURCE')).not.toBe('none');
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect([0, 1]).toContain(r.code);
  });
});
