// Checks an honest network and honest peers never exercise: every MAC verifies, every echo
// matches, the SPoS never asks beyond the chain limit and states the true root. Only the active
// lower tester's tampered PDUs and lies (harness/tester/lower-tester.ts) reach these lines.
import type { MutantSpec } from '../catalogue.ts';

export const LOWER_TESTER_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'spos-skips-prereg-mac',
    requirement: ['5.14.1-S20', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'serving') return this.#discard('wrong-state');",
    replace: "    if (sa.state !== 'serving') return this.#discard('wrong-state');",
    description: "The SPoS never verifies the MAC of the MN's MIS_Prereg_Xfer.request.",
  },
  {
    name: 'mn-skips-auth-echo',
    requirement: ['A-NONCE', '5.14.2-S7', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');\n\n    if (pdu.status !== 'SUCCESS') {",
    replace: "\n    if (pdu.status !== 'SUCCESS') {",
    description: 'The MN does not check that MIS_Auth.response echoes its Nonce-N.',
  },
  {
    name: 'mn-skips-prereg-echo',
    requirement: ['A-NONCE', '5.14.2-S7', 'A-DISCARD'],
    file: 'entities/mn.ts',
    find: "    if (!bytesEqual(pdu.nonceN, p.nonceN)) return this.#discard('nonce-mismatch');\n\n    switch (pdu.status) {",
    replace: '\n    switch (pdu.status) {',
    description: 'The MN does not check that MIS_Prereg_Xfer.response echoes its Nonce-N.',
  },
  {
    name: 'spos-skips-n2n-tid',
    requirement: ['A-TLV', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: '    if (p === undefined || p.tpos !== pdu.src || p.n2nTid !== pdu.tid) return',
    replace: '    if (p === undefined || p.tpos !== pdu.src) return',
    description: 'The SPoS matches the N2N response to its request by MN and TPoS only, not by transaction id.',
    only: { check: 'default-check', why: "only the tid tamper's tid form (half of its choices, the other names another sender) reaches the check, and the standard run's budget draws it on no N2N answer" },
  },
  {
    name: 'tpos-no-depth-check',
    requirement: ['5.14.2-N4c', '5.14.2-N4b'],
    file: 'entities/policy.ts',
    find: "  if (input.policy.enforcers.tpos && !requestDepthAllowed(input.requestDepth, input.policy.chainLimit)) {\n    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4c\n    //# That is, after certain number of executions of the optimized SA establishment, it shall\n    //# force an SA establishment through the methods specified in 21m.\n    return { kind: 'refuse', status: 'FULL_AUTH_REQUIRED', reason: 'CHAIN_LIMIT' };\n  }\n",
    replace: '',
    description: 'The TPoS trusts the SPoS to stop the chain and never checks the depth it is asked for.',
  },
  {
    name: 'tpos-depth-underflow',
    requirement: ['5.14.2-N4c', 'A-DEPTH-WIRE'],
    file: 'entities/policy.ts',
    find: '  return requestDepth <= chainLimit;',
    replace: '  return ((requestDepth - 1) & 0xff) < chainLimit;',
    description: "The TPoS checks the parent's depth in an unsigned byte: a stated depth 0 wraps to 255 and is refused as over the limit.",
    only: { check: 'default-check', why: "only a depth-low lie on an N2N request reaches it, which the standard run's lie draws tell only through the any-lie share, and its budget delivers none" },
  },
  {
    name: 'tpos-assumes-eap-root',
    requirement: ['5.14.2-N2a', '5.14.2-N4b'],
    file: 'entities/pos.ts',
    find: 'root: pdu.root, depth: pdu.depth,',
    replace: "root: 'EAP', depth: pdu.depth,",
    description: 'The TPoS installs an EAP root for every optimized SA instead of the root the SPoS stated.',
    // A standard-run survivor (a finding): test/harness/lower-tester.test.ts shows the root lie
    // catches it in the fixed world, but the standard run's 150 runs never deliver one.
    only: { check: 'default-check', why: "in the fixed world only a root lie on an N2N request reaches it, and the standard run's budget draws none; generated worlds reach it through an ERP-rooted lineage" },
  },
  {
    name: 'mn-rejected-falls-back',
    // a divergence at a REJECTED answer names the status's requirement (harness/requirement-map.ts)
    requirement: ['5.14.1-S6', 'A-STATUS', '5.14.2-N1b'],
    file: 'entities/mn.ts',
    find: "      case 'SUCCESS':\n      case 'FULL_AUTH_REQUIRED': {",
    replace: "      case 'SUCCESS':\n      case 'REJECTED':\n      case 'FULL_AUTH_REQUIRED': {",
    more: [{ file: 'entities/mn.ts', find: "      case 'NO_TARGET':\n      case 'REJECTED':\n", replace: "      case 'NO_TARGET':\n" }],
    description: 'The MN falls back to a full establishment on any refusal of its preparation, a REJECTED (which no SPoS decides) as well as FULL_AUTH_REQUIRED.',
  },
  {
    name: 'pos-answers-unknown-mn',
    requirement: ['A-DISCARD', '5.14.1-S24'],
    file: 'entities/pos.ts',
    find: "    if (home === undefined) return this.#discard('unknown-mn');\n",
    replace: '',
    more: [{ file: 'entities/pos.ts', find: '    const answer = home.fullEstablishment(', replace: "    const answer = home === undefined ? { ok: false as const, refusal: 'UNKNOWN_MN' as const } : home.fullEstablishment(" }],
    description: 'A PoS answers REJECTED to an MIS_Auth.request for an MN no HPoS knows instead of discarding it.',
  },
  {
    name: 'tpos-ho-complete-unverified',
    requirement: ['5.14.1-S20', 'A-DISCARD'],
    file: 'entities/pos.ts',
    find: "    if (!verifySealed(pdu, sa.key)) return this.#discard('bad-mac');\n    if (sa.state !== 'prepared') return this.#discard('wrong-state');",
    replace: "    if (sa.state !== 'prepared') return this.#discard('wrong-state');",
    description: 'The TPoS accepts an MIS_HO_Complete.request without verifying its MAC.',
  },
  {
    name: 'tpos-default-suite',
    requirement: ['5.14.2-S8', 'A-SUITES'],
    file: 'entities/policy.ts',
    find: '  for (const s of offered) if (supported.includes(s)) return s;\n  return null;',
    replace: '  for (const s of offered) if (supported.includes(s)) return s;\n  return offered.length === 0 ? (supported[0] ?? null) : null;',
    description: 'The TPoS falls back to its own first suite when the request offers none.',
  },
  {
    name: 'codec-accepts-duplicate-tlv',
    requirement: 'A-TLV',
    file: 'wire/codec.ts',
    find: "    if ((seen & bit) !== 0) throw new DecodeError('DUPLICATE_TLV', field, pos, `${field} appears twice`);\n",
    replace: '',
    description: 'The decoder lets a TLV appear twice (the later one wins) instead of rejecting the PDU; only the lower tester sends such a PDU.',
  },
];
