// Runnable exploration: `npx tsx harness/explore/main.ts --depth 12 --variant enforce=V-ENFORCE-TPOS --json`.
// Exit codes: 0 no violation within the bounds, 1 a property is violated, 2 bad usage.
import { Command, InvalidArgumentError, Option } from 'commander';
import { explore, ExploreOptionError, formatExploreReport, parseFaults, parseVariant, type ExploreOptions } from './explore.ts';
import { SymmetryError } from './symmetry.ts';
import { WorldSizeError } from './worlds.ts';
import { FastKeyError } from './fast-key.ts';

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};
const num = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return n;
};

const program = new Command('explore')
  .description('Exhaustive bounded exploration of the composed model world, every property checked on every step')
  .option('--depth <n>', 'longest trace explored, in steps', int('--depth'))
  .option('--max-states <n>', 'stop after this many distinct states', int('--max-states'))
  .option('--max-seconds <s>', 'stop after this many seconds', num('--max-seconds'))
  .option('--variant <NAME=VALUE>', 'interpretation variant, e.g. enforce=V-ENFORCE-TPOS (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .addOption(new Option('--world <shape>', 'domains of the world').choices(['default', 'chain']).default('default'))
  .option('--mns <n>', 'number of (alike) MNs', int('--mns'))
  .option('--domains <n>', 'number of domains (chain world)', int('--domains'))
  .option('--limit <L>', 'chain limit L', int('--limit'))
  .addOption(new Option('--method <method>', 'full establishment method of the MNs').choices(['EAP', 'ERP', 'TLS']))
  .option('--faults <list>', 'network faults: drop,duplicate,corrupt | all | none', 'none')
  .option('--symmetry', 'merge states that differ only by interchangeable MNs/domains')
  .option('--stop-on-first', 'stop at the first violation')
  .option('--exact', 'store exact keys instead of 64-bit fingerprints')
  .addOption(new Option('--world-key <kind>', 'world key').choices(['fast', 'model']).default('fast'))
  .option('--progress', 'print one line per BFS level on stderr')
  .option('--json', 'print the report as JSON');

program.exitOverride();
try {
  program.parse(process.argv);
} catch (e) {
  const code = (e as { exitCode?: number }).exitCode ?? 2;
  process.exit(code === 0 ? 0 : 2);
}
const o = program.opts<{
  depth?: number; maxStates?: number; maxSeconds?: number; variant: string[]; world: 'default' | 'chain';
  mns?: number; domains?: number; limit?: number; method?: 'EAP' | 'ERP' | 'TLS'; faults: string; symmetry?: boolean; stopOnFirst?: boolean;
  exact?: boolean; worldKey: 'fast' | 'model'; progress?: boolean; json?: boolean;
}>();

try {
  const options: ExploreOptions = {
    shape: o.world,
    variant: parseVariant(o.variant),
    faults: parseFaults(o.faults),
    worldKey: o.worldKey,
    ...(o.depth === undefined ? {} : { maxDepth: o.depth }),
    ...(o.maxStates === undefined ? {} : { maxStates: o.maxStates }),
    ...(o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds }),
    ...(o.mns === undefined ? {} : { mns: o.mns }),
    ...(o.domains === undefined ? {} : { domains: o.domains }),
    ...(o.limit === undefined ? {} : { limit: o.limit }),
    ...(o.method === undefined ? {} : { method: o.method }),
    ...(o.symmetry === true ? { symmetry: true } : {}),
    ...(o.stopOnFirst === true ? { stopOnFirstViolation: true } : {}),
    ...(o.exact === true ? { exactKeys: true } : {}),
    ...(o.progress === true
      ? { onLevel: (p) => process.stderr.write(`depth ${p.depth}: ${p.distinctStates} states, ${p.transitions} transitions, frontier ${p.frontier}, ${p.seconds.toFixed(1)} s\n`) }
      : {}),
  };
  const report = explore(options);
  process.stdout.write((o.json === true ? JSON.stringify(report, null, 2) : formatExploreReport(report)) + '\n');
  process.exitCode = report.counterexamples.length > 0 ? 1 : 0;
} catch (e) {
  if (e instanceof ExploreOptionError || e instanceof WorldSizeError || e instanceof SymmetryError || e instanceof FastKeyError || (e instanceof Error && e.name === 'VariantError') || (e instanceof Error && e.name === 'ModelError')) {
    process.stderr.write(`explore: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    throw e;
  }
}
