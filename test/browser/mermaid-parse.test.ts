// Every sequence diagram proauth writes is read by Mermaid's own parser (mermaid.min.js in
// headless Chromium): the diagrams of a real check report, of `replay --mermaid`, of generated
// runs, and of a hand-made trace whose text Mermaid's grammar would misread (`#`, `;`, `:`,
// HTML, control characters). The last is also rendered, to see that no text is lost.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse } from 'shell-quote';
import { beforeAll, expect, it } from 'vitest';
import { CliSutAdapter, runSeed } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { sequenceDiagram } from '../../harness/report/mermaid.ts';
import type { TraceStep } from '../../harness/report/types.ts';
import type { Observation } from '../../vocabulary/observation.ts';
import { cli, ROOT, tempDir } from '../cli/helpers.ts';
import { describeWithChromium } from './chromium.ts';

const MERMAID = join(ROOT, 'node_modules/mermaid/dist/mermaid.min.js');
const BUGGY = ['--sut-cmd', 'python3 examples/python-tpos/tpos_buggy.py', '--pics', 'examples/python-tpos/pics.json', '--no-model'];

/** A diagram Mermaid rejects, with Mermaid's message. */
async function parseError(page: Page, text: string): Promise<string | null> {
  return page.evaluate(async (t) => {
    const m = (globalThis as unknown as { mermaid: { parse(t: string): Promise<unknown> } }).mermaid;
    try {
      await m.parse(t);
      return null;
    } catch (e) {
      return String((e as Error).message);
    }
  }, text);
}

/** The text of the rendered SVG, whitespace collapsed. */
async function renderedText(page: Page, text: string): Promise<string> {
  return page.evaluate(async (t) => {
    const m = (globalThis as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
    const { svg } = await m.render(`d${Math.floor(Math.random() * 1e9)}`, t);
    // The page's DOM (this project's TypeScript has no DOM library).
    type Element = { innerHTML: string; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
    const div = (globalThis as unknown as { document: { createElement(t: string): Element } }).document.createElement('div');
    div.innerHTML = svg;
    return Array.from(div.querySelectorAll('text'), (x) => x.textContent ?? '').join(' ').replace(/\s+/g, ' ');
  }, text);
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

const o = (inFlight: Observation['inFlight'], sas: Observation['poss'][number]['sas'] = []): Observation => ({
  mns: [{ id: 'mn1', lifecycle: 'waiting', attachedTo: 'A', sas: [] }],
  poss: [
    { id: 'A', sas: [] },
    { id: 'B', sas },
    { id: 'C', sas: [] },
  ],
  inFlight,
});
const request = { type: 'MIS_N2N_Prereg_Xfer.request', src: 'A', dst: 'B', mn: 'mn1', nonceN: 'n#1;x' } as const;
const answer = { type: 'MIS_N2N_Prereg_Xfer.response', src: 'B', dst: 'A', mn: 'mn1', status: 'SUCCESS' } as const;
const HOSTILE_FAILURE = `TPoS B answered #0 MIS_N2N_Prereg_Xfer.request; "<script>alert(1)</script>" & {x}: %% not a comment \u001b[31m ${'and so on '.repeat(25)}END`;
const hostile: { initial: Observation; steps: TraceStep[] } = {
  initial: o([request]),
  steps: [
    { stimulus: { kind: 'duplicate', index: 0 }, observation: o([request, request]) },
    { stimulus: { kind: 'drop', index: 1 }, observation: o([request]) },
    { stimulus: { kind: 'deliver', index: 0 }, observation: o([answer], [{ peer: 'mn1', idType: 3, root: 'EAP', depth: 1, state: 'prepared', suite: 1, key: 'fp#1' }]) },
  ],
};

describeWithChromium('Mermaid parses every diagram proauth writes', (browser) => {
  let page: Page;
  beforeAll(async () => {
    page = await browser().newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false }));
  }, 60_000);

  it('a hand-made trace of hostile text: parsed, and rendered with nothing after # or ; lost', async () => {
    const text = sequenceDiagram(hostile.initial, hostile.steps, { failure: HOSTILE_FAILURE, sutEntities: ['B'] });
    expect(await parseError(page, text)).toBeNull();
    const shown = await renderedText(page, text);
    expect(shown).toContain('1. network: duplicate #0 MIS_N2N_Prereg_Xfer.request');
    expect(shown).toContain('2. network: drop #1 MIS_N2N_Prereg_Xfer.request');
    // The whole failure, wrapped, not cut at 160 characters; the escape shown, not sent.
    const failure = shown.slice(shown.indexOf('FAIL'));
    expect(failure).toContain('TPoS B answered #0 MIS_N2N_Prereg_Xfer.request; "<script>alert(1)</script>" & {x}: %% not a comment \\u001b[31m');
    expect(failure).toContain('and so on END');
    // The answer the failing step sent is drawn, marked.
    expect(shown).toContain('3. ⚠ MIS_N2N_Prereg_Xfer.response SUCCESS (sent in the failing step)');
  });

  it('the diagrams of a real check report and of replay --mermaid', async () => {
    const dir = tempDir();
    const r = await cli(['check', ...BUGGY, '--runs', '40', '--seed', '1', '--report', dir]);
    expect(r.code).toBe(1);
    const blocks = mermaidBlocks(readFileSync(join(dir, 'report.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(await parseError(page, b), b).toBeNull();
    // The printed replay is quoted for the shell: read it back as the shell would.
    const printed = /npx proauth replay .*/.exec(r.out)![0];
    const token = (parse(printed) as string[])[3]!;
    const replay = await cli(['replay', token, ...BUGGY, '--mermaid']);
    expect(replay.code).toBe(1);
    const diagram = replay.out.slice(replay.out.indexOf('sequenceDiagram'), replay.out.indexOf('\nFAIL at step'));
    expect(diagram).toMatch(/^sequenceDiagram\n/);
    expect(await parseError(page, diagram), diagram).toBeNull();
  }, 60_000);

  it('the diagrams of generated runs of the reference implementation, with a failure note', async () => {
    const sut = await openSut({ timeoutMs: 5000 });
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    try {
      for (const seed of [1, 2, 3, 4]) {
        const r = await runSeed(sut, adapter, seed, { steps: 60, model: true });
        const run = r.recorded.filter((s) => s.run === r.recorded[0]?.run);
        const text = sequenceDiagram(r.initial, run, { failure: `seed ${seed}: an invented failure at A; #${seed}`, sutEntities: run[0]?.placement?.entities ?? [] });
        expect(await parseError(page, text), text).toBeNull();
      }
    } finally {
      await sut.close();
    }
  }, 120_000);

  it('the parser is a real one: it rejects a broken diagram', async () => {
    expect(await parseError(page, 'sequenceDiagram\n  A->>B: hello; oops: x')).not.toBeNull();
  });
});
