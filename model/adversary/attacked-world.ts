// An active adversary layered over the world of model/world/world.ts, on its public API only:
// the world is plain data, so the adversary's moves are functions from a world to a world, and
// every protocol event still goes through the model's pure `step`. The adversary's own state
// travels beside the world. This file composes the two:
//   attacker.ts   the attacker's state and what it learns from each new world;
//   moves.ts      its moves (besides the network faults drop/duplicate the world already has,
//                 and reordering, which is `deliver {index}` with an index other than 0);
//   roles.ts      the role machines as it reads them, and the compromised SPoS it runs;
//   knowledge.ts  the derivation closure of what it knows.

import { canonicalJson as canonicalSnapshot } from '../world/canonical.ts';
import { canonicalJson } from '../world/canonical.ts';
import type { WorldEvent } from '../world/events.ts';
import { enabled as worldEnabled, step as worldStep, type World } from '../world/world.ts';
import type { Pdu } from '../pdus.ts';
import type { DomainId } from '../types.ts';
import { advJson, type AdvWorld, INITIAL_ADVERSARY, observe, trackFallbackRequests, trackReplays } from './attacker.ts';
import {
  AdversaryError, type AdvEvent, type AdversaryMoveKind, type CounterProtection, enabledMoves, isAdversaryMove, type MoveRules, stepMove,
} from './moves.ts';
import { domainIndex } from './roles.ts';

// What the what-if harness and the adversary properties use, from one place.
export { type AdversaryState, type AdvWorld, mnSas } from './attacker.ts';
export {
  AdversaryError, type AdvEvent, advEventLabel, type AdversaryMove, type AdversaryMoveKind, type CounterProtection, isAdversaryMove,
} from './moves.ts';

export interface AdversaryOptions {
  readonly moves: readonly AdversaryMoveKind[];
  readonly counter?: CounterProtection;
  /** PoSs the adversary runs that may inject (unauthorized sources unless someone trusts them). */
  readonly rogue?: readonly DomainId[];
  /** PoSs that may be compromised (default: every PoS). */
  readonly compromisable?: readonly DomainId[];
  /**
   * 'serving': only a PoS some MN is attached to may be compromised, at that moment. A
   * compromise is persistent and a PoS holds no key of an MN before the MN reaches it, so
   * compromising a PoS earlier is the same as compromising it when the MN arrives; in worlds
   * where the MN reaches every PoS this loses no attack and divides the search. Default 'any'.
   */
  readonly compromiseWhen?: 'any' | 'serving';
  /** How many delivered PDUs the adversary remembers for replay (default 6). */
  readonly logBound?: number;
  /** Which delivered PDUs it remembers (default: every type). */
  readonly logTypes?: readonly Pdu['type'][];
  /** At most this many inject / replay moves per run (default: unbounded). */
  readonly maxInjects?: number;
  readonly maxReplays?: number;
  /** At most this many redirect and forge moves together per run (default: unbounded). */
  readonly maxForgeries?: number;
  /**
   * Compromise, rewind, inject and replay only when no PDU is in flight (keeps the search small:
   * between two procedures a PoS holds the same keys it holds within one, up to keys derived
   * from them). Default false.
   */
  readonly quiescentMoves?: boolean;
  /** Which world events (stimuli, deliveries, faults) to explore; default: all enabled ones. */
  readonly worldEvents?: (e: WorldEvent, w: World) => boolean;
}

export interface AdversarySystem {
  readonly initial: AdvWorld;
  readonly options: AdversaryOptions;
  enabled(aw: AdvWorld): AdvEvent[];
  step(aw: AdvWorld, e: AdvEvent): AdvWorld;
  key(aw: AdvWorld): string;
}

