// A child process of the parallel matrix (parallel.ts): it receives row ids and limits, analyses
// those rows, and sends each RowResult back as plain JSON. Exploration is deterministic, so the
// result does not depend on which process computed a row.
import { analyseRow } from './matrix.ts';
import { rowById } from './rows.ts';

export interface WorkerRequest {
  readonly rows: readonly string[];
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
    m.rows.forEach((id, index) => {
      const row = rowById(id);
      if (row === undefined) throw new Error(`unknown row ${id}`);
      const result = analyseRow(row, m.limits, m.defaultLimit, m.fullEap, (what) => send({ type: 'tick', what }));
      send({ type: 'row', index, result });
    });
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
  // The parent disconnects once it has every row; the process then ends on its own.
});
