// A child process of the parallel matrix (parallel.ts): it analyses one row per request and sends
// the RowResult back as plain JSON, until the parent disconnects. Exploration is deterministic,
// so a row's result does not depend on which process computed it.
import { analyseRow } from './matrix.ts';
import { rowById } from './rows.ts';

export interface WorkerRequest {
  /** Index of the row in the parent's list (echoed back). */
  readonly index: number;
  readonly row: string;
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
    const row = rowById(m.row);
    if (row === undefined) throw new Error(`unknown row ${m.row}`);
    const result = analyseRow(row, m.limits, m.defaultLimit, m.fullEap, (what) => send({ type: 'tick', what }));
    send({ type: 'row', index: m.index, result });
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
