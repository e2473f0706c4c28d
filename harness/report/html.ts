// report.html: the check report as one self-contained page (inline CSS, inline SVG, inline JS,
// no URL of any kind), built from the same CheckReport as report.md: verdicts per requirement
// and per purpose, what was exercised, and each counterexample as a sequence chart drawn by
// msc-svg.ts with its shrunk trace, observations and replay command (with a copy button).
import { describeStep } from '../cli/msc-text.ts';
import { escapeHtml } from './escape.ts';
import { exercisedRows } from './exercised.ts';
import { checkMsc, mscSvg } from './msc-svg.ts';
import type { CheckReport, Counterexample, Verdict } from './types.ts';

export { escapeHtml } from './escape.ts';

const STYLE = `
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:80rem;padding:0 1rem;color:#212529;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #dee2e6}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #dee2e6;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f3f5}code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f8f9fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap}
.verdict{font-weight:bold;padding:0 .35rem;border-radius:3px}
.v-pass{background:#d3f9d8;color:#2b8a3e}.v-fail{background:#ffe3e3;color:#c92a2a}.v-error{background:#ffe8cc;color:#d9480f}
.v-inconc{background:#fff3bf;color:#8a6d00}.v-none{background:#f1f3f5;color:#868e96}
tr.row-fail td{background:#fff5f5}
.chart{overflow-x:auto;border:1px solid #dee2e6;margin:.5rem 0}
.cmd{display:flex;gap:.5rem;align-items:flex-start}.cmd code{flex:1;background:#f8f9fa;padding:.35rem;word-break:break-all}
button.copy{cursor:pointer}
.error{border-left:4px solid #d9480f;background:#fff4e6;padding:.5rem}
.jump{border-left:4px solid #c92a2a;background:#fff5f5;padding:.5rem}
`;

// Copies the button's data-copy text: the Clipboard API where the page may use it, otherwise a
// selected textarea and execCommand, so the button works from file:// in every browser.
const SCRIPT = `
document.addEventListener('click', function (e) {
  var b = e.target instanceof Element ? e.target.closest('button.copy') : null;
  if (!b) return;
  var text = b.getAttribute('data-copy') || '';
  var done = function (ok) { b.textContent = ok ? 'Copied' : 'Copy failed'; b.setAttribute('data-copied', ok ? 'yes' : 'no'); };
  var fallback = function () {
    var t = document.createElement('textarea');
    t.value = text; t.setAttribute('readonly', ''); t.style.position = 'fixed'; t.style.opacity = '0';
    document.body.appendChild(t); t.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
    document.body.removeChild(t); done(ok);
  };
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
  else fallback();
});
`;

