// `proauth explore`: exhaustive bounded exploration of the composed model world
// (harness/explore/explore.ts), every property checked on every step.
// Exit codes: 0 no violation within the bounds, 1 a property is violated, 2 bad usage.
import { Command, InvalidArgumentError, Option } from 'commander';
import { explore, ExploreOptionError, formatExploreReport, parseFaults, parseVariant, POLICY_MODES, type ExploreOptions, type PolicyMode } from '../../explore/explore.ts';
import { LazyPolicyError } from '../../explore/lazy-policies.ts';
import { CoarseKeyError } from '../../explore/coarse-key.ts';
import { FastKeyError } from '../../explore/fast-key.ts';
import { WORLD_KEY_KINDS, type WorldKeyKind } from '../../explore/world-system.ts';
import { SymmetryError } from '../../explore/symmetry.ts';
import { WorldSizeError } from '../../explore/worlds.ts';
import { progressReporter } from '../../explore/progress.ts';
import { EXIT, UsageError, type CliIo } from '../io.ts';
import { loadRemedy, RemedyError, type Remedy } from '../../remedy/remedy.ts';

const int = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return n;
};
const num = (name: string) => (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
  return n;
};

interface Flags {
  depth?: number;
  maxStates?: number;
  maxSeconds?: number;
  maxMemory?: number;
  workers?: number;
  variant: string[];
  world: 'default' | 'chain';
  mns?: number;
  domains?: number;
  limit?: number;
  method?: 'EAP' | 'ERP' | 'TLS';
  faults: string;
  symmetry?: boolean;
  stopOnFirst?: boolean;
  exact?: boolean;
  worldKey: WorldKeyKind;
  policies: PolicyMode;
  progress?: boolean;
  json?: boolean;
  remedy?: string;
}

/** Errors that mean the options describe no exploration (exit 2), not a finding. */
function isUsage(e: unknown): e is Error {
  return e instanceof ExploreOptionError || e instanceof WorldSizeError || e instanceof SymmetryError || e instanceof FastKeyError || e instanceof CoarseKeyError || e instanceof LazyPolicyError || (e instanceof Error && (e.name === 'VariantError' || e.name === 'ModelError'));
}

/** `--remedy`: its readings replace `--variant`; its L and method apply unless given as flags. */
function readRemedy(file: string, o: Flags): Remedy {
  if (o.variant.length > 0) throw new UsageError('explore: --remedy and --variant cannot be combined: the remedy sets every axis');
  try {
    return loadRemedy(file);
  } catch (e) {
    if (e instanceof RemedyError) throw new UsageError(`explore: ${e.message}`);
    throw e;
  }
}

export function exploreCommand(io: CliIo, setExit: (code: number) => void): Command {
  return new Command('explore')
    .description('exhaustive bounded exploration of the composed model world, every property checked on every step')
    .option('--depth <n>', 'longest trace explored, in steps', int('--depth'))
    .option('--max-states <n>', 'stop after this many distinct states', int('--max-states'))
    .option('--max-seconds <s>', 'stop after this many seconds', num('--max-seconds'))
    .option('--max-memory <MB>', 'stop once the resident set reaches this many MiB (checked at level barriers and within levels)', int('--max-memory'))
    .option('--workers <n>', 'worker threads, each owning the states whose hash is its index mod n (1: this thread alone); the same result as 1', int('--workers'), 1)
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
    .addOption(new Option('--world-key <kind>', 'world key: fast, model (canonicalKey), coarse (key classes, harness/explore/README.md)').choices([...WORLD_KEY_KINDS]).default('fast'))
    .addOption(new Option('--policies <mode>', 'fallback policies: exact (in the state), lazy (branched where a step reads one, harness/explore/lazy-policies.ts)').choices([...POLICY_MODES]).default('exact'))
    .option('--progress', 'print one line per BFS level on stderr (and one every 30 s inside a long level); a terminal gets a status line anyway')
    .option('--json', 'print the report as JSON')
    .option('--remedy <file>', 'the readings, L and method of a remedy file (JSON or YAML, schemas/remedy.schema.json)')
    .action((o: Flags) => {
      let report;
      // Progress when asked, or on a terminal (not for --json): stderr only, the report is unchanged.
      const progress = o.progress === true || (io.interactive && o.json !== true) ? progressReporter({ write: io.err, inPlace: io.interactive, levels: o.progress === true }) : null;
      try {
        const remedy = o.remedy === undefined ? null : readRemedy(o.remedy, o);
        const options: ExploreOptions = {
          shape: o.world,
          variant: remedy?.variant ?? parseVariant(o.variant),
          faults: parseFaults(o.faults),
          worldKey: o.worldKey,
          ...(o.policies === 'exact' ? {} : { policies: o.policies }),
          ...(o.depth === undefined ? {} : { maxDepth: o.depth }),
          ...(o.maxStates === undefined ? {} : { maxStates: o.maxStates }),
          ...(o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds }),
          ...(o.mns === undefined ? {} : { mns: o.mns }),
          ...(o.domains === undefined ? {} : { domains: o.domains }),
          ...(o.limit === undefined ? (remedy === null ? {} : { limit: remedy.chainLimit }) : { limit: o.limit }),
          ...(o.method === undefined ? (remedy === null ? {} : { method: remedy.method }) : { method: o.method }),
          ...(o.symmetry === true ? { symmetry: true } : {}),
          ...(o.stopOnFirst === true ? { stopOnFirstViolation: true } : {}),
          ...(o.exact === true ? { exactKeys: true } : {}),
          ...(o.maxMemory === undefined ? {} : { maxMemory: o.maxMemory }),
          ...(o.workers === undefined || o.workers === 1 ? {} : { workers: o.workers }),
          ...(progress === null ? {} : { onLevel: progress.onLevel, onExpand: progress.onExpand }),
        };
        report = explore(options);
      } catch (e) {
        if (isUsage(e)) throw new UsageError(`explore: ${e.message}`);
        throw e;
      } finally {
        progress?.end();
      }
      io.out((o.json === true ? JSON.stringify(report, null, 2) : formatExploreReport(report)) + '\n');
      setExit(report.counterexamples.length > 0 ? EXIT.NONCONFORMANT : EXIT.OK);
    });
}
