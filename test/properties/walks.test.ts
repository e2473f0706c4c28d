// The catalogue on whole runs: every property holds at every step of random walks over the
// model's enabled events (a violation here is a model or specification finding), and the same
// walks replayed on the reference implementation hold too.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { describeStimulus } from '../../harness/enabled.ts';
import type { Observation, Stimulus } from '../../vocabulary/observation.ts';
import { initialFacts, judgeStep, type TraceFacts } from '../../properties/index.ts';
import { loadBase } from '../mutants/build.ts';

let impl: ImplModule;
beforeAll(async () => {
  impl = await loadBase();
});

/** Walks the model with `picks` (each a fraction choosing among enabled events, deliveries favoured). */
function walk(picks: readonly number[]): Stimulus[] {
  const m = new ModelOracle();
  m.reset(DEFAULT_WORLD, 0);
  const trace: Stimulus[] = [];
  for (const p of picks) {
    const en = m.enabled();
    const progress = en.filter((s) => s.kind === 'deliver' || s.kind === 'complete');
    const pool = progress.length > 0 && p < 0.5 ? progress : en;
    const s = pool[Math.floor(((p * 2) % 1) * pool.length)]!;
    trace.push(s);
    m.apply(s);
  }
  return trace;
}

function judgeAll(observations: readonly Observation[], trace: readonly Stimulus[]): string | null {
  let facts: TraceFacts = initialFacts(DEFAULT_WORLD);
  let v = judgeStep(DEFAULT_WORLD, facts, null, null, observations[0]!);
  for (let i = 0; ; i++) {
    const first = v.violations[0];
    if (first !== undefined) return `${first.property} after ${trace.slice(0, i).map(describeStimulus).join(', ')}: ${first.message}`;
    if (i === trace.length) return null;
    facts = v.facts;
    v = judgeStep(DEFAULT_WORLD, facts, observations[i]!, trace[i]!, observations[i + 1]!);
  }
}

const picks = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 20, maxLength: 80 });

describe('the catalogue along random runs', () => {
  it('holds on the model', () => {
    fc.assert(
      fc.property(picks, (ps) => {
        const trace = walk(ps);
        const m = new ModelOracle();
        m.reset(DEFAULT_WORLD, 0);
        const obs = [m.observe()];
        for (const s of trace) {
          m.apply(s);
          obs.push(m.observe());
        }
        expect(judgeAll(obs, trace)).toBeNull();
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('holds on the reference implementation', () => {
    fc.assert(
      fc.property(picks, (ps) => {
        const trace = walk(ps);
        const a = new ReferenceAdapter(impl);
        a.reset(DEFAULT_WORLD, 3);
        const obs = [a.observe()];
        for (const s of trace) {
          a.apply(s);
          obs.push(a.observe());
        }
        expect(judgeAll(obs, trace)).toBeNull();
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});
