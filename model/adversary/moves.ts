//= SPEC_MAPPING.md#V-COUNTER-CLEAR
//# What-if: the counter travels outside the integrity protection, so anyone on the path can rewrite
//# it (an adversary resets it to 0).
//= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
//# or if any of the MN or TPoS requests so.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S8
//# An MIS SA (Security Association) (see 8.4.2 of IEEE Std 802.21-XXXX) can be used for protecting
//# the communications between an SPoS and a TPoS.
//= spec/clause-5.14-proposed-text.txt#5.14.1-S6
//# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.
// The attacker's moves: which are enabled, and what each does. The network is the attacker's
// (a PDU appended to the in-flight list, a field of an in-flight PDU rewritten); a role machine's
// state changes only through an event that machine handles (model/adversary/roles.ts).
//
//   compromise {pos}  the PoS reveals every key it holds, now and later (it stays compromised);
//                     the adversary's knowledge is closed under derivation (knowledge.ts).
//   tamper {index}    the chain counter of an in-flight MIS_N2N_Prereg_Xfer.request is rewritten
//                     to 0 ("this SA starts a new chain") when the counter is not integrity-
//                     protected in transit (V-COUNTER-CLEAR); and the fallback flag of a
//                     MIS_Prereg_Xfer.request to a compromised SPoS is cleared (the SPoS ignores
//                     the MN's request, 5.14.2-N1c).
//   rewind {mn}       a compromised SPoS rewrites its own chain counter for the MN (it runs its
//                     own check on a counter it controls, so this is skipping the check, and it
//                     holds the MIS SA key, 5.14.1-S8, so the counter 0 it then states in
//                     MIS_N2N_Prereg_Xfer.request carries a valid MAC).
//   inject {…}        a MIS_N2N_Prereg_Xfer.request from a rogue PoS (one the target does not
//                     trust, 5.14.1-S6) with a K of the adversary's making, or a
//                     MIS_Prereg_Xfer.request spoofing the MN without a valid MAC.
//   replay {entry}    a PDU delivered earlier (bounded log) is put in flight again.
//   relabel {mn}      a compromised SPoS states EAP for the MN's lineage (5.14.2-N2a, N3): it
//                     relabels its own SA (root EAP, ID_TYPE 1) so that its TLS_ROOT and
//                     NOT_EAP_ROOT checks pass and the N2N request says EAP; with `index`
//                     (V-TLS-PROTOCOL) it reads the TLS method of the MN's request as EAP. The
//                     keys are unchanged: K still derives from the TLS or GKB lineage.
//   redirect {index, to}  a compromised SPoS ignores the target of the MN's MIS_Prereg_Xfer.request
//                     sent to it (named, or left to its selection, 5.14.3) and prepares the MN
//                     with `to` instead (forgery.ts).
//   forge {…}         a compromised PoS, trusted by others, sends a fresh MIS_N2N_Prereg_Xfer.request
//                     about an MN with a K of its making, or forges the MN's MIS_HO_Complete.request
//                     under a prepared SA whose key it can compute (forgery.ts).

import { canonicalJson } from '../world/canonical.ts';
import type { WorldEvent } from '../world/events.ts';
import { eventLabel } from '../world/events.ts';
import { drawAdversaryToken, type World } from '../world/world.ts';
import type { N2nPreregRequest, Pdu, PreregRequest } from '../pdus.ts';
import type { DomainId, KeyTerm, MnId } from '../types.ts';
import { type AdversaryState, type AdvWorld, servingPoss } from './attacker.ts';
import { domainIndex, mnIndex, runCompromisedSpos, sposContextOf } from './roles.ts';
import { type ForgeMove, forgeMoves, forgeStep, type RedirectMove, redirectMoves, redirectStep } from './forgery.ts';

export type AdversaryMoveKind = 'compromise' | 'tamper' | 'inject' | 'replay' | 'relabel' | 'redirect' | 'forge';

