// Scripted scenarios on which the model and the reference implementation must agree, replayed
// in lockstep exactly as a conformance run would (every property on both sides, comparison
// after every step). Each is the minimal form of a disagreement the conformance runs found; the
// comment says which reading of docs/protocol.md each side took when it was found.
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { formatTrace } from '../../harness/format.ts';
import { ConformanceFailure, Lockstep } from '../../harness/lockstep.ts';
import type { Stimulus } from '../../vocabulary/observation.ts';
import { loadBase } from '../mutants/build.ts';

let impl: ImplModule;
beforeAll(async () => {
  impl = await loadBase();
});

const d = (index = 0): Stimulus => ({ kind: 'deliver', index });
const attachA: Stimulus[] = [{ kind: 'attach', mn: 'mn1', domain: 'A' }, d(), d()];

/** Replays `trace` in lockstep; the failure message if model and SUT part ways, else null. */
async function replay(trace: readonly Stimulus[]): Promise<string | null> {
  const ls = await Lockstep.start({ config: DEFAULT_WORLD, seed: 1, oracle: new ModelOracle(), sut: new ReferenceAdapter(impl) });
  try {
    for (const s of trace) await ls.step(s);
    return null;
  } catch (e) {
    if (e instanceof ConformanceFailure) return `${e.message}\n${formatTrace(e.trace, e.observations)}`;
    throw e;
  }
}

describe('model and reference agree', () => {
  it('on a network copy of a preregistration request the SPoS already answered (§3: discarded)', async () => {
    // Found: the reference discards it (replay cache of (MN, Nonce-N)); the model answered again.
    const trace: Stimulus[] = [...attachA, { kind: 'handover', mn: 'mn1', target: 'D', fallback: false }, { kind: 'duplicate', index: 0 }, d(), d(), d(), d()];
    expect(await replay(trace)).toBeNull();
  });

  it('on a handover back to a PoS whose completion indication was lost (§2: one SA per PoS and MN)', async () => {
    // Found: the model kept the stale serving SA next to the new prepared one.
    const toB: Stimulus[] = [{ kind: 'handover', mn: 'mn1', target: 'B', fallback: false }, d(), d(), d(), d(), { kind: 'complete', mn: 'mn1' }, d()];
    const trace: Stimulus[] = [...attachA, ...toB, { kind: 'drop', index: 0 }, { kind: 'handover', mn: 'mn1', target: 'A', fallback: false }, d(), d(), d(), d(), { kind: 'complete', mn: 'mn1' }, d(), d()];
    expect(await replay(trace)).toBeNull();
  });

  it('on attaching again after an attachment whose answer was lost (§5: a new full establishment)', async () => {
    // Found: the model's PoS ignored the new MIS_Auth.request (it still held the first SA), so the
    // MN could never attach there again.
    const trace: Stimulus[] = [{ kind: 'attach', mn: 'mn1', domain: 'A' }, d(), { kind: 'drop', index: 0 }, { kind: 'abort', mn: 'mn1' }, ...attachA];
    expect(await replay(trace)).toBeNull();
  });
});
