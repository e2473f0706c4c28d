// Stepping: `step` is a pure function from a world and an event to the next world.

import type { MachineKind } from '../machines/machine-step.ts';
import { type InFlightPdu, marked, type Pdu, pduView, unmarked } from '../pdus.ts';
import type { DiscardCause, HandoverOutcome, PduView } from '../types.ts';
import { Composition } from './composition.ts';
import { intactCause, spoiltCause } from './discard-cause.ts';
import { checkEnabled, domainIndexOf, mnIndexOf, notEnabled } from './enabled.ts';
import { ModelError } from './errors.ts';
import type { WorldEvent } from './events.ts';
import { canonicalJson } from './canonical.ts';
import { lieAbout } from './lower-tester.ts';
import { machinesFor } from './machines.ts';
import { at, type World } from './state.ts';
import type { Address } from './tokens.ts';

/** A transition of one machine taken during a step. */
export interface FiredTransition {
  readonly machine: MachineKind;
  /** `mn1` for an MN or its HPoS role, `A/mn1` for the role of PoS A for mn1. */
  readonly owner: string;
  /** transitionId of model/machines/memo.ts. */
  readonly transition: string;
}

/** What happened in one step, beyond the next world. */
export interface StepRecord {
  readonly event: WorldEvent;
  /** The PDU delivered (deliver), lost (drop), copied (duplicate) or corrupted (corrupt). */
  readonly delivered: PduView | null;
  /** The delivered PDU did not fit the receiver's state and was discarded without effect (§5). */
  readonly discarded: boolean;
  /** PDUs appended to the in-flight list, in emission order. */
  readonly emitted: readonly PduView[];
  /** Set when the MN learnt how its handover goes (docs/protocol.md §7). */
  readonly outcome: HandoverOutcome | null;
  readonly fired: readonly FiredTransition[];
}

const NO_PDUS: readonly PduView[] = [];
const NO_READS: readonly number[] = [];

/**
 * Like `step`, and also says what happened. `readPolicy`: whether the step looked at a PoS's
 * fallback policy. A step that did not gives, from any world that differs only in policies, the
 * same next world but for the policies, which it leaves as they were (the explorer shares such
 * steps among policy siblings: harness/explore/sibling-steps.ts). `policiesRead`: the indices of
 * the PoSs it looked at (the lazy policies branch on those alone: harness/explore/lazy-policies.ts).
 */
export function stepWithRecord(w: World, e: WorldEvent): { readonly world: World; readonly record: StepRecord; readonly readPolicy: boolean; readonly policiesRead: readonly number[] } {
  const { world, draft, delivered, discarded } = advance(w, e, true);
  const record: StepRecord = {
    event: e,
    delivered: delivered === null ? null : pduView(delivered),
    discarded,
    emitted: draft.emitted.length === 0 ? NO_PDUS : draft.emitted.map(pduView),
    outcome: draft.outcome,
    fired: draft.fired,
  };
  return { world, record, readPolicy: draft.readPolicy, policiesRead: draft.policiesRead ?? NO_READS };
}

interface Advanced {
  readonly world: World;
  readonly draft: Composition;
  readonly delivered: InFlightPdu | null;
  readonly discarded: boolean;
}

/**
 * Why the receiver of the PDU `e` delivers in `w` discards it, where the model can tell
 * (model/world/discard-cause.ts, docs/protocol.md §5.2); null where it cannot, or `e` delivers
 * nothing. Read off `w`, the world before the step, and only by an observer that asks: stepping
 * never pays for it (the explorer does not).
 */
export function discardCauseOf(w: World, e: WorldEvent): DiscardCause | null {
  const m = machinesFor(w.config, w.variant);
  const receiver = (p: Pdu): DiscardCause | null => {
    const r = new Composition(w, m, false).receiverOf(p);
    return r === null ? null : intactCause(p, r);
  };
  /** Why `p` as it was sent would be discarded now, or `fits` (spoiltCause). */
  const asSent = (p: InFlightPdu) => (): 'fits' | DiscardCause | null => (new Composition(w, m, false).deliver(unmarked(p)) ? 'fits' : receiver(unmarked(p)));
  switch (e.kind) {
    case 'deliver': {
      const p = w.inFlight[e.index];
      if (p === undefined) return null;
      // A spoilt PDU fails its tamper way's check where the PDU as sent fails none before it.
      if (p.corrupted === true) return spoiltCause(p.type, p.tampered, asSent(p));
      return receiver(unmarked(p));
    }
    case 'redeliver': {
      const p = w.redelivery?.delivered[e.index];
      return p === undefined ? null : receiver(unmarked(p));
    }
    case 'probe': {
      // the copy of a PDU in flight, spoilt; the PDU as sent is the one in flight.
      const p = w.inFlight[e.index];
      if (p === undefined || p.corrupted === true) return null;
      return spoiltCause(p.type, e.how, asSent(p));
    }
    default:
      return null;
  }
}