export type AdversaryMove =
  | { readonly kind: 'compromise'; readonly pos: DomainId }
  | { readonly kind: 'tamper'; readonly index: number }
  /** `to`: the counter it keeps from now on (absent: -1, so that it states 0). */
  | { readonly kind: 'rewind'; readonly mn: MnId; readonly to?: number }
  | { readonly kind: 'inject'; readonly pdu: 'MIS_N2N_Prereg_Xfer.request' | 'MIS_Prereg_Xfer.request'; readonly from: DomainId; readonly to: DomainId; readonly mn: MnId }
  | { readonly kind: 'replay'; readonly entry: number }
  /** A compromised SPoS states EAP for the MN's lineage: its own SA's label, or (`index`) the method of the MN's request to it. */
  | { readonly kind: 'relabel'; readonly mn: MnId; readonly index?: number }
  | RedirectMove
  | ForgeMove;

export type AdvEvent = WorldEvent | AdversaryMove;

//= SPEC_MAPPING.md#V-COUNTER-MAC
//# The chain counter (depth) travels inside the MAC of MIS_N2N_Prereg_Xfer.request: only a
//# compromised SPoS can misstate it.
//= SPEC_MAPPING.md#V-COUNTER-CLEAR
//# What-if: the counter travels outside the integrity protection, so anyone on the path can rewrite
//# it (an adversary resets it to 0).
/**
 * How the chain counter carried by MIS_N2N_Prereg_Xfer.request is protected:
 * - V-COUNTER-MAC (the profile, docs/protocol.md §4 #4): covered by the MIS SA's MAC, so only a
 *   compromised sender can misstate it, and it may state any value (0 included);
 * - V-COUNTER-CLEAR (what-if): outside the integrity protection, anyone on the path rewrites it.
 * What the TPoS then accepts is the model's business (variant counterRange, V-COUNTER-RANGE:
 * model/machines/tpos.ts), not the adversary's.
 */
export type CounterProtection = 'V-COUNTER-MAC' | 'V-COUNTER-CLEAR';

export type AdversaryErrorCode = 'BAD_MOVE' | 'MOVE_NOT_ENABLED';

export class AdversaryError extends Error {
  override readonly name = 'AdversaryError';
  constructor(readonly code: AdversaryErrorCode, message: string) {
    super(`${code}: ${message}`);
  }
}

const ADVERSARY_MOVE_KINDS: ReadonlySet<string> = new Set(['compromise', 'tamper', 'rewind', 'inject', 'replay', 'relabel', 'redirect', 'forge']);

export function isAdversaryMove(e: AdvEvent): e is AdversaryMove {
  return ADVERSARY_MOVE_KINDS.has(e.kind);
}

export function advEventLabel(e: AdvEvent): string {
  if (!isAdversaryMove(e)) return eventLabel(e);
  switch (e.kind) {
    case 'compromise': return `compromise ${e.pos}`;
    case 'tamper': return `tamper ${e.index}`;
    case 'rewind': return e.to === undefined || e.to === REWIND_TO_ZERO ? `rewind ${e.mn}` : `rewind ${e.mn} to ${e.to}`;
    case 'inject': return `inject ${e.pdu} ${e.from}->${e.to} ${e.mn}`;
    case 'replay': return `replay ${e.entry}`;
    case 'relabel': return e.index === undefined ? `relabel ${e.mn}` : `relabel ${e.mn} request ${e.index}`;
    case 'redirect': return `redirect ${e.index} to ${e.to}`;
    case 'forge': return e.pdu === 'MIS_HO_Complete.request' ? `forge ${e.pdu} ->${e.to} ${e.mn} previous ${e.previous}` : `forge ${e.pdu} ->${e.to} ${e.mn} chain ${e.chain}`;
  }
}

/** The adversary options a move looks at, resolved (model/adversary/attacked-world.ts). */
export interface MoveRules {
  readonly moves: ReadonlySet<AdversaryMoveKind>;
  readonly counter: CounterProtection;
  readonly rogue: readonly DomainId[];
  readonly compromisable: readonly DomainId[];
  readonly compromiseWhen: 'any' | 'serving';
  /** Compromise, rewind, inject and replay only when no PDU is in flight. */
  readonly quiescentMoves: boolean;
  readonly maxInjects: number;
  readonly maxReplays: number;
  /** At most this many redirect and forge moves together per run. */
  readonly maxForgeries: number;
}

