// The browser helper: where Chromium is found, and that a suite without it is skipped with one
// line saying how to install it, except on CI, where it fails.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.ts';
import { chromiumExecutable, launchChromium, NO_CHROMIUM } from './chromium.ts';

describe('test/browser/chromium.ts', () => {
  it('PROAUTH_CHROMIUM names the executable; a missing one is null, not a crash', async () => {
    expect(chromiumExecutable({ PROAUTH_CHROMIUM: '/nonexistent/chromium' })).toBeNull();
    expect(await launchChromium({ PROAUTH_CHROMIUM: '/nonexistent/chromium' })).toBeNull();
    expect(chromiumExecutable({ PROAUTH_CHROMIUM: process.execPath })).toBe(process.execPath);
    expect(NO_CHROMIUM).toContain('apt-get install chromium');
  });

  it('without Chromium a browser suite is one skipped line, and a failure on CI', async () => {
    const run = (ci: string) =>
      execa('npx', ['vitest', 'run', 'test/browser/mermaid-parse.test.ts'], { cwd: ROOT, reject: false, all: true, env: { PROAUTH_CHROMIUM: '/nonexistent/chromium', CI: ci, NO_COLOR: '1' } });
    const local = await run('');
    expect(local.exitCode, local.all).toBe(0);
    expect(local.all).toMatch(/1 skipped/);
    const ci = await run('true');
    expect(ci.exitCode).toBe(1);
    expect(ci.all).toContain(NO_CHROMIUM);
  }, 120_000);
});
