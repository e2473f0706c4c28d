// The four adversaries of the lineage: a relabelling SPoS (TLS and GKB lineages), a compromised
// HPoS, and the MSK the PoS that ran the full EAP holds. Each property fails on a hand-built
// violating trace and holds on a benign one; the readings that hold are shown to hold on the
// same attack; the matrix's shortest counterexamples replay.
import { describe, expect, it } from 'vitest';
import { type AdvEvent, type AdvWorld, advEventLabel } from '../../model/adversary/attacked-world.ts';
import { lineageOfKey, rootOfKey } from '../../model/adversary/knowledge.ts';
import { mnContextOf } from '../../model/adversary/roles.ts';
import { kFromHome, usrkOf } from '../../model/keys.ts';
import type { Variant } from '../../model/variants.ts';
import { analyseScenario } from '../../harness/whatif/analyse.ts';
import { replayCounterexample } from '../../harness/whatif/replay-counterexample.ts';
import { buildSystem, type ScenarioKind } from '../../harness/whatif/scenarios.ts';
import { parseRemedy } from '../../harness/remedy/remedy.ts';
import { eapPosWithinClaim } from '../../properties/adversary/authenticator-msk.ts';
import { homeExposureScoped } from '../../properties/adversary/home-compromise.ts';
import { ADVERSARY_PROPERTIES, type AdversaryProperty } from '../../properties/adversary/index.ts';
import { noGkbOptimized, noTlsOptimized } from '../../properties/adversary/lineage-exclusion.ts';
import { witnessId } from '../../properties/adversary/witness.ts';

type Method = 'EAP' | 'ERP' | 'TLS';

function walk(kind: ScenarioKind, variant: Partial<Variant>, method: Method, script: readonly string[], chainLimit = 3): AdvWorld[] {
  const sys = buildSystem({ kind, chainLimit, variant, counter: 'V-COUNTER-MAC', method });
  const states = [sys.initial];
  let s = sys.initial;
  for (const l of script) {
    const e = sys.enabled(s).find((x: AdvEvent) => advEventLabel(x) === l);
    if (e === undefined) throw new Error(`${l} not enabled; enabled: ${sys.enabled(s).map(advEventLabel).join(', ')}`);
    s = sys.step(s, e);
    states.push(s);
  }
  return states;
}

/** The index of the first state the property fails on, or -1. */
const firstFailure = (p: AdversaryProperty, states: readonly AdvWorld[]): number => states.findIndex((s) => p.check(null, null, s) !== null);

const ATTACH_A = ['attach mn1 A', 'deliver 0', 'deliver 0'];
const PREPARE = ['handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0'];

