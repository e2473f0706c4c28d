// `npx tsx --max-semi-space-size=64 bench/workers.ts [--world '{"mns":2,"maxDepth":10}'] [--workers 1,2]`:
// one world explored with each worker count in turn, in one run, from empty model caches: one
// JSON line each (states, levels, wall and CPU time, distinct states/s, the states that crossed
// between workers), then whether the reports agree but for time and memory. docs/scaling.md
// quotes it. Figures only: no test asserts them.
import { explore, type ExploreOptions } from '../harness/explore/explore.ts';
import { forgetMachines } from '../model/world/machines.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}

const world = JSON.parse(arg('--world', '{"mns":2,"maxDepth":10}')) as ExploreOptions;
const counts = arg('--workers', '1,2').split(',').map(Number);
const results: string[] = [];
for (const workers of counts) {
  forgetMachines();
  const r = explore({ ...world, workers, measureRetainedHeap: false });
  const { seconds, statesPerSecond, cpuSeconds, statesPerCpuSecond: _perCpu, memory, parallel, ...rest } = r;
  results.push(JSON.stringify(rest));
  const line = {
    workers,
    distinctStates: r.distinctStates,
    transitions: r.transitions,
    maxDepth: r.maxDepth,
    stopReason: r.stopReason,
    violations: r.counterexamples.map((c) => `${c.property}@${c.length}`),
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round(cpuSeconds * 100) / 100,
    statesPerSecond: Math.round(statesPerSecond),
    peakRssMiB: Math.round(memory.peakRss / 2 ** 20),
    statesSent: parallel?.traffic.reduce((a, t) => a + t.statesSent, 0) ?? 0,
    sentPerLevel: parallel?.traffic.map((t) => t.statesSent) ?? [],
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}
process.stdout.write(JSON.stringify({ sameReports: results.every((x) => x === results[0]) }) + '\n');
