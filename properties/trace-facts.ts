// What the trace of a run has established so far, beyond the current observation: the lineage
// of every key (how many optimized hops since the last full authentication, judged from the
// exchanges that made it rather than from what the SA claims), pending handover requests, the
// TPoS fallback policies, the N2N requests already accepted, and the nonces already on the wire.
// Plain immutable data advanced by a pure function, so explorers can carry it in their state.
import type { DomainId, MnId, PduObservation, RootKind, WorldConfig } from '../vocabulary/observation.ts';
import { posSasFor } from './lookups.ts';
import type { PropertyContext } from './types.ts';
import type { NewSa } from './step.ts';

export interface Lineage {
  /** Optimized establishments since the last full authentication of this key's chain. */
  readonly depth: number;
  /** Kind of that full authentication. */
  readonly root: RootKind;
  //= SPEC_MAPPING.md#V-RANGE-UPPER
  //# A TPoS that enforces refuses only a counter above L; a lower counter, 0 included, is accepted.
  /**
   * Where the N2N request stated another depth than the exchanges count (only the lower
   * tester's depth lies do, an honest SPoS never): the count, which the MN keeps, while `depth`
   * is what the PoSs were told and enforce the limit on. Absent wherever the two agree.
   */
  readonly counted?: number;
  /**
   * Where the N2N request stated another root than the exchanges give (only the lower tester's
   * root lies do): that root, which the MN keeps, while `root` is what the PoSs were told.
   * Absent wherever the two agree.
   */
  readonly given?: RootKind;
  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
  //# wrapped
  /**
   * A TPoS's SA made from an N2N request whose Nonce-N it had taken up from another partner
   * before (only the lower tester's sender lie sends one preparation from two partners): no
   * replay, so it replaced what the first made, and the MN may hold that one's key instead.
   * Absent on every other SA.
   */
  readonly resent?: true;
}

export interface PendingHandover {
  /** The MN's point of attachment when it asked (its SPoS). */
  readonly from: DomainId | null;
  readonly target: DomainId | null;
  /** The MN asked for a full establishment (5.14.2 Note 1). */
  readonly fallback: boolean;
  /** The Nonce-N of its request (null if it sent none): the handover an answer belongs to. */
  readonly nonceN: string | null;
}

export interface Completion {
  readonly from: DomainId | null;
  readonly to: DomainId | null;
  /** The MN's serving key before the completion (its SA with the old SPoS) and after it. */
  readonly oldKey: string | null;
  readonly newKey: string | null;
  /** A completion PDU of this handover was dropped or corrupted: the old SPoS may never learn. */
  readonly lost: boolean;
}

export interface TraceFacts {
  /** `${mn}\0${key}` → lineage, for every key ever seen in an SA of that MN. */
  readonly lineage: ReadonlyMap<string, Lineage>;
  /** key → `${mn}\0${pos}`: the SA pair a key was first seen with. */
  readonly keyPair: ReadonlyMap<string, string>;
  readonly pending: ReadonlyMap<MnId, PendingHandover>;
  /** Current TPoS fallback policy per domain (config, then setFallbackPolicy stimuli). */
  readonly policy: ReadonlyMap<DomainId, boolean>;
  /** `${tpos}\0${spos}\0${nonceN}` of every intact MIS_N2N_Prereg_Xfer.request delivered. */
  readonly n2nDelivered: ReadonlySet<string>;
  /** Every nonce name that has been on the wire. */
  readonly nonces: ReadonlySet<string>;
  readonly completion: ReadonlyMap<MnId, Completion>;
  /** K (fingerprint or class) → the TPoS the first N2N request carrying it was sent to. */
  readonly kTarget: ReadonlyMap<string, DomainId>;
}

export function initialFacts(config: WorldConfig): TraceFacts {
  return {
    lineage: new Map(),
    keyPair: new Map(),
    pending: new Map(),
    policy: new Map(config.domains.map((d) => [d.id, d.requestsFallback])),
    n2nDelivered: new Set(),
    nonces: new Set(),
    completion: new Map(),
    kTarget: new Map(),
  };
}

