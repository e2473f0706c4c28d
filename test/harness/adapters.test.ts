// The two adapters read their side the same way: nonces as names, corruption marks, the TPoS a
// preregistration answer names, and K evidence (class/fingerprint of K and its binding).
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { loadBase, loadMutant } from '../mutants/build.ts';
import { MUTANTS } from '../mutants/catalogue.ts';

let impl: ImplModule;
beforeAll(async () => {
  impl = await loadBase();
});

const deliverAll = (apply: (s: Stimulus) => void, observe: () => Observation, mn: string): void => {
  for (let i = 0; i < 20; i++) {
    const at = observe().inFlight.findIndex((p) => p.mn === mn);
    if (at === -1) return;
    apply({ kind: 'deliver', index: at });
  }
};

/** mn1 attaches at A and hops A → B → C (optimized both times), stopping before each completion. */
function story(a: { apply(s: Stimulus): void; observe(): Observation }): Observation[] {
  const seen: Observation[] = [];
  const apply = (s: Stimulus) => {
    a.apply(s);
    seen.push(a.observe());
  };
  apply({ kind: 'attach', mn: 'mn1', domain: 'A' });
  deliverAll(apply, () => a.observe(), 'mn1');
  for (const target of ['B', 'C']) {
    apply({ kind: 'handover', mn: 'mn1', target, fallback: false });
    deliverAll(apply, () => a.observe(), 'mn1');
    apply({ kind: 'complete', mn: 'mn1' });
    deliverAll(apply, () => a.observe(), 'mn1');
  }
  return seen;
}

const n2nRequests = (seen: Observation[]) => seen.flatMap((o) => o.inFlight.filter((p) => p.type === 'MIS_N2N_Prereg_Xfer.request'));

describe('ModelOracle', () => {
  it('offers the network faults and marks corrupted PDUs', () => {
    const m = new ModelOracle();
    m.reset(DEFAULT_WORLD, 0);
    m.apply({ kind: 'attach', mn: 'mn1', domain: 'A' });
    const kinds = new Set(m.enabled().map((s) => s.kind));
    for (const k of ['deliver', 'drop', 'duplicate', 'corrupt', 'setFallbackPolicy', 'attach']) expect(kinds.has(k as Stimulus['kind'])).toBe(true);
    m.apply({ kind: 'corrupt', index: 0, how: 'unknown-tlv' });
    expect(m.observe().inFlight[0]).toMatchObject({ type: 'MIS_Auth.request', corrupted: true });
    expect(m.enabled().some((s) => s.kind === 'corrupt')).toBe(false);
  });

  it('shows nonces, K classes bound to their TPoS, and the TPoS of an answer', () => {
    const m = new ModelOracle();
    m.reset(DEFAULT_WORLD, 0);
    const seen = story(m);
    const reqs = n2nRequests(seen);
    expect(reqs.map((p) => p.dst)).toEqual(['B', 'C']);
    for (const p of reqs) expect(p).toMatchObject({ kBound: true, k: expect.any(String), nonceN: expect.any(String) });
    expect(reqs[0]!.k).not.toBe(reqs[1]!.k);
    expect(seen.flatMap((o) => o.inFlight).find((p) => p.type === 'MIS_Prereg_Xfer.response')).toMatchObject({ tpos: 'B', status: 'SUCCESS' });
  });
});

describe('ReferenceAdapter', () => {
  it('decodes the wire: hex nonces, statuses, the TPoS of an answer, corruption marks', () => {
    const a = new ReferenceAdapter(impl);
    a.reset(DEFAULT_WORLD, 1);
    const seen = story(a);
    const ans = seen.flatMap((o) => o.inFlight).find((p) => p.type === 'MIS_Prereg_Xfer.response')!;
    expect(ans).toMatchObject({ status: 'SUCCESS', reason: 'NONE', tpos: 'B' });
    expect(ans.nonceN).toMatch(/^[0-9a-f]{64}$/);
    expect(ans.nonceT).toMatch(/^[0-9a-f]{64}$/);
    a.apply({ kind: 'handover', mn: 'mn1', target: 'A', fallback: false });
    a.apply({ kind: 'corrupt', index: 0, how: 'truncate' });
    expect(a.observe().inFlight[0]).toMatchObject({ type: 'MIS_Prereg_Xfer.request', corrupted: true });
  });

  it('reads K off the N2N request with the provisioned MIS SA key, and checks its binding from the second hop on', () => {
    const a = new ReferenceAdapter(impl);
    a.reset(DEFAULT_WORLD, 1);
    const reqs = n2nRequests(story(a));
    expect(reqs[0]).toMatchObject({ k: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(reqs[0]!.kBound).toBeUndefined(); // the MISK of a full establishment is not the tester's to know
    expect(reqs[1]).toMatchObject({ kBound: true });
  });

  it('tells an unbound K and a K sent in clear', async () => {
    const unbound = new ReferenceAdapter(await loadMutant(MUTANTS.find((m) => m.name === 'k-not-bound-to-tpos')!));
    unbound.reset(DEFAULT_WORLD, 1);
    expect(n2nRequests(story(unbound))[1]).toMatchObject({ kBound: false });
    const clear = new ReferenceAdapter(await loadMutant(MUTANTS.find((m) => m.name === 'k-sent-unprotected')!));
    clear.reset(DEFAULT_WORLD, 1);
    const answers = story(clear).flatMap((o) => o.inFlight).filter((p) => p.type === 'MIS_N2N_Prereg_Xfer.response');
    expect(answers[0]).toMatchObject({ kExposed: true });
  });
});
