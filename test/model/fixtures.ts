// Worlds and drivers shared by the model tests.

import type { ModelDomainConfig, ModelMnConfig, ModelWorldConfig, HandoverOutcome, PduView } from '../../model/types.ts';
import type { Variant } from '../../model/variants.ts';
import type { FaultKind, WorldEvent } from '../../model/world/events.ts';
import { enabled, initialWorld, stepWithRecord, type StepRecord, type World } from '../../model/world/world.ts';

export function domain(id: string, over: Partial<ModelDomainConfig> = {}): ModelDomainConfig {
  return { id, rats: ['wlan', 'lte'], neighbours: [], partners: [], suites: [1, 2], requestsFallback: false, ...over };
}

export function mnConfig(id: string, over: Partial<ModelMnConfig> = {}): ModelMnConfig {
  return { id, home: 'A', rats: ['wlan'], method: 'EAP', suites: [1, 2], ...over };
}

/** Domains A..E, every pair roaming partners (both sides configured), each the others' neighbour. */
export function partnerRing(over: { chainLimit?: number; mns?: ModelMnConfig[]; domains?: string[] } = {}): ModelWorldConfig {
  const ids = over.domains ?? ['A', 'B', 'C', 'D', 'E'];
  return {
    chainLimit: over.chainLimit ?? 3,
    domains: ids.map((id) => domain(id, { neighbours: ids.filter((x) => x !== id), partners: ids.filter((x) => x !== id) })),
    mns: over.mns ?? [mnConfig('mn1')],
  };
}

/** A world being driven by a test, with the records of every step. */
export class Driver {
  world: World;
  readonly records: StepRecord[] = [];

  constructor(config: ModelWorldConfig, variant: Partial<Variant> = {}, faults?: readonly FaultKind[]) {
    this.world = initialWorld(config, variant, faults === undefined ? {} : { faults });
  }

  do(e: WorldEvent): StepRecord {
    const { world, record } = stepWithRecord(this.world, e);
    this.world = world;
    this.records.push(record);
    return record;
  }

  /** Delivers the oldest PDU in flight until none is left; returns the records. */
  drain(): StepRecord[] {
    const out: StepRecord[] = [];
    while (this.world.inFlight.length > 0) out.push(this.do({ kind: 'deliver', index: 0 }));
    return out;
  }

  /** Runs a stimulus and delivers everything it causes. */
  run(e: WorldEvent): StepRecord[] {
    return [this.do(e), ...this.drain()];
  }

  /** handover + delivery; returns the outcome the MN learnt and the PDUs emitted on the way. */
  handover(mn: string, target: string | null, fallback = false): { outcome: HandoverOutcome | null; pdus: PduView[] } {
    const recs = this.run({ kind: 'handover', mn, target, fallback });
    return { outcome: recs.find((r) => r.outcome !== null)?.outcome ?? null, pdus: recs.flatMap((r) => r.emitted) };
  }

  complete(mn: string): StepRecord[] {
    return this.run({ kind: 'complete', mn });
  }
}

/** Delivers the oldest PDU until one of `type` is in flight; its index. */
export function until(d: Driver, type: string): number {
  for (;;) {
    const k = d.world.inFlight.findIndex((p) => p.type === type);
    if (k >= 0) return k;
    if (d.world.inFlight.length === 0) throw new Error(`no ${type} came`);
    d.do({ kind: 'deliver', index: 0 });
  }
}

/** Mulberry32: a small seeded PRNG for walks. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random walk over enabled events; calls `visit` with each record. */
export function randomWalk(start: World, steps: number, seed: number, visit: (r: StepRecord, w: World) => void = () => {}): World {
  const rand = prng(seed);
  let w = start;
  for (let i = 0; i < steps; i++) {
    const es = enabled(w);
    if (es.length === 0) break;
    const e = es[Math.floor(rand() * es.length)] as WorldEvent;
    const r = stepWithRecord(w, e);
    w = r.world;
    visit(r.record, w);
  }
  return w;
}
