// What each property reads of an explored state, declared, so that a world key which forgets
// something (the coarse key, coarse-key.ts) can refuse a catalogue that might read it.
//
// The catalogue's own contract (properties/types.ts, checked by test/properties/renaming.test.ts)
// is that names (SA keys, nonces, K) are compared only for equality, so every property of
// PROPERTIES reads `observation` and `facts`. A property outside that table must say what it
// reads (a `reads` field on the property object); one that says nothing is refused, so a new
// property cannot slip under a coarser key unexamined.
import { PROPERTIES, type Property } from '../../properties/index.ts';

/**
 * - `observation`: the observation's fields, with key names and nonces compared only for
 *   equality (and a key name's kind prefix), as the catalogue's contract says;
 * - `facts`: the trace facts as far as facts-key.ts keeps them (entries about names still
 *   observed; V-K-SHARED's dead K targets whole);
 * - `key-derivation`: how a key came about beyond its class, kind, root, depth, generatedBy and
 *   boundTo (the hops of its lineage, the nonces inside its id): the coarse key drops it;
 * - `name-spelling`: the text of a key name or nonce beyond equality (its hash, its number).
 */
export type StateRead = 'observation' | 'facts' | 'key-derivation' | 'name-spelling';

export const STATE_READS: readonly StateRead[] = ['observation', 'facts', 'key-derivation', 'name-spelling'];

/** A property that declares what it reads (the field the built-in catalogue leaves to the table below). */
export type DeclaringProperty = Property & { readonly reads?: readonly StateRead[] };

const CATALOGUE_READS: readonly StateRead[] = ['observation', 'facts'];

/** The built-in catalogue, by property object: each reads the observation and the facts. */
const BUILT_IN = new Map<Property, readonly StateRead[]>(PROPERTIES.map((p) => [p, CATALOGUE_READS]));

/** What `p` declares it reads, or null when it declares nothing. */
export function declaredReads(p: Property): readonly StateRead[] | null {
  const own = (p as DeclaringProperty).reads;
  if (own !== undefined) return own;
  return BUILT_IN.get(p) ?? null;
}

/** Why the catalogue reads more than `kept`, or null when every property reads within it. */
export function readsBeyond(catalogue: readonly Property[], kept: readonly StateRead[]): string | null {
  for (const p of catalogue) {
    const reads = declaredReads(p);
    if (reads === null) return `property ${p.id} does not declare what it reads (a reads field: ${STATE_READS.join(', ')})`;
    const beyond = reads.filter((r) => !kept.includes(r));
    if (beyond.length > 0) return `property ${p.id} reads ${beyond.join(', ')}, which this key drops`;
  }
  return null;
}
