// One scripted lockstep run in DEFAULT_WORLD: the model (ModelOracle) and `impl` behind a
// ReferenceAdapter, driven by `script`, closed whatever happens. A ConformanceFailure the script
// meets is the run's verdict, returned with the lockstep (whose model, SUT and observations
// stay readable); any other error is the test's own and is thrown. The tests of the lower
// tester's composite commands share it.
import { ModelOracle } from '../../harness/adapters/model-adapter.ts';
import { ReferenceAdapter, type ImplModule } from '../../harness/adapters/reference-adapter.ts';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { ConformanceFailure, Lockstep } from '../../harness/lockstep.ts';

export interface ScriptedRun {
  readonly ls: Lockstep;
  readonly failure: ConformanceFailure | null;
}

export async function scriptedRun(impl: ImplModule, script: (ls: Lockstep) => Promise<void>): Promise<ScriptedRun> {
  const ls = await Lockstep.start({ config: DEFAULT_WORLD, seed: 7, oracle: new ModelOracle(), sut: new ReferenceAdapter(impl, { name: 'under test' }) });
  let failure: ConformanceFailure | null = null;
  try {
    await script(ls);
  } catch (e) {
    if (!(e instanceof ConformanceFailure)) throw e;
    failure = e;
  } finally {
    await ls.close();
  }
  return { ls, failure };
}
