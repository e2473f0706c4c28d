// Why the receiver of a delivered PDU discards it, where the model can tell (docs/protocol.md
// §5.2, §7). The model keeps no transaction ids and no keys of its own, so it does not replay
// the checks of §5.2 one by one; it knows the cause in two cases. A PDU the lower tester spoilt
// fails one check alone by construction (harness/tester), so where the PDU as it was sent would
// have passed every check, that check is the first to fail. And a copy of an MIS_Auth.request
// meets the MN-request cache first (§5.3). Every other discard has a cause the observer leaves
// open (null): a stale answer may fail the transaction check, the echo or the MAC first, as
// transaction ids happen to fall.
import type { DiscardCause, Tamper } from '../types.ts';

/**
 * The check each way of the lower tester is made to fail (model/world/events.ts, TAMPERS). A
 * `field` tamper flips a bit of any covered field, so it may meet an addressing or transaction
 * check before the MAC: not told.
 */
const TAMPER_CAUSE: Readonly<Record<Tamper, DiscardCause | null>> = {
  mac: 'bad-mac',
  field: null,
  key: 'bad-mac',
  echo: 'nonce-mismatch',
  tid: 'unknown-transaction',
  'dup-tlv': 'malformed',
  'tlv-order': 'malformed',
  decoding: 'malformed',
  misaddressed: 'misaddressed',
  'bad-field': 'bad-field',
  wrap: 'bad-wrapped-key',
  'no-sa': 'no-sa',
};

/**
 * The ways whose check comes before any that reads the receiver's state (§5.2: strict decoding,
 * then `dst`, then the sender and MN of the PDU): their cause holds whatever the receiver holds.
 */
const BEFORE_ANY_STATE: ReadonlySet<Tamper> = new Set(['dup-tlv', 'tlv-order', 'decoding', 'misaddressed']);

/**
 * A-DISCARD, A-TLV: why a spoilt PDU is discarded. `tampered` is the lower tester's way (absent:
 * the network corrupted it, and strict decoding fails first, A-TLV); `wouldFit` says whether the
 * PDU as it was sent would have passed every check of its receiver now.
 */
export function spoiltCause(tampered: Tamper | undefined, wouldFit: () => boolean): DiscardCause | null {
  if (tampered === undefined) return 'malformed';
  const cause = TAMPER_CAUSE[tampered];
  if (cause === null || BEFORE_ANY_STATE.has(tampered)) return cause;
  return wouldFit() ? cause : null;
}
