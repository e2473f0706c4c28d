// suite-agreement (5.14.2-S8, A-SUITES) on hand-built traces: a conforming choice passes, each
// way of choosing, relaying, recording or refusing a suite wrongly is reported, and the property
// counts itself exercised only where the rule decided something (differing preference orders,
// or no common suite).
//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//= type=test
//# They also need to agree on a cipher suite coded as c.
import { describe, expect, it } from 'vitest';
import { PROPERTIES, initialFacts, judgeStep, judgeTrace } from '../../properties/index.ts';
import { firstCommonSuite, suiteAgreement } from '../../properties/suite-agreement.ts';
import type { PduObservation, WorldConfig } from '../../vocabulary/observation.ts';
import { CONFIG, Script, attach, optimizedHop, pdu, sa } from './script.ts';

// B prefers 2 where m1 prefers 1: the MN's order must decide. C supports only 2, which m2 lacks.
const ORDERS: WorldConfig = { ...CONFIG, domains: CONFIG.domains.map((d) => (d.id === 'B' ? { ...d, suites: [2, 1] } : d)) };

const judge = (s: Script) => judgeTrace(s.config, s.initial, s.steps, [suiteAgreement]);
const messageOf = (s: Script) => judge(s)?.violations[0]?.message;

/** The requirement IDs each step of the trace exercised, by step (1-based; 0 is the initial observation). */
function exercisedBySteps(s: Script): string[][] {
  let v = judgeStep(s.config, initialFacts(s.config), null, null, s.initial, [suiteAgreement]);
  const out = [[...v.exercised]];
  let prev = s.initial;
  for (const st of s.steps) {
    v = judgeStep(s.config, v.facts, prev, st.stimulus, st.observation, [suiteAgreement]);
    out.push([...v.exercised]);
    prev = st.observation;
  }
  return out;
}
const exercised = (s: Script) => exercisedBySteps(s).some((ids) => ids.includes('5.14.2-S8'));

/** m attached at A asks for B or C; the SPoS forwards `n2n` (default the MN's offer) to the target. */
function asked(config: WorldConfig, mn: 'm1' | 'm2', tpos: 'B' | 'C', n2n: Partial<PduObservation> = {}, offer?: readonly number[]): Script {
  const s = attach(new Script(config), mn, 'A', `${mn}-k1`, 'n1');
  const suites = offer ?? config.mns.find((m) => m.id === mn)!.suites;
  s.step({ kind: 'handover', mn, target: tpos, fallback: false }, (d, h) => {
    h.mn(mn).lifecycle = 'waiting';
    h.emit(pdu('MIS_Prereg_Xfer.request', mn, 'A', mn, { nonceN: 'n2', suites }));
  });
  return s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.request', 'A', tpos, mn, { nonceN: 'n2', suites, ...n2n })));
}

/** The TPoS answers the request with `reason` (no SA). */
const refused = (s: Script, tpos: string, mn: string, reason: NonNullable<PduObservation['reason']>) =>
  s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.response', tpos, 'A', mn, { status: 'FULL_AUTH_REQUIRED', reason, nonceN: 'n2' })));

/** The TPoS installs its SA with suite `c` and answers SUCCESS naming `c`. */
const accepted = (s: Script, c: number | null) =>
  s.step({ kind: 'deliver', index: 0 }, (d, h) => {
    h.pos('B').sas.push(sa('m1', 'k2', { idType: 3, depth: 1, state: 'prepared', suite: c }));
    h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2', ...(c === null ? {} : { suite: c }) }));
  });

/** The SPoS relays SUCCESS naming `relayed`; the MN installs its SA with `recorded`. */
function relayed(s: Script, relayedSuite: number, recorded: number | null): Script {
  s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', 'm1', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2', tpos: 'B', suite: relayedSuite })));
  return s.step({ kind: 'deliver', index: 0 }, (d, h) => {
    h.mn('m1').lifecycle = 'prepared';
    h.mn('m1').sas.push(sa('B', 'k2', { idType: 3, depth: 1, state: 'prepared', suite: recorded }));
  });
}

