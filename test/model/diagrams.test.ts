// The committed diagrams are what the machine definitions generate today.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allTransitionIds } from '../../harness/explore/machine-memo.ts';
import { diagramMachines, generateDiagrams, toMermaid } from '../../model/diagrams/render.ts';

const root = join(import.meta.dirname, '..', '..');

describe('diagrams (npm run diagrams)', () => {
  it('docs/model/ is up to date with the machines', async () => {
    const files = await generateDiagrams();
    expect(files.map((f) => f.path).sort()).toEqual([
      'docs/model/README.md',
      ...['hpos', 'mn', 'spos', 'tpos'].flatMap((m) => [`docs/model/${m}.mmd`, `docs/model/${m}.svg`]),
    ].sort());
    for (const f of files) {
      let committed = '';
      try {
        committed = readFileSync(join(root, f.path), 'utf8');
      } catch {
        // missing: reported below as a difference
      }
      expect(committed === f.content, `${f.path} is out of date: run npm run diagrams`).toBe(true);
    }
  });

  it('every transition of every machine is drawn, and every state', () => {
    for (const d of diagramMachines()) {
      const text = toMermaid(d.logic);
      const edges = text.split('\n').filter((l) => l.includes(' --> ') && !l.trim().startsWith('[*]'));
      expect(edges.length, d.name).toBe(allTransitionIds(d.logic).length);
      for (const key of Object.keys(d.logic.root.states)) expect(text).toContain(`state "${key}"`);
    }
  });
});
