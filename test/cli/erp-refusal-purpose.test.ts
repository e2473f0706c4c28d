// TP-ERP-SEQ-AHEAD's MN half: a REJECTED MIS_Auth.response reaches an SUT MN as the answer to an
// ERP request (matched by MN and Nonce-N echo). A refusal of any other request says nothing of
// the MN's SEQ handling (A-ERP-SEQ), so it must not count.
import { describe, expect, it } from 'vitest';
import { TEST_PURPOSES, type RecordedStep } from '../../harness/pics/test-purposes.ts';
import type { Method, Observation, PduObservation } from '../../vocabulary/observation.ts';

const purpose = TEST_PURPOSES.find((p) => p.id === 'TP-ERP-SEQ-AHEAD')!;
const sut = { roles: ['MN'] as const, entities: ['mn1'] };
const observation = (inFlight: readonly PduObservation[]): Observation => ({ mns: [], poss: [], inFlight });

function run(method: Method, answerNonce: string): RecordedStep[] {
  const request = { type: 'MIS_Auth.request', src: 'mn1', dst: 'A', mn: 'mn1', method, nonceN: 'aa' } as PduObservation;
  const refusal = { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', mn: 'mn1', status: 'REJECTED', nonceN: answerNonce } as PduObservation;
  const placement = { roles: ['MN' as const], entities: ['mn1'] };
  return [
    { stimulus: { kind: 'attach', mn: 'mn1', domain: 'A' }, observation: observation([request]), run: 1, placement },
    { stimulus: { kind: 'deliver', index: 0 }, observation: observation([refusal]), run: 1, placement },
    { stimulus: { kind: 'deliver', index: 0 }, observation: observation([]), run: 1, placement },
  ];
}

describe('TP-ERP-SEQ-AHEAD at an SUT MN', () => {
  it('counts the refusal of an ERP request', () => {
    expect(purpose.exercised(run('ERP', 'aa'), sut)).toBe(true);
  });
  it('does not count the refusal of an EAP request, nor a refusal echoing another Nonce-N', () => {
    expect(purpose.exercised(run('EAP', 'aa'), sut)).toBe(false);
    expect(purpose.exercised(run('ERP', 'bb'), sut)).toBe(false);
  });
});
