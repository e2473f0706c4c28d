// The tester's wall: harness/tester/ imports nothing from impl/ or model/, so impl's codec and
// crypto can never judge themselves. Lint enforces it; this shows the rule fires, and that
// the folder as committed keeps it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });

async function wallMessages(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the harness/tester wall', () => {
  it('rejects an import of impl/ or model/ from harness/tester/', async () => {
    const impl = await wallMessages("import { decode } from '../../impl/wire/codec.ts';\nexport const d = decode;\n", 'harness/tester/violation.ts');
    expect(impl).toEqual([expect.stringContaining('never imports impl/')]);
    const model = await wallMessages("import { keys } from '../../model/keys.ts';\nexport const k = keys;\n", 'harness/tester/sub/violation.ts');
    expect(model).toEqual([expect.stringContaining('never imports model/')]);
  });

  it('allows the same import elsewhere in harness/ and the allowed ones in harness/tester/', async () => {
    expect(await wallMessages("import { decode } from '../impl/wire/codec.ts';\nexport const d = decode;\n", 'harness/elsewhere.ts')).toEqual([]);
    const allowed = "import { sha256 } from '@noble/hashes/sha2.js';\nimport type { WorldConfig } from '../observation.ts';\nexport const f = (c: WorldConfig): unknown => [c, sha256];\n";
    expect(await wallMessages(allowed, 'harness/tester/fine.ts')).toEqual([]);
  });

  it('holds for every file of harness/tester/ as it is', () => {
    const dir = join(ROOT, 'harness/tester');
    for (const name of readdirSync(dir)) {
      const imports = [...readFileSync(join(dir, name), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
      for (const spec of imports) expect([spec, /^(\.\/|\.\.\/observation\.ts$|@noble\/hashes\/)/.test(spec)]).toEqual([spec, true]);
    }
  });
});
