// Finding the package's own files from the code's location (harness/package-root.ts), and the
// commands that rely on it, run in process from the sources. pack-install.test.ts runs the same
// from the build of an installed package.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../harness/cli/main.ts';
import type { CliIo } from '../../harness/cli/io.ts';
import { BUILT, codeModule, PACKAGE_ROOT, packageFile, PackageFileMissing, packageVersion } from '../../harness/package-root.ts';
import { readMapping, recordedTraces, traceRequirements } from '../../tools/spec-trace.ts';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const empty = mkdtempSync(join(tmpdir(), 'proauth-root-'));

afterAll(() => rmSync(empty, { recursive: true, force: true }));

function captured(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { io: { out: (t) => (out += t), err: (t) => (err += t), interactive: false }, out: () => out, err: () => err };
}

describe('the package root', () => {
  it('is the repository when the sources run, whose code modules are .ts files', () => {
    expect(BUILT).toBe(false);
    expect(PACKAGE_ROOT).toBe(REPO);
    expect(codeModule('impl/system')).toBe(join(REPO, 'impl', 'system.ts'));
    expect(existsSync(codeModule('harness/whatif/worker'))).toBe(true);
    expect(packageFile('schemas/pics.schema.json')).toBe(join(REPO, 'schemas', 'pics.schema.json'));
  });

  it('names a missing package file as a PackageFileMissing', () => {
    expect(() => packageFile('schemas/no-such.schema.json')).toThrow(PackageFileMissing);
    expect(() => packageFile('schemas/no-such.schema.json')).toThrow(/^schemas\/no-such\.schema\.json is missing from the proauth package at /);
  });

  it('proauth --version prints the version of the package, not of the working directory', async () => {
    const { io, out } = captured();
    expect(await main(['--version'], io)).toBe(0);
    expect(out().trim()).toBe(packageVersion());
    expect(packageVersion()).toBe((JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('proauth spec', () => {
  it('traces the package whatever the working directory; a --root without a mapping is exit 2', async () => {
    const here = process.cwd();
    try {
      process.chdir(empty);
      const traced = captured();
      expect(await main(['spec', '--json'], traced.io)).toBe(0);
      expect(JSON.parse(traced.out())).toEqual(JSON.parse(JSON.stringify(traceRequirements(REPO))));
    } finally {
      process.chdir(here);
    }
    const bad = captured();
    expect(await main(['spec', '--root', empty], bad.io)).toBe(2);
    expect(bad.err().trim().split('\n')).toEqual([`proauth: --root ${empty}: there is no SPEC_MAPPING.md there`]);
  });

  it("reads from SPEC_MAPPING.md's trace table what scanning the sources finds (an installed package has only the table)", () => {
    const recorded = recordedTraces(readMapping(REPO));
    expect(recorded.length).toBeGreaterThan(50);
    expect(recorded.some((t) => t.files.tests.length > 1 && t.files.model.length > 1)).toBe(true);
    // Fails too when the table is stale: run npx tsx tools/spec-trace.ts --write.
    expect(recorded).toEqual(traceRequirements(REPO));
  });
});
