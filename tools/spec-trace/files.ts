// Which files are scanned, in which layer each one counts, and which ones git tracks.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Layer } from './types.ts';

const SCANNED_EXTENSIONS = /\.(?:ts|mts|cts|tsx|js|mjs|cjs|json|py)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.stryker-tmp', 'coverage']);

export const isTestFile = (file: string): boolean => /\.test\.[cm]?[jt]sx?$/.test(file) || file.startsWith('test/');

export function layerOf(file: string): Layer | null {
  if (isTestFile(file)) return 'tests';
  const top = file.split('/')[0];
  switch (top) {
    case 'model':
    case 'impl':
    case 'properties':
    case 'harness':
      return top;
    case 'vocabulary': // the observation vocabulary is the harness's side of the wall
      return 'harness';
    default:
      return null;
  }
}

/** The line-comment marker annotations use in a file: `//` (`//=`, `//#`), `#` in Python (`#=`, `##`), none in JSON. */
export function commentMarkerOf(file: string): string | null {
  if (file.endsWith('.json')) return null;
  return file.endsWith('.py') ? '#' : '//';
}

export function walk(dir: string, visit: (file: string) => void): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    if (SKIPPED_DIRS.has(name)) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, visit);
    else if (st.isFile() && SCANNED_EXTENSIONS.test(name)) visit(full);
  }
}

export const toRepoPath = (root: string, full: string): string => relative(root, full).split(sep).join('/');

/** The files git tracks under `root`, or null when `root` is not the top of a git work tree. */
export function gitTrackedFiles(root: string): ReadonlySet<string> | null {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (realpathSync(top) !== realpathSync(root)) return null;
    const list = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    return new Set(list.split('\0').filter((f) => f !== ''));
  } catch {
    return null;
  }
}

/** Every scanned file of a layer under `root`, repo-relative, in a stable order. */
export function scannedFiles(root: string, dirs: readonly string[], exclude: readonly string[], tracked: ReadonlySet<string> | null): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    walk(join(root, dir), (full) => {
      const file = toRepoPath(root, full);
      if (exclude.some((prefix) => file.startsWith(prefix))) return;
      if (tracked !== null && !tracked.has(file)) return;
      if (layerOf(file) !== null) out.push(file);
    });
  }
  return out;
}
