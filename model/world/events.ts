// The events of a world: the upper-tester stimuli and the network faults of docs/protocol.md §3
// (same kinds and field names as Stimulus in harness/observation.ts), and room for the
// adversary's moves of the what-if analysis.

import type { DomainId, MnId } from '../types.ts';

/** The control interface: stimuli of the upper tester and the network's delivery choice. */
export type ProtocolEvent =
  | { readonly kind: 'attach'; readonly mn: MnId; readonly domain: DomainId }
  | { readonly kind: 'handover'; readonly mn: MnId; readonly target: DomainId | null; readonly fallback: boolean }
  | { readonly kind: 'complete'; readonly mn: MnId }
  | { readonly kind: 'abort'; readonly mn: MnId }
  | { readonly kind: 'setFallbackPolicy'; readonly domain: DomainId; readonly on: boolean }
  | { readonly kind: 'deliver'; readonly index: number };

export type Corruption = 'trailing' | 'truncate' | 'unknown-tlv';
export const CORRUPTIONS: readonly Corruption[] = ['trailing', 'truncate', 'unknown-tlv'];

/** Network faults: part of every conformance run (docs/protocol.md §3). */
export type FaultEvent =
  /** The PDU at `index` is lost. */
  | { readonly kind: 'drop'; readonly index: number }
  /** A copy of the PDU at `index` is appended (once per PDU). */
  | { readonly kind: 'duplicate'; readonly index: number }
  /** The PDU at `index` becomes malformed; its receiver will discard it. */
  | { readonly kind: 'corrupt'; readonly index: number; readonly how: Corruption };

export type FaultKind = FaultEvent['kind'];
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'duplicate', 'corrupt'];

/** Exactly the Stimulus of harness/observation.ts. */
export type StimulusEvent = ProtocolEvent | FaultEvent;

/**
 * The adversary of the what-if analysis (replay of an old PDU, inject from an unauthorized PoS,
 * compromise of a PoS). Not part of a conformance run; its moves are added here as members of
 * this union, each with a `kind` of its own (the switches over WorldEvent are exhaustive, so
 * the compiler points at every place a new move must be handled).
 */
export type AdversaryEvent = never;

export type WorldEvent = StimulusEvent | AdversaryEvent;

/** A compact, stable rendering of an event (traces, test names). */
export function eventLabel(e: WorldEvent): string {
  switch (e.kind) {
    case 'attach': return `attach ${e.mn} ${e.domain}`;
    case 'handover': return `handover ${e.mn} ${e.target ?? '(select)'}${e.fallback ? ' fallback' : ''}`;
    case 'complete': return `complete ${e.mn}`;
    case 'abort': return `abort ${e.mn}`;
    case 'setFallbackPolicy': return `setFallbackPolicy ${e.domain} ${e.on ? 'on' : 'off'}`;
    case 'deliver': return `deliver ${e.index}`;
    case 'drop': return `drop ${e.index}`;
    case 'duplicate': return `duplicate ${e.index}`;
    case 'corrupt': return `corrupt ${e.index} ${e.how}`;
  }
}
