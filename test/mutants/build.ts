// Builds a mutant: a copy of the reference implementation (impl/) with one small source change
// applied, under .mutants/<name>/impl/, loaded with a dynamic import so that the harness runs
// exactly the code an implementer would have written. The copy is taken from git HEAD when the
// checkout is a git repository (other work in progress in impl/ does not leak into the
// mutants), else from the working tree; PROAUTH_MUTANT_SOURCE=worktree forces the latter.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import type { Mutant } from './catalogue.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const MUTANTS_DIR = join(REPO, '.mutants');

export class MutantError extends Error {
  override readonly name = 'MutantError';
}

function headCommit(): string | null {
  if (process.env['PROAUTH_MUTANT_SOURCE'] === 'worktree') return null;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

let baseDir: string | null = null;

/** The pristine impl/ every mutant is made from (extracted once per process and commit). */
export function baseImpl(): string {
  if (baseDir !== null) return baseDir;
  const commit = headCommit();
  // The whole directory is scratch space: keep it out of git without touching .gitignore.
  mkdirSync(MUTANTS_DIR, { recursive: true });
  if (!existsSync(join(MUTANTS_DIR, '.gitignore'))) writeFileSync(join(MUTANTS_DIR, '.gitignore'), '*\n');
  const dir = join(MUTANTS_DIR, '_base', commit ?? 'worktree');
  const stamp = join(dir, '.complete');
  if (commit === null || !existsSync(stamp)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (commit === null) cpSync(join(REPO, 'impl'), join(dir, 'impl'), { recursive: true });
    else execFileSync('sh', ['-c', `git archive --format=tar ${commit} impl | tar -x -C "${dir}"`], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    writeFileSync(stamp, commit ?? 'worktree');
  }
  baseDir = dir;
  return dir;
}

/** How often `find` occurs in `text`. */
export function occurrences(text: string, find: string): number {
  let n = 0;
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) n++;
  return n;
}

/** The source of `file` (relative to impl/) in the base copy. */
export function baseSource(file: string): string {
  return readFileSync(join(baseImpl(), 'impl', file), 'utf8');
}

/** Writes the mutant's copy of impl/ and returns the directory holding it. */
export function buildMutant(m: Mutant): string {
  const dir = join(MUTANTS_DIR, m.name);
  const target = join(dir, 'impl', m.file);
  const source = baseSource(m.file);
  const n = occurrences(source, m.find);
  if (n !== 1) throw new MutantError(`mutant ${m.name}: the text to replace occurs ${n} times in impl/${m.file} (expected exactly once)`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(baseImpl(), 'impl'), join(dir, 'impl'), { recursive: true });
  writeFileSync(target, source.replace(m.find, m.replace));
  return dir;
}

/** Builds and loads a mutant's ImplSystem. */
export async function loadMutant(m: Mutant): Promise<ImplModule> {
  const dir = buildMutant(m);
  return (await import(pathToFileURL(join(dir, 'impl', 'system.ts')).href)) as ImplModule;
}

/** The pristine base copy itself, loaded the same way (the reference the mutants differ from). */
export async function loadBase(): Promise<ImplModule> {
  return (await import(pathToFileURL(join(baseImpl(), 'impl', 'system.ts')).href)) as ImplModule;
}
