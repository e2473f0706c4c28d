// The world as the harness observes it (same shape as Observation, docs/protocol.md §7).

import { keyClass } from '../keys.ts';
import { pduView } from '../pdus.ts';
import type { MnView, ModelView, PosView, SaRecord, SaView } from '../types.ts';
import { at, lifecycleOf, type World } from './state.ts';

export function saView(sa: SaRecord): SaView {
  return { peer: sa.peer, idType: sa.idType, root: sa.root, depth: sa.depth, state: sa.state, suite: sa.suite, key: keyClass(sa.key) };
}

/** MN `i`: its lifecycle, where it is attached, its serving and prepared SAs. */
export function mnView(w: World, i: number, sa: (s: SaRecord) => SaView = saView): MnView {
  const c = at(w.mns, i).context;
  const sas: SaView[] = [];
  if (c.serving !== null) sas.push(sa(c.serving));
  if (c.prepared !== null) sas.push(sa(c.prepared));
  return { id: at(w.config.mns, i).id, lifecycle: lifecycleOf(w, i), attachedTo: c.attachedTo, sas };
}

/** PoS `j`: the SAs its roles hold, per MN its SPoS role's, then its TPoS role's. */
export function posView(w: World, j: number, sa: (s: SaRecord) => SaView = saView): PosView {
  const p = at(w.poss, j);
  const sas: SaView[] = [];
  w.config.mns.forEach((_mn, i) => {
    const s = at(p.spos, i).context.sa;
    if (s !== null) sas.push(sa(s));
    const t = at(p.tpos, i).context.sa;
    if (t !== null) sas.push(sa(t));
  });
  return { id: at(w.config.domains, j).id, sas };
}

export function view(w: World): ModelView {
  return {
    mns: w.mns.map((_s, i) => mnView(w, i)),
    poss: w.poss.map((_p, j) => posView(w, j)),
    inFlight: w.inFlight.map((p) => pduView(p)),
  };
}
