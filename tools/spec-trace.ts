// A duvet-style tracer for Clause 5.14: which files cite which requirement, assumption and
// variant ID by annotation, whether each quote is the text it cites, and whether SPEC_MAPPING.md
// still tells the truth about it. The parts live in tools/spec-trace/; `--help` lists the options.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './spec-trace/cli.ts';

export * from './spec-trace/index.ts';

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(resolve(fileURLToPath(new URL('..', import.meta.url))), process.argv.slice(2));
}
