// A small reference statechart for the bare XState figures: the shape of one MN (attach,
// prepare, complete with a depth counter and a chain-limit guard), a few states, a guard, an
// assign. It measures what XState itself costs per event, apart from any proauth logic.
import { assign, setup } from 'xstate';

type RefEvent = { type: 'attach' } | { type: 'handover' } | { type: 'answer'; optimized: boolean } | { type: 'complete' };

export const referenceMachine = setup({
  types: {
    context: {} as { depth: number; handovers: number },
    events: {} as RefEvent,
  },
  guards: {
    underChainLimit: ({ context, event }) => event.type === 'answer' && event.optimized && context.depth < 3,
  },
  actions: {
    resetDepth: assign({ depth: 0 }),
    deepen: assign({ depth: ({ context }) => context.depth + 1 }),
    countHandover: assign({ handovers: ({ context }) => context.handovers + 1 }),
  },
}).createMachine({
  id: 'ref-mn',
  initial: 'detached',
  context: { depth: 0, handovers: 0 },
  states: {
    detached: { on: { attach: { target: 'idle', actions: 'resetDepth' } } },
    idle: { on: { handover: { target: 'waiting', actions: 'countHandover' } } },
    waiting: {
      on: {
        answer: [
          { guard: 'underChainLimit', target: 'prepared', actions: 'deepen' },
          { target: 'prepared', actions: 'resetDepth' },
        ],
      },
    },
    prepared: { on: { complete: 'idle' } },
  },
});

/** A cycle of events that is enabled forever from `idle` (after one attach). */
export const referenceCycle: readonly RefEvent[] = [
  { type: 'handover' },
  { type: 'answer', optimized: true },
  { type: 'complete' },
  { type: 'handover' },
  { type: 'answer', optimized: false },
  { type: 'complete' },
];
