// Where the lower tester's tampers met an SUT entity. The receiver checks of docs/protocol.md
// §5.2 are made per handler (each verifies its own MAC, echo and fields), so what counts is the
// tamper together with the PDU type it was made on (a cell), not the tamper alone: a TPoS that
// matches the sender of the MN's MIS_HO_Complete.request to the MN is a different line of code
// from the SPoS that matches the sender of its MIS_Prereg_Xfer.request.
import type { PduType } from '../../vocabulary/observation.ts';
import { CHECK_RULES } from '../tester/check-faults.ts';
import { delivered, viewRuns, type TrackedPdu } from './run-history.ts';
import type { RecordedStep } from './test-purposes.ts';

/** A tamper (the rule it broke, `<way>:<id>`, or its way where it names no rule) on one PDU type. */
export const cellOf = (tamper: string, type: PduType): string => `${tamper} on ${type}`;

/** The tamper a PDU carries: the rule it broke if the tamper names one, else the last tamper's way. */
function tamperOf(t: TrackedPdu): string | undefined {
  if (t.pdu.spoiltRule !== undefined) return t.pdu.spoiltRule;
  const tampers = t.faults.filter((f) => f.kind === 'tamper');
  return tampers[tampers.length - 1]?.how;
}

/**
 * The cells tampered PDUs met at SUT entities, with counts: delivered to the receiver its sender
 * addressed, in a run that placed that receiver at the SUT.
 */
export function tamperCells(steps: readonly RecordedStep[]): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const v of viewRuns(steps)) {
    const d = delivered(v);
    const tamper = d === undefined ? undefined : tamperOf(d);
    if (d === undefined || tamper === undefined || !(v.step.placement?.entities ?? []).includes(d.to)) continue;
    const cell = cellOf(tamper, d.pdu.type);
    out.set(cell, (out.get(cell) ?? 0) + 1);
  }
  return out;
}

/** The PDU types delivered to an SUT entity, in a run that placed it at the SUT. */
export function typesTakenAtSut(steps: readonly RecordedStep[]): ReadonlySet<PduType> {
  const out = new Set<PduType>();
  for (const v of viewRuns(steps)) {
    const d = delivered(v);
    if (d !== undefined && (v.step.placement?.entities ?? []).includes(d.to)) out.add(d.pdu.type);
  }
  return out;
}

/**
 * The §5.2 check cells an SUT receiver can meet (harness/tester/check-faults.ts): every check on
 * every PDU type some SUT entity took. A type no SUT entity ever took (its role not claimed, or
 * no world of the PICS sends it) asks for nothing.
 */
export function requiredCells(taken: ReadonlySet<PduType>): readonly string[] {
  return CHECK_RULES.flatMap((r) => r.on.filter((t) => taken.has(t)).map((t) => cellOf(`${r.way}:${r.id}`, t)));
}

/** The §5.2 check cells the steps could have met and did not: what a report of them must not claim. */
export function missedCells(steps: readonly RecordedStep[]): readonly string[] {
  const met = tamperCells(steps);
  return requiredCells(typesTakenAtSut(steps)).filter((c) => !met.has(c));
}
