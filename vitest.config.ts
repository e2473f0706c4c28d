import { configDefaults, defineConfig } from 'vitest/config';

// The two default-check shards of the mutant catalogue hold most of the suite's time and are
// independent of each other (disjoint mutants, each built in its own .mutants/<name>/), so they
// run side by side on two workers, after every other file has run on one (vitest's default on
// two cores leaves one to its main process). Running them last also means the pristine impl/
// they copy from is extracted already.
const MUTANT_SHARDS = ['test/mutants/default-check.test.ts', 'test/mutants/default-check-2.test.ts'];
const common = { testTimeout: 120_000, hookTimeout: 60_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          ...common,
          name: 'suite',
          include: ['test/**/*.test.ts', 'impl/**/*.test.ts', 'model/**/*.test.ts', 'properties/**/*.test.ts', 'harness/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...MUTANT_SHARDS],
          sequence: { groupOrder: 0 },
        },
      },
      { test: { ...common, name: 'mutant shards', include: MUTANT_SHARDS, maxWorkers: 2, sequence: { groupOrder: 1 } } },
    ],
  },
});
