// Long fuzz runs of the wire codec: `npm run fuzz -- --count N --seed S`. Prints a JSON report
// (accepted / rejected counts by DecodeError code, failures) and exits 1 on any failure.
import { Command } from 'commander';
import { runFuzz } from './fuzzer.ts';

const program = new Command()
  .name('fuzz')
  .description('Fuzz impl/wire decode with random and mutated PDUs')
  .option('--count <n>', 'number of inputs', '1000000')
  .option('--seed <s>', 'seed (integer)', '1')
  .option('--corpus <n>', 'valid PDUs to mutate', '500')
  .parse();

const opts = program.opts<{ count: string; seed: string; corpus: string }>();
const count = Number(opts.count);
const seed = Number(opts.seed);
const corpusSize = Number(opts.corpus);
for (const [name, v] of [['count', count], ['seed', seed], ['corpus', corpusSize]] as const) {
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`fuzz: --${name} must be a non-negative integer`);
    process.exit(2);
  }
}
const report = runFuzz({ count, seed, corpusSize });
console.log(JSON.stringify(report, null, 2));
process.exit(report.failures.length === 0 ? 0 : 1);
