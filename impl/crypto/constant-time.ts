/**
 * Equality whose running time depends only on the lengths, not on where the inputs differ,
 * so a MAC check leaks nothing about how much of a forged tag was right. Different lengths
 * return false at once: lengths are public (tags have a fixed size).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: equivalent in every run: both sides are always 16-byte tags (the codec admits a MAC of that one length, a wrapped K of one length, impl/wire/codec.ts), so the lengths never differ
  if (a.length !== b.length) return false;
  let diff = 0;
  // Stryker disable next-line EqualityOperator: equivalent: one more step reads a[n] and b[n], both undefined, and undefined ^ undefined is 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
