// The world being built by one step, copied on first write.

import type { LocalSnapshot } from '../machines/machine-step.ts';
import type { InFlightPdu } from '../pdus.ts';
import type { Token } from '../types.ts';
import { REDELIVERY_HISTORY } from './events.ts';
import { at, type HposSnapshot, type MnSnapshot, type PosState, type Redelivery, type SposSnapshot, type TposSnapshot, type World } from './state.ts';
import { type Address, draw, sourceOf } from './tokens.ts';

/** A PoS being written: its arrays are the draft's own. */
export type WritablePos = { -readonly [K in keyof PosState]: PosState[K] extends readonly (infer T)[] ? T[] : PosState[K] };

/**
 * Arrays are copied on first write (structural sharing), so an unchanged array keeps its
 * identity from one world to the next and whatever is cached per object (views, keys) carries
 * over.
 */
export class Draft {
  mns: readonly MnSnapshot[];
  hpos: readonly HposSnapshot[];
  poss: readonly PosState[];
  inFlight: readonly InFlightPdu[];
  redelivery: Redelivery | undefined;
  private mnsOwned = false;
  private hposOwned = false;
  private possOwned = false;
  private inFlightOwned = false;
  /** PoSs copied with their own arrays (`pos`), and PoSs copied sharing them (`setPolicy`); made on first use. */
  private copiedPos: Set<number> | null = null;
  private policyCopiedPos: Set<number> | null = null;
  fresh: readonly number[];
  /** Which PoSs' policies the step looked at (indices; null: none), for the explorer's lazy policies. */
  policiesRead: number[] | null = null;

  /** The step looked at a PoS's fallback policy (see stepWithRecord's `readPolicy`). */
  get readPolicy(): boolean {
    return this.policiesRead !== null;
  }

  constructor(readonly w: World) {
    this.mns = w.mns;
    this.hpos = w.hpos;
    this.poss = w.poss;
    this.inFlight = w.inFlight;
    this.redelivery = w.redelivery;
    this.fresh = w.fresh;
  }

  /** docs/protocol.md §3: an intact PDU just delivered joins the history (bounded, oldest out). */
  remember(p: InFlightPdu): void {
    if (this.redelivery === undefined || p.corrupted === true) return;
    this.redelivery = { ...this.redelivery, delivered: [...this.redelivery.delivered, p].slice(-REDELIVERY_HISTORY) };
  }

  //= SPEC_MAPPING.md#A-REPLAY
  //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
  /** A-REPLAY (§5.3): whether PoS `j` took up an MN request with this Nonce-N before. */
  seenMnRequest(j: number, nonceN: Token): boolean {
    return this.redelivery !== undefined && at(this.redelivery.mnRequests, j).includes(nonceN);
  }

  takeUpMnRequest(j: number, nonceN: Token): void {
    if (this.redelivery === undefined) return;
    const mnRequests = this.redelivery.mnRequests.slice();
    mnRequests[j] = [...at(mnRequests, j), nonceN];
    this.redelivery = { ...this.redelivery, mnRequests };
  }

  /** The in-flight list, writable (copied on first write). */
  flight(): InFlightPdu[] {
    if (!this.inFlightOwned) {
      this.inFlight = this.inFlight.slice();
      this.inFlightOwned = true;
    }
    return this.inFlight as InFlightPdu[];
  }

  private possW(): PosState[] {
    if (!this.possOwned) {
      this.poss = this.poss.slice();
      this.possOwned = true;
    }
    return this.poss as PosState[];
  }

  /** A fresh token drawn by the machine at `a`. */
  freshToken(a: Address): Token {
    const d = draw(this.fresh, sourceOf(this.w.config, a));
    this.fresh = d.fresh;
    return d.token;
  }

  get(a: Address): LocalSnapshot {
    switch (a.kind) {
      case 'mn': return at(this.mns, a.mn);
      case 'hpos': return at(this.hpos, a.mn);
      case 'spos': return at(at(this.poss, a.pos).spos, a.mn);
      case 'tpos': return at(at(this.poss, a.pos).tpos, a.mn);
    }
  }

  /** Copy-on-write access to a PoS. */
  pos(j: number): WritablePos {
    const p = at(this.poss, j);
    if (this.copiedPos?.has(j) !== true) {
      (this.copiedPos ??= new Set()).add(j);
      const copy = { requestsFallback: p.requestsFallback, replayCache: p.replayCache.slice(), spos: p.spos.slice(), tpos: p.tpos.slice() };
      this.possW()[j] = copy;
      return copy;
    }
    return p as WritablePos;
  }

  /** The step looks at PoS j's fallback policy. */
  notePolicyRead(j: number): void {
    if (this.policiesRead === null) this.policiesRead = [j];
    else if (!this.policiesRead.includes(j)) this.policiesRead.push(j);
  }

  /** Sets a PoS's fallback policy; its role and cache arrays stay shared with the old world. */
  setPolicy(j: number, on: boolean): void {
    const p = at(this.poss, j);
    this.notePolicyRead(j);
    if (p.requestsFallback === on) return;
    if (this.copiedPos?.has(j) === true || this.policyCopiedPos?.has(j) === true) {
      (p as { requestsFallback: boolean }).requestsFallback = on;
      return;
    }
    (this.policyCopiedPos ??= new Set()).add(j);
    this.possW()[j] = { requestsFallback: on, replayCache: p.replayCache, spos: p.spos, tpos: p.tpos };
  }

  /** `s` is an answer of the machine at `a`, so a snapshot of its role. */
  set(a: Address, s: LocalSnapshot): void {
    switch (a.kind) {
      case 'mn':
        if (!this.mnsOwned) {
          this.mns = this.mns.slice();
          this.mnsOwned = true;
        }
        (this.mns as LocalSnapshot[])[a.mn] = s;
        return;
      case 'hpos':
        if (!this.hposOwned) {
          this.hpos = this.hpos.slice();
          this.hposOwned = true;
        }
        (this.hpos as LocalSnapshot[])[a.mn] = s;
        return;
      case 'spos': this.pos(a.pos).spos[a.mn] = s as SposSnapshot; return;
      case 'tpos': this.pos(a.pos).tpos[a.mn] = s as TposSnapshot; return;
    }
  }

  finish(): World {
    const w = this.w;
    return {
      config: w.config, variant: w.variant, faults: w.faults, fresh: this.fresh,
      mns: this.mns, hpos: this.hpos, poss: this.poss, inFlight: this.inFlight,
      ...(this.redelivery === undefined ? {} : { redelivery: this.redelivery }),
    };
  }
}
