// Errors an entity raises towards its upper tester. receive() never throws: what arrives on
// the wire is discarded and counted instead (impl/entities/discards.ts).

/** A primitive called in a state where it is not enabled (docs/protocol.md §3). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The primitive that was refused, e.g. 'handover'. */
  readonly primitive: string;

  constructor(primitive: string, message: string) {
    super(`${primitive}: ${message}`);
    this.primitive = primitive;
  }
}
