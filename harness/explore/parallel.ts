// The parallel explorer: the level-synchronous BFS of bfs.ts over n worker threads, each owning
// the states whose owner hash is its index mod n (docs/scaling.md §2). This thread coordinates:
// it starts the level in every worker, waits at the barrier for their reports, ranks the new
// level (parallel-partition.ts says why that makes the result the sequential explorer's: the same
// counts, levels, coverage and counterexample traces), picks the violations, checks the bounds,
// and at the end follows the parent pointers across workers to rebuild the traces.
//
// The explorer stays a synchronous function: the threads pass messages through MessagePorts and
// wait on a shared Int32Array (sync-port.ts). Workers run TypeScript under tsx as the what-if
// matrix's children do (harness/whatif/parallel.ts), the build's JavaScript as it is.
import v8 from 'node:v8';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { BUILT, codeModule } from '../package-root.ts';
import { replayIndices } from './bfs.ts';
import type { FoundViolation, LevelReport } from './parallel-partition.ts';
import type { Command, WorkerSetup } from './parallel-worker.ts';
import { SyncPorts } from './sync-port.ts';
import type { Counterexample, ExploreBounds, ExploreResult, MemoryStop, StopReason } from './types.ts';
import { worldSystem, type WorldSystemOptions } from './world-system.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { HEAP_GUARD_FRACTION } from './bfs.ts';

/** What the workers told at one barrier, and what crossed between them in the level. */
export interface LevelTraffic {
  readonly depth: number;
  /** States sent to another worker (each worker sends one copy per state and destination). */
  readonly statesSent: number;
}

export interface ParallelFigures {
  readonly workers: number;
  readonly traffic: readonly LevelTraffic[];
}

type Reply =
  | { readonly type: 'ready'; readonly violations: FoundViolation[]; readonly stored: number }
  | ({ readonly type: 'level'; readonly stored: number } & LevelReport)
  | { readonly type: 'finished'; readonly eventCoverage: Map<string, number>; readonly edgeCoverage: Map<string, number>; readonly storeBytes: number; readonly heapUsed: number }
  | { readonly type: 'parent'; readonly parent: number; readonly eventIndex: number };

