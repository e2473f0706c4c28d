// The tester's own wire checks alone (harness/tester/wire-tester.ts): what one emitted PDU costs
// it (strict decode, MAC verification, tid echo, K unwrap and key re-derivation). Records the
// PDUs the reference SUT emits in one lockstep run of DEFAULT_RUNS runs, then feeds them to fresh
// WireTesters, one per recorded run, and times that in CPU time. Figures only.
//   npx tsx --max-semi-space-size=64 bench/wire-tester.ts [--repeats 7]
import { ReferenceAdapter, referenceModule } from '../harness/adapters/reference-adapter.ts';
import { DEFAULT_RUNS, runConformance } from '../harness/conformance.ts';
import { DEFAULT_WORLD } from '../harness/default-world.ts';
import type { WorldConfig } from '../vocabulary/observation.ts';
import { WireTester } from '../harness/tester/wire-tester.ts';
import { median } from './measure.ts';

type Call = { readonly kind: 'emitted'; readonly src: string; readonly dst: string; readonly bytes: Uint8Array } | { readonly kind: 'redelivered'; readonly bytes: Uint8Array };
interface Recorded {
  readonly config: WorldConfig;
  readonly seed: number;
  readonly calls: Call[];
}

const repeatsAt = process.argv.indexOf('--repeats');
const repeats = repeatsAt === -1 ? 7 : Number(process.argv[repeatsAt + 1]);

/** The calls every WireTester of one lockstep run received, by tester, in order. */
async function record(): Promise<Recorded[]> {
  const runs: Recorded[] = [];
  const byTester = new WeakMap<WireTester, Call[]>();
  let world: { config: WorldConfig; seed: number } | null = null;
  const reset = ReferenceAdapter.prototype.reset;
  const emitted = WireTester.prototype.emitted;
  const redelivered = WireTester.prototype.redelivered;
  const callsOf = (t: WireTester): Call[] => {
    let calls = byTester.get(t);
    if (calls === undefined) {
      calls = [];
      byTester.set(t, calls);
      runs.push({ ...world!, calls });
    }
    return calls;
  };
  ReferenceAdapter.prototype.reset = function (this: ReferenceAdapter, config: WorldConfig, seed: number): void {
    world = { config, seed };
    reset.call(this, config, seed);
  };
  WireTester.prototype.emitted = function (this: WireTester, src: string, dst: string, bytes: Uint8Array) {
    callsOf(this).push({ kind: 'emitted', src, dst, bytes: bytes.slice() });
    return emitted.call(this, src, dst, bytes);
  };
  WireTester.prototype.redelivered = function (this: WireTester, bytes: Uint8Array): void {
    callsOf(this).push({ kind: 'redelivered', bytes: bytes.slice() });
    redelivered.call(this, bytes);
  };
  try {
    const impl = await referenceModule();
    await runConformance({ sut: () => new ReferenceAdapter(impl), seed: 1, runs: DEFAULT_RUNS, config: DEFAULT_WORLD });
  } finally {
    ReferenceAdapter.prototype.reset = reset;
    WireTester.prototype.emitted = emitted;
    WireTester.prototype.redelivered = redelivered;
  }
  return runs;
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const runs = await record();
const perPdu: number[] = [];
let pdus = 0;
let findings = 0;
for (let r = 0; r < repeats; r++) {
  pdus = 0;
  findings = 0;
  const t0 = cpuMs();
  for (const run of runs) {
    const tester = new WireTester(run.config, run.seed);
    for (const c of run.calls) {
      if (c.kind === 'redelivered') tester.redelivered(c.bytes);
      else {
        findings += tester.emitted(c.src, c.dst, c.bytes).findings.length;
        pdus++;
      }
    }
  }
  perPdu.push(((cpuMs() - t0) * 1000) / pdus);
}
console.log(
  JSON.stringify({
    wireTester: {
      cpuMicrosPerEmittedPdu: Math.round(median(perPdu) * 10) / 10,
      perRepeat: perPdu.map((x) => Math.round(x * 10) / 10),
      testers: runs.length,
      emittedPdus: pdus,
      findings,
      note: 'the PDUs the reference SUT emitted in runConformance (DEFAULT_RUNS runs, seed 1, default world), fed again to fresh WireTesters; CPU time per emitted PDU, decode, MAC, tid, unwrap and key derivation included; findings must be 0',
    },
  }),
);
