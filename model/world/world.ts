// The world of docs/protocol.md, composed of the machines of model/machines: its state
// (state.ts), the events it enables (enabled.ts), stepping (step.ts), fresh tokens (tokens.ts)
// and the view the harness observes (view.ts).

export type { ModelWorldConfig, ModelView, HandoverOutcome } from '../types.ts';
export type { Variant } from '../variants.ts';
export type { FaultKind, WorldEvent } from './events.ts';
export { ModelError } from './errors.ts';
export { type PosState, type Redelivery, type ReplayEntry, type World, type WorldOptions, initialWorld, lifecycleOf } from './state.ts';
export { blocksEveryStimulus, checkEnabled, enabled } from './enabled.ts';
export { drawAdversaryToken, tokenSources } from './tokens.ts';
export { type FiredTransition, type StepRecord, discardCauseOf, step, stepRecord, stepWithRecord } from './step.ts';
export { view } from './view.ts';
