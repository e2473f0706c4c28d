import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli/main.ts';
import type { CliIo } from '../../harness/cli/io.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BAD_SUT = join(ROOT, 'test/cli/fixtures/bad-sut.mjs');

export function tempDir(prefix = 'proauth-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the CLI in process; returns exit code and what it printed. */
export async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), interactive: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/** True iff no live (non-zombie) process has this pid. */
export function gone(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return true;
  try {
    const state = readFileSync(stat, 'utf8').split(') ')[1]?.[0];
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

export async function waitGone(pid: number, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (gone(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return gone(pid);
}
