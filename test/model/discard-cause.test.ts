// docs/protocol.md §5.2, §7: why the model says a delivered PDU is discarded, where it can tell
// (model/world/discard-cause.ts), and that it leaves the cause open where it cannot.
import { describe, expect, it } from 'vitest';
import { ALL_FAULT_KINDS, type Tamper } from '../../model/world/events.ts';
import { discardCauseOf, type StepRecord } from '../../model/world/world.ts';
import type { DiscardCause } from '../../model/types.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import { Driver, partnerRing, until } from './fixtures.ts';

type Judged = StepRecord & { readonly discardCause: DiscardCause | null };

/** `e` stepped, with the cause the model gives where the step discarded (as the oracle asks it). */
function judged(d: Driver, e: WorldEvent): Judged {
  const cause = discardCauseOf(d.world, e);
  const r = d.do(e);
  return { ...r, discardCause: r.discarded ? cause : null };
}

function attached(): Driver {
  const d = new Driver(partnerRing(), {}, ALL_FAULT_KINDS);
  d.run({ kind: 'attach', mn: 'mn1', domain: 'A' });
  return d;
}

/** A handover to B, with the PDU of `type` tampered `how` and then delivered. */
function tampered(type: string, how: Tamper, before?: (d: Driver) => void): Judged {
  const d = attached();
  d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
  const k = until(d, type);
  d.do({ kind: 'tamper', index: k, how });
  before?.(d);
  return judged(d, { kind: 'deliver', index: d.world.inFlight.findIndex((p) => p.type === type) });
}

