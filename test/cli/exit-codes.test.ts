// Whose fault it is, told by the exit code: 3 only for an SUT that breaks the session, 4 for the
// tester's own faults (an internal error, an output directory it cannot write), 2 for usage (a
// shard with no runs, a replay token that does not fit the flags). docs/cli.md "Exit codes".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.ts';
import { EXIT } from '../../harness/cli/io.ts';
import { MANIFEST } from '../../harness/report/report-dir.ts';
import { ROOT, cli, tempDir } from './helpers.ts';

const QUICK = ['--runs', '1', '--steps', '5', '--json'];
/** A stack trace line ("    at f (file:1:2)"). */
const STACK_LINE = /^\s+at /m;

describe('exit 4: the tester cannot write its report', () => {
  it('--report /proc/nope fails at once with one line, never hangs, never a stack', async () => {
    const started = Date.now();
    const r = await cli(['check', '--report', '/proc/nope', ...QUICK]);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    expect(r.out).toBe(''); // before the run: no verdict at all
    expect(r.err).toBe('proauth: --report: cannot create directory /proc/nope: mkdir /proc/nope: ENOENT (no such file or directory)\n');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a --report below a regular file is exit 4 before any run', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['check', '--report', join(file, 'out'), ...QUICK]);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('ENOTDIR');
  });

  it('creates a missing --report directory with its parents (mkdir -p)', async () => {
    const dir = join(tempDir(), 'a', 'b', 'c');
    const r = await cli(['check', '--report', dir, ...QUICK]);
    expect(r.code).toBe(EXIT.OK);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST, 'junit.xml', 'report.html', 'report.json', 'report.md']);
  });

  it('matrix --out is checked before the workers start', async () => {
    const r = await cli(['matrix', '--out', '/proc/nope/x', '--rows', 'DEFAULT', '--limits', '0']);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    expect(r.err).toBe('proauth: --out: cannot create directory /proc/nope/x: mkdir /proc/nope: ENOENT (no such file or directory)\n');
  });
});

describe('a reused --report directory keeps nothing of an earlier report', () => {
  it('removes what the last report listed in its manifest, and nothing of the user', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'counterexample-1.itf.json'), '{"stale":true}\n');
    writeFileSync(join(dir, 'counterexample-2.itf.json'), '{"stale":true}\n');
    writeFileSync(join(dir, 'report.html'), 'stale');
    writeFileSync(join(dir, 'notes.txt'), 'the user keeps this');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, MANIFEST), JSON.stringify({ tool: 'proauth-report-files/1', files: ['counterexample-1.itf.json', 'counterexample-2.itf.json', 'report.html', '../escape', 'sub'] }));
    const r = await cli(['check', '--report', dir, ...QUICK]);
    expect(r.code).toBe(EXIT.OK);
    expect(readdirSync(dir).sort()).toEqual([MANIFEST, 'junit.xml', 'notes.txt', 'report.html', 'report.json', 'report.md', 'sub']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('the user keeps this');
    expect(JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'))).toEqual({ tool: 'proauth-report-files/1', files: ['report.md', 'report.html', 'report.json', 'junit.xml'] });
  });

  it('a directory from before manifests loses only the names proauth writes', async () => {
    const dir = tempDir();
    for (const f of ['counterexample-3.itf.json', 'report.md', 'counterexample-notes.json', 'my-report.md']) writeFileSync(join(dir, f), 'old');
    const r = await cli(['check', '--report', dir, ...QUICK]);
    expect(r.code).toBe(EXIT.OK);
    expect(existsSync(join(dir, 'counterexample-3.itf.json'))).toBe(false);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).not.toBe('old');
    expect(readFileSync(join(dir, 'counterexample-notes.json'), 'utf8')).toBe('old');
    expect(readFileSync(join(dir, 'my-report.md'), 'utf8')).toBe('old');
  });
});

describe('exit 2: usage', () => {
  it('a shard that gets no runs is a usage error, not a pass with 0 runs', async () => {
    const r = await cli(['check', '--runs', '2', '--shard', '3/4', '--json']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.out).toBe('');
    expect(r.err).toBe('proauth: --shard 3/4: no runs for this shard (--runs 2 gives runs only to shards 0..1); use --runs 4 or more, or fewer shards\n');
    // Every shard that does get a run still runs.
    expect((await cli(['check', '--runs', '2', '--steps', '5', '--shard', '1/4', '--json'])).code).toBe(EXIT.OK);
  });

  it('a replay token whose path does not fit the flags is a usage error', async () => {
    const r = await cli(['replay', '1:5:3~AB:kB']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/^proauth: replay: the token does not fit these flags \(Too short replayPath\); pass the --steps, --pics, --sut\/--sut-cmd and --no-model of the check that printed it\n$/);
  });
});

describe('exit 4: an unexpected exception is the tester fault, one line', () => {
  const saved = process.env['PROAUTH_DEBUG'];
  afterEach(() => {
    if (saved === undefined) delete process.env['PROAUTH_DEBUG'];
    else process.env['PROAUTH_DEBUG'] = saved;
  });

  /** Runs a command whose every write to stdout throws: an exception inside the tester. */
  async function brokenOut(argv: readonly string[]): Promise<{ code: number; err: string }> {
    let err = '';
    const code = await main(argv, {
      out: () => {
        throw new TypeError('stdout went away');
      },
      err: (t) => (err += t),
      interactive: false,
    });
    return { code, err };
  }

  it('names itself as the tester fault, without a stack', async () => {
    delete process.env['PROAUTH_DEBUG'];
    const r = await brokenOut(['spec']);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    expect(r.err).toBe('proauth: internal error (a fault of proauth, not of the SUT): TypeError: stdout went away (PROAUTH_DEBUG=1 shows the stack)\n');
    expect(r.err).not.toMatch(STACK_LINE);
  });

  it('PROAUTH_DEBUG=1 adds the stack', async () => {
    process.env['PROAUTH_DEBUG'] = '1';
    const r = await brokenOut(['spec']);
    expect(r.code).toBe(EXIT.TESTER_FAULT);
    expect(r.err.split('\n')[0]).toBe('proauth: internal error (a fault of proauth, not of the SUT): TypeError: stdout went away');
    expect(r.err).toMatch(STACK_LINE);
  });
});

describe('exit 4: an exception no command caught, in the real process', () => {
  it('one line and exit 4, not a Node stack and exit 1', () => {
    // main() with the process's own io, then a callback of the tester's that throws.
    const script = `const { main } = await import('./harness/cli/main.ts');
const done = main(['--help']);
setTimeout(() => { throw new RangeError('a callback of the tester threw'); }, 0);
process.exitCode = await done;
await new Promise((r) => setTimeout(r, 1000));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PROAUTH_DEBUG: '' } });
    expect(r.status).toBe(EXIT.TESTER_FAULT);
    expect(r.stderr).toBe('proauth: internal error (a fault of proauth, not of the SUT): RangeError: a callback of the tester threw (PROAUTH_DEBUG=1 shows the stack)\n');
  });
});

describe('--help documents the exit codes', () => {
  for (const argv of [['--help'], ['check', '--help'], ['replay', '--help']]) {
    it(`proauth ${argv.join(' ')}`, async () => {
      const r = await cli(argv);
      expect(r.code).toBe(EXIT.OK);
      for (const line of ['0  pass', '1  fail', '2  usage or PICS error', '3  SUT error', '4  tester fault']) expect(r.out).toContain(line);
    });
  }
});
