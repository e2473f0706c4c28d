#!/usr/bin/env node
// The `proauth` command: runs the TypeScript CLI (harness/cli/main.ts) through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../harness/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
