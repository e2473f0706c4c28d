// The matrix over several processes: rows are dealt round-robin to `jobs` children (worker.ts,
// run through tsx), results are put back in row order, so the output is the same as
// runMatrix's. Falls back to one process when jobs = 1.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assemble, checkOptions, fullEapRoundTrips, type MatrixOptions, type MatrixResult, runMatrix, type RowResult, ticksPerRow } from './matrix.ts';
import type { WorkerMessage, WorkerRequest } from './worker.ts';

export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runMatrixParallel(options: MatrixOptions & { readonly jobs?: number } = {}): Promise<MatrixResult> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? 1));
  if (jobs === 1) return runMatrix(options);
  const started = performance.now();
  const { rows, limits, defaultLimit } = checkOptions(options);
  const fullEap = fullEapRoundTrips();
  const total = rows.length * ticksPerRow(limits);
  let done = 0;
  const results: (RowResult | undefined)[] = rows.map(() => undefined);
  const shares = Array.from({ length: Math.min(jobs, rows.length) }, (_, j) => rows.map((_r, i) => i).filter((i) => i % jobs === j));
  await Promise.all(shares.map((indices) => new Promise<void>((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'], cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let failed = false;
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'tick') options.onProgress?.(++done, total, m.what);
      else if (m.type === 'row') {
        results[indices[m.index] as number] = m.result as RowResult;
        if (indices.every((i) => results[i] !== undefined)) child.disconnect();
      } else {
        failed = true;
        child.kill();
        reject(new WorkerFailure(m.message));
      }
    });
    child.on('error', (e) => reject(new WorkerFailure(e.message)));
    child.on('exit', (code) => {
      if (failed) return;
      if (indices.every((i) => results[i] !== undefined)) resolve();
      else reject(new WorkerFailure(`matrix worker exited with code ${String(code)} before finishing its rows`));
    });
    const request: WorkerRequest = { rows: indices.map((i) => (rows[i] as { id: string }).id), limits, defaultLimit, fullEap };
    child.send(request);
  })));
  return assemble(limits, defaultLimit, results as RowResult[], fullEap, (performance.now() - started) / 1000);
}
