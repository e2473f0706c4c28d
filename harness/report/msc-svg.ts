// Message sequence charts as SVG, drawn by our own code so that report.html and matrix.html need
// nothing from the network: one lifeline per entity, one arrow per PDU, notes for stimuli, faults
// and the lower tester's (or the adversary's) moves in a style and legend of their own, and the
// violating step highlighted. Callers build the chart data (checkMsc here for a check trace,
// harness/whatif/matrix-html.ts for an adversary trace); this module only lays it out.
import type { Observation, PduObservation, Stimulus } from '../../vocabulary/observation.ts';
import { describeStimulus } from '../enabled.ts';
import { escapeXml } from './escape.ts';
import { participants } from './mermaid.ts';
import type { TraceStep } from './types.ts';

/** How an item is drawn: each style has its own stroke and legend entry. */
export type MscStyle = 'pdu' | 'fault' | 'tester' | 'stimulus' | 'info' | 'fail';

export interface MscLifeline {
  readonly id: string;
  readonly label: string;
  /** Played by the SUT (or, in a what-if chart, the adversary): boxed distinctly. */
  readonly marked?: boolean;
}

export type MscItem =
  | { readonly kind: 'arrow'; readonly step: number; readonly from: string; readonly to: string; readonly label: string; readonly style: MscStyle; readonly lost?: boolean }
  | { readonly kind: 'note'; readonly step: number; readonly over: readonly string[]; readonly label: string; readonly style: MscStyle };

export interface Msc {
  readonly lifelines: readonly MscLifeline[];
  readonly items: readonly MscItem[];
  /** The step at which the property failed: its rows are highlighted. */
  readonly violating?: number;
  /** What each style means in this chart (the legend lists the styles used). */
  readonly legend: Readonly<Partial<Record<MscStyle, string>>>;
  /** Text of the lifeline mark, e.g. "SUT". */
  readonly markText?: string;
}

// ---- a check trace as chart data ------------------------------------------------------------

function pduLabel(p: PduObservation): string {
  const parts: string[] = [p.type];
  if (p.status !== undefined) parts.push(p.status);
  if (p.reason !== undefined && p.reason !== 'NONE') parts.push(p.reason);
  return parts.join(' ');
}

function actorOf(s: Stimulus): string | undefined {
  if ('mn' in s) return s.mn;
  if ('domain' in s) return s.domain;
  return undefined;
}

/** How many PDUs the lower tester can redeliver (docs/protocol.md §3: the last 8 delivered intact). */
const HISTORY = 8;

export interface CheckMscOptions {
  readonly failure?: string;
  readonly sutEntities?: readonly string[];
}

