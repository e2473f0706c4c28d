// The matrix over several processes: each child (worker.ts through tsx, or the build's worker.js)
// takes the next row as soon as it has finished one (the heaviest first), and results are put
// back in row order, so the output is the same as runMatrix's. jobs = 1 runs in this process.
import { fork } from 'node:child_process';
import { BUILT, codeModule, PACKAGE_ROOT } from '../package-root.ts';
import { assemble, checkOptions, fullEapRoundTrips, type MatrixOptions, type MatrixResult, runMatrix, matrixTicks, type RowResult } from './matrix.ts';
import type { WorkerMessage, WorkerRequest } from './worker.ts';

export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';
}

const WORKER = codeModule('harness/whatif/worker');
// The sources need tsx in the child; the build is plain JavaScript (tsx is no dependency of the package).
const WORKER_EXEC_ARGV: readonly string[] = BUILT ? [] : ['--import', 'tsx'];

export async function runMatrixParallel(options: MatrixOptions & { readonly jobs?: number } = {}): Promise<MatrixResult> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  if (jobs === 1) return runMatrix(options);
  const started = performance.now();
  const { rows, limits, defaultLimit } = checkOptions(options);
  const fullEap = fullEapRoundTrips();
  const total = matrixTicks(rows, limits, defaultLimit);
  let done = 0;
  let next = 0;
  // The heaviest rows (a full sweep: every scenario at every L) go first, so that none is left
  // to run alone at the end; results still go back in row order.
  const order = rows.map((row, i) => ({ i, ticks: matrixTicks([row], limits, defaultLimit) })).sort((a, b) => b.ticks - a.ticks || a.i - b.i).map((x) => x.i);
  const results: (RowResult | undefined)[] = rows.map(() => undefined);
  const runChild = (): Promise<void> => new Promise<void>((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: [...WORKER_EXEC_ARGV], cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let settled = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      child.kill();
      reject(new WorkerFailure(message));
    };
    const feed = (): void => {
      const i = order[next++] ?? rows.length;
      const row = rows[i];
      if (row === undefined) {
        settled = true;
        child.disconnect();
        resolve();
        return;
      }
      const request: WorkerRequest = { index: i, row, limits, defaultLimit, fullEap };
      child.send(request);
    };
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'tick') options.onProgress?.(++done, total, m.what);
      else if (m.type === 'row') {
        results[m.index] = m.result as RowResult;
        feed();
      } else fail(m.message);
    });
    child.on('error', (e) => fail(e.message));
    child.on('exit', (code) => fail(`matrix worker exited with code ${String(code)} before finishing its rows`));
    feed();
  });
  await Promise.all(Array.from({ length: Math.min(jobs, rows.length) }, runChild));
  return assemble(limits, defaultLimit, results as RowResult[], fullEap, (performance.now() - started) / 1000);
}
