// Exploration runs the statecharts through a per-machine memo (harness/explore/machine-memo.ts),
// which answers from a cache keyed by token-localized snapshots. The explorer's verdicts are only
// worth something if every answer equals XState's own (the model steps through the machine's own
// `transition` in a kept scope): checked here on the calls of random walks,
// cache hits included, by asking XState directly on the same snapshot and event.
import { afterAll, describe, expect, it } from 'vitest';
import { transition, type AnyStateMachine } from 'xstate';
import { transitionId, type LocalSnapshot, type RoleMachine } from '../../model/machines/machine-step.ts';
import { DEFAULT_MEMO_CAPACITY, installMachineMemo, machineMemoFigures, MemoizedMachine, memoOf, setMachineMemoCapacity } from '../../harness/explore/machine-memo.ts';
import { explore, type ExploreReport } from '../../harness/explore/explore.ts';
import { forgetMachines, machinesFor } from '../../model/world/machines.ts';
import type { MachineAnswer } from '../../model/machines/machine-step.ts';
import { canonicalJson } from '../../model/world/canonical.ts';
import { enabled, initialWorld, step, type World } from '../../model/world/world.ts';
import { exploreWorld } from '../../harness/explore/worlds.ts';
import { starWorld } from './world-helpers.ts';
import { prng } from '../model/fixtures.ts';

interface Call {
  readonly logic: AnyStateMachine;
  readonly snapshot: LocalSnapshot;
  readonly event: { readonly type: string };
  readonly result: MachineAnswer;
}

const calls: Call[] = [];
const original = MemoizedMachine.prototype.run;
MemoizedMachine.prototype.run = function (this: MemoizedMachine, snapshot, event) {
  const result = original.call(this, snapshot, event);
  if (calls.length < 20_000) calls.push({ logic: this.logic, snapshot, event, result });
  return result;
};
afterAll(() => {
  MemoizedMachine.prototype.run = original;
});

/** XState's own answer, without the memo. */
function direct(c: Call): { snapshot: string; emitted: string; fired: string } {
  const resolved = c.logic.resolveState({ value: c.snapshot.value, context: c.snapshot.context });
  // XState's own choice of transitions (not public API: the model derives it, this checks it).
  const taken = c.logic.getTransitionData(resolved, c.event);
  if (taken.length === 0) return { snapshot: canonicalJson(c.snapshot), emitted: '[]', fired: '[]' };
  const [next, actions] = transition(c.logic, resolved, c.event);
  const emitted = (actions as readonly { type: string; params?: { event?: unknown } }[]).filter((a) => a.type === 'xstate.emit').map((a) => a.params?.event);
  return { snapshot: canonicalJson({ value: next.value, context: next.context }), emitted: canonicalJson(emitted), fired: canonicalJson(taken.map(transitionId)) };
}

describe('the memoized statecharts answer like XState', () => {
  it('on every machine call of seeded random walks (default and star worlds, faults on, two variants)', () => {
    installMachineMemo();
    const rnd = prng(2024);
    const worlds = [
      initialWorld(exploreWorld(), {}, {}),
      //= SPEC_MAPPING.md#V-K-SHARED
      //= type=test
      //# One K per MN–SPoS SA, handed to every candidate TPoS, bound to neither the TPoS nor the
      //# request.
      //= SPEC_MAPPING.md#V-ENFORCE-TPOS
      //= type=test
      //# Only the TPoS checks the depth carried in MIS_N2N_Prereg_Xfer (depth > L → CHAIN_LIMIT).
      initialWorld(exploreWorld(), { kScope: 'V-K-SHARED', enforce: 'V-ENFORCE-TPOS' }, {}),
      initialWorld(starWorld, {}, {}),
    ];
    for (const w0 of worlds) {
      for (let walk = 0; walk < 60; walk++) {
        let w: World = w0;
        for (let i = 0; i < 60; i++) {
          const es = enabled(w);
          const e = es[Math.floor(rnd() * es.length)];
          if (e === undefined) break;
          w = step(w, e);
        }
      }
    }
    expect(calls.length).toBeGreaterThan(2000);
    for (const c of calls) {
      const d = direct(c);
      expect(canonicalJson(c.result.snapshot)).toBe(d.snapshot);
      expect(canonicalJson(c.result.emitted)).toBe(d.emitted);
      expect(canonicalJson(c.result.fired)).toBe(d.fired);
    }
  });
});

describe('the memo is bounded', () => {
  it('keeps at most its capacity of answers per machine, least recently used out, and the exploration does not change', () => {
    const options = { shape: 'chain' as const, domains: 3, limit: 2, measureRetainedHeap: false };
    const summary = (r: ExploreReport): unknown => [r.distinctStates, r.transitions, r.levelSizes, r.counterexamples, r.coverage];
    /** The answers each machine of the explored world holds. */
    const sizes = (r: ExploreReport): number[] => {
      const w = initialWorld(r.world, r.variant, { faults: r.faults });
      const m = machinesFor(w.config, w.variant);
      const all: RoleMachine[] = [...m.mn, ...m.hpos, ...m.spos.flat(), ...m.tpos.flat()];
      return all.map((x) => memoOf(x).size);
    };
    const run = (capacity: number): { r: ExploreReport; figures: ReturnType<typeof machineMemoFigures>; sizes: number[] } => {
      const previous = setMachineMemoCapacity(capacity);
      try {
        forgetMachines();
        machineMemoFigures(true);
        const r = explore(options);
        return { r, figures: machineMemoFigures(true), sizes: sizes(r) };
      } finally {
        setMachineMemoCapacity(previous);
      }
    };
    const unbounded = run(Infinity);
    const bounded = run(64);
    expect(summary(bounded.r)).toEqual(summary(unbounded.r));
    // Eight machines: an MN, its HPoS role, an SPoS and a TPoS role at each of three PoSs.
    expect(bounded.sizes).toHaveLength(8);
    expect(Math.max(...unbounded.sizes)).toBeGreaterThan(64);
    expect(Math.max(...bounded.sizes)).toBeLessThanOrEqual(64);
    expect(bounded.figures.evicted).toBeGreaterThan(0);
    expect(unbounded.figures.evicted).toBe(0);
    // Every call is answered one way: by object, by text, or by XState.
    for (const f of [bounded.figures, unbounded.figures]) expect(f.objectHits + f.textHits + f.misses).toBe(f.calls);
    expect(bounded.figures.misses).toBeGreaterThan(unbounded.figures.misses);
    expect(() => setMachineMemoCapacity(0)).toThrowError(RangeError);
    expect(setMachineMemoCapacity(DEFAULT_MEMO_CAPACITY)).toBe(DEFAULT_MEMO_CAPACITY);
  });
});
