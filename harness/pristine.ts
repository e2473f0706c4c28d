// The tester's own reference entities come from a pristine copy of impl/, never from the module
// under test: an SUT that shares the tester's code would hide a mistake it makes on both ends
// (a KDF input, a TLV number, a MAC key). Where the copy comes from, first match wins:
//   1. PROAUTH_PRISTINE_IMPL: an impl/ directory holding system.ts (system.js for the build);
//   2. running from the sources in a git checkout: HEAD's impl/, extracted once per commit into
//      .mutants/_base/<commit>/impl (work in progress in impl/ never leaks into the tester);
//   3. otherwise the bundled impl/: the build's dist/impl/ (an installed package, whose git, if
//      any, is the user's project and whose HEAD holds no TypeScript node could load), or the
//      sources' impl/ outside git.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImplModule } from './adapters/reference-adapter.ts';
import { BUILT, codeModule, MODULE_EXTENSION, PACKAGE_ROOT } from './package-root.ts';

export const REPO = PACKAGE_ROOT;
/** Scratch space for extracted and mutated copies of impl/ (kept out of git by its own .gitignore). */
export const MUTANTS_DIR = join(REPO, '.mutants');

/** HEAD's commit, or null when this is not a git checkout. */
export function headCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

const extracted = new Map<string, string>();

/**
 * A copy of impl/ under .mutants/_base/<commit ?? 'worktree'>/ (the directory that holds impl/):
 * git HEAD's when `commit` is given, the working tree's otherwise. Extracted once per process.
 */
export function extractImpl(commit: string | null): string {
  const name = commit ?? 'worktree';
  const known = extracted.get(name);
  if (known !== undefined) return known;
  mkdirSync(MUTANTS_DIR, { recursive: true });
  if (!existsSync(join(MUTANTS_DIR, '.gitignore'))) writeFileSync(join(MUTANTS_DIR, '.gitignore'), '*\n');
  const dir = join(MUTANTS_DIR, '_base', name);
  const stamp = join(dir, '.complete');
  if (commit === null || !existsSync(stamp)) {
    // Processes that extract at once (test workers, CI shards) each build their own copy and
    // rename it into place, so none sees, or deletes, another's half-written copy.
    const tmp = `${dir}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    if (commit === null) cpSync(join(REPO, 'impl'), join(tmp, 'impl'), { recursive: true });
    else execFileSync('sh', ['-c', `git archive --format=tar ${commit} impl | tar -x -C "${tmp}"`], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    writeFileSync(join(tmp, '.complete'), name);
    if (commit === null) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another process put its complete copy there first: use that one.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(stamp)) throw e;
    }
  }
  extracted.set(name, dir);
  return dir;
}

/** Where the pristine impl/ is (its system.ts), by the rule above. */
export function pristineSystemPath(): string {
  const env = process.env['PROAUTH_PRISTINE_IMPL'];
  if (env !== undefined && env !== '') return join(resolve(env), `system${MODULE_EXTENSION}`);
  const commit = BUILT ? null : headCommit();
  if (commit !== null) return join(extractImpl(commit), 'impl', 'system.ts');
  return codeModule('impl/system');
}

let pristine: Promise<ImplModule> | null = null;

/** The pristine impl/ as an ImplModule (loaded once per process). */
export function loadPristine(): Promise<ImplModule> {
  pristine ??= import(pathToFileURL(pristineSystemPath()).href) as Promise<ImplModule>;
  return pristine;
}
