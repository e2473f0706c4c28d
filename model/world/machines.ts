// The machines of one world configuration: one MN machine and one HPoS machine per MN, one
// SPoS-role and one TPoS-role machine per (PoS, MN). Each is an XState machine specialised with
// its parameters; they are built once per (configuration, variant), so that whatever is cached per
// machine downstream (an explorer's memo of their answers) is shared by every world of the configuration.

import { createHposMachine } from '../machines/hpos.ts';
import { type RoleMachine, roleMachine } from '../machines/machine-step.ts';
import type { HposSnapshot, MnSnapshot, SposSnapshot, TposSnapshot } from './state.ts';
import { createMnMachine } from '../machines/mn.ts';
import { createSposMachine } from '../machines/spos.ts';
import { createTposMachine } from '../machines/tpos.ts';
import { fnv1a64 } from '../keys.ts';
import type { DomainId, MnId, ModelDomainConfig, ModelWorldConfig } from '../types.ts';
import type { Variant } from '../variants.ts';
import { canonicalJson } from './canonical.ts';

export interface WorldMachines {
  readonly mn: readonly RoleMachine<MnSnapshot>[];
  readonly hpos: readonly RoleMachine<HposSnapshot>[];
  /** [domain index][mn index] */
  readonly spos: readonly (readonly RoleMachine<SposSnapshot>[])[];
  readonly tpos: readonly (readonly RoleMachine<TposSnapshot>[])[];
  readonly domainIndex: ReadonlyMap<DomainId, number>;
  readonly mnIndex: ReadonlyMap<MnId, number>;
  /** Short digest of the configuration and variant: prefixes canonical keys. */
  readonly digest: string;
}

function build(config: ModelWorldConfig, variant: Variant): WorldMachines {
  const domainById = new Map<DomainId, ModelDomainConfig>(config.domains.map((d) => [d.id, d]));
  const common = { chainLimit: config.chainLimit, variant, domainById };
  return {
    mn: config.mns.map((mn) => roleMachine<MnSnapshot>('mn', createMnMachine({ chainLimit: config.chainLimit, variant, mn, domainById }))),
    hpos: config.mns.map((mn) => roleMachine<HposSnapshot>('hpos', createHposMachine({ variant, mn }))),
    spos: config.domains.map((pos) => config.mns.map((mn) => roleMachine<SposSnapshot>('spos', createSposMachine({ ...common, pos, mn })))),
    tpos: config.domains.map((pos) => config.mns.map((mn) => roleMachine<TposSnapshot>('tpos', createTposMachine({ ...common, pos, mn })))),
    domainIndex: new Map(config.domains.map((d, i) => [d.id, i])),
    mnIndex: new Map(config.mns.map((m, i) => [m.id, i])),
    digest: fnv1a64(canonicalJson({ config, variant })),
  };
}

let byObjects = new WeakMap<object, WeakMap<object, WorldMachines>>();
const byText = new Map<string, WorldMachines>();

/**
 * Forgets every machine built so far: the next world of any configuration gets new machines
 * objects, so nothing cached per machine by earlier runs (machine answers, and everything cached
 * per object downstream) carries over. For benchmarks that must measure a run from scratch.
 */
export function forgetMachines(): void {
  byObjects = new WeakMap();
  byText.clear();
}

/** The machines of a configuration and variant, built on first use. */
export function machinesFor(config: ModelWorldConfig, variant: Variant): WorldMachines {
  let perVariant = byObjects.get(config);
  if (perVariant === undefined) {
    perVariant = new WeakMap();
    byObjects.set(config, perVariant);
  }
  let m = perVariant.get(variant);
  if (m === undefined) {
    // A configuration equal to one seen before (e.g. after a JSON round trip) reuses its machines.
    const text = canonicalJson({ config, variant });
    m = byText.get(text);
    if (m === undefined) {
      m = build(config, variant);
      if (byText.size > 256) byText.clear();
      byText.set(text, m);
    }
    perVariant.set(variant, m);
  }
  return m;
}
