import { lineageKey } from './trace-facts.ts';
import type { PropertyContext } from './types.ts';
import { violation, type Property } from './types.ts';

function parentDepth(ctx: PropertyContext, mn: string, parentKey: string | null): number | null {
  if (parentKey === null) return null;
  return ctx.facts.lineage.get(lineageKey(mn, parentKey))?.depth ?? null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
//# That is, after certain number of executions of the optimized SA establishment, it shall force an
//# SA establishment through the methods specified in 21m.
/**
 * 5.14.2-N4c "after certain number of executions of the optimized SA establishment, it shall
 * force an SA establishment through the methods specified in 21m": once the MN's serving SA is
 * L optimized hops from its full authentication, the next establishment (at the TPoS and at the
 * MN) is a full one. Judged at the moment an SA is installed by an optimized exchange.
 */
export const forcedFallback: Property = {
  id: 'forced-fallback',
  title: 'The establishment after L optimized ones is a full one',
  requirements: ['5.14.2-N4c'],
  check(ctx) {
    const L = ctx.config.chainLimit;
    for (const s of ctx.step.newSas) {
      if (s.how !== 'optimized') continue;
      const d = parentDepth(ctx, s.mn, s.parentKey);
      if (d !== null && d >= L) {
        return violation(this, `MN ${s.mn}'s serving SA is already ${d} optimized establishments from its full authentication (L = ${L}), yet ${s.side === 'mn' ? `MN ${s.mn}` : `TPoS ${s.pos}`} installed an optimized SA (from SPoS ${s.from ?? '?'}) instead of forcing a full one`);
      }
    }
    return null;
  },
  exercised(ctx) {
    const L = ctx.config.chainLimit;
    const forced = ctx.step.newSas.some((s) => s.side === 'mn' && (parentDepth(ctx, s.mn, s.parentKey) ?? -1) >= L && s.how !== 'unexplained');
    return forced ? ['5.14.2-N4c'] : [];
  },
};
