// The machines' transitions are also taken inside the composed world: seeded random walks over
// a few worlds (default readings and the variants that own a transition), recording the
// transitions fired in each step. The transitions no world of the profile can reach are listed
// with the reason, and the test fails if one of them is reached after all (the list stays true).

import { describe, expect, it } from 'vitest';
import { allTransitionIds } from '../../harness/explore/machine-memo.ts';
import type { ModelWorldConfig } from '../../model/types.ts';
import type { Variant } from '../../model/variants.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { machinesFor } from '../../model/world/machines.ts';
import { enabled, initialWorld, stepWithRecord, type World } from '../../model/world/world.ts';
import { domain, mnConfig, partnerRing, prng } from './fixtures.ts';

/** Reachable only outside the profile's worlds; the reason is the finding. */
const UNREACHABLE_IN_PROFILE: Record<string, string> = {
  'spos.serving:MIS_Prereg_Xfer.request:4':
    'NOT_EAP_ROOT needs an SA rooted in GKB, and no stimulus of the profile establishes one (methods are EAP, ERP, TLS)',
  'hpos.noRoot:issueK:0':
    'the HPoS is asked for K (V-K-HPOS) only for an SA the SPoS let through; a lineage without an EAP/ERP root is TLS, refused TLS_ROOT first',
  'tpos.awaitingHomeKey:homeKeyRefused:0': 'the answer to the request above',
  //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
  //= type=test
  //# An MN that set the fallback flag refuses an optimized SA
  'mn.attached.preregistering:MIS_Prereg_Xfer.response:0':
    'an honest SPoS answers a request with the fallback flag MN_REQUESTED; only a compromised one (model/adversary) grants it an optimized SA',
  //= SPEC_MAPPING.md#V-FALLBACK-SEEN
  //= type=test
  //# MIS_N2N_Prereg_Xfer.request carries the MN's fallback flag
  'tpos.ready:MIS_N2N_Prereg_Xfer.request:2':
    'an honest SPoS never forwards a request whose MN flag is set (it answers MN_REQUESTED), and a compromised one clears the flag first',
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //= type=test
  //# A PoS that serves the MN refuses to be its TPoS
  'spos:takeOver:0':
    'under V-TPOS-SERVING-REFUSES a PoS that serves the MN prepares no SA for it, so only a forged completion (model/adversary) meets its serving SA',
  'hpos.noRoot:authenticate:0':
    'A-ERP-SEQ: a world gives the MN and its HPoS one start, so an HPoS with no SEQ left before any run has an MN with none either, which runs EAP',
};

const mixed: ModelWorldConfig = {
  chainLimit: 2,
  domains: [
    domain('A', { neighbours: ['C', 'B', 'D'], partners: ['B', 'D'] }),
    domain('B', { neighbours: ['A', 'C'], partners: ['A', 'C'], suites: [2] }),
    domain('C', { neighbours: ['B'], partners: ['A', 'B'], rats: ['lte'] }),
    domain('D', { neighbours: ['A'], partners: [], requestsFallback: true }),
  ],
  mns: [
    mnConfig('mn1', { suites: [1, 2] }),
    mnConfig('mn2', { home: 'B', method: 'TLS', rats: ['lte'] }),
    mnConfig('mn3', { home: 'C', method: 'ERP', rats: ['none'], suites: [1] }),
  ],
};

