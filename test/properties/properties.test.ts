import { describe, expect, it } from 'vitest';
import { PROPERTIES, judgeTrace, propertyById, type Property } from '../../properties/index.ts';
import { selectTarget } from '../../properties/target-selection.ts';
import { CONFIG, Script, attach, complete, optimizedHop, pdu, sa } from './script.ts';

function prop(id: string): Property {
  const p = propertyById(id);
  if (p === undefined) throw new Error(`no property ${id}`);
  return p;
}

/** The first violation of `only` (default: the whole catalogue) on the script's trace. */
function judge(s: Script, only?: string) {
  return judgeTrace(s.config, s.initial, s.steps, only === undefined ? PROPERTIES : [prop(only)]);
}

/** A conforming run: m1 (EAP) attaches at A and hops A→B→C, m2 (TLS) attaches at A. */
function conforming(): Script {
  const s = new Script();
  attach(s, 'm1', 'A', 'k1', 'n1');
  optimizedHop(s, 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
  complete(s, 'm1');
  optimizedHop(s, 'm1', 'C', { nonceN: 'n3', nonceT: 't3', key: 'k3' });
  complete(s, 'm1');
  attach(s, 'm2', 'A', 'j1', 'n9', 'TLS');
  return s;
}

describe('the catalogue', () => {
  it('has unique ids, titles and requirement IDs on every property', () => {
    const ids = PROPERTIES.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of PROPERTIES) {
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.requirements.length).toBeGreaterThan(0);
    }
  });

  it('is silent on a conforming run', () => {
    expect(judge(conforming())).toBeNull();
  });

  it('selects the first trusted neighbour offering one of the MN RATs', () => {
    expect(selectTarget(CONFIG, 'A', 'm1')).toBe('B'); // D is a neighbour but not a partner
    expect(selectTarget(CONFIG, 'D', 'm1')).toBe('A');
    expect(selectTarget({ ...CONFIG, mns: [{ id: 'x', home: 'A', rats: ['5g'], method: 'EAP', suites: [1] }] }, 'A', 'x')).toBeNull();
  });
});

describe('chain limit and forced fallback (5.14.2-N4b, N4c), L = 2', () => {
  const threeHops = () => {
    const s = new Script();
    attach(s, 'm1', 'A', 'k1', 'n1');
    optimizedHop(s, 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    complete(s, 'm1');
    optimizedHop(s, 'm1', 'C', { nonceN: 'n3', nonceT: 't3', key: 'k3' });
    complete(s, 'm1');
    return s;
  };

  it('two optimized hops are within the limit', () => {
    expect(judge(threeHops())).toBeNull();
  });

  it('chain-limit fires on a third optimized hop, at the TPoS first', () => {
    const s = optimizedHop(threeHops(), 'm1', 'A', { nonceN: 'n4', nonceT: 't4', key: 'k4' });
    const v = judge(s, 'chain-limit');
    expect(v?.violations[0]?.property).toBe('chain-limit');
    expect(v?.violations[0]?.message).toMatch(/PoS A installed an SA for m1 that is 3 optimized/);
  });

  it('chain-limit counts the hops, not the depth the SA claims', () => {
    const s = optimizedHop(threeHops(), 'm1', 'A', { nonceN: 'n4', nonceT: 't4', key: 'k4', sa: { depth: 1 } });
    expect(judge(s, 'chain-limit')?.violations[0]?.requirements).toContain('5.14.2-N4b');
    expect(judge(s, 'depth-accounting')?.violations[0]?.message).toMatch(/depth 1.*lineage gives depth 3/);
  });

  it('forced-fallback fires when the hop after L optimized ones is optimized', () => {
    const s = optimizedHop(threeHops(), 'm1', 'A', { nonceN: 'n4', nonceT: 't4', key: 'k4' });
    expect(judge(s, 'forced-fallback')?.violations[0]?.requirements).toEqual(['5.14.2-N4c']);
  });

  it('a full establishment after L optimized ones resets the chain', () => {
    const s = threeHops();
    s.step({ kind: 'handover', mn: 'm1', target: 'A', fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'C', 'm1', { nonceN: 'n4' }));
    });
    s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'C', 'm1', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT', nonceN: 'n4' })));
    s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Auth.request', 'm1', 'A', 'm1', { nonceN: 'n5' })));
    s.step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.pos('A').sas.push(sa('m1', 'k4', { state: 'prepared' }));
      h.emit(pdu('MIS_Auth.response', 'A', 'm1', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n5' }));
    });
    s.step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.mn('m1').lifecycle = 'prepared';
      h.mn('m1').sas.push(sa('A', 'k4', { state: 'prepared' }));
    });
    complete(s, 'm1');
    optimizedHop(s, 'm1', 'B', { nonceN: 'n6', nonceT: 't6', key: 'k5' });
    expect(judge(s)).toBeNull();
  });
});

