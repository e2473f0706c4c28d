// A transaction the MN gave up stays open somewhere: the MN still takes an answer to the
// preparation it aborted, or the SPoS keeps the abandoned exchange open past the MN's next
// request and relays a late answer to it. An honest network never brings such an answer back:
// only a lost answer, the MN's abort and a request the lower tester delivers again do
// (harness/commands.ts AbandonPreparationCommand).
import type { MutantSpec } from '../catalogue.ts';

const only = { check: 'default-check', why: "only a lost answer, the MN's abort and a redelivered N2N request in a row show it, which the check's runs draw and the standard run's weights do not" } as const;

export const LATE_ANSWER_MUTANTS: readonly MutantSpec[] = [
  {
    name: 'mn-takes-answer-after-abort',
    requirement: ['A-TLV', 'A-DISCARD', 'A-SEQUENTIAL'],
    file: 'entities/mn.ts',
    find: '  #pending: Pending | null = null;',
    replace: '  #pending: Pending | null = null;\n  #aborted: Pending | null = null;',
    more: [
      { file: 'entities/mn.ts', find: '    this.#pending = null;\n    // docs/protocol.md §7: the outcome was the SPoS\'s answer; a lost answer records none.', replace: '    this.#aborted = pending;\n    this.#pending = null;' },
      { file: 'entities/mn.ts', find: '  #onPreregResponse(pdu: PreregXferResponse): Output[] {\n    const p = this.#pending;', replace: '  #onPreregResponse(pdu: PreregXferResponse): Output[] {\n    const p = this.#pending ?? this.#aborted;' },
    ],
    description: 'The MN remembers the preparation it aborted and still takes an answer to it.',
    only,
  },
  {
    name: 'spos-keeps-abandoned-handover',
    requirement: ['A-TLV', 'A-DISCARD', 'A-SEQUENTIAL'],
    file: 'entities/pos.ts',
    find: '    this.#dropPending(pdu.mn); // a new request supersedes an abandoned one\n',
    replace: '',
    description: "The SPoS keeps the MN's abandoned exchange open when it refuses the MN's next request at once, and relays a late answer to it.",
    only,
  },
];
