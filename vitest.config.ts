import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The two default-check shards of the mutant catalogue hold most of the suite's time and are
// independent of each other (disjoint mutants, each built in its own .mutants/<name>/). On two
// workers the suite ends soonest when the longest files start first (longest processing time
// first): the shards take both workers, and the other files fill in behind whichever frees
// first. vitest's own order (larger files first, when it has no timings) would start them last.
const MUTANT_SHARDS = ['test/mutants/default-check.test.ts', 'test/mutants/default-check-2.test.ts'];

class ShardsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isShard = (f: TestSpecification): boolean => MUTANT_SHARDS.some((s) => f.moduleId.endsWith(s));
    return [...sorted.filter(isShard), ...sorted.filter((f) => !isShard(f))];
  }
}

export default defineConfig({
  test: {
    reporters: ['default'],
    include: ['test/**/*.test.ts', 'impl/**/*.test.ts', 'model/**/*.test.ts', 'properties/**/*.test.ts', 'harness/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default on two cores is one worker (it keeps a core for its main process);
    // the main process is idle while the files run, so both cores run files.
    maxWorkers: 2,
    sequence: { sequencer: ShardsFirst },
  },
});
