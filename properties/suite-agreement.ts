import type { DomainId, MnId, PduObservation, WorldConfig } from '../vocabulary/observation.ts';
import { domainOf, mnConfigOf } from './lookups.ts';
import type { NewSa } from './step.ts';
import { violation, type Property, type PropertyContext } from './types.ts';

//= SPEC_MAPPING.md#A-SUITES
//# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
//# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
/** A-SUITES: c is the first suite of `offered` (the MN's preference order) that `supported` holds; null: none. */
export function firstCommonSuite(offered: readonly number[], supported: readonly number[]): number | null {
  for (const c of offered) if (supported.includes(c)) return c;
  return null;
}

const NONE: readonly number[] = [];

/** The suites MN `mn` offers (its world configuration, in its preference order). */
function mnSuites(config: WorldConfig, mn: MnId): readonly number[] {
  return mnConfigOf(config, mn)?.suites ?? NONE;
}

/** The suites PoS `pos` supports (its world configuration). */
function posSuites(config: WorldConfig, pos: DomainId): readonly number[] {
  return domainOf(config, pos)?.suites ?? NONE;
}

/** The offer a TPoS decided on: the N2N request delivered to it (a suites lie empties it); the MN's own where the PDU shows none. */
function offerReceived(config: WorldConfig, request: PduObservation): readonly number[] {
  return request.suites ?? mnSuites(config, request.mn);
}

const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The intact PDU the step delivered to `dst`, if it is of `type` (the request an emission answers). */
function deliveredTo(ctx: PropertyContext, dst: string, type: PduObservation['type']): PduObservation | null {
  const d = ctx.step.delivered;
  return d !== null && d.corrupted !== true && d.dst === dst && d.type === type ? d : null;
}

/** Whether the TPoS's choice for `offered` depended on whose preference order decides. */
function ordersDiffer(offered: readonly number[], supported: readonly number[]): boolean {
  return firstCommonSuite(offered, supported) !== firstCommonSuite(supported, offered);
}

/** A new optimized SA whose c is not the one A-SUITES gives, at the end that installed it. */
function wrongSuite(ctx: PropertyContext, s: NewSa): string | null {
  const who = s.side === 'mn' ? `MN ${s.mn} installed an optimized SA with ${s.pos}` : `TPoS ${s.pos} installed an optimized SA for ${s.mn}`;
  const c = s.sa.suite;
  if (c === undefined) return null; // a recorded trace that leaves the suite out is not judged on it
  if (s.side === 'pos') {
    const request = ctx.step.delivered!;
    const offered = offerReceived(ctx.config, request);
    const expected = firstCommonSuite(offered, posSuites(ctx.config, s.pos));
    if (expected === null) return `${who} although it supports none of the suites offered [${offered.join(', ')}] (NO_COMMON_SUITE)`;
    if (c !== expected) return `${who} with suite ${c ?? 'none'}; the first offered suite [${offered.join(', ')}] it supports is ${expected}`;
    return null;
  }
  if (c === null) return `${who} without a suite c`;
  const answer = ctx.step.delivered!;
  if (answer.suite !== undefined && c !== answer.suite) return `${who} with suite ${c}, but its SPoS ${answer.src} named suite ${answer.suite}`;
  if (!mnSuites(ctx.config, s.mn).includes(c)) return `${who} with suite ${c}, which it never offered [${mnSuites(ctx.config, s.mn).join(', ')}]`;
  if (!posSuites(ctx.config, s.pos).includes(c)) return `${who} with suite ${c}, which ${s.pos} does not support`;
  return null;
}

/** The other end of a new SA (same MN, PoS and key) records another suite. */
function endsDisagree(ctx: PropertyContext, s: NewSa): string | null {
  const other =
    s.side === 'mn'
      ? ctx.next.poss.find((p) => p.id === s.pos)?.sas.find((sa) => sa.peer === s.mn && sa.key === s.sa.key)
      : ctx.next.mns.find((m) => m.id === s.mn)?.sas.find((sa) => sa.peer === s.pos && sa.key === s.sa.key);
  if (other === undefined || other.suite === undefined || s.sa.suite === undefined || other.suite === s.sa.suite) return null;
  return `MN ${s.mn} and ${s.pos} hold key ${s.sa.key} with suites ${s.side === 'mn' ? s.sa.suite : other.suite} and ${s.side === 'mn' ? other.suite : s.sa.suite}`;
}

