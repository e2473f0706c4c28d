// Builds a mutant: a copy of the reference implementation (impl/) with one small source change
// applied, under .mutants/<name>/impl/, loaded with a dynamic import so that the harness runs
// exactly the code an implementer would have written. The copy is taken from git HEAD when the
// checkout is a git repository (other work in progress in impl/ does not leak into the
// mutants), else from the working tree; PROAUTH_MUTANT_SOURCE=worktree forces the latter.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Writes the mutant's copy of impl/ and returns the directory holding it. */
export function buildMutant(m: MutantSpec): string {
  const dir = join(MUTANTS_DIR, m.name);
  const edits = editsOf(m);
  for (const e of edits) {
    const n = occurrences(baseSource(e.file), e.find);
    if (n !== 1) throw new MutantError(`mutant ${m.name}: the text to replace occurs ${n} times in impl/${e.file} (expected exactly once)`);
  }
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(baseImpl(), 'impl'), join(dir, 'impl'), { recursive: true });
  for (const e of edits) {
    const target = join(dir, 'impl', e.file);
    writeFileSync(target, readFileSync(target, 'utf8').replace(e.find, e.replace));
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
