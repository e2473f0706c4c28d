// The remedy file's schema (schemas/remedy.schema.json) and its errors: one line per bad field,
// named the way the file spells it (`remedy.enforce[1]: must be one of MN, SPoS, TPoS`).
import { readFileSync } from 'node:fs';
import { formatAjvErrors, newAjv, type ValidateFunction } from '../pics/ajv.ts';

/** A remedy file that cannot be read, parsed or validated (exit 2, like a bad PICS). */
export class RemedyError extends Error {
  override readonly name = 'RemedyError';
  constructor(
    readonly problems: readonly string[],
    readonly source: string,
  ) {
    super(`invalid remedy ${source}: ${problems.join('; ')}`);
  }
}

/** The fields of a remedy file after validation, defaults filled (schemas/remedy.schema.json). */
export interface RemedyFile {
  readonly format: 'proauth-remedy/1';
  readonly id: string;
  readonly title?: string;
  readonly source?: string;
  readonly enforce: readonly ('MN' | 'SPoS' | 'TPoS')[];
  readonly counter: 'mac' | 'clear';
  readonly rangeCheck: boolean;
  readonly count: 'depth' | 'hops-any';
  readonly kSource: 'spos' | 'hpos' | 'hpos-emsk';
  readonly kScope: 'per-tpos' | 'shared';
  readonly completion: 'unbound' | 'bound';
  readonly tlsExclusion: 'root' | 'protocol' | 'mn';
  readonly erp: 'full' | 'optimized';
  readonly note1: 'not-possible' | 'literal';
  readonly fallback?: { readonly mn: 'accepts' | 'honoured'; readonly tposSees: boolean };
  readonly targetCheck: 'none' | 'named' | 'reachable';
  readonly servingPos: 'accepts' | 'refuses';
  readonly method: 'EAP' | 'ERP' | 'TLS';
  readonly chainLimit: number;
  readonly limits?: { readonly min: number; readonly max: number };
}

const SCHEMA_URL = new URL('../../schemas/remedy.schema.json', import.meta.url);
let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= newAjv().compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  return validator;
}

/** Validates a parsed remedy (defaults filled on a copy); throws RemedyError naming each bad field. */
export function checkRemedyFile(value: unknown, source: string): RemedyFile {
  const copy: unknown = structuredClone(value);
  const check = validate();
  if (!check(copy)) throw new RemedyError(formatAjvErrors('remedy', check.errors), source);
  const r = copy as RemedyFile;
  if (r.limits !== undefined && r.limits.min > r.limits.max) throw new RemedyError([`remedy.limits: min ${r.limits.min} is above max ${r.limits.max}`], source);
  return r;
}
