import type { Observation, RootKind, WorldConfig } from '../vocabulary/observation.ts';
import { perObservationWith } from './per-observation.ts';
import { lineageKey, type Lineage, type TraceFacts } from './trace-facts.ts';
import { violation, type Property, type Violation } from './types.ts';
import { describeSa, idTypeOfRoot } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
//= SPEC_MAPPING.md#A-ERP-FULL
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
/**
 * 5.14-T1 "ID_TYPE ... 0: TLS-generated; 1: EAP-generated; 2: GKB-generated; 3:
 * SPoS-generated". An SA made by a full establishment (depth 0) carries the ID_TYPE of its root
 * (ERP is EAP-generated, A-ERP-FULL); an SA made by an optimized hop (depth > 0) is
 * SPoS-generated. Also checked against the exchange that made a new SA.
 */
export const idType: Property = {
  id: 'id-type',
  title: 'ID_TYPE matches how the SA was made',
  requirements: ['5.14-T1'],
  check(ctx) {
    for (const s of ctx.step.newSas) {
      if (s.how === 'optimized' && s.sa.idType !== 3) {
        return violation(this, `${s.side === 'mn' ? `MN ${s.mn}` : `PoS ${s.pos}`} installed an SA by an optimized hop with ID_TYPE ${s.sa.idType}, not 3 (SPoS-generated)`);
      }
      if (s.how === 'full' && s.sa.idType === 3) {
        return violation(this, `${s.side === 'mn' ? `MN ${s.mn}` : `PoS ${s.pos}`} installed an SA by a full establishment with ID_TYPE 3 (SPoS-generated)`);
      }
    }
    return perObservationWith(ctx, ctx.facts.lineage, idTypeMismatch);
  },
  exercised(ctx) {
    return ctx.step.newSas.length > 0 ? ['5.14-T1'] : [];
  },
};

//= SPEC_MAPPING.md#V-RANGE-UPPER
//# A TPoS that enforces refuses only a counter above L; a lower counter, 0 included, is accepted.
/**
 * The ID_TYPE an SA of `depth` and `root` holds: an honest peer's depth says how the SA was made
 * (0 after a full establishment). A TPoS told depth 0 by a lie (F-29) made its SA by an
 * optimized hop all the same: an SA of depth 0 and ID_TYPE 3 is judged by how it was made, at
 * the step that installed it (its key has no lineage yet) or by its lineage (a told depth
 * below the count, `counted`).
 */
function expectedIdType(sa: { readonly depth: number; readonly root: RootKind; readonly idType: number }, lineage: Lineage | undefined, fresh: boolean): number {
  if (sa.depth > 0) return 3;
  if (sa.idType === 3 && (fresh || lineage?.counted !== undefined)) return 3;
  return idTypeOfRoot(sa.root);
}

/** The state part: every SA's ID_TYPE matches how it was made; MNs first, then PoSs. */
function idTypeMismatch(_config: WorldConfig, o: Observation, lineage: TraceFacts['lineage']): Violation | null {
  for (const m of o.mns) {
    for (const sa of m.sas) {
      const l = lineage.get(lineageKey(m.id, sa.key));
      const expected = expectedIdType(sa, l, l === undefined);
      if (sa.idType !== expected) return violation(idType, `MN ${m.id} holds ${describeSa(sa)}: ID_TYPE should be ${expected}`);
    }
  }
  for (const p of o.poss) {
    for (const sa of p.sas) {
      const l = lineage.get(lineageKey(sa.peer, sa.key));
      const expected = expectedIdType(sa, l, l === undefined);
      if (sa.idType !== expected) return violation(idType, `PoS ${p.id} holds ${describeSa(sa)}: ID_TYPE should be ${expected}`);
    }
  }
  return null;
}
