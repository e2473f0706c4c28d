// The package an implementer installs: `npm pack` (which builds dist/ through prepack), the
// tarball installed with its runtime dependencies only into an empty project, and the
// `proauth` command run there, outside the repository, with neither tsx nor the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMapping, recordedTraces, type RequirementTrace } from '../../tools/spec-trace.ts';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: without the npm_* variables an enclosing `npm test` sets
 * (npm_config_* would reconfigure the inner npm), and without update checks.
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Ran {
  const r = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `npx proauth …` in the project: its own bin, never a package of that name fetched from the
 * registry (`--no`), and every flag proauth's (`--`: npx would answer `--version` itself).
 */
const proauth = (cwd: string, ...args: string[]): Ran => run('npx', ['--no', '--', 'proauth', ...args], cwd);

/** The installed bin started from another directory, outside the project. */
const proauthElsewhere = (cwd: string, ...args: string[]): Ran => run(join(project, 'node_modules', '.bin', 'proauth'), args, cwd);

const explain = (r: Ran): string => `exit ${String(r.status)}\nstdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-2000)}`;

let work = '';
let project = '';
let installed = '';
let packed: readonly string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'proauth-pack-'));
  const dest = join(work, 'pack');
  mkdirSync(dest);
  const pack = run('npm', ['pack', '--json', '--pack-destination', dest], REPO, 240_000);
  expect(pack.status, explain(pack)).toBe(0);
  // prepack's build prints on stdout before npm's JSON.
  const manifest = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n'))) as { filename: string; files: { path: string }[] }[];
  const tarball = join(dest, manifest[0]?.filename ?? '');
  packed = (manifest[0]?.files ?? []).map((f) => f.path);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'proauth-install-check', version: '1.0.0', private: true }) + '\n');
  // Runtime dependencies only, from npm's cache where it has them.
  const install = run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], project, 240_000);
  expect(install.status, explain(install)).toBe(0);
  installed = join(project, 'node_modules', 'proauth');
}, 480_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('the packed and installed proauth package', () => {
  it('packs the build and what a user needs, and none of the development files', () => {
    for (const needed of [
      'package.json',
      'bin/proauth.mjs',
      'dist/harness/cli/main.js',
      'dist/harness/whatif/worker.js',
      'dist/impl/system.js',
      'schemas/pics.schema.json',
      'schemas/sut-protocol/request.configure.schema.json',
      'spec/clause-5.14-proposed-text.txt',
      'spec/requirements.json',
      'SPEC_MAPPING.md',
      'README.md',
      'docs/cli.md',
      'docs/protocol.md',
      'docs/sut-protocol.md',
      'examples/pics-reference.json',
      'examples/python-tpos/tpos.py',
      'examples/python-tpos/proauth_wire.py',
      'examples/python-tpos/pics.json',
    ]) {
      expect(packed, needed).toContain(needed);
    }
    const development = packed.filter((f) => /^(?:test|bench|\.ci|\.mutants|\.stryker-tmp|coverage|reports|harness|impl|model|properties|vocabulary|tools)\//.test(f) || /\.test\.|stryker|\.ts$|tsconfig|eslint|vitest/.test(f));
    expect(development).toEqual([]);
  });

  it('runs without tsx: it is not installed, and --version prints the package version', () => {
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('tsx');
    const r = proauth(project, '--version');
    expect(r.status, explain(r)).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('checks the bundled reference implementation in process: conformant', () => {
    const r = proauth(project, 'check', '--runs', '20', '--json');
    expect(r.status, explain(r)).toBe(0);
    const summary = JSON.parse(r.stdout) as { verdict: string; runs: number; steps: number };
    expect(summary.verdict).toBe('pass');
    expect(summary.runs).toBe(20);
    expect(summary.steps).toBeGreaterThan(0);
  }, 120_000);

  it('checks the installed Python TPoS example over the SUT protocol: conformant', () => {
    const example = join(installed, 'examples', 'python-tpos');
    const r = proauth(project, 'check', '--sut-cmd', `python3 ${join(example, 'tpos.py')}`, '--pics', join(example, 'pics.json'), '--runs', '20', '--json');
    expect(r.status, explain(r)).toBe(0);
    const summary = JSON.parse(r.stdout) as { verdict: string; exercised: { placements: Record<string, number> } };
    expect(summary.verdict).toBe('pass');
    // The Python TPoS really played: every run placed it as the TPoS of domain B.
    expect(Object.values(summary.exercised.placements).reduce((a, b) => a + b, 0)).toBe(20);
  }, 120_000);

  it('spec, run from another directory, gives the trace SPEC_MAPPING.md records', () => {
    const r = proauthElsewhere(work, 'spec', '--json');
    expect(r.status, explain(r)).toBe(0);
    const traces = JSON.parse(r.stdout) as RequirementTrace[];
    expect(traces).toEqual(JSON.parse(JSON.stringify(recordedTraces(readMapping(REPO)))));
    // Not the empty trace of a tree without sources: the tests of the checkout are counted.
    expect(traces.filter((t) => t.covered).length).toBeGreaterThan(0);
  });

  it('a file missing from the installed package is a tester fault (exit 4), named in one line', () => {
    rmSync(join(installed, 'SPEC_MAPPING.md'));
    const spec = proauthElsewhere(work, 'spec');
    expect(spec.status, explain(spec)).toBe(4);
    expect(spec.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^proauth: SPEC_MAPPING\.md is missing from the proauth package/)]);

    rmSync(join(installed, 'schemas', 'pics.schema.json'));
    const check = proauth(project, 'check', '--runs', '1');
    expect(check.status, explain(check)).toBe(4);
    expect(check.stderr).toMatch(/^proauth: schemas\/pics\.schema\.json is missing from the proauth package/m);

    // An installation without the build (what an install from a git URL gives).
    rmSync(join(installed, 'dist'), { recursive: true });
    const unbuilt = proauthElsewhere(work, '--version');
    expect(unbuilt.status, explain(unbuilt)).toBe(4);
    expect(unbuilt.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^proauth: the build \(dist\/\) is missing from this installation: install proauth from a tarball/)]);
  });
});