describe('relabel: a compromised SPoS states EAP for a TLS lineage (5.14.2-N3)', () => {
  const attack = [...ATTACH_A, 'compromise A', 'relabel mn1', ...PREPARE];

  it('fails under the profile: the MN installs an optimized SA on its TLS lineage', () => {
    const states = walk('relabel', {}, 'TLS', attack);
    expect(firstFailure(noTlsOptimized, states)).toBe(states.length - 1);
    expect(noTlsOptimized.check(null, null, states.at(-1) as AdvWorld)).toMatch(/mn1 holds an optimized SA with B .* TLS lineage/);
  });

  it('holds without the lie (the SPoS answers TLS_ROOT, the MN runs TLS with B)', () => {
    const states = walk('relabel', {}, 'TLS', [...ATTACH_A, 'compromise A', 'handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0']);
    expect(firstFailure(noTlsOptimized, states)).toBe(-1);
    expect(mnContextOf((states.at(-1) as AdvWorld).world, 0)?.prepared?.idType).toBe(0);
  });

  it('V-TLS-MN: the MN refuses the K and runs TLS with B; V-K-HPOS-EMSK: the home has no EAP root', () => {
    const mn = walk('relabel', { tls: 'V-TLS-MN' }, 'TLS', [...attack, 'deliver 0', 'deliver 0']);
    expect(firstFailure(noTlsOptimized, mn)).toBe(-1);
    expect(mnContextOf((mn.at(-1) as AdvWorld).world, 0)?.prepared?.idType).toBe(0);
    const home = walk('relabel', { kSource: 'V-K-HPOS-EMSK' }, 'TLS', attack);
    expect(firstFailure(noTlsOptimized, home)).toBe(-1);
  });

  it('V-TLS-PROTOCOL: the lie is the method of the MN request, read as EAP', () => {
    const states = walk('relabel', { tls: 'V-TLS-PROTOCOL' }, 'TLS', [...ATTACH_A, 'compromise A', 'handover mn1 (select)', 'relabel mn1 request 0', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0']);
    expect(firstFailure(noTlsOptimized, states)).toBe(states.length - 1);
  });
});

describe('the GKB twin (5.14.2-N2a)', () => {
  it('the world starts on a GKB-generated SA whose key rests on a group key block', () => {
    const s0 = walk('gkb', {}, 'EAP', [])[0] as AdvWorld;
    const sa = mnContextOf(s0.world, 0)?.serving;
    expect(sa?.idType).toBe(2);
    expect(lineageOfKey(sa?.key.id ?? '')).toBe('GKB');
  });

  it('fails when the compromised SPoS relabels the lineage, holds when it does not', () => {
    const bad = walk('gkb', {}, 'EAP', ['compromise A', 'relabel mn1', ...PREPARE]);
    expect(firstFailure(noGkbOptimized, bad)).toBe(bad.length - 1);
    const honest = walk('gkb', {}, 'EAP', ['compromise A', ...PREPARE]);
    expect(firstFailure(noGkbOptimized, honest)).toBe(-1);
    // NOT_EAP_ROOT: the MN ran a full EAP with B instead.
    expect(mnContextOf((honest.at(-1) as AdvWorld).world, 0)?.prepared?.idType).toBe(1);
  });

  it('holds under V-TLS-MN and V-K-HPOS-EMSK on the same attack', () => {
    for (const variant of [{ tls: 'V-TLS-MN' }, { kSource: 'V-K-HPOS-EMSK' }] as const) {
      expect(firstFailure(noGkbOptimized, walk('gkb', variant, 'EAP', ['compromise A', 'relabel mn1', ...PREPARE]))).toBe(-1);
    }
  });
});

describe('a compromised HPoS: the exact claim, and its measured exposure', () => {
  const script = ['attach mn1 A', 'deliver 0', 'deliver 0', 'attach mn2 A', 'deliver 0', 'deliver 0', 'compromise H'];

  it('holds on a real compromise, whose witness names the exposure of its own subscriber', () => {
    const s = walk('home', {}, 'EAP', script).at(-1) as AdvWorld;
    expect(homeExposureScoped.check(null, null, s)).toBeNull();
    expect(homeExposureScoped.witness?.(s)).toMatch(/H computes the MISK of mn1–A/);
    expect(s.adv.exposed).toHaveLength(1);
  });

  it('fails on a hand-built state where H reaches an MN of home H2', () => {
    const s = walk('home', {}, 'EAP', script).at(-1) as AdvWorld;
    const mn2Key = mnContextOf(s.world, 1)?.serving?.key.id as string;
    const forged: AdvWorld = { world: s.world, adv: { ...s.adv, exposed: [...s.adv.exposed, mn2Key].sort() } };
    expect(homeExposureScoped.check(null, null, forged)).toMatch(/mn2's SA with A, an MN of home H2/);
  });

  it('a TLS subscriber is not exposed at all', () => {
    const s = walk('home', {}, 'TLS', script).at(-1) as AdvWorld;
    expect(s.adv.exposed).toHaveLength(0);
  });
});

describe('the MSK the PoS that ran the full EAP holds (RFC 5247)', () => {
  const script = ['attach mn1 P0', 'deliver 0', 'deliver 0', 'compromise P0', 'handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0'];
  const run = (variant: Partial<Variant>): AdvWorld[] => walk('ring', variant, 'EAP', script);
  const HOP = ['handover mn1 (select)', 'deliver 0', 'deliver 0', 'deliver 0', 'deliver 0', 'complete mn1', 'deliver 0', 'deliver 0'];

  it('the compromised authenticator holds the MSK besides the MISK', () => {
    const s = run({}).at(-1) as AdvWorld;
    expect(s.adv.known.some((k) => k.startsWith('MSK('))).toBe(true);
  });

  it('K from the SPoS: the first hop is within Note 4\'s bound; a rewound counter takes it to L + 1', () => {
    expect(firstFailure(eapPosWithinClaim, run({}))).toBe(-1);
    const states = walk('ring', {}, 'EAP', ['attach mn1 P0', 'deliver 0', 'deliver 0', 'compromise P0', 'rewind mn1', ...HOP, ...HOP, ...PREPARE], 2);
    expect(firstFailure(eapPosWithinClaim, states)).toBe(states.length - 1);
    expect(eapPosWithinClaim.check(null, null, states.at(-1) as AdvWorld)).toMatch(/3 optimized hops into the lineage \(L = 2\)/);
    const ranged = walk('ring', { counterRange: 'V-COUNTER-RANGE' }, 'EAP', ['attach mn1 P0', 'deliver 0', 'deliver 0', 'compromise P0', ...HOP, ...HOP, ...PREPARE], 2);
    expect(firstFailure(eapPosWithinClaim, ranged)).toBe(-1);
  });

  it('V-K-HPOS: the first later SA already breaks "the SPoS never knows K" (K from the MSK)', () => {
    const states = run({ kSource: 'V-K-HPOS' });
    expect(firstFailure(eapPosWithinClaim, states)).toBe(states.length - 1);
    expect(eapPosWithinClaim.check(null, null, states.at(-1) as AdvWorld)).toMatch(/whose K came from the home/);
  });

  it('holds under V-K-HPOS-EMSK: K rests on a USRK the authenticator never sees', () => {
    const states = run({ kSource: 'V-K-HPOS-EMSK' });
    expect(firstFailure(eapPosWithinClaim, states)).toBe(-1);
    expect((states.at(-1) as AdvWorld).adv.exposed).toHaveLength(0);
    const k = kFromHome('MSK(mn1|H|#0|#2)', 'EAP', 1, 'mn1', 'H', 'P1', '#5', true);
    expect(rootOfKey(k.id)).toBe(usrkOf('MSK(mn1|H|#0|#2)'));
    expect(lineageOfKey(k.id)).toBe('EAP');
  });

  it('the remedy file names the EMSK option and the MN\'s lineage check', () => {
    const r = parseRemedy({ format: 'proauth-remedy/1', id: 'EMSK', enforce: ['SPoS', 'TPoS'], kSource: 'hpos-emsk', tlsExclusion: 'mn' });
    expect([r.variant.kSource, r.variant.tls]).toEqual(['V-K-HPOS-EMSK', 'V-TLS-MN']);
  });
});

describe('the shortest counterexamples replay', () => {
  const cases: [ScenarioKind, Partial<Variant>, Method, string][] = [
    ['relabel', {}, 'TLS', noTlsOptimized.id],
    ['gkb', {}, 'EAP', noGkbOptimized.id],
    ['ring', { kSource: 'V-K-HPOS' }, 'EAP', eapPosWithinClaim.id],
    ['home', {}, 'EAP', witnessId(homeExposureScoped.id)],
  ];
  it.each(cases)('%s %j: %s', (kind, variant, method, property) => {
    const spec = { kind, chainLimit: 3, variant, counter: 'V-COUNTER-MAC' as const, method };
    const c = analyseScenario(spec).counterexamples.find((x) => x.property === property);
    expect(c).toBeDefined();
    const out = replayCounterexample({ format: 'proauth-whatif-cex/1', id: 'x', property, message: c?.message ?? '', requirements: [], spec, trace: c?.trace ?? [] });
    expect(out.reproduced).toBe(true);
  });

  it('every new property is registered once', () => {
    const ids = ADVERSARY_PROPERTIES.map((p) => p.id);
    for (const p of [noTlsOptimized, noGkbOptimized, homeExposureScoped, eapPosWithinClaim]) expect(ids.filter((x) => x === p.id)).toHaveLength(1);
  });
});