function tamperable(p: Pdu, adv: AdversaryState, counter: CounterProtection, chainLimit: number): boolean {
  if (p.type === 'MIS_N2N_Prereg_Xfer.request') {
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
    //# To prevent such domino effect, the chain shall be limited.
    // the counter is the sender's statement. Anyone on the path can rewrite it when
    // it is outside the MAC; a compromised sender states what it likes through `rewind`. Only
    // the reset of a counter that has reached L changes what happens next (a lower counter
    // lets the chain go on anyway), so the search offers only that one: the same chains, far
    // fewer states.
    return counter === 'V-COUNTER-CLEAR' && p.chain >= chainLimit && p.chain !== 0;
  }
  if (p.type === 'MIS_Prereg_Xfer.request') {
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
    //# or if any of the MN or TPoS requests so.
    // a compromised SPoS ignores the MN's request for a full establishment.
    return p.fallback && p.dst === adv.compromised;
  }
  return false;
}

function tampered(p: Pdu): Pdu {
  if (p.type === 'MIS_N2N_Prereg_Xfer.request') return { ...p, chain: 0, depth: 0 } satisfies N2nPreregRequest;
  if (p.type === 'MIS_Prereg_Xfer.request') return { ...p, fallback: false } satisfies PreregRequest;
  return p;
}

/**
 * The counter a compromised SPoS sets in its own memory: one below 0, so that its own check
 * (`chain >= L`) never fires, even at L = 0, and the counter it sends for the next SA
 * (`chain + 1`, docs/protocol.md §4 #4) is 0: equivalent to skipping its check and stating 0.
 */
const REWIND_TO_ZERO = -1;

//= SPEC_MAPPING.md#V-COUNTER-RANGE
//# What-if: MAC-protected as V-COUNTER-MAC, and the TPoS also refuses a counter outside 1..L
/**
 * The counters a compromised SPoS may rewind to. Where the TPoS refuses a counter below 1
 * (V-COUNTER-RANGE) it may also keep 0 and so state 1, the smallest lie that gets through; it
 * is offered both, so that the search, not this function, finds which lie pays.
 */
function rewindTargets(w: World): readonly number[] {
  return w.variant.counterRange === 'V-COUNTER-RANGE' ? [REWIND_TO_ZERO, 0] : [REWIND_TO_ZERO];
}

/** Only down: a counter raised again gives nothing a lower first lie did not (and would cycle). */
function rewindable(w: World, pos: DomainId, mn: MnId, to: number): boolean {
  const sa = sposContextOf(w, domainIndex(w, pos), mnIndex(w, mn))?.sa ?? null;
  return sa !== null && sa.chain > to && rewindTargets(w).includes(to);
}

function injected(w: World, e: Extract<AdversaryMove, { kind: 'inject' }>, token: string): Pdu {
  const mn = w.config.mns.find((m) => m.id === e.mn);
  const to = w.config.domains.find((d) => d.id === e.to);
  if (mn === undefined || to === undefined) throw new AdversaryError('BAD_MOVE', `unknown mn or domain in ${advEventLabel(e)}`);
  if (e.pdu === 'MIS_N2N_Prereg_Xfer.request') {
    const k: KeyTerm = {
      kind: 'K', root: 'EAP', depth: 1, generatedBy: e.from, boundTo: e.to, origin: `ADV(${e.from})`,
      id: `K(ADV(${e.from})|${e.mn}|${e.from}|${e.to}|${token})`,
    };
    return { type: e.pdu, src: e.from, dst: e.to, mn: e.mn, nonceN: token, suites: to.suites, depth: 1, chain: 1, root: 'EAP', k };
  }
  // A spoofed MN request: the rogue PoS has no key of the MN's SA, so its MAC names its own.
  return {
    type: e.pdu, src: e.mn, dst: e.to, mn: e.mn, target: null, nonceN: token, suites: mn.suites, fallback: false,
    depth: 0, chain: 0, method: mn.method, mac: `ADV(${e.from})`,
  };
}

