//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
// The what-if matrix: interpretation variants (rows) × adversary properties (columns) and the
// figures a spec editor trades off when choosing the chain limit L of Note 4 (5.14.2-N4c):
// the worst blast radius of one compromised PoS, and the signalling cost per handover.

import type { AdvEvent } from '../../model/adversary/attacked-world.ts';
import { ADVERSARY_PROPERTIES } from '../../properties/adversary/index.ts';
import { witnessId } from '../../properties/adversary/witness.ts';
import { analyseScenario, type ScenarioResult } from './analyse.ts';
import { blastByHop, type HopBlast } from './hops.ts';
import { A_EAP_RTT, EAP_AKA_RTT, type CostFigures, measureCost } from './cost.ts';
import { ROWS, type MatrixRow } from './rows.ts';
import { hopsVisible, SCENARIO_TEXT, type ScenarioKind, type ScenarioSpec } from './scenarios.ts';

export interface CellCounterexample {
  /** File stem under the output directory's cex/ (also the cell's anchor). */
  readonly id: string;
  readonly spec: ScenarioSpec;
  readonly property: string;
  readonly message: string;
  readonly requirements: readonly string[];
  readonly trace: readonly AdvEvent[];
}

/**
 * How far the searches behind a cell went: every one to its fixpoint (every reachable state
 * explored), or the bounds at which they stopped (every trace of up to `depth` steps explored in
 * every scenario of the cell, the deepest to `maxDepth`; `states`: one stopped at its state
 * budget).
 */
export type CellSearch =
  | { readonly kind: 'fixpoint' }
  | { readonly kind: 'depth'; readonly depth: number; readonly maxDepth: number }
  | { readonly kind: 'states'; readonly states: number };

export interface Cell {
  readonly verdict: 'holds' | 'violated';
  /** Scenarios the property was checked in, with their bounds. */
  readonly checkedIn: readonly {
    readonly kind: ScenarioKind; readonly depth: number; readonly states: number; readonly exhaustive: boolean;
    readonly stopReason: ScenarioResult['stopReason'];
  }[];
  readonly search: CellSearch;
  /** The shortest counterexample over the scenarios (violated only). */
  readonly counterexample?: CellCounterexample;
  /** A property with a measured part: the shortest trace to a state its witness names. */
  readonly witness?: CellCounterexample;
}

export interface PerLimit {
  readonly chainLimit: number;
  /** Worst blast radius with an active compromised PoS (ring scenario). */
  readonly blast: number;
  /** Searched one hop past L + 1 and the chain still reached the search bound: it does not stop. */
  readonly blastAtBound: boolean;
  /** Worst blast radius with a passive (key-revealing only) compromised PoS; DEFAULT row only. */
  readonly passiveBlast?: number;
  readonly blastCell: Cell;
  readonly cost: CostFigures;
  /** roundTrips / the round trips of a handover with full EAP (DEFAULT row, L = 0). */
  readonly costVsFullEap: number;
  /** A row with the full sweep (MatrixRow.sweep): every adversary property at this L, over every scenario. */
  readonly cells?: Readonly<Record<string, Cell>>;
}

export interface RowResult {
  readonly row: MatrixRow;
  /** Every adversary property at the default L, over every scenario. */
  readonly cells: Readonly<Record<string, Cell>>;
  readonly maxKeysExposed: number;
  readonly perLimit: readonly PerLimit[];
  /** Blast radius at the default L by the hop at which the PoS is compromised (hops.ts). */
  readonly byHop: readonly HopBlast[];
  readonly explored: { readonly states: number; readonly scenarios: number };
}

export interface MatrixOptions {
  readonly rows?: readonly MatrixRow[];
  readonly limits?: readonly number[];
  //= SPEC_MAPPING.md#A-CHAIN-L
  //# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
  //# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
  /** L at which the full property set runs (default 3, A-CHAIN-L). */
  readonly defaultLimit?: number;
  readonly onProgress?: (done: number, total: number, what: string) => void;
}

