// The world configuration of docs/protocol.md §1, checked before a world is built from it.

import { ERP_SEQ_SPACE } from '../erp-seq.ts';
import type { ModelDomainConfig, ModelMnConfig, ModelWorldConfig } from '../types.ts';
import { ModelError } from './errors.ts';

export type { ModelDomainConfig, ModelMnConfig, ModelWorldConfig };

// Ids are names, never tokens: '#' and '%' are reserved for fresh values (model/world/canonical.ts).
// Beyond ASCII any code point but a surrogate half (docs/protocol.md §4.4 identities are UTF-8),
// 64 at most (the SUT protocol's schemas).
const ID = /^(?:[A-Za-z0-9_.:-]|[^\p{ASCII}\p{Cs}]){1,64}$/u;
const METHODS = new Set(['EAP', 'ERP', 'TLS']);

function fail(message: string): never {
  throw new ModelError('BAD_CONFIG', message);
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}

function isSuiteArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every((n) => Number.isInteger(n) && (n as number) >= 0);
}

function checkUnique(xs: readonly string[], what: string): void {
  if (new Set(xs).size !== xs.length) fail(`${what} contains duplicates`);
}

/**
 * Throws ModelError('BAD_CONFIG') unless `x` is a world configuration of docs/protocol.md §1.
 * Beyond the shape: ids are unique and well formed, every reference names a configured domain,
 * and a PoS lists neither itself as a neighbour nor itself as a partner.
 */
export function checkConfig(x: unknown): ModelWorldConfig {
  if (typeof x !== 'object' || x === null) fail('the configuration is not an object');
  const c = x as Record<string, unknown>;
  if (!Number.isInteger(c.chainLimit) || (c.chainLimit as number) < 0) fail('chainLimit must be a non-negative integer');
  if (!Array.isArray(c.domains) || c.domains.length === 0) fail('domains must be a non-empty array');
  if (!Array.isArray(c.mns)) fail('mns must be an array');
  const domains = c.domains as unknown[];
  const ids = domains.map((d, i) => {
    if (typeof d !== 'object' || d === null) fail(`domains[${i}] is not an object`);
    const id = (d as { id?: unknown }).id;
    if (typeof id !== 'string' || !ID.test(id)) fail(`domains[${i}].id must match ${ID.source}`);
    return id;
  });
  checkUnique(ids, 'domain ids');
  const known = new Set(ids);
  domains.forEach((raw, i) => {
    const d = raw as Record<string, unknown>;
    const where = `domain ${String(d.id)}`;
    if (!isStringArray(d.rats)) fail(`${where}: rats must be an array of strings`);
    if (!isStringArray(d.neighbours)) fail(`${where}: neighbours must be an array of domain ids`);
    if (!isStringArray(d.partners)) fail(`${where}: partners must be an array of domain ids`);
    if (!isSuiteArray(d.suites)) fail(`${where}: suites must be an array of non-negative integers`);
    if (typeof d.requestsFallback !== 'boolean') fail(`${where}: requestsFallback must be a boolean`);
    for (const n of [...d.neighbours, ...d.partners]) {
      if (!known.has(n)) fail(`${where}: unknown domain ${n}`);
      if (n === ids[i]) fail(`${where}: a PoS cannot be its own neighbour or partner`);
    }
    checkUnique(d.neighbours, `${where}: neighbours`);
    checkUnique(d.partners, `${where}: partners`);
  });
  const mns = c.mns as unknown[];
  const mnIds = mns.map((m, i) => {
    if (typeof m !== 'object' || m === null) fail(`mns[${i}] is not an object`);
    const r = m as Record<string, unknown>;
    if (typeof r.id !== 'string' || !ID.test(r.id)) fail(`mns[${i}].id must match ${ID.source}`);
    if (typeof r.home !== 'string' || !known.has(r.home)) fail(`mn ${r.id}: home must be a configured domain`);
    if (!isStringArray(r.rats)) fail(`mn ${r.id}: rats must be an array of strings`);
    if (typeof r.method !== 'string' || !METHODS.has(r.method)) fail(`mn ${r.id}: method must be EAP, ERP or TLS`);
    if (!isSuiteArray(r.suites)) fail(`mn ${r.id}: suites must be an array of non-negative integers`);
    if (r.erpSeqStart !== undefined) {
      //= SPEC_MAPPING.md#A-ERP-SEQ
      //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
      //# provision the start per MN (default 0)
      // 0..65535 are SEQs, 65536 says none is left; only an ERP MN has one.
      if (!Number.isInteger(r.erpSeqStart) || (r.erpSeqStart as number) < 0 || (r.erpSeqStart as number) > ERP_SEQ_SPACE) fail(`mn ${r.id}: erpSeqStart must be an integer in 0..${ERP_SEQ_SPACE}`);
      if (r.method !== 'ERP') fail(`mn ${r.id}: erpSeqStart is given but its method is ${String(r.method)}, not ERP`);
    }
    return r.id;
  });
  checkUnique(mnIds, 'mn ids');
  for (const m of mnIds) if (known.has(m)) fail(`mn id ${m} is also a domain id (PDU addresses would be ambiguous)`);
  return x as ModelWorldConfig;
}
