// Reads the scanned files once: the annotations in each, what is malformed about them, and the
// IDs merely mentioned (in prose or strings).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAnnotationLine, parseAnnotations, type Annotation, type AnnotationError } from './annotations.ts';
import { commentMarkerOf, gitTrackedFiles, layerOf, scannedFiles } from './files.ts';
import { mentionsIn, type Mention } from './mentions.ts';
import { COUNTING_TYPES, DEFAULT_DIRS, DEFAULT_EXCLUDE, type Citation, type Layer, type ScanOptions } from './types.ts';

export interface ScannedFile {
  readonly file: string;
  readonly layer: Layer;
  /** Whether git tracks the file (true when `root` is no git work tree). */
  readonly tracked: boolean;
  readonly annotations: readonly Annotation[];
  readonly errors: readonly AnnotationError[];
  readonly mentions: readonly Mention[];
}

export function scanFile(file: string, text: string, tracked = true): ScannedFile {
  const layer = layerOf(file);
  if (layer === null) throw new Error(`${file} is in no layer`);
  const marker = commentMarkerOf(file);
  const { annotations, errors } = marker === null ? { annotations: [], errors: [] } : parseAnnotations(text, marker);
  const mentions = mentionsIn(text, (line) => marker !== null && isAnnotationLine(line, marker));
  return { file, layer, tracked, annotations, errors, mentions };
}

/** Every scanned file, tracked or not (the caller filters). */
export function scanTree(root: string, options: ScanOptions = {}): ScannedFile[] {
  const tracked = options.trackedOnly === false ? null : gitTrackedFiles(root);
  return scannedFiles(root, options.dirs ?? DEFAULT_DIRS, options.exclude ?? DEFAULT_EXCLUDE, null).map((file) =>
    scanFile(file, readFileSync(join(root, file), 'utf8'), tracked === null || tracked.has(file)),
  );
}

/** The citations of the tracked files among scanned ones: their annotations of a type that counts. */
export function citationsOf(files: readonly ScannedFile[]): Citation[] {
  const out: Citation[] = [];
  for (const f of files) {
    if (!f.tracked) continue;
    for (const a of f.annotations) if (COUNTING_TYPES.has(a.type)) out.push({ id: a.id, file: f.file, line: a.line, layer: f.layer });
  }
  return out;
}

/** Every ID cited in the scanned folders. */
export function scanCitations(root: string, options: ScanOptions = {}): Citation[] {
  return citationsOf(scanTree(root, options));
}