export const lineageKey = (mn: MnId, key: string): string => `${mn}\u0000${key}`;

/**
 * The lineage a new SA has by the exchange that made it: a full establishment starts a chain
 * (depth 0, root = the MN's method); an optimized hop extends the MN's serving SA's chain by
 * one. Where the trace gives no answer (an unexplained SA, an unknown parent) the SA's own
 * claim is taken, so that other properties, not this one, report the anomaly.
 */
export function lineageOf(ctx: Pick<PropertyContext, 'config' | 'facts'>, s: NewSa): Lineage {
  if (s.how === 'full') {
    const mn = ctx.config.mns.find((m) => m.id === s.mn);
    //= SPEC_MAPPING.md#A-ERP-SEQ
    //# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
    //# provision the start per MN (default 0)
    // an ERP MN whose world provisioned its SEQ may have used it up and run EAP.
    const method = mn?.method === 'ERP' && mn.erpSeqStart !== undefined && s.sa.root === 'EAP' ? 'EAP' : mn?.method;
    return { depth: 0, root: method ?? s.sa.root };
  }
  const parent = s.how === 'optimized' && s.parentKey !== null ? ctx.facts.lineage.get(lineageKey(s.mn, s.parentKey)) : undefined;
  const count = parent === undefined ? undefined : (parent.counted ?? parent.depth) + 1;
  const given = parent === undefined ? undefined : (parent.given ?? parent.root);
  if (s.stated !== null) {
    const told = count === undefined || count === s.stated.depth ? s.stated : { ...s.stated, counted: count };
    return given === undefined || given === s.stated.root ? told : { ...told, given };
  }
  if (parent !== undefined && count !== undefined) return { depth: count, root: given! };
  return { depth: s.sa.depth, root: s.sa.root };
}

/**
 * The depth the PoSs hold `s`'s lineage at, which they enforce the chain limit on: a lie that
 * told a TPoS a depth below the count (F-29) leaves the MN, which keeps the count, beyond what
 * the PoSs know, and no honest peer can keep the limit on the count then.
 */
export function toldDepth(ctx: Pick<PropertyContext, 'config' | 'facts'>, s: NewSa): number {
  const told = ctx.facts.lineage.get(lineageKey(s.mn, s.sa.key));
  return told?.counted !== undefined ? told.depth : lineageOf(ctx, s).depth;
}

function attachedBefore(prev: PropertyContext['prev'], mn: MnId): DomainId | null {
  return prev?.mns.find((m) => m.id === mn)?.attachedTo ?? null;
}

/** The policy map after a stimulus: a policy change that changes a domain's policy makes a new one. */
export function policyAfter(policy: TraceFacts['policy'], stimulus: PropertyContext['stimulus']): TraceFacts['policy'] {
  if (stimulus === null || stimulus.kind !== 'setFallbackPolicy' || policy.get(stimulus.domain) === stimulus.on) return policy;
  return new Map(policy).set(stimulus.domain, stimulus.on);
}

/**
 * The MN's completion request a lie turned into something else (the forged indication, taken
 * from the PDU itself rather than from a copy of it), where no intact one of that MN is left in
 * flight: its TPoS never learns of the completion, as if the network had lost it.
 */
function liedAwayCompletion(stimulus: PropertyContext['stimulus'], prev: PropertyContext['prev'], next: PropertyContext['next']): PduObservation | null {
  if (stimulus?.kind !== 'lie') return null;
  const before = prev?.inFlight[stimulus.index];
  if (before?.type !== 'MIS_HO_Complete.request') return null;
  return next.inFlight.some((p) => p.type === 'MIS_HO_Complete.request' && p.mn === before.mn && p.corrupted !== true) ? null : before;
}