describe('optimized-path preconditions', () => {
  it('tls-exclusion fires on an optimized hop from a TLS-rooted SA (5.14.2-N3)', () => {
    const ok = attach(new Script(), 'm2', 'A', 'j1', 'n1', 'TLS');
    expect(judge(ok)).toBeNull();
    const s = optimizedHop(ok, 'm2', 'B', { nonceN: 'n2', nonceT: 't2', key: 'j2' });
    expect(judge(s, 'tls-exclusion')?.violations[0]?.requirements[0]).toBe('5.14.2-N3');
  });

  it('trust-precondition fires on an optimized hop to a domain not trusted both ways (5.14.2-N1a)', () => {
    const s = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'D', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    expect(judge(s, 'trust-precondition')?.violations[0]?.message).toMatch(/A does not trust D/);
    const t = optimizedHop(attach(new Script(), 'm1', 'D', 'k1', 'n1'), 'm1', 'A', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    expect(judge(t, 'trust-precondition')?.violations[0]?.message).toMatch(/A does not trust D/);
  });

  it('fallback-on-request fires when the MN asked for a full establishment (5.14.2-N1c)', () => {
    const base = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    expect(judge(optimizedHop(base.copy(), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' }), 'fallback-on-request')).toBeNull();
    const s = optimizedHop(base.copy(), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', fallback: true });
    expect(judge(s, 'fallback-on-request')?.violations[0]?.message).toMatch(/MN m1 requested a full establishment/);
  });

  it('fallback-on-request fires when the TPoS policy asks for a full establishment (5.14.2-N1c)', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1').step({ kind: 'setFallbackPolicy', domain: 'B', on: true });
    optimizedHop(s, 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    expect(judge(s, 'fallback-on-request')?.violations[0]?.message).toMatch(/TPoS B requests fallback by policy/);
    const off = attach(new Script(), 'm1', 'A', 'k1', 'n1').step({ kind: 'setFallbackPolicy', domain: 'B', on: true }).step({ kind: 'setFallbackPolicy', domain: 'B', on: false });
    expect(judge(optimizedHop(off, 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' }))).toBeNull();
  });

  it('target-selection fires when the SPoS names another TPoS than it should select (5.14.3-S7)', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    s.step({ kind: 'handover', mn: 'm1', target: null, fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n2' }));
    });
    const ok = s.copy().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', 'm1', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'MN_REQUESTED', nonceN: 'n2', tpos: 'B' })));
    expect(judge(ok, 'target-selection')).toBeNull();
    const bad = s.copy().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', 'm1', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'NO_TRUST', nonceN: 'n2', tpos: 'D' })));
    expect(judge(bad, 'target-selection')?.violations[0]?.message).toMatch(/naming TPoS D; the target selected by A \(5.14.3\) is B/);
  });

  it('target-selection judges the current handover, not the relay of an earlier one (§5.3)', () => {
    // The MN asked for C (n2), then for D (n3); a copy of the N2N request to C meets the cache
    // and the SPoS relays TARGET_REFUSED naming C with n2, which the MN will discard.
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    s.step({ kind: 'handover', mn: 'm1', target: 'D', fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n3', target: 'D' }));
    });
    const stale = s.copy().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', 'm1', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED', nonceN: 'n2', tpos: 'C' })));
    expect(judge(stale, 'target-selection')).toBeNull();
    const current = s.copy().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_Prereg_Xfer.response', 'A', 'm1', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED', nonceN: 'n3', tpos: 'C' })));
    expect(judge(current, 'target-selection')?.violations[0]?.message).toMatch(/naming TPoS C; the target named by the MN is D/);
  });

  it('target-selection fires when the SPoS selects an untrusted or wrong target (5.14.3-S5)', () => {
    const ok = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', target: null });
    expect(judge(ok)).toBeNull();
    const s = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'C', { nonceN: 'n2', nonceT: 't2', key: 'k2', target: null });
    expect(judge(s, 'target-selection')?.violations[0]?.message).toMatch(/sent the preregistration of MN m1 to C; the target selected by A \(5.14.3\) is B/);
  });
});

