// An output directory flag (`check --report`, `matrix --out`) checked before the work starts:
// one that cannot be created or written is the tester's fault (exit 4), said in one line.
import { prepareReportDir, ReportDirError } from '../report/report-dir.ts';
import { TesterFault } from './io.ts';

export function prepareOutputDir(flag: string, dir: string, options: { readonly clean: boolean }): void {
  try {
    prepareReportDir(dir, options);
  } catch (e) {
    throw e instanceof ReportDirError ? new TesterFault(`${flag}: ${e.message}`) : e;
  }
}
