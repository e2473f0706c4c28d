import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import { perObservation } from './per-observation.ts';
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
    return perObservation(ctx, idTypeMismatch);
  },
  exercised(ctx) {
    return ctx.step.newSas.length > 0 ? ['5.14-T1'] : [];
  },
};

/** The state part: every SA's ID_TYPE matches its depth and root; MNs first, then PoSs. */
function idTypeMismatch(_config: WorldConfig, o: Observation): Violation | null {
  for (const m of o.mns) {
    for (const sa of m.sas) {
      const expected = sa.depth === 0 ? idTypeOfRoot(sa.root) : 3;
      if (sa.idType !== expected) return violation(idType, `MN ${m.id} holds ${describeSa(sa)}: ID_TYPE should be ${expected}`);
    }
  }
  for (const p of o.poss) {
    for (const sa of p.sas) {
      const expected = sa.depth === 0 ? idTypeOfRoot(sa.root) : 3;
      if (sa.idType !== expected) return violation(idType, `PoS ${p.id} holds ${describeSa(sa)}: ID_TYPE should be ${expected}`);
    }
  }
  return null;
}