/** A check counterexample as chart data: the trace of report.md's Mermaid chart, styled by who acted. */
export function checkMsc(initial: Observation | undefined, steps: readonly TraceStep[], o: CheckMscOptions = {}): Msc {
  // The same lifelines, in the same order, as the Mermaid chart of report.md.
  const ids = participants(initial, steps);
  const sut = new Set(o.sutEntities ?? []);
  const items: MscItem[] = [];
  const history: PduObservation[] = [];
  const everyone = ids.length === 0 ? [] : [ids[0]!, ids.at(-1)!];
  let before = initial;
  steps.forEach((step, i) => {
    const n = i + 1;
    const s = step.stimulus;
    const pdu = s.kind !== 'redeliver' && 'index' in s ? before?.inFlight[s.index] : undefined;
    const pair = pdu === undefined ? everyone : [pdu.src, pdu.dst];
    switch (s.kind) {
      case 'deliver':
        if (pdu === undefined) break;
        if (pdu.corrupted === true) {
          const why = pdu.spoilt === undefined ? 'corrupted' : `tampered: ${pdu.spoilt}`;
          items.push({ kind: 'arrow', step: n, from: pdu.src, to: pdu.dst, label: `${n}. ${pduLabel(pdu)} (${why})`, style: pdu.spoilt === undefined ? 'fault' : 'tester' });
        } else {
          items.push({ kind: 'arrow', step: n, from: pdu.src, to: pdu.dst, label: `${n}. ${pduLabel(pdu)}`, style: 'pdu' });
          history.push(pdu);
          if (history.length > HISTORY) history.shift();
        }
        break;
      case 'drop':
        if (pdu !== undefined) items.push({ kind: 'arrow', step: n, from: pdu.src, to: pdu.dst, label: `${n}. network drops ${pduLabel(pdu)}`, style: 'fault', lost: true });
        break;
      case 'duplicate':
      case 'corrupt':
        items.push({ kind: 'note', step: n, over: pair, label: `${n}. network: ${describeStimulus(s)}${pdu === undefined ? '' : ` ${pduLabel(pdu)}`}`, style: 'fault' });
        break;
      case 'tamper':
      case 'lie':
        items.push({ kind: 'note', step: n, over: pair, label: `${n}. lower tester: ${describeStimulus(s)}${pdu === undefined ? '' : ` ${pduLabel(pdu)}`}`, style: 'tester' });
        break;
      case 'probe':
        if (pdu !== undefined) items.push({ kind: 'arrow', step: n, from: pdu.src, to: pdu.dst, label: `${n}. ${pduLabel(pdu)}, a copy spoilt by the lower tester (${s.how})`, style: 'tester' });
        break;
      case 'redeliver': {
        const again = history[s.index];
        if (again === undefined) items.push({ kind: 'note', step: n, over: everyone, label: `${n}. lower tester: ${describeStimulus(s)}`, style: 'tester' });
        else items.push({ kind: 'arrow', step: n, from: again.src, to: again.dst, label: `${n}. ${pduLabel(again)} (redelivered by the lower tester)`, style: 'tester' });
        break;
      }
      default: {
        const actor = actorOf(s);
        items.push({ kind: 'note', step: n, over: actor === undefined ? everyone : [actor], label: `${n}. ${describeStimulus(s)}`, style: 'stimulus' });
      }
    }
    before = step.observation;
  });
  if (o.failure !== undefined) items.push({ kind: 'note', step: steps.length, over: everyone, label: `FAIL ${o.failure}`, style: 'fail' });
  return {
    lifelines: ids.map((id) => ({ id, label: id, ...(sut.has(id) ? { marked: true } : {}) })),
    items,
    ...(steps.length > 0 ? { violating: steps.length } : {}),
    markText: 'SUT',
    legend: {
      pdu: 'PDU delivered intact',
      fault: 'network fault (drop, duplicate, corruption)',
      tester: 'lower tester: tampered PDU, lie, redelivery',
      stimulus: 'upper tester stimulus',
      fail: 'the property that failed',
    },
  };
}

// ---- layout ---------------------------------------------------------------------------------

const COLUMN = 170;
const MARGIN = 44;
const HEAD = 34;
const LINE = 14;
/** A text's width at font-size 12 in a sans-serif font, generously: layout must not clip. */
const CHAR = 6.6;

const STROKE: Record<MscStyle, string> = {
  pdu: '#222222',
  fault: '#d9480f',
  tester: '#7b2cbf',
  stimulus: '#8a6d00',
  info: '#1864ab',
  fail: '#c92a2a',
};
const FILL: Record<MscStyle, string> = {
  pdu: '#ffffff',
  fault: '#fff4e6',
  tester: '#f3e8ff',
  stimulus: '#fff9db',
  info: '#e7f5ff',
  fail: '#ffe3e3',
};
const DASH: Partial<Record<MscStyle, string>> = { fault: '6 3', tester: '2 3' };