const worlds: [string, ModelWorldConfig, Partial<Variant>][] = [
  ['ring, default', partnerRing({ chainLimit: 1, mns: [mnConfig('mn1'), mnConfig('mn2', { method: 'TLS' })] }), {}],
  ['mixed, default', mixed, {}],
  ['mixed, V-NOTE1-LITERAL', mixed, { note1: 'V-NOTE1-LITERAL' }],
  ['ring, V-ENFORCE-MN', partnerRing({ chainLimit: 1 }), { enforce: 'V-ENFORCE-MN' }],
  ['ring, V-ENFORCE-TPOS', partnerRing({ chainLimit: 1 }), { enforce: 'V-ENFORCE-TPOS' }],
  ['mixed, V-K-HPOS', mixed, { kSource: 'V-K-HPOS' }],
  // a preparation that overtakes the completion indication meets the stale SA of the old SPoS.
  ['ring, V-TPOS-SERVING-REFUSES', partnerRing({ chainLimit: 2, domains: ['A', 'B'] }), { tposServing: 'V-TPOS-SERVING-REFUSES' }],
  //= SPEC_MAPPING.md#A-ERP-SEQ
  //= type=test
  //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
  //# provision the start per MN (default 0)
  // ERP MNs one run from the end of their SEQ space, at home and visiting.
  ['ring, ERP SEQ near its end', partnerRing({ chainLimit: 1, mns: [mnConfig('mn1', { method: 'ERP', erpSeqStart: 65535 }), mnConfig('mn2', { home: 'B', method: 'ERP', erpSeqStart: 65534 })] }), {}],
  // Every handover a full establishment, so a lost answer (the drift) meets the last SEQ.
  ['ring of 2, L = 0, ERP SEQ near its end', partnerRing({ chainLimit: 0, domains: ['A', 'B'], mns: [mnConfig('mn1', { method: 'ERP', erpSeqStart: 65534 })] }), {}],
  ['one domain, the last ERP SEQ', partnerRing({ domains: ['A'], mns: [mnConfig('mn1', { method: 'ERP', erpSeqStart: 65535 })] }), {}],
];

/** A walk that prefers progress: deliveries and MN stimuli mostly, policy changes and faults sometimes. */
function walk(start: World, steps: number, seed: number, fired: Set<string>): void {
  const rand = prng(seed);
  const weight = (e: WorldEvent): number => {
    switch (e.kind) {
      case 'deliver': return 8;
      case 'setFallbackPolicy': return 0.3;
      case 'drop': case 'duplicate': return 0.4;
      case 'corrupt': return 0.1;
      default: return 4;
    }
  };
  let w = start;
  for (let i = 0; i < steps; i++) {
    const es = enabled(w);
    let x = rand() * es.reduce((t, e) => t + weight(e), 0);
    let e = es[es.length - 1] as WorldEvent;
    for (const c of es) {
      x -= weight(c);
      if (x < 0) {
        e = c;
        break;
      }
    }
    const r = stepWithRecord(w, e);
    for (const f of r.record.fired) fired.add(f.transition);
    w = r.world;
  }
}

describe('the machines inside the composed world', () => {
  it('every transition of every machine fires on some walk, except the ones the profile cannot reach', () => {
    const fired = new Set<string>();
    let steps = 0;
    for (const [, config, variant] of worlds) {
      for (let seed = 1; seed <= 20; seed++) {
        walk(initialWorld(config, variant), 150, seed, fired);
        steps += 150;
      }
    }
    const m = machinesFor(partnerRing(), initialWorld(partnerRing()).variant);
    const kinds = { mn: m.mn[0], spos: m.spos[0]?.[0], tpos: m.tpos[0]?.[0], hpos: m.hpos[0] };
    const missing: string[] = [];
    for (const [kind, machine] of Object.entries(kinds)) {
      if (machine === undefined) throw new Error(kind);
      const all = allTransitionIds(machine.logic);
      const hit = all.filter((t) => fired.has(t));
      console.log(`${kind}: ${hit.length}/${all.length} transitions fired in the world (${steps} steps over ${worlds.length} worlds)`);
      missing.push(...all.filter((t) => !fired.has(t)));
    }
    for (const t of missing) if (t in UNREACHABLE_IN_PROFILE) console.log(`  not reachable in the profile: ${t}: ${UNREACHABLE_IN_PROFILE[t]}`);
    expect(missing.filter((t) => !(t in UNREACHABLE_IN_PROFILE))).toEqual([]);
    expect(Object.keys(UNREACHABLE_IN_PROFILE).filter((t) => fired.has(t))).toEqual([]);
  });
});
