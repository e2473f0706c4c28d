// The trace as SPEC_MAPPING.md records it (its generated table), for a tree that holds no
// sources to scan: an installed package ships the build in dist/ and no tests, so scanning it
// would count nothing. The table was generated from the git-tracked sources and the mapping
// check fails while it is stale, so it is the trace of the sources the package was built from.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { traceOf } from './trace.ts';
import { LAYERS, DEFAULT_DIRS, type Layer, type Mapping, type RequirementTrace } from './types.ts';

/** Whether `root` holds any of the folders the tracer scans (a checkout, not an installed package). */
export function hasScannedSources(root: string): boolean {
  return DEFAULT_DIRS.some((dir) => existsSync(join(root, dir)));
}

const NONE = '—';

const uncited = (): Record<Layer, string[]> => Object.fromEntries(LAYERS.map((l): [Layer, string[]] => [l, []])) as Record<Layer, string[]>;

/** The files of one table cell: backticked paths joined by `<br>`, or `—`. */
function cellFiles(cell: string): string[] {
  const text = cell.trim();
  if (text === NONE || text === '') return [];
  return text.split('<br>').map((f) => f.trim().replace(/^`|`$/g, ''));
}

/** The files per layer of each ID in the generated table (rows `| ID | normative | status | model | ... | tests |`). */
function tableRows(table: string): Map<string, Record<Layer, string[]>> {
  const rows = new Map<string, Record<Layer, string[]>>();
  for (const line of table.split('\n')) {
    if (!line.startsWith('| ')) continue;
    const cells = line.slice(1, line.endsWith('|') ? -1 : undefined).split('|');
    const id = cells[0]?.trim() ?? '';
    if (id === 'ID' || id.startsWith('---') || cells.length !== 3 + LAYERS.length) continue;
    rows.set(id, Object.fromEntries(LAYERS.map((l, i) => [l, cellFiles(cells[3 + i] ?? '')])) as Record<Layer, string[]>);
  }
  return rows;
}

/** The traces the mapping's generated table records, in the mapping's order (as traceRequirements gives them). */
export function recordedTraces(mapping: Mapping): RequirementTrace[] {
  const rows = tableRows(mapping.traceTable ?? '');
  return [...mapping.entries.values()].map((entry) => traceOf(entry, rows.get(entry.id) ?? uncited()));
}
