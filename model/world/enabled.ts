//= SPEC_MAPPING.md#A-SEQUENTIAL
//# so the next preparation may overtake it
// The events enabled in a world (docs/protocol.md §3): the MNs' stimuli under A-SEQUENTIAL, the
// PoSs' policy changes, the deliveries and the network's faults; and the check `step` makes of
// the event it is given.

import type { InFlightPdu } from '../pdus.ts';
import { ModelError } from './errors.ts';
import { CORRUPTIONS, LIES, TAMPERS, type WorldEvent } from './events.ts';
import { lieAbout, tamperable } from './lower-tester.ts';
import { machinesFor, type WorldMachines } from './machines.ts';
import { at, lifecycleOf, mnContext, type World } from './state.ts';

//= SPEC_MAPPING.md#A-SEQUENTIAL
//# so the next preparation may overtake it
/**
 * A-SEQUENTIAL, relaxed (docs/protocol.md §3): a PDU concerning an MN blocks its stimuli, except
 * the TPoS's MIS_N2N_HO_Complete.indication to the old SPoS, a core-network PDU the MN takes no
 * part in: it blocks only `complete`, so that the indication can be overtaken by the MN's next
 * preparation but never by its next completion (F-16: a late indication at a PoS the MN has
 * come back to and serves again would delete the new serving SA).
 */
export function blocksEveryStimulus(p: { readonly type: string }): boolean {
  return p.type !== 'MIS_N2N_HO_Complete.indication';
}

//= SPEC_MAPPING.md#A-SEQUENTIAL
//# so the next preparation may overtake it
/** Whether the relaxed A-SEQUENTIAL holds: with the lower tester's re-delivery, the alphabet of a conformance run. */
function overtaking(w: World): boolean {
  return w.redelivery !== undefined;
}

function busyMns(w: World): { readonly busy: Set<string>; readonly completing: Set<string> } {
  const busy = new Set<string>();
  const completing = new Set<string>();
  for (const p of w.inFlight) (!overtaking(w) || blocksEveryStimulus(p) ? busy : completing).add(p.mn);
  return { busy, completing };
}

// ---- enabled events ----------------------------------------------------------------------------

/**
 * The events enabled in `w` (docs/protocol.md §3), in a deterministic order: per MN in config
 * order its stimuli, then one setFallbackPolicy per domain (the one that changes the policy),
 * then deliver for each in-flight index, then the network faults: drop each, duplicate each not
 * yet duplicated, corrupt each not yet corrupted (in the three ways). `step` also accepts the
 * no-op left out here: setting a policy to the value it has.
 */
export function enabled(w: World): WorldEvent[] {
  const out: WorldEvent[] = [];
  const { busy, completing } = busyMns(w);
  const domains = w.config.domains;
  w.config.mns.forEach((mn, i) => {
    //= SPEC_MAPPING.md#A-SEQUENTIAL
    //# so the next preparation may overtake it
    // per MN, procedures are sequential.
    if (busy.has(mn.id)) return;
    switch (lifecycleOf(w, i)) {
      case 'detached':
        for (const d of domains) out.push({ kind: 'attach', mn: mn.id, domain: d.id });
        return;
      case 'idle': {
        const here = mnContext(w, i).attachedTo;
        for (const target of [null, ...domains.map((d) => d.id).filter((d) => d !== here)]) {
          out.push({ kind: 'handover', mn: mn.id, target, fallback: false });
          out.push({ kind: 'handover', mn: mn.id, target, fallback: true });
        }
        return;
      }
      case 'prepared':
        //= SPEC_MAPPING.md#A-SEQUENTIAL
        //# so the next preparation may overtake it
        // no completion overtakes the indication of the previous one (F-16).
        if (!completing.has(mn.id)) out.push({ kind: 'complete', mn: mn.id });
        return;
      case 'waiting':
        out.push({ kind: 'abort', mn: mn.id });
        return;
    }
  });
  domains.forEach((d, j) => out.push({ kind: 'setFallbackPolicy', domain: d.id, on: !at(w.poss, j).requestsFallback }));
  for (let k = 0; k < w.inFlight.length; k++) out.push({ kind: 'deliver', index: k });
  const faults = w.faults;
  if (faults.includes('drop')) for (let k = 0; k < w.inFlight.length; k++) out.push({ kind: 'drop', index: k });
  if (faults.includes('duplicate')) {
    w.inFlight.forEach((p, k) => { if (p.duplicated !== true) out.push({ kind: 'duplicate', index: k }); });
  }
  if (faults.includes('corrupt')) {
    w.inFlight.forEach((p, k) => { if (p.corrupted !== true) for (const how of CORRUPTIONS) out.push({ kind: 'corrupt', index: k, how }); });
  }
  if (faults.includes('tamper')) {
    const poss = w.config.domains.map((d) => d.id);
    w.inFlight.forEach((p, k) => { for (const how of TAMPERS) if (tamperable(p, how, poss)) out.push({ kind: 'tamper', index: k, how }); });
  }
  if (faults.includes('lie')) {
    w.inFlight.forEach((p, k) => { for (const what of LIES) if (lieAbout(p, what, w.config) !== null) out.push({ kind: 'lie', index: k, what }); });
  }
  if (w.redelivery !== undefined) {
    w.redelivery.delivered.forEach((p, k) => { if (redeliverable(w, p)) out.push({ kind: 'redeliver', index: k }); });
  }
  return out;
}

