// report.html and matrix.html in a real browser (Debian's chromium, driven by playwright-core),
// opened from file:// with every other request aborted: the pages must work with no network.
// Generated for real: the buggy Python TPoS fails 5.14.1-S6, the correct one passes, a SUT that
// writes <script> to stderr and crashes ends in `error`, and a small what-if matrix.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../harness/report/types.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { matrixReplayCommand } from '../../harness/cli/commands/matrix.ts';
import { chromiumExecutable, chromiumRequired, NO_CHROMIUM } from './chromium.ts';

const PICS = 'examples/python-tpos/pics.json';
const executable = chromiumExecutable();

if (executable === null && !chromiumRequired()) console.warn(`browser tests skipped: ${NO_CHROMIUM}`);

describe.runIf(executable === null && chromiumRequired())('browser tests under CI', () => {
  it('have a chromium to run in', () => {
    expect.fail(`browser tests cannot run under CI=true: ${NO_CHROMIUM}`);
  });
});

/** A SUT that greets correctly, then crashes with markup on its stderr. */
const SCRIPT_SUT = `
import { createInterface } from 'node:readline';
createInterface({ input: process.stdin }).on('line', (line) => {
  const req = JSON.parse(line);
  if (req.type === 'hello') {
    process.stdout.write(JSON.stringify({ id: req.id, type: 'hello', protocol: 'proauth-sut', version: 1, roles: ['TPoS'] }) + '\\n');
    return;
  }
  process.stderr.write('<script>window.pwned = 1</script><img src="http://example.invalid/x.png">\\n');
  process.exit(9);
});
`;

