// Drives an ImplSystem (the reference or a mutated copy) through a seeded random sequence of
// the stimuli docs/protocol.md §3 enables, and feeds a WireTester every PDU an entity emits and
// every SA it then reports, the way a lower tester watching the wire would.
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { enabledStimuli } from '../../harness/enabled.ts';
import type { Observation, PduObservation, Stimulus, WorldConfig } from '../../harness/observation.ts';
import { WireTester, type WireFinding, type WireTesterStats } from '../../harness/tester/wire-tester.ts';
import type { ImplSystem, ImplSystemOptions } from '../../impl/system.ts';

export interface DriveResult {
  readonly findings: readonly WireFinding[];
  readonly stats: WireTesterStats;
  readonly steps: number;
}

/** mulberry32: replayable choices for the test driver (not for keys). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Deliveries make progress; faults and policy flips are the seasoning.
const WEIGHT: Record<Stimulus['kind'], number> = { deliver: 12, attach: 3, handover: 2, complete: 6, abort: 1, setFallbackPolicy: 0.1, drop: 0.4, duplicate: 0.6, corrupt: 0.3 };

function observe(sys: ImplSystem): { o: Observation; duplicated: boolean[] } {
  const snap = sys.snapshot();
  const flights = sys.inFlight();
  const info = flights.map((_, i) => sys.flightInfo(i));
  const inFlight = flights.map((f, i) => ({ type: 'MIS_Auth.request', src: f.src, dst: f.dst, mn: info[i]!.mn, corrupted: info[i]!.corrupted }) as PduObservation);
  const sa = (v: { peer: string; idType: 0 | 1 | 2 | 3; root: 'EAP' | 'ERP' | 'TLS' | 'GKB'; depth: number; state: 'serving' | 'prepared'; fingerprint: string }) => ({ ...v, key: v.fingerprint });
  return {
    o: { mns: snap.mns.map((m) => ({ ...m, sas: m.sas.map(sa) })), poss: snap.poss.map((p) => ({ ...p, sas: p.sas.map(sa) })), inFlight },
    duplicated: info.map((i) => i.duplicated),
  };
}

function apply(sys: ImplSystem, s: Stimulus): void {
  switch (s.kind) {
    case 'attach':
      return sys.attach(s.mn, s.domain);
    case 'handover':
      return sys.handover(s.mn, s.target, s.fallback);
    case 'complete':
      return sys.complete(s.mn);
    case 'abort':
      return sys.abort(s.mn);
    case 'setFallbackPolicy':
      return sys.setFallbackPolicy(s.domain, s.on);
    case 'deliver':
      return sys.deliver(s.index);
    case 'drop':
      return sys.drop(s.index);
    case 'duplicate':
      return sys.duplicate(s.index);
    case 'corrupt':
      return sys.corrupt(s.index, s.how);
  }
}

export interface DriveOptions {
  readonly steps: number;
  readonly system?: Omit<ImplSystemOptions, 'seed'>;
}

export function drive(mod: ImplModule, config: WorldConfig, seed: number, options: DriveOptions): DriveResult {
  const sys = new mod.ImplSystem(config, { ...options.system, seed });
  const tester = new WireTester(config, seed);
  const random = prng(seed ^ 0x5eed);
  const findings: WireFinding[] = [];
  let watched = 0;
  let steps = 0;
  for (; steps < options.steps; steps++) {
    const { o, duplicated } = observe(sys);
    const enabled = enabledStimuli(config, o, duplicated);
    let r = random() * enabled.reduce((n, s) => n + WEIGHT[s.kind], 0);
    const s = enabled.find((x) => (r -= WEIGHT[x.kind]) < 0) ?? enabled[enabled.length - 1]!;
    apply(sys, s);
    // The network list moves with the stimulus; what lies beyond the watched part was emitted.
    if (s.kind === 'deliver' || s.kind === 'drop') watched--;
    if (s.kind === 'duplicate') watched++;
    const flights = sys.inFlight();
    for (; watched < flights.length; watched++) findings.push(...tester.emitted(flights[watched]!.src, flights[watched]!.dst, flights[watched]!.bytes).findings);
    const snap = sys.snapshot();
    for (const m of snap.mns) for (const v of m.sas) pushIf(findings, tester.saKey(m.id, v.peer, v.fingerprint));
    for (const p of snap.poss) for (const v of p.sas) pushIf(findings, tester.saKey(p.id, v.peer, v.fingerprint));
  }
  return { findings, stats: tester.stats(), steps };
}

function pushIf(out: WireFinding[], f: WireFinding | null): void {
  if (f !== null) out.push(f);
}
