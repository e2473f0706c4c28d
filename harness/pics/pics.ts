// The PICS (Protocol Implementation Conformance Statement): what an SUT claims to implement,
// validated against the published schema (schemas/pics.schema.json). The CLI maps every
// failure here to exit code 2 with the offending field named.
import { readFileSync } from 'node:fs';
import type { Method } from '../../vocabulary/observation.ts';
import { packageFile } from '../package-root.ts';
import { formatAjvErrors, newAjv } from './ajv.ts';

export type Role = 'MN' | 'SPoS' | 'TPoS';
export const ALL_ROLES: readonly Role[] = ['MN', 'SPoS', 'TPoS'];

/** A validated PICS with every default filled in. */
export interface Pics {
  readonly pics: 'proauth-pics/1';
  readonly implementation: { readonly name?: string; readonly version?: string; readonly vendor?: string };
  readonly roles: readonly Role[];
  readonly methods: readonly Method[];
  readonly optimized: boolean;
  readonly chainLimit: number;
  //= SPEC_MAPPING.md#A-CHAIN-L
  //# The chain limit of 5.14.2-N4b/N4c is a world parameter L, default 3: an optimized
  //# establishment is allowed only from an SA of depth < L; L = 0 disables the optimized path.
  /** The chain limits each run may draw from (A-CHAIN-L); default [chainLimit, chainLimit]. */
  readonly chainLimitRange: { readonly min: number; readonly max: number };
  readonly chainLimitEnforcedBy: readonly ('SPoS' | 'TPoS')[];
  readonly fallback: { readonly mnRequest: boolean; readonly tposPolicy: boolean };
  readonly targetSelection: boolean;
  readonly suites: readonly number[];
}

export class PicsError extends Error {
  override readonly name = 'PicsError';
  constructor(
    readonly problems: readonly string[],
    readonly source: string,
  ) {
    super(`invalid PICS ${source}:\n  ${problems.join('\n  ')}`);
  }
}

let validator: ReturnType<ReturnType<typeof newAjv>['compile']> | undefined;

function validate(): NonNullable<typeof validator> {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(packageFile('schemas/pics.schema.json'), 'utf8')) as object;
    validator = newAjv().compile(schema);
  }
  return validator;
}

/** Validates a parsed PICS value (fills defaults on a copy); throws PicsError naming each bad field. */
export function parsePics(value: unknown, source = '<inline>'): Pics {
  const copy: unknown = structuredClone(value);
  const check = validate();
  if (!check(copy)) throw new PicsError(formatAjvErrors('pics', check.errors), source);
  const p = copy as Pics & { fallback?: Partial<Pics['fallback']>; chainLimitRange?: Pics['chainLimitRange'] };
  const range = p.chainLimitRange ?? { min: p.chainLimit, max: p.chainLimit };
  if (range.min > range.max) throw new PicsError([`pics.chainLimitRange: min ${range.min} is above max ${range.max}`], source);
  if (p.chainLimit < range.min || p.chainLimit > range.max) throw new PicsError([`pics.chainLimit: ${p.chainLimit} is outside chainLimitRange ${range.min}..${range.max}`], source);
  // Nested defaults that ajv fills only when the parent object is present.
  return {
    ...p,
    chainLimitRange: range,
    implementation: p.implementation ?? {},
    fallback: { mnRequest: p.fallback?.mnRequest ?? true, tposPolicy: p.fallback?.tposPolicy ?? true },
  };
}

/** Reads and validates a PICS file; bad JSON and schema violations are PicsError. */
export function loadPics(file: string): Pics {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PicsError([`cannot read file: ${(e as Error).message}`], file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PicsError([`pics: not valid JSON (${(e as Error).message})`], file);
  }
  return parsePics(value, file);
}

/** The PICS of the bundled reference implementation: every role and option. */
export const REFERENCE_PICS: Pics = parsePics({ pics: 'proauth-pics/1', implementation: { name: 'proauth reference implementation' }, roles: ['MN', 'SPoS', 'TPoS'], chainLimitRange: { min: 0, max: 3 } }, 'reference');
