// The part of StrykerJS's JSON report (mutation-testing-report-schema) that the mutation tools read.
import { readFileSync } from 'node:fs';

export type Status = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Mutant {
  readonly status: Status;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: Position; readonly end: Position };
}

export interface Report {
  readonly files: Readonly<Record<string, { readonly mutants: readonly Mutant[] }>>;
}

/** What names one mutant across two runs over the same source: file, place, mutator and replacement. */
export function mutantKey(file: string, m: Mutant): string {
  const { start, end } = m.location;
  return `${file}:${start.line}:${start.column}-${end.line}:${end.column}:${m.mutatorName}:${m.replacement ?? ''}`;
}

export class ReportError extends Error {
  override readonly name = 'ReportError';
}

/** Reads a StrykerJS JSON report; a file that is not one is a ReportError naming it. */
export function readReport(path: string): Report {
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ReportError(`cannot read ${path}: ${(e as Error).message}`);
  }
  const files = (report as { files?: unknown } | null)?.files;
  if (typeof files !== 'object' || files === null) throw new ReportError(`${path} is not a StrykerJS JSON report (no "files")`);
  return report as Report;
}
