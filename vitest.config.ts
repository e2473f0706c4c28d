import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// On two workers the suite ends soonest when the longest files start first (longest processing
// time first): they take both workers, and the short files fill in behind whichever frees first.
// vitest's own order (larger files first, when a clean clone has no timings) would start some of
// them last. LONGEST is their order by the seconds a full run measured (its JSON report: each
// file's endTime - startTime); the rest keep vitest's order behind them.
const LONGEST = [
  'test/harness/remedy-lockstep.test.ts',
  'test/cli/purposes.test.ts',
  'test/cli/sut-diagnosis.test.ts',
  'test/docs/commands.test.ts',
  'test/cli/placements.test.ts',
  'test/explore/main.test.ts',
  'test/explore/parallel.test.ts',
  'test/mutants/default-check.test.ts',
  'test/cli/handler-purposes.test.ts',
  'test/mutants/default-check-2.test.ts',
  'test/mutants/mutants.test.ts',
];

const DIRS = ['test', 'impl', 'model', 'properties', 'harness'];
const INCLUDE = DIRS.map((d) => `${d}/**/*.test.ts`);

// A worker runs file after file in one module graph (isolate: false): the graph of the harness,
// the model and impl/ is loaded and compiled once per worker, not once per file, which was about
// a fifth of the suite's time. The modules' own state is caches of pure functions (memos,
// streams computed once per seed), which give the same answers whichever file filled them. A file
// that replaces a module or a global (vi.mock, vi.stubGlobal, ...) would leak it into the files
// after it, or find the real module loaded already: those files run each in a fresh graph.
const REPLACES = /\bvi\.(mock|doMock|unmock|stubGlobal|stubEnv|spyOn)\(/;
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === 'node_modules' ? [] : e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
const ISOLATED = DIRS.flatMap(testFiles).filter((f) => REPLACES.test(readFileSync(f, 'utf8')));

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => LONGEST.findIndex((l) => f.moduleId.endsWith(l));
    const longest = sorted.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b));
    // The isolated files last: a worker keeps its module graph only while the next file shares it.
    const isolated = (f: TestSpecification): boolean => f.project.config.isolate !== false;
    const rest = sorted.filter((f) => rank(f) < 0);
    return [...longest, ...rest.filter((f) => !isolated(f)), ...rest.filter(isolated)];
  }
}

export default defineConfig({
  test: {
    reporters: ['default'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default on two cores is one worker (it keeps a core for its main process);
    // the main process is idle while the files run, so both cores run files.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      // (extends merges arrays, so the files are named per project, not above)
      { extends: true, test: { name: 'shared', isolate: false, include: INCLUDE, exclude: [...configDefaults.exclude, ...ISOLATED] } },
      { extends: true, test: { name: 'isolated', isolate: true, include: ISOLATED } },
    ],
  },
});
