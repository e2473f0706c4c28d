// Headless Chromium for tests that need a real browser (Mermaid's own parser and renderer, the
// HTML report), through playwright-core with the system's Chromium: no browser download.
// Where Chromium is missing a suite is skipped with one line that says how to install it,
// except on CI (CI=true), where a missing browser fails the suite instead of hiding it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';

/** The one line a suite prints when it cannot run. */
export const NO_CHROMIUM = 'chromium not found (apt-get install chromium, or set PROAUTH_CHROMIUM to its path)';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable: $PROAUTH_CHROMIUM when set, else the system's; null when absent. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env['PROAUTH_CHROMIUM'];
  if (chosen !== undefined && chosen !== '') return existsSync(chosen) ? chosen : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** A headless Chromium, or null when there is none to launch. */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser | null> {
  const executablePath = chromiumExecutable(env);
  if (executablePath === null) return null;
  return chromium.launch({ executablePath, headless: true });
}

/** True when a missing Chromium must fail the tests rather than skip them. */
export function chromiumRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CI'] === 'true' || env['CI'] === '1';
}

/**
 * A describe block whose tests share one browser. Without Chromium it holds a single skipped
 * test named NO_CHROMIUM (one line in the output), or on CI a single failing one.
 */
export function describeWithChromium(name: string, body: (browser: () => Browser) => void, env: NodeJS.ProcessEnv = process.env): void {
  if (chromiumExecutable(env) === null) {
    describe(name, () => {
      if (chromiumRequired(env)) {
        it('needs chromium on CI', () => {
          throw new Error(NO_CHROMIUM);
        });
      } else it.skip(NO_CHROMIUM, () => undefined);
    });
    return;
  }
  describe(name, () => {
    let browser: Browser | null = null;
    beforeAll(async () => {
      browser = await launchChromium(env);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });
    body(() => {
      if (browser === null) throw new Error(NO_CHROMIUM);
      return browser;
    });
  });
}
