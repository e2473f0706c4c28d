// Composition: the machines of a world and what they say to each other. Machines hold the
// protocol; this only routes stimuli and delivered PDUs to the machine they concern, appends
// what the machines send to the in-flight list (in emission order), and carries the off-the-wire
// exchanges (AAA with the HPoS, the TPoS role handing over to the SPoS role) within the step
// that caused them.

import { type MachineEvent, machineStep, type RoleMachine } from '../machines/machine-step.ts';
import type { Emitted } from '../machines/common.ts';
import type { Pdu } from '../pdus.ts';
import type { HandoverOutcome } from '../types.ts';
import type { ReceiverState } from './discard-cause.ts';
import { Draft } from './draft.ts';
import { ModelError } from './errors.ts';
import type { WorldMachines } from './machines.ts';
import type { FiredTransition } from './step.ts';
import { at, type World } from './state.ts';
import type { Address } from './tokens.ts';

const SA_SUPERSEDED = { type: 'saSuperseded' } as const;

/** One step's draft, and what the step routes between its machines. */
export class Composition extends Draft {
  readonly emitted: Pdu[] = [];
  readonly fired: FiredTransition[] = [];
  outcome: HandoverOutcome | null = null;

  constructor(w: World, readonly m: WorldMachines, readonly recording: boolean) {
    super(w);
  }

  /** What the checks of §5.2 read of the receiver of `p` (model/world/discard-cause.ts); null for an unknown one. */
  receiverOf(p: Pdu): ReceiverState | null {
    const mn = this.m.mnIndex.get(p.mn);
    if (mn === undefined) return null;
    if (p.type === 'MIS_Auth.response' || p.type === 'MIS_Prereg_Xfer.response') {
      const pending = at(this.mns, mn).context.pending;
      const open = pending === null ? null
        : pending.step === 'prereg' ? { answer: 'MIS_Prereg_Xfer.response', from: pending.spos } as const
        : { answer: 'MIS_Auth.response', from: pending.pos } as const;
      return { pending: open, sa: null, relay: null, knownRequest: false };
    }
    const pos = this.m.domainIndex.get(p.dst);
    if (pos === undefined) return null;
    const spos = at(at(this.poss, pos).spos, mn).context;
    const tpos = at(at(this.poss, pos).tpos, mn).context;
    // The PoS holds one SA with an MN: its SPoS role's or its TPoS role's (the other is superseded).
    if (spos.sa !== null && tpos.sa !== null) return null;
    const sa = spos.sa ?? tpos.sa;
    const knownRequest = (p.type === 'MIS_Auth.request' || p.type === 'MIS_Prereg_Xfer.request') && this.seenMnRequest(pos, p.nonceN);
    return {
      pending: null,
      sa: sa === null ? null : { state: sa.state, key: sa.key.id },
      relay: spos.relay === null ? null : { tpos: spos.relay.tpos, nonceN: spos.relay.nonceN },
      knownRequest,
    };
  }

  private machine(a: Address): RoleMachine {
    switch (a.kind) {
      case 'mn': return at(this.m.mn, a.mn);
      case 'hpos': return at(this.m.hpos, a.mn);
      case 'spos': return at(at(this.m.spos, a.pos), a.mn);
      case 'tpos': return at(at(this.m.tpos, a.pos), a.mn);
    }
  }

  private owner(a: Address): string {
    const mn = at(this.w.config.mns, a.mn).id;
    if (a.kind === 'spos' || a.kind === 'tpos') return `${at(this.w.config.domains, a.pos).id}/${mn}`;
    return mn;
  }

  /** Runs one machine on one event and routes what it emits. Returns whether it handled the event. */
  run(a: Address, event: MachineEvent): boolean {
    const before = this.get(a);
    const r = machineStep()(this.machine(a), before, event);
    if (r.snapshot !== before) this.set(a, r.snapshot);
    if (this.recording && r.fired.length > 0) {
      const owner = this.owner(a);
      for (const t of r.fired) this.fired.push({ machine: a.kind, owner, transition: t });
    }
    for (const e of r.emitted) this.route(a, e);
    return r.fired.length > 0;
  }

  /** A call that must be answered (off-the-wire exchanges are reliable). */
  private call(a: Address, event: MachineEvent): void {
    if (!this.run(a, event)) {
      throw new ModelError('MACHINE_FAILURE', `${a.kind} of ${this.owner(a)} did not handle ${event.type}`);
    }
  }

