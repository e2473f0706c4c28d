// tools/mutation-summary.ts: the StrykerJS score by part of impl/, as the closing notes quote it.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../tools/mutation-summary.ts';

const m = (status: string, n: number): { status: never; mutatorName: string }[] =>
  Array.from({ length: n }, () => ({ status: status as never, mutatorName: 'X' }));

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
});