export interface MatrixResult {
  readonly limits: readonly number[];
  readonly defaultLimit: number;
  readonly rows: readonly RowResult[];
  readonly properties: readonly { readonly id: string; readonly title: string; readonly requirements: readonly string[] }[];
  readonly scenarios: Readonly<Record<ScenarioKind, string>>;
  readonly assumptions: Readonly<Record<string, string>>;
  /** Round trips of one handover with a full EAP establishment (the cost baseline). */
  readonly fullEapRoundTrips: number;
  readonly explored: { readonly states: number; readonly scenarios: number };
  readonly seconds: number;
}

export class MatrixOptionError extends Error {
  override readonly name = 'MatrixOptionError';
}

export const DEFAULT_LIMITS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const PROPERTY_SCENARIOS: readonly ScenarioKind[] = ['ring', 'replay', 'inject', 'faults', 'candidates', 'relabel', 'gkb', 'home', 'partner', 'selection', 'fallback'];

export function cellId(row: string, chainLimit: number, property: string): string {
  return `${row}-L${chainLimit}-${property}`;
}

function specOf(row: MatrixRow, kind: ScenarioKind, chainLimit: number): ScenarioSpec {
  // 5.14.2-N3: the relabel question is about a TLS lineage, whatever the row's MN runs.
  return { kind, chainLimit, variant: row.variant, counter: row.counter, method: kind === 'relabel' ? 'TLS' : row.method };
}

/** The weakest of the scenarios' stops: a state budget over a depth bound over a fixpoint. */
export function cellSearch(results: readonly Pick<ScenarioResult, 'stopReason' | 'depth' | 'states'>[]): CellSearch {
  const byStates = results.filter((r) => r.stopReason === 'states' || r.stopReason === 'time');
  if (byStates.length > 0) return { kind: 'states', states: Math.min(...byStates.map((r) => r.states)) };
  const byDepth = results.filter((r) => r.stopReason !== 'fixpoint');
  if (byDepth.length > 0) return { kind: 'depth', depth: Math.min(...byDepth.map((r) => r.depth)), maxDepth: Math.max(...byDepth.map((r) => r.depth)) };
  return { kind: 'fixpoint' };
}

/** How far the search behind a cell went, as the reports say it: "fixpoint" or the bound it stopped at. */
export function cellSearchText(c: Cell): string {
  switch (c.search.kind) {
    case 'fixpoint': return 'fixpoint';
    case 'depth': return c.search.depth === c.search.maxDepth ? `to depth ${c.search.depth}` : `to depth ${c.search.depth}–${c.search.maxDepth}`;
    case 'states': return `to ${c.search.states} states`;
  }
}

function cellFrom(row: MatrixRow, chainLimit: number, property: string, results: readonly ScenarioResult[]): Cell {
  const checkedIn = results.map((r) => ({ kind: r.spec.kind, depth: r.depth, states: r.states, exhaustive: !r.bounded, stopReason: r.stopReason }));
  const search = cellSearch(results);
  const shortest = (id: string): CellCounterexample | undefined => {
    let best: CellCounterexample | undefined;
    for (const r of results) {
      const c = r.counterexamples.find((x) => x.property === id);
      if (c !== undefined && (best === undefined || c.trace.length < best.trace.length)) {
        best = { id: cellId(row.id, chainLimit, id), spec: r.spec, property: id, message: c.message, requirements: c.requirements, trace: c.trace };
      }
    }
    return best;
  };
  const best = shortest(property);
  const witness = shortest(witnessId(property));
  const measured = witness === undefined ? {} : { witness };
  return best === undefined ? { verdict: 'holds', checkedIn, search, ...measured } : { verdict: 'violated', checkedIn, search, counterexample: best, ...measured };
}

/** Round trips of a handover with a full EAP establishment: the DEFAULT row at L = 0. */
export function fullEapRoundTrips(): number {
  return measureCost(0, {}, 'EAP').roundTrips;
}

