// What the docs test does with each documented command, explicitly: a command runs as written
// unless a row here says otherwise, and every row gives its reason. A row that matches no
// command is itself an error (the table cannot outlive the docs it describes).

/** A command this test does not run. */
export interface Skip {
  readonly file: string;
  /** A substring of the command line. */
  readonly command: string;
  readonly reason: string;
}

/** A command that runs with words replaced: a stand-in for a placeholder, a smaller budget, a temp output. */
export interface Adjustment {
  readonly file: string;
  readonly command: string;
  /** Textual replacements, in order; `$DOC_TMP` is a fresh temp directory (the shell expands it). */
  readonly replace: readonly (readonly [from: string, to: string])[];
  /** The exit code when the stand-in makes it other than the docs' (their `# exit N`, or 0). */
  readonly exit?: number;
  readonly reason: string;
}

export const SKIPS: readonly Skip[] = [
  { file: 'README.md', command: 'npm ci && npm start', reason: 'npm ci reinstalls node_modules, which this checkout shares; npm start alone runs from docs/cli.md' },
  { file: 'README.md', command: 'npm test', reason: 'the whole suite (about 8 minutes), this test included' },
  { file: 'README.md', command: 'npm run mutants', reason: 'every mutant of the catalogue under the full conformance budget, many minutes; test/mutants/ runs them' },
  { file: 'README.md', command: 'npm run stryker', reason: 'StrykerJS over impl/: about an hour on two cores' },
  { file: 'README.md', command: 'npx tsx tools/mutation-summary.ts', reason: 'summarizes the report npm run stryker writes' },
  { file: 'README.md', command: 'npx tsx tools/mutation-ranges.ts', reason: 'reads the report npm run stryker writes' },
  { file: 'README.md', command: 'PROAUTH_STRYKER_ONLY=', reason: 'the second StrykerJS stage: many minutes on two cores' },
  { file: 'README.md', command: 'npm run bench', reason: 'a benchmark: it measures speed for minutes, and speed is never asserted in tests' },
  { file: 'README.md', command: 'npm run diagrams', reason: 'rewrites the tracked docs/model/ in place' },
  { file: 'docs/cli.md', command: 'npm install -D ../proauth/', reason: 'installs the packed tarball into an implementer\'s project: test/package/pack-install.test.ts packs, installs and runs it in a temp project' },
  { file: 'docs/cli.md', command: 'npm ci', reason: "the workflow's install of the implementer's dependencies; here npx proauth is the clone's CLI" },
];

const PYTHON_TPOS = 'python3 examples/python-tpos/tpos.py';
const PYTHON_PICS = 'examples/python-tpos/pics.json';
const SMALL_MATRIX = '--rows DEFAULT --limits 3';

