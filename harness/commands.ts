// fast-check model-based commands (one small class per stimulus kind, check/run/toString). A
// command's arguments are choice indices, resolved at run time against the stimuli the model
// enables in its current state, so every generated command is applicable and a shrunk sequence
// stays meaningful (index 0 = the first enabled choice, e.g. the oldest PDU in flight).
import fc from 'fast-check';
import type { Corruption, Lie, PduObservation, PduType, Stimulus, Tamper } from '../vocabulary/observation.ts';
import { CORRUPTIONS, advanceHistory, describeStimulus } from './enabled.ts';
import type { Lockstep } from './lockstep.ts';

/** What fast-check's model and real objects are: the one lockstep of the current run. */
export interface RunContext {
  readonly lockstep: Lockstep;
}

abstract class StimulusCommand implements fc.AsyncCommand<RunContext, RunContext> {
  #last: Stimulus | null = null;
  constructor(readonly pick: number) {}

  /** The enabled stimuli this command chooses among. */
  protected abstract candidates(enabled: readonly Stimulus[]): readonly Stimulus[];
  protected abstract get label(): string;

  /**
   * The stimulus this command stands for in the current state: its own kind if enabled, else
   * (so that no generated command is wasted) the first enabled kind of FALLTHROUGH, which keeps
   * procedures moving. Deterministic in the state, so a shrunk sequence replays exactly.
   */
  resolve(m: Readonly<RunContext>): Stimulus | null {
    const ls = m.lockstep;
    // check() and run() resolve in the same state: (lockstep, trace length) names that state.
    if (this.#resolvedIn === ls && this.#resolvedAt === ls.trace.length) return this.#resolved;
    const enabled = ls.enabled();
    let c = this.candidates(enabled);
    for (let i = 0; c.length === 0 && i < FALLTHROUGH.length; i++) c = FALLTHROUGH[i]!(enabled);
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

const ofKind = <K extends Stimulus['kind']>(enabled: readonly Stimulus[], kind: K): Extract<Stimulus, { kind: K }>[] =>
  enabled.filter((s): s is Extract<Stimulus, { kind: K }> => s.kind === kind);

/** Where a command whose own kind is not enabled goes instead: the next step of some procedure. */
const FALLTHROUGH: readonly ((e: readonly Stimulus[]) => readonly Stimulus[])[] = [
  (e) => ofKind(e, 'deliver'),
  (e) => ofKind(e, 'complete'),
  (e) => ofKind(e, 'handover').filter((s) => !s.fallback),
  (e) => ofKind(e, 'attach'),
  (e) => ofKind(e, 'abort'),
  (e) => e,
];

export class AttachCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'attach');
  }
  protected get label() {
    return 'attach';
  }
}

export class HandoverCommand extends StimulusCommand {
  constructor(
    pick: number,
    readonly fallback: boolean,
  ) {
    super(pick);
  }
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'handover').filter((s) => s.fallback === this.fallback);
  }
  protected get label() {
    return this.fallback ? 'handover-fallback' : 'handover';
  }
}

export class CompleteCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'complete');
  }
  protected get label() {
    return 'complete';
  }
}

export class AbortCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'abort');
  }
  protected get label() {
    return 'abort';
  }
}

export class PolicyCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'setFallbackPolicy');
  }
  protected get label() {
    return 'policy';
  }
}

export class DeliverCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'deliver');
  }
  protected get label() {
    return 'deliver';
  }
}

export class DropCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'drop');
  }
  protected get label() {
    return 'drop';
  }
}

export class DuplicateCommand extends StimulusCommand {
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, 'duplicate');
  }
  protected get label() {
    return 'duplicate';
  }
}

/**
 * The request whose copy is answered (docs/protocol.md §5.3, REJECTED/REPLAY), whatever the first
 * answer was: its redelivery shows what the replay cache was filled with. A copy of an MN's
 * request is discarded silently and any other PDU only meets a state check, so the plain
 * `redeliver` covers them.
 */
const CACHED_REQUESTS: ReadonlySet<PduType> = new Set(['MIS_N2N_Prereg_Xfer.request']);

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

/**
 * The lower tester delivers again a PDU of the run's delivery history, the pick choosing which
 * (docs/protocol.md §3); `requests`: only one of CACHED_REQUESTS, so that a copy meets the
 * cache after every kind of first answer (A-REPLAY: TPOS_REQUESTED, CHAIN_LIMIT and
 * NO_COMMON_SUITE as well as SUCCESS), not only after the common ones.
 */