/** An offer or a refusal emitted this step that breaks the rule: the MN's, the SPoS's relay, the TPoS's NO_COMMON_SUITE. */
function wrongEmission(ctx: PropertyContext, p: PduObservation): string | null {
  if (p.suites !== undefined && p.type === 'MIS_Prereg_Xfer.request' && p.src === p.mn && ctx.stimulus?.kind === 'handover') {
    const own = mnSuites(ctx.config, p.mn);
    if (!sameList(p.suites, own)) return `MN ${p.mn} offered suites [${p.suites.join(', ')}], not its own [${own.join(', ')}] in its order`;
  }
  if (p.suites !== undefined && p.type === 'MIS_N2N_Prereg_Xfer.request') {
    // docs/protocol.md §5 step 3: the SPoS forwards the MN's offer unchanged.
    const asked = deliveredTo(ctx, p.src, 'MIS_Prereg_Xfer.request');
    if (asked !== null && asked.mn === p.mn && asked.suites !== undefined && !sameList(p.suites, asked.suites)) {
      return `SPoS ${p.src} offered ${p.dst} suites [${p.suites.join(', ')}] for MN ${p.mn}, which offered [${asked.suites.join(', ')}]`;
    }
  }
  if (p.type === 'MIS_N2N_Prereg_Xfer.response' && p.reason === 'NO_COMMON_SUITE') {
    const request = deliveredTo(ctx, p.src, 'MIS_N2N_Prereg_Xfer.request');
    const offered = request === null || request.mn !== p.mn ? null : offerReceived(ctx.config, request);
    const c = offered === null ? null : firstCommonSuite(offered, posSuites(ctx.config, p.src));
    if (c !== null) return `TPoS ${p.src} answered NO_COMMON_SUITE for MN ${p.mn}, but it supports suite ${c} of the offer [${offered!.join(', ')}]`;
  }
  return null;
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-S8
//# They also need to agree on a cipher suite coded as c.
//= SPEC_MAPPING.md#A-SUITES
//# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
//# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
/**
 * 5.14.2-S8 "They also need to agree on a cipher suite coded as c", with A-SUITES (c = the first
 * suite of the MN's offer that the TPoS supports; none: FULL_AUTH_REQUIRED / NO_COMMON_SUITE).
 * Each entity is judged on what it had in hand, as the observation shows it:
 * - the MN offers its configured suites, in its order, when it asks for a handover;
 * - the SPoS passes that offer on unchanged in the N2N request it sends on the MN's request
 *   (judged when it sends it in the step that delivered the request, as the profile does);
 * - the TPoS decides on the offer the delivered N2N request carries (a suites lie of the lower
 *   tester empties it): an optimized SA it installs records the c of A-SUITES for that offer,
 *   and there is none when it supports no offered suite; it answers NO_COMMON_SUITE only then;
 * - the MN records the c its SPoS relayed, one it offered and the TPoS supports;
 * - both ends of an optimized SA record the same c.
 * An SA whose suite the observation leaves out (a recorded trace may) is not judged on it, and
 * does not count as exercising the rule.
 * Not judged here: that the MISK binds c (key-agreement, and the tester's wire checks, A-MISK),
 * and refusals for an earlier reason of the TPoS order (the lockstep comparison).
 */
export const suiteAgreement: Property = {
  id: 'suite-agreement',
  title: 'MN and TPoS agree on the suite c the MN offered first and the TPoS supports',
  requirements: ['5.14.2-S8', 'A-SUITES'],
  check(ctx) {
    for (const p of ctx.step.emitted) {
      const bad = wrongEmission(ctx, p);
      if (bad !== null) return violation(this, bad);
    }
    for (const s of ctx.step.newSas) {
      if (s.how !== 'optimized') continue;
      const bad = wrongSuite(ctx, s) ?? endsDisagree(ctx, s);
      if (bad !== null) return violation(this, bad);
    }
    return null;
  },
  exercised(ctx) {
    return decisive(ctx) ? ['5.14.2-S8'] : [];
  },
};

/** An optimized SA whose c depended on whose preference order decides, or a NO_COMMON_SUITE refusal. */
function decisive(ctx: PropertyContext): boolean {
  const { config, step } = ctx;
  for (const s of step.newSas) {
    if (s.how !== 'optimized' || s.sa.suite === undefined) continue;
    const offered = s.side === 'pos' ? offerReceived(config, step.delivered!) : mnSuites(config, s.mn);
    if (ordersDiffer(offered, posSuites(config, s.pos))) return true;
  }
  return step.emitted.some((p) => p.type === 'MIS_N2N_Prereg_Xfer.response' && p.reason === 'NO_COMMON_SUITE' && deliveredTo(ctx, p.src, 'MIS_N2N_Prereg_Xfer.request') !== null);
}
