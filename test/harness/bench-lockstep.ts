// Throughput of the lockstep harness (not a test: `npx tsx test/harness/bench-lockstep.ts`).
// 1. End to end: runConformance (model oracle, reference SUT, every property on both sides,
//    comparison) over N runs: stimuli per second of wall time, shrinking excluded.
// 2. Per component, on the same recorded walks: the model oracle, the reference adapter, the
//    property catalogue (one side), the comparison.
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter } from '../../harness/adapters/reference-adapter.ts';
import { ReferenceOracle } from '../../harness/adapters/reference-oracle.ts';
import { ObservationComparator } from '../../harness/compare.ts';
import { DEFAULT_SEED, runConformance } from '../../harness/conformance.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { initialFacts, judgeStep } from '../../properties/index.ts';
import { loadBase } from '../mutants/build.ts';

const runs = Number(process.argv[2] ?? 100);
const impl = await loadBase();

for (const [label, oracle] of [['model oracle', undefined], ['reference oracle', () => new ReferenceOracle(impl)]] as const) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = await runConformance({ sut: () => new ReferenceAdapter(impl), seed: DEFAULT_SEED, runs, maxShrinkRuns: 0, ...(oracle === undefined ? {} : { oracle }) });
  const ms = r.msToDetection ?? performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  // CPU time is what the harness costs; wall time also counts other processes on a shared machine.
  console.log(JSON.stringify({ bench: `end-to-end (${label})`, verdict: r.verdict, runs: r.runs, steps: r.steps, wallMs: Math.round(ms), cpuMs: Math.round(cpuMs), stepsPerWallSecond: Math.round(r.steps / (ms / 1000)), stepsPerCpuSecond: Math.round(r.steps / (cpuMs / 1000)) }));
}

// Recorded walks on the model (deliveries favoured), 60 stimuli each.
let x = 12345;
const rnd = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
const walks: { trace: Stimulus[]; obs: Observation[] }[] = [];
const m = new ModelOracle();
let t = performance.now();
let n = 0;
for (let r = 0; r < 50; r++) {
  m.reset(DEFAULT_WORLD, 0);
  const trace: Stimulus[] = [];
  const obs = [m.observe()];
  for (let i = 0; i < 60; i++) {
    const en = m.enabled();
    const d = en.filter((s) => s.kind === 'deliver');
    const s = d.length > 0 && rnd() < 0.6 ? d[0]! : en[Math.floor(rnd() * en.length)]!;
    trace.push(s);
    m.apply(s);
    obs.push(m.observe());
    n++;
  }
  walks.push({ trace, obs });
}
const per = (label: string, start: number): void => console.log(JSON.stringify({ bench: label, usPerStep: Math.round(((performance.now() - start) / n) * 1000) }));
per('model oracle: enabled + step + observe', t);
t = performance.now();
for (const { trace } of walks) {
  const a = new ReferenceAdapter(impl);
  a.reset(DEFAULT_WORLD, 1);
  try {
    for (const s of trace) {
      a.apply(s);
      a.observe();
    }
  } catch {
    // The walk is the model's; where the two part ways the rest of the walk may not apply.
  }
}
per('reference adapter: reset + apply + observe (incl. K evidence)', t);
t = performance.now();
for (const { trace, obs } of walks) {
  let f = initialFacts(DEFAULT_WORLD);
  for (let i = 0; i < trace.length; i++) f = judgeStep(DEFAULT_WORLD, f, obs[i]!, trace[i]!, obs[i + 1]!).facts;
}
per('property catalogue (one side)', t);
t = performance.now();
for (const { obs } of walks) {
  const c = new ObservationComparator();
  for (let i = 1; i < obs.length; i++) c.compare(obs[i]!, obs[i]!);
}
per('comparison', t);
