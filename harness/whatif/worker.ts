// A child process of the parallel matrix (parallel.ts): it analyses one row per request and sends
// the RowResult back as plain JSON, until the parent disconnects. Exploration is deterministic,
// so a row's result does not depend on which process computed it. Rows are plain data and come
// whole, so a remedy's row (harness/remedy) runs here as the default rows do.
import { analyseRow } from './matrix.ts';
import type { MatrixRow } from './rows.ts';

export interface WorkerRequest {
  /** Index of the row in the parent's list (echoed back). */
  readonly index: number;
  readonly row: MatrixRow;
  readonly limits: readonly number[];
  readonly defaultLimit: number;
  readonly fullEap: number;
}

export type WorkerMessage =
  | { readonly type: 'tick'; readonly what: string }
  | { readonly type: 'row'; readonly index: number; readonly result: unknown }
  | { readonly type: 'error'; readonly message: string };

process.on('message', (m: WorkerRequest) => {
  const send = (msg: WorkerMessage): void => {
    process.send?.(msg);
  };
  try {
    const result = analyseRow(m.row, m.limits, m.defaultLimit, m.fullEap, (what) => send({ type: 'tick', what }));
    send({ type: 'row', index: m.index, result });
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
