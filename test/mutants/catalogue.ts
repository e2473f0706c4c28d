// The non-conformant implementations the conformance harness must catch (issue 5). Each mutant
// is one small, realistic source change to the reference implementation: the kind of mistake an
// implementer of Clause 5.14 could make. `requirement` is what the standard conformance run must
// name when it kills the mutant (one ID, or the set of acceptable IDs when the same fault
// violates several sentences at once, e.g. N4b and N4c for a chain that is not limited).
//
// Every `find` must occur exactly once in its file (test/mutants/catalogue.test.ts), so a
// mutant cannot silently rot into a no-op when impl/ changes.

export interface Mutant {
  readonly name: string;
  readonly requirement: string | readonly string[];
  /** Path relative to impl/. */
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  /** What an implementer got wrong, in one sentence. */
  readonly description: string;
  /** Further edits of the same mistake in other places (a mistake made the same way on both ends). */
  readonly more?: readonly MutantEdit[];
}

export interface MutantEdit {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

/** Every edit of a mutant, the first one first. */
export function editsOf(m: Mutant): readonly MutantEdit[] {
  return [{ file: m.file, find: m.find, replace: m.replace }, ...(m.more ?? [])];
}

export function expectedRequirements(m: Mutant): readonly string[] {
  return typeof m.requirement === 'string' ? [m.requirement] : m.requirement;
}

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'no-chain-limit',
    requirement: ['5.14.2-N4b', '5.14.2-N4c'],
    file: 'config.ts',
    find: "  enforcers: { spos: true, tpos: true, mn: false },",
    replace: "  enforcers: { spos: false, tpos: false, mn: false },",
    description: 'Ships with chain-limit enforcement switched off at every entity.',
  },
  {
    name: 'chain-limit-off-by-one',
    requirement: ['5.14.2-N4c', '5.14.2-N4b'],
    file: 'entities/policy.ts',
    find: '  return depth < chainLimit;',
    replace: '  return depth <= chainLimit;',
    description: 'The SPoS allows an optimized hop from an SA already at depth L.',
  },
  {
    name: 'counter-not-reset-by-full',
    requirement: ['5.14.2-N4b', '5.14.2-N4c'],
    file: 'entities/mn.ts',
    find: "this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: 0, state: 'prepared', misk });",
    replace: "this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: this.#serving?.depth ?? 0, state: 'prepared', misk });",
    description: 'The MN keeps counting optimized hops across a full (fallback) establishment.',
  },
  {
    name: 'depth-not-incremented',
    requirement: ['5.14.2-N4b', '5.14.2-N4c'],
    file: 'entities/pos.ts',
    find: '        depth: sa.depth + 1, // 5.14.2-N4c: depth of the SA the TPoS would make',
    replace: '        depth: sa.depth, // 5.14.2-N4c: depth of the SA the TPoS would make',
    description: 'The SPoS signals its own depth instead of depth + 1, so the chain never grows.',
  },
  {
    name: 'optimized-over-tls',
    requirement: '5.14.2-N3',
    file: 'entities/policy.ts',
    find: "  if (tlsExcluded(input.sa, input.policy.tlsExclusion)) return 'TLS_ROOT'; // 5.14.2-N3\n  if (!eapRooted(input.sa.root)) return 'NOT_EAP_ROOT'; // 5.14.2-N2a\n",
    replace: '',
    description: 'The SPoS never checks the root of the SA it hops from, so TLS-rooted SAs go optimized.',
  },
  {
    name: 'ignores-mn-fallback-request',
    requirement: '5.14.2-N1c',
    file: 'entities/policy.ts',
    find: "  if (mnRequestedFallback(input.fallback)) return 'MN_REQUESTED'; // 5.14.2-N1c\n",
    replace: '',
    description: "The SPoS ignores the fallback flag of the MN's preregistration request.",
  },
  {
    name: 'ignores-tpos-fallback-policy',
    requirement: '5.14.2-N1c',
    file: 'entities/policy.ts',
    find: "  if (tposRequestsFallback(input.requestsFallback)) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' }; // 5.14.2-N1c\n",
    replace: '',
    description: 'The TPoS grants optimized establishments although its policy asks for full ones.',
  },
  {
    name: 'optimized-without-trust',
    requirement: '5.14.2-N1a',
    file: 'entities/policy.ts',
    find: "  if (!trustAllows(input.partners, input.target)) return 'NO_TRUST'; // 5.14.2-N1a\n",
    replace: '',
    description: 'The SPoS hands K to a TPoS it has no roaming agreement with.',
  },
  {
    name: 'accepts-unauthorized-spos',
    requirement: ['5.14.1-S6', '5.14.2-N1a'],
    file: 'entities/policy.ts',
    find: "  if (!sourceAuthorized(input.partners, input.spos)) return { kind: 'refuse', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' }; // 5.14.1-S6\n",
    replace: '',
    description: 'The TPoS accepts preregistration from any PoS it shares a channel with.',
  },
  {
    name: 'nonce-t-echoes-nonce-n',
    requirement: ['5.14.2-S7', 'A-NONCE'],
    file: 'entities/pos.ts',
    find: '    const nonceT = freshNonce(this.#random); // 5.14.2-S7: Nonce-T',
    replace: '    const nonceT = pdu.nonceN.slice(); // 5.14.2-S7: Nonce-T',
    description: 'The TPoS reuses Nonce-N as its Nonce-T instead of drawing a fresh one.',
  },
  {
    name: 'accepts-replayed-request',
    requirement: ['A-REPLAY', '5.14.2-S7'],
    file: 'entities/pos.ts',
    find: '    const replayed = this.#seenN2nRequests.has(pdu.src, pdu.nonceN);',
    replace: '    const replayed = false;',
    description: 'The TPoS never consults its replay cache.',
  },
  {
    name: 'replay-cache-never-filled',
    requirement: ['A-REPLAY', '5.14.2-S7'],
    file: 'entities/pos.ts',
    find: "    if (!(decision.kind === 'refuse' && decision.reason === 'UNAUTHORIZED_SOURCE')) this.#seenN2nRequests.add(pdu.src, pdu.nonceN);",
    replace: '',
    description: 'The TPoS checks its replay cache but never records the requests it accepted.',
  },
  {
    name: 'k-not-bound-to-tpos',
    requirement: ['A-K-BIND', '5.14.2-S6'],
    file: 'crypto/keys.ts',
    find: "concatBytes(lengthPrefixed(mn), lengthPrefixed(spos), lengthPrefixed(tpos), nonceN)",
    replace: 'concatBytes(lengthPrefixed(mn), lengthPrefixed(spos), nonceN)',
    description: 'K is derived without the TPoS identity, so the same K would serve any TPoS.',
  },
  {
    name: 'k-sent-unprotected',
    requirement: ['5.14.2-S6', 'A-K-BIND'],
    file: 'crypto/wrap.ts',
    find: '      out[i] = data[i]! ^ ks[j]!;',
    replace: '      out[i] = data[i]!;',
    description: 'The key wrap authenticates K but never encrypts it: K crosses the wire in clear.',
  },
  {
    name: 'wrong-id-type-optimized',
    requirement: '5.14-T1',
    file: 'entities/pos.ts',
    find: "idType: ID_TYPE_SPOS_GENERATED, root: pdu.root, depth: pdu.depth, state: 'prepared', misk",
    replace: "idType: 1, root: pdu.root, depth: pdu.depth, state: 'prepared', misk",
    description: 'The TPoS labels an SPoS-generated SA as EAP-generated.',
  },
  {
    name: 'wrong-id-type-tls',
    requirement: '5.14-T1',
    file: 'entities/sa.ts',
    find: '      return 0; // 5.14-T1: 0 TLS-generated',
    replace: '      return 1; // 5.14-T1: 0 TLS-generated',
    description: 'TLS-generated SAs are labelled EAP-generated (ID_TYPE 1) on both sides.',
  },
  {
    name: 'old-sa-torn-down-early',
    requirement: '5.14.1-S17',
    file: 'entities/pos.ts',
    find: '    this.#dropPending(pdu.mn);\n    return this.#replyToMn(sa,',
    replace: '    this.#dropPending(pdu.mn);\n    this.#sas.delete(pdu.mn);\n    return this.#replyToMn(sa,',
    description: "The SPoS deletes its SA with the MN as soon as the TPoS answers, before the MN has moved.",
  },
  {
    name: 'tpos-never-becomes-spos',
    requirement: '5.14.1-S19',
    file: 'entities/pos.ts',
    find: "    sa.state = 'serving'; // 5.14.1-S19\n",
    replace: '',
    description: "The TPoS never promotes the MN's SA to serving when the handover completes.",
  },
  {
    name: 'old-spos-keeps-sa',
    requirement: '5.14.1-S19',
    file: 'entities/pos.ts',
    find: '    this.#sas.delete(pdu.mn);\n    this.#dropPending(pdu.mn);\n    return [];',
    replace: '    this.#dropPending(pdu.mn);\n    return [];',
    description: 'The old SPoS ignores the completion indication and keeps its SA with the MN.',
  },
  {
    name: 'kdf-nonce-order-mn',
    requirement: ['5.14.2-S9', 'A-MISK'],
    file: 'entities/mn.ts',
    find: 'deriveOptimizedMisk(k, p.nonceN, nonceT, suite, this.id, tpos)',
    replace: 'deriveOptimizedMisk(k, nonceT, p.nonceN, suite, this.id, tpos)',
    description: 'The MN feeds Nonce-T before Nonce-N into the MISK derivation (the TPoS does not).',
  },
  {
    name: 'codec-accepts-trailing-bytes',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: "  if (end < total) throw new DecodeError('TRAILING_BYTES',",
    replace: "  if (end < total && false) throw new DecodeError('TRAILING_BYTES',",
    description: 'The decoder ignores bytes after the payload the header announces.',
  },
  {
    name: 'selection-ignores-trust',
    requirement: '5.14.3-S5',
    file: 'entities/selection.ts',
    find: '    if (!partners.includes(n.id)) continue; // 5.14.3-S5\n',
    replace: '',
    description: 'The SPoS selects the first neighbour offering a RAT of the MN, partner or not.',
  },
  {
    name: 'mn-retires-sa-on-no-target',
    requirement: '5.14.1-S17',
    file: 'entities/mn.ts',
    find: "        this.#pending = null;\n        this.#recordOutcome(pdu.tpos, 'none', pdu.reason);",
    replace: "        this.#pending = null;\n        this.#serving = null;\n        this.#recordOutcome(pdu.tpos, 'none', pdu.reason);",
    description: 'The MN forgets its serving SA when the SPoS finds no target.',
  },
  {
    name: 'spos-relays-tpos-reason',
    requirement: ['5.14.1-S6', 'A-STATUS'],
    file: 'entities/policy.ts',
    find: "  return status === 'REJECTED' ? { status: 'FULL_AUTH_REQUIRED', reason: 'TARGET_REFUSED' } : { status, reason };",
    replace: "  return { status: 'FULL_AUTH_REQUIRED', reason };",
    description: "The SPoS passes the TPoS's refusal reason on to the MN instead of TARGET_REFUSED.",
  },
  {
    name: 'abort-drops-serving-sa',
    requirement: '5.14.1-S17',
    file: 'entities/mn.ts',
    find: "    this.#pending = null;\n    if (pending.kind === 'attach') {",
    replace: "    this.#pending = null;\n    this.#serving = null;\n    if (pending.kind === 'attach') {",
    description: 'The MN that gives up a handover also throws away the SA with its serving PoS.',
  },
  {
    name: 'mn-ignores-fallback',
    requirement: '5.14.2-N1b',
    file: 'entities/mn.ts',
    find: '        this.#pending = full;\n        return [this.#authRequest(tpos, full.tid, full.nonceN, method)];',
    replace: '        this.#pending = null;\n        void full;\n        return [];',
    description: 'The MN treats FULL_AUTH_REQUIRED as a failure instead of falling back to a full establishment.',
  },
];