/**
 * Whether every SA a PoS holds for MN `mn` (`held`, none is not enough) was made by a resent
 * preparation (Lineage.resent): the SA the MN's own preparation made was replaced, and the MN
 * still holds that one's key. Key agreement and SA continuity are judged without such SAs.
 */
export function onlyResent(lineage: TraceFacts['lineage'], mn: MnId, held: readonly { readonly key: string }[]): boolean {
  return held.length > 0 && held.every((sa) => lineage.get(lineageKey(mn, sa.key))?.resent === true);
}

/** Whether TPoS SA `s` was made from a preparation its TPoS had taken up from another partner before. */
function resentTo(ctx: PropertyContext, s: NewSa): boolean {
  const d = ctx.step.delivered;
  if (s.side !== 'pos' || s.how !== 'optimized' || d === null || d.type !== 'MIS_N2N_Prereg_Xfer.request' || d.nonceN === undefined) return false;
  return ctx.config.domains.some((x) => x.id !== d.src && ctx.facts.n2nDelivered.has(`${d.dst}\u0000${x.id}\u0000${d.nonceN}`));
}

/**
 * The facts after the step of `ctx`. Pure: `ctx.facts` is not modified, and every map the step
 * does not change is handed on as it is.
 */
export function advanceFacts(ctx: PropertyContext): TraceFacts {
  const c = advanceCore(ctx);
  const policy = policyAfter(ctx.facts.policy, ctx.stimulus);
  // The fields in initialFacts' order, for anything that lists them.
  return { lineage: c.lineage, keyPair: c.keyPair, pending: c.pending, policy, n2nDelivered: c.n2nDelivered, nonces: c.nonces, completion: c.completion, kTarget: c.kTarget };
}

/** lineageAfter's answer per step analysis, with what it was computed from. */
const lineageAfterStep = new WeakMap<object, { readonly config: object; readonly from: TraceFacts['lineage']; readonly n2n: ReadonlySet<string>; readonly lineage: TraceFacts['lineage'] }>();

/**
 * The lineage with the SAs the step of `ctx` installed: what a state check of the step's
 * observation reads where an SA made in this very step matters (a resent preparation that
 * replaced the SA the MN holds, `onlyResent`). The facts' own map where the step installed none.
 * Kept per step analysis: the explorer's caching judge checks and advances one step under two
 * contexts (harness/explore/judge-cache.ts), and both get the same map.
 */
export function lineageAfter(ctx: PropertyContext): TraceFacts['lineage'] {
  const { config, facts, step } = ctx;
  if (step.newSas.length === 0) return facts.lineage;
  const known = lineageAfterStep.get(step);
  if (known !== undefined && known.config === config && known.from === facts.lineage && known.n2n === facts.n2nDelivered) return known.lineage;
  const lineage = new Map(facts.lineage);
  for (const s of step.newSas) {
    const k = lineageKey(s.mn, s.sa.key);
    // Both ends see the same key; the first end to install it fixes its lineage.
    if (!lineage.has(k)) lineage.set(k, resentTo(ctx, s) ? { ...lineageOf(ctx, s), resent: true } : lineageOf(ctx, s));
  }
  lineageAfterStep.set(step, { config, from: facts.lineage, n2n: facts.n2nDelivered, lineage });
  return lineage;
}

