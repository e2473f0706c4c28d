// npm run diagrams: writes docs/model/<machine>.mmd, <machine>.svg and README.md from the
// machine definitions.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDiagrams } from './render.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const f of await generateDiagrams()) {
  const path = join(root, f.path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, f.content);
  console.log(`wrote ${f.path}`);
}
