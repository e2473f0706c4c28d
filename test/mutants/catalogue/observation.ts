//= SPEC_MAPPING.md#A-DEPTH-WIRE
//= type=test
//# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
//# MIS_N2N_Prereg_Xfer.request
// Fields no peer decides on (the MN's depth view is informational, A-DEPTH-WIRE) or that a
// peer tolerates: only a comparison of whole PDU observations (vocabulary/observation.ts) sees them.
import type { MutantSpec } from '../catalogue.ts';

export const OBSERVATION_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'mn-depth-view-off-by-one',
    requirement: ['A-DEPTH-WIRE', '5.14.2-N4b'],
    file: 'entities/mn.ts',
    find: '        depth: Math.min(serving.depth, DEPTH_MAX),',
    replace: '        depth: Math.min(serving.depth + 1, DEPTH_MAX),',
    description: 'The MN states the depth of the SA it asks for (its own + 1) instead of its own.',
  },
  {
    name: 'mn-fallback-flag-dropped',
    requirement: '5.14.2-N1c',
    file: 'entities/mn.ts',
    find: '        fallback: fallback || chainForced,',
    replace: '        fallback: chainForced,',
    description: "The MN sets the fallback flag only for its own chain enforcement, not when asked to.",
  },
  {
    name: 'ho-complete-names-home',
    //= SPEC_MAPPING.md#A-HO-COMPLETE
    //= type=test
    //# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
    //# MIS_N2N_HO_Complete.indication (TPoS
    requirement: ['A-HO-COMPLETE', '5.14.1-S19'],
    file: 'entities/mn.ts',
    find: 'mn: this.id, tid: freshTid(this.#random), previous },',
    replace: 'mn: this.id, tid: freshTid(this.#random), previous: this.home },',
    description: 'MIS_HO_Complete.request names the MN\'s home PoS as the previous one instead of the SPoS it leaves.',
  },
];