/** A worker started on the sources needs tsx's loader registered in its own thread first. */
function startWorker(setup: WorkerSetup, transfer: MessagePort[]): Worker {
  const file = codeModule('harness/explore/parallel-worker');
  if (BUILT) return new Worker(file, { workerData: setup, transferList: transfer });
  const url = pathToFileURL(file).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url)}); })`;
  return new Worker(boot, { eval: true, workerData: setup, transferList: transfer });
}

const byKey = (a: FoundViolation, b: FoundViolation): number => a.key - b.key || (a.kind === b.kind ? 0 : a.kind === 'step' ? -1 : 1);

export function exploreParallel(options: WorldSystemOptions, workers: number, bounds: ExploreBounds = {}): ExploreResult<WorldEvent> & { readonly parallel: ParallelFigures } {
  const n = Math.max(1, Math.floor(workers));
  const maxDepth = bounds.maxDepth ?? Number.POSITIVE_INFINITY;
  const maxStates = bounds.maxStates ?? Number.POSITIVE_INFINITY;
  const deadline = bounds.maxSeconds === undefined ? Number.POSITIVE_INFINITY : bounds.maxSeconds * 1000;
  const maxMemory = bounds.maxMemoryBytes ?? Number.POSITIVE_INFINITY;
  const heapLimit = v8.getHeapStatistics().heap_size_limit * HEAP_GUARD_FRACTION;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const baselineHeapUsed = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;

  // Slot n is this thread's; workers have 0..n-1.
  const signals = new Int32Array(new SharedArrayBuffer(4 * (n + 1)));
  const ports = new SyncPorts(signals, n);
  const down = Array.from({ length: n }, () => new MessageChannel());
  const up = Array.from({ length: n }, () => new MessageChannel());
  const peer = Array.from({ length: n }, () => Array.from({ length: n }, () => new MessageChannel()));
  const threads = Array.from({ length: n }, (_, i) => {
    const toPeer = peer[i]?.map((c, j) => (j === i ? null : c.port1)) ?? [];
    const fromPeer = Array.from({ length: n }, (_, j) => (j === i ? null : (peer[j]?.[i] as MessageChannel).port2));
    const setup: WorkerSetup = {
      options, index: i, n, signals, coordinator: n,
      fromCoordinator: (down[i] as MessageChannel).port2, toCoordinator: (up[i] as MessageChannel).port1, toPeer, fromPeer,
    };
    const transfer = [setup.fromCoordinator, setup.toCoordinator, ...toPeer.filter((p) => p !== null), ...fromPeer.filter((p) => p !== null)];
    return startWorker(setup, transfer);
  });
  const command = (i: number, c: Command): void => ports.post((down[i] as MessageChannel).port1, i, c);
  const reply = <T extends Reply['type']>(i: number, type: T): Extract<Reply, { type: T }> => {
    const r = ports.receive<Reply>((up[i] as MessageChannel).port2);
    if (r.type !== type) throw new Error(`parallel explorer: worker ${i} answered ${r.type}, expected ${type}`);
    return r as Extract<Reply, { type: T }>;
  };
  const all = <T extends Reply['type']>(type: T): Extract<Reply, { type: T }>[] => threads.map((_, i) => reply(i, type));

  try {
    const pending = new Map<string, FoundViolation>();
    const adopt = (found: FoundViolation[]): void => {
      const best = new Map<string, FoundViolation>();
      for (const v of found) {
        const was = best.get(v.violation.id);
        if (was === undefined || byKey(v, was) < 0) best.set(v.violation.id, v);
      }
      for (const [id, v] of [...best].sort(([, a], [, b]) => byKey(a, b))) if (!pending.has(id)) pending.set(id, v);
    };
    adopt(all('ready').flatMap((r) => r.violations));
    const levelSizes = [1];
    const traffic: LevelTraffic[] = [];
    let distinct = 1;
    let transitions = 0;
    let deadlocks = 0;
    let stepChecks = 0;
    let stateChecks = 0;
    let frontier = 1;
    let depth = 0;
    let stop: StopReason | null = bounds.stopOnFirstViolation === true && pending.size > 0 ? 'violation' : null;
    let memoryStop: MemoryStop | null = null;
    while (stop === null) {
      // Every bound is checked here, at the barrier, so every worker stops at the same level.
      const m = process.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (frontier === 0) stop = 'fixpoint';
      else if (depth >= maxDepth) stop = 'depth';
      else if (distinct >= maxStates) stop = 'states';
      else if (performance.now() - started > deadline) stop = 'time';
      else if (m.rss >= maxMemory || m.heapUsed >= heapLimit) {
        stop = 'memory';
        memoryStop = m.rss >= maxMemory ? { what: 'rss', used: m.rss, bound: maxMemory, atBarrier: true } : { what: 'heap', used: m.heapUsed, bound: heapLimit, atBarrier: true };
      }
      if (stop !== null) break;
      for (let i = 0; i < n; i++) command(i, { type: 'expand' });
      const reports = all('level');
      // The next level's order: all new states by key (keys are distinct: one edge, one key).
      const keys = reports.map((r) => r.keys);
      const ranks = keys.map((k) => new Int32Array(k.length));
      const at = keys.map(() => 0);
      let rank = 0;
      for (;;) {
        let w = -1;
        for (let i = 0; i < n; i++) {
          const k = keys[i] as Float64Array;
          const a = at[i] as number;
          if (a < k.length && (w < 0 || (k[a] as number) < ((keys[w] as Float64Array)[at[w] as number] as number))) w = i;
        }
        if (w < 0) break;
        (ranks[w] as Int32Array)[at[w] as number] = rank++;
        at[w] = (at[w] as number) + 1;
      }
      ranks.forEach((r, i) => ports.post((down[i] as MessageChannel).port1, i, { type: 'ranks', ranks: r } satisfies Command, [r.buffer as ArrayBuffer]));
      adopt(reports.flatMap((r) => r.violations));
      for (const r of reports) {
        transitions += r.transitions;
        deadlocks += r.deadlocks;
        stepChecks += r.stepChecks;
        stateChecks += r.stateChecks;
      }
      traffic.push({ depth, statesSent: reports.reduce((a, r) => a + r.sent, 0) });
      frontier = rank;
      distinct += rank;
      depth++;
      if (rank > 0) levelSizes.push(rank);
      const rss = process.memoryUsage.rss();
      bounds.onLevel?.({ depth, distinctStates: distinct, transitions, frontier, seconds: (performance.now() - started) / 1000, rss });
      if (bounds.stopOnFirstViolation === true && pending.size > 0) stop = 'violation';
    }
    for (let i = 0; i < n; i++) command(i, { type: 'finish' });
    const finished = all('finished');
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const sum = (maps: Map<string, number>[]): Record<string, number> => {
      const out = new Map<string, number>();
      for (const mp of maps) for (const [k, v] of mp) out.set(k, (out.get(k) ?? 0) + v);
      return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    };
    // Traces: the parent pointers, asked of each state's owner, then replayed here.
    const parentOf = (gid: number): { parent: number; eventIndex: number } => {
      const w = gid % n;
      command(w, { type: 'parent', gid });
      return reply(w, 'parent');
    };
    const pathTo = (gid: number): number[] => {
      const path: number[] = [];
      for (let cur = gid; ; ) {
        const p = parentOf(cur);
        if (p.parent < 0) break;
        path.push(p.eventIndex);
        cur = p.parent;
      }
      return path.reverse();
    };
    const replaySys = pending.size > 0 ? worldSystem(options) : null;
    const counterexamples: Counterexample<WorldEvent>[] = [...pending.values()].map((p) => {
      const indices = pathTo(p.gid);
      if (p.kind === 'step') indices.push(p.eventIndex);
      const { events } = replayIndices(replaySys as NonNullable<typeof replaySys>, indices);
      return { id: p.violation.id, message: p.violation.message, requirements: p.violation.requirements ?? [], kind: p.kind, trace: events };
    });
    const storeBytes = finished.reduce((a, f) => a + f.storeBytes, 0);
    const heapUsed = process.memoryUsage().heapUsed + finished.reduce((a, f) => a + f.heapUsed, 0);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return {
      distinctStates: distinct,
      transitions,
      maxDepth: levelSizes.length - 1,
      fixpoint: stop === 'fixpoint',
      stopReason: stop,
      memoryStop,
      levelSizes,
      deadlocks,
      seconds,
      statesPerSecond: seconds > 0 ? distinct / seconds : 0,
      cpuSeconds,
      statesPerCpuSecond: cpuSeconds > 0 ? distinct / cpuSeconds : 0,
      memory: {
        storeBytesPerState: storeBytes / distinct,
        // The workers' heaps at the end, with this thread's: the peak is not sampled per worker.
        heapBytesPerState: Math.max(0, heapUsed - baselineHeapUsed) / distinct,
        retainedHeapBytesPerState: null,
        peakHeapUsed: heapUsed,
        peakRss,
        baselineHeapUsed,
      },
      eventCoverage: sum(finished.map((f) => f.eventCoverage)),
      edgeCoverage: sum(finished.map((f) => f.edgeCoverage)),
      stateChecks,
      stepChecks,
      counterexamples,
      store: 'fingerprint64',
      parallel: { workers: n, traffic },
    };
  } finally {
    for (let i = 0; i < n; i++) command(i, { type: 'exit' });
    for (const t of threads) void t.terminate();
  }
}
