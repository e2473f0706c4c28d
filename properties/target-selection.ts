import type { DomainId, MnId, WorldConfig } from '../harness/observation.ts';
import { violation, type Property } from './types.ts';
import { domainOf, mnConfigOf } from './world.ts';

/**
 * The PoS 5.14.3 makes the SPoS pick when the MN names no target (docs/protocol.md §5 step 2):
 * the first of its neighbours that is a roaming partner (5.14.3-S5 "the SPoS should have a
 * security relationship with a candidate TPoS") and offers one of the MN's RATs (5.14.3-S4);
 * null when there is none.
 */
export function selectTarget(config: WorldConfig, spos: DomainId, mn: MnId): DomainId | null {
  const s = domainOf(config, spos);
  const rats = mnConfigOf(config, mn)?.rats ?? [];
  if (s === undefined) return null;
  for (const n of s.neighbours) {
    if (n === spos || !s.partners.includes(n)) continue;
    if (domainOf(config, n)?.rats.some((r) => rats.includes(r)) === true) return n;
  }
  return null;
}

/**
 * 5.14.1-S18 (the MN establishes an SA with the PoS of the target network) and 5.14.3-S3..S5
 * (the SPoS may choose the target; it should be a partner offering the MN's RATs): every
 * establishment a handover triggers is with the MN's named target, or, when the MN named none,
 * with the candidate the SPoS selects; with no candidate the SPoS answers NO_TARGET.
 */
export const targetSelection: Property = {
  id: 'target-selection',
  title: 'A handover establishes its SA with the named or properly selected TPoS',
  requirements: ['5.14.3-S5', '5.14.3-S4', '5.14.3-S7', '5.14.1-S18'],
  check(ctx) {
    for (const p of ctx.step.emitted) {
      const pending = ctx.facts.pending.get(p.mn);
      if (pending === undefined || pending.from === null) continue;
      const expected = pending.target ?? selectTarget(ctx.config, pending.from, p.mn);
      const how = pending.target === null ? `selected by ${pending.from} (5.14.3)` : 'named by the MN';
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.dst !== expected) {
        return violation(this, `SPoS ${p.src} sent the preregistration of MN ${p.mn} to ${p.dst}; the target ${how} is ${expected ?? 'none'}`);
      }
      if (p.type === 'MIS_Auth.request' && p.src === p.mn && p.dst !== expected) {
        return violation(this, `MN ${p.mn} ran its fallback establishment with ${p.dst}; the target ${how} is ${expected ?? 'none'}`);
      }
      if (p.type === 'MIS_Prereg_Xfer.response' && pending.target === null && (expected === null) !== (p.status === 'NO_TARGET')) {
        return violation(this, `SPoS ${p.src} answered MN ${p.mn}'s request to select a target with ${p.status ?? '?'}; the candidate is ${expected ?? 'none'}`);
      }
      // 5.14.3-S7: the SPoS tells the MN which TPoS it (was asked to) prepare.
      if (p.type === 'MIS_Prereg_Xfer.response' && p.tpos !== undefined && p.status !== 'NO_TARGET' && p.tpos !== expected) {
        return violation(this, `SPoS ${p.src} answered MN ${p.mn} naming TPoS ${p.tpos}; the target ${how} is ${expected ?? 'none'}`);
      }
    }
    return null;
  },
  exercised(ctx) {
    const sel = ctx.step.emitted.some((p) => p.type === 'MIS_Prereg_Xfer.response' && ctx.facts.pending.get(p.mn)?.target === null);
    return sel ? ['5.14.3-S5'] : [];
  },
};
