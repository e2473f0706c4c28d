import type { Observation, WorldConfig } from '../vocabulary/observation.ts';
import { perObservation } from './per-observation.ts';
import { lineageKey } from './trace-facts.ts';
import { violation, type Property, type Violation } from './types.ts';
import { mnConfigOf } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.2-N3
//# If protocol of establishing SAs between an MN and a TPoS is
//= SPEC_MAPPING.md#V-TLS-ROOT
//# No optimized hop from an SA whose lineage root is TLS: the SPoS checks the root of its own SA
//# with the MN (TLS_ROOT).
/**
 * 5.14.2-N3 "If protocol of establishing SAs between an MN and a TPoS is TLS, then the
 * optimized SA establishment method does not apply" (default reading V-TLS-ROOT: an SA whose
 * lineage started with TLS never seeds an optimized hop). In this profile an MN runs one method
 * for every full establishment, so an MN whose method is TLS never gets an optimized SA, and no
 * SPoS-generated SA (ID_TYPE 3) ever has a TLS root.
 */
export const tlsExclusion: Property = {
  id: 'tls-exclusion',
  title: 'No optimized establishment when the root is TLS',
  requirements: ['5.14.2-N3', 'V-TLS-ROOT'],
  check(ctx) {
    for (const s of ctx.step.newSas) {
      if (s.how !== 'optimized') continue;
      const method = mnConfigOf(ctx.config, s.mn)?.method;
      const parentRoot = s.parentKey === null ? undefined : ctx.facts.lineage.get(lineageKey(s.mn, s.parentKey))?.root;
      if (method === 'TLS' || parentRoot === 'TLS') {
        return violation(this, `${s.side === 'mn' ? `MN ${s.mn}` : `TPoS ${s.pos}`} installed an optimized SA for ${s.side === 'mn' ? s.pos : s.mn} although MN ${s.mn}'s chain is rooted in TLS (method ${method ?? '?'})`);
      }
    }
    // Only a lie states a TLS root to a TPoS (the root-tls lie): the SA it installs is TLS-rooted
    // as told, though no hop left a TLS lineage (the check above). The state part is then
    // judged without the SAs whose lineage the trace has as told TLS.
    if (perObservation(ctx, tlsRootedOptimizedSa) === null) return null;
    return tlsRootedOptimizedSa(ctx.config, ctx.next, toldTls(ctx));
  },
  exercised(ctx) {
    const tlsMnActs = ctx.step.emitted.some((p) => p.reason === 'TLS_ROOT') || ctx.step.newSas.some((s) => mnConfigOf(ctx.config, s.mn)?.method === 'TLS' && s.side === 'mn' && s.how === 'full' && s.parentKey !== null);
    return tlsMnActs ? ['5.14.2-N3'] : [];
  },
};

/**
 * The `${mn}\0${key}` of every optimized SA whose TLS root was stated to its TPoS from a lineage
 * that was not TLS (so no optimized hop left a TLS lineage): earlier ones by the trace facts,
 * this step's by the N2N request that made it.
 */
function toldTls(ctx: Parameters<Property['check']>[0]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [k, l] of ctx.facts.lineage) if (l.root === 'TLS') out.add(k);
  for (const s of ctx.step.newSas) if (s.how === 'optimized' && s.stated?.root === 'TLS') out.add(lineageKey(s.mn, s.sa.key));
  return out;
}

/**
 * The state part: no SPoS-generated SA (ID_TYPE 3) has a TLS root, but for the SAs of `told`;
 * MNs first, then PoSs.
 */
function tlsRootedOptimizedSa(_config: WorldConfig, o: Observation, told: ReadonlySet<string> = NONE): Violation | null {
  for (const m of o.mns) {
    for (const bad of m.sas) if (bad.idType === 3 && bad.root === 'TLS' && !told.has(lineageKey(m.id, bad.key))) return violation(tlsExclusion, `MN ${m.id} holds an SPoS-generated SA (ID_TYPE 3) with ${bad.peer} whose root is TLS`);
  }
  for (const p of o.poss) {
    for (const bad of p.sas) if (bad.idType === 3 && bad.root === 'TLS' && !told.has(lineageKey(bad.peer, bad.key))) return violation(tlsExclusion, `PoS ${p.id} holds an SPoS-generated SA (ID_TYPE 3) with ${bad.peer} whose root is TLS`);
  }
  return null;
}

const NONE: ReadonlySet<string> = new Set();
