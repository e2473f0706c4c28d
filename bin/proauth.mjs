#!/usr/bin/env node
// The `proauth` command. In the installed package it runs the JavaScript build
// (dist/harness/cli/main.js, made by `npm run build`, which `npm pack` runs through prepack).
// In a clone the TypeScript sources sit beside it: it runs them through tsx (a devDependency
// there), so a command proauth prints (`npx proauth ...`) runs in the clone as pasted, and an
// edit takes effect without a build. The installed package ships no sources.
import { existsSync } from 'node:fs';

const TESTER_FAULT = 4;
const sources = new URL('../harness/cli/main.ts', import.meta.url);
const entry = new URL('../dist/harness/cli/main.js', import.meta.url);

async function load() {
  if (existsSync(sources)) {
    const { register } = await import('tsx/esm/api');
    register();
    return import(sources.href);
  }
  if (!existsSync(entry)) {
    // npm prepares a git dependency with `prepare` only, and proauth builds on `prepack`.
    process.stderr.write('proauth: the build (dist/) is missing from this installation: install proauth from a tarball made by `npm pack` (an install from a git URL does not build it)\n');
    process.exit(TESTER_FAULT);
  }
  return import(entry.href);
}

let cli;
try {
  cli = await load();
} catch (e) {
  // A module that reads a package file as it loads (a schema) finds the installation broken.
  if (e instanceof Error && e.name === 'PackageFileMissing') {
    process.stderr.write(`proauth: ${e.message}\n`);
    process.exit(TESTER_FAULT);
  }
  throw e;
}
process.exitCode = await cli.main(process.argv.slice(2));
