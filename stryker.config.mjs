// @ts-check
// StrykerJS over the reference implementation, judged by the default check only
// (test/harness/conformance.stryker.ts): the mutation score says how much of impl/ the
// conformance check constrains, not how good impl/'s own unit tests are.
//   npx stryker run            (report in reports/mutation/)
//   npx tsx tools/mutation-summary.ts   (the score by part of impl/)
// The suite runs the first PROAUTH_STRYKER_RUNS runs (default 60) of the default check's 500.
// A second stage runs again only the lines the first left undetected
// (PROAUTH_STRYKER_ONLY: a file of `mutate` patterns, tools/mutation-ranges.ts writes it),
// with PROAUTH_STRYKER_RUNS=500, into PROAUTH_STRYKER_REPORTS (README.md, "Mutation testing in
// two stages").
// The tester's own entities are the unmutated implementation from git HEAD, extracted once
// here (PROAUTH_PRISTINE_IMPL), so a mutant never plays the tester's side.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

const only = process.env['PROAUTH_STRYKER_ONLY'];
const reports = process.env['PROAUTH_STRYKER_REPORTS'] ?? 'reports/mutation';
const ALL_OF_IMPL = [
  'impl/**/*.ts',
  '!impl/**/*.test.ts',
  '!impl/wire/arbitraries.ts',
  '!impl/wire/fuzz*.ts',
  '!impl/wire/mutate.ts',
  '!impl/story.ts',
  '!impl/**/errors.ts',
  // Configuration validation: the conformance check runs only worlds and policies its
  // generators made valid, so no mutant that weakens a check can fail it; the module's
  // mutants are left out and counted apart (README.md, "Mutation testing in two stages").
  '!impl/config-validation.ts',
  '!impl/index.ts',
  '!impl/*/index.ts',
];
const mutate = only === undefined ? ALL_OF_IMPL : readFileSync(only, 'utf8').split('\n').filter((l) => l.trim() !== '');
if (mutate.length === 0) throw new Error(`PROAUTH_STRYKER_ONLY=${only}: no mutate patterns in it`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/harness/vitest.stryker.config.ts', related: false },
  mutate,
  ignorePatterns: ['.mutants', 'reports', 'coverage', '.stryker-tmp'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // a mutant that runs the suite well past its dry-run time (about 15 s) is an infinite loop
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${reports}/mutation.json` },
  htmlReporter: { fileName: `${reports}/mutation.html` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
