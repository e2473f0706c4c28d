import type { PduObservation } from '../vocabulary/observation.ts';
import type { NewSa } from './step.ts';
import { lineageKey, lineageOf, type Lineage } from './trace-facts.ts';
import { violation, type Property, type PropertyContext } from './types.ts';

/** The lineage of the SA an optimized hop derives K from (the MN's serving SA before the step), if the trace knows it. */
function seedOf(ctx: PropertyContext, s: NewSa): Lineage | undefined {
  return s.how !== 'optimized' || s.parentKey === null ? undefined : ctx.facts.lineage.get(lineageKey(s.mn, s.parentKey));
}

const who = (s: NewSa): string => (s.side === 'mn' ? `MN ${s.mn} installed an SA with ${s.pos}` : `PoS ${s.pos} installed an SA for ${s.mn}`);

/** A new SA that breaks the key hierarchy of Note 2: K seeded from a GKB lineage, or an ERP chain counted wrongly. */
function wrongSa(ctx: PropertyContext, s: NewSa): string | null {
  const seed = seedOf(ctx, s);
  // A TLS seed is tls-exclusion's (5.14.2-N3), which comes first in the catalogue.
  if (seed?.root === 'GKB') return `${who(s)} by an optimized hop from a GKB-rooted SA: K is obtained through an EAP or ERP execution only`;
  //= SPEC_MAPPING.md#A-ERP-FULL
  //# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
  //# yields ID_TYPE 1 (variant V-ERP-FULL).
  // The ERP slice of depth-accounting, named here: an ERP run starts a chain (depth 0, root ERP)
  // and the first hop from it is one deep. Deeper hops are depth-accounting's alone.
  const erpFull = s.how === 'full';
  const firstHopFromErp = seed?.root === 'ERP' && seed.depth === 0;
  if (!erpFull && !firstHopFromErp) return null;
  const expected = lineageOf(ctx, s);
  if (erpFull) {
    if (expected.root === 'ERP' && (s.sa.depth !== 0 || s.sa.root !== 'ERP')) return `${who(s)} by an ERP run with depth ${s.sa.depth}, root ${s.sa.root}; ERP is a full establishment: depth 0, root ERP`;
  } else {
    if (s.sa.depth !== expected.depth) return `${who(s)} by the first optimized hop from an ERP-rooted SA with depth ${s.sa.depth}; its lineage gives depth ${expected.depth}`;
  }
  return null;
}

/** An SPoS's NOT_EAP_ROOT refusal of an SA whose lineage is EAP or ERP rooted (its SA with the MN before the step). */
function wrongRefusal(ctx: PropertyContext, p: PduObservation): string | null {
  if (p.type !== 'MIS_Prereg_Xfer.response' || p.reason !== 'NOT_EAP_ROOT' || ctx.prev === null) return null;
  const own = ctx.prev.poss.find((x) => x.id === p.src)?.sas.find((sa) => sa.peer === p.mn);
  if (own === undefined) return null;
  const root = ctx.facts.lineage.get(lineageKey(p.mn, own.key))?.root ?? own.root;
  return root === 'EAP' || root === 'ERP' ? `SPoS ${p.src} answered NOT_EAP_ROOT for MN ${p.mn}, whose SA with it has an ${root} root` : null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N2b
//# In this case, the MN and the TPoS use key derivation key K as it is obtained through an EAP or
//# ERP execution.
//= SPEC_MAPPING.md#A-ERP-FULL
//# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to 0 and
//# yields ID_TYPE 1 (variant V-ERP-FULL).
/**
 * 5.14.2-N2b "the MN and the TPoS use key derivation key K as it is obtained through an EAP or
 * ERP execution", with A-ERP-FULL (the default V-ERP-FULL: an ERP run is a full establishment):
 * - K is seeded only from an EAP- or ERP-rooted lineage: an optimized hop from the MN's serving
 *   SA whose lineage (the trace's, not the SA's claim) is GKB-rooted is a violation; a TLS root
 *   is left to tls-exclusion (5.14.2-N3). The SA a TPoS installs may carry another root than its
 *   seed: it installs the root it is told, and the lower tester's root lie tells it GKB;
 * - an ERP-rooted SA does seed K: an SPoS never answers NOT_EAP_ROOT for an SA whose lineage is
 *   EAP or ERP rooted;
 * - an SA made by an ERP run has depth 0 and root ERP, and the first optimized hop from it is
 *   as deep as its lineage says (1, or what the SPoS stated to the TPoS). This is the ERP slice
 *   of depth-accounting (same lineageOf), placed before it so that such a mistake names N2b;
 *   depth-accounting judges every other SA, and the depth the SPoS states.
 */
export const kFromEapOrErp: Property = {
  id: 'k-from-eap-or-erp',
  title: 'K comes from an EAP or ERP lineage; an ERP run starts a chain',
  requirements: ['5.14.2-N2b', 'A-ERP-FULL'],
  check(ctx) {
    for (const p of ctx.step.emitted) {
      const bad = wrongRefusal(ctx, p);
      if (bad !== null) return violation(this, bad);
    }
    for (const s of ctx.step.newSas) {
      const bad = wrongSa(ctx, s);
      if (bad !== null) return violation(this, bad);
    }
    return null;
  },
  exercised(ctx) {
    return ctx.step.newSas.some((s) => seedOf(ctx, s)?.root === 'ERP') ? ['5.14.2-N2b'] : [];
  },
};
