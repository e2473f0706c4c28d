// Mutations of impl's wire code and key schedule that a tester sharing that code could never
// see (the mistake would be made on both sides and cancel out). harness/tester/ catches each
// with code of its own; the mutants themselves are the catalogue's wire class.
import type { WireFindingKind } from '../../harness/tester/wire-tester.ts';
import { MUTANTS, type Mutant } from '../mutants/catalogue.ts';

/** The catalogue's wire class (test/mutants/catalogue/wire.ts). */
export const WIRE_MUTANTS: readonly Mutant[] = MUTANTS.filter((m) => m.class === 'wire');

/** The finding the WireTester must report for each mutant (its requirement is the mutant's). */
export const WIRE_FINDING: Readonly<Record<string, WireFindingKind>> = {
  'tlv-numbers-swapped': 'undecodable',
  'mac-without-header': 'bad-mac',
  'misk-as-mac-key': 'bad-mac',
  'wrap-aad-without-tpos': 'bad-wrap',
  'k-without-nonce-n': 'k-unbound',
  'misk-without-suite': 'misk-mismatch',
  'kdf-counter-from-zero': 'misk-mismatch',
  'tpos-fresh-n2n-tid': 'tid-echo',
  'prereg-tid-mixup-cancels-out': 'tid-echo',
};
