// The "enabled when" column of docs/protocol.md §3, computed from an observation. The model is
// the oracle of a conformance run and says itself which stimuli are enabled; this function is
// the profile's own statement of the same rules, used by the reference oracle and to
// cross-check the model (a disagreement is a model finding).
import type { Corruption, Observation, Stimulus, WorldConfig } from './observation.ts';

export const CORRUPTIONS: readonly Corruption[] = ['trailing', 'truncate', 'unknown-tlv'];

/**
 * Every stimulus enabled in `o`, in a fixed order (by kind, then MN/domain order of the config,
 * then index). `duplicated[i]` says whether the PDU at index i was duplicated before.
 */
export function enabledStimuli(config: WorldConfig, o: Observation, duplicated: readonly boolean[]): Stimulus[] {
  const out: Stimulus[] = [];
  const busy = new Set(o.inFlight.map((p) => p.mn));
  for (const m of o.mns) {
    // docs/protocol.md §3: no stimulus for MN m while a PDU concerning m is in flight.
    if (busy.has(m.id)) continue;
    switch (m.lifecycle) {
      case 'detached':
        for (const d of config.domains) out.push({ kind: 'attach', mn: m.id, domain: d.id });
        break;
      case 'idle':
        if (m.attachedTo === null) break;
        for (const target of [...config.domains.map((d) => d.id).filter((d) => d !== m.attachedTo), null]) {
          for (const fallback of [false, true]) out.push({ kind: 'handover', mn: m.id, target, fallback });
        }
        break;
      case 'prepared':
        out.push({ kind: 'complete', mn: m.id });
        break;
      case 'waiting':
        out.push({ kind: 'abort', mn: m.id });
        break;
    }
  }
  for (const d of config.domains) for (const on of [true, false]) out.push({ kind: 'setFallbackPolicy', domain: d.id, on });
  for (let i = 0; i < o.inFlight.length; i++) {
    out.push({ kind: 'deliver', index: i });
    out.push({ kind: 'drop', index: i });
    if (duplicated[i] !== true) out.push({ kind: 'duplicate', index: i });
    // Not twice: "trailing" then "truncate" would give the intact PDU back.
    if (o.inFlight[i]!.corrupted !== true) for (const how of CORRUPTIONS) out.push({ kind: 'corrupt', index: i, how });
  }
  return out;
}

/**
 * Keeps the per-PDU "duplicated before" flags aligned with the in-flight list across a stimulus
 * (docs/protocol.md §3: a PDU is duplicated at most once, and so is its copy).
 */
export function advanceDuplicated(flags: readonly boolean[], s: Stimulus, inFlightAfter: number): boolean[] {
  const out = [...flags];
  if (s.kind === 'deliver' || s.kind === 'drop') out.splice(s.index, 1);
  if (s.kind === 'duplicate') {
    out[s.index] = true;
    out.push(true);
  }
  while (out.length < inFlightAfter) out.push(false);
  out.length = inFlightAfter;
  return out;
}

export function describeStimulus(s: Stimulus): string {
  switch (s.kind) {
    case 'attach':
      return `attach ${s.mn} at ${s.domain}`;
    case 'handover':
      return `handover ${s.mn} → ${s.target ?? '(SPoS selects)'}${s.fallback ? ' asking fallback' : ''}`;
    case 'complete':
      return `complete ${s.mn}`;
    case 'abort':
      return `abort ${s.mn}`;
    case 'setFallbackPolicy':
      return `policy ${s.domain} fallback ${s.on ? 'on' : 'off'}`;
    case 'deliver':
      return `deliver #${s.index}`;
    case 'drop':
      return `drop #${s.index}`;
    case 'duplicate':
      return `duplicate #${s.index}`;
    case 'corrupt':
      return `corrupt #${s.index} (${s.how})`;
  }
}
