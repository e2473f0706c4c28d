// matrix.html: the what-if matrix as one self-contained page (the page chrome of report.html):
// the variants × properties table, the blast radius against L, matrix.svg inlined, and each
// counterexample's chain as a sequence chart drawn by harness/report/msc-svg.ts, with its
// replay command and a copy button. No URL of any kind: links are anchors within the page.
import { advEventLabel, isAdversaryMove, replayTrace, type AdvEvent, type AdvWorld } from '../../model/adversary/attacked-world.ts';
import { escapeHtml as e } from '../report/escape.ts';
import { commandBox, htmlPage, table } from '../report/html.ts';
import { mscSvg, type Msc, type MscItem } from '../report/msc-svg.ts';
import { type Cell, type CellCounterexample, cellSearchText, type MatrixResult, type PerLimit, type RowResult, SWEEP_NOTE, sweptRows } from './matrix.ts';
import { pduText, type CounterexampleFile } from './replay-counterexample.ts';
import { buildSystem } from './scenarios.ts';

const ADV = 'adversary';

/** What one adversary move looks like in the chart. */
function adversaryItem(e: AdvEvent, n: number, prev: AdvWorld): MscItem {
  const note = (over: string, label: string): MscItem => ({ kind: 'note', step: n, over: [over], label: `${n}. ${label}`, style: 'tester' });
  switch (e.kind) {
    case 'compromise': return note(e.pos, `${e.pos} compromised (reveals its keys)`);
    case 'rewind': return note(prev.adv.compromised ?? ADV, `rewinds its chain counter for ${e.mn}`);
    case 'tamper': {
      const p = prev.world.inFlight[e.index];
      if (p?.type === 'MIS_Prereg_Xfer.request') return note(p.dst, '(compromised) ignores the MN\'s fallback request');
      return note(ADV, `rewrites the counter of ${p === undefined ? 'a PDU' : `${p.type} ${p.src}→${p.dst}`} in flight to 0`);
    }
    case 'inject': return { kind: 'arrow', step: n, from: ADV, to: e.to, label: `${n}. injected ${e.pdu} (from ${e.from})`, style: 'tester' };
    case 'replay': {
      const p = prev.adv.log[e.entry];
      return note(ADV, `replays ${p === undefined ? 'a logged PDU' : `${p.type} ${p.src}→${p.dst}`}`);
    }
    default: return note(ADV, advEventLabel(e));
  }
}

/** A what-if counterexample as chart data: the adversary's lifeline beside the world's entities. */
export function whatifMsc(c: CounterexampleFile): Msc {
  const sys = buildSystem(c.spec);
  const states = replayTrace(sys, c.trace);
  const config = sys.initial.world.config;
  const items: MscItem[] = [];
  c.trace.forEach((ev, i) => {
    const n = i + 1;
    const prev = states[i] as AdvWorld;
    const next = states[i + 1] as AdvWorld;
    const p = 'index' in ev ? prev.world.inFlight[ev.index] : undefined;
    if (isAdversaryMove(ev)) items.push(adversaryItem(ev, n, prev));
    else if (ev.kind === 'deliver' && p !== undefined) {
      const replayed = next.adv.deliveredReplay;
      items.push({ kind: 'arrow', step: n, from: p.src, to: p.dst, label: `${n}. ${pduText(p)}${replayed ? ' (replayed)' : ''}`, style: replayed ? 'tester' : 'pdu' });
    } else if (ev.kind === 'drop' && p !== undefined) items.push({ kind: 'arrow', step: n, from: p.src, to: p.dst, label: `${n}. ${pduText(p)} (lost)`, style: 'fault', lost: true });
    else if (ev.kind === 'duplicate') items.push({ kind: 'note', step: n, over: [ADV], label: `${n}. the network duplicates a PDU`, style: 'fault' });
    else items.push({ kind: 'note', step: n, over: ['mn' in ev ? ev.mn : ADV], label: `${n}. ${advEventLabel(ev)}`, style: 'stimulus' });
    if (next.adv.blast > prev.adv.blast) items.push({ kind: 'note', step: n, over: [ADV], label: `blast radius ${next.adv.blast}`, style: 'info' });
  });
  items.push({ kind: 'note', step: c.trace.length, over: [ADV, config.domains.at(-1)?.id ?? ADV], label: `VIOLATED ${c.property}: ${c.message}`, style: 'fail' });
  return {
    lifelines: [{ id: ADV, label: ADV, marked: true }, ...config.mns.map((m) => ({ id: m.id, label: m.id })), ...config.domains.map((d) => ({ id: d.id, label: d.id }))],
    items,
    ...(c.trace.length > 0 ? { violating: c.trace.length } : {}),
    legend: {
      pdu: 'PDU delivered',
      fault: 'network fault (loss, duplication)',
      tester: 'adversary: compromise, rewind, tamper, injection, replay',
      stimulus: 'MN event (attach, handover, complete)',
      info: 'blast radius grows',
      fail: 'the property violated',
    },
  };
}