describe.runIf(executable !== null)('HTML reports in chromium', () => {
  let browser: Browser;
  const dirs = { fail: tempDir('proauth-html-'), pass: tempDir('proauth-html-'), error: tempDir('proauth-html-'), matrix: tempDir('proauth-html-') };
  /** Every request a page made that was not for a file: must stay empty. */
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const check = (sut: string, dir: string, runs: string): Promise<unknown> =>
      cli(['check', '--sut-cmd', sut, '--pics', PICS, '--runs', runs, '--seed', '1', '--report', dir, '--json', '--no-model']);
    const sutFile = join(dirs.error, 'script-sut.mjs');
    writeFileSync(sutFile, SCRIPT_SUT);
    const [failed, passed, broken, matrix] = await Promise.all([
      check('python3 examples/python-tpos/tpos_buggy.py', dirs.fail, '40'),
      check('python3 examples/python-tpos/tpos.py', dirs.pass, '6'),
      check(`node ${sutFile}`, dirs.error, '2'),
      cli(['matrix', '--rows', 'DEFAULT,V-COUNTER-CLEAR', '--limits', '0-2', '--jobs', '1', '--out', dirs.matrix]),
    ]);
    expect([failed, passed, broken, matrix].map((r) => (r as { code: number }).code)).toEqual([1, 0, 3, 0]);
    browser = await chromium.launch({ executablePath: executable!, args: ['--no-sandbox'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<Page> {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    await context.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${file}: ${e.message}`));
    await page.goto(`file://${file}`);
    return page;
  }

  async function expectRendered(page: Page, selector: string, count: number): Promise<void> {
    const charts = page.locator(selector);
    expect(await charts.count()).toBe(count);
    for (let i = 0; i < count; i++) {
      const box = await charts.nth(i).boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
      expect(box?.height ?? 0).toBeGreaterThan(100);
    }
  }

  /** Clicks the copy button and returns what reached the clipboard. */
  async function copied(page: Page, button: string): Promise<string> {
    await page.locator(button).first().click();
    await expect.poll(() => page.locator(button).first().getAttribute('data-copied')).toBe('yes');
    // Page code as strings: the project's TypeScript has no DOM library.
    return page.evaluate<string>('navigator.clipboard.readText()');
  }

  it('report.html of a failing check: the failing requirement, one chart per counterexample, a working copy button', async () => {
    const report = JSON.parse(readFileSync(join(dirs.fail, 'report.json'), 'utf8')) as CheckReport;
    expect(report.counterexamples.length).toBeGreaterThan(0);
    const page = await open(join(dirs.fail, 'report.html'));
    // The requirement the buggy TPoS breaks (test/cli/python-tpos.test.ts checks the verdict).
    const row = page.locator('tr', { has: page.locator('[id="req-5.14.1-S6"]') });
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.getAttribute('class')).toBe('row-fail');
    expect(await row.locator('.verdict').textContent()).toBe('fail');
    await expectRendered(page, 'svg.msc', report.counterexamples.length);
    const chart = page.locator('svg.msc').first();
    // An arrow per PDU, drawn; the violating step highlighted; the SUT's lifeline marked.
    const arrows = chart.locator('.msc-arrow');
    expect(await arrows.count()).toBeGreaterThanOrEqual(3);
    expect((await arrows.last().boundingBox())?.width ?? 0).toBeGreaterThan(50);
    expect((await chart.locator('.msc-violating').boundingBox())?.height ?? 0).toBeGreaterThan(10);
    expect(await chart.locator('.msc-marked').getAttribute('data-entity')).toBe('B');
    expect(await chart.locator('.msc-legend').count()).toBeGreaterThanOrEqual(3);
    expect(await copied(page, '.counterexample button.copy')).toBe(report.counterexamples[0]!.replay);
    // The shrunk trace, one row per step.
    expect(await page.locator('.counterexample table tbody tr').count()).toBe(report.counterexamples[0]!.trace.length);
    expect(await page.locator('h2', { hasText: 'Exercised' }).isVisible()).toBe(true);
    // Up front, a link to the counterexample at the end of the page.
    expect(await page.locator('.jump a').first().getAttribute('href')).toBe('#counterexample-1');
  });

  it('the copy button falls back to execCommand where the Clipboard API is missing', async () => {
    const report = JSON.parse(readFileSync(join(dirs.fail, 'report.json'), 'utf8')) as CheckReport;
    const page = await open(join(dirs.fail, 'report.html'));
    await page.evaluate(`
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
      document.addEventListener('copy', () => document.body.setAttribute('data-selection', String(document.getSelection())));
    `);
    await page.locator('.counterexample button.copy').first().click();
    expect(await page.locator('body').getAttribute('data-selection')).toBe(report.counterexamples[0]!.replay);
  });

  it('report.html of a passing check: pass, no charts', async () => {
    const page = await open(join(dirs.pass, 'report.html'));
    expect(await page.locator('h1 .verdict').textContent()).toBe('pass');
    expect(await page.locator('svg.msc').count()).toBe(0);
    expect(await page.locator('tr.row-fail').count()).toBe(0);
    expect(await page.locator('table').first().isVisible()).toBe(true);
  });

  it('report.html shows SUT stderr as text: <script> in it neither runs nor loads anything', async () => {
    const report = JSON.parse(readFileSync(join(dirs.error, 'report.json'), 'utf8')) as CheckReport;
    expect(report.error).toContain('<script>window.pwned = 1</script>');
    const page = await open(join(dirs.error, 'report.html'));
    expect(await page.locator('h1 .verdict').textContent()).toBe('error');
    expect(await page.locator('.error').textContent()).toContain('<script>window.pwned = 1</script><img src=');
    expect(await page.evaluate<string>('typeof window.pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
  });

  it('matrix.html: the matrix, matrix.svg with y = L on top, one chart per counterexample, a working copy button', async () => {
    const cex = readdirSync(join(dirs.matrix, 'cex')).filter((f) => f.endsWith('.json'));
    expect(cex.length).toBeGreaterThan(0);
    const page = await open(join(dirs.matrix, 'matrix.html'));
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(2);
    await expectRendered(page, '.matrix-svg svg', 1);
    const reference = page.locator('.matrix-svg svg .reference-L');
    expect((await reference.textContent())?.trim()).toBe('y = L');
    expect((await reference.locator('path').boundingBox())?.width ?? 0).toBeGreaterThan(100);
    // Round right-axis ticks (d3 nice()), not quarters of the maximum like 2.3 / 4.5 / 6.8.
    const ticks = (await page.locator('.matrix-svg svg .right-tick').allTextContents()).map(Number);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    // Drawn after (on top of) every series path.
    expect(await page.locator('.matrix-svg svg > g.reference-L ~ path').count()).toBe(0);
    await expectRendered(page, 'svg.msc', cex.length);
    const first = page.locator('section.counterexample').first();
    const id = (await first.getAttribute('id'))!.replace(/^cex-/, '');
    expect(await copied(page, 'section.counterexample button.copy')).toBe(matrixReplayCommand(join(dirs.matrix, 'cex', `${id}.json`)));
    // A violated cell links to its counterexample on the same page.
    const link = page.locator('a.violated').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^#cex-/);
    expect(await page.locator(`[id="${href!.slice(1)}"]`).count()).toBe(1);
  });

  it('no page asked for anything but files, and no script failed', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
