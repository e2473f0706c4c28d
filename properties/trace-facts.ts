// What the trace of a run has established so far, beyond the current observation: the lineage
// of every key (how many optimized hops since the last full authentication, judged from the
// exchanges that made it rather than from what the SA claims), pending handover requests, the
// TPoS fallback policies, the N2N requests already accepted, and the nonces already on the wire.
// Plain immutable data advanced by a pure function, so explorers can carry it in their state.
import type { DomainId, MnId, RootKind, WorldConfig } from '../vocabulary/observation.ts';
import { IdentityCache } from './identity-cache.ts';
import type { PropertyContext } from './types.ts';
import { stimulusKey, type NewSa } from './step.ts';

export interface Lineage {
  /** Optimized establishments since the last full authentication of this key's chain. */
  readonly depth: number;
  /** Kind of that full authentication. */
  readonly root: RootKind;
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
    // A-ERP-SEQ: an ERP MN whose world provisioned its SEQ may have used it up and run EAP.
    const method = mn?.method === 'ERP' && mn.erpSeqStart !== undefined && s.sa.root === 'EAP' ? 'EAP' : mn?.method;
    return { depth: 0, root: method ?? s.sa.root };
  }
  if (s.stated !== null) return s.stated;
  if (s.how === 'optimized' && s.parentKey !== null) {
    const parent = ctx.facts.lineage.get(lineageKey(s.mn, s.parentKey));
    if (parent !== undefined) return { depth: parent.depth + 1, root: parent.root };
  }
  return { depth: s.sa.depth, root: s.sa.root };
}

/** The lineage of an SA already in the observation (new in this step or earlier). */
export function lineageOfKey(ctx: Pick<PropertyContext, 'config' | 'facts' | 'step'>, mn: MnId, key: string): Lineage | undefined {
  const known = ctx.facts.lineage.get(lineageKey(mn, key));
  if (known !== undefined) return known;
  const fresh = ctx.step.newSas.find((s) => s.mn === mn && s.sa.key === key);
  return fresh === undefined ? undefined : lineageOf(ctx, fresh);
}

function attachedBefore(prev: PropertyContext['prev'], mn: MnId): DomainId | null {
  return prev?.mns.find((m) => m.id === mn)?.attachedTo ?? null;
}

// Policy maps are never mutated once built, so a toggle from a given map to a given value can
// always hand back the same map, interned by content: with a few domains only a handful of maps
// ever exist (2^domains; the intern table is bounded by that), and most
// explored transitions are policy toggles. The shared identity also keeps per-map key caches warm.
const policyByContent = new Map<string, ReadonlyMap<DomainId, boolean>>();
const policyAfter = new WeakMap<ReadonlyMap<DomainId, boolean>, Map<string, ReadonlyMap<DomainId, boolean>>>();

function withPolicy(policy: ReadonlyMap<DomainId, boolean>, domain: DomainId, on: boolean): ReadonlyMap<DomainId, boolean> {
  if (policy.get(domain) === on) return policy;
  let byChange = policyAfter.get(policy);
  if (byChange === undefined) {
    byChange = new Map();
    policyAfter.set(policy, byChange);
  }
  const change = `${domain}\u0000${on ? 1 : 0}`;
  let out = byChange.get(change);
  if (out === undefined) {
    const built = new Map(policy).set(domain, on);
    let content = '';
    for (const [d, v] of built) content += `${d}\u0000${v ? 1 : 0}\u0001`;
    out = policyByContent.get(content);
    if (out === undefined) {
      out = built;
      policyByContent.set(content, out);
    }
    byChange.set(change, out);
  }
  return out;
}

/** Everything of TraceFacts but the policy. */
type FactsCore = Omit<TraceFacts, 'policy'>;

/** The fields of TraceFacts that the helpers below know, the policy among them (a test checks it against initialFacts). */
export const TRACE_FACTS_FIELDS = ['completion', 'kTarget', 'keyPair', 'lineage', 'n2nDelivered', 'nonces', 'pending', 'policy'] as const;

