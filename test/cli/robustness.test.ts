// An SUT that crashes, hangs, writes garbage, closes stdout, or speaks another protocol version
// gets verdict `error` (exit 3) with a clear message, within the timeout, its whole process
// group killed, and the report still written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_SUT, cli, tempDir, waitGone } from './helpers.ts';

const cases: { mode: string; message: RegExp; timeout?: number }[] = [
  { mode: 'crash', message: /SUT crash: SUT process exited \(code 7\)/ },
  { mode: 'hang', message: /SUT timeout: SUT did not answer configure within 700 ms/, timeout: 700 },
  { mode: 'garbage', message: /SUT garbage: SUT wrote a line that is not JSON at line 2: "this is not json"/ },
  { mode: 'close', message: /SUT closed: SUT closed its stdout but did not exit within 500 ms and was killed/ },
  { mode: 'version', message: /SUT version: SUT speaks proauth-sut version 2; this tester speaks proauth-sut version 1/ },
  { mode: 'other-protocol', message: /SUT version: SUT speaks something-else version 1/ },
  { mode: 'invalid', message: /SUT protocol: SUT wrote an invalid message at line 2: response\.extra: is not a known field/ },
  { mode: 'wrong-id', message: /SUT protocol: SUT answered id 102, but the tester waits for id 2/ },
  { mode: 'huge-line', message: /SUT protocol: SUT wrote a line longer than 1048576 bytes at line 2: "\{\\"id\\":2,\\"type\\":\\"out\\"/ },
  { mode: 'big-field', message: /SUT protocol: SUT wrote an oversized message at line 2: field response\.pdus\[0\]\.hex is 100000 characters long; at most 8192 are allowed/ },
  { mode: 'utf8', message: /SUT protocol: SUT wrote invalid UTF-8 at line 2: .*caf\uFFFD/ },
];

describe('a broken SUT process gets verdict error', () => {
  for (const c of cases) {
    it(`${c.mode}: exit 3, clear message, report written, no process left`, async () => {
      const dir = tempDir();
      const pidfile = join(dir, 'pids.json');
      const started = Date.now();
      const r = await cli(['check', '--sut-cmd', `node ${BAD_SUT} ${c.mode} ${pidfile}`, '--runs', '3', '--timeout', String(c.timeout ?? 3000), '--report', join(dir, 'report'), '--json']);
      const elapsed = Date.now() - started;
      expect(r.code).toBe(3);
      const summary = JSON.parse(r.out) as { verdict: string; error: string };
      expect(summary.verdict).toBe('error');
      expect(summary.error).toMatch(c.message);
      if (c.mode === 'hang') expect(elapsed).toBeLessThan(700 + 4000);
      // The report is written even so.
      for (const f of ['report.md', 'report.json', 'junit.xml']) expect(existsSync(join(dir, 'report', f))).toBe(true);
      const md = readFileSync(join(dir, 'report', 'report.md'), 'utf8');
      expect(md).toContain('💥 error');
      expect(readFileSync(join(dir, 'report', 'junit.xml'), 'utf8')).toContain('<error');
      // The SUT and its grandchild are gone (the whole process group was killed).
      const pids = JSON.parse(readFileSync(pidfile, 'utf8')) as { pid: number; grandchild: number };
      expect(await waitGone(pids.pid)).toBe(true);
      expect(await waitGone(pids.grandchild)).toBe(true);
    });
  }

  it('never shows key material from the SUT stderr', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--sut-cmd', `node ${BAD_SUT} crash`, '--runs', '1', '--report', dir, '--json']);
    expect(r.code).toBe(3);
    // The SUT prints the credential it was provisioned with: only its fingerprint is shown.
    expect(r.out).toMatch(/secret <secret fp:[0-9a-f]{16}>/);
    const all = r.out + r.err + readFileSync(join(dir, 'report.md'), 'utf8') + readFileSync(join(dir, 'report.json'), 'utf8');
    expect(all).not.toMatch(/secret [0-9a-f]{8}/);
  });

  it('a command that does not exist is an SUT error, not a crash of the tester', async () => {
    const r = await cli(['check', '--sut-cmd', '/nonexistent/sut-binary', '--runs', '1', '--timeout', '2000', '--json']);
    expect(r.code).toBe(3);
    expect((JSON.parse(r.out) as { verdict: string }).verdict).toBe('error');
  });
});
