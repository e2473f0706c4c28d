// k-from-eap-or-erp (5.14.2-N2b, A-ERP-FULL) on hand-built traces: ERP-rooted SAs seed K and an
// ERP run starts a chain; a GKB seed, a NOT_EAP_ROOT refusal of an EAP or ERP lineage and an ERP
// chain counted wrongly are reported, the last before depth-accounting; the property counts
// itself exercised only where an optimized SA was seeded from an ERP-rooted SA.
//= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
//= type=test
//# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
//# ERP execution.
import { describe, expect, it } from 'vitest';
import { PROPERTIES, initialFacts, judgeStep, judgeTrace } from '../../properties/index.ts';
import { kFromEapOrErp } from '../../properties/k-from-eap-or-erp.ts';
import type { WorldConfig } from '../../vocabulary/observation.ts';
import { CONFIG, Script, attach, complete, optimizedHop, pdu, sa } from './script.ts';

const ERP_WORLD: WorldConfig = { ...CONFIG, chainLimit: 3, mns: [...CONFIG.mns, { id: 'm3', home: 'A', rats: ['wlan'], method: 'ERP', suites: [1, 2] }] };

const judgeAll = (s: Script) => judgeTrace(s.config, s.initial, s.steps, PROPERTIES);
const judge = (s: Script) => judgeTrace(s.config, s.initial, s.steps, [kFromEapOrErp]);

function exercised(s: Script): boolean {
  let v = judgeStep(s.config, initialFacts(s.config), null, null, s.initial, [kFromEapOrErp]);
  let prev = s.initial;
  let any = v.exercised.includes('5.14.2-N2b');
  for (const st of s.steps) {
    v = judgeStep(s.config, v.facts, prev, st.stimulus, st.observation, [kFromEapOrErp]);
    any ||= v.exercised.includes('5.14.2-N2b');
    prev = st.observation;
  }
  return any;
}

const erpAttached = () => attach(new Script(ERP_WORLD), 'm3', 'A', 'e1', 'n1', 'ERP');
const hop = (s: Script, mn: string, tpos: string, n: number, sa?: { depth?: number; root?: 'GKB' }) =>
  optimizedHop(s, mn, tpos, { nonceN: `n${n}`, nonceT: `t${n}`, key: `${mn}-k${n}`, ...(sa === undefined ? {} : { sa }) });

/** m asks its SPoS A for B and A refuses with `reason`. */
function refusedAtA(s: Script, mn: string, reason: 'NOT_EAP_ROOT' | 'CHAIN_LIMIT'): Script {
  s.step({ kind: 'handover', mn, target: 'B', fallback: false }, (d, h) => {
    h.mn(mn).lifecycle = 'waiting';
    h.emit(pdu('MIS_Prereg_Xfer.request', mn, 'A', mn, { nonceN: 'n8', suites: [1, 2] }));
  });
  return s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', mn, mn, { status: 'FULL_AUTH_REQUIRED', reason, nonceN: 'n8', tpos: 'B' })));
}

/** m1 (EAP) hops A→B where the lower tester told B the root is GKB: B installs GKB, the MN keeps EAP. */
function gkbLineage(): Script {
  const s = attach(new Script(ERP_WORLD), 'm1', 'A', 'k1', 'n1');
  s.step({ kind: 'handover', mn: 'm1', target: 'B', fallback: false }, (d, h) => {
    h.mn('m1').lifecycle = 'waiting';
    h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n2', suites: [1, 2] }));
  });
  s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.request', 'A', 'B', 'm1', { nonceN: 'n2', suites: [1, 2], depth: 1, root: 'EAP' })));
  s.step({ kind: 'lie', index: 0, what: 'root' }, (d) => {
    d.inFlight[0] = { ...d.inFlight[0]!, root: 'GKB' };
  });
  s.step({ kind: 'deliver', index: 0 }, (d, h) => {
    h.pos('B').sas.push(sa('m1', 'k2', { idType: 3, root: 'GKB', depth: 1, state: 'prepared', suite: 1 }));
    h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2', suite: 1 }));
  });
  s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', 'm1', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2', tpos: 'B', suite: 1 })));
  s.step({ kind: 'deliver', index: 0 }, (d, h) => {
    h.mn('m1').lifecycle = 'prepared';
    h.mn('m1').sas.push(sa('B', 'k2', { idType: 3, depth: 1, state: 'prepared', suite: 1 }));
  });
  return complete(s, 'm1');
}