export interface MatrixHtmlOptions {
  readonly command: string;
  /** The replay command of a counterexample, by its id. */
  readonly replay: (id: string) => string;
  readonly svg: string;
  readonly counterexamples: readonly CellCounterexample[];
  readonly file: (c: CellCounterexample) => CounterexampleFile;
}

/** `withSearch`: a cell that holds also says how far its search went. */
function cell(c: Cell, withSearch = false): string {
  const measured = c.witness === undefined ? '' : `; <a href="#cex-${e(c.witness.id)}">exposes: ${c.witness.trace.length} steps</a>`;
  if (c.verdict === 'holds') return `holds${withSearch ? ` (${e(cellSearchText(c))})` : ''}${measured}`;
  const x = c.counterexample as CellCounterexample;
  return `<a class="violated" href="#cex-${e(x.id)}">✗ ${x.trace.length} steps</a>${measured}`;
}

/** A blast radius at one L, linked to the trace exceeding L. */
function blastCell(p: PerLimit): string {
  const v = `${p.blast}${p.blastAtBound ? '+' : ''}`;
  const c = p.blastCell.counterexample;
  return c === undefined ? v : `<a class="violated" href="#cex-${e(c.id)}">${v} ✗</a>`;
}

/** "<row> at every L" (5.14.2-N4c): a line per L, a cell per property with its search bound, the blast radius and its bound L. */
function sweepSection(r: RowResult, m: MatrixResult): string[] {
  const lines = r.perLimit.flatMap((p) => {
    const cells = p.cells;
    if (cells === undefined) return [];
    return [[String(p.chainLimit), ...m.properties.map((x) => cell(cells[x.id] as Cell, true)), blastCell(p), String(p.chainLimit)]];
  });
  return [
    `<h2>${e(r.row.id)} at every L</h2>`,
    `<p>${e(SWEEP_NOTE)}.</p>`,
    table(['L', ...m.properties.map((p) => e(p.id)), 'blast radius', 'bound (= L)'], lines),
  ];
}

export function matrixHtml(m: MatrixResult, o: MatrixHtmlOptions): string {
  const out: string[] = [];
  out.push('<h1>What-if matrix: interpretation variants × adversary properties, and the chain limit L</h1>');
  out.push(`<p>Generated in ${m.seconds.toFixed(1)} s (${m.explored.scenarios} explorations, ${m.explored.states} distinct states) by:</p>`, commandBox(o.command, 'command'));
  out.push(`<h2>Variants × properties (L = ${m.defaultLimit})</h2>`);
  out.push(table(
    ['row', 'reading', ...m.properties.map((p) => `${e(p.title)} (${e(p.requirements.join(', '))})`)],
    m.rows.map((r) => [`<span id="row-${e(r.row.id)}">${e(r.row.id)}</span>`, e(r.row.title), ...m.properties.map((p) => cell(r.cells[p.id] as Cell))]),
  ));
  out.push('<h2>Blast radius against L (active compromised PoS)</h2>');
  out.push(table(['row', ...m.limits.map((l) => `L=${l}`)], m.rows.map((r) => [e(r.row.id), ...r.perLimit.filter((p) => m.limits.includes(p.chainLimit)).map(blastCell)])));
  out.push('<p><code>+</code> after a blast radius: the chain still reached the search bound one hop past L + 1, so it does not stop by itself.</p>');
  for (const r of sweptRows(m)) out.push(...sweepSection(r, m));
  out.push('<h2>Blast radius and signalling cost against L</h2>', `<div class="chart matrix-svg">${o.svg}</div>`);
  out.push('<h2>Counterexamples</h2>');
  o.counterexamples.forEach((c, i) => {
    const file = o.file(c);
    out.push(`<section class="counterexample" id="cex-${e(c.id)}">`);
    out.push(`<h3>${e(c.id)}</h3>`);
    out.push(`<p><strong>Property</strong> ${e(c.property)} (${e(c.requirements.join(', '))}): ${e(c.message)}</p>`);
    out.push(`<p><strong>Scenario</strong> ${e(c.spec.kind)}, L = ${c.spec.chainLimit}, variant ${e(JSON.stringify(c.spec.variant))}, ${e(c.spec.counter)}, ${e(c.spec.method)} MN. Shortest trace: ${c.trace.length} steps.</p>`);
    out.push('<p>Replay (exit code 1 when the violation reproduces at the last step):</p>', commandBox(o.replay(c.id)));
    out.push(`<div class="chart">${mscSvg(whatifMsc(file), `cex-msc-${i + 1}`)}</div>`);
    out.push(`<details><summary>Trace</summary><ol>${c.trace.map((ev) => `<li>${e(advEventLabel(ev))}</li>`).join('')}</ol></details>`);
    out.push('</section>');
  });
  out.push('<h2>Scenarios, bounds and assumptions</h2>');
  out.push(`<ul>${[...Object.entries(m.scenarios), ...Object.entries(m.assumptions)].map(([k, v]) => `<li><strong>${e(k)}</strong>: ${e(v)}.</li>`).join('')}</ul>`);
  return htmlPage('proauth what-if matrix', out.join('\n'));
}
