// Where the package's own files are (schemas/, spec/, SPEC_MAPPING.md, package.json, the
// bundled impl/), whatever the working directory: an implementer runs `proauth` from their
// project, with proauth installed under node_modules/. This module sits at harness/ in the
// sources (run through tsx or vitest) and at dist/harness/ in the build, so its own location
// says both where the package root is and in which form the code runs.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** True when this code is the JavaScript build in dist/, false when it runs from the TypeScript sources. */
export const BUILT: boolean = import.meta.url.endsWith('.js');

/** The directory that holds package.json, schemas/, spec/, docs/ and SPEC_MAPPING.md. */
export const PACKAGE_ROOT: string = BUILT ? join(HERE, '..', '..') : join(HERE, '..');

/** The directory that holds the code's model/, impl/, harness/ ...: the package root, or its dist/. */
export const CODE_ROOT: string = BUILT ? join(PACKAGE_ROOT, 'dist') : PACKAGE_ROOT;

/** The extension of the code's own modules: `.js` in the build, `.ts` in the sources. */
export const MODULE_EXTENSION: '.js' | '.ts' = BUILT ? '.js' : '.ts';

/**
 * A file the package ships is missing: the installation (or the checkout) is broken, which is
 * the tester's fault, never the SUT's nor the user's input (exit 4, EXIT.TESTER_FAULT).
 */
export class PackageFileMissing extends Error {
  override readonly name = 'PackageFileMissing';
}

/** The absolute path of a file or directory the package ships, by its path from the package root. */
export function packageFile(relative: string): string {
  const full = join(PACKAGE_ROOT, relative);
  if (!existsSync(full)) throw new PackageFileMissing(`${relative} is missing from the proauth package at ${PACKAGE_ROOT} (reinstall proauth)`);
  return full;
}

/** The absolute path of one of the code's own modules, e.g. `impl/system` or `harness/whatif/worker`. */
export function codeModule(pathWithoutExtension: string): string {
  return join(CODE_ROOT, pathWithoutExtension + MODULE_EXTENSION);
}

let version: string | undefined;

/** The version in the package's own package.json (never the one of the working directory's project). */
export function packageVersion(): string {
  if (version === undefined) {
    const manifest = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version?: unknown };
    if (typeof manifest.version !== 'string') throw new PackageFileMissing(`package.json at ${PACKAGE_ROOT} has no version`);
    version = manifest.version;
  }
  return version;
}
