// How the CLI drives runConformance: the allow filter keeps a single-role SUT out of roles it
// does not implement, onStep sees every generated step, a broken SUT process poisons the
// adapter (verdict error, no waiting on a dead process while shrinking), and a TPoS-only SUT
// is never the SPoS of a handover.
import { describe, expect, it } from 'vitest';
import { ReferenceAdapter } from '../../harness/adapters/reference-adapter.ts';
import { ReferenceOracle } from '../../harness/adapters/reference-oracle.ts';
import { runConformance } from '../../harness/conformance.ts';
import { CliSutAdapter, runSeed } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import type { Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import { REFERENCE_PICS } from '../../harness/pics/pics.ts';
import { worldFor } from '../../harness/pics/pics-world.ts';
import { HybridWorld, roleAllows } from '../../harness/sut-process/hybrid.ts';
import { SutError } from '../../harness/sut-process/errors.ts';
import * as impl from '../../impl/system.ts';

describe('runConformance hooks', () => {
  it('allow narrows the enabled stimuli; onStep sees every step of the generated runs', async () => {
    const seen: Stimulus[] = [];
    const r = await runConformance({
      sut: () => new ReferenceAdapter(impl),
      oracle: () => new ReferenceOracle(impl),
      seed: 5,
      runs: 6,
      allow: (_o, s) => s.kind !== 'handover',
      onStep: (s, o) => {
        expect(o.sut).not.toBeNull();
        seen.push(s);
      },
    });
    expect(r.verdict).toBe('pass');
    expect(seen.length).toBe(r.steps);
    expect(seen.some((s) => s.kind === 'attach')).toBe(true);
    expect(seen.some((s) => s.kind === 'handover')).toBe(false);
    expect(r.stats.stimuli['handover'] ?? 0).toBe(0);
  });
});

/** The reference world, except that the process "crashes" at the 5th stimulus. */
class CrashingWorld {
  calls = 0;
  readonly inner = new HybridWorld({ roles: [] });
  reset(config: WorldConfig, seed: number): Promise<void> {
    this.calls++;
    return this.inner.reset(config, seed);
  }
  async apply(s: Stimulus): Promise<void> {
    this.calls++;
    if (this.calls >= 6) throw new SutError('crash', 'SUT process exited (code 7)');
    await this.inner.apply(s);
  }
  observe(): Observation {
    return this.inner.observe();
  }
}

describe('the CLI adapter', () => {
  it('a broken SUT process poisons it: verdict error, not fail, and no call after the fault', async () => {
    const opened = await openSut({ timeoutMs: 1000 });
    const world = new CrashingWorld();
    const adapter = new CliSutAdapter(world, 'crashing');
    const r = await runSeed(opened, adapter, 3, { steps: 40, model: true });
    expect(r.counterexample).toBeUndefined();
    expect(r.error).toBe('SUT crash: SUT process exited (code 7)');
    expect(world.calls).toBe(6);
    await opened.close();
  });

  it('a TPoS-only SUT is never asked to be the SPoS: no handover away from its PoS', async () => {
    const config = worldFor(REFERENCE_PICS);
    const allow = (o: Observation, s: Stimulus): boolean => roleAllows(['TPoS'], ['B'], o, config, s);
    const opened = await openSut({ timeoutMs: 1000 });
    const adapter = new CliSutAdapter(opened.adapter, 'reference');
    let handovers = 0;
    let prev: Observation | null = null;
    const r = await runConformance({
      sut: () => adapter,
      config,
      seed: 9,
      runs: 20,
      allow,
      onStep: (s, o) => {
        if (s.kind === 'handover') {
          handovers++;
          const from = prev?.mns.find((m) => m.id === s.mn)?.attachedTo;
          expect(from).not.toBe('B');
        }
        prev = o.sut;
      },
    });
    expect(r.verdict).toBe('pass');
    expect(handovers).toBeGreaterThan(5);
    await opened.close();
  });
});