describe('the cause of a discard', () => {
  it('is the check a tamper way fails, where the PDU as sent would have fitted', () => {
    const cases: [string, Tamper, string][] = [
      ['MIS_Prereg_Xfer.request', 'mac', 'bad-mac'],
      ['MIS_Prereg_Xfer.request', 'key', 'bad-mac'],
      ['MIS_N2N_Prereg_Xfer.request', 'wrap', 'bad-wrapped-key'],
      ['MIS_N2N_Prereg_Xfer.response', 'echo', 'nonce-mismatch'],
      ['MIS_Prereg_Xfer.response', 'tid', 'unknown-transaction'],
      ['MIS_Prereg_Xfer.response', 'bad-field', 'bad-field'],
      ['MIS_Prereg_Xfer.request', 'decoding', 'malformed'],
      ['MIS_N2N_Prereg_Xfer.request', 'misaddressed', 'misaddressed'],
    ];
    for (const [type, how, cause] of cases) {
      expect(tampered(type, how), `${how} on ${type}`).toMatchObject({ discarded: true, discardCause: cause });
    }
  });

  it('is bad-mac for a flipped field bit: the lower tester flips only fields read after the MAC', () => {
    expect(tampered('MIS_Prereg_Xfer.request', 'field')).toMatchObject({ discarded: true, discardCause: 'bad-mac' });
    expect(tampered('MIS_Prereg_Xfer.response', 'field')).toMatchObject({ discarded: true, discardCause: 'bad-mac' });
  });

  it('is left open where the PDU as sent no longer fits either (its copy was taken up first)', () => {
    const stale = (how: Tamper): Judged => {
      const d = attached();
      d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
      const k = until(d, 'MIS_Prereg_Xfer.response');
      d.do({ kind: 'duplicate', index: k });
      d.do({ kind: 'tamper', index: d.world.inFlight.length - 1, how });
      expect(d.do({ kind: 'deliver', index: k })).toMatchObject({ discarded: false });
      return judged(d, { kind: 'deliver', index: d.world.inFlight.length - 1 });
    };
    expect(stale('echo')).toMatchObject({ discarded: true, discardCause: null });
    expect(stale('field')).toMatchObject({ discarded: true, discardCause: null });
    // Strict decoding and addressing come before any check of state: told whatever the state.
    expect(stale('misaddressed')).toMatchObject({ discarded: true, discardCause: 'misaddressed' });
    expect(stale('decoding')).toMatchObject({ discarded: true, discardCause: 'malformed' });
  });

  it('is the spoilt check where the PDU as sent fails only checks §5.2 makes after it (the MAC before the request cache)', () => {
    const after = (how: Tamper): Judged => {
      const d = attached();
      d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
      const k = until(d, 'MIS_Prereg_Xfer.request');
      d.do({ kind: 'duplicate', index: k });
      expect(d.do({ kind: 'deliver', index: k })).toMatchObject({ discarded: false });
      const copy = d.world.inFlight.findIndex((p) => p.type === 'MIS_Prereg_Xfer.request');
      d.do({ kind: 'tamper', index: copy, how });
      return judged(d, { kind: 'deliver', index: copy });
    };
    // the copy as sent is a duplicate, a check after the MAC: the spoilt MAC fails first.
    expect(after('mac')).toMatchObject({ discarded: true, discardCause: 'bad-mac' });
    expect(after('key')).toMatchObject({ discarded: true, discardCause: 'bad-mac' });
    // the target is judged after the request cache: which one fails first the model leaves open.
    expect(after('bad-field')).toMatchObject({ discarded: true, discardCause: null });
  });

  it('of a probe is the cause of the same tamper on a copy delivered first; the world is left as it was', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    const k = until(d, 'MIS_Prereg_Xfer.request');
    const before = d.world;
    for (const [how, cause] of [['mac', 'bad-mac'], ['decoding', 'malformed'], ['bad-field', 'bad-field'], ['misaddressed', 'misaddressed']] as const) {
      const r = judged(d, { kind: 'probe', index: k, how, choice: 3 });
      expect(r, how).toMatchObject({ discarded: true, discardCause: cause, emitted: [] });
      expect(r.delivered?.type).toBe('MIS_Prereg_Xfer.request');
      expect(d.world).toEqual(before);
    }
    expect(() => d.do({ kind: 'probe', index: k, how: 'echo' })).toThrow(/echo does not apply/);
    expect(() => d.do({ kind: 'probe', index: k, how: 'mac', choice: -1 })).toThrow(/choice must be a natural number/);
    expect(() => d.do({ kind: 'probe', index: k + 5, how: 'mac' })).toThrow();
    const honest = new Driver(partnerRing(), {}, ['drop', 'duplicate', 'corrupt']);
    honest.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    expect(() => honest.do({ kind: 'probe', index: 0, how: 'decoding' })).toThrow(/tamper is not enabled/);
  });

  it('is malformed for a PDU the network corrupted', () => {
    const d = attached();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    d.do({ kind: 'corrupt', index: 0, how: 'truncate' });
    expect(judged(d, { kind: 'deliver', index: 0 })).toMatchObject({ discarded: true, discardCause: 'malformed' });
  });

  it('is duplicate for a copy of an MIS_Auth.request (its first check, §5.3); a copy of its answer finds no transaction', () => {
    const d = new Driver(partnerRing(), {}, ALL_FAULT_KINDS);
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    d.do({ kind: 'duplicate', index: 0 });
    const steps: Judged[] = [judged(d, { kind: 'deliver', index: 0 })];
    expect(steps[0]).toMatchObject({ discarded: false, discardCause: null });
    const copy = d.world.inFlight.findIndex((p) => p.type === 'MIS_Auth.request');
    steps.push(judged(d, { kind: 'deliver', index: copy }));
    expect(steps[1]).toMatchObject({ discarded: true, discardCause: 'duplicate' });
    d.do({ kind: 'duplicate', index: 0 }); // the MIS_Auth.response
    while (d.world.inFlight.length > 0) steps.push(judged(d, { kind: 'deliver', index: 0 }));
    expect(steps.filter((r) => r.discarded).map((r) => [r.delivered?.type, r.discardCause])).toEqual([
      ['MIS_Auth.request', 'duplicate'],
      ['MIS_Auth.response', 'unknown-transaction'],
    ]);
  });

  it('follows the checks of §5.2 in order for a PDU delivered again long after', () => {
    const d = attached();
    d.handover('mn1', 'B');
    d.complete('mn1');
    // The history holds, oldest first, the handover's PDUs: the MN's request to A is among them.
    const history = d.world.redelivery?.delivered ?? [];
    const at = (type: string): number => history.findIndex((p) => p.type === type);
    const again = (type: string): Judged => judged(d, { kind: 'redeliver', index: at(type) });
    // A has no SA with mn1 any more (the indication deleted it).
    expect(again('MIS_Prereg_Xfer.request')).toMatchObject({ discarded: true, discardCause: 'no-sa' });
    // A relays no handover for mn1 any more.
    expect(again('MIS_N2N_Prereg_Xfer.response')).toMatchObject({ discarded: true, discardCause: 'unknown-transaction' });
    // mn1 waits for no answer.
    expect(again('MIS_Prereg_Xfer.response')).toMatchObject({ discarded: true, discardCause: 'unknown-transaction' });
    // B's SA with mn1 is serving now, not prepared.
    expect(again('MIS_HO_Complete.request')).toMatchObject({ discarded: true, discardCause: 'wrong-state' });
    expect(again('MIS_N2N_HO_Complete.indication')).toMatchObject({ discarded: true, discardCause: 'no-sa' });
  });

  it('is null for every PDU its receiver takes up (the checks of §5.2 agree with the machines)', () => {
    const d = new Driver(partnerRing(), {}, ALL_FAULT_KINDS);
    d.do({ kind: 'attach', mn: 'mn1', domain: 'A' });
    d.drain();
    d.do({ kind: 'handover', mn: 'mn1', target: 'B', fallback: false });
    let taken = 0;
    while (d.world.inFlight.length > 0) {
      const e: WorldEvent = { kind: 'deliver', index: 0 };
      const cause = discardCauseOf(d.world, e);
      if (!d.do(e).discarded) {
        taken++;
        expect(cause).toBeNull();
      }
    }
    expect(taken).toBe(4);
  });
});
