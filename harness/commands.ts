// fast-check model-based commands: one parameterised command (check/run/toString) per stimulus
// pattern. A command's pick is a choice index, resolved at run time against the stimuli the model
// enables in its current state, so every generated command is applicable and a shrunk sequence
// stays meaningful (index 0 = the first enabled choice, e.g. the oldest PDU in flight).
import fc from 'fast-check';
import type { Lie, PduObservation, PduType, Stimulus, Tamper } from '../vocabulary/observation.ts';
import { CORRUPTIONS, advanceHistory, describeStimulus, tamperApplies } from './enabled.ts';
import { CHECK_RULES } from './tester/check-faults.ts';
import type { Lockstep } from './lockstep.ts';

/** What fast-check's model and real objects are: the one lockstep of the current run. */
export interface RunContext {
  readonly lockstep: Lockstep;
}

/**
 * The stimuli a command stands for: those of its kind whose fields equal the pattern's
 * (`{ kind: 'lie', what: 'root' }`; a field left out matches any value, `{ kind: 'lie' }` any lie).
 */
export type StimulusPattern = {
  [K in Stimulus['kind']]: { readonly kind: K } & Partial<Omit<Extract<Stimulus, { kind: K }>, 'kind' | 'index'>>;
}[Stimulus['kind']];

type Matcher = (s: Stimulus) => boolean;

function matcher(p: StimulusPattern): Matcher {
  const fields = Object.entries(p).filter(([k]) => k !== 'kind');
  return (s) => s.kind === p.kind && fields.every(([k, v]) => (s as unknown as Record<string, unknown>)[k] === v);
}

/** A command's name before it ran: its kind, then each field it fixes (a true flag by its name). */
function labelOf(p: StimulusPattern): string {
  let label = p.kind === 'setFallbackPolicy' ? 'policy' : p.kind;
  for (const [k, v] of Object.entries(p)) {
    if (k === 'kind' || v === false) continue;
    label += `-${v === true ? k : String(v)}`;
  }
  return label;
}

/** Where a command whose own stimuli are not enabled goes instead: the next step of some procedure. */
const FALLTHROUGH: readonly Matcher[] = [
  ...([{ kind: 'deliver' }, { kind: 'complete' }, { kind: 'handover', fallback: false }, { kind: 'attach' }, { kind: 'abort' }] as const).map(matcher),
  () => true,
];

/**
 * The command of one stimulus pattern. It stands for, in the current state, a stimulus its
 * pattern matches if one is enabled, else (so that no generated command is wasted) one of the
 * first FALLTHROUGH entry that matches an enabled stimulus, which keeps procedures moving; the
 * pick chooses among them. Deterministic in the state, so a shrunk sequence replays exactly.
 */
export class StimulusCommandOf implements fc.AsyncCommand<RunContext, RunContext> {
  readonly #matches: Matcher;
  #last: Stimulus | null = null;

  constructor(
    readonly pick: number,
    readonly pattern: StimulusPattern,
  ) {
    this.#matches = matcher(pattern);
  }