/**
 * docs/protocol.md §3: any PDU of the history may come again, but an old completion indication
 * not at a PoS that serves its MN again: it would delete the new serving SA (F-16, a defect of
 * the clause that the profile does not remedy), so conformance runs keep it out.
 */
function redeliverable(w: World, p: InFlightPdu): boolean {
  if (p.type !== 'MIS_N2N_HO_Complete.indication') return true;
  const j = w.config.domains.findIndex((d) => d.id === p.dst);
  const i = w.config.mns.findIndex((m) => m.id === p.mn);
  if (j < 0 || i < 0) return true;
  return at(at(w.poss, j).spos, i).context.sa?.state !== 'serving';
}

export function notEnabled(e: WorldEvent, why: string): never {
  throw new ModelError('NOT_ENABLED', `${JSON.stringify(e)}: ${why}`);
}

export function badEvent(e: unknown, why: string): never {
  throw new ModelError('BAD_EVENT', `${JSON.stringify(e)}: ${why}`);
}

export function mnIndexOf(m: WorldMachines, e: WorldEvent, mn: unknown): number {
  const i = typeof mn === 'string' ? m.mnIndex.get(mn) : undefined;
  return i ?? badEvent(e, `unknown mn ${String(mn)}`);
}

export function domainIndexOf(m: WorldMachines, e: WorldEvent, d: unknown): number {
  const j = typeof d === 'string' ? m.domainIndex.get(d) : undefined;
  return j ?? badEvent(e, `unknown domain ${String(d)}`);
}

function indexIn(w: World, e: WorldEvent, index: unknown): number {
  if (!Number.isInteger(index)) badEvent(e, 'index must be an integer');
  const k = index as number;
  if (k < 0 || k >= w.inFlight.length) notEnabled(e, `no PDU in flight at index ${k}`);
  return k;
}

//= SPEC_MAPPING.md#A-SEQUENTIAL
//# so the next preparation may overtake it
/** A-SEQUENTIAL: no stimulus for MN m while a PDU concerning m is in flight (an indication blocks only `complete`). */
function sequential(w: World, e: WorldEvent, mn: string): void {
  for (const p of w.inFlight) {
    if (p.mn === mn && (e.kind === 'complete' || !overtaking(w) || blocksEveryStimulus(p))) notEnabled(e, `a ${p.type} concerning ${mn} is in flight`);
  }
}

