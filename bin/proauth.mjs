#!/usr/bin/env node
// The `proauth` command of the installed package: runs the JavaScript build
// (dist/harness/cli/main.js, made by `npm run build`, which `npm pack` runs through prepack).
// Inside a clone, `npm run proauth` and `npm start` run the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const TESTER_FAULT = 4;
const entry = new URL('../dist/harness/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  // npm prepares a git dependency with `prepare` only, and proauth builds on `prepack`.
  process.stderr.write('proauth: the build (dist/) is missing from this installation: install proauth from a tarball made by `npm pack` (an install from a git URL does not build it); in a clone, `npm run build`\n');
  process.exit(TESTER_FAULT);
}
let cli;
try {
  cli = await import(entry.href);
} catch (e) {
  // A module that reads a package file as it loads (a schema) finds the installation broken.
  if (e instanceof Error && e.name === 'PackageFileMissing') {
    process.stderr.write(`proauth: ${e.message}\n`);
    process.exit(TESTER_FAULT);
  }
  throw e;
}
process.exitCode = await cli.main(process.argv.slice(2));