export class RedeliverCommand extends StimulusCommand {
  constructor(
    pick: number,
    readonly requests = false,
  ) {
    super(pick);
  }
  #ls: Lockstep | null = null;
  override resolve(m: Readonly<RunContext>): Stimulus | null {
    this.#ls = m.lockstep;
    return super.resolve(m);
  }
  protected candidates(e: readonly Stimulus[]) {
    const all = ofKind(e, 'redeliver');
    if (!this.requests || this.#ls === null) return all;
    const history = deliveryHistory(this.#ls);
    return all.filter((s) => CACHED_REQUESTS.has(history[s.index]?.type ?? 'MIS_Auth.response'));
  }
  protected get label() {
    return this.requests ? 'redeliver-request' : 'redeliver';
  }
}

/** The PDU faults that come in several ways: the network's corruptions, the lower tester's tampers and lies. */
type VariedFault = Extract<Stimulus, { kind: 'corrupt' | 'tamper' | 'lie' }>;

const wayOf = (s: VariedFault): string => (s.kind === 'lie' ? s.what : s.how);

/**
 * A PDU fault of one kind: a corruption (`how`), a tamper of the active lower tester (`how`) or
 * its lie (`what`), on the PDU the pick chooses among those it applies to; done one way, or
 * (`way` null) any way that applies, so that the rarer PDUs get every way they admit.
 */
export class FaultCommand extends StimulusCommand {
  constructor(
    pick: number,
    readonly kind: VariedFault['kind'],
    readonly way: Corruption | Tamper | Lie | null,
  ) {
    super(pick);
  }
  protected candidates(e: readonly Stimulus[]) {
    return ofKind(e, this.kind).filter((s) => this.way === null || wayOf(s) === this.way);
  }
  protected get label() {
    return this.way === null ? this.kind : `${this.kind}-${this.way}`;
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
  /** Re-delivery of an earlier request a §5.3 cache keeps (RedeliverCommand `requests`). */
  readonly redeliverRequest?: number;
  /** How `lie` splits over the lies (null: any that applies); default one share each of null, depth, root, suites. */
  readonly lieMix?: readonly LieShare[];
  /** The ways `tamper` draws from, one share each (null: any that applies); default TAMPER_WAYS. */
  readonly tamperWays?: readonly (Tamper | null)[];
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

/**
 * A tamper of any way that applies, or one that breaks a decoding rule or a checked field (each
 * has many rules or checks to rotate over: harness/tester/decoding-faults.ts, check-faults.ts),
 * or the echo, tid or key of a PDU, whose mutants twelve ways would otherwise dilute past the
 * standard run's budget (test/mutants/mutants.test.ts).
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
  const entries: { arbitrary: fc.Arbitrary<fc.AsyncCommand<RunContext, RunContext>>; weight: number }[] = [
    { weight: w.attach, arbitrary: pick.map((p) => new AttachCommand(p)) },
    { weight: w.handover, arbitrary: pick.map((p) => new HandoverCommand(p, false)) },
    { weight: w.handoverFallback, arbitrary: pick.map((p) => new HandoverCommand(p, true)) },
    { weight: w.complete, arbitrary: pick.map((p) => new CompleteCommand(p)) },
    { weight: w.abort, arbitrary: pick.map((p) => new AbortCommand(p)) },
    { weight: w.policy, arbitrary: pick.map((p) => new PolicyCommand(p)) },
    // Delivery mostly of the oldest PDUs: shrinking then also tends to FIFO order.
    { weight: w.deliver, arbitrary: fc.nat({ max: 3 }).map((p) => new DeliverCommand(p)) },
    { weight: w.drop, arbitrary: pick.map((p) => new DropCommand(p)) },
    { weight: w.duplicate, arbitrary: pick.map((p) => new DuplicateCommand(p)) },
    { weight: w.corrupt, arbitrary: fc.tuple(pick, fc.constantFrom(...CORRUPTIONS)).map(([p, how]) => new FaultCommand(p, 'corrupt', how)) },
    { weight: w.tamper, arbitrary: fc.tuple(pick, fc.constantFrom(...(w.tamperWays ?? TAMPER_WAYS))).map(([p, how]) => new FaultCommand(p, 'tamper', how)) },
    // A root lie is the only way a GKB lineage arises (TP-LIE-ROOT and its precedence pairs), and a
    // depth lie the only way an over-limit request reaches a TPoS behind an honest SPoS: by
    // default each is one lie in four, as is one with no suite offered (NO_COMMON_SUITE), the
    // last any that applies; lieMix shifts the shares.
    { weight: w.lie, arbitrary: fc.tuple(pick, lieArbitrary(w.lieMix)).map(([p, what]) => new FaultCommand(p, 'lie', what)) },
    { weight: w.redeliver, arbitrary: pick.map((p) => new RedeliverCommand(p)) },
    { weight: w.redeliverRequest ?? 0, arbitrary: pick.map((p) => new RedeliverCommand(p, true)) },
  ];
  return fc.oneof(...entries.filter((e) => e.weight > 0));
}