//= spec/clause-5.14-proposed-text.txt#5.14.2-N3
//# If protocol of establishing SAs between an MN and a TPoS is
//= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
//# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
//# etsblishment applies.
/**
 * The relabels a compromised PoS may make (only where a label is what its own checks read, so
 * each lie is told at most once per SA or request): its SA with an MN whose lineage is not EAP
 * or ERP (V-TLS-ROOT, V-TLS-MN and NOT_EAP_ROOT read it), and, under V-TLS-PROTOCOL, the TLS
 * method an MN declares in a MIS_Prereg_Xfer.request to it (the SPoS reads the request as EAP).
 */
function relabels(w: World, adv: AdversaryState, quiet: boolean): AdversaryMove[] {
  const out: AdversaryMove[] = [];
  const pos = adv.compromised;
  if (pos === null) return out;
  if (quiet) {
    w.config.mns.forEach((mn, i) => {
      const root = sposContextOf(w, domainIndex(w, pos), i)?.sa?.root;
      if (root !== undefined && root !== 'EAP' && root !== 'ERP') out.push({ kind: 'relabel', mn: mn.id });
    });
  }
  if (w.variant.tls === 'V-TLS-PROTOCOL') {
    w.inFlight.forEach((p, index) => {
      if (p.type === 'MIS_Prereg_Xfer.request' && p.dst === pos && p.method === 'TLS' && p.corrupted !== true) out.push({ kind: 'relabel', mn: p.mn, index });
    });
  }
  return out;
}

/** The moves enabled in `aw` under `rules`, in the order the search offers them. */
export function enabledMoves(rules: MoveRules, aw: AdvWorld): AdversaryMove[] {
  const out: AdversaryMove[] = [];
  const { world: w, adv } = aw;
  const { moves, counter } = rules;
  const quiet = !rules.quiescentMoves || w.inFlight.length === 0;
  if (moves.has('compromise') && adv.compromised === null && quiet) {
    const serving = rules.compromiseWhen === 'serving' ? servingPoss(w) : null;
    for (const pos of rules.compromisable) if (serving === null || serving.has(pos)) out.push({ kind: 'compromise', pos });
  }
  if (moves.has('tamper')) {
    w.inFlight.forEach((p, index) => {
      if (tamperable(p, adv, counter, w.config.chainLimit)) out.push({ kind: 'tamper', index });
    });
    if (quiet && adv.compromised !== null) {
      for (const mn of w.config.mns) {
        for (const to of rewindTargets(w)) {
          if (rewindable(w, adv.compromised, mn.id, to)) out.push(to === REWIND_TO_ZERO ? { kind: 'rewind', mn: mn.id } : { kind: 'rewind', mn: mn.id, to });
        }
      }
    }
  }
  if (moves.has('inject') && quiet && adv.injects < rules.maxInjects) {
    for (const from of rules.rogue) {
      for (const to of w.config.domains) {
        if (to.id === from) continue;
        for (const mn of w.config.mns) {
          out.push({ kind: 'inject', pdu: 'MIS_N2N_Prereg_Xfer.request', from, to: to.id, mn: mn.id });
          out.push({ kind: 'inject', pdu: 'MIS_Prereg_Xfer.request', from, to: to.id, mn: mn.id });
        }
      }
    }
  }
  if (moves.has('relabel')) out.push(...relabels(w, adv, quiet));
  if (moves.has('replay') && quiet && adv.replays < rules.maxReplays) {
    const seen = new Set<string>();
    adv.log.forEach((p, entry) => {
      const c = canonicalJson(p);
      if (!seen.has(c)) {
        seen.add(c);
        out.push({ kind: 'replay', entry });
      }
    });
  }
  if (adv.forgeries < rules.maxForgeries) {
    if (moves.has('redirect')) out.push(...redirectMoves(aw));
    if (moves.has('forge') && quiet) out.push(...forgeMoves(aw));
  }
  return out;
}