describe('ID_TYPE (5.14-T1)', () => {
  it('fires on an optimized SA that is not SPoS-generated', () => {
    const s = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', sa: { idType: 1 } });
    expect(judge(s, 'id-type')?.violations[0]?.message).toMatch(/optimized hop with ID_TYPE 1/);
  });

  it('fires on a TLS SA labelled EAP-generated', () => {
    const s = attach(new Script(), 'm2', 'A', 'j1', 'n1', 'TLS');
    s.steps[1] = { ...s.steps[1]!, observation: { ...s.steps[1]!.observation, poss: s.steps[1]!.observation.poss.map((p) => (p.id === 'A' ? { ...p, sas: [sa('m2', 'j1', { root: 'TLS', idType: 1 })] } : p)) } };
    expect(judge(s, 'id-type')?.violations[0]?.message).toMatch(/PoS A .*ID_TYPE should be 0/);
  });
});

describe('SA continuity and role rotation (5.14.1-S17, S19)', () => {
  it('sa-continuity fires when the SPoS tears its SA down before the handover completes', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    s.step({ kind: 'handover', mn: 'm1', target: 'B', fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n2' }));
    });
    s.step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.pos('A').sas = [];
      h.emit(pdu('MIS_N2N_Prereg_Xfer.request', 'A', 'B', 'm1', { nonceN: 'n2' }));
    });
    expect(judge(s, 'sa-continuity')?.violations[0]?.message).toMatch(/attached to A with key k1, but PoS A holds no SA/);
  });

  it('sa-continuity fires when an attached MN falls back to detached', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1').step({ kind: 'setFallbackPolicy', domain: 'B', on: true }, (d, h) => {
      h.mn('m1').sas = [];
      h.mn('m1').lifecycle = 'detached';
    });
    expect(judge(s, 'sa-continuity')?.violations[0]?.message).toMatch(/MN m1 \(attached to A\) holds 0 serving SAs/);
  });

  it('sa-continuity fires when the MN drops its serving SA', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1').step({ kind: 'handover', mn: 'm1', target: 'B', fallback: false }, (d, h) => {
      h.mn('m1').sas = [];
      h.mn('m1').lifecycle = 'idle';
    });
    expect(judge(s, 'sa-continuity')?.violations[0]?.message).toMatch(/holds 0 serving SAs/);
  });

  it('role-rotation fires when the TPoS never marks its SA serving', () => {
    const s = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    s.step({ kind: 'complete', mn: 'm1' }, (d, h) => {
      Object.assign(h.mn('m1'), { lifecycle: 'idle', attachedTo: 'B', sas: [sa('B', 'k2', { idType: 3, depth: 1 })] });
      h.emit(pdu('MIS_HO_Complete.request', 'm1', 'B', 'm1'));
    });
    s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_HO_Complete.indication', 'B', 'A', 'm1')));
    s.step({ kind: 'deliver', index: 0 }, (d, h) => void (h.pos('A').sas = []));
    expect(judge(s, 'role-rotation')?.violations[0]?.message).toMatch(/B holds no serving SA/);
  });

  it('role-rotation fires when the old SPoS keeps the SA, and not when the completion was lost', () => {
    const s = optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    const lost = s.copy();
    complete(s, 'm1');
    const keep = s.copy();
    keep.steps[keep.steps.length - 1] = { ...keep.steps.at(-1)!, observation: keep.steps.at(-2)!.observation } as never;
    // The old SPoS got the indication and still holds the SA.
    const kept = new Script();
    kept.steps.push(...keep.steps.slice(0, -1));
    kept.step({ kind: 'deliver', index: 0 });
    expect(judge(kept, 'role-rotation')?.violations[0]?.message).toMatch(/old SPoS A still holds its SA for it \(key k1\)/);
    // The indication was dropped: nobody can clear A's SA, and role-rotation does not blame anyone.
    lost.step({ kind: 'complete', mn: 'm1' }, (d, h) => {
      Object.assign(h.mn('m1'), { lifecycle: 'idle', attachedTo: 'B', sas: [sa('B', 'k2', { idType: 3, depth: 1 })] });
      h.emit(pdu('MIS_HO_Complete.request', 'm1', 'B', 'm1'));
    });
    lost.step({ kind: 'deliver', index: 0 }, (d, h) => {
      for (const x of h.pos('B').sas) x.state = 'serving';
      h.emit(pdu('MIS_N2N_HO_Complete.indication', 'B', 'A', 'm1'));
    });
    lost.step({ kind: 'drop', index: 0 });
    expect(judge(lost, 'role-rotation')).toBeNull();
  });

  it('role-rotation fires when a later preregistration goes to the old SPoS', () => {
    const s = complete(optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' }), 'm1');
    s.step({ kind: 'handover', mn: 'm1', target: 'C', fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n3' }));
    });
    expect(judge(s, 'role-rotation')?.violations[0]?.message).toMatch(/attached to B but sent MIS_Prereg_Xfer.request to A/);
  });
});