  private route(from: Address, e: Emitted): void {
    switch (e.type) {
      case 'send':
        this.flight().push(e.pdu);
        if (this.recording) this.emitted.push(e.pdu);
        return;
      case 'outcome':
        this.outcome = e.outcome;
        return;
      case 'askHome':
        this.call({ kind: 'hpos', mn: from.mn }, { type: e.request.op, request: e.request });
        return;
      case 'answerCaller': {
        const pos = this.m.domainIndex.get(e.caller.pos);
        if (pos === undefined) throw new ModelError('MACHINE_FAILURE', `HPoS answered unknown PoS ${e.caller.pos}`);
        this.call({ kind: e.caller.role, pos, mn: from.mn }, e.answer);
        return;
      }
      case 'takeOver':
        if (from.kind !== 'tpos') throw new ModelError('MACHINE_FAILURE', `${from.kind} cannot hand over a serving role`);
        this.call({ kind: 'spos', pos: from.pos, mn: from.mn }, { type: 'takeOver', sa: e.sa });
        return;
      case 'supersede':
        // The TPoS role made an SA with the MN: the SPoS role of the same PoS forgets the SA it
        // still held with that MN, if any (only a stale one can be left there: after a loss).
        if (from.kind !== 'tpos') throw new ModelError('MACHINE_FAILURE', `${from.kind} cannot supersede an SA`);
        this.run({ kind: 'spos', pos: from.pos, mn: from.mn }, SA_SUPERSEDED);
        return;
      case 'rememberNonce':
        if (from.kind !== 'tpos') throw new ModelError('MACHINE_FAILURE', `${from.kind} has no replay cache`);
        this.pos(from.pos).replayCache.push({ spos: e.spos, nonceN: e.nonceN });
        return;
    }
  }

  /**
   * docs/protocol.md §5.2 [misaddressed], checked once for every receiver: a PDU is routed by
   * `dst` and `mn` to the one machine it is addressed to, so that machine never sees a PDU for
   * another; and it comes from where such a PDU can come: an MN's request (PDUs 1, 3, 7) from
   * its MN, a PoS-to-PoS request or indication (PDUs 4, 8) from another PoS the receiver knows.
   */
  private fromItsSender(p: Pdu): boolean {
    switch (p.type) {
      case 'MIS_Auth.request':
      case 'MIS_Prereg_Xfer.request':
      case 'MIS_HO_Complete.request':
        return p.src === p.mn;
      case 'MIS_N2N_Prereg_Xfer.request':
      case 'MIS_N2N_HO_Complete.indication':
        return p.src !== p.dst && this.m.domainIndex.has(p.src);
      default:
        return true;
    }
  }

  /** Delivers a PDU to the machine it concerns; returns false if it was discarded. */
  deliver(p: Pdu): boolean {
    const mn = this.m.mnIndex.get(p.mn);
    if (mn === undefined) return false;
    switch (p.type) {
      case 'MIS_Auth.response':
      case 'MIS_Prereg_Xfer.response':
        // §5.2 [misaddressed]: a PDU to the MN names the MN as its `mn` (routed by `mn`).
        return p.dst === p.mn && this.receive({ kind: 'mn', mn }, p);
      default: {
        const pos = this.m.domainIndex.get(p.dst);
        if (pos === undefined) return false;
        switch (p.type) {
          case 'MIS_Auth.request':
            //= SPEC_MAPPING.md#A-REPLAY
            //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
            //# wrapped
            // A-REPLAY (§5.3): a request the PoS took up before is a duplicate, whatever its SAs now.
            if (this.seenMnRequest(pos, p.nonceN)) return false;
            if (!this.receive({ kind: p.purpose === 'attach' ? 'spos' : 'tpos', pos, mn }, p)) return false;
            this.takeUpMnRequest(pos, p.nonceN);
            return true;
          case 'MIS_N2N_Prereg_Xfer.request': {
            const here = at(this.poss, pos);
            //= SPEC_MAPPING.md#A-REPLAY
            //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and
            //# wrapped
            // the PoS looks (SPoS, Nonce-N) up in its replay cache for its TPoS role.
            const replayed = here.replayCache.some((r) => r.spos === p.src && r.nonceN === p.nonceN);
            this.notePolicyRead(pos);
            // V-TPOS-SERVING-REFUSES: whether the PoS's SPoS role holds an SA with the MN.
            const serves = at(here.spos, mn).context.sa !== null;
            return this.receive({ kind: 'tpos', pos, mn }, p, { replayed, requestsFallback: here.requestsFallback, serves });
          }
          case 'MIS_HO_Complete.request':
            return this.receive({ kind: 'tpos', pos, mn }, p);
          case 'MIS_Prereg_Xfer.request':
            if (this.seenMnRequest(pos, p.nonceN)) return false;
            if (!this.receive({ kind: 'spos', pos, mn }, p)) return false;
            this.takeUpMnRequest(pos, p.nonceN);
            return true;
          case 'MIS_N2N_Prereg_Xfer.response':
          case 'MIS_N2N_HO_Complete.indication':
            return this.receive({ kind: 'spos', pos, mn }, p);
        }
      }
    }
  }

  /**
   * The machine at `a` receives `p`, with a fresh token it may draw on and the PoS's `extra`
   * facts. The token is drawn whether or not the machine takes the PDU up, so a discard leaves
   * the machine's later draws as they would be.
   */
  private receive(a: Address, p: Pdu, extra?: { readonly replayed: boolean; readonly requestsFallback: boolean; readonly serves: boolean }): boolean {
    const fresh = this.freshToken(a);
    if (!this.fromItsSender(p)) return false;
    if (extra === undefined) return this.run(a, { type: p.type, pdu: p, fresh });
    return this.run(a, { type: p.type, pdu: p, fresh, ...extra });
  }
}
