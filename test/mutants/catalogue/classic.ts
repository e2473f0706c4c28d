// The first catalogue: single-sentence mistakes the standard run (fixed DEFAULT_WORLD, the
// model as oracle) already sees, each in the decision, key or state handling it names.
import type { MutantSpec } from '../catalogue.ts';

export const CLASSIC_MUTANTS: readonly MutantSpec[] = [
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
    // An ERP MN's fallback shows the same mistake as an ERP run that does not start a chain
    // (A-ERP-FULL, k-from-eap-or-erp): the default check's generated worlds have ERP MNs.
    requirement: ['5.14.2-N4b', '5.14.2-N4c', '5.14.2-N2b'],
    file: 'entities/mn.ts',
    find: "this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: 0, state: 'prepared', suite: null, misk });",
    replace: "this.#prepared = new SecurityAssociation({ peer: pos, idType, root: p.method, depth: this.#serving?.depth ?? 0, state: 'prepared', suite: null, misk });",
    description: 'The MN keeps counting optimized hops across a full (fallback) establishment.',
  },
  {
    name: 'depth-not-incremented',
    requirement: ['5.14.2-N4b', '5.14.2-N4c'],
    file: 'entities/pos.ts',
    find: '        //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n        //# That is, after certain number of executions of the optimized SA establishment, it shall\n        //# force an SA establishment through the methods specified in 21m.\n        // depth of the SA the TPoS would make\n        depth: sa.depth + 1,',
    replace: '        //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n        //# That is, after certain number of executions of the optimized SA establishment, it shall\n        //# force an SA establishment through the methods specified in 21m.\n        // depth of the SA the TPoS would make\n        depth: sa.depth,',
    description: 'The SPoS signals its own depth instead of depth + 1, so the chain never grows.',
  },
  {
    name: 'optimized-over-tls',
    // both root checks go: a TLS root (5.14.2-N3) and a GKB lineage (5.14.2-N2a) go optimized.
    requirement: ['5.14.2-N3', '5.14.2-N2a'],
    file: 'entities/policy.ts',
    find: "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N3\n  //# If protocol of establishing SAs between an MN and a TPoS is\n  if (tlsExcluded(input.sa, input.policy.tlsExclusion)) return 'TLS_ROOT';\n  //= spec/clause-5.14-proposed-text.txt#5.14.2-N2a\n  //# If protocol of establishing SAs between an MN and a TPoS is EAP, the optimized MIH SA\n  //# etsblishment applies.\n  // NOT_EAP_ROOT is the GKB root (docs/protocol.md §4, reason 4); a TLS root is the TLS\n  // exclusion's to judge, by the root above or, under V-TLS-PROTOCOL, by the MN's method alone.\n  if (input.sa.root === 'GKB') return 'NOT_EAP_ROOT';\n",
    replace: '',
    description: 'The SPoS never checks the root of the SA it hops from, so TLS-rooted SAs and GKB lineages go optimized.',
  },
  {
    name: 'ignores-mn-fallback-request',
    requirement: '5.14.2-N1c',
    file: 'entities/policy.ts',
    find: "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c\n  //# or if any of the MN or TPoS requests so.\n  // the MN asked for a full establishment\n  if (input.fallback) return 'MN_REQUESTED';\n",
    replace: '',
    description: "The SPoS ignores the fallback flag of the MN's preregistration request.",
  },
  {
    name: 'ignores-tpos-fallback-policy',
    requirement: '5.14.2-N1c',
    file: 'entities/policy.ts',
    find: "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c\n  //# or if any of the MN or TPoS requests so.\n  // the TPoS's own policy asks for a full establishment\n  if (input.requestsFallback) return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'TPOS_REQUESTED' };\n",
    replace: '',
    description: 'The TPoS grants optimized establishments although its policy asks for full ones.',
  },
  {
    name: 'optimized-without-trust',
    requirement: '5.14.2-N1a',
    file: 'entities/policy.ts',
    find: "  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a\n  //# The optimized MIH SA establishment is allowed only when a trust relationship has established\n  //# between the network domains of SPoS and TPoS.\n  if (!trustAllows(input.partners, input.target)) return 'NO_TRUST';\n",
    replace: '',
    description: 'The SPoS hands K to a TPoS it has no roaming agreement with.',
  },
  {
    name: 'accepts-unauthorized-spos',
    requirement: ['5.14.1-S6', '5.14.2-N1a'],
    file: 'entities/policy.ts',
    find: "  //= spec/clause-5.14-proposed-text.txt#5.14.1-S6\n  //# Furthermore, the TPoS may reject these messages from an unauthorized source network PoS.\n  if (!sourceAuthorized(input.partners, input.spos)) return { kind: 'refuse', status: 'REJECTED', reason: 'UNAUTHORIZED_SOURCE' };\n",
    replace: '',
    description: 'The TPoS accepts preregistration from any PoS it shares a channel with.',
  },
  {
    name: 'nonce-t-echoes-nonce-n',
    requirement: ['5.14.2-S7', 'A-NONCE'],
    file: 'entities/pos.ts',
    find: '    //= spec/clause-5.14-proposed-text.txt#5.14.2-S7\n    //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and\n    //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.\n    // Nonce-T\n    const nonceT = freshNonce(this.#random);',
    replace: '    //= spec/clause-5.14-proposed-text.txt#5.14.2-S7\n    //# In order to establish an SA between the MN and the TPoS, they need to exchange Nonce-N and\n    //# Nonce-T through messages MIS_Prereg_Xfer Request and MIS_Prereg_Xfer Response.\n    // Nonce-T\n    const nonceT = pdu.nonceN.slice();',
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
    //= SPEC_MAPPING.md#A-MISK
    //= type=test
    //# MISK = KDF(K, "proauth 5.14.2 MISK", nonceN ‖ nonceT ‖ c ‖ mn ‖ tpos, 32); full
    //# establishment: MISK = KDF(root key, "proauth full MISK", nonceN ‖ nonceP ‖ mn ‖ pos, 32).
    // An SUT MN beside pristine PoSs unwraps a properly wrapped K without decrypting it, so the
    // MISK it derives is not the one K gives (A-MISK); an SUT PoS puts K on the wire in clear.
    requirement: ['5.14.2-S6', 'A-K-BIND', 'A-MISK'],
    file: 'crypto/wrap.ts',
    find: '      out[i] = data[i]! ^ ks[j]!;',
    replace: '      out[i] = data[i]!;',
    description: 'The key wrap authenticates K but never encrypts it: K crosses the wire in clear.',
  },
  {
    name: 'wrong-id-type-optimized',
    requirement: '5.14-T1',
    file: 'entities/pos.ts',
    find: "idType: ID_TYPE_SPOS_GENERATED, root: pdu.root, depth: pdu.depth, state: 'prepared', suite: decision.suite, misk",
    replace: "idType: 1, root: pdu.root, depth: pdu.depth, state: 'prepared', suite: decision.suite, misk",
    description: 'The TPoS labels an SPoS-generated SA as EAP-generated.',
  },
  {
    name: 'wrong-id-type-tls',
    requirement: '5.14-T1',
    file: 'entities/sa.ts',
    find: '      //= spec/clause-5.14-proposed-text.txt#5.14-T1\n      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;\n      //# 2: GKB-generated; 3: SPoS-generated\n      // 0 TLS-generated\n      return 0;',
    replace: '      //= spec/clause-5.14-proposed-text.txt#5.14-T1\n      //# ID_TYPE (EUMERATED): The type of security association. 0: TLS-generated; 1: EAP-generated;\n      //# 2: GKB-generated; 3: SPoS-generated\n      // 0 TLS-generated\n      return 1;',
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
    find: "    //= spec/clause-5.14-proposed-text.txt#5.14.1-S19\n    //# When handover is completed, the TPoS naturally begins to play the role of the MN's serving\n    //# PoS, and subsequently when a handover is required the TPoS plays the role of the SPoS.\n    sa.state = 'serving';\n",
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
    //= spec/clause-5.14-proposed-text.txt#5.14.3-S5
    //= type=test
    //# it may be also important that the SPoS should have a security relationship with a candidate
    //# TPoS in order to avoid interference from malicious nodes
    requirement: '5.14.3-S5',
    file: 'entities/selection.ts',
    find: '    //= spec/clause-5.14-proposed-text.txt#5.14.3-S5\n    //# it may be also important that the SPoS should have a security relationship with a candidate\n    //# TPoS in order to avoid interference from malicious nodes\n    if (!partners.includes(n.id)) continue;\n',
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
    find: "    this.#pending = null;\n    // docs/protocol.md §7: the outcome was the SPoS's answer; a lost answer records none.",
    replace: "    this.#pending = null;\n    this.#serving = null;\n    // docs/protocol.md §7: the outcome was the SPoS's answer; a lost answer records none.",
    description: 'The MN that gives up a handover also throws away the SA with its serving PoS.',
  },
  {
    name: 'mn-ignores-fallback',
    requirement: '5.14.2-N1b',
    file: 'entities/mn.ts',
    find: "        this.#pending = full;\n        //= spec/clause-5.14-proposed-text.txt#5.14.2-N1b\n        //# It shall fall back to an SA establishment mechanism as specified in IEEE Std 802.21-XXXX\n        //# whenever it is possible,\n        // the SPoS's reason is the outcome's\n        this.#recordOutcome(tpos, 'full', pdu.reason);\n        return [this.#authRequest(tpos, full.tid, full.nonceN, method)];",
    replace: '        this.#pending = null;\n        void full;\n        return [];',
    description: 'The MN treats FULL_AUTH_REQUIRED as a failure instead of falling back to a full establishment.',
  },
];
