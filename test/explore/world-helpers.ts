// Shared pieces of the exploration tests on the real model.
import type { ExploreReport } from '../../harness/explore/explore.ts';
import { worldSystem } from '../../harness/explore/world-system.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import type { Property } from '../../properties/index.ts';
import { violation } from '../../properties/types.ts';
import type { WorldConfig } from '../../vocabulary/observation.ts';

/** A deliberately stricter chain limit than the world's: no SA may be deeper than `max`. */
export function depthAtMost(max: number): Property {
  return {
    id: `test-depth-at-most-${max}`,
    title: `test only: no SA deeper than ${max}`,
    requirements: ['5.14.2-N4b'],
    check(ctx) {
      for (const m of ctx.next.mns) {
        for (const sa of m.sas) if (sa.depth > max) return violation(this, `MN ${m.id} holds an SA of depth ${sa.depth} with ${sa.peer}`);
      }
      for (const p of ctx.next.poss) {
        for (const sa of p.sas) if (sa.depth > max) return violation(this, `PoS ${p.id} holds an SA of depth ${sa.depth} for ${sa.peer}`);
      }
      return null;
    },
  };
}

/** A at the centre; B and C alike (both mutual partners of A only); two alike MNs at home in A. */
export const starWorld: WorldConfig = {
  chainLimit: 1,
  domains: [
    { id: 'A', rats: ['wlan'], neighbours: [], partners: ['B', 'C'], suites: [1], requestsFallback: false },
    { id: 'B', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
    { id: 'C', rats: ['wlan'], neighbours: ['A'], partners: ['A'], suites: [1], requestsFallback: false },
  ],
  mns: [
    { id: 'm1', home: 'A', rats: ['wlan'], method: 'EAP', suites: [1] },
    { id: 'm2', home: 'A', rats: ['wlan'], method: 'EAP', suites: [1] },
  ],
};

/** Replays a counterexample on the model with the plain judge: `property` violated at its last step and not before. */
export function replaysTo(catalogue: readonly Property[], r: ExploreReport, property: string, trace: readonly unknown[]): boolean {
  const sys = worldSystem({ config: r.world, variant: r.variant, faults: r.faults, catalogue, shareSiblingSteps: false });
  let s = sys.initial;
  if (s.violations.some((v) => v.id === property)) return trace.length === 0;
  for (let i = 0; i < trace.length; i++) {
    s = sys.step(s, trace[i] as WorldEvent);
    if (s.violations.some((v) => v.id === property)) return i === trace.length - 1;
  }
  return false;
}
