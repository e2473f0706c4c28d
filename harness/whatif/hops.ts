//= spec/clause-5.14-proposed-text.txt#5.14.2-N4a
//# If any SPoS is compromised, the generated key K is compromised and so is the remaining of the
//# PoS chains assuming that a TPoS will become a SPoS.
// Blast radius by the hop at which the PoS is compromised (5.14.2-N4a: "compromised at some
// point"): one deterministic ring walk per hop i, the MN's serving PoS compromised after i
// handovers, then L + 2 more handovers. Passive: the PoS only reveals its keys; active: it also
// rewinds its counter once, by the lie that reaches furthest of those the adversary may tell.
import { type AdvEvent, type AdvWorld } from '../../model/adversary/attacked-world.ts';
import { lifecycleOf } from '../../model/world/world.ts';
import type { MatrixRow } from './rows.ts';
import { buildSystem } from './scenarios.ts';

export interface HopBlast {
  /** Handovers completed before the compromise (0: the PoS of the initial attachment). */
  readonly hop: number;
  readonly passive: number;
  readonly active: number;
}

export class HopWalkError extends Error {
  override readonly name = 'HopWalkError';
}

/** `lie`: the counter the compromised PoS rewinds to (null: it tells no lie). */
function walk(row: MatrixRow, chainLimit: number, hop: number, lie: number | null): number {
  const sys = buildSystem({ kind: 'ring', chainLimit, variant: row.variant, counter: row.counter, method: row.method });
  let s: AdvWorld = sys.initial;
  const go = (e: AdvEvent): void => {
    s = sys.step(s, e);
  };
  const drain = (): void => {
    for (let n = 0; s.world.inFlight.length > 0; n++) {
      if (n > 64) throw new HopWalkError('the network did not drain');
      go({ kind: 'deliver', index: 0 });
    }
  };
  const handover = (): boolean => {
    go({ kind: 'handover', mn: 'mn1', target: null, fallback: false });
    drain();
    if (lifecycleOf(s.world, 0) !== 'prepared') return false;
    go({ kind: 'complete', mn: 'mn1' });
    drain();
    return true;
  };
  go({ kind: 'attach', mn: 'mn1', domain: 'P0' });
  drain();
  for (let h = 0; h < hop; h++) if (!handover()) return 0;
  const attached = (s.world.mns[0]?.context as { attachedTo: string | null }).attachedTo;
  if (attached === null) return 0;
  go({ kind: 'compromise', pos: attached });
  if (lie !== null) {
    // a counter that is already the lie needs no rewind: the PoS goes on without one
    const rewind = sys.enabled(s).find((e) => e.kind === 'rewind' && (e.to ?? -1) === lie);
    if (rewind !== undefined) go(rewind);
  }
  for (let h = 0; h < chainLimit + 2; h++) if (!handover()) break;
  return s.adv.blast;
}

/** Blast radius for a compromise after each of 0 … L + 1 handovers. */
export function blastByHop(row: MatrixRow, chainLimit: number): HopBlast[] {
  return Array.from({ length: chainLimit + 2 }, (_, hop) => ({
    hop,
    passive: walk(row, chainLimit, hop, null),
    // -1 states 0 for the next SA; 0 states 1, offered where the TPoS refuses 0 (V-COUNTER-RANGE).
    active: Math.max(walk(row, chainLimit, hop, -1), walk(row, chainLimit, hop, 0)),
  }));
}
