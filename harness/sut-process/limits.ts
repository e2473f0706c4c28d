// Size caps on what an SUT writes, enforced before JSON.parse and the schema check: an SUT
// must not be able to exhaust the tester's memory or stack (a 10 MB hex string overflows the
// regular expression engine inside the schema check). docs/sut-protocol.md "Limits".
import { MAX_PDU_LENGTH } from '../../impl/wire/index.ts';

/** Longest stdout line, in bytes without the line break; enough for any report of the tester's worlds. */
export const MAX_LINE_BYTES = 1024 * 1024;
//= SPEC_MAPPING.md#A-TLV
//# PDUs are encoded as 802.21-style MIS PDUs (header with a 12-bit transaction ID, TLVs) with
//# proauth's own type numbers; decoding is strict and canonical.
// a PDU is at most MAX_PDU_LENGTH bytes on the wire, so its text encodings are bounded too.
export const MAX_HEX_CHARS = 2 * MAX_PDU_LENGTH;
export const MAX_BASE64_CHARS = 4 * Math.ceil(MAX_PDU_LENGTH / 3);
/** Any other string (ids, `implementation`, an `error` message). */
export const MAX_STRING_CHARS = 4096;
/** Longest field name; every field name of the protocol is short. */
export const MAX_KEY_CHARS = 64;
/** Deepest nesting of arrays and objects; the deepest valid message nests 5 levels. */
export const MAX_DEPTH = 16;

function capFor(key: string | number | undefined): number {
  if (key === 'hex') return MAX_HEX_CHARS;
  if (key === 'base64') return MAX_BASE64_CHARS;
  return MAX_STRING_CHARS;
}

function pathOf(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key}`;
}

/**
 * The first string field longer than its cap, or the first value nested too deep, as a
 * sentence naming the field and its size; undefined when every field fits. Iterative, so that
 * a deeply nested message cannot overflow the stack here either.
 */
export function oversizedField(root: string, value: unknown): string | undefined {
  const stack: { path: string; key: string | number | undefined; value: unknown; depth: number }[] = [{ path: root, key: undefined, value, depth: 0 }];
  while (stack.length > 0) {
    const at = stack.pop()!;
    if (typeof at.value === 'string') {
      const cap = capFor(at.key);
      if (at.value.length > cap) return `field ${at.path} is ${at.value.length} characters long; at most ${cap} are allowed`;
      continue;
    }
    if (typeof at.value !== 'object' || at.value === null) continue;
    if (at.depth >= MAX_DEPTH) return `field ${at.path} is nested more than ${MAX_DEPTH} levels deep`;
    const entries: [string | number, unknown][] = Array.isArray(at.value) ? at.value.map((v, i) => [i, v]) : Object.entries(at.value);
    // Pushed in reverse so that the first offending field in document order is reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (typeof key === 'string' && key.length > MAX_KEY_CHARS) return `a field name in ${at.path} is ${key.length} characters long; at most ${MAX_KEY_CHARS} are allowed`;
      stack.push({ path: pathOf(at.path, key), key, value: child, depth: at.depth + 1 });
    }
  }
  return undefined;
}
