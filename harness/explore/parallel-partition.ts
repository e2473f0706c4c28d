// One worker's part of the parallel exploration (parallel.ts, docs/scaling.md §2): the states
// it owns (owner(s) mod n), their visited store, and the expansion of its part of a level.
//
// Why the result equals the sequential explorer's: sequential BFS expands a level in the order
// its states were found, so a state's stored path is the lexicographically least shortest path
// (as event indices), and a level's order is the order of those paths. Each state here carries
// its rank in that global order; a successor's candidate key is (rank of the predecessor, event
// index), the owner keeps the least candidate (whatever the order candidates arrive in), and the
// coordinator ranks the next level by those keys. Violations are chosen by the same keys
// (a step violation before a state violation on the same edge, as bfs.ts records them).
import { FingerprintStore } from './state-store.ts';
import type { ExplorableSystem, Violation } from './types.ts';

/** Events per state stay below this: a candidate key is rank * KEY_SPAN + event index. */
export const KEY_SPAN = 65536;

/** States for another worker, in the order they were found. */
export interface Batch {
  readonly his: number[];
  readonly los: number[];
  readonly keys: number[];
  readonly parents: number[];
  readonly events: number[];
  readonly states: unknown[];
  readonly last: boolean;
}

/** A violation found in this level: its key orders it against the other workers'. */
export interface FoundViolation {
  readonly violation: Violation;
  readonly kind: 'state' | 'step';
  readonly key: number;
  /** The violating state's global id (state), or the source's (step). */
  readonly gid: number;
  readonly eventIndex: number;
}

export interface LevelReport {
  /** Keys of the states new in this level, ascending; ranks come back in this order. */
  readonly keys: Float64Array;
  readonly violations: FoundViolation[];
  readonly transitions: number;
  readonly deadlocks: number;
  readonly stepChecks: number;
  readonly stateChecks: number;
  /** States sent to other workers, and an estimate of their bytes (a sample serialized). */
  readonly sent: number;
}

const emptyBatch = (last: boolean): Batch => ({ his: [], los: [], keys: [], parents: [], events: [], states: [], last });

const BATCH = 1024;

export class Partition<S, E> {
  readonly store = new FingerprintStore();
  readonly eventCoverage = new Map<string, number>();
  readonly edgeCoverage = new Map<string, number>();
  private frontier: (S | undefined)[] = [];
  private frontierRanks: number[] = [];
  private frontierIds: number[] = [];
  // The level being found: the states new in it, by local id - levelStart, with their best keys.
  private levelStart = 0;
  private found: S[] = [];
  private foundKeys: number[] = [];
  private readonly fp = { hi: 0, lo: 0 };
  private outboxes: Batch[];
  private sentSets: FingerprintStore[];
  private counts = { transitions: 0, deadlocks: 0, stepChecks: 0, stateChecks: 0, sent: 0 };
  private stepViolations = new Map<string, FoundViolation>();

  constructor(
    private readonly sys: ExplorableSystem<S, E>,
    private readonly me: number,
    private readonly n: number,
  ) {
    this.outboxes = Array.from({ length: n }, () => emptyBatch(false));
    this.sentSets = Array.from({ length: n }, () => new FingerprintStore());
  }

  ownerOf(s: S): number {
    return ((this.sys.owner as (s: S) => number)(s) >>> 0) % this.n;
  }

  gid(localId: number): number {
    return localId * this.n + this.me;
  }

  /** The initial state, if this worker owns it; its state violations. */
  init(): FoundViolation[] {
    const s0 = this.sys.initial;
    if (this.ownerOf(s0) !== this.me) return [];
    (this.sys.fingerprint as NonNullable<ExplorableSystem<S, E>['fingerprint']>)(s0, this.fp);
    this.store.insertFingerprint(this.fp.hi, this.fp.lo, -1, -1);
    this.frontier = [s0];
    this.frontierRanks = [0];
    this.frontierIds = [0];
    this.levelStart = 1;
    return this.checkStates([s0], [0], [0]);
  }

  private checkStates(states: readonly S[], keys: readonly number[], ids: readonly number[]): FoundViolation[] {
    const out = new Map<string, FoundViolation>();
    if (this.sys.checkState === undefined) return [];
    for (let i = 0; i < states.length; i++) {
      this.counts.stateChecks++;
      for (const v of this.sys.checkState(states[i] as S)) {
        const key = keys[i] as number;
        const was = out.get(v.id);
        if (was === undefined || key < was.key) out.set(v.id, { violation: v, kind: 'state', key, gid: this.gid(ids[i] as number), eventIndex: -1 });
      }
    }
    return [...out.values()];
  }

