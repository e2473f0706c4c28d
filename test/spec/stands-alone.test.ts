// The repository stands alone: what a user needs is in it. No tracked file points at a file
// outside the repository or at a tracker's issue numbers, which a reader of a clone cannot follow.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && f !== 'package-lock.json' && /\.(ts|mjs|js|json|md|py|sh|yml|yaml)$|^\.ci\//.test(f));

/** Patterns a stand-alone file never contains (built here so this file does not match itself). */
const OUTSIDE: readonly RegExp[] = [new RegExp(['\\.\\.', 'shared'].join('/')), new RegExp(`\\b${'issue'}s? #?\\d+`, 'i')];

describe('the repository stands alone', () => {
  it('no tracked file refers to a file outside it or to a tracker issue number', () => {
    const hits: string[] = [];
    for (const file of tracked) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const re of OUTSIDE) if (re.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 100)}`);
      });
    }
    expect(hits).toEqual([]);
    expect(tracked.length).toBeGreaterThan(100);
  });
});
