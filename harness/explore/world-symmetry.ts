// Symmetry reduction for the model world (the soundness condition is in symmetry.ts).
//
// A configuration automorphism π renames MN ids and domain ids. Applied to a world, it moves
// each machine snapshot to the slot of the renamed entity (the world keeps them by config
// index), renames every id inside snapshots, PDUs and replay caches, including inside symbolic
// key terms such as `MISK(MSK(mn1|A|#0|#1)|#0|#1|mn1|B)`; applied to the facts, it renames the
// ids and maps each key class to the class of the renamed key. The state's key is the least
// key over the group, so symmetric states get one key. test/explore/world.test.ts checks the
// condition the reduction needs: π commutes with `enabled` and `step` on random states.
import type { LocalSnapshot } from '../../model/machines/machine-step.ts';
import { keyClass } from '../../model/keys.ts';
import type { KeyTerm } from '../../model/types.ts';
import type { WorldEvent } from '../../model/world/events.ts';
import type { World } from '../../model/world/world.ts';
import type { TraceFacts } from '../../properties/index.ts';
import type { Observation } from '../../vocabulary/observation.ts';
import { factsKey } from './facts-key.ts';
import { configAutomorphisms, renamer, SymmetryError, type WorldPermutation } from './symmetry.ts';
import type { ExplorableSystem } from './types.ts';
import { worldSystem, type WorldState, type WorldSystemOptions } from './world-system.ts';
import { FastWorldKey } from './fast-key.ts';
import { cachedView } from './view-cache.ts';
import { canonicalKey } from './world-key.ts';

const TERM_PARTS = /([()|])/;

/** Words the model uses in positions where an id would be renamed by mistake. */
const RESERVED = new Set([
  'EAP', 'ERP', 'TLS', 'GKB', 'MSK', 'rMSK', 'K', 'MISK', 'SUCCESS', 'FULL_AUTH_REQUIRED', 'REJECTED', 'NO_TARGET',
  'NONE', 'MN_REQUESTED', 'NO_TRUST', 'TLS_ROOT', 'NOT_EAP_ROOT', 'CHAIN_LIMIT', 'UNAUTHORIZED_SOURCE', 'REPLAY',
  'TPOS_REQUESTED', 'NO_COMMON_SUITE', 'TARGET_REFUSED', 'serving', 'prepared', 'attach', 'handover', 'prereg',
  'fullAuth', 'detached', 'idle', 'waiting', 'trailing', 'truncate', 'unknown-tlv', 'mn', 'spos', 'tpos', 'hpos',
  'optimized', 'full', 'null', 'true', 'false',
]);

interface Renaming {
  readonly id: (x: string) => string;
  /** key class → key class of the renamed key (filled while renaming a world). */
  readonly classes: Map<string, string>;
}

function isKeyTerm(o: Record<string, unknown>): boolean {
  return typeof o['id'] === 'string' && typeof o['kind'] === 'string' && typeof o['origin'] === 'string' && typeof o['depth'] === 'number';
}

function renameString(s: string, r: Renaming): string {
  if (s.includes('(') || s.includes('|')) return s.split(TERM_PARTS).map(r.id).join('');
  return r.id(s);
}

/** Deep copy of plain data with every id renamed; XState state values are left alone. */
function renameDeep(x: unknown, r: Renaming): unknown {
  if (typeof x === 'string') return renameString(x, r);
  if (Array.isArray(x)) return x.map((v) => renameDeep(v, r));
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = k === 'value' ? o[k] : renameDeep(o[k], r);
    if (isKeyTerm(o)) r.classes.set(keyClass(o as unknown as KeyTerm), keyClass(out as unknown as KeyTerm));
    return out;
  }
  return x;
}

function indexMap(ids: readonly string[], f: (id: string) => string): number[] {
  const at = new Map(ids.map((id, i) => [id, i]));
  return ids.map((id) => at.get(f(id)) as number);
}

/** Renamed copies of immutable world parts, per permutation: snapshots and PDUs recur a lot. */
const renamedCache = new WeakMap<WorldPermutation, WeakMap<object, { readonly out: unknown; readonly classes: readonly (readonly [string, string])[] }>>();

function renameCached(x: object, p: WorldPermutation, r: Renaming): unknown {
  let perP = renamedCache.get(p);
  if (perP === undefined) {
    perP = new WeakMap();
    renamedCache.set(p, perP);
  }
  let hit = perP.get(x);
  if (hit === undefined) {
    const classes = new Map<string, string>();
    const out = renameDeep(x, { id: r.id, classes });
    hit = { out, classes: [...classes] };
    perP.set(x, hit);
  }
  for (const [a, b] of hit.classes) r.classes.set(a, b);
  return hit.out;
}

/** π(w): snapshots moved to the renamed entities' slots, ids renamed everywhere. */
export function permuteWorld(w: World, p: WorldPermutation, classes = new Map<string, string>()): World {
  const r: Renaming = { id: renamer(p), classes };
  const mnTo = indexMap(w.config.mns.map((m) => m.id), r.id);
  const domTo = indexMap(w.config.domains.map((d) => d.id), r.id);
  const place = <T>(xs: readonly T[], to: readonly number[], f: (x: T) => T): T[] => {
    const out = new Array<T>(xs.length);
    xs.forEach((x, i) => (out[to[i] as number] = f(x)));
    return out;
  };
  const snap = <S extends LocalSnapshot>(s: S): S => renameCached(s, p, r) as S;
  return {
    ...w,
    mns: place(w.mns, mnTo, snap),
    hpos: place(w.hpos, mnTo, snap),
    poss: place(w.poss, domTo, (pos) => ({
      requestsFallback: pos.requestsFallback,
      replayCache: pos.replayCache.map((e) => ({ ...e, spos: r.id(e.spos) })),
      spos: place(pos.spos, mnTo, snap),
      tpos: place(pos.tpos, mnTo, snap),
    })),
    inFlight: w.inFlight.map((pdu) => renameCached(pdu, p, r) as World['inFlight'][number]),
  };
}