/** The world and attacker state after move `e` (before the attacker observes the result). */
export function stepMove(rules: MoveRules, aw: AdvWorld, e: AdversaryMove): AdvWorld {
  const { world: w, adv } = aw;
  const { moves, counter } = rules;
  switch (e.kind) {
    case 'compromise': {
      if (!moves.has('compromise') || adv.compromised !== null || !rules.compromisable.includes(e.pos)) {
        throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      }
      return { world: w, adv: { ...adv, compromised: e.pos } };
    }
    case 'tamper': {
      const p = w.inFlight[e.index];
      if (!moves.has('tamper') || p === undefined || !tamperable(p, adv, counter, w.config.chainLimit)) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      const inFlight = w.inFlight.slice();
      inFlight[e.index] = tampered(p);
      return { world: { ...w, inFlight }, adv: { ...adv, lies: adv.lies + 1 } };
    }
    case 'rewind': {
      const to = e.to ?? REWIND_TO_ZERO;
      if (!moves.has('tamper') || adv.compromised === null || !rewindable(w, adv.compromised, e.mn, to)) {
        throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      }
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
      //# To prevent such domino effect, the chain shall be limited.
      // the compromised SPoS's counter for the MN, rewritten (its own memory).
      const world = runCompromisedSpos(w, adv.compromised, e.mn, { type: 'compromisedRewindsChain', to });
      if (world === null) throw new AdversaryError('MOVE_NOT_ENABLED', `${advEventLabel(e)}: the SPoS holds no SA with ${e.mn}`);
      return { world, adv: { ...adv, lies: adv.lies + 1 } };
    }
    case 'inject': {
      if (!moves.has('inject') || !rules.rogue.includes(e.from) || e.from === e.to || adv.injects >= rules.maxInjects) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      const { token, fresh } = drawAdversaryToken(w);
      const pdu = injected(w, e, token);
      const known = pdu.type === 'MIS_N2N_Prereg_Xfer.request' && pdu.k !== null ? [...adv.known, pdu.k.id].sort() : adv.known;
      return { world: { ...w, fresh, inFlight: [...w.inFlight, pdu] }, adv: { ...adv, known, injects: adv.injects + 1 } };
    }
    case 'relabel': {
      const fits = (m: AdversaryMove): boolean => m.kind === 'relabel' && m.mn === e.mn && m.index === e.index;
      if (!moves.has('relabel') || !relabels(w, adv, true).some(fits)) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      if (e.index !== undefined) {
        const p = w.inFlight[e.index] as PreregRequest;
        const inFlight = w.inFlight.slice();
        inFlight[e.index] = { ...p, method: 'EAP' } satisfies PreregRequest;
        return { world: { ...w, inFlight }, adv: { ...adv, lies: adv.lies + 1 } };
      }
      const world = runCompromisedSpos(w, adv.compromised as DomainId, e.mn, { type: 'compromisedRelabelsRoot' });
      if (world === null) throw new AdversaryError('MOVE_NOT_ENABLED', `${advEventLabel(e)}: the SPoS holds no SA with ${e.mn}`);
      return { world, adv: { ...adv, lies: adv.lies + 1 } };
    }
    case 'replay': {
      const p = adv.log[e.entry];
      if (!moves.has('replay') || p === undefined || adv.replays >= rules.maxReplays) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      return { world: { ...w, inFlight: [...w.inFlight, p] }, adv: { ...adv, replays: adv.replays + 1, replayed: [...adv.replayed, w.inFlight.length] } };
    }
    case 'redirect': {
      if (!moves.has('redirect') || adv.forgeries >= rules.maxForgeries) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      const next = redirectStep(aw, e);
      if (next === null) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      return next;
    }
    case 'forge': {
      if (!moves.has('forge') || adv.forgeries >= rules.maxForgeries) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      const next = forgeStep(aw, e);
      if (next === null) throw new AdversaryError('MOVE_NOT_ENABLED', advEventLabel(e));
      return next;
    }
  }
}
