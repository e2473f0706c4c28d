// Where the browser tests find a Chromium: PROAUTH_CHROMIUM, else Debian's /usr/bin/chromium.
// Absent, the tests skip with one line saying how to install it, except under CI=true, where a
// missing browser is a failure (CI must run them: .ci/run installs it).
import { existsSync } from 'node:fs';

export const INSTALL_CHROMIUM = 'browser tests skipped: no chromium (install it with `apt-get install -y chromium`, or set PROAUTH_CHROMIUM to its path)';

/** The Chromium executable to drive, or null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env['PROAUTH_CHROMIUM'], '/usr/bin/chromium'].filter((p): p is string => p !== undefined && p !== '');
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** True when a missing Chromium must fail the tests rather than skip them. */
export function chromiumRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['CI'] === 'true' || env['CI'] === '1';
}