/** The look of every style, once per chart rather than on every element (charts come by the hundred). */
function styleSheet(): string {
  const rules = (Object.keys(STROKE) as MscStyle[]).map((k) => {
    const dash = DASH[k] === undefined ? '' : `stroke-dasharray:${DASH[k]};`;
    return `.msc .s-${k} line,.msc .s-${k} path.a{stroke:${STROKE[k]};${dash}}.msc .s-${k} rect{fill:${FILL[k]};stroke:${STROKE[k]};${dash}}.msc .s-${k} text{fill:${k === 'pdu' || k === 'stimulus' ? '#212529' : STROKE[k]}}.msc .h-${k}{fill:${STROKE[k]}}`;
  });
  return `<style>.msc line,.msc path.a{stroke-width:1.5;fill:none}.msc .s-fail text{font-weight:bold}.msc .life{stroke:#adb5bd;stroke-dasharray:4 4}${rules.join('')}</style>`;
}

/** Splits text into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    for (let w = word; w.length > 0; ) {
      const room = line.length === 0 ? width : width - line.length - 1;
      if (w.length <= room) {
        line = line.length === 0 ? w : `${line} ${w}`;
        w = '';
      } else if (line.length > 0) {
        out.push(line);
        line = '';
      } else {
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
    }
  }
  if (line.length > 0) out.push(line);
  return out.length === 0 ? [''] : out;
}

function text(x: number, y: number, lines: readonly string[], anchor: 'start' | 'middle'): string {
  const spans = lines.map((l, i) => (lines.length === 1 ? escapeXml(l) : `<tspan x="${x}" dy="${i === 0 ? 0 : LINE}">${escapeXml(l)}</tspan>`)).join('');
  return `<text x="${x}" y="${y}"${anchor === 'middle' ? ' text-anchor="middle"' : ''}>${spans}</text>`;
}

/**
 * The chart as an SVG element. `id` keeps marker ids unique when a page holds several charts.
 * Every element carries a class naming its role (msc-arrow, msc-note, msc-violating, …).
 */