/** A whole page around `body`: the one place that says what a report page may contain. */
export function htmlPage(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing outside the page may load, even if some text slipped through unescaped.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A command in a code box with a copy button. */
export function commandBox(command: string, cls = 'replay'): string {
  const c = escapeHtml(command);
  return `<div class="cmd ${cls}"><code>${c}</code><button type="button" class="copy" data-copy="${c}">Copy</button></div>`;
}

/** A table: header cells and rows of already escaped HTML. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], rowClass: (i: number) => string = () => ''): string {
  const tr = (cells: readonly string[], tag: 'th' | 'td', cls: string): string => `<tr${cls === '' ? '' : ` class="${cls}"`}>${cells.map((x) => `<${tag}>${x}</${tag}>`).join('')}</tr>`;
  return `<table><thead>${tr(head, 'th', '')}</thead><tbody>${rows.map((r, i) => tr(r, 'td', rowClass(i))).join('')}</tbody></table>`;
}

function badge(v: Verdict): string {
  return `<span class="verdict v-${v}">${v}</span>`;
}

const e = escapeHtml;

function chainLimit(p: NonNullable<CheckReport['pics']>): string {
  const range = p.chainLimitRange;
  return range.min === range.max ? String(p.chainLimit) : `${range.min}..${range.max}`;
}

/** The PICS line; an SUT that never completed the handshake has none, and the report says why. */
function picsLine(r: CheckReport): string {
  const p = r.pics;
  if (p === undefined) return `PICS: ${e(r.sut.unknown ?? 'not known')}`;
  return `PICS: ${e(p.implementation.name ?? '(unnamed)')}; chain limit ${chainLimit(p)} enforced by ${e(p.chainLimitEnforcedBy.join('+') || 'nobody')}; methods ${e(p.methods.join(', '))}; suites ${e(p.suites.join(', '))}`;
}

function summary(r: CheckReport): string {
  const items = [
    `SUT: ${e(r.sut.name)} (${r.sut.kind}), roles ${e(r.sut.roles.join(', '))}; entities played by the SUT: ${e(r.sut.entities.join(', ') || '—')}`,
    picsLine(r),
    `Seed ${r.seed}, ${r.runs} runs, ${r.steps} steps${r.shard !== undefined ? `, shard ${r.shard.index}/${r.shard.count} (seeds ${r.shard.seeds.join(', ')})` : ''}, ${(r.durationMs / 1000).toFixed(1)} s`,
    `Oracle: ${e(r.oracle ?? 'property catalogue')}`,
  ];
  return `<ul>${items.map((x) => `<li>${x}</li>`).join('')}</ul>${commandBox(r.command, 'command')}`;
}

/** The shrunk trace, one row per step: the stimulus and what it changed (fingerprints only). */
function traceTable(c: Counterexample): string {
  let before = c.initial;
  const rows = c.trace.map((step, i) => {
    const lines = before === undefined ? [`${i + 1}. ${JSON.stringify(step.stimulus)}`] : describeStep(i + 1, before, step.stimulus, step.observation);
    before = step.observation;
    const [head, ...rest] = lines;
    return [String(i + 1), `<code>${e((head ?? '').replace(/^\s*\d+\.\s*/, ''))}</code>`, rest.length === 0 ? '—' : `<pre>${e(rest.map((l) => l.trim()).join('\n'))}</pre>`];
  });
  return table(['step', 'stimulus', 'observed after it'], rows, (i) => (i === c.trace.length - 1 ? 'row-fail' : ''));
}

function counterexample(r: CheckReport, c: Counterexample, i: number): string {
  const n = i + 1;
  const msc = checkMsc(c.initial, c.trace, { failure: `${c.requirement}: ${c.message}`, sutEntities: c.placement?.entities ?? r.sut.entities });
  const facts = [
    `Property: ${e(c.property)}`,
    e(c.message),
    `Length: ${c.length} steps (seed ${c.seed}, path <code>${e(c.path)}</code>)`,
    `ITF trace: <code>counterexample-${n}.itf.json</code>`,
    ...(c.discard === undefined ? [] : [`Discarded by the tester's ${e(c.discard.entity)}: ${e(c.discard.reason)} (${e(c.discard.requirement)})`]),
    ...(c.placement === undefined ? [] : [`Placement: ${e(c.placement.kind)} (the SUT plays ${e(c.placement.entities.join(', ') || 'nothing')}; roles ${e(c.placement.roles.join(', '))}; every other entity is the tester's pristine reference)`]),
  ];
  return [
    `<section class="counterexample" id="counterexample-${n}" data-requirement="${e(c.requirement)}">`,
    `<h2>Counterexample ${n}: ${e(c.requirement)}</h2>`,
    `<ul>${facts.map((x) => `<li>${x}</li>`).join('')}</ul>`,
    '<p>Replay:</p>',
    commandBox(c.replay),
    `<div class="chart">${mscSvg(msc, `msc-${n}`)}</div>`,
    '<h3>Shrunk trace</h3>',
    traceTable(c),
    ...(c.world === undefined ? [] : [`<details><summary>World</summary><pre>${e(JSON.stringify(c.world, null, 1))}</pre></details>`]),
    '</section>',
  ].join('\n');
}

export function toHtml(r: CheckReport): string {
  const out: string[] = [];
  out.push(`<h1>proauth conformance report: ${badge(r.verdict)}</h1>`, summary(r));
  if (r.error !== undefined) out.push(`<p class="error"><strong>SUT error:</strong> ${e(r.error)}</p>`);
  // The counterexamples come last (after the long tables): say up front where they are.
  if (r.counterexamples.length > 0) {
    out.push(`<p class="jump">Failed: ${r.counterexamples.map((c, i) => `<a href="#counterexample-${i + 1}">${e(c.requirement)} (counterexample ${i + 1}, ${c.length} steps)</a>`).join(', ')}</p>`);
  }
  out.push('<h2>Requirements</h2>');
  out.push(table(['requirement', 'verdict', 'judged by', 'note'], r.requirements.map((q) => [`<span id="req-${e(q.id)}">${e(q.id)}</span>`, badge(q.verdict), e(q.purposes.join(', ')), e(q.because ?? '')]), (i) => (r.requirements[i]?.verdict === 'fail' ? 'row-fail' : '')));
  out.push('<h2>Test purposes</h2>');
  out.push(table(['purpose', 'verdict', 'requirements', 'note'], r.purposes.map((p) => [`${e(p.id)} ${e(p.title)}`, badge(p.verdict), e(p.requirements.join(', ')), e(p.because ?? '')]), (i) => (r.purposes[i]?.verdict === 'fail' ? 'row-fail' : '')));
  out.push('<p>Verdicts (TTCN-3): pass = the decisive case was exercised at an SUT entity and conformant; fail = a counterexample; inconc = reachable but not reached by these runs (the note says what was missing); none = not applicable to the roles and options in the PICS, or unreachable for them (the note says why); error = the SUT broke the test session.</p>');
  if (r.exercised !== undefined) {
    out.push('<h2>Exercised</h2>', table(['what', 'count'], exercisedRows(r.exercised).map(([what, counts]) => [e(what), e(counts)])));
  }
  r.counterexamples.forEach((c, i) => out.push(counterexample(r, c, i)));
  return htmlPage(`proauth conformance report: ${r.verdict}`, out.join('\n'));
}
