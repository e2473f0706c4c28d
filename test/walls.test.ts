// The walls of the architecture (README.md, Layout) are lint rules. Each test feeds ESLint a
// deliberate violation at a path behind a wall and expects the wall's message, and the same
// import where it is allowed and expects none; the last test holds the folders as committed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: ROOT });

async function wallMessages(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** One import statement of `spec` that uses what it imports (so no other rule fires). */
const importing = (spec: string): string => `import * as m from '${spec}';\nexport const x = m;\n`;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

describe('the walls', () => {
  const violations: readonly (readonly [string, string, string])[] = [
    // [file behind the wall, import it must refuse, a word of the wall's message]
    ['vocabulary/violation.ts', '../model/types.ts', 'vocabulary/ imports nothing'],
    ['vocabulary/violation.ts', './other.ts', 'vocabulary/ imports nothing'],
    ['impl/violation.ts', '../model/keys.ts', 'impl/ never imports model/'],
    ['impl/entities/violation.ts', '../../harness/explore/bfs.ts', 'impl/ never imports harness/'],
    ['impl/violation.ts', 'xstate', 'No XState in impl/'],
    ['model/violation.ts', '../impl/system.ts', 'model/ never imports impl/'],
    ['model/world/violation.ts', '../../harness/explore/fingerprint.ts', 'model/ never imports harness/'],
    ['model/world/violation.ts', '../../properties/index.ts', 'model/ never imports properties/'],
    ['properties/violation.ts', '../harness/explore/bfs.ts', 'properties/ never imports harness/'],
    ['properties/violation.ts', '../harness/requirement-map.ts', 'properties/ never imports harness/'],
    ['properties/adversary/violation.ts', '../../impl/system.ts', 'never imports impl/'],
    ['harness/tester/violation.ts', '../../impl/wire/codec.ts', 'never imports impl/'],
    ['harness/tester/sub/violation.ts', '../../../model/keys.ts', 'harness/tester/ never imports model/'],
  ];
  it.each(violations)('%s may not import %s', async (file, spec, message) => {
    expect(await wallMessages(importing(spec), file)).toEqual([expect.stringContaining(message)]);
  });

  const allowed: readonly (readonly [string, string])[] = [
    ['vocabulary/fine.ts', 'fast-check'],
    ['properties/fine.ts', '../vocabulary/observation.ts'],
    ['properties/adversary/fine.ts', '../../model/adversary/attacked-world.ts'],
    ['harness/elsewhere.ts', '../impl/wire/codec.ts'],
    ['harness/explore/fine.ts', '../../properties/index.ts'],
    ['harness/tester/fine.ts', '../../vocabulary/observation.ts'],
    ['harness/tester/fine.ts', '@noble/hashes/sha2.js'],
  ];
  it.each(allowed)('%s may import %s', async (file, spec) => {
    expect(await wallMessages(importing(spec), file)).toEqual([]);
  });

  it('hold for every file as committed', async () => {
    const files = ['vocabulary', 'impl', 'model', 'properties', 'harness/tester'].flatMap((d) => tsFiles(join(ROOT, d)));
    const results = await eslint.lintFiles(files);
    const broken = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`));
    expect(broken).toEqual([]);
    // The vocabulary is a leaf in fact too, type-only imports included.
    for (const f of tsFiles(join(ROOT, 'vocabulary'))) expect([f, importsOf(f).filter((s) => s.startsWith('.'))]).toEqual([f, []]);
  });
});
