// The tracer's API: what `proauth spec`, the mapping test and the converter use.
export * from './types.ts';
export { formatAnnotation, normalizeSpace, parseAnnotations, type Annotation, type AnnotationError } from './annotations.ts';
export { checkMapping, readMapping, tightenStatuses, traceRequirements, writeTraceTable } from './problems.ts';
export { commentMarkerOf, gitTrackedFiles, isTestFile, layerOf } from './files.ts';
export { formatStatus, parseMapping, parseStatus } from './mapping.ts';
export { parseFindings, type Change, type ChangeTarget, type Finding, type FindingKind, type Resolution } from './findings.ts';
export { PROFILE_ROW, underAttackProblems, violatedInProfile } from './under-attack.ts';
export { extractIds, isFamily, mentionsIn, mentionsInLine, RESERVED_INVALID_SEGMENT, type Mention } from './mentions.ts';
export { annotationProblems, quoteSource, type QuoteSource } from './quotes.ts';
export { loadRequirements, type Requirement } from './requirements.ts';
export { citationsOf, scanCitations, scanFile, scanTree, type ScannedFile } from './scan.ts';
export { formatCoverage, renderTraceTable, summarize, traceFrom, traceOf, type CoverageSummary } from './trace.ts';
export { hasScannedSources, recordedTraces } from './recorded.ts';