function advanceCore(ctx: PropertyContext): Omit<TraceFacts, 'policy'> {
  const { facts, stimulus, prev, next, step } = ctx;
  const fresh0 = step.newSas.length > 0;
  const lineage = lineageAfter(ctx);
  const keyPair = fresh0 ? new Map(facts.keyPair) : facts.keyPair;
  for (const s of step.newSas) {
    if (!keyPair.has(s.sa.key)) (keyPair as Map<string, string>).set(s.sa.key, `${s.mn}\u0000${s.pos}`);
  }

  let pending = facts.pending;
  let completion = facts.completion;
  let n2nDelivered = facts.n2nDelivered;
  if (stimulus !== null) {
    switch (stimulus.kind) {
      case 'handover':
        pending = new Map(pending).set(stimulus.mn, {
          from: attachedBefore(prev, stimulus.mn),
          target: stimulus.target,
          fallback: stimulus.fallback,
          nonceN: step.emitted.find((p) => p.type === 'MIS_Prereg_Xfer.request' && p.mn === stimulus.mn)?.nonceN ?? null,
        });
        break;
      case 'complete': {
        const after = next.mns.find((m) => m.id === stimulus.mn);
        const before = prev?.mns.find((m) => m.id === stimulus.mn);
        const to = after?.attachedTo ?? null;
        const oldKey = before?.sas.find((sa) => sa.state === 'serving')?.key ?? null;
        const newKey = after?.sas.find((sa) => sa.state === 'serving')?.key ?? null;
        // a TPoS whose prepared SA a resent preparation replaced cannot verify the completion:
        // it never learns of it, as if the network had lost it.
        const lost = to !== null && onlyResent(lineage, stimulus.mn, posSasFor(next, to, stimulus.mn));
        completion = new Map(completion).set(stimulus.mn, { from: attachedBefore(prev, stimulus.mn), to, oldKey, newKey, lost });
        break;
      }
      case 'deliver': {
        //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
        //# or if any of the MN or TPoS requests so.
        // the SPoS can honour only the flag it took up; a lie about it (or a copy
        // taken up instead of the original) makes that flag the MN's request.
        const p = step.delivered;
        const was = p === null ? undefined : pending.get(p.mn);
        const takenUp = p !== null && step.emitted.some((e) => e.src === p.dst && e.mn === p.mn);
        if (p?.type === 'MIS_Prereg_Xfer.request' && p.corrupted !== true && p.fallback !== undefined && was !== undefined && takenUp && was.fallback !== p.fallback) {
          pending = new Map(pending).set(p.mn, { ...was, fallback: p.fallback });
        }
        break;
      }
      default:
        break;
    }
  }
  // A completion whose PDUs the network lost or broke leaves stale state nobody can clear
  // (docs/protocol.md §5 has no retransmission): role rotation is judged only without loss.
  const broken = step.dropped ?? step.corrupted ?? liedAwayCompletion(stimulus, prev, next);
  if (broken !== null && (broken.type === 'MIS_HO_Complete.request' || broken.type === 'MIS_N2N_HO_Complete.indication')) {
    const c = completion.get(broken.mn);
    if (c !== undefined) completion = new Map(completion).set(broken.mn, { ...c, lost: true });
  }
  if (step.delivered !== null && step.delivered.type === 'MIS_N2N_Prereg_Xfer.request' && step.delivered.corrupted !== true && step.delivered.nonceN !== undefined) {
    n2nDelivered = new Set(n2nDelivered).add(`${step.delivered.dst}\u0000${step.delivered.src}\u0000${step.delivered.nonceN}`);
  }
  // A handover request is answered once the MN stops waiting.
  for (const [mn] of pending) {
    if (next.mns.find((m) => m.id === mn)?.lifecycle !== 'waiting') {
      const rest = new Map(pending);
      rest.delete(mn);
      pending = rest;
    }
  }
  let nonces = facts.nonces;
  for (const p of step.emitted) {
    for (const n of [p.nonceN, p.nonceT]) {
      if (n === undefined || nonces.has(n)) continue;
      if (nonces === facts.nonces) nonces = new Set(nonces);
      (nonces as Set<string>).add(n);
    }
  }
  let kTarget = facts.kTarget;
  for (const p of step.emitted) {
    if (p.type === 'MIS_N2N_Prereg_Xfer.request' && p.k !== undefined && !kTarget.has(p.k)) kTarget = new Map(kTarget).set(p.k, p.dst);
  }
  return { lineage, keyPair, pending, n2nDelivered, nonces, completion, kTarget };
}