function advance(w: World, e: WorldEvent, recording: boolean): Advanced {
  checkEnabled(w, e);
  const m = machinesFor(w.config, w.variant);
  const d = new Composition(w, m, recording);
  let delivered: InFlightPdu | null = null;
  let discarded = false;
  switch (e.kind) {
    case 'attach': {
      const mn: Address = { kind: 'mn', mn: mnIndexOf(m, e, e.mn) };
      const fresh = d.freshToken(mn);
      d.run(mn, { type: 'attach', domain: e.domain, fresh });
      break;
    }
    case 'handover': {
      const mn: Address = { kind: 'mn', mn: mnIndexOf(m, e, e.mn) };
      const fresh = d.freshToken(mn);
      d.run(mn, { type: 'handover', target: e.target, fallback: e.fallback, fresh });
      break;
    }
    case 'complete':
    case 'abort':
      d.run({ kind: 'mn', mn: mnIndexOf(m, e, e.mn) }, { type: e.kind });
      break;
    case 'setFallbackPolicy': {
      const j = domainIndexOf(m, e, e.domain);
      d.setPolicy(j, e.on);
      break;
    }
    case 'deliver': {
      delivered = at(d.flight().splice(e.index, 1), 0);
      // §3: a corrupted PDU fails strict decoding, a spoilt one its check; discarded with no effect.
      discarded = delivered.corrupted === true || !d.deliver(unmarked(delivered));
      d.remember(delivered);
      break;
    }
    case 'redeliver': {
      // §3, §5.3: the same PDU again, to its original receiver; the history keeps it as it was.
      delivered = at(w.redelivery?.delivered ?? [], e.index);
      discarded = !d.deliver(unmarked(delivered));
      break;
    }
    case 'drop':
      delivered = at(d.flight().splice(e.index, 1), 0);
      break;
    case 'duplicate': {
      delivered = at(d.inFlight, e.index);
      const copy = marked(delivered, 'duplicated');
      const flight = d.flight();
      flight[e.index] = copy;
      flight.push(copy);
      break;
    }
    case 'corrupt':
      delivered = at(d.inFlight, e.index);
      d.flight()[e.index] = marked(delivered, 'corrupted');
      break;
    case 'tamper':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // a tampered PDU decodes but fails a check; its receiver discards it like a malformed one.
      delivered = at(d.inFlight, e.index);
      d.flight()[e.index] = { ...marked(delivered, 'corrupted'), tampered: e.how };
      break;
    case 'probe':
      //= SPEC_MAPPING.md#A-DISCARD
      //# A PDU that does not fit the receiver's state (unknown transaction, no
      // the spoilt copy reaches the receiver at once and is discarded; the PDU stays as it was.
      delivered = { ...marked(at(d.inFlight, e.index), 'corrupted'), tampered: e.how };
      discarded = true;
      break;
    case 'lie':
      delivered = at(d.inFlight, e.index);
      d.flight()[e.index] = lieAbout(delivered, e.what, w.config) ?? notEnabled(e, 'nothing to lie about');
      break;
  }
  return { world: d.finish(), draft: d, delivered, discarded };
}

/** The next world; pure. Throws ModelError (BAD_EVENT / NOT_ENABLED) for an event not enabled. */
export function step(w: World, e: WorldEvent): World {
  return advance(w, e, false).world;
}

/**
 * What `step(before, event)` does besides computing the next world. If `after` is given it
 * must be that next world (equal as JSON data), else ModelError('BAD_EVENT').
 */
export function stepRecord(before: World, e: WorldEvent, after?: World): StepRecord {
  const r = stepWithRecord(before, e);
  if (after !== undefined && canonicalJson(after) !== canonicalJson(r.world)) {
    throw new ModelError('BAD_EVENT', `${JSON.stringify(e)}: the given world is not the one this event leads to`);
  }
  return r.record;
}