export const ADJUSTMENTS: readonly Adjustment[] = [
  { file: 'README.md', command: 'npx proauth check --sut-cmd "./my-tpos"', replace: [['"./my-tpos"', `"${PYTHON_TPOS}"`], ['my.pics.json', PYTHON_PICS], ['--report out/', '--report "$DOC_TMP" --runs 10']], reason: 'placeholders: the bundled Python TPoS stands in for your SUT; 10 runs instead of 500; the report goes to a temp dir' },
  { file: 'README.md', command: 'npx proauth replay <seed>:<path>', replace: [['<seed>:<path>', "'7:0:1:0:0:0:0:0:0:0:0:0:0:2:2:29:11:11:11:11:11:11~8CRMKCFEj:VF' --sut-cmd 'python3 examples/python-tpos/tpos_buggy.py' --pics examples/python-tpos/pics.json --steps 150"]], exit: 1, reason: 'placeholder: the token docs/cli.md documents, from a real failing check; it reproduces its violation, so exit 1' },
  { file: 'README.md', command: 'npx proauth validate-trace log.jsonl', replace: [['log.jsonl', 'examples/traces/good.jsonl']], reason: 'placeholder: a recorded log of examples/traces' },
  { file: 'README.md', command: 'npx proauth matrix --out docs/whatif', replace: [['--out docs/whatif', `--out "$DOC_TMP/whatif" ${SMALL_MATRIX}`]], reason: 'regenerating the tracked docs/whatif/ is the lead\'s step, and the whole matrix takes minutes on a loaded machine: one row at L = 3 into a temp dir' },
  { file: 'README.md', command: 'npm run fuzz -- --count 1000000', replace: [['--count 1000000', '--count 1000']], reason: 'a thousand decodes instead of a million' },
  { file: 'docs/cli.md', command: 'npx proauth check --sut-cmd "./my-tpos" --pics my-tpos.pics.json', replace: [['"./my-tpos"', `"${PYTHON_TPOS}"`], ['my-tpos.pics.json', PYTHON_PICS], ['--report out/', '--report "$DOC_TMP" --runs 10']], reason: 'placeholders of the Install section: the bundled Python TPoS stands in for your SUT; 10 runs; the report goes to a temp dir' },
  { file: 'docs/cli.md', command: 'npm start', replace: [['npm start', 'npm start -- --runs 10']], reason: '10 runs of the default check instead of 500' },
  { file: 'docs/cli.md', command: `--sut-cmd "${PYTHON_TPOS}"`, replace: [['--runs 200', '--runs 10'], ['--report reports/python-tpos', '--report "$DOC_TMP"']], reason: '10 runs instead of 200; the report goes to a temp dir' },
  { file: 'docs/cli.md', command: 'npx proauth matrix', replace: [['--out reports/whatif', '--out "$DOC_TMP/whatif"']], reason: 'the files go to a temp dir' },
  { file: 'docs/whatif/README.md', command: 'npx proauth matrix --out docs/whatif', replace: [['--out docs/whatif', `--out "$DOC_TMP/whatif" ${SMALL_MATRIX}`]], reason: 'as for the README: one row at L = 3 into a temp dir, not the tracked docs/whatif/' },
  { file: 'docs/cli.md', command: '--runs 2000 --seed 1 --shard', replace: [['--runs 2000', '--runs 8']], reason: 'the workflow: 8 runs over the 4 shards instead of 2000' },
];

/**
 * Generated files whose commands run inside this test process through the CLI's own main()
 * (argv from shell-quote): a hundred replays would otherwise be a hundred process start-ups.
 * Their exit code is the one each file states above its command.
 */
export const IN_PROCESS = { files: /^docs\/whatif\/cex\//, exit: 1, reason: 'each file says: "exit code 1 when the violation reproduces at the last step"' } as const;

/**
 * A command that is one plain `npx proauth …` line (no shell operator, `$DOC_TMP` expanded) runs
 * inside this test process through the CLI's main() too, with its exit code and output: as a
 * process it would spend about 3 s of CPU loading the whole CLI before doing anything. The CLI's
 * process start is still run as documented, by `npm start`, `npm run proauth` and the workflow's
 * steps (bash scripts), which go through tsx as a reader's do.
 */
export const PLAIN_CLI_IN_PROCESS = { command: /^npx proauth\s[^\n]*$/, reason: 'one CLI start-up per command is most of its time; main() is what the process runs' } as const;

export function skipOf(file: string, text: string): Skip | undefined {
  return SKIPS.find((s) => s.file === file && text.includes(s.command));
}

export function adjustmentOf(file: string, text: string): Adjustment | undefined {
  return ADJUSTMENTS.find((a) => a.file === file && text.includes(a.command));
}

/** The command with its adjustment applied; every replacement must find its text. */
export function adjusted(a: Adjustment | undefined, text: string): string {
  let out = text;
  for (const [from, to] of a?.replace ?? []) {
    if (!out.includes(from)) throw new Error(`adjustment for ${a?.command}: ${JSON.stringify(from)} is not in ${JSON.stringify(text)}`);
    out = out.replace(from, to);
  }
  return out;
}