/** Throws the ModelError `step` would throw for `e`, or returns normally if `e` is enabled. */
export function checkEnabled(w: World, e: WorldEvent): void {
  if (typeof e !== 'object' || e === null) badEvent(e, 'an event is an object');
  const m = machinesFor(w.config, w.variant);
  switch (e.kind) {
    case 'attach': {
      const i = mnIndexOf(m, e, e.mn);
      domainIndexOf(m, e, e.domain);
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'detached') notEnabled(e, `${e.mn} is not detached`);
      return;
    }
    case 'handover': {
      const i = mnIndexOf(m, e, e.mn);
      if (e.target !== null) domainIndexOf(m, e, e.target);
      if (typeof e.fallback !== 'boolean') badEvent(e, 'fallback must be a boolean');
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'idle') notEnabled(e, `${e.mn} is not attached and idle`);
      if (e.target === mnContext(w, i).attachedTo) notEnabled(e, `${e.mn} is already attached to ${e.target}`);
      return;
    }
    case 'complete': {
      const i = mnIndexOf(m, e, e.mn);
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'prepared') notEnabled(e, `${e.mn} holds no prepared SA`);
      return;
    }
    case 'abort': {
      const i = mnIndexOf(m, e, e.mn);
      sequential(w, e, e.mn);
      if (lifecycleOf(w, i) !== 'waiting') notEnabled(e, `${e.mn} is not waiting for an answer`);
      return;
    }
    case 'setFallbackPolicy':
      domainIndexOf(m, e, e.domain);
      if (typeof e.on !== 'boolean') badEvent(e, 'on must be a boolean');
      return;
    case 'deliver':
      indexIn(w, e, e.index);
      return;
    case 'drop':
    case 'duplicate':
    case 'corrupt': {
      if (e.kind === 'corrupt' && !CORRUPTIONS.includes(e.how)) badEvent(e, `unknown corruption ${String(e.how)}`);
      if (!w.faults.includes(e.kind)) notEnabled(e, `the network fault ${e.kind} is not enabled in this world`);
      const k = indexIn(w, e, e.index);
      if (e.kind === 'duplicate' && at(w.inFlight, k).duplicated === true) notEnabled(e, `the PDU at ${k} was duplicated before`);
      // §3: a second corruption could undo the first
      if (e.kind === 'corrupt' && at(w.inFlight, k).corrupted === true) notEnabled(e, `the PDU at ${k} was corrupted before`);
      return;
    }
    case 'redeliver': {
      if (w.redelivery === undefined) notEnabled(e, 'the lower tester\'s redeliver is not enabled in this world');
      if (!Number.isInteger(e.index)) badEvent(e, 'index must be an integer');
      const p = w.redelivery.delivered[e.index];
      if (p === undefined) notEnabled(e, `no delivered PDU at history index ${e.index}`);
      if (!redeliverable(w, p)) notEnabled(e, `the old ${p.type} would reach a PoS serving ${p.mn} again (F-16)`);
      return;
    }
    case 'tamper':
    case 'probe':
    case 'lie': {
      if (e.kind !== 'lie' && !TAMPERS.includes(e.how)) badEvent(e, `unknown tampering ${String(e.how)}`);
      if (e.kind !== 'lie' && e.choice !== undefined && !(Number.isInteger(e.choice) && e.choice >= 0)) badEvent(e, 'choice must be a natural number');
      if (e.kind === 'lie' && !LIES.includes(e.what)) badEvent(e, `unknown lie ${String(e.what)}`);
      // a probe is a tamper of a copy: enabled wherever the tamper is (model/world/events.ts)
      const fault = e.kind === 'probe' ? 'tamper' : e.kind;
      if (!w.faults.includes(fault)) notEnabled(e, `the lower tester's ${fault} is not enabled in this world`);
      const p = at(w.inFlight, indexIn(w, e, e.index));
      if (e.kind !== 'lie' && !tamperable(p, e.how, w.config.domains.map((d) => d.id))) notEnabled(e, `${e.how} does not apply to this ${p.type}${p.corrupted === true ? ' (corrupted)' : ''}`);
      if (e.kind === 'lie' && lieAbout(p, e.what, w.config) === null) notEnabled(e, `${e.what} says nothing of this ${p.type}`);
      return;
    }
    default:
      badEvent(e, `unknown event kind ${String((e as { kind?: unknown }).kind)}`);
  }
}
