// The world's state of docs/protocol.md: operator domains with one PoS each, mobile nodes, and
// the PDUs in flight. It is plain JSON data: what each machine holds, how many fresh tokens each
// source drew, and the network's in-flight list and history.

import type { HposContext } from '../machines/hpos.ts';
import type { RoleSnapshot } from '../machines/machine-step.ts';
import { mnLifecycle, type MnContext } from '../machines/mn.ts';
import type { SposContext } from '../machines/spos.ts';
import type { TposContext } from '../machines/tpos.ts';
import type { InFlightPdu } from '../pdus.ts';
import type { DomainId, MnLifecycle, ModelWorldConfig, Token } from '../types.ts';
import { resolveVariant, type Variant } from '../variants.ts';
import { checkConfig } from './config.ts';
import { ModelError } from './errors.ts';
import { ALL_FAULT_KINDS, FAULT_KINDS, type FaultKind } from './events.ts';
import { machinesFor } from './machines.ts';
import { tokenSources } from './tokens.ts';

export type MnSnapshot = RoleSnapshot<MnContext>;
export type HposSnapshot = RoleSnapshot<HposContext>;
export type SposSnapshot = RoleSnapshot<SposContext>;
export type TposSnapshot = RoleSnapshot<TposContext>;

//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
/** A-REPLAY: an (SPoS, Nonce-N) pair a TPoS has seen. */
export interface ReplayEntry {
  readonly spos: DomainId;
  readonly nonceN: Token;
}

/** One PoS: its policy, its replay cache, and its SPoS and TPoS roles for each MN (by MN index). */
export interface PosState {
  readonly requestsFallback: boolean;
  readonly replayCache: readonly ReplayEntry[];
  readonly spos: readonly SposSnapshot[];
  readonly tpos: readonly TposSnapshot[];
}

export interface World {
  readonly config: ModelWorldConfig;
  readonly variant: Variant;
  /** Network faults enabled in this world (all of them in a conformance run). */
  readonly faults: readonly FaultKind[];
  /**
   * How many fresh tokens each source has drawn (tokenSources): a source's next draw names a
   * token no source ever drew. Each machine draws on its own count, so a machine's tokens
   * depend on its own history only, not on how other machines' steps interleaved with it.
   */
  readonly fresh: readonly number[];
  /** MN machines, by MN index (config order). */
  readonly mns: readonly MnSnapshot[];
  /** HPoS role for each MN, by MN index. */
  readonly hpos: readonly HposSnapshot[];
  /** PoSs, by domain index (config order). */
  readonly poss: readonly PosState[];
  /** PDUs in flight, in emission order (docs/protocol.md §4), with the network's marks. */
  readonly inFlight: readonly InFlightPdu[];
  /** What re-delivery needs, only in a world whose alphabet has `redeliver` (explorer worlds stay as they were). */
  readonly redelivery?: Redelivery;
}

/** The lower tester's delivery history and the PoSs' MN-request caches (docs/protocol.md §5.3). */
export interface Redelivery {
  /** The intact PDUs delivered so far, oldest first, the last REDELIVERY_HISTORY of them. */
  readonly delivered: readonly InFlightPdu[];
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  /**
   * A-REPLAY, the MN-request cache of §5.3, by domain index: the Nonce-N of every MIS_Auth and
   * MIS_Prereg_Xfer request the PoS took up. It survives every SA change, so a request delivered
   * again after its SA was replaced or deleted is still a duplicate (tokens are never drawn twice,
   * so Nonce-N alone names the (MN, Nonce-N) pair).
   */
  readonly mnRequests: readonly (readonly Token[])[];
}

export interface WorldOptions {
  /** Network faults in the alphabet; default: all (docs/protocol.md §3). [] for a reliable network. */
  readonly faults?: readonly FaultKind[];
}


// ---- construction ----------------------------------------------------------------------------

export function initialWorld(config: ModelWorldConfig, variant: Partial<Variant> = {}, options: WorldOptions = {}): World {
  checkConfig(config);
  const v = resolveVariant(variant);
  const faults = ALL_FAULT_KINDS.filter((f) => (options.faults ?? FAULT_KINDS).includes(f));
  for (const f of options.faults ?? []) {
    if (!ALL_FAULT_KINDS.includes(f)) throw new ModelError('BAD_CONFIG', `unknown network fault ${String(f)}`);
  }
  const m = machinesFor(config, v);
  return {
    config,
    variant: v,
    faults,
    fresh: new Array<number>(tokenSources(config)).fill(0),
    mns: m.mn.map((x) => x.initial),
    hpos: m.hpos.map((x) => x.initial),
    poss: config.domains.map((d, j) => ({
      requestsFallback: d.requestsFallback,
      replayCache: [],
      spos: (m.spos[j] ?? []).map((x) => x.initial),
      tpos: (m.tpos[j] ?? []).map((x) => x.initial),
    })),
    inFlight: [],
    ...(faults.includes('redeliver') ? { redelivery: { delivered: [], mnRequests: config.domains.map(() => []) } } : {}),
  };
}

// ---- reading a world ---------------------------------------------------------------------------

export function mnContext(w: World, i: number): MnContext {
  return at(w.mns, i).context;
}

export function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new ModelError('BAD_EVENT', `index ${i} out of range`);
  return x;
}

/** The MN's lifecycle as docs/protocol.md §7 names it. */
export function lifecycleOf(w: World, mnIndex: number): MnLifecycle {
  return mnLifecycle(at(w.mns, mnIndex).value);
}

