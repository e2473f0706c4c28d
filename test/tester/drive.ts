// Drives an ImplSystem (the reference or a mutated copy) through a seeded random sequence of
// the stimuli docs/protocol.md §3 enables, and feeds a WireTester every PDU an entity emits and
// every SA it then reports, the way a lower tester watching the wire would.
import type { ImplModule } from '../../harness/adapters/reference-adapter.ts';
import type { WorldConfig } from '../../vocabulary/observation.ts';
import { WireTester, type WireFinding, type WireTesterStats } from '../../harness/tester/wire-tester.ts';
import type { ImplSystemOptions } from '../../impl/system.ts';
import { apply, enabledStimuli, pickStimulus } from '../impl/helpers.ts';
import { prng } from '../model/fixtures.ts';

export interface DriveResult {
  readonly findings: readonly WireFinding[];
  readonly stats: WireTesterStats;
}

export function drive(mod: ImplModule, config: WorldConfig, seed: number, options: { readonly steps: number; readonly system?: Omit<ImplSystemOptions, 'seed'> }): DriveResult {
  const sys = new mod.ImplSystem(config, { ...options.system, seed });
  const tester = new WireTester(config, seed);
  const random = prng(seed ^ 0x5eed);
  const draw = (): number => Math.floor(random() * 2 ** 32);
  const findings: WireFinding[] = [];
  const report = (f: WireFinding | null): void => {
    if (f !== null) findings.push(f);
  };
  let watched = 0;
  for (let step = 0; step < options.steps; step++) {
    const s = pickStimulus(enabledStimuli(sys), draw(), draw());
    apply(sys, s);
    // The network list moves with the stimulus; what lies beyond the watched part was emitted
    // (a duplicate is the network's copy, not an emission).
    if (s.kind === 'deliver' || s.kind === 'drop') watched--;
    if (s.kind === 'duplicate') watched++;
    const flights = sys.inFlight();
    for (; watched < flights.length; watched++) findings.push(...tester.emitted(flights[watched]!.src, flights[watched]!.dst, flights[watched]!.bytes).findings);
    const snap = sys.snapshot();
    for (const m of snap.mns) for (const v of m.sas) report(tester.saKey(m.id, v.peer, v.fingerprint));
    for (const p of snap.poss) for (const v of p.sas) report(tester.saKey(p.id, v.peer, v.fingerprint));
  }
  return { findings, stats: tester.stats() };
}