describe('k-from-eap-or-erp (5.14.2-N2b, A-ERP-FULL)', () => {
  it('passes an ERP attachment and optimized hops from it, exercised by the first hop only from ERP', () => {
    const s = hop(erpAttached(), 'm3', 'B', 2);
    expect(judgeAll(s)).toBeNull();
    expect(exercised(erpAttached())).toBe(false);
    expect(exercised(s)).toBe(true);
    const deeper = hop(complete(s, 'm3'), 'm3', 'C', 3);
    expect(judgeAll(deeper)).toBeNull();
  });

  it('is not exercised by an EAP lineage', () => {
    const s = hop(attach(new Script(ERP_WORLD), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', 2);
    expect(judge(s)).toBeNull();
    expect(exercised(s)).toBe(false);
  });

  it('fires, before depth-accounting, on an ERP run that does not reset the depth', () => {
    // m3 served by A at depth 1 falls back to a full ERP run with B, which both ends record one deeper
    const s = hop(erpAttached(), 'm3', 'B', 2);
    const fallback = complete(s, 'm3');
    fallback.step({ kind: 'handover', mn: 'm3', target: 'C', fallback: true }, (d, h) => {
      h.mn('m3').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm3', 'B', 'm3', { nonceN: 'n3', suites: [1, 2], fallback: true }));
    });
    fallback.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'B', 'm3', 'm3', { status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED', nonceN: 'n3', tpos: 'C' })));
    fallback.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Auth.request', 'm3', 'C', 'm3', { nonceN: 'n4', method: 'ERP' })));
    const run = (depth: number) =>
      fallback.copy().step({ kind: 'deliver', index: 0 }, (d, h) => {
        h.pos('C').sas.push(sa('m3', 'e3', { root: 'ERP', depth, state: 'prepared' }));
        h.emit(pdu('MIS_Auth.response', 'C', 'm3', 'm3', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n4', idType: 1 }));
      });
    expect(judgeAll(run(0))).toBeNull();
    const v = judgeAll(run(2));
    expect(v?.violations[0]?.property).toBe('k-from-eap-or-erp');
    expect(v?.violations[0]?.requirements[0]).toBe('5.14.2-N2b');
    expect(v?.violations[0]?.message).toMatch(/PoS C installed an SA for m3 by an ERP run with depth 2, root ERP; ERP is a full establishment: depth 0, root ERP/);
    expect(v?.violations.map((x) => x.property)).toContain('depth-accounting');
  });

  it('fires on an ERP SA recorded with an EAP root', () => {
    const s = attach(new Script(ERP_WORLD), 'm3', 'A', 'e1', 'n1', 'EAP');
    expect(judge(s)?.violations[0]?.message).toMatch(/by an ERP run with depth 0, root EAP/);
  });

  it('fires on a first hop from an ERP SA that is not one deep; a deeper hop is left to depth-accounting', () => {
    const s = hop(erpAttached(), 'm3', 'B', 2, { depth: 2 });
    expect(judgeAll(s)?.violations[0]?.property).toBe('k-from-eap-or-erp');
    expect(judge(s)?.violations[0]?.message).toMatch(/first optimized hop from an ERP-rooted SA with depth 2; its lineage gives depth 1/);
    const second = hop(complete(hop(erpAttached(), 'm3', 'B', 2), 'm3'), 'm3', 'C', 3, { depth: 1 });
    expect(judge(second)).toBeNull();
    expect(judgeAll(second)?.violations[0]?.property).toBe('depth-accounting');
  });

  it('fires on an optimized hop seeded from a GKB lineage, and passes the NOT_EAP_ROOT refusal of it', () => {
    const s = gkbLineage();
    expect(judgeAll(s)).toBeNull();
    expect(judge(refusedAtB(s.copy()))).toBeNull();
    const v = judge(hop(s.copy(), 'm1', 'C', 3));
    expect(v?.violations[0]?.message).toMatch(/MN m1 installed an SA with C by an optimized hop from a GKB-rooted SA|PoS C installed an SA for m1 by an optimized hop from a GKB-rooted SA/);
  });

  it('fires on a NOT_EAP_ROOT refusal of an EAP- or ERP-rooted SA, not on another refusal', () => {
    expect(judge(refusedAtA(erpAttached(), 'm3', 'NOT_EAP_ROOT'))?.violations[0]?.message).toMatch(/SPoS A answered NOT_EAP_ROOT for MN m3, whose SA with it has an ERP root/);
    const eap = attach(new Script(ERP_WORLD), 'm1', 'A', 'k1', 'n1');
    expect(judge(refusedAtA(eap, 'm1', 'NOT_EAP_ROOT'))?.violations[0]?.message).toMatch(/an EAP root/);
    expect(judge(refusedAtA(attach(new Script(ERP_WORLD), 'm1', 'A', 'k1', 'n1'), 'm1', 'CHAIN_LIMIT'))).toBeNull();
  });
});

/** m1, now served by B on its GKB lineage, asks B for C and B refuses NOT_EAP_ROOT. */
function refusedAtB(s: Script): Script {
  s.step({ kind: 'handover', mn: 'm1', target: 'C', fallback: false }, (d, h) => {
    h.mn('m1').lifecycle = 'waiting';
    h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'B', 'm1', { nonceN: 'n8', suites: [1, 2] }));
  });
  return s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'B', 'm1', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'NOT_EAP_ROOT', nonceN: 'n8', tpos: 'C' })));
}
