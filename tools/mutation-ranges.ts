// The lines of impl/ where a StrykerJS run left mutants undetected (survived or no coverage), as
// `mutate` patterns (`file:from-to`, one per line): the input of the second stage, which runs
// only those lines under the whole default check (README.md, "Mutation testing in two stages").
//   npx tsx tools/mutation-ranges.ts reports/mutation/mutation.json > reports/mutation/undetected.txt
import { readReport, ReportError, type Report } from './mutation-report.ts';

const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** One `file:from-to` pattern per run of consecutive lines that hold an undetected mutant. */
export function undetectedRanges(report: Report): string[] {
  const out: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const lines = new Set<number>();
    for (const m of mutants) {
      if (!UNDETECTED.has(m.status)) continue;
      for (let l = m.location.start.line; l <= m.location.end.line; l++) lines.add(l);
    }
    const sorted = [...lines].sort((a, b) => a - b);
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
      out.push(`${file}:${sorted[i]}-${sorted[j]}`);
      i = j + 1;
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.stdout.write(undetectedRanges(readReport(process.argv[2] ?? 'reports/mutation/mutation.json')).map((r) => `${r}\n`).join(''));
  } catch (e) {
    if (!(e instanceof ReportError)) throw e;
    process.stderr.write(`mutation-ranges: ${e.message}\n`);
    process.exit(2);
  }
}
