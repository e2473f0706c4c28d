// The typed errors of the model: bad input is refused with a code the caller can act on.

export type ModelErrorCode =
  /** The world configuration does not follow docs/protocol.md §1. */
  | 'BAD_CONFIG'
  /** The event is malformed or names an unknown MN, domain or index. */
  | 'BAD_EVENT'
  /** The event is well formed but not enabled in this world (docs/protocol.md §3). */
  | 'NOT_ENABLED'
  /** A machine failed while computing a transition (a bug of the model, never an input error). */
  | 'MACHINE_FAILURE';

export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(readonly code: ModelErrorCode, message: string) {
    super(`${code}: ${message}`);
  }
}
