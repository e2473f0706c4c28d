// What an entity hands to the network: encoded PDUs, each with its destination address.

export interface Output {
  /** The destination entity (a PoS id or an MN id). */
  readonly to: string;
  readonly bytes: Uint8Array;
}

/**
 * The link a PDU arrived on at a PoS. `access`: from an MN attached to this PoS's own access
 * network; `core`: anything else (from another PoS, or from an MN attached elsewhere, relayed
 * over its serving link). MIS_Auth.request carries nothing that says whether it is an initial
 * attachment or a full establishment for a handover; the link does (docs/protocol.md §5 step 6
 * "over the serving link"), so the PoS installs `serving` for `access` and `prepared` for `core`.
 */
export type Link = 'access' | 'core';
