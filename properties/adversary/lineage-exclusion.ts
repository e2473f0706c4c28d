//= spec/clause-5.14-proposed-text.txt#5.14.2-N3
//# If protocol of establishing SAs between an MN and a TPoS is
//= spec/clause-5.14-proposed-text.txt#5.14.2-N2a
//# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA
//# etsblishment applies.
// Notes 2 and 3 under a lying SPoS: the optimized establishment applies to EAP (and ERP)
// lineages only, so no optimized SA is established on a TLS lineage (5.14.2-N3) nor on a GKB
// one (5.14.2-N2a), whatever a compromised SPoS states about the lineage (the relabel move of
// model/adversary/moves.ts). The lineage is read from the key itself (its derivation term,
// model/adversary/knowledge.ts#lineageOfKey), never from a root label some party stated.
//
// "Established" is what the MN takes part in: an optimized SA the MN holds (prepared or
// serving), or one a PoS serves the MN under. The half a TPoS installs on the SPoS's word
// before the MN has answered is not counted: the TPoS cannot tell the lineage (it knows only
// what the SPoS states, and K is opaque to it), the MN never completes a handover under it,
// and the full establishment the MN runs with that TPoS replaces it (F-33).

import { lineageOfKey, kindOfKey, parentKey } from '../../model/adversary/knowledge.ts';
import { mnContextOf, sposContextOf } from '../../model/adversary/roles.ts';
import type { SaRecord } from '../../model/types.ts';
import type { World } from '../../model/world/world.ts';
import type { AdversaryProperty } from './index.ts';

/** An SA made by an optimized establishment: its MISK derives from a K (5.14.2-S9). */
function optimized(sa: SaRecord): boolean {
  const parent = parentKey(sa.key.id);
  return kindOfKey(sa.key.id) === 'MISK' && parent !== null && kindOfKey(parent) === 'K';
}

/** The first established optimized SA whose lineage is `lineage`, described; null if none. */
export function establishedOptimizedOn(w: World, lineage: 'TLS' | 'GKB'): string | null {
  for (let i = 0; i < w.config.mns.length; i++) {
    const mn = w.config.mns[i];
    const c = mnContextOf(w, i);
    if (mn === undefined || c === undefined) continue;
    for (const sa of [c.serving, c.prepared]) {
      if (sa !== null && optimized(sa) && lineageOfKey(sa.key.id) === lineage) {
        return `${mn.id} holds an optimized SA with ${sa.peer} (${sa.state}) on a ${lineage} lineage (labelled ${sa.root}, ID_TYPE ${sa.idType})`;
      }
    }
    for (let j = 0; j < w.config.domains.length; j++) {
      const sa = sposContextOf(w, j, i)?.sa ?? null;
      if (sa !== null && optimized(sa) && lineageOfKey(sa.key.id) === lineage) {
        return `${w.config.domains[j]?.id ?? '?'} serves ${mn.id} under an optimized SA on a ${lineage} lineage (labelled ${sa.root})`;
      }
    }
  }
  return null;
}

/** The exclusion of one lineage as an adversary property (state property). */
function exclusion(lineage: 'TLS' | 'GKB', id: string, requirements: readonly string[]): AdversaryProperty {
  return {
    id, requirements, kind: 'state',
    title: `no optimized SA on a ${lineage} lineage, whatever the SPoS states`,
    check: (_prev, _e, next) => establishedOptimizedOn(next.world, lineage),
  };
}

/** 5.14.2-N3 under a lying SPoS: no optimized SA is established on a TLS lineage. */
export const noTlsOptimized = exclusion('TLS', 'adv-no-tls-optimized', ['5.14.2-N3', 'V-TLS-ROOT']);

/** 5.14.2-N2a under a lying SPoS, the GKB twin of noTlsOptimized: none on a GKB lineage. */
export const noGkbOptimized = exclusion('GKB', 'adv-no-gkb-optimized', ['5.14.2-N2a', 'V-TLS-MN']);
