// The role machines as the adversary meets them: their contexts read typed, and the one role it
// runs itself, a compromised SPoS, which changes its state only through an event its machine
// handles (CompromisedSposEvent of model/machines/spos.ts). The conformance world's machines
// (model/world/machines.ts) are built without that capability; the adversary builds its own
// instances of the same machine with it, and they answer on the same snapshots.

import { machineStep, type RoleMachine, roleMachine } from '../machines/machine-step.ts';
import type { MnContext } from '../machines/mn.ts';
import { type CompromisedSposEvent, createSposMachine, type SposContext } from '../machines/spos.ts';
import type { TposContext } from '../machines/tpos.ts';
import type { DomainId, MnId, ModelDomainConfig, ModelMnConfig, ModelWorldConfig } from '../types.ts';
import type { Variant } from '../variants.ts';
import type { SposSnapshot } from '../world/state.ts';
import type { World } from '../world/world.ts';

/** The context of MN `i`'s machine (config order). */
export function mnContextOf(w: World, i: number): MnContext | undefined {
  return w.mns[i]?.context;
}

/** The context of PoS `j`'s SPoS role for MN `i`. */
export function sposContextOf(w: World, j: number, i: number): SposContext | undefined {
  return w.poss[j]?.spos[i]?.context;
}

/** The context of PoS `j`'s TPoS role for MN `i`. */
export function tposContextOf(w: World, j: number, i: number): TposContext | undefined {
  return w.poss[j]?.tpos[i]?.context;
}

export function domainIndex(w: World, d: DomainId): number {
  return w.config.domains.findIndex((x) => x.id === d);
}

export function mnIndex(w: World, mn: MnId): number {
  return w.config.mns.findIndex((m) => m.id === mn);
}

/** Compromised SPoS machines per configuration and variant, [domain index][mn index], built on first use. */
const compromised = new WeakMap<ModelWorldConfig, WeakMap<Variant, (RoleMachine<SposSnapshot> | undefined)[][]>>();

function compromisedSpos(w: World, j: number, i: number): RoleMachine<SposSnapshot> {
  let perVariant = compromised.get(w.config);
  if (perVariant === undefined) {
    perVariant = new WeakMap();
    compromised.set(w.config, perVariant);
  }
  let rows = perVariant.get(w.variant);
  if (rows === undefined) {
    rows = w.config.domains.map(() => []);
    perVariant.set(w.variant, rows);
  }
  const row = rows[j] as (RoleMachine<SposSnapshot> | undefined)[];
  let m = row[i];
  if (m === undefined) {
    const { config, variant } = w;
    const domainById = new Map<DomainId, ModelDomainConfig>(config.domains.map((d) => [d.id, d]));
    const params = { chainLimit: config.chainLimit, variant, domainById, pos: config.domains[j] as ModelDomainConfig, mn: config.mns[i] as ModelMnConfig };
    m = roleMachine<SposSnapshot>('spos', createSposMachine(params, { compromised: true }));
    row[i] = m;
  }
  return m;
}

/**
 * The world after PoS `pos`, compromised, handled `event` in its SPoS role for `mn`; null if its
 * machine does not handle the event there. Only that role's snapshot changes.
 */
export function runCompromisedSpos(w: World, pos: DomainId, mn: MnId, event: CompromisedSposEvent): World | null {
  const j = domainIndex(w, pos);
  const i = mnIndex(w, mn);
  const p = w.poss[j];
  const before = p?.spos[i];
  if (p === undefined || before === undefined) return null;
  const r = machineStep()(compromisedSpos(w, j, i), before, event);
  if (r.fired.length === 0) return null;
  const spos = p.spos.slice();
  spos[i] = r.snapshot;
  const poss = w.poss.slice();
  poss[j] = { ...p, spos };
  return { ...w, poss };
}
