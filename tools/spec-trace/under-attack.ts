// The checked-but-violated-under-attack status, verified both ways against the what-if matrix:
// a sentence so marked must still be shown violated (its finding links a counterexample of the
// profile's DEFAULT row for a property that lists it), and a `checked` sentence that a finding
// shows violated that way must say so.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from './findings.ts';
import { MATRIX_FILE, VIOLATED_STATUS, type Problem, type RequirementTrace } from './types.ts';

/** The row of the matrix that runs the profile's own defaults. */
export const PROFILE_ROW = 'DEFAULT';

interface MatrixJson {
  readonly rows?: readonly { readonly row?: { readonly id?: string }; readonly cells?: Readonly<Record<string, { readonly verdict?: string; readonly counterexample?: { readonly id?: string } }>> }[];
  readonly properties?: readonly { readonly id?: string; readonly requirements?: readonly string[] }[];
}

/** Per requirement ID: the counterexamples of the profile's row that violate a property listing it. */
export function violatedInProfile(matrix: MatrixJson): ReadonlyMap<string, ReadonlySet<string>> {
  const requirementsOf = new Map((matrix.properties ?? []).map((p) => [p.id ?? '', p.requirements ?? []]));
  const out = new Map<string, Set<string>>();
  const row = (matrix.rows ?? []).find((r) => r.row?.id === PROFILE_ROW);
  for (const [property, cell] of Object.entries(row?.cells ?? {})) {
    const cex = cell.counterexample?.id;
    if (cell.verdict !== 'violated' || cex === undefined) continue;
    for (const id of requirementsOf.get(property) ?? []) {
      const set = out.get(id) ?? new Set<string>();
      set.add(cex);
      out.set(id, set);
    }
  }
  return out;
}

export function readMatrix(root: string): MatrixJson | null {
  const file = join(root, MATRIX_FILE);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MatrixJson;
  } catch {
    return null;
  }
}

/** What is untrue about the violated-under-attack statuses of `traces`. */
export function underAttackProblems(traces: readonly RequirementTrace[], findings: readonly Finding[], matrix: MatrixJson | null): Problem[] {
  const violated = matrix === null ? new Map<string, ReadonlySet<string>>() : violatedInProfile(matrix);
  const byId = new Map(findings.map((f) => [f.id, f]));
  /** The counterexamples of the profile's row that `f` links for requirement `id`. */
  const shown = (f: Finding, id: string): string[] => (f.headingIds.includes(id) ? f.counterexamples.filter((c) => violated.get(id)?.has(c) === true) : []);
  const problems: Problem[] = [];
  for (const t of traces) {
    if (t.kind !== 'requirement') continue;
    if (t.status?.kind === 'violated-under-attack') {
      const f = byId.get(t.status.finding);
      if (f === undefined) problems.push({ kind: 'violation-not-shown', message: `${t.id} is marked ${VIOLATED_STATUS}: ${t.status.finding}, which is no finding` });
      else if (shown(f, t.id).length === 0) {
        problems.push({ kind: 'violation-not-shown', message: `${t.id} is marked ${VIOLATED_STATUS}: ${f.id}, but ${f.id} does not name it in its heading with a counterexample of the ${PROFILE_ROW} row of ${MATRIX_FILE} that violates a property listing it; if the property holds again, mark it checked` });
      }
    } else if (t.status?.kind === 'checked') {
      const f = findings.find((x) => shown(x, t.id).length > 0);
      if (f !== undefined) problems.push({ kind: 'violation-unmarked', message: `${t.id} is marked checked, but ${f.id} shows it violated under attack (${shown(f, t.id).join(', ')}): mark it "${VIOLATED_STATUS}: ${f.id}"` });
    }
  }
  return problems;
}
