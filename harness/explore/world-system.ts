// The composed world of the model, with the property catalogue riding along, as an
// ExplorableSystem. The model stays the single source of truth: `enabled` and `step` are the
// model's own (model/world/world.ts; its per-machine memo asks XState and only remembers the
// answers), and the fast key is checked against the model's canonicalKey by a test.
//
// An explored state is (world, facts): the properties judge each step with what the trace has
// established so far (properties/trace-facts.ts), so the facts are part of the state. The key is
// the world's canonical key plus the live projection of the facts (facts-key.ts).
import { judgeStep, PROPERTIES, initialFacts, type Property, type TraceFacts } from '../../properties/index.ts';
import { allTransitionIds } from '../../model/machines/memo.ts';
import { machinesFor } from '../../model/world/machines.ts';
import type { FaultKind, WorldEvent } from '../../model/world/events.ts';
import { canonicalKey, enabled, initialWorld, stepWithRecord, view, type World } from '../../model/world/world.ts';
import { resolveVariant, type Variant } from '../../model/variants.ts';
import type { Observation, WorldConfig } from '../observation.ts';
import { FastWorldKey, checkFastKeyApplies } from './fast-key.ts';
import { factsKey } from './facts-key.ts';
import type { ExplorableSystem, Violation } from './types.ts';

export interface WorldState {
  readonly world: World;
  readonly obs: Observation;
  readonly facts: TraceFacts;
  /** Verdicts of the step that produced this state object (of the initial judgement for the root). */
  readonly violations: readonly Violation[];
  /** Coverage labels of that step: `req:<id>` exercised, `tr:<machine>:<transition>` fired. */
  readonly labels: readonly string[];
}

export interface WorldSystemOptions {
  readonly config: WorldConfig;
  readonly variant?: Partial<Variant>;
  /** Network faults in the alphabet (default: the model's default, all of them). */
  readonly faults?: readonly FaultKind[];
  readonly catalogue?: readonly Property[];
  /** 'live' projects the facts to the names still observed; 'full' keeps them all (facts-key.ts). */
  readonly factsKey?: 'live' | 'full';
  /** 'fast' (default): interned components (fast-key.ts); 'model': the model's canonicalKey. */
  readonly worldKey?: 'fast' | 'model';
}

function judge(
  config: WorldConfig,
  catalogue: readonly Property[],
  facts: TraceFacts,
  prev: Observation | null,
  e: WorldEvent | null,
  world: World,
  fired: readonly { machine: string; transition: string }[],
): WorldState {
  const obs = view(world) as Observation;
  const verdict = judgeStep(config, facts, prev, e, obs, catalogue);
  const labels = verdict.exercised.map((r) => `req:${r}`);
  for (const f of fired) labels.push(`tr:${f.machine}:${f.transition}`);
  const violations = verdict.violations.map((v) => ({ id: v.property, message: v.message, requirements: v.requirements }));
  return { world, obs, facts: verdict.facts, violations, labels };
}

export function worldSystem(o: WorldSystemOptions): ExplorableSystem<WorldState, WorldEvent> {
  const catalogue = o.catalogue ?? PROPERTIES;
  const variant = resolveVariant(o.variant ?? {});
  const world0 = initialWorld(o.config, variant, o.faults === undefined ? {} : { faults: o.faults });
  const initial = judge(o.config, catalogue, initialFacts(o.config), null, null, world0, []);
  const factsOpts = { mode: o.factsKey ?? 'live', keepDeadK: variant.kScope === 'V-K-SHARED' } as const;
  const factsOptsPolicyInWorld = { ...factsOpts, policyInWorld: true } as const;
  const domainIds = o.config.domains.map((d) => d.id);
  // facts.policy repeats the PoSs' fallback policies, which the world key holds already; it is
  // left out of the facts key whenever it agrees with the world (always, unless the model or
  // the facts went wrong, in which case both are kept and nothing is merged by mistake).
  const policyAgrees = (s: WorldState): boolean => domainIds.every((d, j) => s.facts.policy.get(d) === s.world.poss[j]?.requestsFallback);
  let worldKey: (w: World) => string = canonicalKey;
  if ((o.worldKey ?? 'fast') === 'fast') {
    checkFastKeyApplies(world0);
    const fast = new FastWorldKey();
    worldKey = (w) => fast.key(w);
  }
  return {
    initial,
    enabled: (s) => enabled(s.world),
    step: (s, e) => {
      const { world, record } = stepWithRecord(s.world, e);
      return judge(o.config, catalogue, s.facts, s.obs, e, world, record.fired);
    },
    key: (s) => worldKey(s.world) + '\u0001' + factsKey(s.facts, s.obs, factsOpts.mode === 'live' && policyAgrees(s) ? factsOptsPolicyInWorld : factsOpts),
    // Every property is judged per step; the root's judgement (prev = null) is its state check.
    checkState: (s) => (s === initial ? s.violations : []),
    checkStep: (_prev, _e, next) => next.violations,
    label: (e) => e.kind,
    edgeLabels: (_prev, _e, next) => next.labels,
  };
}

/** Every transition the world's machines define, as `tr:<machine>:<transition>` labels. */
export function allTransitionLabels(config: WorldConfig, variant: Partial<Variant> = {}): string[] {
  const w = initialWorld(config, variant);
  const m = machinesFor(w.config, w.variant);
  const labels = new Set<string>();
  const add = (kind: string, logic: Parameters<typeof allTransitionIds>[0]): void => {
    for (const t of allTransitionIds(logic)) labels.add(`tr:${kind}:${t}`);
  };
  for (const x of m.mn) add('mn', x.logic);
  for (const x of m.hpos) add('hpos', x.logic);
  for (const row of m.spos) for (const x of row) add('spos', x.logic);
  for (const row of m.tpos) for (const x of row) add('tpos', x.logic);
  return [...labels].sort();
}
