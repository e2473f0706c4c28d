import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// On two workers the suite ends soonest when the longest files start first (longest processing
// time first): they take both workers, and the short files fill in behind whichever frees first.
// vitest's own order (larger files first, when a clean clone has no timings) would start some of
// them last. LONGEST is their order by the seconds a CI run measured (reports/ci/vitest.json:
// each file's endTime - startTime); the rest keep vitest's order behind them.
const LONGEST = [
  'test/harness/remedy-lockstep.test.ts',
  'test/docs/commands.test.ts',
  'test/mutants/mutants.test.ts',
  'test/cli/sut-diagnosis.test.ts',
  'test/cli/purposes.test.ts',
  'test/mutants/default-check.test.ts',
  'test/mutants/default-check-2.test.ts',
  'test/cli/placements.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => LONGEST.findIndex((l) => f.moduleId.endsWith(l));
    const longest = sorted.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...longest, ...sorted.filter((f) => rank(f) < 0)];
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
    sequence: { sequencer: LongestFirst },
  },
});
