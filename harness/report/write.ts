// `--report <dir>`: report.md, report.html, report.json, junit.xml and counterexample-<n>.itf.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHtml } from './html.ts';
import { toItf } from './itf.ts';
import { toJunit } from './junit.ts';
import { toMarkdown } from './markdown.ts';
import type { CheckReport } from './types.ts';

export function writeReport(dir: string, report: CheckReport): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['report.md', toMarkdown(report)],
    ['report.html', toHtml(report)],
    ['report.json', JSON.stringify(report, null, 2) + '\n'],
    ['junit.xml', toJunit(report)],
    ...report.counterexamples.map((c, i): [string, string] => [`counterexample-${i + 1}.itf.json`, JSON.stringify(toItf(c, report.command), null, 2) + '\n']),
  ];
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
