// Test files in other workers build the same mutant at once; none may see, or delete, a copy
// another is writing (a CI run once failed on ENOTEMPTY when two of them raced).
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editsOf, MUTANTS } from './catalogue.ts';
import { buildMutant, REPO } from './build.ts';

const m = MUTANTS[0]!;
const script = `import { buildMutant } from './test/mutants/build.ts'; import { MUTANTS } from './test/mutants/catalogue.ts';
for (let i = 0; i < 5; i++) buildMutant(MUTANTS[0]);`;

describe('buildMutant', () => {
  it('builds the same mutant in four processes at once, each ending with a complete copy', async () => {
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() => execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, reject: false, all: true })),
    );
    for (const r of runs) expect(r.all, r.all).toBe('');
    for (const r of runs) expect(r.exitCode).toBe(0);
    const dir = buildMutant(m);
    expect(existsSync(join(dir, '.complete'))).toBe(true);
    for (const e of editsOf(m)) expect(readFileSync(join(dir, 'impl', e.file), 'utf8')).toContain(e.replace);
  }, 60_000);
});
