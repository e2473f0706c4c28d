// The model's view of a world (model/world/view.ts), cached per part: worlds share their parts
// (an unchanged machine snapshot or PDU keeps its object identity from one world to the next),
// so each part's view is computed once, and the whole view can be interned.

import type { LocalSnapshot } from '../../model/machines/machine-step.ts';
import { type InFlightPdu, pduView } from '../../model/pdus.ts';
import type { MnView, ModelView, ModelWorldConfig, PduView, PosView, SaRecord, SaView } from '../../model/types.ts';
import { mnView as plainMnView, posView as plainPosView, saView as plainSaView } from '../../model/world/view.ts';
import type { World } from '../../model/world/world.ts';

function at<T>(xs: readonly T[], i: number): T {
  return xs[i] as T;
}

// An SA's view is computed once per SaRecord object (they are shared across worlds).
const saViews = new WeakMap<SaRecord, SaView>();

function saView(sa: SaRecord): SaView {
  let v = saViews.get(sa);
  if (v === undefined) {
    v = plainSaView(sa);
    saViews.set(sa, v);
  }
  return v;
}

/**
 * The world as the harness observes it (same shape as Observation, docs/protocol.md §7).
 * `interned` (default): worlds made of the very same parts get the very same view object. A
 * caller that meets each world once and compares views part by part (a lockstep run) passes
 * false: the parts are still shared, only the whole is a new object, and no trie is grown.
 */
export function cachedView(w: World, interned = true): ModelView {
  return interned ? computeView(w) : partsView(w);
}

/**
 * `cachedView(after)`, given `beforeView = cachedView(before)` of another world: when every part of the
 * world the view reads (the configuration, the MN machines, the PoSs' role machines, the PDUs in
 * flight) is the very same object in both, as after a fallback-policy change (the view never
 * shows a policy), that is `beforeView` itself, the same object.
 */
export function cachedViewAfter(before: World, beforeView: ModelView, after: World, interned = true): ModelView {
  if (after.config === before.config && after.mns === before.mns && after.inFlight === before.inFlight && after.poss.length === before.poss.length) {
    let same = true;
    for (let j = 0; same && j < after.poss.length; j++) {
      const p = at(after.poss, j);
      const q = at(before.poss, j);
      same = p === q || (p.spos === q.spos && p.tpos === q.tpos);
    }
    if (same) return beforeView;
  }
  return cachedView(after, interned);
}

// Views are interned: worlds made of the very same component objects (the same MN and role
// snapshots, the same PDUs in flight; policy siblings are) get the very same view object, so
// whatever is cached per observation (the properties' state checks) carries over, and the
// explorer's frontier holds one view for all of them. Each part is cached on the objects it
// is computed from; the whole view on the sequence of its parts.

const mnViews = new WeakMap<LocalSnapshot, { readonly id: string; readonly view: MnView }>();
const pduViews = new WeakMap<InFlightPdu, PduView>();

/** Tries over object identities: a view's parts, a PoS's role snapshots. */
interface ViewNode {
  /** Made on the first child (leaves need none). */
  next: WeakMap<object, ViewNode> | undefined;
  view: ModelView | undefined;
  pos: PosView | undefined;
}
const viewRoots = new WeakMap<ModelWorldConfig, ViewNode>();
const viewNode = (): ViewNode => ({ next: undefined, view: undefined, pos: undefined });
const posViewRoot = viewNode();

function childOf(n: ViewNode, part: object): ViewNode {
  const next = (n.next ??= new WeakMap());
  let c = next.get(part);
  if (c === undefined) {
    c = viewNode();
    next.set(part, c);
  }
  return c;
}

function mnView(w: World, i: number): MnView {
  const snapshot = at(w.mns, i);
  const id = at(w.config.mns, i).id;
  const known = mnViews.get(snapshot);
  if (known !== undefined && known.id === id) return known.view;
  const view = plainMnView(w, i, saView);
  mnViews.set(snapshot, { id, view });
  return view;
}

/**
 * An uninterned PoS view by its role arrays (a step that changes a role copies both; a policy
 * change shares them), so a lockstep run walks no trie.
 */
const posViewsByRoles = new WeakMap<readonly LocalSnapshot[], { readonly tpos: readonly LocalSnapshot[]; readonly view: PosView }>();

function posView(w: World, j: number, interned = true): PosView {
  if (interned) return internedPosView(w, j);
  const p = at(w.poss, j);
  const byRoles = posViewsByRoles.get(p.spos);
  if (byRoles !== undefined && byRoles.tpos === p.tpos && byRoles.view.id === at(w.config.domains, j).id) return byRoles.view;
  const v = newPosView(w, j);
  posViewsByRoles.set(p.spos, { tpos: p.tpos, view: v });
  return v;
}

function internedPosView(w: World, j: number): PosView {
  const p = at(w.poss, j);
  const id = at(w.config.domains, j).id;
  let n = posViewRoot;
  for (let i = 0; i < p.spos.length; i++) n = childOf(childOf(n, at(p.spos, i)), at(p.tpos, i));
  const known = n.pos;
  if (known !== undefined && known.id === id) return known;
  return (n.pos = newPosView(w, j));
}

function newPosView(w: World, j: number): PosView {
  return plainPosView(w, j, saView);
}

function pduViewOf(p: InFlightPdu): PduView {
  let v = pduViews.get(p);
  if (v === undefined) {
    v = pduView(p);
    pduViews.set(p, v);
  }
  return v;
}

function computeView(w: World): ModelView {
  let root = viewRoots.get(w.config);
  if (root === undefined) {
    root = viewNode();
    viewRoots.set(w.config, root);
  }
  const mns: MnView[] = [];
  const poss: PosView[] = [];
  const inFlight: PduView[] = [];
  let n = root;
  for (let i = 0; i < w.mns.length; i++) n = childOf(n, (mns[i] = mnView(w, i)));
  for (let j = 0; j < w.poss.length; j++) n = childOf(n, (poss[j] = posView(w, j)));
  // The PDU count closes the sequence (a view's parts are MNs, PoSs, then any number of PDUs).
  for (let k = 0; k < w.inFlight.length; k++) n = childOf(n, (inFlight[k] = pduViewOf(at(w.inFlight, k))));
  n = childOf(n, END_OF_FLIGHT);
  return (n.view ??= { mns, poss, inFlight });
}

const END_OF_FLIGHT = {};

function partsView(w: World): ModelView {
  const mns: MnView[] = [];
  const poss: PosView[] = [];
  const inFlight: PduView[] = [];
  for (let i = 0; i < w.mns.length; i++) mns.push(mnView(w, i));
  for (let j = 0; j < w.poss.length; j++) poss.push(posView(w, j, false));
  for (let k = 0; k < w.inFlight.length; k++) inFlight.push(pduViewOf(at(w.inFlight, k)));
  return { mns, poss, inFlight };
}
