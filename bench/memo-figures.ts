// `npx tsx --max-semi-space-size=64 bench/memo-figures.ts`: the machines' memo
// (harness/explore/machine-memo.ts) at several capacities on default-world explorations to the
// fixpoint, each from empty model caches: how calls were answered (by object, by localized text,
// by XState), the answers the run's memos hold at the end and the heap the run keeps. Figures only.
import { explore } from '../harness/explore/explore.ts';
import { machineMemoFigures, setMachineMemoCapacity } from '../harness/explore/machine-memo.ts';
import type { WorldKeyKind } from '../harness/explore/world-system.ts';
import { forgetMachines } from '../model/world/machines.ts';

const runs: { limit: number; worldKey: WorldKeyKind }[] = [
  { limit: 3, worldKey: 'fast' },
  { limit: 8, worldKey: 'coarse' },
  { limit: 6, worldKey: 'fast' },
];
const capacities = [Infinity, 1 << 16, 1 << 10, 1 << 8];
const pct = (a: number, b: number): number => Math.round((1000 * a) / b) / 10;

for (const { limit, worldKey } of runs) {
  for (const capacity of capacities) {
    const previous = setMachineMemoCapacity(capacity);
    forgetMachines();
    machineMemoFigures(true);
    const r = explore({ limit, worldKey });
    const f = machineMemoFigures(true);
    setMachineMemoCapacity(previous);
    process.stdout.write(
      JSON.stringify({
        limit, worldKey, capacity: capacity === Infinity ? 'unbounded' : capacity, distinctStates: r.distinctStates,
        calls: f.calls, objectHitPct: pct(f.objectHits, f.calls), textHitPct: pct(f.textHits, f.calls), missPct: pct(f.misses, f.calls),
        misses: f.misses, evicted: f.evicted, heldAtEnd: f.misses - f.evicted,
        retainedHeapBytesPerState: r.memory.retainedHeapBytesPerState === null ? null : Math.round(r.memory.retainedHeapBytesPerState),
        peakHeapMiB: Math.round(r.memory.peakHeapUsed / 2 ** 20), seconds: Math.round(r.seconds * 10) / 10, cpuSeconds: Math.round(r.cpuSeconds * 10) / 10,
      }) + '\n',
    );
  }
}