describe('keys (5.14.2-S9, A-MISK, 5.14.2-S6, A-K-BIND)', () => {
  it('key-agreement fires when MN and TPoS derive different MISKs', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    optimizedHop(s, 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' });
    const last = s.steps.at(-1)!;
    s.steps[s.steps.length - 1] = { ...last, observation: { ...last.observation, mns: last.observation.mns.map((m) => (m.id === 'm1' ? { ...m, sas: m.sas.map((x) => (x.peer === 'B' ? { ...x, key: 'k2-other' } : x)) } : m)) } };
    expect(judge(s, 'key-agreement')?.violations[0]?.message).toMatch(/MN m1 holds key k2-other with B \(prepared\), but B holds key k2/);
  });

  it('key-agreement fires when one key serves two SAs', () => {
    const s = attach(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm2', 'B', 'k1', 'n2', 'TLS');
    expect(judge(s, 'key-agreement')?.violations[0]?.message).toMatch(/key k1 serves both \(MN m1, PoS A\) and \(MN m2, PoS B\)/);
  });

  it('key-separation fires on exposed, unbound or shared K and is silent without evidence', () => {
    const base = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    expect(judge(optimizedHop(base.copy(), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', k: { k: 'K1', kBound: true, kExposed: false } }))).toBeNull();
    expect(judge(optimizedHop(base.copy(), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', k: { k: 'K1', kExposed: true } }), 'key-separation')?.violations[0]?.message).toMatch(/readable/);
    expect(judge(optimizedHop(base.copy(), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', k: { k: 'K1', kBound: false } }), 'key-separation')?.violations[0]?.message).toMatch(/not the A-K-BIND derivation/);
    const twice = complete(optimizedHop(base.copy(), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2', k: { k: 'K1' } }), 'm1');
    optimizedHop(twice, 'm1', 'C', { nonceN: 'n3', nonceT: 't3', key: 'k3', k: { k: 'K1' } });
    expect(judge(twice, 'key-separation')?.violations[0]?.message).toMatch(/K K1 was sent to TPoS B and again to TPoS C/);
  });
});

describe('unauthorized source, replay, nonces, malformed PDUs', () => {
  const fromD = () => {
    const s = attach(new Script(), 'm1', 'D', 'k1', 'n1');
    s.step({ kind: 'handover', mn: 'm1', target: 'A', fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'D', 'm1', { nonceN: 'n2' }));
    });
    // D trusts A, so D (mistakenly or not) asks A; A does not trust D.
    s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.request', 'D', 'A', 'm1', { nonceN: 'n2' })));
    return s;
  };

  it('unauthorized-source is silent when the TPoS rejects, and fires when it accepts (5.14.1-S6)', () => {
    const ok = fromD().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'A', 'D', 'm1', { status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE', nonceN: 'n2' })));
    expect(judge(ok, 'unauthorized-source')).toBeNull();
    const bad = fromD().step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.pos('A').sas.push(sa('m1', 'k2', { idType: 3, depth: 1, state: 'prepared' }));
      h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'A', 'D', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2' }));
    });
    expect(judge(bad, 'unauthorized-source')?.violations[0]?.message).toMatch(/TPoS A installed an SA for MN m1 on a request from D/);
    const wrongReason = fromD().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'A', 'D', 'm1', { status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED', nonceN: 'n2' })));
    expect(judge(wrongReason, 'unauthorized-source')).not.toBeNull();
  });

  const withDuplicate = () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1');
    s.step({ kind: 'handover', mn: 'm1', target: 'B', fallback: false }, (d, h) => {
      h.mn('m1').lifecycle = 'waiting';
      h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n2' }));
    });
    s.step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.request', 'A', 'B', 'm1', { nonceN: 'n2' })));
    s.step({ kind: 'duplicate', index: 0 });
    s.step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.pos('B').sas.push(sa('m1', 'k2', { idType: 3, depth: 1, state: 'prepared' }));
      h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't2' }));
    });
    return s;
  };

  it('replay-rejected is silent on a rejected replay and fires on an accepted one (A-REPLAY)', () => {
    const ok = withDuplicate().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'm1', { status: 'REJECTED', reason: 'REPLAY', nonceN: 'n2' })));
    expect(judge(ok, 'replay-rejected')).toBeNull();
    const bad = withDuplicate().step({ kind: 'deliver', index: 0 }, (d, h) => {
      h.pos('B').sas = [sa('m1', 'k2b', { idType: 3, depth: 1, state: 'prepared' })];
      h.emit(pdu('MIS_N2N_Prereg_Xfer.response', 'B', 'A', 'm1', { status: 'SUCCESS', reason: 'NONE', nonceN: 'n2', nonceT: 't3' }));
    });
    expect(judge(bad, 'replay-rejected')?.violations[0]?.message).toMatch(/accepted a replayed/);
  });

  it('nonce-fresh fires when a TPoS reuses Nonce-T or an MN reuses Nonce-N (5.14.2-S7)', () => {
    const base = complete(optimizedHop(attach(new Script(), 'm1', 'A', 'k1', 'n1'), 'm1', 'B', { nonceN: 'n2', nonceT: 't2', key: 'k2' }), 'm1');
    expect(judge(optimizedHop(base.copy(), 'm1', 'C', { nonceN: 'n3', nonceT: 't2', key: 'k3' }), 'nonce-fresh')?.violations[0]?.message).toMatch(/B? sent MIS_N2N_Prereg_Xfer.response .*Nonce-T already used/);
    expect(judge(optimizedHop(base.copy(), 'm1', 'C', { nonceN: 'n2', nonceT: 't3', key: 'k3' }), 'nonce-fresh')?.violations[0]?.message).toMatch(/Nonce-N already used/);
  });

  it('malformed-no-effect is silent when a corrupted PDU is discarded and fires when it acts (A-TLV)', () => {
    const base = () => {
      const s = attach(new Script(), 'm1', 'A', 'k1', 'n1');
      s.step({ kind: 'handover', mn: 'm1', target: 'B', fallback: false }, (d, h) => {
        h.mn('m1').lifecycle = 'waiting';
        h.emit(pdu('MIS_Prereg_Xfer.request', 'm1', 'A', 'm1', { nonceN: 'n2' }));
      });
      return s.step({ kind: 'corrupt', index: 0, how: 'trailing' });
    };
    expect(judge(base().step({ kind: 'deliver', index: 0 }))).toBeNull();
    const acted = base().step({ kind: 'deliver', index: 0 }, (d, h) => h.emit(pdu('MIS_N2N_Prereg_Xfer.request', 'A', 'B', 'm1', { nonceN: 'n2' })));
    expect(judge(acted)?.violations[0]?.property).toBe('malformed-no-effect');
  });

  it('sa-provenance fires on an SA that no exchange made', () => {
    const s = attach(new Script(), 'm1', 'A', 'k1', 'n1').step({ kind: 'setFallbackPolicy', domain: 'C', on: true }, (d, h) => void h.pos('C').sas.push(sa('m1', 'kx', { state: 'prepared' })));
    expect(judge(s, 'sa-provenance')?.violations[0]?.message).toMatch(/PoS C installed an SA for m1 .* on stimulus setFallbackPolicy/);
  });
});
