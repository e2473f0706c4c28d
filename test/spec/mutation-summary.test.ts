// tools/mutation-summary.ts: the StrykerJS score by part of impl/, as the closing notes quote it.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../tools/mutation-summary.ts';

const m = (status: string, n: number): { status: never; mutatorName: string }[] =>
  Array.from({ length: n }, () => ({ status: status as never, mutatorName: 'X' }));

describe('mutation summary', () => {
  it('scores each part and the whole, timeouts as killed, errors left out', () => {
    const text = summarize({
      files: {
        'impl/entities/mn.ts': { mutants: [...m('Killed', 6), ...m('Timeout', 2), ...m('Survived', 2)] },
        'impl/wire/codec.ts': { mutants: [...m('Killed', 1), ...m('NoCoverage', 3), ...m('CompileError', 5)] },
        'impl/system.ts': { mutants: m('Survived', 4) },
      },
    });
    expect(text).toContain('| procedures (impl/entities) | 8 | 2 | 0 | 80.0 % | 80.0 % |');
    expect(text).toContain('| wire codec (impl/wire) | 1 | 0 | 3 | 25.0 % | 100.0 % |');
    expect(text).toContain('| scaffolding (impl/system.ts, config.ts, bytes.ts) | 0 | 4 | 0 | 0.0 % | 0.0 % |');
    expect(text).toContain('| **all of impl/** | 9 | 6 | 3 | 50.0 % | 60.0 % |');
    expect(text).not.toContain('crypto');
  });
});
