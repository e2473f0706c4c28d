//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
// Which refusal causes held when a PoS decided on a request, judged from the tester's side:
// the delivered request, the world's configuration and what the run did before. A decision
// where two causes hold at once is the one that tells a wrong precedence apart (A-STATUS,
// docs/protocol.md §4 gives both orders); the lockstep comparison then judges the answer.
import type { DomainConfig, PduObservation, Reason, SaObservation, WorldConfig } from '../../vocabulary/observation.ts';
import { answerOf, delivered, intact, type StepView, type TrackedPdu } from './run-history.ts';

//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/** A-STATUS: the SPoS's order, first match wins. */
export const SPOS_ORDER: readonly Reason[] = ['MN_REQUESTED', 'NO_TRUST', 'TLS_ROOT', 'NOT_EAP_ROOT', 'CHAIN_LIMIT'];
//= SPEC_MAPPING.md#A-STATUS
//# Statuses SUCCESS, FULL_AUTH_REQUIRED, REJECTED, NO_TARGET and reasons 0..10, decided in a fixed
//# order at the SPoS and at the TPoS.
/** A-STATUS: the TPoS's order, first match wins. */
export const TPOS_ORDER: readonly Reason[] = ['UNAUTHORIZED_SOURCE', 'REPLAY', 'TPOS_REQUESTED', 'CHAIN_LIMIT', 'NO_COMMON_SUITE'];

/** The SPoS's refusal causes for a preregistration request. */
export function sposCauses(request: PduObservation, sa: SaObservation | undefined, target: string | undefined, spos: DomainConfig | undefined, chainLimit: number): Set<Reason> {
  const out = new Set<Reason>();
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  // the flag as received
  if (request.fallback === true) out.add('MN_REQUESTED');
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
  //# The optimized MIH SA establishment is allowed only when a trust relationship has established
  //# between the network domains of SPoS and TPoS.
  if (target !== undefined && spos !== undefined && !spos.partners.includes(target)) out.add('NO_TRUST');
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3
  //# If protocol of establishing SAs between an MN and a TPoS is
  if (sa?.root === 'TLS') out.add('TLS_ROOT');
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
  //# etsblishment applies.
  if (sa?.root === 'GKB') out.add('NOT_EAP_ROOT');
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  //= SPEC_MAPPING.md#A-DEPTH-WIRE
  //# The depth travels in MIS_Prereg_Xfer.request (the MN's view, informational) and in
  //# MIS_N2N_Prereg_Xfer.request
  // the SPoS decides on its own SA's depth, never on the MN's view (A-DEPTH-WIRE).
  if (sa !== undefined && (sa.depth >= chainLimit || sa.depth + 1 > 255)) out.add('CHAIN_LIMIT');
  return out;
}

/** The TPoS's refusal causes for an N2N preregistration request. */
export function tposCauses(request: PduObservation, tpos: DomainConfig, seenBefore: boolean, requestsFallback: boolean, chainLimit: number): Set<Reason> {
  const out = new Set<Reason>();
  //= spec/clause-5.14-proposed-text.txt#5.14.1-S6
  //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
  if (!tpos.partners.includes(request.src)) out.add('UNAUTHORIZED_SOURCE');
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  // (src, nonceN) taken up before
  if (seenBefore) out.add('REPLAY');
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //# or if any of the MN or TPoS requests so.
  if (requestsFallback) out.add('TPOS_REQUESTED');
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c
  //# That is, after certain number of executions of the optimized SA establishment, it shall force
  //# an SA establishment through the methods specified in 21m.
  if ((request.depth ?? 0) > chainLimit) out.add('CHAIN_LIMIT');
  //= SPEC_MAPPING.md#A-SUITES
  //# Cipher suites are small integers chosen by the world config; c = the first suite in the MN's
  //# offered list that the TPoS supports; none → FULL_AUTH_REQUIRED / NO_COMMON_SUITE.
  if (!(request.suites ?? []).some((c) => tpos.suites.includes(c))) out.add('NO_COMMON_SUITE');
  return out;
}

/** One decision of a PoS on a delivered, intact request it answered. */
export interface Decision {
  readonly view: StepView;
  readonly entity: string;
  readonly role: 'SPoS' | 'TPoS';
  readonly request: TrackedPdu;
  readonly answer: PduObservation;
  readonly causes: ReadonlySet<Reason>;
}

function domain(world: WorldConfig | undefined, id: string): DomainConfig | undefined {
  return world?.domains.find((d) => d.id === id);
}

/** Every SPoS and TPoS decision of the runs, with the causes that held at it. */
export function decisions(views: readonly StepView[]): Decision[] {
  const out: Decision[] = [];
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  // what each TPoS took up before, per run.
  let seen = new Set<string>();
  for (const v of views) {
    if (v.before === null) seen = new Set();
    const d = delivered(v);
    if (d === undefined || !intact(d)) continue;
    const answer = answerOf(v);
    const p = d.pdu;
    const chainLimit = v.world?.chainLimit ?? 0;
    if (p.type === 'MIS_N2N_Prereg_Xfer.request') {
      const key = JSON.stringify([p.dst, p.src, p.nonceN]);
      const tpos = domain(v.world, p.dst);
      if (answer !== undefined && tpos !== undefined) {
        const causes = tposCauses(p, tpos, seen.has(key), v.policy.get(p.dst) ?? tpos.requestsFallback, chainLimit);
        out.push({ view: v, entity: p.dst, role: 'TPoS', request: d, answer, causes });
      }
      if (answer !== undefined) seen.add(key);
    } else if (p.type === 'MIS_Prereg_Xfer.request' && answer !== undefined) {
      const sa = v.before?.poss.find((x) => x.id === p.dst)?.sas.find((s) => s.peer === p.mn && s.state === 'serving');
      //= spec/clause-5.14-proposed-text.txt#5.14.3-S7
      //# Subsequently, the SPoS will provide the address of the TPoS to the MN along with K, as
      //# described above.
      // The target the SPoS worked with: the MN's, or the one it selected and named (5.14.3-S7).
      const target = p.target ?? (answer.type === 'MIS_N2N_Prereg_Xfer.request' ? answer.dst : answer.tpos);
      const causes = sposCauses(p, sa, target, domain(v.world, p.dst), chainLimit);
      out.push({ view: v, entity: p.dst, role: 'SPoS', request: d, answer, causes });
    }
  }
  return out;
}

const memo = new WeakMap<readonly StepView[], Decision[]>();

/** decisions(), memoized per view list. */
export function decisionsOf(views: readonly StepView[]): readonly Decision[] {
  const hit = memo.get(views);
  if (hit !== undefined) return hit;
  const out = decisions(views);
  memo.set(views, out);
  return out;
}