export function checkOptions(options: MatrixOptions): { rows: readonly MatrixRow[]; limits: number[]; defaultLimit: number } {
  const rows = options.rows ?? ROWS;
  const limits = [...new Set(options.limits ?? DEFAULT_LIMITS)].sort((a, b) => a - b);
  const defaultLimit = options.defaultLimit ?? 3;
  for (const L of [...limits, defaultLimit]) {
    if (!Number.isInteger(L) || L < 0 || L > 16) throw new MatrixOptionError(`chain limit ${L} is not an integer in 0..16`);
  }
  if (rows.length === 0) throw new MatrixOptionError('no rows selected');
  if (limits.length === 0) throw new MatrixOptionError('no chain limits selected');
  return { rows, limits, defaultLimit };
}

export function runMatrix(options: MatrixOptions = {}): MatrixResult {
  const started = performance.now();
  const { rows, limits, defaultLimit } = checkOptions(options);
  const total = matrixTicks(rows, limits, defaultLimit);
  let done = 0;
  const tick = (what: string): void => {
    done++;
    options.onProgress?.(done, total, what);
  };
  const fullEap = fullEapRoundTrips();
  const results: RowResult[] = rows.map((row) => analyseRow(row, limits, defaultLimit, fullEap, tick));
  return assemble(limits, defaultLimit, results, fullEap, (performance.now() - started) / 1000);
}

/** The result of one row: every L of the sweep, and every property at the default L (at every L for a full-sweep row). */
export function analyseRow(
  row: MatrixRow, limits: readonly number[], defaultLimit: number, fullEap: number,
  tick: (what: string) => void = () => undefined,
): RowResult {
  const blastId = 'adv-blast-within-limit';
  let states = 0;
  let scenarios = 0;
  const analyse = (spec: ScenarioSpec): ScenarioResult => {
    const r = analyseScenario(spec);
    states += r.states;
    scenarios++;
    return r;
  };
  // The ring at L, then every other property scenario at L: the full property set at one L.
  const propertyCells = (L: number, ring: ScenarioResult): { results: ScenarioResult[]; cells: Record<string, Cell> } => {
    const results: ScenarioResult[] = [ring];
    for (const kind of PROPERTY_SCENARIOS) {
      if (kind === 'ring') continue;
      results.push(analyse(specOf(row, kind, L)));
      tick(`${row.id} ${kind}${row.sweep === 'all' ? ` L=${L}` : ''}`);
    }
    const cells: Record<string, Cell> = {};
    for (const p of ADVERSARY_PROPERTIES) cells[p.id] = cellFrom(row, L, p.id, results);
    return { results, cells };
  };
  let atDefault: { results: ScenarioResult[]; cells: Record<string, Cell> } | undefined;
  const perLimit: PerLimit[] = sweepLimits(limits, defaultLimit).map((L) => {
    const ring = analyse(specOf(row, 'ring', L));
    const passive = row.id === 'DEFAULT' ? analyse(specOf(row, 'ring-passive', L)) : null;
    const cost = measureCost(L, row.variant, row.method);
    if (limits.includes(L)) tick(`${row.id} L=${L}`);
    // 5.14.2-N4c: a full-sweep row checks every property at every L, not only the blast radius.
    const full = row.sweep === 'all' || L === defaultLimit ? propertyCells(L, ring) : undefined;
    if (L === defaultLimit) atDefault = full;
    return {
      chainLimit: L,
      blast: ring.worstBlast,
      // Searched past L + 1 hops and the chain was still growing when the search stopped.
      blastAtBound: ring.bounded && ring.depth > 8 * L + 12 && ring.worstBlast >= hopsVisible(ring.depth),
      ...(passive === null ? {} : { passiveBlast: passive.worstBlast }),
      blastCell: cellFrom(row, L, blastId, [ring]),
      cost,
      costVsFullEap: cost.roundTrips / fullEap,
      ...(row.sweep === 'all' && full !== undefined ? { cells: full.cells } : {}),
    };
  });
  const { results, cells } = atDefault as { results: ScenarioResult[]; cells: Record<string, Cell> };
  return {
    row,
    cells,
    // the HPoS compromise (scenario home) is measured by its own witness, not in this figure.
    maxKeysExposed: Math.max(...results.filter((r) => r.spec.kind !== 'home').map((r) => r.maxKeysExposed)),
    perLimit,
    byHop: blastByHop(row, defaultLimit),
    explored: { states, scenarios },
  };
}

