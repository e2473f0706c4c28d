// The command line of the tracer (`npx tsx tools/spec-trace.ts`, `npm run spec`).
import { checkMapping, tightenStatuses, traceRequirements, writeTraceTable } from './problems.ts';
import { formatCoverage } from './trace.ts';
import { MAPPING_FILE } from './types.ts';

export const USAGE = `usage: npx tsx tools/spec-trace.ts [--write | --tighten | --json]
  (none)     report coverage and problems (exit 1 on a problem)
  --write    regenerate the trace table inside ${MAPPING_FILE}
  --tighten  mark \`checked\` every open requirement that is now covered, then regenerate the table
  --json     print the traces as JSON (for \`proauth spec\`)`;

export function main(root: string, argv: readonly string[]): number {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.includes('--tighten')) {
    const changed = tightenStatuses(root);
    console.log(changed.length > 0 ? `${MAPPING_FILE}: now checked: ${changed.join(', ')}` : `${MAPPING_FILE}: no open status to tighten`);
  }
  if (argv.includes('--write') || argv.includes('--tighten')) {
    const changed = writeTraceTable(root);
    console.log(changed ? `${MAPPING_FILE}: trace table regenerated` : `${MAPPING_FILE}: trace table already up to date`);
  }
  const traces = traceRequirements(root);
  if (argv.includes('--json')) {
    console.log(JSON.stringify(traces, null, 2));
    return 0;
  }
  console.log(formatCoverage(traces));
  const problems = checkMapping(root);
  for (const p of problems) console.error(`${p.kind}: ${p.message}`);
  return problems.length === 0 ? 0 : 1;
}