describe('suite-agreement (5.14.2-S8, A-SUITES)', () => {
  it('the rule: the first suite of the MN order that the TPoS supports', () => {
    expect(firstCommonSuite([1, 2], [2, 1])).toBe(1);
    expect(firstCommonSuite([3, 2, 1], [1, 2])).toBe(2);
    expect(firstCommonSuite([1], [2])).toBeNull();
    expect(firstCommonSuite([], [1])).toBeNull();
  });

  it('passes an optimized SA with the c of the MN order where the orders differ, and is exercised there', () => {
    const s = optimizedHop(attach(new Script(ORDERS), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    expect(s.last.poss.find((p) => p.id === 'B')!.sas[0]!.suite).toBe(1);
    expect(judgeTrace(s.config, s.initial, s.steps, PROPERTIES)).toBeNull();
    expect(exercised(s)).toBe(true);
  });

  it('is not exercised where both orders give the same c', () => {
    const s = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    expect(judge(s)).toBeNull();
    expect(exercised(s)).toBe(false);
  });

  it('fires when the TPoS chooses by its own preference', () => {
    const s = relayed(accepted(asked(ORDERS, 'm1', 'B'), 2), 2, 2);
    expect(judge(s)?.step).toBe(s.steps.length - 2); // at the TPoS's step
    expect(messageOf(s)).toMatch(/TPoS B installed an optimized SA for m1 with suite 2; the first offered suite \[1, 2\] it supports is 1/);
    expect(judge(s)?.violations[0]?.requirements).toEqual(['5.14.2-S8', 'A-SUITES']);
    expect(judge(relayed(accepted(asked(ORDERS, 'm1', 'B'), 1), 1, 1))).toBeNull();
  });

  it('fires on an optimized SA without a suite, at either end', () => {
    expect(messageOf(accepted(asked(ORDERS, 'm1', 'B'), null))).toMatch(/with suite none/);
    expect(messageOf(relayed(accepted(asked(ORDERS, 'm1', 'B'), 1), 1, null))).toMatch(/MN m1 installed an optimized SA with B without a suite c/);
  });

  it('fires when the MN records another c than its SPoS relayed, or the two ends differ', () => {
    expect(messageOf(relayed(accepted(asked(ORDERS, 'm1', 'B'), 1), 1, 2))).toMatch(/with suite 2, but its SPoS A named suite 1/);
    expect(messageOf(relayed(accepted(asked(ORDERS, 'm1', 'B'), 1), 2, 2))).toMatch(/MN m1 and B hold key k2 with suites 2 and 1/);
  });

  it('fires when the MN offers another list than its own, or the SPoS relays another offer', () => {
    expect(messageOf(asked(ORDERS, 'm1', 'B', {}, [2, 1]))).toMatch(/MN m1 offered suites \[2, 1\], not its own \[1, 2\]/);
    expect(messageOf(asked(ORDERS, 'm1', 'B', { suites: [1, 2] }))).toBeUndefined();
    expect(messageOf(asked(ORDERS, 'm1', 'B', { suites: [2, 1] }))).toMatch(/SPoS A offered B suites \[2, 1\] for MN m1, which offered \[1, 2\]/);
  });

  it('passes NO_COMMON_SUITE when there is none, and is exercised there', () => {
    const s = refused(asked(ORDERS, 'm2', 'C'), 'C', 'm2', 'NO_COMMON_SUITE');
    expect(judge(s)).toBeNull();
    expect(exercisedBySteps(s).at(-1)).toEqual(['5.14.2-S8']);
  });

  it('judges the TPoS on the offer it received: a suites lie that empties it makes NO_COMMON_SUITE right', () => {
    const s = refused(asked(ORDERS, 'm1', 'B'), 'B', 'm1', 'NO_COMMON_SUITE');
    expect(messageOf(s)).toMatch(/TPoS B answered NO_COMMON_SUITE for MN m1, but it supports suite 1 of the offer \[1, 2\]/);
    const lied = asked(ORDERS, 'm1', 'B');
    lied.step({ kind: 'lie', index: 0, what: 'suites' }, (d) => {
      d.inFlight[0] = { ...d.inFlight[0]!, suites: [] };
    });
    expect(judge(refused(lied, 'B', 'm1', 'NO_COMMON_SUITE'))).toBeNull();
  });

  it('fires when the TPoS installs an SA although no offered suite is one it supports', () => {
    const s = asked(ORDERS, 'm2', 'C').step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.pos('C').sas.push(sa('m2', 'j2', { idType: 3, depth: 1, state: 'prepared', suite: 2 }));
      h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'C', 'A', 'm2', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2', suite: 2 }));
    });
    expect(messageOf(s)).toMatch(/TPoS C installed an optimized SA for m2 although it supports none of the suites offered \[1\] \(NO_COMMON_SUITE\)/);
  });

  it('is not exercised by a refusal for another reason', () => {
    const s = refused(asked(ORDERS, 'm1', 'B'), 'B', 'm1', 'TPOS_REQUESTED');
    expect(judge(s)).toBeNull();
    expect(exercised(s)).toBe(false);
  });
});
