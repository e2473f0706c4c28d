// @ts-check
// StrykerJS over the reference implementation, judged by the default check only
// (test/harness/conformance.stryker.ts): the mutation score says how much of impl/ the
// conformance check constrains, not how good impl/'s own unit tests are.
//   npx stryker run            (report in reports/mutation/)
//   npx tsx tools/mutation-summary.ts   (the score by part of impl/)
// The tester's own entities are the unmutated implementation from git HEAD, extracted once
// here (PROAUTH_PRISTINE_IMPL), so a mutant never plays the tester's side.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const repo = process.cwd();
const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const base = join(repo, '.mutants', '_stryker-oracle', commit);
if (!existsSync(join(base, 'impl', 'system.ts'))) {
  mkdirSync(base, { recursive: true });
  writeFileSync(join(repo, '.mutants', '.gitignore'), '*\n');
  execFileSync('sh', ['-c', `git archive --format=tar ${commit} impl | tar -x -C "${base}"`]);
}
process.env['PROAUTH_PRISTINE_IMPL'] = join(base, 'impl');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/harness/vitest.stryker.config.ts', related: false },
  mutate: [
    'impl/**/*.ts',
    '!impl/**/*.test.ts',
    '!impl/wire/arbitraries.ts',
    '!impl/wire/fuzz*.ts',
    '!impl/wire/mutate.ts',
    '!impl/story.ts',
    '!impl/**/errors.ts',
    '!impl/index.ts',
    '!impl/*/index.ts',
  ],
  ignorePatterns: ['.mutants', 'reports', 'coverage', '.stryker-tmp'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // a mutant that runs the suite well past its dry-run time (about 15 s) is an infinite loop
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
