// The StrykerJS result (stryker.config.mjs) summed up by part of impl/: what the conformance
// check constrains in the entities' procedures, the wire codec, the crypto, and the scaffolding
// around them (the in-process system, configuration checks), and the byte helpers. Reads the JSON report Stryker
// writes; `npx tsx tools/mutation-summary.ts [reports/mutation/mutation.json]`.
import { readFileSync } from 'node:fs';

type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored';

interface Mutant {
  readonly status: Status;
  readonly mutatorName: string;
}

interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly Mutant[] }>>;
}

/** The part of impl/ a file belongs to (first matching prefix). */
const PARTS: readonly (readonly [string, string])[] = [
  ['impl/entities/', 'procedures (impl/entities)'],
  ['impl/wire/', 'wire codec (impl/wire)'],
  ['impl/crypto/', 'crypto (impl/crypto)'],
  ['impl/bytes.ts', 'bytes (impl/bytes.ts)'],
  ['impl/', 'scaffolding (impl/system.ts, config.ts)'],
];

type Tally = Record<'killed' | 'survived' | 'noCoverage' | 'ignored' | 'other', number>;

function emptyTally(): Tally {
  return { killed: 0, survived: 0, noCoverage: 0, ignored: 0, other: 0 };
}

function add(t: Tally, s: Status): void {
  if (s === 'Killed' || s === 'Timeout') t.killed++;
  else if (s === 'Survived') t.survived++;
  else if (s === 'NoCoverage') t.noCoverage++;
  else if (s === 'Ignored') t.ignored++;
  else t.other++;
}

/** Stryker's mutation score: detected / (detected + undetected), errors and ignored left out. */
function score(t: Tally): string {
  const valid = t.killed + t.survived + t.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * t.killed) / valid).toFixed(1)} %`;
}

function coveredScore(t: Tally): string {
  const covered = t.killed + t.survived;
  return covered === 0 ? 'n/a' : `${((100 * t.killed) / covered).toFixed(1)} %`;
}

export function summarize(report: Report): string {
  const parts = new Map<string, Tally>();
  const total = emptyTally();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const part = PARTS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? file;
    const t = parts.get(part) ?? emptyTally();
    parts.set(part, t);
    for (const m of mutants) {
      add(t, m.status);
      add(total, m.status);
    }
  }
  // Ignored mutants (a `// Stryker disable next-line` in impl/ with its reason) are left out of
  // the score, so their count stands next to it: a score is only as honest as those reasons.
  const row = (name: string, t: Tally): string =>
    `| ${name} | ${t.killed} | ${t.survived} | ${t.noCoverage} | ${t.ignored} | ${score(t)} | ${coveredScore(t)} |`;
  return [
    '| part | killed (incl. timeout) | survived | no coverage | ignored | score | score on covered code |',
    '|---|---|---|---|---|---|---|',
    ...PARTS.map(([, name]) => name)
      .filter((name) => parts.has(name))
      .map((name) => row(name, parts.get(name)!)),
    row('**all of impl/**', total),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2] ?? 'reports/mutation/mutation.json';
  let report: Report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  } catch (e) {
    process.stderr.write(`mutation-summary: cannot read ${path}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (typeof report.files !== 'object' || report.files === null) {
    process.stderr.write(`mutation-summary: ${path} is not a StrykerJS JSON report (no "files")\n`);
    process.exit(2);
  }
  process.stdout.write(`${summarize(report)}\n`);
}
