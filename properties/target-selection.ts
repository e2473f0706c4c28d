import type { DomainId, MnId, WorldConfig } from '../vocabulary/observation.ts';
import { violation, type Property, type Violation } from './types.ts';
import { domainOf, mnConfigOf } from './lookups.ts';

//= spec/clause-5.14-proposed-text.txt#5.14.3-S5
//# it may be also important that the SPoS should have a security relationship with a candidate TPoS
//# in order to avoid interference from malicious nodes
//= spec/clause-5.14-proposed-text.txt#5.14.3-S4
//# This also depends on the SPoS having access to location and configuration information about the
//# MN—for example which radio access technologies (RATs) are configured for operation on the MN.
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

//= spec/clause-5.14-proposed-text.txt#5.14.3-S5
//# it may be also important that the SPoS should have a security relationship with a candidate TPoS
//# in order to avoid interference from malicious nodes
//= spec/clause-5.14-proposed-text.txt#5.14.3-S4
//# This also depends on the SPoS having access to location and configuration information about the
//# MN—for example which radio access technologies (RATs) are configured for operation on the MN.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
/**
 * The sentence a wrong selection breaks, most specific first: a candidate outside the SPoS's
 * partners (5.14.3-S5), one offering none of the MN's RATs (5.14.3-S4), NO_TARGET where there is
 * a candidate, or an answer naming no target where there is none (5.14.3-S3).
 */
function selectionRequirements(config: WorldConfig, spos: DomainId, mn: MnId, chosen: DomainId | null): readonly string[] {
  const rest = targetSelection.requirements;
  const first = (id: string): readonly string[] => [id, ...rest.filter((x) => x !== id)];
  if (chosen === null) return first('5.14.3-S3');
  if (domainOf(config, spos)?.partners.includes(chosen) !== true) return first('5.14.3-S5');
  const rats = mnConfigOf(config, mn)?.rats ?? [];
  if (domainOf(config, chosen)?.rats.some((r) => rats.includes(r)) !== true) return first('5.14.3-S4');
  return rest;
}

/** The PDU carries the Nonce-N of another handover than the MN's current one. */
function otherHandover(current: string | null, carried: string | undefined): boolean {
  return current !== null && carried !== undefined && carried !== current;
}

//= spec/clause-5.14-proposed-text.txt#5.14.1-S18
//# As the MN moves from one partner network to the next target network, the MN establishes or
//# renews a security association with the PoS in the target network, i.e. the TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S3
//# the SPoS can make a determination about which target network may best be able to provide
//# connectivity and service to the MN
//= spec/clause-5.14-proposed-text.txt#5.14.3-S4
//# This also depends on the SPoS having access to location and configuration information about the
//# MN—for example which radio access technologies (RATs) are configured for operation on the MN.
//= spec/clause-5.14-proposed-text.txt#5.14.3-S5
//# it may be also important that the SPoS should have a security relationship with a candidate TPoS
//# in order to avoid interference from malicious nodes
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
      // §5.3: a relay of an earlier handover's request (the TPoS's REPLAY answer to a copy of it)
      // names that handover's target; the MN discards it, and this property judges the current one.
      if ((p.type === 'MIS_Prereg_Xfer.response' || p.type === 'MIS_N2N_Prereg_Xfer.request') && otherHandover(pending.nonceN, p.nonceN)) continue;
      const expected = pending.target ?? selectTarget(ctx.config, pending.from, p.mn);
      const how = pending.target === null ? `selected by ${pending.from} (5.14.3)` : 'named by the MN';
      // Where the SPoS selected, the violation names what its choice got wrong.
      const wrong = (chosen: DomainId | null, message: string): Violation => {
        const v = violation(this, message);
        return pending.target === null && pending.from !== null ? { ...v, requirements: selectionRequirements(ctx.config, pending.from, p.mn, chosen) } : v;
      };
      if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.dst !== expected) {
        return wrong(p.dst, `SPoS ${p.src} sent the preregistration of MN ${p.mn} to ${p.dst}; the target ${how} is ${expected ?? 'none'}`);
      }
      if (p.type === 'MIS_Auth.request' && p.src === p.mn && p.dst !== expected) {
        return wrong(p.dst, `MN ${p.mn} ran its fallback establishment with ${p.dst}; the target ${how} is ${expected ?? 'none'}`);
      }
      if (p.type === 'MIS_Prereg_Xfer.response' && pending.target === null && (expected === null) !== (p.status === 'NO_TARGET')) {
        return wrong(p.status === 'NO_TARGET' ? null : (p.tpos ?? null), `SPoS ${p.src} answered MN ${p.mn}'s request to select a target with ${p.status ?? '?'}; the candidate is ${expected ?? 'none'}`);
      }
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
      //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
      //# described above.
      // the SPoS tells the MN which TPoS it (was asked to) prepare.
      if (p.type === 'MIS_Prereg_Xfer.response' && p.tpos !== undefined && p.status !== 'NO_TARGET' && p.tpos !== expected) {
        return wrong(p.tpos, `SPoS ${p.src} answered MN ${p.mn} naming TPoS ${p.tpos}; the target ${how} is ${expected ?? 'none'}`);
      }
    }
    return null;
  },
  exercised(ctx) {
    const sel = ctx.step.emitted.some((p) => p.type === 'MIS_Prereg_Xfer.response' && ctx.facts.pending.get(p.mn)?.target === null);
    return sel ? ['5.14.3-S5'] : [];
  },
};