  /** Expands this worker's part of the level; `send(to, batch)` ships states to their owners. */
  expand(send: (to: number, batch: Batch) => void): void {
    const sys = this.sys;
    const fp = this.fp;
    this.levelStart = this.store.size;
    this.found = [];
    this.foundKeys = [];
    this.stepViolations = new Map();
    for (const set of this.sentSets.keys()) this.sentSets[set] = new FingerprintStore();
    const peek = sys.peek?.bind(sys) ?? null;
    const fingerprint = sys.fingerprint as NonNullable<ExplorableSystem<S, E>['fingerprint']>;
    for (let i = 0; i < this.frontier.length; i++) {
      const s = this.frontier[i] as S;
      const rank = this.frontierRanks[i] as number;
      const sGid = this.gid(this.frontierIds[i] as number);
      const events = sys.enabled(s);
      if (events.length === 0) this.counts.deadlocks++;
      for (let j = 0; j < events.length; j++) {
        const e = events[j] as E;
        const key = rank * KEY_SPAN + j;
        this.counts.transitions++;
        if (sys.label) {
          const l = sys.label(e);
          this.eventCoverage.set(l, (this.eventCoverage.get(l) ?? 0) + 1);
        }
        const peeked = peek === null ? null : peek(s, e, fp);
        if (peeked !== null) {
          if (sys.edgeLabels) this.countLabels(peeked.labels);
          if (sys.checkStep) this.noteStep(peeked.violations, key, sGid, j);
          // A peeked successor is a policy sibling: this worker's own (ExplorableSystem.owner).
          const id = this.store.insertOrFind(fp.hi, fp.lo, sGid, j);
          if (id >= 0) this.addFound(sys.step(s, e), key);
          continue;
        }
        const t = sys.step(s, e);
        if (sys.edgeLabels) this.countLabels(sys.edgeLabels(s, e, t));
        if (sys.checkStep) this.noteStep(sys.checkStep(s, e, t), key, sGid, j);
        fingerprint(t, fp);
        const o = this.ownerOf(t);
        if (o === this.me) {
          if (this.store.insertOrFind(fp.hi, fp.lo, sGid, j) >= 0) this.addFound(t, key);
          continue;
        }
        // The first copy sent in this level has the least key of this worker's: send it only.
        if ((this.sentSets[o] as FingerprintStore).insertFingerprint(fp.hi, fp.lo, 0, 0) < 0) continue;
        const b = this.outboxes[o] as Batch;
        b.his.push(fp.hi);
        b.los.push(fp.lo);
        b.keys.push(key);
        b.parents.push(sGid);
        b.events.push(j);
        b.states.push((sys.encode as (s: S) => unknown)(t));
        this.counts.sent++;
        if (b.keys.length >= BATCH) {
          send(o, b);
          this.outboxes[o] = emptyBatch(false);
        }
      }
      this.frontier[i] = undefined;
    }
    for (let o = 0; o < this.n; o++) {
      if (o === this.me) continue;
      send(o, { ...(this.outboxes[o] as Batch), last: true });
      this.outboxes[o] = emptyBatch(false);
    }
  }

  /** States another worker found for this one: each kept if new, or if its key is less. */
  receive(b: Batch): void {
    const decode = this.sys.decode as (x: unknown) => S;
    for (let i = 0; i < b.keys.length; i++) {
      const key = b.keys[i] as number;
      const r = this.store.insertOrFind(b.his[i] as number, b.los[i] as number, b.parents[i] as number, b.events[i] as number);
      if (r >= 0) {
        this.addFound(decode(b.states[i]), key);
        continue;
      }
      const idx = ~r - this.levelStart;
      if (idx >= 0 && key < (this.foundKeys[idx] as number)) {
        // Found in this level by a path that comes first: that path's witness and parent win.
        this.found[idx] = decode(b.states[i]);
        this.foundKeys[idx] = key;
        this.store.reparent(~r, b.parents[i] as number, b.events[i] as number);
      }
    }
  }

  /** The level's new states are complete: their keys (ascending) and this level's violations. */
  report(): LevelReport {
    const order = this.foundKeys.map((_, i) => i).sort((a, b) => (this.foundKeys[a] as number) - (this.foundKeys[b] as number));
    const states = order.map((i) => this.found[i] as S);
    const keys = order.map((i) => this.foundKeys[i] as number);
    const ids = order.map((i) => this.levelStart + i);
    const violations = [...this.stepViolations.values(), ...this.checkStates(states, keys, ids)];
    this.frontier = states;
    this.frontierIds = ids;
    this.found = [];
    this.foundKeys = [];
    const r: LevelReport = { keys: Float64Array.from(keys), violations, ...this.counts };
    this.counts = { transitions: 0, deadlocks: 0, stepChecks: 0, stateChecks: 0, sent: 0 };
    return r;
  }

  /** The global ranks of the new states, in the order report() gave their keys. */
  setRanks(ranks: ArrayLike<number>): void {
    this.frontierRanks = Array.from(ranks);
  }

  private addFound(t: S, key: number): void {
    this.found.push(t);
    this.foundKeys.push(key);
  }

  private noteStep(vs: readonly Violation[], key: number, gid: number, j: number): void {
    this.counts.stepChecks++;
    // Expanded in rank order: the first found of a property is this worker's least.
    for (const v of vs) if (!this.stepViolations.has(v.id)) this.stepViolations.set(v.id, { violation: v, kind: 'step', key, gid, eventIndex: j });
  }

  private countLabels(ls: readonly string[]): void {
    for (const l of ls) this.edgeCoverage.set(l, (this.edgeCoverage.get(l) ?? 0) + 1);
  }
}
