// TP-LIE-STATUS: a REJECTED the lower tester's lie made reaches an SUT MN. A probe of that PDU
// delivers a spoilt copy of it, which the MN must discard unread, so it says nothing of what the
// MN does with a REJECTED and must not count; the lied PDU itself, delivered, does.
import { describe, expect, it } from 'vitest';
import { TEST_PURPOSES, type RecordedStep } from '../../harness/pics/test-purposes.ts';
import type { Observation, PduObservation, Stimulus } from '../../vocabulary/observation.ts';

const purpose = TEST_PURPOSES.find((p) => p.id === 'TP-LIE-STATUS')!;
const sut = { roles: ['MN'] as const, entities: ['mn1'] };
const placement = { roles: ['MN' as const], entities: ['mn1'] };
const observation = (inFlight: readonly PduObservation[]): Observation => ({ mns: [], poss: [], inFlight });

function run(last: Stimulus): RecordedStep[] {
  const answer = { type: 'MIS_Prereg_Xfer.response', src: 'A', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: 'aa' } as PduObservation;
  const refused = { ...answer, status: 'REJECTED', reason: 'NONE' } as PduObservation;
  return [
    { stimulus: { kind: 'handover', mn: 'mn1', target: 'B', fallback: false }, observation: observation([answer]), run: 1, placement },
    { stimulus: { kind: 'lie', index: 0, what: 'status' }, observation: observation([refused]), run: 1, placement },
    { stimulus: last, observation: observation(last.kind === 'probe' ? [refused] : []), run: 1, placement },
  ];
}

describe('TP-LIE-STATUS at an SUT MN', () => {
  it('counts the lied answer delivered', () => {
    expect(purpose.exercised(run({ kind: 'deliver', index: 0 }), sut)).toBe(true);
  });
  it('does not count a probe of it: the copy was spoilt', () => {
    expect(purpose.exercised(run({ kind: 'probe', index: 0, how: 'mac', choice: 0 }), sut)).toBe(false);
  });
});