/** Builds the adversary system over `world` (created with the network faults it should have). */
export function adversarySystem(world: World, options: AdversaryOptions): AdversarySystem {
  const rules: MoveRules = {
    moves: new Set(options.moves),
    counter: options.counter ?? 'V-COUNTER-MAC',
    rogue: options.rogue ?? [],
    compromisable: options.compromisable ?? world.config.domains.map((d) => d.id),
    compromiseWhen: options.compromiseWhen ?? 'any',
    quiescentMoves: options.quiescentMoves === true,
    maxInjects: options.maxInjects ?? Number.POSITIVE_INFINITY,
    maxReplays: options.maxReplays ?? Number.POSITIVE_INFINITY,
    maxForgeries: options.maxForgeries ?? Number.POSITIVE_INFINITY,
  };
  const logBound = options.logBound ?? 6;
  const filter = options.worldEvents;
  const logTypes = options.logTypes === undefined ? null : new Set<string>(options.logTypes);
  for (const d of [...rules.rogue, ...rules.compromisable]) {
    if (domainIndex(world, d) < 0) throw new AdversaryError('BAD_MOVE', `unknown domain ${d} in the adversary options`);
  }

  const enabled = (aw: AdvWorld): AdvEvent[] => {
    const ws = worldEnabled(aw.world);
    return [...(filter === undefined ? ws : ws.filter((e) => filter(e, aw.world))), ...enabledMoves(rules, aw)];
  };

  const step = (aw: AdvWorld, e: AdvEvent): AdvWorld => {
    if (typeof e !== 'object' || e === null || typeof (e as { kind?: unknown }).kind !== 'string') {
      throw new AdversaryError('BAD_MOVE', `not an event: ${JSON.stringify(e)}`);
    }
    let next: AdvWorld;
    if (isAdversaryMove(e)) {
      next = stepMove(rules, aw, e);
    } else {
      // The adversary sees every PDU the network delivers (it logs them for replay).
      const delivered = e.kind === 'deliver' ? aw.world.inFlight[e.index] : undefined;
      const world = worldStep(aw.world, e);
      const logged = delivered !== undefined && (logTypes === null || logTypes.has(delivered.type));
      const log = logged ? [...aw.adv.log, delivered].slice(-logBound) : aw.adv.log;
      const marks = trackReplays(aw.world, e, aw.adv.replayed);
      const askedFallback = trackFallbackRequests(aw.world, world, aw.adv.askedFallback);
      const same = log === aw.adv.log && marks.replayed === aw.adv.replayed && marks.deliveredReplay === aw.adv.deliveredReplay && askedFallback === aw.adv.askedFallback;
      next = { world, adv: same ? aw.adv : { ...aw.adv, log, ...marks, askedFallback } };
    }
    const adv = observe(next.world, next.adv);
    return adv === next.adv ? next : { world: next.world, adv };
  };

  // Exact (no renaming of fresh tokens): sound without further argument, and in the searches
  // the what-if analysis runs the tokens are numbered by the protocol steps alone (adversary
  // moves draw no token, except inject), so renaming would merge little.
  const key = (aw: AdvWorld): string => {
    const w = aw.world;
    let s = '';
    for (const x of w.mns) s += canonicalSnapshot(x) + ';';
    for (const x of w.hpos) s += canonicalSnapshot(x) + ';';
    for (const p of w.poss) {
      s += `|${p.requestsFallback ? 1 : 0}`;
      for (const r of p.replayCache) s += `${r.spos}${r.nonceN},`;
      for (const x of p.spos) s += ';' + canonicalSnapshot(x);
      for (const x of p.tpos) s += ';' + canonicalSnapshot(x);
    }
    s += '|';
    for (const p of w.inFlight) s += canonicalJson(p) + ';';
    return s + '|' + advJson(aw.adv);
  };

  const initial: AdvWorld = { world, adv: INITIAL_ADVERSARY };
  return { initial, options, enabled, step, key };
}

/** Replays a trace of events from the system's initial state; every state, initial included. */
export function replayTrace(sys: AdversarySystem, trace: readonly AdvEvent[]): AdvWorld[] {
  const states = [sys.initial];
  let s = sys.initial;
  for (const e of trace) {
    s = sys.step(s, e);
    states.push(s);
  }
  return states;
}
