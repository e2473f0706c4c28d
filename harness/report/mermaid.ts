// A trace as a Mermaid sequenceDiagram: upper-tester stimuli as notes, delivered PDUs as
// arrows (status/reason on responses), network faults as crossed arrows. Fingerprints only.
import type { Observation, PduObservation, Stimulus } from '../../vocabulary/observation.ts';
import { describeStimulus } from '../enabled.ts';
import type { TraceStep } from './types.ts';

function id(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function label(p: PduObservation): string {
  const parts: string[] = [p.type];
  if (p.status !== undefined) parts.push(p.status);
  if (p.reason !== undefined && p.reason !== 'NONE') parts.push(p.reason);
  return parts.join(' ').replace(/[;#]/g, ' ');
}


function participants(initial: Observation | undefined, steps: readonly TraceStep[]): string[] {
  const seen = new Set<string>();
  const add = (x: string): void => {
    seen.add(x);
  };
  for (const o of [initial, ...steps.map((s) => s.observation)]) {
    if (o === undefined) continue;
    o.mns.forEach((m) => add(m.id));
  }
  for (const o of [initial, ...steps.map((s) => s.observation)]) {
    if (o === undefined) continue;
    o.poss.forEach((p) => add(p.id));
  }
  return [...seen];
}

export interface MscOptions {
  /** Text of a failure note attached to the last step. */
  readonly failure?: string;
  /** Entity ids played by the SUT (marked in the participant box). */
  readonly sutEntities?: readonly string[];
}

export function sequenceDiagram(initial: Observation | undefined, steps: readonly TraceStep[], options: MscOptions = {}): string {
  const lines = ['sequenceDiagram'];
  const sut = new Set(options.sutEntities ?? []);
  for (const p of participants(initial, steps)) lines.push(`  participant ${id(p)} as ${p}${sut.has(p) ? ' (SUT)' : ''}`);
  let before = initial;
  const firstActor = (s: Stimulus): string | undefined => {
    if ('mn' in s) return s.mn;
    if ('domain' in s) return s.domain;
    return undefined;
  };
  steps.forEach((step, i) => {
    const s = step.stimulus;
    const inFlight = before?.inFlight ?? [];
    const pdu = 'index' in s ? inFlight[s.index] : undefined;
    if (s.kind === 'deliver' && pdu !== undefined) {
      lines.push(`  ${id(pdu.src)}${pdu.corrupted === true ? '-x' : '->>'}${id(pdu.dst)}: ${i + 1}. ${label(pdu)}${pdu.corrupted === true ? ' (corrupted)' : ''}`);
    } else if ((s.kind === 'drop' || s.kind === 'corrupt' || s.kind === 'duplicate') && pdu !== undefined) {
      lines.push(`  Note over ${id(pdu.src)},${id(pdu.dst)}: ${i + 1}. network: ${describeStimulus(s)} ${label(pdu)}`);
    } else {
      const actor = firstActor(s);
      lines.push(actor === undefined ? `  Note over ${id(participants(initial, steps)[0] ?? 'tester')}: ${i + 1}. ${describeStimulus(s)}` : `  Note over ${id(actor)}: ${i + 1}. ${describeStimulus(s)}`);
    }
    before = step.observation;
  });
  if (options.failure !== undefined) {
    const last = steps.at(-1);
    const actor = last === undefined ? undefined : firstActor(last.stimulus);
    const where = actor ?? participants(initial, steps)[0] ?? 'tester';
    lines.push(`  Note over ${id(where)}: FAIL ${options.failure.replace(/[;#\n]/g, ' ').slice(0, 160)}`);
  }
  return lines.join('\n');
}
