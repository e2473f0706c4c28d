// `npx tsx --max-semi-space-size=64 bench/l-sweep.ts [--keys coarse,fast] [--limits 0..8]`:
// the default world explored to its fixpoint for each chain limit L and world key, one JSON line
// per run (states, transitions, depth, verdicts, coverage, time, memory), each from empty model
// caches. docs/scaling.md's L table comes from it. Figures only: no test asserts them.
import { explore } from '../harness/explore/explore.ts';
import { WORLD_KEY_KINDS, type WorldKeyKind } from '../harness/explore/world-system.ts';
import { forgetMachines } from '../model/world/machines.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : (process.argv[i + 1] ?? fallback);
}

function limits(spec: string): number[] {
  const m = /^(\d+)\.\.(\d+)$/.exec(spec);
  if (m !== null) {
    const out: number[] = [];
    for (let l = Number(m[1]); l <= Number(m[2]); l++) out.push(l);
    return out;
  }
  return spec.split(',').map(Number);
}

const keys = arg('--keys', 'coarse,fast').split(',') as WorldKeyKind[];
for (const k of keys) {
  if (!WORLD_KEY_KINDS.includes(k)) {
    process.stderr.write(`l-sweep: unknown world key ${k}; known: ${WORLD_KEY_KINDS.join(', ')}\n`);
    process.exit(2);
  }
}
const ls = limits(arg('--limits', '0..8'));
if (ls.some((l) => !Number.isInteger(l) || l < 0 || l > 64)) {
  process.stderr.write('l-sweep: --limits takes A..B or a comma list of integers in 0..64\n');
  process.exit(2);
}

for (const limit of ls) {
  for (const worldKey of keys) {
    forgetMachines();
    const r = explore({ limit, worldKey, measureRetainedHeap: false });
    const line = {
      limit,
      worldKey,
      distinctStates: r.distinctStates,
      transitions: r.transitions,
      maxDepth: r.maxDepth,
      fixpoint: r.fixpoint,
      violations: r.counterexamples.map((c) => `${c.property}@${c.length}`),
      requirementsExercised: r.coverage.requirementsExercised.length,
      transitionsFired: r.coverage.transitionsFired,
      seconds: Math.round(r.seconds * 100) / 100,
      cpuSeconds: Math.round(r.cpuSeconds * 100) / 100,
      peakHeapMiB: Math.round(r.memory.peakHeapUsed / 2 ** 20),
    };
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}
