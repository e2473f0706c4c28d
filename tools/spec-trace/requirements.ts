// spec/requirements.json: every sentence of the clause with its ID, checked against the tables.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAPPING_FILE, REQUIREMENTS_FILE, type Mapping, type Problem } from './types.ts';

export interface Requirement {
  readonly id: string;
  readonly text: string;
  readonly normative: boolean;
}

/** The sentences of spec/requirements.json by ID; an empty map when the file is missing or broken. */
export function loadRequirements(root: string): ReadonlyMap<string, Requirement> {
  try {
    const list = JSON.parse(readFileSync(join(root, REQUIREMENTS_FILE), 'utf8')) as unknown;
    if (!Array.isArray(list)) return new Map();
    return new Map((list as Requirement[]).filter((r) => typeof r.id === 'string').map((r) => [r.id, r]));
  } catch {
    return new Map();
  }
}

export function requirementsJsonProblems(root: string, mapping: Mapping): Problem[] {
  const file = join(root, REQUIREMENTS_FILE);
  if (!existsSync(file)) return [];
  const problems: Problem[] = [];
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return [{ kind: 'requirements-json', message: `${REQUIREMENTS_FILE} is not valid JSON: ${(e as Error).message}` }];
  }
  if (!Array.isArray(list)) return [{ kind: 'requirements-json', message: `${REQUIREMENTS_FILE} must be an array` }];
  const jsonIds = new Set<string>();
  for (const item of list as { id?: unknown; text?: unknown; normative?: unknown }[]) {
    const id = typeof item.id === 'string' ? item.id : '';
    jsonIds.add(id);
    const entry = mapping.entries.get(id);
    if (!entry || entry.kind !== 'requirement') {
      problems.push({ kind: 'requirements-json', message: `${id} is in ${REQUIREMENTS_FILE} but not in the requirement tables of ${MAPPING_FILE}` });
      continue;
    }
    const quoted = (entry.cells['text'] ?? '').replace(/^"|"$/g, '');
    if (quoted !== item.text) problems.push({ kind: 'requirements-json', message: `${id}: the text quoted in ${MAPPING_FILE} differs from ${REQUIREMENTS_FILE}` });
    if (item.normative !== entry.normative) problems.push({ kind: 'requirements-json', message: `${id}: normative is ${String(item.normative)} in ${REQUIREMENTS_FILE} but ${String(entry.normative)} in ${MAPPING_FILE}` });
  }
  for (const entry of mapping.entries.values()) {
    if (entry.kind === 'requirement' && !jsonIds.has(entry.id)) problems.push({ kind: 'requirements-json', message: `${entry.id} is in ${MAPPING_FILE} but not in ${REQUIREMENTS_FILE}` });
  }
  return problems;
}
