// The directory a report goes to (`check --report`, `matrix --out`): created and proven
// writable before a run starts, so that an hour-long check never ends in a write error; and
// cleared of what proauth itself wrote there before, so that a reused directory never shows a
// counterexample of an earlier run beside this run's report. Only proauth's own files go: the
// ones its manifest lists (or, for a directory from before manifests, the names it writes).
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The directory cannot be created or written: a fault on the tester's side (exit 4), one line. */
export class ReportDirError extends Error {
  override readonly name = 'ReportDirError';
}

/** The hidden file listing what the last report wrote into its directory. */
export const MANIFEST = '.proauth-report-files.json';
const MANIFEST_TAG = 'proauth-report-files/1';

/** What a report directory held before manifests: the names writeReport used. */
const LEGACY_NAMES = /^(report\.md|report\.json|junit\.xml|counterexample-\d+\.itf\.json)$/;

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code !== undefined ? `${err.code} (${err.message.split(',')[0]?.replace(`${err.code}: `, '') ?? err.message})` : String(e);
}

/**
 * mkdir -p, one level at a time. Not mkdirSync(dir, { recursive: true }): on Node 20 that loops
 * for ever where mkdir answers ENOENT under a parent that exists (any path in /proc), which
 * made `check --report /proc/nope` hang instead of failing.
 */
export function makeDirectory(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  for (let at = target; ; at = dirname(at)) {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ReportDirError(`cannot create directory ${dir}: ${at === target ? '' : `${at}: `}${reason(e)}`);
    }
    if (isDir === true) break;
    if (isDir === false) throw new ReportDirError(`cannot create directory ${dir}: ${at} is not a directory`);
    if (dirname(at) === at) break;
    missing.push(at);
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Another process made it meanwhile: fine, when it is a directory.
      if (code === 'EEXIST' && statSync(at).isDirectory()) continue;
      throw new ReportDirError(`cannot create directory ${dir}: mkdir ${at}: ${reason(e)}`);
    }
  }
}

/** Creates a file in the directory and removes it again; throws ReportDirError when it cannot. */
export function probeWritable(dir: string): void {
  const probe = join(dir, `.proauth-write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (e) {
    rmSync(probe, { force: true });
    throw new ReportDirError(`directory ${dir} is not writable: ${reason(e)}`);
  }
}

/** A plain file name in the directory itself (a manifest never reaches outside it). */
function ownName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name) && name !== MANIFEST;
}

function earlierFiles(dir: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch {
    // No manifest: a directory from before manifests, or not proauth's at all; only the names proauth writes.
    try {
      return readdirSync(dir).filter((n) => LEGACY_NAMES.test(n));
    } catch {
      return [];
    }
  }
  try {
    const m = JSON.parse(text) as { tool?: unknown; files?: unknown };
    return m.tool === MANIFEST_TAG && Array.isArray(m.files) ? m.files.filter(ownName) : [];
  } catch {
    return []; // a damaged manifest names nothing we may delete
  }
}

/** Removes the files an earlier report wrote into `dir` (regular files only), and its manifest. */
export function removeEarlierReport(dir: string): string[] {
  const removed: string[] = [];
  for (const name of earlierFiles(dir)) {
    const path = join(dir, name);
    try {
      if (!lstatSync(path).isFile()) continue;
      unlinkSync(path);
      removed.push(name);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ReportDirError(`cannot remove ${path} of an earlier report: ${reason(e)}`);
    }
  }
  rmSync(join(dir, MANIFEST), { force: true });
  return removed;
}

/** Lists the files a report wrote, for the next run's removeEarlierReport. */
export function recordReportFiles(dir: string, names: readonly string[]): void {
  writeFileSync(join(dir, MANIFEST), JSON.stringify({ tool: MANIFEST_TAG, files: names.filter(ownName) }, null, 2) + '\n');
}

/** Before a run: the directory exists, is writable, and holds nothing of an earlier report. */
export function prepareReportDir(dir: string, options: { readonly clean: boolean }): void {
  makeDirectory(dir);
  probeWritable(dir);
  if (options.clean) removeEarlierReport(dir);
}
