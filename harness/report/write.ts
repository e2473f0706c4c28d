// `--report <dir>`: report.md, report.html, report.json, junit.xml and counterexample-<n>.itf.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHtml } from './html.ts';
import { toItf } from './itf.ts';
import { toJunit } from './junit.ts';
import { toMarkdown } from './markdown.ts';
import { makeDirectory, recordReportFiles, removeEarlierReport } from './report-dir.ts';
import type { CheckReport } from './types.ts';

export function writeReport(dir: string, report: CheckReport): string[] {
  makeDirectory(dir);
  // A reused directory keeps nothing of an earlier report (a counterexample this run did not find).
  removeEarlierReport(dir);
  const files: [string, string][] = [
    ['report.md', toMarkdown(report)],
    ['report.html', toHtml(report)],
    ['report.json', JSON.stringify(report, null, 2) + '\n'],
    ['junit.xml', toJunit(report)],
    ...report.counterexamples.map((c, i): [string, string] => [`counterexample-${i + 1}.itf.json`, JSON.stringify(toItf(c, report.command), null, 2) + '\n']),
  ];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  recordReportFiles(dir, files.map(([name]) => name));
  return files.map(([name]) => join(dir, name));
}