/** π(e): the event with its MN and domain ids renamed (PDU indices are kept). */
export function permuteEvent(e: WorldEvent, p: WorldPermutation): WorldEvent {
  const f = renamer(p);
  switch (e.kind) {
    case 'attach':
      return { ...e, mn: f(e.mn), domain: f(e.domain) };
    case 'handover':
      return { ...e, mn: f(e.mn), target: e.target === null ? null : f(e.target) };
    case 'complete':
    case 'abort':
      return { ...e, mn: f(e.mn) };
    case 'setFallbackPolicy':
      return { ...e, domain: f(e.domain) };
    default:
      return e;
  }
}

const FACT_FIELDS = ['completion', 'keyPair', 'kTarget', 'lineage', 'n2nDelivered', 'nonces', 'pending', 'policy'].sort();
const NUL = '\u0000';

/** π(facts): ids renamed, key classes mapped through `classes` (unmapped ones are dead). */
export function permuteFacts(facts: TraceFacts, p: WorldPermutation, classes: ReadonlyMap<string, string>): TraceFacts {
  const id = renamer(p);
  const cls = (k: string): string => classes.get(k) ?? `dead:${k}`;
  const orNull = (x: string | null): string | null => (x === null ? null : id(x));
  const pair = (s: string): string => s.split(NUL).map(id).join(NUL);
  return {
    lineage: new Map([...facts.lineage].map(([k, l]) => [`${id(k.slice(0, k.indexOf(NUL)))}${NUL}${cls(k.slice(k.indexOf(NUL) + 1))}`, l])),
    keyPair: new Map([...facts.keyPair].map(([k, v]) => [cls(k), pair(v)])),
    pending: new Map([...facts.pending].map(([mn, v]) => [id(mn), { ...v, from: orNull(v.from), target: orNull(v.target) }])),
    policy: new Map([...facts.policy].map(([d, on]) => [id(d), on])),
    n2nDelivered: new Set(
      [...facts.n2nDelivered].map((e) => {
        const parts = e.split(NUL);
        return [id(parts[0] ?? ''), id(parts[1] ?? ''), ...parts.slice(2)].join(NUL);
      }),
    ),
    nonces: facts.nonces,
    completion: new Map(
      [...facts.completion].map(([mn, c]) => [
        id(mn),
        { ...c, from: orNull(c.from), to: orNull(c.to), oldKey: c.oldKey === null ? null : cls(c.oldKey), newKey: c.newKey === null ? null : cls(c.newKey) },
      ]),
    ),
    kTarget: new Map([...facts.kTarget].map(([k, t]) => [k, id(t)])),
  };
}

/**
 * The world system with symmetric states merged: the key of a state is the least key of its
 * images under the configuration's automorphisms. Falls back to the plain system (group of 1)
 * when the configuration has no symmetry.
 */
export function symmetricWorldSystem(o: WorldSystemOptions): { system: ExplorableSystem<WorldState, WorldEvent>; group: readonly WorldPermutation[]; groupSize: number } {
  const plain = worldSystem(o);
  const group = configAutomorphisms(o.config);
  if (group.length <= 1) return { system: plain, group, groupSize: 1 };
  if ((o.factsKey ?? 'live') !== 'live') throw new SymmetryError('symmetry reduction needs the live facts key');
  if (o.worldKey === 'coarse') throw new SymmetryError('symmetry reduction does not yet combine with the coarse world key');
  const ids = [...o.config.domains.map((d) => d.id), ...o.config.mns.map((m) => m.id)];
  const clash = ids.find((x) => RESERVED.has(x) || TERM_PARTS.test(x));
  if (clash !== undefined) throw new SymmetryError(`id ${JSON.stringify(clash)} is also a word of the model's vocabulary; rename it to use symmetry reduction`);
  const fields = Object.keys(plain.initial.facts).sort();
  if (fields.join() !== FACT_FIELDS.join()) throw new SymmetryError(`the trace facts have fields [${fields.join(', ')}] that symmetry reduction does not know how to rename`);
  const fast = (o.worldKey ?? 'fast') === 'fast' ? new FastWorldKey() : null;
  const keepDeadK = plain.initial.world.variant.kScope === 'V-K-SHARED';
  const keyOf = (w: World, facts: TraceFacts, obs: Observation): string =>
    (fast === null ? canonicalKey(w) : fast.key(w)) +
    '\u0001' +
    factsKey(facts, obs, { keepDeadK });
  // The plain system's fingerprint is of the plain key: this system's key is the orbit's least.
  const { fingerprint: _plainFingerprint, ...rest } = plain;
  const system: ExplorableSystem<WorldState, WorldEvent> = {
    ...rest,
    key: (s) => {
      let best = keyOf(s.world, s.facts, s.obs);
      for (let g = 1; g < group.length; g++) {
        const p = group[g] as WorldPermutation;
        const classes = new Map<string, string>();
        const w = permuteWorld(s.world, p, classes);
        const k = keyOf(w, permuteFacts(s.facts, p, classes), cachedView(w) as Observation);
        if (k < best) best = k;
      }
      return best;
    },
  };
  return { system, group, groupSize: group.length };
}
