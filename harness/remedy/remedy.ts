// A remedy: a named combination of the model's knobs (who enforces Note 4, how the counter
// travels, the TPoS range check, where K comes from, what the completion names, the TLS
// exclusion, how a fallback request is handled, what the MN checks of the TPoS address, whether
// a PoS that serves the MN may be made its TPoS, L), read from a JSON or YAML file and turned
// into the row the what-if matrix and the explorer run against every adversary.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CounterProtection } from '../../model/adversary/attacked-world.ts';
import { resolveVariant, type Variant } from '../../model/variants.ts';
import type { MatrixRow } from '../whatif/rows.ts';
import { checkRemedyFile, RemedyError, type RemedyFile } from './schema.ts';

export { RemedyError } from './schema.ts';

export interface Remedy {
  readonly id: string;
  readonly title: string;
  /** Every axis of the model, as the remedy sets it (the profile's reading where it is silent). */
  readonly variant: Variant;
  readonly counter: CounterProtection;
  readonly method: 'EAP' | 'ERP' | 'TLS';
  /** L of the property set. */
  readonly chainLimit: number;
  /** The L sweep. */
  readonly limits: readonly number[];
}

const DEFAULT_LIMITS = { min: 0, max: 8 };

const TLS_EXCLUSIONS = { 'root': 'V-TLS-ROOT', 'protocol': 'V-TLS-PROTOCOL', 'mn': 'V-TLS-MN' } as const;
const K_SOURCES = { 'spos': 'V-K-SPOS', 'hpos': 'V-K-HPOS', 'hpos-emsk': 'V-K-HPOS-EMSK' } as const;
const TARGET_CHECK: Readonly<Record<RemedyFile['targetCheck'], Variant['mnTargetCheck']>> = {
  none: 'V-MN-NO-TARGET-CHECK', named: 'V-MN-TARGET-CHECK', reachable: 'V-MN-TARGET-REACHABLE',
};

/** The V- ids a validated remedy file names, axis by axis. */
function variantOf(f: RemedyFile): Variant {
  return resolveVariant({
    enforce: f.enforce,
    counterRange: f.rangeCheck ? 'V-COUNTER-RANGE' : 'V-RANGE-UPPER',
    count: f.count === 'depth' ? 'V-COUNT-DEPTH' : 'V-COUNT-HOPS-ANY',
    kSource: K_SOURCES[f.kSource],
    kScope: f.kScope === 'per-tpos' ? 'V-K-PER-TPOS' : 'V-K-SHARED',
    completion: f.completion === 'bound' ? 'V-COMPLETE-BOUND' : 'V-COMPLETE-UNBOUND',
    tls: TLS_EXCLUSIONS[f.tlsExclusion],
    erp: f.erp === 'full' ? 'V-ERP-FULL' : 'V-ERP-OPTIMIZED',
    note1: f.note1 === 'not-possible' ? 'V-NOTE1-NOT-POSSIBLE' : 'V-NOTE1-LITERAL',
    mnFallback: f.fallback?.mn === 'honoured' ? 'V-FALLBACK-HONOURED' : 'V-FALLBACK-ACCEPTS',
    tposSeesFallback: f.fallback?.tposSees === true ? 'V-FALLBACK-SEEN' : 'V-FALLBACK-UNSEEN',
    mnTargetCheck: TARGET_CHECK[f.targetCheck],
    tposServing: f.servingPos === 'refuses' ? 'V-TPOS-SERVING-REFUSES' : 'V-TPOS-SERVING-ACCEPTS',
  });
}

/** A remedy from a parsed file; RemedyError names each bad field. */
export function parseRemedy(value: unknown, source = '<inline>'): Remedy {
  const f = checkRemedyFile(value, source);
  const { min, max } = f.limits ?? DEFAULT_LIMITS;
  return {
    id: f.id,
    title: f.title ?? `remedy ${f.id}`,
    variant: variantOf(f),
    counter: f.counter === 'mac' ? 'V-COUNTER-MAC' : 'V-COUNTER-CLEAR',
    method: f.method,
    chainLimit: f.chainLimit,
    limits: Array.from({ length: max - min + 1 }, (_, i) => min + i),
  };
}

/** Reads a remedy file: `.json`, or `.yaml`/`.yml` (YAML 1.2). */
export function loadRemedy(file: string): Remedy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RemedyError([`cannot read file: ${(e as Error).message}`], file);
  }
  const ext = extname(file).toLowerCase();
  let value: unknown;
  try {
    if (ext === '.json') value = JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') value = parseYaml(text);
    else throw new RemedyError([`remedy: the file name must end in .json, .yaml or .yml, not ${JSON.stringify(ext)}`], file);
  } catch (e) {
    if (e instanceof RemedyError) throw e;
    throw new RemedyError([`remedy: not valid ${ext === '.json' ? 'JSON' : 'YAML'} (${(e as Error).message.split('\n')[0] ?? ''})`], file);
  }
  return parseRemedy(value, file);
}

/** The matrix row of a remedy: every axis it sets, against every adversary, at every L of its range. */
export function remedyRow(r: Remedy): MatrixRow {
  return { id: r.id, title: r.title, variant: r.variant, counter: r.counter, method: r.method, requirement: '5.14.2-N4c', sweep: 'all' };
}