export function mscSvg(msc: Msc, id: string): string {
  const ids = msc.lifelines.map((l) => l.id);
  const col = (who: string): number => {
    const i = ids.indexOf(who);
    return MARGIN + (i < 0 ? 0 : i) * COLUMN + COLUMN / 2;
  };
  const width = MARGIN * 2 + Math.max(1, ids.length) * COLUMN;
  // A label has its row to itself: it may run past its arrow or lifelines, not off the chart.
  const room = (mid: number): number => Math.max(COLUMN, Math.min(mid - 8, width - 8 - mid) * 2);
  const body: string[] = [];
  const rows: { step: number; top: number; bottom: number }[] = [];
  const heads = new Set<MscStyle>();
  let y = HEAD + 16;
  for (const item of msc.items) {
    const top = y;
    if (item.kind === 'arrow') {
      const x1 = col(item.from);
      const x2 = item.lost === true ? (col(item.from) + col(item.to)) / 2 : col(item.to);
      const mid = (x1 + col(item.to)) / 2;
      const lines = wrap(item.label, Math.floor(room(mid) / CHAR));
      const lineY = y + lines.length * LINE + 4;
      body.push(`<g class="msc-arrow s-${item.style}" data-step="${item.step}">`, text(mid, y + LINE - 2, lines, 'middle'));
      if (item.lost !== true) heads.add(item.style);
      if (x1 === x2) body.push(`<path class="a" d="M${x1} ${lineY} h 30 v 10 h -30" marker-end="url(#${id}-${item.style})"/>`);
      else body.push(`<line x1="${x1}" y1="${lineY}" x2="${x2}" y2="${lineY}"${item.lost === true ? '' : ` marker-end="url(#${id}-${item.style})"`}/>`);
      if (item.lost === true) body.push(`<path class="a" d="M${x2 - 6} ${lineY - 6} l 12 12 m 0 -12 l -12 12"/>`);
      body.push('</g>');
      y = lineY + (x1 === x2 ? 18 : 10);
    } else {
      const a = col(item.over[0] ?? '');
      const b = col(item.over.at(-1) ?? '');
      const mid = (a + b) / 2;
      const span = Math.abs(b - a) + COLUMN - 16;
      const w = Math.max(span, Math.min(room(mid), item.label.length * CHAR + 16));
      const lines = wrap(item.label, Math.floor((w - 12) / CHAR));
      const h = lines.length * LINE + 8;
      body.push(`<g class="msc-note s-${item.style}" data-step="${item.step}">`);
      body.push(`<rect x="${mid - w / 2}" y="${y}" width="${w}" height="${h}" rx="3"/>`, text(mid, y + LINE + 1, lines, 'middle'), '</g>');
      y += h + 8;
    }
    const last = rows.at(-1);
    if (last !== undefined && last.step === item.step) last.bottom = y;
    else rows.push({ step: item.step, top: top - 4, bottom: y });
  }
  const chartBottom = y + 8;
  const legend: [MscStyle, string, 'arrow' | 'box'][] = (Object.entries(msc.legend) as [MscStyle, string][])
    .filter(([style]) => msc.items.some((i) => i.style === style))
    .map(([style, meaning]) => [style, meaning, msc.items.some((i) => i.kind === 'arrow' && i.style === style) ? 'arrow' : 'box']);
  for (const [style, , kind] of legend) if (kind === 'arrow') heads.add(style);
  if (msc.violating !== undefined) legend.push(['fail', `step ${msc.violating}: the violating step`, 'box']);
  const legendTop = chartBottom + 14;
  const height = legendTop + legend.length * 18 + 10;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="msc" id="${id}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img">`);
  out.push(styleSheet(), '<defs>');
  for (const style of heads) out.push(`<marker id="${id}-${style}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="h-${style}" d="M0 0 L10 5 L0 10 z"/></marker>`);
  out.push('</defs>', `<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  for (const r of rows) {
    if (r.step === msc.violating) out.push(`<rect class="msc-violating" x="4" y="${r.top}" width="${width - 8}" height="${r.bottom - r.top}" fill="#ffe3e3" stroke="#c92a2a" stroke-width="1.5" rx="4"/>`);
  }
  for (const r of rows) out.push(`<text x="8" y="${r.top + 4 + LINE}" fill="#868e96" font-size="10">${r.step}</text>`);
  for (const l of msc.lifelines) {
    const x = col(l.id);
    const marked = l.marked === true;
    const label = marked && msc.markText !== undefined ? `${l.label} (${msc.markText})` : l.label;
    out.push(`<g class="msc-lifeline${marked ? ' msc-marked' : ''}" data-entity="${escapeXml(l.id)}">`);
    out.push(`<line class="life" x1="${x}" y1="${HEAD}" x2="${x}" y2="${chartBottom}"/>`);
    out.push(`<rect x="${x - COLUMN / 2 + 12}" y="6" width="${COLUMN - 24}" height="${HEAD - 10}" rx="4" fill="${marked ? '#d0ebff' : '#f1f3f5'}" stroke="${marked ? '#1864ab' : '#495057'}" stroke-width="${marked ? 2 : 1}"/>`);
    out.push(text(x, 23, [label], 'middle').replace('<text ', marked ? '<text font-weight="bold" ' : '<text '), '</g>');
  }
  out.push(...body);
  legend.forEach(([style, meaning, kind], i) => {
    const ly = legendTop + i * 18;
    out.push(`<g class="msc-legend s-${style}">`);
    out.push(kind === 'arrow'
      ? `<line x1="${MARGIN}" y1="${ly - 3}" x2="${MARGIN + 28}" y2="${ly - 3}" marker-end="url(#${id}-${style})"/>`
      : `<rect x="${MARGIN}" y="${ly - 9}" width="28" height="12"/>`);
    out.push(text(MARGIN + 36, ly + 1, [meaning], 'start').replace('<text ', '<text style="fill:#212529;font-weight:normal" '), '</g>');
  });
  out.push('</svg>');
  return out.join('\n');
}
