// The checks that reject a world, policy or provisioning the protocol cannot run. They are a
// module of their own because StrykerJS leaves it out of `mutate` (stryker.config.mjs): the
// conformance check runs only worlds and policies its generators made valid, so a mutant that
// weakens a check here could fail a unit test but never a conformance run, and counting it
// would measure impl/'s unit tests, not the check (README.md, "Mutation testing in two stages").
import {
  DEPTH_MAX,
  ERP_SEQ_START_MAX,
  mergePolicy,
  mergeProvisioning,
  type ImplPolicyOptions,
  type ImplWorldConfig,
  type ProvisioningOptions,
} from './config.ts';

/** Thrown when a world or policy configuration cannot be run. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const TLS_EXCLUSIONS: readonly ImplPolicyOptions['tlsExclusion'][] = ['root', 'protocol', 'mn'];

/** The policy of a world: its defaults overridden by `partial`, every option checked. */
export function resolvePolicy(world: ImplWorldConfig, partial: Partial<ImplPolicyOptions> = {}): ImplPolicyOptions {
  const policy = mergePolicy(world, partial);
  if (!Number.isInteger(policy.chainLimit) || policy.chainLimit < 0 || policy.chainLimit >= DEPTH_MAX) {
    throw new ConfigError(`chainLimit ${policy.chainLimit} is not an integer in 0..${DEPTH_MAX - 1}`);
  }
  if (!TLS_EXCLUSIONS.includes(policy.tlsExclusion)) throw new ConfigError(`tlsExclusion '${String(policy.tlsExclusion)}' is not 'root', 'protocol' or 'mn'`);
  if (policy.kSource !== 'spos' && policy.kSource !== 'hpos') throw new ConfigError(`kSource '${String(policy.kSource)}' is not 'spos' or 'hpos'`);
  if (!Number.isInteger(policy.replayCacheSize) || policy.replayCacheSize < 1) throw new ConfigError(`replayCacheSize ${policy.replayCacheSize} is not a positive integer`);
  if (typeof policy.honourFallback !== 'boolean') throw new ConfigError(`honourFallback '${String(policy.honourFallback)}' is not a boolean`);
  if (typeof policy.rangeCheck !== 'boolean') throw new ConfigError(`rangeCheck '${String(policy.rangeCheck)}' is not a boolean`);
  if (policy.servingPos !== 'accepts' && policy.servingPos !== 'refuses') throw new ConfigError(`servingPos '${String(policy.servingPos)}' is not 'accepts' or 'refuses'`);
  if (policy.targetCheck !== 'named' && policy.targetCheck !== 'reachable') throw new ConfigError(`targetCheck '${String(policy.targetCheck)}' is not 'named' or 'reachable'`);
  return policy;
}

/** The provisioning of a world: its defaults overridden by `partial`, checked. */
export function resolveProvisioning(partial: Partial<ProvisioningOptions> = {}): ProvisioningOptions {
  const provisioning = mergeProvisioning(partial);
  checkErpSeqStart('provisioning', provisioning.erpSeqStart);
  return provisioning;
}

function checkErpSeqStart(what: string, erpSeqStart: unknown): void {
  if (!Number.isInteger(erpSeqStart) || (erpSeqStart as number) < 0 || (erpSeqStart as number) > ERP_SEQ_START_MAX) {
    throw new ConfigError(`${what}: erpSeqStart ${String(erpSeqStart)} is not an integer in 0..${ERP_SEQ_START_MAX}`);
  }
}

// Limits the wire imposes on configuration values (impl/wire/format.ts).
const IDENTITY_MAX_BYTES = 253;
const SUITE_MIN = 1;
const SUITE_MAX = 4;
const METHODS: readonly string[] = ['EAP', 'ERP', 'TLS'];

function checkIdentity(what: string, id: unknown): void {
  if (typeof id !== 'string' || id.length === 0 || new TextEncoder().encode(id).length > IDENTITY_MAX_BYTES) {
    throw new ConfigError(`${what}: identity ${JSON.stringify(id)} is not a string of 1..${IDENTITY_MAX_BYTES} UTF-8 bytes`);
  }
}

function checkSuites(what: string, suites: readonly number[]): void {
  if (!Array.isArray(suites) || suites.length > 255) throw new ConfigError(`${what}: suites must be an array of at most 255 codes`);
  for (const s of suites) {
    if (!Number.isInteger(s) || s < SUITE_MIN || s > SUITE_MAX) throw new ConfigError(`${what}: suite ${String(s)} is not a code in ${SUITE_MIN}..${SUITE_MAX} (A-SUITES)`);
  }
}

/** Rejects a world the protocol cannot run: dangling references, clashing ids, unencodable values. */
export function validateWorld(world: ImplWorldConfig): void {
  const domainIds = new Set<string>();
  for (const d of world.domains) {
    checkIdentity('domain', d.id);
    if (domainIds.has(d.id)) throw new ConfigError(`domain '${d.id}' is declared twice`);
    domainIds.add(d.id);
  }
  const mnIds = new Set<string>();
  for (const m of world.mns) {
    checkIdentity('mn', m.id);
    if (mnIds.has(m.id) || domainIds.has(m.id)) throw new ConfigError(`mn '${m.id}' clashes with another MN or a domain (entities share one address space)`);
    mnIds.add(m.id);
  }
  for (const d of world.domains) {
    for (const n of d.neighbours) if (!domainIds.has(n)) throw new ConfigError(`domain '${d.id}': neighbour '${n}' is not a domain`);
    for (const p of d.partners) if (!domainIds.has(p)) throw new ConfigError(`domain '${d.id}': partner '${p}' is not a domain`);
    checkSuites(`domain '${d.id}'`, d.suites);
    if (typeof d.requestsFallback !== 'boolean') throw new ConfigError(`domain '${d.id}': requestsFallback must be a boolean`);
  }
  for (const m of world.mns) {
    if (!domainIds.has(m.home)) throw new ConfigError(`mn '${m.id}': home '${m.home}' is not a domain`);
    if (!METHODS.includes(m.method)) throw new ConfigError(`mn '${m.id}': method '${String(m.method)}' is not EAP, ERP or TLS`);
    checkSuites(`mn '${m.id}'`, m.suites);
    if (m.erpSeqStart !== undefined) {
      checkErpSeqStart(`mn '${m.id}'`, m.erpSeqStart);
      // §5.4: only an ERP MN has a SEQ; on another MN the value would silently mean nothing.
      if (m.method !== 'ERP') throw new ConfigError(`mn '${m.id}': erpSeqStart is given but its method is ${m.method}, not ERP`);
    }
  }
}
