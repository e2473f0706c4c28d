// Hex literals of the tests' vectors as bytes. Only tests parse hex, so it lives here, not in
// impl/ (where a helper no conformance run reaches would be a mutant nothing can kill).

/** Parses hex (either case, even length, no prefix). Throws RangeError on anything else. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 !== 0) throw new RangeError(`fromHex: odd length ${s.length}`);
  if (!/^[0-9a-fA-F]*$/.test(s)) throw new RangeError('fromHex: non-hex character');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
