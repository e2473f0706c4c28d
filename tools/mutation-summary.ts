// The StrykerJS result (stryker.config.mjs) summed up by part of impl/: what the conformance
// check constrains in the entities' procedures, the wire codec, the crypto, and the scaffolding
// around them (the in-process system, configuration checks), and the byte helpers. Reads the JSON report Stryker
// writes; `npx tsx tools/mutation-summary.ts [reports/mutation/mutation.json] [second-stage.json]`.
// With a second stage (README.md, "Mutation testing in two stages"), a mutant the first left
// undetected takes the second's status: the same mutant run again under the whole default check.
import { mutantKey, readReport, ReportError, type Report, type Status } from './mutation-report.ts';

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

const UNDETECTED: ReadonlySet<Status> = new Set(['Survived', 'NoCoverage']);

/** Each mutant's status in the second stage, by mutantKey. */
function statuses(report: Report): Map<string, Status> {
  const out = new Map<string, Status>();
  for (const [file, { mutants }] of Object.entries(report.files)) for (const m of mutants) out.set(mutantKey(file, m), m.status);
  return out;
}

export function summarize(report: Report, secondStage?: Report): string {
  const parts = new Map<string, Tally>();
  const total = emptyTally();
  const again = secondStage === undefined ? new Map<string, Status>() : statuses(secondStage);
  let rerun = 0;
  let missing = 0;
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const part = PARTS.find(([prefix]) => file.startsWith(prefix))?.[1] ?? file;
    const t = parts.get(part) ?? emptyTally();
    parts.set(part, t);
    for (const m of mutants) {
      let status = m.status;
      if (secondStage !== undefined && UNDETECTED.has(status)) {
        const second = again.get(mutantKey(file, m));
        if (second === undefined) missing++;
        else {
          rerun++;
          status = second;
        }
      }
      add(t, status);
      add(total, status);
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
    // A second stage that misses mutants of the first was run over other source: say so.
    ...(secondStage === undefined ? [] : ['', `second stage: ${rerun} undetected mutants of the first run again${missing === 0 ? '' : `; ${missing} not found in it (run over other source?), kept as the first stage left them`}`]),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const first = readReport(process.argv[2] ?? 'reports/mutation/mutation.json');
    const second = process.argv[3] === undefined ? undefined : readReport(process.argv[3]);
    process.stdout.write(`${summarize(first, second)}\n`);
  } catch (e) {
    if (!(e instanceof ReportError)) throw e;
    process.stderr.write(`mutation-summary: ${e.message}\n`);
    process.exit(2);
  }
}
