// Fresh tokens: who draws them and what they are named.

import type { ModelWorldConfig, Token } from '../types.ts';
import { ModelError } from './errors.ts';
import type { World } from './state.ts';

/** Where a machine of the world sits: an MN or its HPoS role by MN index, a PoS role by PoS and MN index. */
export type Address =
  | { readonly kind: 'mn' | 'hpos'; readonly mn: number }
  | { readonly kind: 'spos' | 'tpos'; readonly pos: number; readonly mn: number };

// A fresh value is drawn by a source: one per machine (MN, HPoS role, SPoS and TPoS roles, in
// that order, by MN and then PoS index) and, last, the network's adversary (model/adversary).
// Draw n of source s is the token `#(n·S + s)` for S sources: distinct for distinct (s, n), so
// no draw repeats an earlier one, and a machine that lives the same history in two runs draws
// the same tokens whatever the other machines did meanwhile (its memoized answers and
// everything cached on them are then shared between the runs).

/** The number of token sources of a configuration: every machine, then the adversary. */
export function tokenSources(config: ModelWorldConfig): number {
  const M = config.mns.length;
  return 2 * M + 2 * config.domains.length * M + 1;
}

export function sourceOf(config: ModelWorldConfig, a: Address): number {
  const M = config.mns.length;
  switch (a.kind) {
    case 'mn': return a.mn;
    case 'hpos': return M + a.mn;
    case 'spos': return 2 * M + a.pos * M + a.mn;
    case 'tpos': return 2 * M + (config.domains.length + a.pos) * M + a.mn;
  }
}

/** Source `source`'s next token, and the counts after drawing it. */
export function draw(fresh: readonly number[], source: number): { readonly token: Token; readonly fresh: readonly number[] } {
  const n = fresh[source];
  if (n === undefined) throw new ModelError('MACHINE_FAILURE', `no token source ${source} in a world of ${fresh.length}`);
  const next = fresh.slice();
  next[source] = n + 1;
  return { token: `#${n * fresh.length + source}`, fresh: next };
}


/** A token the network's adversary draws (model/adversary/attacked-world.ts: an injected PDU's nonce). */
export function drawAdversaryToken(w: World): { readonly token: Token; readonly fresh: readonly number[] } {
  return draw(w.fresh, w.fresh.length - 1);
}
