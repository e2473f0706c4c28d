// Builds a mutant: a copy of the reference implementation (impl/) with one small source change
// applied, under .mutants/<name>/impl/, loaded with a dynamic import so that the harness runs
// exactly the code an implementer would have written. The copy is taken from git HEAD when the
// checkout is a git repository (other work in progress in impl/ does not leak into the
// mutants), else from the working tree; PROAUTH_MUTANT_SOURCE=worktree forces the latter.
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { extractImpl, headCommit, MUTANTS_DIR, REPO } from '../../harness/pristine.ts';
import { editsOf, type MutantSpec } from './catalogue.ts';

export { MUTANTS_DIR, REPO };

export class MutantError extends Error {
  override readonly name = 'MutantError';
}

/** The pristine impl/ every mutant is made from (harness/pristine.ts extracts it). */
export function baseImpl(): string {
  return extractImpl(process.env['PROAUTH_MUTANT_SOURCE'] === 'worktree' ? null : headCommit());
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

/**
 * Writes the mutant's copy of impl/ and returns the directory holding it. Test files in other
 * workers build the same mutant at once (the catalogue test, the standard run, the lower-tester
 * tests): each writes its own copy and renames it into place, and a complete copy of the same
 * base and edits that is already there is used as it is, so that no process deletes, or reads,
 * a copy another is writing.
 */
export function buildMutant(m: MutantSpec): string {
  const dir = join(MUTANTS_DIR, m.name);
  const edits = editsOf(m);
  for (const e of edits) {
    const n = occurrences(baseSource(e.file), e.find);
    if (n !== 1) throw new MutantError(`mutant ${m.name}: the text to replace occurs ${n} times in impl/${e.file} (expected exactly once)`);
  }
  const base = baseImpl();
  // A worktree base changes under the same name, so its mutants are always rebuilt.
  const reusable = !base.endsWith('worktree');
  const stamp = JSON.stringify({ base, edits });
  const stampFile = join(dir, '.complete');
  const complete = (): boolean => existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  if (reusable && complete()) return dir;
  const tmp = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  cpSync(join(base, 'impl'), join(tmp, 'impl'), { recursive: true });
  for (const e of edits) {
    const target = join(tmp, 'impl', e.file);
    writeFileSync(target, readFileSync(target, 'utf8').replace(e.find, e.replace));
  }
  writeFileSync(join(tmp, '.complete'), stamp);
  if (existsSync(dir) && !(reusable && complete())) {
    // A stale copy (another commit, other edits): move it aside first, so that the rename below
    // meets no directory; if another process moved it already, that is fine.
    const stale = `${tmp}.stale`;
    try {
      renameSync(dir, stale);
      rmSync(stale, { recursive: true, force: true });
    } catch {
      /* moved by another process */
    }
  }
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process put its complete copy of the same mutant there first: use that one.
    rmSync(tmp, { recursive: true, force: true });
    if (!complete()) throw e;
  }
  return dir;
}

/** Builds and loads a mutant's ImplSystem. */
export async function loadMutant(m: MutantSpec): Promise<ImplModule> {
  const dir = buildMutant(m);
  return (await import(pathToFileURL(join(dir, 'impl', 'system.ts')).href)) as ImplModule;
}

/** The pristine base copy itself, loaded the same way (the reference the mutants differ from). */
export async function loadBase(): Promise<ImplModule> {
  return (await import(pathToFileURL(join(baseImpl(), 'impl', 'system.ts')).href)) as ImplModule;
}
