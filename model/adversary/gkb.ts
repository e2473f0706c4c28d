//= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
//# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
//# etsblishment applies.
//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
// A GKB lineage: an MN whose SA with its serving PoS is GKB-generated (ID_TYPE 2), keyed from a
// group key block the PoS handed to a group the MN belongs to (model/keys.ts#groupKeyBlock).
// The profile defines no run that makes such an SA (A-IDTYPE: MIS_Auth runs EAP, ERP or TLS), so
// the world starts with one, as if the MN had just joined the group at that PoS: both ends hold
// the SA a full establishment would leave, with the GKB as its root key. From there on every
// step is the model's own; the MN's method (EAP) is what its later full establishments run.

import { fullMisk, groupKeyBlock } from '../keys.ts';
import type { DomainId, MnId, SaRecord } from '../types.ts';
import type { World } from '../world/world.ts';
import { AdversaryError } from './moves.ts';
import { domainIndex, mnIndex } from './roles.ts';

/** The group the block is for, and the nonce names of its establishment (never drawn by a token source). */
const GROUP = 'grp';
const GKB_NONCE = '#gkb';

/** `w` with MN `mn` attached at `pos` under a GKB-generated SA (both ends), nothing in flight. */
export function withGkbLineage(w: World, mn: MnId, pos: DomainId): World {
  const i = mnIndex(w, mn);
  const j = domainIndex(w, pos);
  const m = w.mns[i];
  const p = w.poss[j];
  const s = p?.spos[i];
  if (m === undefined || p === undefined || s === undefined || m.context.attachedTo !== null) {
    throw new AdversaryError('BAD_MOVE', `cannot start ${mn} on a GKB lineage at ${pos}`);
  }
  const root = groupKeyBlock(GROUP, pos, GKB_NONCE);
  const sa = (peer: string): SaRecord => ({
    peer, idType: 2, root: 'GKB', depth: 0, chain: 0, state: 'serving', suite: null,
    key: fullMisk(root, 'GKB', 0, GKB_NONCE, GKB_NONCE, mn, pos),
  });
  const mns = w.mns.slice();
  mns[i] = { value: { attached: 'idle' }, context: { ...m.context, attachedTo: pos, serving: sa(pos) } };
  const spos = p.spos.slice();
  spos[i] = { value: { serving: 'idle' }, context: { ...s.context, sa: sa(mn), transaction: null, lastRequest: null, run: null, relay: null } };
  const poss = w.poss.slice();
  poss[j] = { ...p, spos };
  return { ...w, mns, poss };
}
