//= SPEC_MAPPING.md#A-STATUS
//= type=test
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
// The cause predicates: which refusal causes held when a PoS decided (A-STATUS), and the run
// histories they are read from (a tamper, a lie and a copy stay attached to their PDU).
import { describe, expect, it } from 'vitest';
import { decisions, sposCauses, tposCauses } from '../../harness/pics/causes.ts';
import { viewRuns } from '../../harness/pics/run-history.ts';
import type { RecordedStep } from '../../harness/pics/test-purposes.ts';
import type { DomainConfig, Observation, PduObservation, WorldConfig } from '../../vocabulary/observation.ts';

const dom = (id: string, partners: string[], suites = [1, 2], requestsFallback = false): DomainConfig => ({ id, rats: ['wlan'], neighbours: [], partners, suites, requestsFallback });
const world: WorldConfig = { chainLimit: 2, domains: [dom('A', ['B']), dom('B', ['A'], [2]), dom('C', [])], mns: [{ id: 'mn1', home: 'A', rats: ['wlan'], method: 'EAP', suites: [1, 2] }] };
const n2n = (over: Partial<PduObservation> = {}): PduObservation => ({ type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', nonceN: 'n1', suites: [1, 2], depth: 1, root: 'EAP', ...over });
const n2nAnswer: PduObservation = { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', mn: 'mn1', status: 'SUCCESS', reason: 'NONE' };
const obs = (inFlight: PduObservation[]): Observation => ({ mns: [], poss: [], inFlight });

describe('cause predicates', () => {
  it('TPoS: each cause from its own input', () => {
    expect([...tposCauses(n2n(), world.domains[1]!, false, false, 2)]).toEqual([]);
    expect(tposCauses(n2n({ src: 'C' }), world.domains[1]!, false, false, 2).has('UNAUTHORIZED_SOURCE')).toBe(true);
    expect(tposCauses(n2n(), world.domains[1]!, true, false, 2).has('REPLAY')).toBe(true);
    expect(tposCauses(n2n(), world.domains[1]!, false, true, 2).has('TPOS_REQUESTED')).toBe(true);
    expect(tposCauses(n2n({ depth: 3 }), world.domains[1]!, false, false, 2).has('CHAIN_LIMIT')).toBe(true);
    expect(tposCauses(n2n({ depth: 2 }), world.domains[1]!, false, false, 2).has('CHAIN_LIMIT')).toBe(false);
    expect(tposCauses(n2n({ suites: [1] }), world.domains[1]!, false, false, 2).has('NO_COMMON_SUITE')).toBe(true);
  });

  it('SPoS: the flag, the target\'s trust, the root and the depth of its own SA', () => {
    const req: PduObservation = { type: 'MIS_Prereg_Xfer.request', src: 'mn1', dst: 'A', mn: 'mn1', fallback: true, depth: 0 };
    const sa = { peer: 'mn1', idType: 1 as const, root: 'TLS' as const, depth: 0, state: 'serving' as const, suite: null, key: 'k' };
    expect([...sposCauses(req, sa, 'C', world.domains[0], 2)].sort()).toEqual(['MN_REQUESTED', 'NO_TRUST', 'TLS_ROOT']);
    expect([...sposCauses({ ...req, fallback: false, depth: 9 }, { ...sa, root: 'GKB', depth: 2 }, 'B', world.domains[0], 2)].sort()).toEqual(['CHAIN_LIMIT', 'NOT_EAP_ROOT']);
  });

  it('a copy delivered after its original holds REPLAY; a tampered original is not taken up', () => {
    const step = (stimulus: RecordedStep['stimulus'], inFlight: PduObservation[]): RecordedStep => ({ stimulus, observation: obs(inFlight), run: 1, world });
    const steps: RecordedStep[] = [
      step({ kind: 'attach', mn: 'mn1', domain: 'A' }, [n2n()]),
      step({ kind: 'duplicate', index: 0 }, [n2n(), n2n()]),
      step({ kind: 'deliver', index: 0 }, [n2n(), n2nAnswer]),
      step({ kind: 'deliver', index: 0 }, [n2nAnswer, n2nAnswer]),
    ];
    const d = decisions(viewRuns(steps));
    expect(d.map((x) => [x.entity, x.role, x.request.copy, x.causes.has('REPLAY')])).toEqual([
      ['B', 'TPoS', false, false],
      ['B', 'TPoS', true, true],
    ]);
    const tamperedFirst: RecordedStep[] = [steps[0]!, steps[1]!, step({ kind: 'tamper', index: 0, how: 'mac' }, [{ ...n2n(), corrupted: true }, n2n()]), step({ kind: 'deliver', index: 0 }, [n2n()]), step({ kind: 'deliver', index: 0 }, [n2nAnswer])];
    const views = viewRuns(tamperedFirst);
    expect(views[3]!.subject?.faults).toEqual([{ kind: 'tamper', how: 'mac' }]);
    expect(decisions(views).map((x) => x.causes.has('REPLAY'))).toEqual([false]);
  });

  it('a lie stays on its PDU and the fallback policy follows setFallbackPolicy', () => {
    const steps: RecordedStep[] = [
      { stimulus: { kind: 'attach', mn: 'mn1', domain: 'A' }, observation: obs([n2n()]), run: 1, world },
      { stimulus: { kind: 'setFallbackPolicy', domain: 'B', on: true }, observation: obs([n2n()]), run: 1, world },
      { stimulus: { kind: 'lie', index: 0, what: 'depth' }, observation: obs([n2n({ depth: 3 })]), run: 1, world },
      { stimulus: { kind: 'deliver', index: 0 }, observation: obs([n2nAnswer]), run: 1, world },
    ];
    const [d] = decisions(viewRuns(steps));
    expect(d?.request.faults).toEqual([{ kind: 'lie', what: 'depth' }]);
    expect([...(d?.causes ?? [])].sort()).toEqual(['CHAIN_LIMIT', 'TPOS_REQUESTED']);
    // A new run starts with the world's policy and an empty history.
    const next = viewRuns([...steps, { ...steps[0]!, run: 2 }]);
    expect(next[4]!.before).toBeNull();
    expect(next[4]!.policy.get('B')).toBe(false);
  });
});
