// Every command README.md and docs/ tell a reader to run does run, with the exit code the docs
// give it (`# exit N` after a command; none means 0). What is skipped, and what runs with a
// stand-in or a smaller budget, is the explicit table of ./command-table.ts. `npx proauth` is
// the clone's CLI (harness/cli/main.ts through tsx, or its main() in this process for a plain
// line, as the table says): the package need not be built here.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { parse, quote, type ParseEntry } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.ts';
import { ROOT, tempDir } from '../cli/helpers.ts';
import { ADJUSTMENTS, adjusted, adjustmentOf, IN_PROCESS, PLAIN_CLI_IN_PROCESS, SKIPS, skipOf } from './command-table.ts';
import { docCommands, docWorkflows, type DocCommand } from './doc-commands.ts';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'harness/cli/main.ts');
const COMMAND_BUDGET_MS = 240_000;

/** `npx proauth` at the start of a command becomes the clone's CLI, by absolute path (any cwd). */
function inRepoCli(script: string): string {
  return script.replace(/(^|[\n;&|(]\s*)npx proauth(?=\s)/g, `$1${quote([TSX, CLI])}`);
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A script as a GitHub Actions `run:` step runs it: bash, stop at the first failing command. */
async function runScript(script: string, cwd: string): Promise<Ran> {
  const r = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: { CI: 'true', DOC_TMP: tempDir('proauth-doc-'), PROAUTH_ROOT: ROOT },
    reject: false,
    timeout: COMMAND_BUDGET_MS,
  });
  return { code: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The argv of a plain command line (no operators), comments dropped; `env` expands `$NAME`. */
function argvOf(line: string, env: Readonly<Record<string, string>> = {}): string[] {
  return parse(line, env).flatMap((e: ParseEntry) => {
    if (typeof e === 'string') return [e];
    if ('comment' in e) return [];
    throw new Error(`not a plain command: ${line}`);
  });
}

/** The CLI's arguments of a plain `npx proauth …` line, else null (it runs as a script). */
function plainCliArgs(script: string, env: Readonly<Record<string, string>>): string[] | null {
  if (!PLAIN_CLI_IN_PROCESS.command.test(script)) return null;
  const plain = parse(script, env).every((e: ParseEntry) => typeof e === 'string' || 'comment' in e);
  return plain ? argvOf(script, env).slice(2) : null;
}

/** A documented command: a plain `npx proauth …` line through main() in this process, anything else as a script. */
async function runCommand(script: string): Promise<Ran> {
  const args = plainCliArgs(script, { DOC_TMP: tempDir('proauth-doc-') });
  if (args === null) return runScript(inRepoCli(script), ROOT);
  // The CLI resolves the docs' relative paths against the process's directory, as the scripts' cwd.
  expect(resolve(process.cwd()), 'the in-process commands run from the repository root').toBe(resolve(ROOT));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), interactive: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const commands = docCommands(ROOT);
const workflows = docWorkflows(ROOT);
const inProcess = commands.filter((c) => IN_PROCESS.files.test(c.file));
const runnable = commands.filter((c) => !IN_PROCESS.files.test(c.file) && skipOf(c.file, c.text) === undefined);
const outputs = new Map<DocCommand, Ran>();
const label = (c: DocCommand): string => `${c.file}:${c.line} ${c.text.length > 90 ? `${c.text.slice(0, 90)}…` : c.text}`;

describe('the commands of the docs', () => {
  it('are found, and every row of the table matches a documented command', () => {
    expect(commands.filter((c) => c.file === 'README.md').length).toBeGreaterThanOrEqual(10);
    expect(commands.filter((c) => c.file === 'docs/cli.md').length).toBeGreaterThanOrEqual(9);
    expect(inProcess.length).toBeGreaterThanOrEqual(100);
    const steps = workflows.flatMap((w) => w.runs.flatMap((r) => r.steps.map((s) => ({ file: w.file, text: s.run }))));
    const all = [...commands, ...steps];
    for (const row of [...SKIPS, ...ADJUSTMENTS]) expect(all.some((c) => c.file === row.file && c.text.includes(row.command)), `${row.file}: ${row.command}`).toBe(true);
    // A printed-form check: what a user pastes starts `npx proauth`, never a bare `proauth`.
    for (const c of commands) expect(c.text, label(c)).not.toMatch(/^proauth /);
  });

  it.each(runnable.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const adjustment = adjustmentOf(c.file, c.text);
    const r = await runCommand(adjusted(adjustment, c.text));
    outputs.set(c, r);
    expect(r.code, `${label(c)}\n${r.stderr.slice(-2000)}`).toBe(adjustment?.exit ?? c.exit);
  }, COMMAND_BUDGET_MS);

  it('the documented replay token is the one the documented failing check prints', () => {
    const check = runnable.find((c) => c.file === 'docs/cli.md' && c.text.startsWith('npx proauth check') && c.text.includes('tpos_buggy.py'));
    const replay = runnable.find((c) => c.file === 'docs/cli.md' && c.text.startsWith('npx proauth replay'));
    if (check === undefined || replay === undefined) throw new Error('docs/cli.md lost its failing check or its replay');
    const printed = /^ {4}replay: (.*)$/m.exec(outputs.get(check)?.stdout ?? '')?.[1];
    expect(printed, 'the failing check printed no replay command').toBeDefined();
    expect(argvOf(printed ?? '')).toEqual(argvOf(replay.text));
    expect(outputs.get(replay)?.stdout).toMatch(/FAIL at step \d+: 5\.14\.1-S6 \(unauthorized-source\)/);
  });

  it(`the generated counterexample replays run (in process) and exit ${IN_PROCESS.exit}`, async () => {
    const quiet = { out: (): void => undefined, err: (): void => undefined, interactive: false };
    for (const c of inProcess) {
      const argv = argvOf(c.text);
      expect(argv.slice(0, 2), label(c)).toEqual(['npx', 'proauth']);
      expect(await main(argv.slice(2), quiet), label(c)).toBe(IN_PROCESS.exit);
    }
  }, COMMAND_BUDGET_MS);
});

describe('the GitHub Actions workflow of docs/cli.md', () => {
  const workflow = workflows.find((w) => w.file === 'docs/cli.md');
  it('is there, with a shard matrix', () => {
    expect(workflow?.runs.map((r) => r.matrix['shard'])).toEqual(['0', '1', '2', '3']);
  });

  it.each((workflow?.runs ?? []).map((r) => [r.matrix['shard'] ?? '', r] as const))('shard %s runs on a fresh checkout and leaves what the later steps read', async (shard, run) => {
    const repo = tempDir('proauth-workflow-');
    cpSync(join(ROOT, 'test/docs/fixtures/my-tpos'), join(repo, 'my-tpos'), { recursive: true });
    copyFileSync(join(ROOT, 'examples/python-tpos/pics.json'), join(repo, 'my-tpos/pics.json'));
    for (const step of run.steps) {
      if (skipOf('docs/cli.md', step.run) !== undefined) continue;
      const r = await runScript(inRepoCli(adjusted(adjustmentOf('docs/cli.md', step.run), step.run)), repo);
      expect(r.code, `step ${step.name}\n${r.stderr.slice(-2000)}`).toBe(0);
    }
    for (const p of run.paths) expect(existsSync(join(repo, p)), p).toBe(true);
    const summary = JSON.parse(readFileSync(join(repo, `reports/summary-${shard}.json`), 'utf8')) as { verdict: string; runs: number };
    expect(summary.verdict).toBe('pass');
    expect(summary.runs).toBe(2);
  }, COMMAND_BUDGET_MS);
});

describe('the docs test itself', () => {
  it('maps only npx proauth at the start of a command', () => {
    expect(inRepoCli('npx proauth spec && npx proauth explore # echo npx proauth')).toBe(`${quote([TSX, CLI])} spec && ${quote([TSX, CLI])} explore # echo npx proauth`);
    expect(inRepoCli('npx proauthx')).toBe('npx proauthx');
  });

  it('runs in process only a plain npx proauth line, with $DOC_TMP expanded', () => {
    expect(plainCliArgs('npx proauth check --report "$DOC_TMP/r" --runs 10   # a comment', { DOC_TMP: '/t' })).toEqual(['check', '--report', '/t/r', '--runs', '10']);
    expect(plainCliArgs("npx proauth replay '7:0~F5d:F' --steps 150", {})).toEqual(['replay', '7:0~F5d:F', '--steps', '150']);
    expect(plainCliArgs('npx proauth spec && npx proauth explore', {})).toBeNull();
    expect(plainCliArgs('npx proauth check --json > out.json', {})).toBeNull();
    expect(plainCliArgs('mkdir -p reports\nnpx proauth check', {})).toBeNull();
    expect(plainCliArgs('npm start -- --runs 10', {})).toBeNull();
  });

  it('refuses an adjustment whose text is not in the command', () => {
    expect(() => adjusted({ file: 'x', command: 'c', replace: [['--runs 9', '--runs 1']], reason: 'r' }, 'c --runs 2')).toThrow(/is not in/);
  });

  it('runs a script in the given directory and gives its exit code', async () => {
    const dir = tempDir('proauth-doc-');
    mkdirSync(join(dir, 'x'));
    expect((await runScript('test -d x && exit 7', dir)).code).toBe(7);
    expect((await runScript('false; exit 0', dir)).code).toBe(1); // -e: the first failure ends it, as in a workflow step
  });
});
