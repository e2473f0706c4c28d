// Which interpretation variants (model/variants.ts) a lockstep run can judge against the
// reference implementation, and with which of its policy knobs (impl/config.ts). A variant is
// judged by lockstep when the profile's wire carries its difference (docs/protocol.md §8 lists
// those it cannot) and impl/ has a knob that implements it: the model oracle runs the variant,
// the ReferenceAdapter runs impl/ with the policy, and they must agree step by step
// (test/harness/remedy-lockstep.test.ts). A variant the wire carries but impl/ lacked would be
// listed with no policy and the reason; today every one the wire carries has its knob.
import type { ImplPolicyOptions } from '../../impl/config.ts';
import { FALLBACK_GRANT_WEIGHTS } from '../cli/engine.ts';
import type { CommandWeights } from '../commands.ts';
import type { Variant, VariantId } from '../../model/variants.ts';

export interface LockstepVariant {
  /** The V- id of SPEC_MAPPING.md. */
  readonly id: VariantId;
  /** The model's axes as the variant sets them. */
  readonly variant: Partial<Variant>;
  /** The impl/ policy that implements it; null: the wire carries it, the reference has no knob. */
  readonly policy: Partial<ImplPolicyOptions> | null;
  /** Why it is not judged (policy null), in words. */
  readonly reason?: string;
  /**
   * Properties (properties/index.ts ids) the variant's reading is known to break in the
   * lockstep alphabet, so a run leaves them out and judges by the comparison with the model: a
   * finding of the what-if matrix about the reading, not a fault of the SUT.
   */
  readonly waived?: readonly string[];
  /** Why those properties are waived. */
  readonly waivedBecause?: string;
  /**
   * Command weights that make the variant's difference likely in a short run (default the CLI
   * check's, harness/cli/engine.ts CLI_WEIGHTS): the same for the judged run and its control.
   */
  readonly weights?: Partial<CommandWeights>;
  /**
   * Why these runs never reach the variant's difference, so its negative control cannot fail
   * (absent: the control must fail). Judged all the same: the lockstep run shows the policy
   * agrees with the model wherever the alphabet goes, the impl unit tests show the difference.
   */
  readonly unreached?: string;
}