  /** The enabled stimuli this command chooses among. */
  protected candidates(enabled: readonly Stimulus[], _ls: Lockstep): readonly Stimulus[] {
    return enabled.filter(this.#matches);
  }

  protected get label(): string {
    return labelOf(this.pattern);
  }

  resolve(m: Readonly<RunContext>): Stimulus | null {
    const ls = m.lockstep;
    // check() and run() resolve in the same state: (lockstep, trace length) names that state.
    if (this.#resolvedIn === ls && this.#resolvedAt === ls.trace.length) return this.#resolved;
    const enabled = ls.enabled();
    let c = this.candidates(enabled, ls);
    for (let i = 0; c.length === 0 && i < FALLTHROUGH.length; i++) c = enabled.filter(FALLTHROUGH[i]!);
    this.#resolved = c.length === 0 ? null : c[this.pick % c.length]!;
    this.#resolvedIn = ls;
    this.#resolvedAt = ls.trace.length;
    return this.#resolved;
  }

  #resolvedIn: Lockstep | null = null;
  #resolvedAt = -1;
  #resolved: Stimulus | null = null;

  check(m: Readonly<RunContext>): boolean {
    return this.resolve(m) !== null;
  }

  async run(m: RunContext, r: RunContext): Promise<void> {
    const s = this.resolve(m);
    if (s === null) return;
    this.#last = s;
    await r.lockstep.step(s);
  }

  toString(): string {
    return this.#last === null ? `${this.label}(${this.pick})` : describeStimulus(this.#last);
  }
}

/**
 * The request whose copy is answered (docs/protocol.md §5.3, REJECTED/REPLAY), whatever the first
 * answer was: its redelivery shows what the replay cache was filled with.
 */
const CACHED_REQUESTS: ReadonlySet<PduType> = new Set(['MIS_N2N_Prereg_Xfer.request']);

/** The MN's requests a PoS keeps in its request cache (§5.3), each with the answer it gets. */
const MN_REQUEST_ANSWERS: ReadonlyMap<PduType, PduType> = new Map([
  ['MIS_Auth.request', 'MIS_Auth.response'],
  ['MIS_Prereg_Xfer.request', 'MIS_Prereg_Xfer.response'],
]);

/** Whether the receiver of the MN's request `r` refused it: its answer (delivered or in flight) is not SUCCESS. */
function refused(r: PduObservation, history: readonly PduObservation[], inFlight: readonly PduObservation[]): boolean {
  const answer = MN_REQUEST_ANSWERS.get(r.type);
  const answers = (a: PduObservation): boolean => a.type === answer && a.src === r.dst && a.mn === r.mn && a.nonceN === r.nonceN && a.corrupted !== true;
  return [...history, ...inFlight].some((a) => answers(a) && a.status !== 'SUCCESS');
}

/** The model's delivery history of the run so far (what a `redeliver` index points into), kept per lockstep. */
const histories = new WeakMap<Lockstep, { at: number; history: PduObservation[] }>();

function deliveryHistory(ls: Lockstep): readonly PduObservation[] {
  let h = histories.get(ls);
  if (h === undefined || h.at > ls.trace.length) h = { at: 0, history: [] };
  // observations[i] is the state before trace[i] (observations[0] the initial one).
  for (; h.at < ls.trace.length; h.at++) h.history = advanceHistory(h.history, ls.trace[h.at]!, ls.observations[h.at]!.model);
  histories.set(ls, h);
  return h.history;
}

//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
/**
 * The lower tester delivers again one of CACHED_REQUESTS from the run's delivery history, the
 * pick choosing which (docs/protocol.md §3), so that a copy meets the cache after every kind of
 * first answer (A-REPLAY: TPOS_REQUESTED, CHAIN_LIMIT and NO_COMMON_SUITE as well as SUCCESS),
 * not only after the common ones. A class of its own: a `redeliver` stimulus names only a
 * history index, so which PDU it carries is found in the history the model delivered, not in
 * the stimulus a pattern could match.
 */
export class RedeliverRequestCommand extends StimulusCommandOf {
  constructor(
    pick: number,
    /**
     * 'refused': an MN's request its PoS refused instead (a full establishment REJECTED, a
     * preregistration answered FULL_AUTH_REQUIRED, REJECTED or NO_TARGET). Its copy must be
     * discarded as one (§5.3: the cache keeps every request taken up, whatever the answer), and
     * a cache filled only on SUCCESS answers it again. A PoS refuses a full establishment only
     * once the MN's ERP SEQ is used up, and a plain `redeliver` picks among the last eight
     * PDUs: a 500-run check never redelivered such a request.
     */
    readonly subjects: 'cached' | 'refused' = 'cached',
  ) {
    super(pick, { kind: 'redeliver' });
  }
  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const history = deliveryHistory(ls);
    const wanted = (p: PduObservation | undefined): boolean =>
      p !== undefined && (this.subjects === 'cached' ? CACHED_REQUESTS.has(p.type) : MN_REQUEST_ANSWERS.has(p.type) && refused(p, history, ls.model.inFlight));
    return super.candidates(e, ls).filter((s) => s.kind === 'redeliver' && wanted(history[s.index]));
  }
  protected override get label() {
    return this.subjects === 'cached' ? 'redeliver-request' : 'redeliver-refused';
  }
}

/**
 * The ways a copy of an answer is spoilt: a field its receiver judges (docs/protocol.md §5.2
 * [bad-field]), the wrapped K of an optimized answer [bad-wrapped-key], or a rule of strict
 * decoding (§4.6 [malformed]: the receiver must reject the copy before it reads anything of it,
 * and a decoder that acts on what it read first, the header's transaction id, then loses the
 * intact answer; a tamper alone leaves no answer to lose).
 */
export const SPOIL_WAYS = ['bad-field', 'wrap', 'decoding'] as const;
export type SpoilWay = (typeof SPOIL_WAYS)[number];
/** The ways `spoilCopy` draws from; `decoding` has a weight of its own (`spoilCopyDecoding`). */
const JUDGED_SPOIL_WAYS: readonly SpoilWay[] = ['bad-field', 'wrap'];

/**
 * `want` as the alphabet has it now, or undefined where it is not enabled: the composite
 * commands take each of their stimuli only where it is.
 */
function enabledAs(ls: Lockstep, want: Stimulus): Stimulus | undefined {
  const wanted = JSON.stringify(want);
  return ls.enabled().find((x) => JSON.stringify(x) === wanted);
}

/**
 * The composite commands' later stimuli: each of `then`, computed in the state the one before it
 * left, taken where the alphabet enables it and appended to `steps`; the first that is not ends them.
 */
async function stepThrough(ls: Lockstep, then: readonly ((l: Lockstep) => Stimulus | null)[], steps: Stimulus[]): Promise<void> {
  for (const next of then) {
    const want = next(ls);
    const s = want === null ? undefined : enabledAs(ls, want);
    if (s === undefined) return;
    steps.push(s);
    await ls.step(s);
  }
}

/**
 * The ways a copy of a request (or an indication) is spoilt: its MAC, a field its receiver
 * judges, its wrapped K, a rule of strict decoding; each where it applies (harness/enabled.ts
 * tamperApplies).
 */
export const REQUEST_SPOIL_WAYS = ['mac', 'bad-field', 'wrap', 'decoding'] as const;
export type RequestSpoilWay = (typeof REQUEST_SPOIL_WAYS)[number];

/** Which PDUs a SpoilCopyCommand copies: the answers (PDUs 2, 4, 6) or the rest (requests, the indication). */
export type SpoilSubjects = 'answers' | 'requests';

function isAnswer(p: PduObservation): boolean {
  return p.type === 'MIS_Auth.response' || p.type === 'MIS_Prereg_Xfer.response' || p.type === 'MIS_N2N_Prereg_Xfer.response';
}

/** A PDU of `subjects` that `how` applies to. */
function spoilable(p: PduObservation | undefined, how: SpoilWay | RequestSpoilWay, subjects: SpoilSubjects): boolean {
  if (p === undefined || isAnswer(p) !== (subjects === 'answers')) return false;
  // the spoil ways never name another PoS, so the world's PoSs do not matter to them.
  return tamperApplies(p, how, []);
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The lower tester copies an answer, spoils the copy (`bad-field`, `decoding`, or `wrap` on an
 * optimized answer) and delivers it first (docs/protocol.md §3: `duplicate`, `tamper`, `deliver`, three
 * stimuli of the alphabet in one command); the intact answer stays in flight. A plain tamper
 * leaves the receiver no answer at all, so the run ends that procedure; here the receiver must
 * discard the copy without effect and still take the real answer, and it is the one way the
 * MN's checks of a SUCCESS MIS_Prereg_Xfer.response (nonceT, the TPoS named, the suite offered,
 * K unwrapping: 5.14.2-S7, 5.14.3-S7, 5.14.2-S8, 5.14.2-S6) meet a chain that goes on. The pick
 * chooses the answer; with none in flight the command falls through like any other.
 *
 * With `subjects` 'requests' it does the same to a request or an indication (REQUEST_SPOIL_WAYS):
 * a receiver that remembers a request before its checks pass (a replay cache filled before the
 * MAC or the wrapped K verified, an SA promoted before the completion's fields were judged)
 * then refuses or loses the real one after it, which a plain tamper, with nothing after it,
 * never shows (A-DISCARD: a discarded PDU changes nothing; A-REPLAY: only a request taken up is
 * remembered).
 */
export class SpoilCopyCommand extends StimulusCommandOf {
  #steps: Stimulus[] = [];

  constructor(
    pick: number,
    readonly how: SpoilWay | RequestSpoilWay = 'bad-field',
    readonly subjects: SpoilSubjects = 'answers',
  ) {
    super(pick, { kind: 'duplicate' });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const inFlight = ls.model.inFlight;
    return super.candidates(e, ls).filter((s) => s.kind === 'duplicate' && spoilable(inFlight[s.index], this.how, this.subjects));
  }

  protected override get label() {
    return this.subjects === 'answers' ? `spoil-copy-${this.how}` : `spoil-request-copy-${this.how}`;
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    const copied = first?.kind === 'duplicate' && spoilable(m.lockstep.model.inFlight[first.index], this.how, this.subjects);
    await super.run(m, r);
    this.#steps = first === null ? [] : [first];
    if (!copied) return;
    // the copy is appended last (docs/protocol.md §3 `duplicate`)
    const copy = r.lockstep.model.inFlight.length - 1;
    for (const next of [{ kind: 'tamper', index: copy, how: this.how }, { kind: 'deliver', index: copy }] as const) {
      const s = enabledAs(r.lockstep, next);
      if (s === undefined) return;
      this.#steps.push(s);
      await r.lockstep.step(s);
    }
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

//= SPEC_MAPPING.md#A-HO-COMPLETE
//# Handover completion is signalled by MIS_HO_Complete.request (MN → TPoS) and
//# MIS_N2N_HO_Complete.indication (TPoS
/**
 * The lower tester turns the MN's MIS_HO_Complete.request to its TPoS into a completion
 * indication from the MN's previous PoS (the `indication` lie) and delivers it (`lie`,
 * `deliver`). The TPoS holds the MN's prepared SA, so it must discard the indication
 * (wrong-state) and keep that SA; a PoS that acts on an indication whatever the state of its SA
 * deletes it. Only a PoS in both roles meets an indication with a prepared SA in honest runs (an
 * indication overtaken by the MN's next preparation), so a TPoS-only SUT never met one, and a
 * plain lie picks this one among every lie that applies to every PDU in flight. The pick
 * chooses the completion; with none in flight the command falls through.
 */
export class ForgedIndicationCommand extends StimulusCommandOf {
  #steps: Stimulus[] = [];

  constructor(pick: number) {
    super(pick, { kind: 'lie', what: 'indication' });
  }

  protected override get label() {
    return 'forged-indication';
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    await super.run(m, r);
    this.#steps = first === null ? [] : [first];
    if (first?.kind !== 'lie' || first.what !== 'indication') return;
    const s = enabledAs(r.lockstep, { kind: 'deliver', index: first.index });
    if (s === undefined) return;
    this.#steps.push(s);
    await r.lockstep.step(s);
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

//= SPEC_MAPPING.md#A-REPLAY
//# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
//# wrapped
/**
 * The same preparation reaches a TPoS from two partners: an MIS_N2N_Prereg_Xfer.request in flight
 * is copied, the copy is sent by another partner the TPoS trusts (the `sender` lie, K wrapped for
 * it), and both are delivered, the original first for even picks, the copy first for odd ones.
 * The replay cache is keyed by (SPoS, Nonce-N) (docs/protocol.md §5.3), so neither is a replay
 * and the TPoS answers each partner; one keyed by the nonce alone refuses the second
 * REJECTED/REPLAY. Honest SPoSs never share a Nonce-N. An N2N request is in flight for a step or
 * two (200 runs drawing this from the N2N request alone resent three), so the command also
 * starts earlier: from the MN's MIS_Prereg_Xfer.request in flight, which it delivers first, or
 * from a handover, whose request it then delivers. With none of them enabled it falls through.
 */
export class ResendFromPartnerCommand extends StimulusCommandOf {
  #steps: Stimulus[] = [];

  constructor(pick: number) {
    super(pick, { kind: 'duplicate' });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const inFlight = ls.model.inFlight;
    return e.filter((s) => (s.kind === 'handover' && !s.fallback) || (s.kind === 'deliver' && inFlight[s.index]?.type === 'MIS_Prereg_Xfer.request') || (s.kind === 'duplicate' && inFlight[s.index]?.type === 'MIS_N2N_Prereg_Xfer.request'));
  }

  protected override get label() {
    return 'resend-from-partner';
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    const subject = first?.kind === 'duplicate' || first?.kind === 'deliver' ? m.lockstep.model.inFlight[first.index] : undefined;
    await super.run(m, r);
    this.#steps = first === null ? [] : [first];
    // The preparation: its MN, Nonce-N and SPoS, known once the MN's request is in flight.
    let prep: { readonly mn: string; readonly nonceN: string | undefined; readonly spos: string } | null = null;
    const then: ((l: Lockstep) => Stimulus | null)[] = [];
    if (first?.kind === 'handover') {
      then.push((l) => {
        const flight = l.model.inFlight;
        let k = flight.length - 1;
        while (k >= 0 && !(flight[k]!.type === 'MIS_Prereg_Xfer.request' && flight[k]!.mn === first.mn)) k--;
        if (k < 0) return null;
        const p = flight[k]!;
        prep = { mn: p.mn, nonceN: p.nonceN, spos: p.dst };
        return { kind: 'deliver', index: k };
      });
    } else if (subject?.type === 'MIS_Prereg_Xfer.request') prep = { mn: subject.mn, nonceN: subject.nonceN, spos: subject.dst };
    else if (subject?.type === 'MIS_N2N_Prereg_Xfer.request') prep = { mn: subject.mn, nonceN: subject.nonceN, spos: subject.src };
    else return;
    // the preparation's N2N request in flight (it carries the MN's Nonce-N), from its SPoS or not.
    const request = (l: Lockstep, fromSpos: boolean | null): number =>
      prep === null ? -1 : l.model.inFlight.findIndex((p) => p.type === 'MIS_N2N_Prereg_Xfer.request' && p.mn === prep!.mn && p.nonceN === prep!.nonceN && (fromSpos === null || (p.src === prep!.spos) === fromSpos));
    const at = (kind: 'deliver' | 'duplicate', fromSpos: boolean | null) => (l: Lockstep): Stimulus | null => {
      const k = request(l, fromSpos);
      return k < 0 ? null : { kind, index: k };
    };
    if (subject?.type !== 'MIS_N2N_Prereg_Xfer.request') then.push(at('duplicate', null));
    // the copy is appended last (docs/protocol.md §3 `duplicate`); a delivery takes its PDU out.
    then.push((l) => ({ kind: 'lie', index: l.model.inFlight.length - 1, what: 'sender' }));
    then.push(...(this.pick % 2 === 0 ? [true, false] : [false, true]).map((fromSpos) => at('deliver', fromSpos)));
    await stepThrough(r.lockstep, then, this.#steps);
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

//= SPEC_MAPPING.md#A-ERP-SEQ
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
/**
 * The network loses the answer to a full establishment (an MIS_Auth.response in flight), the pick
 * choosing which. The HPoS consumed a SEQ for a granted ERP run, and the MN, which never took
 * the answer, did not (docs/protocol.md §5.4): the one way the two counts part, so the one way
 * an MN that still has a SEQ asks an HPoS that has none. A plain `drop` picks among every PDU
 * in flight, and a 500-run check met that refusal at an SUT PoS once. With none in flight it
 * falls through.
 */
export class LoseAuthAnswerCommand extends StimulusCommandOf {
  constructor(pick: number) {
    super(pick, { kind: 'drop' });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const inFlight = ls.model.inFlight;
    return super.candidates(e, ls).filter((s) => s.kind === 'drop' && inFlight[s.index]?.type === 'MIS_Auth.response');
  }

  protected override get label() {
    return 'lose-auth-answer';
  }
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A lost answer to a full establishment, then the MN tries again where it was (`drop`, `abort`,
 * `attach`, `deliver`), and the lower tester delivers the new request once more (`redeliver`).
 * Near the end of an ERP MN's SEQ space the HPoS has none left for the retry, so its PoS refuses
 * it: the one refusal of an MIS_Auth.request. The copy must be discarded as a duplicate whatever
 * the answer was (docs/protocol.md §5.3), and a PoS that remembers only the requests it grants
 * answers it again. A 500-run check met two such refusals, neither followed by a copy. Each
 * stimulus is the alphabet's own, taken only when enabled.
 */
export class RetryAfterLostAuthCommand extends LoseAuthAnswerCommand {
  #steps: Stimulus[] = [];

  protected override get label() {
    return 'retry-after-lost-auth';
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    const lost = first?.kind === 'drop' ? m.lockstep.model.inFlight[first.index] : undefined;
    await super.run(m, r);
    this.#steps = first === null ? [] : [first];
    if (lost?.type !== 'MIS_Auth.response') return;
    const ls = r.lockstep;
    const then: ((l: Lockstep) => Stimulus | null)[] = [
      () => ({ kind: 'abort', mn: lost.mn }),
      () => ({ kind: 'attach', mn: lost.mn, domain: lost.src }),
      (l) => ({ kind: 'deliver', index: l.model.inFlight.length - 1 }),
      (l) => {
        const request = deliveryHistory(l).at(-1);
        return request?.type === 'MIS_Auth.request' && request.mn === lost.mn ? redeliveryOf(l, 'MIS_Auth.request', request) : null;
      },
    ];
    await stepThrough(ls, then, this.#steps);
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

/**
 * The answer whose loss leaves a preparation open at the SPoS and abandoned at the MN: the
 * TPoS's. A lost MIS_Prereg_Xfer.response leaves the SPoS's exchange closed already.
 */
const PREPARATION_ANSWERS: ReadonlySet<PduType> = new Set(['MIS_N2N_Prereg_Xfer.response']);

/** A redelivery of the latest PDU of `type` in the run's delivery history with the MN and Nonce-N of `of`, if any. */
function redeliveryOf(ls: Lockstep, type: PduType, of: PduObservation): Stimulus | null {
  const history = deliveryHistory(ls);
  for (let k = history.length - 1; k >= 0; k--) {
    const p = history[k]!;
    if (p.type === type && p.mn === of.mn && p.nonceN === of.nonceN) return { kind: 'redeliver', index: k };
  }
  return null;
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The network loses the TPoS's answer of a preparation (an MIS_N2N_Prereg_Xfer.response) and
 * the MN gives up (`drop`, then `abort`), the pick choosing the answer. The exchange is then
 * abandoned at the MN and still open at the SPoS until the MN's next request supersedes it. An answer that comes back for it later must fit no
 * transaction, and the pick says where it meets one: at the MN (a third of the picks: the lower
 * tester redelivers the abandoned N2N request at once, and the SPoS relays the TPoS's answer to
 * it), at the SPoS (a third: the MN first asks again with the fallback flag, which its SPoS
 * refuses at once, and the answer comes back to an SPoS whose exchange is closed), or wherever
 * later stimuli take it. An MN that takes an answer after its abort, or an SPoS that keeps the
 * abandoned exchange open past the next request, shows only then: `abort` is enabled only once
 * nothing concerning the MN is in flight (docs/protocol.md §3), so a plain drop, abort and
 * redeliver meet by chance. Each stimulus is the alphabet's own, taken only when enabled; with
 * no such answer in flight the command falls through.
 */
export class AbandonPreparationCommand extends StimulusCommandOf {
  #steps: Stimulus[] = [];

  constructor(pick: number) {
    super(pick, { kind: 'drop' });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const inFlight = ls.model.inFlight;
    return super.candidates(e, ls).filter((s) => s.kind === 'drop' && PREPARATION_ANSWERS.has(inFlight[s.index]?.type ?? 'MIS_Auth.request'));
  }

  protected override get label() {
    return 'abandon-preparation';
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    const lost = first?.kind === 'drop' ? m.lockstep.model.inFlight[first.index] : undefined;
    await super.run(m, r);
    this.#steps = first === null ? [] : [first];
    if (lost === undefined || !PREPARATION_ANSWERS.has(lost.type)) return;
    const ls = r.lockstep;
    const then: ((ls: Lockstep) => Stimulus | null)[] = [() => ({ kind: 'abort', mn: lost.mn })];
    if (this.pick % 3 === 2) {
      then.push(() => ({ kind: 'handover', mn: lost.mn, target: null, fallback: true }));
      then.push((l) => ({ kind: 'deliver', index: l.model.inFlight.length - 1 }));
    }
    if (this.pick % 3 !== 0) then.push((l) => redeliveryOf(l, 'MIS_N2N_Prereg_Xfer.request', lost));
    await stepThrough(ls, then, this.#steps);
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

/** The ways that fail the SPoS's own checks of a TPoS's answer (docs/protocol.md §5.2 step 5): the echo, and the transaction by its tid or its sender. */
export const N2N_ANSWER_WAYS = ['echo', 'tid', 'src'] as const;

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The lower tester spoils the TPoS's answer in flight to its SPoS (MIS_N2N_Prereg_Xfer.response)
 * by one of N2N_ANSWER_WAYS, the pick choosing the answer. A plain tamper picks among every PDU
 * in flight that its way applies to, and this answer is one PDU in seven, in flight a step or
 * two: a 500-run check delivered a sender-form one to an SUT SPoS in two runs, and an SPoS that
 * matched the answer by tid alone passed 400 of them. With none in flight it falls through.
 */
export class N2nAnswerTamperCommand extends StimulusCommandOf {
  constructor(
    pick: number,
    readonly how: (typeof N2N_ANSWER_WAYS)[number],
  ) {
    super(pick, { kind: 'tamper', how });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const inFlight = ls.model.inFlight;
    return super.candidates(e, ls).filter((s) => s.kind === 'tamper' && inFlight[s.index]?.type === 'MIS_N2N_Prereg_Xfer.response');
  }

  protected override get label() {
    return `tamper-n2n-answer-${this.how}`;
  }
}

/** Tamper ways that stand for one check of the receiver's: its MAC verification, its strict decoder. */
const ONE_CHECK: readonly (readonly Tamper[])[] = [
  ['mac', 'field', 'key'],
  ['decoding', 'dup-tlv', 'tlv-order'],
];

/**
 * The checks a receiver of `type` makes that the enabled `ways` can fail, each as the ways that
 * fail it: one per §5.2 check made on the type (harness/tester/check-faults.ts, the way's rules
 * each a check, though the tester picks the rule), one for the MAC and one for the decoder
 * whichever way spoils them, and one for every other way.
 */
function checksOf(type: PduType, ways: ReadonlySet<Tamper>): readonly (readonly Tamper[])[] {
  const out: (readonly Tamper[])[] = [];
  for (const r of CHECK_RULES) if (ways.has(r.way) && r.on.includes(type)) out.push([r.way]);
  for (const group of ONE_CHECK) {
    const enabled = group.filter((w) => ways.has(w));
    if (enabled.length > 0) out.push(enabled);
  }
  const grouped = new Set<Tamper>([...CHECK_RULES.map((r) => r.way), ...ONE_CHECK.flat()]);
  for (const w of [...ways].sort()) if (!grouped.has(w)) out.push([w]);
  return out;
}

/**
 * Where a focused spoil leaves the PDU it spoils (FocusedTamperCommand): spoilt in flight, or a
 * copy of it spoilt and delivered before the PDU itself or after it.
 */
export const SPOIL_ORDERS = ['in-place', 'copy-first', 'copy-after'] as const;
export type SpoilOrder = (typeof SPOIL_ORDERS)[number];

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The lower tester spoils a PDU of one type (`focus`) alone: the pick chooses a check the
 * receiver of that type makes (checksOf), then a way that fails it and a PDU in flight. The
 * receiver checks of docs/protocol.md §5.2 are made per handler, each verifying its own MAC,
 * echo, transaction and fields, so a plain tamper meets a check as often as its PDU type is in
 * flight and its way drawn: a TPoS taking an MIS_HO_Complete.request from any sender survived
 * 500 runs. The draw is over checks, not ways, since three ways fail the one MAC check and one
 * way fails seven field checks. With no PDU of the focus type in flight the command falls
 * through to a delivery, so the procedures that lead to one go on undisturbed.
 *
 * `order` says where the spoilt bytes go. In place, the PDU is lost and its procedure ends. A
 * spoilt copy delivered first must change nothing, so the PDU itself is then taken as if the
 * copy had never come (a receiver that fills a cache or unwraps before its checks pass is
 * caught there), and the PDU stays in flight to be spoilt again by another way. A spoilt copy
 * delivered after the PDU meets a receiver whose state the PDU itself changed: the copy fails
 * both its spoilt check and a check of that state (the request cache, the SA's state, the open
 * transaction), and the first of them in §5.2's order names the cause, so a receiver that reads
 * its state before the MAC is caught (model/world/discard-cause.ts spoiltCause).
 */
export class FocusedTamperCommand extends StimulusCommandOf {
  #steps: Stimulus[] = [];

  constructor(
    pick: number,
    /** The PDU type the run is after, the only one it spoils. */
    readonly focus: PduType,
    readonly order: SpoilOrder = 'in-place',
  ) {
    super(pick, { kind: 'tamper' });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    const inFlight = ls.model.inFlight;
    // a PDU is copied once at most, and so is its copy (docs/protocol.md §3 `duplicate`)
    const copyable = new Set(e.flatMap((s) => (s.kind === 'duplicate' ? [s.index] : [])));
    const focused = super.candidates(e, ls).filter((s) => s.kind === 'tamper' && inFlight[s.index]?.type === this.focus && (this.order === 'in-place' || copyable.has(s.index)));
    const checks = checksOf(this.focus, new Set(focused.map((s) => (s.kind === 'tamper' ? s.how : 'mac'))));
    if (checks.length === 0) return [];
    const ways = checks[this.pick % checks.length]!;
    const way = ways[Math.floor(this.pick / checks.length) % ways.length];
    return focused.filter((s) => s.kind === 'tamper' && s.how === way);
  }

  protected override get label() {
    return this.order === 'in-place' ? `tamper-${this.focus}` : `tamper-${this.focus}-${this.order}`;
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    if (first?.kind !== 'tamper' || this.order === 'in-place') {
      this.#steps = first === null ? [] : [first];
      await super.run(m, r);
      return;
    }
    const { index, how } = first;
    // the copy is appended last (docs/protocol.md §3 `duplicate`); a delivery before it moves it down one.
    const copy = r.lockstep.model.inFlight.length - (this.order === 'copy-after' ? 1 : 0);
    const then: Stimulus[] = this.order === 'copy-first'
      ? [{ kind: 'tamper', index: copy, how }, { kind: 'deliver', index: copy }]
      : [{ kind: 'deliver', index }, { kind: 'tamper', index: copy, how }, { kind: 'deliver', index: copy }];
    this.#steps = [];
    const script: readonly Stimulus[] = [{ kind: 'duplicate', index }, ...then];
    await stepThrough(r.lockstep, script.map((s) => () => s), this.#steps);
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

/** How many consecutive choices of `decoding` one probe sweep takes (ProbeSweepCommand). */
export const DECODING_SWEEP = 12;

//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * The lower tester sweeps one PDU of the focus type with probes (docs/protocol.md §3 `probe`):
 * a spoilt copy for every way that applies to it, then DECODING_SWEEP copies each breaking the
 * next rule of strict decoding, every one delivered to the PDU's receiver at once, the PDU itself
 * left in flight. Then, where the PDU was not copied before, it is copied and delivered, and the
 * copy is probed by every way again: the receiver now holds the state the PDU left (its request
 * cache, the SA's state, the handover it closed), so a spoilt copy fails a check of that state
 * too, and the first of the two in §5.2's order names the cause (model/world/discard-cause.ts
 * spoiltCause). The copy stays in flight. Once per run, at the first PDU of the type.
 *
 * A tamper spoils the one PDU it takes, and a copy can be made once, so a run met a type's
 * decoding rules a few times at most, each drawn at random among a rule for every field (an
 * SPoS whose decoder took a depth TLV one byte too long survived 2,000 runs). A sweep takes its
 * choices in turn, from `round` (the run's number among the runs with that focus) times the
 * sweep, so that the check's runs of one focus walk through every field's rules between them.
 */
export class ProbeSweepCommand extends StimulusCommandOf {
  #steps: Stimulus[] = [];

  constructor(
    pick: number,
    readonly focus: PduType,
    readonly round: number,
  ) {
    super(pick, { kind: 'tamper' });
  }

  protected override candidates(e: readonly Stimulus[], ls: Lockstep) {
    if (ls.trace.some((s) => s.kind === 'probe')) return [];
    const inFlight = ls.model.inFlight;
    // `decoding` applies to every PDU, so its tampers name each PDU of the type once.
    return super.candidates(e, ls).filter((s) => s.kind === 'tamper' && s.how === 'decoding' && inFlight[s.index]?.type === this.focus);
  }

  protected override get label() {
    return `probe-sweep-${this.focus}`;
  }

  override async run(m: RunContext, r: RunContext): Promise<void> {
    const first = this.resolve(m);
    if (first?.kind !== 'tamper') {
      this.#steps = first === null ? [] : [first];
      await super.run(m, r);
      return;
    }
    const { index } = first;
    const ls = r.lockstep;
    const enabled = ls.enabled();
    const ways = enabled.flatMap((s) => (s.kind === 'tamper' && s.index === index && s.how !== 'decoding' ? [s.how] : []));
    const probes = (at: number, choice = this.round): Stimulus[] => ways.map((how) => ({ kind: 'probe', index: at, how, choice }));
    const before: Stimulus[] = [
      ...probes(index),
      ...Array.from({ length: DECODING_SWEEP }, (_, j): Stimulus => ({ kind: 'probe', index, how: 'decoding', choice: this.round * DECODING_SWEEP + j })),
    ];
    this.#steps = [];
    for (const s of before) {
      this.#steps.push(s);
      await ls.step(s);
    }
    if (!enabled.some((s) => s.kind === 'duplicate' && s.index === index)) return;
    // the copy is appended last; the PDU's delivery moves it down one (docs/protocol.md §3 `duplicate`).
    const copy = ls.model.inFlight.length - 1;
    await stepThrough(ls, [() => ({ kind: 'duplicate', index }), () => ({ kind: 'deliver', index })], this.#steps);
    if (this.#steps.at(-1)?.kind !== 'deliver') return;
    // an odd choice: the copy's `tid` probe borrows the tid of the exchange its delivery opened
    // (harness/tester/lower-tester.ts), the one a receiver matching answers by tid alone takes.
    for (const s of probes(copy, this.round * 2 + 1)) {
      this.#steps.push(s);
      await ls.step(s);
    }
  }

  override toString(): string {
    return this.#steps.length === 0 ? super.toString() : this.#steps.map(describeStimulus).join('; ');
  }
}

/**
 * Relative weights of the command kinds. Delivery dominates so that procedures finish and
 * handovers chain (an optimized hop takes five deliveries, a completion two more); faults are
 * rare enough that most handovers complete, frequent enough that most runs see some. With the
 * default world and 90 commands, about one run in ten reaches the chain limit (L = 3) and
 * tries to go beyond it (measured: RunStats.runsByDepth, reasons.CHAIN_LIMIT).
 */
export interface CommandWeights {
  readonly attach: number;
  readonly handover: number;
  readonly handoverFallback: number;
  readonly complete: number;
  readonly abort: number;
  readonly policy: number;
  readonly deliver: number;
  readonly drop: number;
  readonly duplicate: number;
  readonly corrupt: number;
  /** The active lower tester (0 leaves it out of the alphabet's generated commands). */
  readonly tamper: number;
  readonly lie: number;
  /** Re-delivery of an earlier PDU (0: left to the fall-through, as in the standard run). */
  readonly redeliver: number;
  /** Re-delivery of an earlier request a §5.3 cache keeps (RedeliverRequestCommand). */
  readonly redeliverRequest?: number;
  /** Re-delivery of an MN's earlier request its PoS refused (RedeliverRequestCommand 'refused'; default 0). */
  readonly redeliverRefused?: number;
  /** A forged completion indication to a TPoS before the MN's completion (ForgedIndicationCommand; default 0). */
  readonly forgedIndication?: number;
  /** An N2N request copied and sent by another partner of its TPoS, both delivered (ResendFromPartnerCommand; default 0). */
  readonly resendFromPartner?: number;
  /** A spoilt copy of an answer delivered before the answer itself (SpoilCopyCommand; default 0). */
  readonly spoilCopy?: number;
  /** The same with a copy its receiver's decoder must reject (SpoilCopyCommand `decoding`; default 0). */
  readonly spoilCopyDecoding?: number;
  /** A spoilt copy of a request or an indication delivered before it (SpoilCopyCommand 'requests'; default 0). */
  readonly spoilRequestCopy?: number;
  /** How `lie` splits over the lies (null: any that applies); default one share each of null, depth, root, suites. */
  readonly lieMix?: readonly LieShare[];
  /** The ways `tamper` draws from, one share each (null: any that applies); default TAMPER_WAYS. */
  readonly tamperWays?: readonly (Tamper | null)[];
  /** A loss of an MIS_Auth.response in flight (LoseAuthAnswerCommand; default 0). */
  readonly loseAuthAnswer?: number;
  /** The same, then the MN's retry and a copy of it (RetryAfterLostAuthCommand; default 0). */
  readonly retryAfterLostAuth?: number;
  /** A loss of a preparation's answer and the MN's abort (AbandonPreparationCommand; default 0). */
  readonly abandon?: number;
  /** A tamper of an N2N answer in flight by one of N2N_ANSWER_WAYS (N2nAnswerTamperCommand; default 0). */
  readonly tamperN2nAnswer?: number;
  /** A tamper of a PDU of one type alone, `focus` (FocusedTamperCommand; default 0, and 0 without a focus). */
  readonly focusedTamper?: number;
  /** The one PDU type those tampers spoil, falling through to a delivery while none is in flight. */
  readonly focus?: PduType;
  /** A sweep of probes of a PDU of the focus type, once per run (ProbeSweepCommand; default 0). */
  readonly probeSweep?: number;
  /** The run's number among the runs with the same focus (ProbeSweepCommand's round; default 0). */
  readonly focusRound?: number;
}

export interface LieShare {
  readonly what: Lie | null;
  readonly weight: number;
}

/** The lie a lie command tells; one share each keeps the draws of constantFrom, so seeds replay. */
function lieArbitrary(mix: readonly LieShare[] | undefined): fc.Arbitrary<Lie | null> {
  if (mix === undefined) return fc.constantFrom<Lie | null>(null, 'depth', 'root', 'suites');
  return fc.oneof(...mix.map((l) => ({ arbitrary: fc.constant(l.what), weight: l.weight })));
}

//= SPEC_MAPPING.md#A-DISCARD
//# A PDU that does not fit the receiver's state (unknown transaction, no
/**
 * A tamper of any way that applies, or one that breaks a decoding rule or a checked field (each
 * has many rules or checks to rotate over: harness/tester/decoding-faults.ts, check-faults.ts),
 * or the echo, tid or key of a PDU, whose mutants twelve ways would otherwise dilute past the
 * standard run's budget (test/mutants/mutants.test.ts). The check's weights add a share for the
 * type of a PDU of the MN's exchanges (harness/cli/engine.ts CLI_WEIGHTS).
 */
export const TAMPER_WAYS: readonly (Tamper | null)[] = [null, 'decoding', 'bad-field', 'echo', 'tid', 'key'];

export const DEFAULT_WEIGHTS: CommandWeights = {
  attach: 4,
  handover: 8,
  handoverFallback: 1,
  complete: 8,
  abort: 1,
  policy: 1,
  deliver: 20,
  drop: 1,
  duplicate: 1,
  corrupt: 1,
  tamper: 1,
  lie: 1,
  redeliver: 0,
};

/** One weighted arbitrary over all command kinds. */
export function commandArbitrary(w: CommandWeights = DEFAULT_WEIGHTS): fc.Arbitrary<fc.AsyncCommand<RunContext, RunContext>> {
  const pick = fc.nat({ max: 63 });
  const of = (pattern: StimulusPattern) => pick.map((p) => new StimulusCommandOf(p, pattern));
  const entries: { arbitrary: fc.Arbitrary<fc.AsyncCommand<RunContext, RunContext>>; weight: number }[] = [
    { weight: w.attach, arbitrary: of({ kind: 'attach' }) },
    { weight: w.handover, arbitrary: of({ kind: 'handover', fallback: false }) },
    { weight: w.handoverFallback, arbitrary: of({ kind: 'handover', fallback: true }) },
    { weight: w.complete, arbitrary: of({ kind: 'complete' }) },
    { weight: w.abort, arbitrary: of({ kind: 'abort' }) },
    { weight: w.policy, arbitrary: of({ kind: 'setFallbackPolicy' }) },
    // Delivery mostly of the oldest PDUs: shrinking then also tends to FIFO order.
    { weight: w.deliver, arbitrary: fc.nat({ max: 3 }).map((p) => new StimulusCommandOf(p, { kind: 'deliver' })) },
    { weight: w.drop, arbitrary: of({ kind: 'drop' }) },
    { weight: w.duplicate, arbitrary: of({ kind: 'duplicate' }) },
    { weight: w.corrupt, arbitrary: fc.tuple(pick, fc.constantFrom(...CORRUPTIONS)).map(([p, how]) => new StimulusCommandOf(p, { kind: 'corrupt', how })) },
    { weight: w.tamper, arbitrary: fc.tuple(pick, fc.constantFrom(...(w.tamperWays ?? TAMPER_WAYS))).map(([p, how]) => new StimulusCommandOf(p, how === null ? { kind: 'tamper' } : { kind: 'tamper', how })) },
    // A root lie is the only way a GKB lineage arises (TP-LIE-ROOT and its precedence pairs), and a
    // depth lie the only way an over-limit request reaches a TPoS behind an honest SPoS: by
    // default each is one lie in four, as is one with no suite offered (NO_COMMON_SUITE), the
    // last any that applies; lieMix shifts the shares.
    { weight: w.lie, arbitrary: fc.tuple(pick, lieArbitrary(w.lieMix)).map(([p, what]) => new StimulusCommandOf(p, what === null ? { kind: 'lie' } : { kind: 'lie', what })) },
    { weight: w.redeliver, arbitrary: of({ kind: 'redeliver' }) },
    { weight: w.redeliverRequest ?? 0, arbitrary: pick.map((p) => new RedeliverRequestCommand(p)) },
    { weight: w.redeliverRefused ?? 0, arbitrary: pick.map((p) => new RedeliverRequestCommand(p, 'refused')) },
    { weight: w.forgedIndication ?? 0, arbitrary: pick.map((p) => new ForgedIndicationCommand(p)) },
    { weight: w.resendFromPartner ?? 0, arbitrary: pick.map((p) => new ResendFromPartnerCommand(p)) },
    { weight: w.spoilCopy ?? 0, arbitrary: fc.tuple(pick, fc.constantFrom(...JUDGED_SPOIL_WAYS)).map(([p, how]) => new SpoilCopyCommand(p, how)) },
    { weight: w.spoilCopyDecoding ?? 0, arbitrary: pick.map((p) => new SpoilCopyCommand(p, 'decoding')) },
    { weight: w.spoilRequestCopy ?? 0, arbitrary: fc.tuple(pick, fc.constantFrom(...REQUEST_SPOIL_WAYS)).map(([p, how]) => new SpoilCopyCommand(p, how, 'requests')) },
    { weight: w.loseAuthAnswer ?? 0, arbitrary: pick.map((p) => new LoseAuthAnswerCommand(p)) },
    { weight: w.retryAfterLostAuth ?? 0, arbitrary: pick.map((p) => new RetryAfterLostAuthCommand(p)) },
    { weight: w.abandon ?? 0, arbitrary: pick.map((p) => new AbandonPreparationCommand(p)) },
    { weight: w.tamperN2nAnswer ?? 0, arbitrary: fc.tuple(pick, fc.constantFrom(...N2N_ANSWER_WAYS)).map(([p, how]) => new N2nAnswerTamperCommand(p, how)) },
    ...(w.focus === undefined ? [] : [{ weight: w.focusedTamper ?? 0, arbitrary: fc.tuple(pick, fc.constantFrom(...SPOIL_ORDERS)).map(([p, order]) => new FocusedTamperCommand(p, w.focus!, order)) }]),
    ...(w.focus === undefined ? [] : [{ weight: w.probeSweep ?? 0, arbitrary: pick.map((p) => new ProbeSweepCommand(p, w.focus!, w.focusRound ?? 0)) }]),
  ];
  return fc.oneof(...entries.filter((e) => e.weight > 0));
}
