// The events of a world: the upper-tester stimuli of docs/protocol.md §3 (same kinds and field
// names as Stimulus in harness/observation.ts) and the adversary's moves. The adversary union
// is open for extension: the what-if analysis adds replay, inject and compromise.

import type { DomainId, MnId } from '../types.ts';

export type StimulusEvent =
  | { readonly kind: 'attach'; readonly mn: MnId; readonly domain: DomainId }
  | { readonly kind: 'handover'; readonly mn: MnId; readonly target: DomainId | null; readonly fallback: boolean }
  | { readonly kind: 'complete'; readonly mn: MnId }
  | { readonly kind: 'abort'; readonly mn: MnId }
  | { readonly kind: 'setFallbackPolicy'; readonly domain: DomainId; readonly on: boolean }
  | { readonly kind: 'deliver'; readonly index: number };

/** Network faults; enabled only in worlds created with them in `adversary`. */
export type AdversaryEvent =
  /** The PDU at `index` is lost. */
  | { readonly kind: 'drop'; readonly index: number }
  /** The PDU at `index` is delivered twice: a copy is appended to the in-flight list. */
  | { readonly kind: 'duplicate'; readonly index: number };

export type AdversaryKind = AdversaryEvent['kind'];
export const ADVERSARY_KINDS: readonly AdversaryKind[] = ['drop', 'duplicate'];

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
  }
}
