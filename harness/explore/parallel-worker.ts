// A worker thread of the parallel explorer (parallel.ts): it builds the world system from the
// options it was started with, owns one partition (parallel-partition.ts), and follows the
// coordinator's commands, one level at a time, until told to exit.
import { workerData, type MessagePort } from 'node:worker_threads';
import { Partition, type Batch } from './parallel-partition.ts';
import { SyncPorts } from './sync-port.ts';
import { worldSystem, type WorldSystemOptions } from './world-system.ts';

export interface WorkerSetup {
  readonly options: WorldSystemOptions;
  readonly index: number;
  readonly n: number;
  readonly signals: Int32Array;
  /** Slot of the coordinator in signals (workers have 0..n-1). */
  readonly coordinator: number;
  readonly fromCoordinator: MessagePort;
  readonly toCoordinator: MessagePort;
  /** By peer index; this worker's own entry is null. */
  readonly toPeer: readonly (MessagePort | null)[];
  readonly fromPeer: readonly (MessagePort | null)[];
}

export type Command =
  | { readonly type: 'expand' }
  | { readonly type: 'ranks'; readonly ranks: Int32Array }
  | { readonly type: 'finish' }
  | { readonly type: 'parent'; readonly gid: number }
  | { readonly type: 'exit' };

function run(setup: WorkerSetup): void {
  const ports = new SyncPorts(setup.signals, setup.index);
  const toCoordinator = (m: unknown, transfer: ArrayBuffer[] = []): void => ports.post(setup.toCoordinator, setup.coordinator, m, transfer);
  const part = new Partition(worldSystem({ ...setup.options, portable: true }), setup.index, setup.n);
  toCoordinator({ type: 'ready', violations: part.init(), stored: part.store.size });
  for (;;) {
    const c = ports.receive<Command>(setup.fromCoordinator);
    if (c.type === 'expand') {
      part.expand((to, batch) => ports.post(setup.toPeer[to] as MessagePort, to, batch));
      for (let p = 0; p < setup.n; p++) {
        const from = setup.fromPeer[p];
        if (from === null || from === undefined) continue;
        for (;;) {
          const b = ports.receive<Batch>(from);
          part.receive(b);
          if (b.last) break;
        }
      }
      const r = part.report();
      toCoordinator({ type: 'level', ...r, stored: part.store.size }, [r.keys.buffer as ArrayBuffer]);
    } else if (c.type === 'ranks') {
      part.setRanks(c.ranks);
    } else if (c.type === 'finish') {
      toCoordinator({ type: 'finished', eventCoverage: part.eventCoverage, edgeCoverage: part.edgeCoverage, storeBytes: part.store.bytes(), heapUsed: process.memoryUsage().heapUsed });
    } else if (c.type === 'parent') {
      const local = Math.floor(c.gid / setup.n);
      toCoordinator({ type: 'parent', parent: part.store.parentOf(local), eventIndex: part.store.eventIndexOf(local) });
    } else {
      return;
    }
  }
}

run(workerData as WorkerSetup);
