// report.html without a browser: every outside text is escaped, the page names no URL, and the
// sequence chart draws what the trace did (arrows for PDUs, the lower tester's moves and the
// network's faults in styles of their own, the violating step highlighted).
import { describe, expect, it } from 'vitest';
import { escapeHtml, toHtml } from '../../harness/report/html.ts';
import { checkMsc, mscSvg, wrap } from '../../harness/report/msc-svg.ts';
import type { CheckReport, TraceStep } from '../../harness/report/types.ts';
import { REFERENCE_PICS } from '../../harness/pics/pics.ts';
import type { Observation, PduObservation } from '../../vocabulary/observation.ts';

const pdu = (type: PduObservation['type'], src: string, dst: string, extra: Partial<PduObservation> = {}): PduObservation => ({ type, src, dst, mn: 'mn1', ...extra });
const obs = (inFlight: PduObservation[]): Observation => ({
  mns: [{ id: 'mn1', lifecycle: 'detached', attachedTo: null, sas: [], outcomes: { count: 0, last: null }, discards: { count: 0, last: null } }],
  poss: ['A', 'B'].map((id) => ({ id, sas: [], discards: { count: 0, last: null } })),
  inFlight,
}) as unknown as Observation;

const req = pdu('MIS_Auth.request', 'mn1', 'A');
const n2n = pdu('MIS_N2N_Prereg_Xfer.request', 'A', 'B');
const steps: TraceStep[] = [
  { stimulus: { kind: 'attach', mn: 'mn1', domain: 'A' }, observation: obs([req]) },
  { stimulus: { kind: 'deliver', index: 0 }, observation: obs([n2n]) },
  { stimulus: { kind: 'lie', index: 0, what: 'depth' }, observation: obs([n2n]) },
  { stimulus: { kind: 'drop', index: 0 }, observation: obs([]) },
  { stimulus: { kind: 'redeliver', index: 0 }, observation: obs([]) },
];

describe('escapeHtml', () => {
  it('escapes the five characters markup and attributes need', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });
});

function report(over: Partial<CheckReport>): CheckReport {
  return {
    tool: 'proauth', command: 'proauth check', verdict: 'fail', sut: { kind: 'process', name: 'sut', roles: ['TPoS'], entities: ['B'] },
    pics: REFERENCE_PICS, seed: 1, runs: 1, steps: 5, durationMs: 10, purposes: [], requirements: [{ id: '5.14.1-S6', verdict: 'fail', purposes: [] }], counterexamples: [], ...over,
  };
}

describe('toHtml', () => {
  const hostile = '<script>window.pwned=1</script>';
  const html = toHtml(report({
    error: `SUT crashed; its stderr ends with: ${hostile}`,
    sut: { kind: 'process', name: hostile, roles: ['TPoS'], entities: ['B'] },
    counterexamples: [{ requirement: '5.14.1-S6', property: 'p', message: hostile, seed: 1, path: '0', length: steps.length, replay: `proauth replay 1:0 --sut-cmd '${hostile}'`, trace: steps, initial: obs([]) }],
  }));

  it('shows outside text as text only', () => {
    expect(html.match(/<script>/g)?.length).toBe(1); // the page's own copy-button script
    expect(html).toContain('&lt;script&gt;window.pwned=1&lt;/script&gt;');
    expect(html).toContain(`data-copy="proauth replay 1:0 --sut-cmd &#39;&lt;script&gt;`);
  });

  it('names no URL: nothing to fetch (the SVG namespace is a name, not a load)', () => {
    const urls = html.match(/\b(?:https?|ftp|wss?):\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls.filter((u) => u !== 'http://www.w3.org/2000/svg')).toEqual([]);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*"(?!#)/);
  });
});

describe('checkMsc and mscSvg', () => {
  const msc = checkMsc(obs([]), steps, { failure: '5.14.1-S6: bad', sutEntities: ['B'] });

  it('one item per step, styled by who acted, the failure last', () => {
    expect(msc.items.map((i) => [i.step, i.kind, i.style])).toEqual([
      [1, 'note', 'stimulus'], [2, 'arrow', 'pdu'], [3, 'note', 'tester'], [4, 'arrow', 'fault'], [5, 'arrow', 'tester'], [5, 'note', 'fail'],
    ]);
    const redelivered = msc.items[4]!;
    expect(redelivered.kind === 'arrow' && [redelivered.from, redelivered.to]).toEqual(['mn1', 'A']);
    expect(msc.violating).toBe(5);
    expect(msc.lifelines.find((l) => l.id === 'B')?.marked).toBe(true);
  });

  it('draws lifelines, arrows, the highlighted step and a legend of the styles used', () => {
    const svg = mscSvg(msc, 'c1');
    expect(svg.match(/class="msc-lifeline/g)?.length).toBe(3);
    expect(svg.match(/class="msc-arrow/g)?.length).toBe(3);
    expect(svg.match(/class="msc-violating"/g)?.length).toBe(1);
    expect(svg).toContain('B (SUT)');
    for (const style of ['pdu', 'fault', 'tester', 'stimulus', 'fail']) expect(svg).toContain(`class="msc-legend s-${style}"`);
    expect(svg).toContain('step 5: the violating step');
  });

  it('wraps long labels at spaces, and cuts words longer than a line', () => {
    expect(wrap('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});