/** What the "<row> at every L" section of the reports says its bounds are. */
export const SWEEP_NOTE = 'Every adversary property checked at each L, over every scenario at that L. Only the ring grows with L (depth 8L + 12: L + 1 hops after the compromise), and the properties whose bound is L (blast radius, the reach of the PoS that ran the full EAP) are searched there; the other scenarios keep the fixed depths listed at the end, which cover at most two handovers, so the chain limit binds in them only at small L. Blast radius: the ring\'s worst, against its bound L (5.14.2-N4c)';

/** The rows with the full sweep: every property at every L (MatrixRow.sweep). */
export function sweptRows(m: MatrixResult): RowResult[] {
  return m.rows.filter((r) => r.perLimit.some((p) => p.cells !== undefined));
}

/**
 * What a full-sweep row violates at each L, for the command's summary: "all hold at L = 0..8"
 * or "L=1: a, b; L=2: c" (null for a row checked at the default L only).
 */
export function sweepSummary(r: RowResult): string | null {
  const swept = r.perLimit.filter((p) => p.cells !== undefined);
  if (swept.length === 0) return null;
  const bad = swept.map((p) => ({ L: p.chainLimit, ids: Object.entries(p.cells ?? {}).filter(([, c]) => c.verdict === 'violated').map(([id]) => id) })).filter((x) => x.ids.length > 0);
  const Ls = swept.map((p) => p.chainLimit);
  if (bad.length === 0) return `all ${ADVERSARY_PROPERTIES.length} properties hold at every L (${Ls.join(' ')})`;
  return `violated at L: ${bad.map((x) => `L=${x.L} ${x.ids.join(', ')}`).join('; ')}`;
}

/** The L a row is analysed at: the sweep and the default L. */
function sweepLimits(limits: readonly number[], defaultLimit: number): number[] {
  return [...new Set([...limits, defaultLimit])].sort((a, b) => a - b);
}

/** Ticks of a run, for progress reporting: per row one per L, one per other scenario (per L for a full sweep). */
export function matrixTicks(rows: readonly MatrixRow[], limits: readonly number[], defaultLimit: number): number {
  const atEach = PROPERTY_SCENARIOS.length - 1;
  return rows.reduce((n, row) => n + limits.length + atEach * (row.sweep === 'all' ? sweepLimits(limits, defaultLimit).length : 1), 0);
}

export function assemble(
  limits: readonly number[], defaultLimit: number, results: readonly RowResult[], fullEap: number, seconds: number,
): MatrixResult {
  const states = results.reduce((n, r) => n + r.explored.states, 0);
  const scenarios = results.reduce((n, r) => n + r.explored.scenarios, 0);
  return {
    limits,
    defaultLimit,
    rows: results,
    properties: ADVERSARY_PROPERTIES.map((p) => ({ id: p.id, title: p.title, requirements: p.requirements })),
    scenarios: SCENARIO_TEXT,
    assumptions: {
      'A-EAP-RTT': `round trips of one full establishment, each relayed to the home AAA server (TLS stays local): EAP = ${A_EAP_RTT.EAP} (EAP-TLS, RFC 5216 §2.1.1; EAP-AKA, RFC 4187 §3, would be ${EAP_AKA_RTT}), ERP = ${A_EAP_RTT.ERP} (RFC 6696 §5.3), TLS = ${A_EAP_RTT.TLS} (TLS 1.2 full handshake, RFC 5246 §7.3)`,
      'A-CHAIN-L': `the property set runs at L = ${defaultLimit}; blast radius and cost at every L listed`,
      //= SPEC_MAPPING.md#A-BLAST
      //# The blast radius of a compromised PoS is the largest number of
      'A-BLAST': 'blast radius = the largest number of optimized hops (5.14.2-S9: MISK from K) between an MN SA with a PoS other than the compromised one and the nearest key the compromised PoS held; nonces are public (5.14.2-S7)',
    },
    fullEapRoundTrips: fullEap,
    explored: { states, scenarios },
    seconds,
  };
}
