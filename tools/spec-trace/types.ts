// The vocabulary every part of the tracer shares: layers, IDs, citations, the mapping, problems.

export type Layer = 'model' | 'impl' | 'properties' | 'harness' | 'tests';
export const LAYERS: readonly Layer[] = ['model', 'impl', 'properties', 'harness', 'tests'];

export type IdKind = 'requirement' | 'assumption' | 'variant';

/** How an annotation relates to its sentence (duvet's types; the default is implementation). */
export type AnnotationType = 'implementation' | 'implication' | 'test' | 'exception' | 'todo';
export const ANNOTATION_TYPES: readonly AnnotationType[] = ['implementation', 'implication', 'test', 'exception', 'todo'];
/** The types that count as a citation of the sentence in the trace. */
export const COUNTING_TYPES: ReadonlySet<AnnotationType> = new Set(['implementation', 'implication', 'test']);

/** One citation of an ID in a scanned file: an annotation of a type that counts. */
export interface Citation {
  readonly id: string;
  /** Repo-relative path with forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly layer: Layer;
}

/** How SPEC_MAPPING.md classifies an ID (status column of the hand-written tables). */
export type Status =
  | { readonly kind: 'checked' }
  | { readonly kind: 'informative' }
  | { readonly kind: 'open'; readonly reason: string }
  /** Checked, and the property that checks it fails under the what-if adversary in the profile's row; the finding shows how. */
  | { readonly kind: 'violated-under-attack'; readonly finding: string };

export interface MappingEntry {
  readonly id: string;
  readonly kind: IdKind;
  /** Requirements only: the `normative` column; null for assumptions and variants. */
  readonly normative: boolean | null;
  /** Requirements only; null for assumptions and variants. */
  readonly status: Status | null;
  /** Every cell of the row as written, keyed by the lower-cased column header. */
  readonly cells: Readonly<Record<string, string>>;
  /** The plain text of the cell an annotation quotes (assumption, meaning or text), Markdown removed. */
  readonly statement: string;
  /** 1-based line in SPEC_MAPPING.md. */
  readonly line: number;
}

export interface Mapping {
  readonly entries: ReadonlyMap<string, MappingEntry>;
  /** Findings (`### F-n title`): the title is what an annotation of F-n quotes. */
  readonly findings: ReadonlyMap<string, string>;
  /** The text between the trace markers, or null if the markers are missing. */
  readonly traceTable: string | null;
  /** Backticked repo paths named outside the generated table, with an optional `#symbol`. */
  readonly paths: readonly { readonly path: string; readonly symbol: string | null; readonly line: number }[];
  /** Malformed rows (bad status, bad normative value, duplicate ID). */
  readonly errors: readonly string[];
}

export interface RequirementTrace {
  readonly id: string;
  readonly kind: IdKind;
  readonly normative: boolean | null;
  readonly status: Status | null;
  /** Files citing the ID, per layer, sorted. */
  readonly files: Readonly<Record<Layer, readonly string[]>>;
  /** Cited by a non-test file under properties/ and by at least one test file. */
  readonly covered: boolean;
}

export type ProblemKind =
  | 'unknown-id'
  | 'uncovered'
  | 'checked-but-uncovered'
  | 'missing-path'
  | 'missing-symbol'
  | 'stale-trace'
  | 'no-trace-markers'
  | 'malformed-row'
  | 'requirements-json'
  | 'bad-annotation'
  | 'wrong-target'
  | 'quote-mismatch'
  | 'exception-without-reason'
  | 'wrong-type'
  | 'violation-not-shown'
  | 'violation-unmarked';

export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
}

export interface ScanOptions {
  /** Top-level folders to scan. */
  readonly dirs?: readonly string[];
  /** Repo-relative path prefixes to skip (the mapping's own tests quote IDs on purpose). */
  readonly exclude?: readonly string[];
  /**
   * Count only files git tracks (when `root` is the top of a git work tree), so the trace
   * table describes what a fresh clone — CI — sees, not someone's uncommitted work. Default
   * true for traces; the unknown-ID check always reads every file, to catch typos early.
   */
  readonly trackedOnly?: boolean;
}

export const TRACE_BEGIN = '<!-- trace:begin -->';
export const TRACE_END = '<!-- trace:end -->';
export const MAPPING_FILE = 'SPEC_MAPPING.md';
export const REQUIREMENTS_FILE = 'spec/requirements.json';
export const CLAUSE_FILE = 'spec/clause-5.14-proposed-text.txt';
export const MATRIX_FILE = 'docs/whatif/matrix.json';
/** The status word of a checked sentence whose property the what-if adversary breaks. */
export const VIOLATED_STATUS = 'checked-but-violated-under-attack';
export const DEFAULT_DIRS: readonly string[] = ['model', 'impl', 'properties', 'harness', 'vocabulary', 'test'];
export const DEFAULT_EXCLUDE: readonly string[] = ['test/spec/'];
