// Small lookups over the world configuration and observations shared by the properties.
import type { DomainConfig, DomainId, IdType, MnConfig, MnId, MnObservation, Observation, PosObservation, RootKind, SaObservation, WorldConfig } from '../vocabulary/observation.ts';

export function domainOf(config: WorldConfig, id: DomainId): DomainConfig | undefined {
  return config.domains.find((d) => d.id === id);
}

export function mnConfigOf(config: WorldConfig, id: MnId): MnConfig | undefined {
  return config.mns.find((m) => m.id === id);
}

/** Trust is directed configuration: X trusts Y iff Y ∈ X.partners (docs/protocol.md §1). */
export function trusts(config: WorldConfig, x: DomainId, y: DomainId): boolean {
  return domainOf(config, x)?.partners.includes(y) ?? false;
}

export function mnOf(o: Observation, id: MnId): MnObservation | undefined {
  return o.mns.find((m) => m.id === id);
}

export function posOf(o: Observation, id: DomainId): PosObservation | undefined {
  return o.poss.find((p) => p.id === id);
}

/** The SAs PoS `pos` holds for MN `mn`. */
export function posSasFor(o: Observation, pos: DomainId, mn: MnId): readonly SaObservation[] {
  return posOf(o, pos)?.sas.filter((sa) => sa.peer === mn) ?? [];
}

//= spec/clause-5.14-proposed-text.txt#5.14-T1
//# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated; 2:
//# GKB-generated; 3: SPoS-generated
/** 5.14-T1: the ID_TYPE a full establishment of this root produces. */
export function idTypeOfRoot(root: RootKind): IdType {
  switch (root) {
    case 'TLS':
      return 0;
    case 'EAP':
    case 'ERP':
      //= SPEC_MAPPING.md#A-ERP-FULL
      //# An ERP re-authentication (RFC 6696) counts as a full establishment: it resets the depth to
      //# 0 and yields ID_TYPE 1 (variant V-ERP-FULL).
      // ERP is an EAP-generated SA
      return 1;
    case 'GKB':
      return 2;
  }
}

/** Short description of an SA for messages: fields and the key's fingerprint/class only. */
export function describeSa(sa: SaObservation): string {
  return `{peer ${sa.peer}, idType ${sa.idType}, root ${sa.root}, depth ${sa.depth}, ${sa.state}, key ${sa.key}}`;
}
