// Plain-text rendering of a counterexample: one line per stimulus with what changed on the model
// side and, where it differs, on the SUT side. For terminals and test failure messages; the
// report module renders the same data as message sequence charts.
import { describePdu } from './compare.ts';
import { describeStimulus } from './enabled.ts';
import type { LockstepObservation } from './lockstep.ts';
import type { Observation, Stimulus } from '../vocabulary/observation.ts';

function stateLine(o: Observation): string {
  const mns = o.mns.map((m) => `${m.id}:${m.lifecycle}@${m.attachedTo ?? '-'}[${m.sas.map((s) => `${s.peer}/${s.idType}/${s.root}/d${s.depth}/${s.state[0]}/${s.key.slice(0, 6)}`).join(' ')}]`).join(' ');
  const poss = o.poss.filter((p) => p.sas.length > 0).map((p) => `${p.id}[${p.sas.map((s) => `${s.peer}/${s.idType}/d${s.depth}/${s.state[0]}/${s.key.slice(0, 6)}`).join(' ')}]`).join(' ');
  return `${mns} | ${poss}`;
}

export function formatTrace(trace: readonly Stimulus[], observations: readonly LockstepObservation[]): string {
  const lines: string[] = [];
  for (let i = 0; i < trace.length; i++) {
    const before = observations[i]?.model;
    const after = observations[i + 1];
    const s = trace[i]!;
    const target = (s.kind === 'deliver' || s.kind === 'drop' || s.kind === 'duplicate' || s.kind === 'corrupt') && before !== undefined ? ` ${describePdu(before.inFlight[s.index])}` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${describeStimulus(s)}${target}`);
    if (after !== undefined) {
      lines.push(`     model: ${stateLine(after.model)}`);
      if (after.sut !== null && stateLine(after.sut) !== stateLine(after.model)) lines.push(`     SUT:   ${stateLine(after.sut)}`);
      if (after.model.inFlight.length > 0) lines.push(`     in flight: ${after.model.inFlight.map(describePdu).join('; ')}`);
    }
  }
  return lines.join('\n');
}