export const LOCKSTEP_VARIANTS: readonly LockstepVariant[] = [
  //= SPEC_MAPPING.md#V-ENFORCE-SPOS
  //# Only the SPoS checks (depth ≥ L → CHAIN_LIMIT); the TPoS accepts any depth.
  {
    id: 'V-ENFORCE-SPOS', variant: { enforce: 'V-ENFORCE-SPOS' }, policy: { enforcers: { spos: true, tpos: false, mn: false } },
    waived: ['chain-limit'],
    waivedBecause: 'the lower tester\'s depth lie stands for a faulty SPoS, and no TPoS checks the counter: the chain grows past L (F-2)',
  },
  //= SPEC_MAPPING.md#V-ENFORCE-TPOS
  //# Only the TPoS checks the depth carried in MIS_N2N_Prereg_Xfer (depth > L → CHAIN_LIMIT).
  { id: 'V-ENFORCE-TPOS', variant: { enforce: 'V-ENFORCE-TPOS' }, policy: { enforcers: { spos: false, tpos: true, mn: false } } },
  {
    id: 'V-ENFORCE-MN', variant: { enforce: 'V-ENFORCE-MN' }, policy: { enforcers: { spos: false, tpos: false, mn: true } },
    waived: ['forced-fallback', 'chain-limit'],
    waivedBecause: 'no network side checks the counter: the lower tester\'s depth lie (a faulty SPoS, F-2) or its lie that clears the MN\'s fallback flag carries the chain past L',
  },
  //= SPEC_MAPPING.md#V-ENFORCE-ALL
  //# The MN, the SPoS and the TPoS all check the chain limit
  { id: 'V-ENFORCE-ALL', variant: { enforce: 'V-ENFORCE-ALL' }, policy: { enforcers: { spos: true, tpos: true, mn: true } } },
  //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
  //# An MN that set the fallback flag refuses an optimized SA
  // An honest SPoS answers a set fallback flag with MN_REQUESTED, so the MN's refusal shows only
  // after the lower tester's lie clears the flag: the weights of the check's runs that chase
  // such grants (harness/cli/engine.ts FALLBACK_GRANT_WEIGHTS), flagged handovers and only that lie.
  {
    id: 'V-FALLBACK-HONOURED', variant: { mnFallback: 'V-FALLBACK-HONOURED' }, policy: { honourFallback: true },
    weights: FALLBACK_GRANT_WEIGHTS,
  },
  //= SPEC_MAPPING.md#V-TLS-PROTOCOL
  //# Only the MN–TPoS protocol matters: the SPoS checks the method the MN declares for its SAs, not
  // An MN has one method, so in honest runs an SA rooted in TLS is only ever a TLS MN's and both
  // exclusions refuse the same hops (F-11). The root-tls lie gives an EAP MN's TPoS a TLS root:
  // the SA's next hop is TLS_ROOT by its root and NOT_EAP_ROOT by the MN's method. Most lies are
  // that one, on hops that complete.
  {
    id: 'V-TLS-PROTOCOL', variant: { tls: 'V-TLS-PROTOCOL' }, policy: { tlsExclusion: 'protocol' },
    weights: { lie: 20, lieMix: [{ what: null, weight: 1 }, { what: 'root-tls', weight: 3 }] },
    waived: ['tls-exclusion'],
    waivedBecause: 'the property states V-TLS-ROOT, no optimized hop from a TLS lineage; V-TLS-PROTOCOL reads the MN\'s method alone, so a TLS root told to a TPoS seeds the next hop there',
  },
  //= SPEC_MAPPING.md#V-ERP-FULL
  //# An ERP execution is a full establishment (A-ERP-FULL): root ERP, depth 0, ID_TYPE 1.
  // The profile's reading, so both sides run their defaults; its alternative V-ERP-OPTIMIZED is
  // one the wire cannot carry (docs/protocol.md §8).
  {
    id: 'V-ERP-FULL', variant: { erp: 'V-ERP-FULL' }, policy: { erpResetsChain: true },
    unreached: 'the profile\'s reading: both sides run their defaults, and V-ERP-OPTIMIZED is one the wire cannot carry',
  },
  //= SPEC_MAPPING.md#V-COUNTER-RANGE
  //# the TPoS also refuses a counter outside 1..L
  // No honest SPoS states a depth below 1, and the readings agree on the depth lie's L + 1: only
  // the depth-low lie (depth 0) reaches the difference, so most lies are that one.
  {
    id: 'V-COUNTER-RANGE', variant: { counterRange: 'V-COUNTER-RANGE' }, policy: { rangeCheck: true },
    weights: { lieMix: [{ what: null, weight: 1 }, { what: 'depth-low', weight: 3 }] },
  },
  //= SPEC_MAPPING.md#V-TLS-MN
  //# the MN refuses an optimized SA unless its own lineage is EAP or ERP
  {
    id: 'V-TLS-MN', variant: { tls: 'V-TLS-MN' }, policy: { tlsExclusion: 'mn' },
    unreached: 'the MN\'s lineage root is its own method (or its serving SA\'s), and its SPoS grants only from an EAP or ERP root of its own; the root lie relabels a PoS\'s root, never the MN\'s, so no grant meets a TLS or GKB lineage at the MN',
  },
  //= SPEC_MAPPING.md#V-TPOS-SERVING-REFUSES
  //# A PoS that serves the MN refuses to be its TPoS
  // A PoS serves an MN that hands over to it only while a stale serving SA is left there: the
  // MIS_N2N_HO_Complete.indication that would delete it lost, so more completions and drops.
  {
    id: 'V-TPOS-SERVING-REFUSES', variant: { tposServing: 'V-TPOS-SERVING-REFUSES' }, policy: { servingPos: 'refuses' },
    weights: { complete: 12, drop: 4 },
  },
  //= SPEC_MAPPING.md#V-MN-TARGET-REACHABLE
  //# a TPoS the SPoS selected is taken only if it is a network the MN can reach
  {
    id: 'V-MN-TARGET-REACHABLE', variant: { mnTargetCheck: 'V-MN-TARGET-REACHABLE' }, policy: { targetCheck: 'reachable' },
    unreached: 'an honest SPoS selects a neighbour offering one of the MN\'s RATs, and the lower tester rewrites the TPoS address only to values every reading refuses (none, the SPoS itself)',
  },
];

/** The variants judged by lockstep: those with an impl/ policy. */
export function judgedVariants(): readonly (LockstepVariant & { readonly policy: Partial<ImplPolicyOptions> })[] {
  return LOCKSTEP_VARIANTS.filter((v): v is LockstepVariant & { readonly policy: Partial<ImplPolicyOptions> } => v.policy !== null);
}
