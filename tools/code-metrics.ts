// Size figures of the source tree, for before/after comparisons of a refactor: per folder, the
// TypeScript files (tests apart), their lines, the files over 300 lines, and the module-level
// caches (a top-level `const`/`let` bound to a new Map, WeakMap, Set or WeakSet).
//   npx tsx tools/code-metrics.ts [--json] [folder ...]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LONG_FILE = 300;
const CACHE = /^(?:export )?(?:const|let) [A-Za-z_$][\w$]*[^=]*= new (?:Map|WeakMap|Set|WeakSet)\b/;

export interface FolderMetrics {
  readonly folder: string;
  readonly files: number;
  readonly lines: number;
  readonly longFiles: readonly string[];
  readonly caches: number;
}

const isTest = (f: string): boolean => f.startsWith('test/') || /\.test\.ts$/.test(f);

export function metrics(folder: string, files: readonly string[]): FolderMetrics {
  const mine = files.filter((f) => folder === '.' || f.startsWith(`${folder}/`));
  let lines = 0;
  let caches = 0;
  const longFiles: string[] = [];
  for (const f of mine) {
    const text = readFileSync(f, 'utf8').split('\n');
    const n = text.at(-1) === '' ? text.length - 1 : text.length;
    lines += n;
    if (n > LONG_FILE) longFiles.push(`${f} (${n})`);
    caches += text.filter((l) => CACHE.test(l)).length;
  }
  return { folder, files: mine.length, lines, longFiles, caches };
}

const args = process.argv.slice(2);
const folders = args.filter((a) => !a.startsWith('--'));
const tracked = execFileSync('git', ['ls-files', '*.ts'], { encoding: 'utf8' }).split('\n').filter((f) => f !== '' && !isTest(f));
const rows = (folders.length > 0 ? folders : ['.', 'model', 'properties', 'harness/explore', 'harness', 'impl', 'tools']).map((d) => metrics(d, tracked));
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else {
  console.log('| folder | files | lines | files over 300 lines | module-level caches |\n|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.folder === '.' ? 'whole repository' : `${r.folder}/`} | ${r.files} | ${r.lines} | ${r.longFiles.length} | ${r.caches} |`);
}
