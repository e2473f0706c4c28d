import type { MnObservation, PosObservation, SaObservation } from '../harness/observation.ts';
import { violation, type Property } from './types.ts';

const saSig = (sa: SaObservation): string => `${sa.peer}/${sa.idType}/${sa.root}/${sa.depth}/${sa.state}/${sa.key}`;
const mnSig = (m: MnObservation): string => `${m.lifecycle}@${m.attachedTo ?? '-'}:${m.sas.map(saSig).sort().join(',')}`;
const posSig = (p: PosObservation): string => p.sas.map(saSig).sort().join(',');

/**
 * A-TLV (strict decoding, docs/protocol.md §3 corrupt): a PDU altered in flight (a trailing
 * byte, a cut byte, an unassigned TLV) is discarded by its receiver with no effect: no SA, no
 * MN state and no other PDU changes, and nothing is sent in reply.
 */
export const malformedNoEffect: Property = {
  id: 'malformed-no-effect',
  title: 'A malformed PDU has no effect',
  requirements: ['A-TLV'],
  check(ctx) {
    const d = ctx.step.delivered;
    if (ctx.prev === null || d === null || d.corrupted !== true) return null;
    const what = `corrupted ${d.type} ${d.src}→${d.dst}`;
    if (ctx.step.emitted.length > 0) return violation(this, `delivery of a ${what} made ${ctx.step.emitted[0]!.src} send ${ctx.step.emitted[0]!.type}`);
    for (const m of ctx.next.mns) {
      const before = ctx.prev.mns.find((x) => x.id === m.id);
      if (before === undefined || mnSig(before) !== mnSig(m)) return violation(this, `delivery of a ${what} changed MN ${m.id}`);
    }
    for (const p of ctx.next.poss) {
      const before = ctx.prev.poss.find((x) => x.id === p.id);
      if (before === undefined || posSig(before) !== posSig(p)) return violation(this, `delivery of a ${what} changed the SAs of PoS ${p.id}`);
    }
    return null;
  },
  exercised(ctx) {
    return ctx.step.delivered?.corrupted === true ? ['A-TLV'] : [];
  },
};
