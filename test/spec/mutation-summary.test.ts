// tools/mutation-summary.ts: the StrykerJS score by part of impl/, as the closing notes quote it;
// tools/mutation-ranges.ts: the lines a second stage runs again.
import { describe, expect, it } from 'vitest';
import type { Mutant, Status } from '../../tools/mutation-report.ts';
import { undetectedRanges } from '../../tools/mutation-ranges.ts';
import { summarize } from '../../tools/mutation-summary.ts';

/** `n` mutants of `status`, on lines from `line` on, one each. */
const m = (status: Status, n: number, line = 1): Mutant[] =>
  Array.from({ length: n }, (_, i) => ({ status, mutatorName: 'X', location: { start: { line: line + i, column: 1 }, end: { line: line + i, column: 9 } } }));

describe('mutation summary', () => {
  it('scores each part and the whole, timeouts as killed, errors and ignored left out but counted', () => {
    const text = summarize({
      files: {
        'impl/entities/mn.ts': { mutants: [...m('Killed', 6), ...m('Timeout', 2), ...m('Survived', 2)] },
        'impl/wire/codec.ts': { mutants: [...m('Killed', 1), ...m('NoCoverage', 3), ...m('CompileError', 5), ...m('Ignored', 7)] },
        'impl/system.ts': { mutants: m('Survived', 4) },
        'impl/bytes.ts': { mutants: m('Killed', 2) },
      },
    });
    expect(text).toContain('| procedures (impl/entities) | 8 | 2 | 0 | 0 | 80.0 % | 80.0 % |');
    expect(text).toContain('| wire codec (impl/wire) | 1 | 0 | 3 | 7 | 25.0 % | 100.0 % |');
    expect(text).toContain('| scaffolding (impl/system.ts, config.ts) | 0 | 4 | 0 | 0 | 0.0 % | 0.0 % |');
    expect(text).toContain('| bytes (impl/bytes.ts) | 2 | 0 | 0 | 0 | 100.0 % | 100.0 % |');
    expect(text).toContain('| **all of impl/** | 11 | 6 | 3 | 7 | 55.0 % | 64.7 % |');
    expect(text).not.toContain('crypto');
  });

  it('a second stage replaces the undetected mutants of the first, and says which it did not find', () => {
    const first = { files: { 'impl/entities/pos.ts': { mutants: [...m('Killed', 2, 1), ...m('Survived', 3, 10), ...m('NoCoverage', 1, 20)] } } };
    const second = { files: { 'impl/entities/pos.ts': { mutants: [...m('Killed', 2, 10), ...m('Survived', 1, 12), ...m('Killed', 1, 30)] } } };
    const text = summarize(first, second);
    expect(text).toContain('| procedures (impl/entities) | 4 | 1 | 1 | 0 | 66.7 % | 80.0 % |');
    expect(text).toContain('second stage: 3 undetected mutants of the first run again; 1 not found in it');
    expect(summarize(first)).toContain('| procedures (impl/entities) | 2 | 3 | 1 | 0 | 33.3 % | 40.0 % |');
  });

  it('the ranges of a second stage are the runs of lines with an undetected mutant', () => {
    const report = { files: { 'impl/b.ts': { mutants: [...m('Survived', 3, 4), ...m('Killed', 1, 7), ...m('NoCoverage', 1, 9)] }, 'impl/a.ts': { mutants: m('Killed', 2) } } };
    expect(undetectedRanges(report)).toEqual(['impl/b.ts:4-6', 'impl/b.ts:9-9']);
  });
});
