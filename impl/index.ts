// The reference implementation of Clause 5.14 as profiled in docs/protocol.md: protocol
// engines (entities/), the in-process world the harness drives (system.ts), the wire codec
// (wire/) and the key schedule (crypto/). Nothing here imports model/ (README.md, the walls; lint enforces it).
export {
  ImplSystem,
  createEntities,
  corrupted,
  worldSecrets,
  type Corruption,
  type ImplEntities,
  type ImplSnapshot,
  type ImplSystemOptions,
  type InFlightPdu,
  type MnSnapshot,
  type PosSnapshot,
  type WorldSecrets,
} from './system.ts';
export {
  DEFAULT_POLICY,
  DEFAULT_PROVISIONING,
  type ChainEnforcers,
  type ImplDomainConfig,
  type ImplMnConfig,
  type ImplPolicyOptions,
  type ImplWorldConfig,
  type ProvisioningOptions,
} from './config.ts';
export { ConfigError, resolvePolicy, validateWorld } from './config-validation.ts';
export { UsageError } from './entities/errors.ts';
export { MnEngine, type MnEngineConfig, type MnHandoverOutcome, type MnLifecycle } from './entities/mn.ts';
export { PosEngine, type PosEngineConfig } from './entities/pos.ts';
export { HomeSubscribers, type HomeDirectory, type HomeServer } from './entities/home.ts';
export type { DiscardReason, DiscardRecord } from './entities/discards.ts';
export type { Link, Output } from './entities/output.ts';
export type { SaState, SaView } from './entities/sa.ts';
