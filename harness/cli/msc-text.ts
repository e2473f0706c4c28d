// A trace printed step by step for a terminal: each stimulus, the PDU it delivered or lost,
// the PDUs emitted, and the SAs that appeared, changed or disappeared (fingerprints only).
// What an SUT reported (ids, fingerprints) reaches a terminal: control characters are shown as
// \uXXXX, so an escape sequence in a report cannot rewrite the screen.
import type { Observation, PduObservation, SaObservation, Stimulus } from '../../vocabulary/observation.ts';
import { emittedPdus } from '../report/mermaid.ts';
import { escapeControl } from '../sut-process/diagnosis.ts';

function pdu(p: PduObservation): string {
  const extra = [p.status, p.reason !== undefined && p.reason !== 'NONE' ? p.reason : undefined].filter((x) => x !== undefined).join(' ');
  return `${p.src} -> ${p.dst}  ${p.type}${extra !== '' ? ` [${extra}]` : ''}${p.corrupted === true ? ' (corrupted)' : ''}`;
}

function sa(owner: string, s: SaObservation): string {
  return `${owner}~${s.peer} idType ${s.idType} root ${s.root} depth ${s.depth} ${s.state} key ${s.key}`;
}

function sas(o: Observation): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of o.mns) for (const s of m.sas) out.set(`${m.id}~${s.peer}`, sa(m.id, s));
  for (const p of o.poss) for (const s of p.sas) out.set(`${p.id}~${s.peer}`, sa(p.id, s));
  return out;
}

export function stimulusLine(s: Stimulus): string {
  const { kind, ...rest } = s;
  return `${kind} ${JSON.stringify(rest)}`;
}

/** Lines describing one step (prev → next under stimulus). */
export function describeStep(n: number, prev: Observation, s: Stimulus, next: Observation): string[] {
  const lines = [`${String(n).padStart(3)}. ${stimulusLine(s)}`];
  // A redelivery's index is into the delivered history, not into the PDUs in flight.
  if ('index' in s && s.kind !== 'redeliver') {
    const p = prev.inFlight[s.index];
    if (p !== undefined) lines.push(`       ${s.kind === 'deliver' ? 'delivered' : s.kind}: ${pdu(p)}`);
  }
  for (const p of emittedPdus(prev, s, next)) lines.push(`       emitted: ${pdu(p)}`);
  const a = sas(prev);
  const b = sas(next);
  for (const [k, v] of b) if (a.get(k) !== v) lines.push(`       SA ${a.has(k) ? 'now' : 'new'}: ${v}`);
  for (const [k, v] of a) if (!b.has(k)) lines.push(`       SA gone: ${v}`);
  for (const m of next.mns) {
    const old = prev.mns.find((x) => x.id === m.id);
    if (old !== undefined && (old.lifecycle !== m.lifecycle || old.attachedTo !== m.attachedTo)) lines.push(`       ${m.id}: ${m.lifecycle}, attached to ${m.attachedTo ?? '-'}`);
  }
  return lines.map(escapeControl);
}
