// The model keeps its own vocabulary (it never imports harness/), structurally identical to the
// observation vocabulary where the model and an SUT meet. Checked by the type checker
// (npm run typecheck); the runtime part checks a view against the Observation shape.

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DiscardSummary as HarnessDiscards, HandoverOutcome as HarnessOutcome, Observation, Stimulus, WorldConfig } from '../../vocabulary/observation.ts';
import type { DiscardSummary, HandoverOutcome, ModelView, ModelWorldConfig } from '../../model/types.ts';
import type { StimulusEvent } from '../../model/world/events.ts';
import { view } from '../../model/world/world.ts';
import { Driver, partnerRing } from './fixtures.ts';

describe('vocabulary', () => {
  it('ModelWorldConfig, ModelView, StimulusEvent and HandoverOutcome are the harness types', () => {
    expectTypeOf<ModelWorldConfig>().toEqualTypeOf<WorldConfig>();
    expectTypeOf<ModelView>().toEqualTypeOf<Observation>();
    expectTypeOf<StimulusEvent>().toEqualTypeOf<Stimulus>();
    expectTypeOf<HandoverOutcome>().toEqualTypeOf<HarnessOutcome>();
    expectTypeOf<DiscardSummary>().toEqualTypeOf<HarnessDiscards>();
  });

  it('a view carries exactly the fields of an Observation', () => {
    const d = new Driver(partnerRing());
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    const o: Observation = view(d.world);
    expect(Object.keys(o).sort()).toEqual(['inFlight', 'mns', 'poss']);
    expect(Object.keys(o.inFlight[0] ?? {}).sort()).toEqual(['dst', 'method', 'mn', 'nonceN', 'src', 'type']);
    d.drain();
    const v = view(d.world);
    expect(Object.keys(v.mns[0] ?? {}).sort()).toEqual(['attachedTo', 'id', 'lifecycle', 'sas']);
    expect(Object.keys(v.mns[0]?.sas[0] ?? {}).sort()).toEqual(['depth', 'idType', 'key', 'peer', 'root', 'state', 'suite']);
  });
});
