// The measured part of an adversary property (AdversaryProperty.witness): a state the claim
// allows but a reader should see, such as what a compromised HPoS does expose. The explorer
// reports it as it reports a violation, under the property's id with WITNESS_SUFFIX, so the
// matrix and the replay find its shortest trace the same way; it is never a verdict.

import { ADVERSARY_PROPERTIES, type AdversaryProperty } from './index.ts';

export const WITNESS_SUFFIX = '-witness';

export function witnessId(propertyId: string): string {
  return propertyId + WITNESS_SUFFIX;
}

/** A state check for a property id or a witness id; undefined if neither names a property. */
export function checkerFor(id: string): Pick<AdversaryProperty, 'kind' | 'check'> | undefined {
  const direct = ADVERSARY_PROPERTIES.find((p) => p.id === id);
  if (direct !== undefined) return direct;
  const p = id.endsWith(WITNESS_SUFFIX) ? ADVERSARY_PROPERTIES.find((x) => witnessId(x.id) === id) : undefined;
  const witness = p?.witness;
  return witness === undefined ? undefined : { kind: 'state', check: (_prev, _e, next) => witness(next) };
}