/** Facts of `core`'s maps and this policy. */
export function factsWithPolicy(core: FactsCore, policy: TraceFacts['policy']): TraceFacts {
  return { lineage: core.lineage, keyPair: core.keyPair, pending: core.pending, policy, n2nDelivered: core.n2nDelivered, nonces: core.nonces, completion: core.completion, kTarget: core.kTarget };
}

/** The facts agree in every field but the policy, by identity (advanceFacts shares what it keeps). */
export function sameFactsButPolicy(a: TraceFacts, b: TraceFacts): boolean {
  return (
    a.lineage === b.lineage && a.keyPair === b.keyPair && a.pending === b.pending && a.n2nDelivered === b.n2nDelivered &&
    a.nonces === b.nonces && a.completion === b.completion && a.kTarget === b.kTarget
  );
}

/** Adds every facts map but the policy to an identity-cache key (policy siblings share them). */
export function withFactsCore<V>(key: IdentityCache<V>, f: FactsCore): IdentityCache<V> {
  return key.with(f.lineage).with(f.keyPair).with(f.pending).with(f.n2nDelivered).with(f.nonces).with(f.completion).with(f.kTarget);
}

// advanceFacts is pure in (config, the facts maps, prev, next, step analysis, stimulus): its
// answers are kept by the identities of those objects, so that policy siblings, which share
// them, share the facts maps that follow too (and whatever is cached per map downstream).
const advanced = new IdentityCache<FactsCore>();

/**
 * The facts after the step of `ctx`. Pure: `ctx.facts` is not modified. `reuse`: keep the answer
 * by the identities of its inputs (see judgeStep).
 */
export function advanceFacts(ctx: PropertyContext, reuse = false): TraceFacts {
  const { facts, stimulus } = ctx;
  const policy = stimulus !== null && stimulus.kind === 'setFallbackPolicy' ? withPolicy(facts.policy, stimulus.domain, stimulus.on) : facts.policy;
  const core = reuse ? advanceCoreKept(ctx) : advanceCore(ctx);
  return factsWithPolicy(core, policy);
}

/** The last answer kept: the explorer asks the same question several times in a row (the policy changes out of one state). */
let last: { readonly ctx: PropertyContext; readonly key: string; readonly core: FactsCore } | null = null;

function advanceCoreKept(ctx: PropertyContext): FactsCore {
  const { facts, stimulus, prev, next, step, config } = ctx;
  const k = stimulusKey(stimulus);
  if (last !== null && last.key === k && last.ctx.facts === facts && last.ctx.step === step && last.ctx.next === next && last.ctx.prev === prev && last.ctx.config === config) return last.core;
  const c = withFactsCore(advanced.begin().with(config), facts).with(step).with(next);
  if (prev !== null) c.with(prev);
  const core = c.get(k) ?? c.set(advanceCore(ctx), k);
  last = { ctx, key: k, core };
  return core;
}

function advanceCore(ctx: PropertyContext): FactsCore {
  const { facts, stimulus, prev, next, step } = ctx;
  const fresh0 = step.newSas.length > 0;
  const lineage = fresh0 ? new Map(facts.lineage) : facts.lineage;
  const keyPair = fresh0 ? new Map(facts.keyPair) : facts.keyPair;
  for (const s of step.newSas) {
    const k = lineageKey(s.mn, s.sa.key);
    // Both ends see the same key; the first end to install it fixes its lineage.
    if (!lineage.has(k)) (lineage as Map<string, Lineage>).set(k, lineageOf(ctx, s));
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
        completion = new Map(completion).set(stimulus.mn, { from: attachedBefore(prev, stimulus.mn), to, oldKey, newKey, lost: false });
        break;
      }
      case 'deliver': {
        // 5.14.2-N1c: the SPoS can honour only the flag it took up; a lie about it (or a copy
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
  const broken = step.dropped ?? step.corrupted;
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
