// The human report: overall verdict, a verdict table per requirement and per test purpose,
// and each counterexample as a message sequence chart with its replay command.
import { escapeControl } from '../sut-process/diagnosis.ts';
import { sequenceDiagram } from './mermaid.ts';
import { exercisedRows } from './exercised.ts';
import type { CheckReport, Verdict } from './types.ts';

const BADGE: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', inconc: '❔ inconc', none: '➖ none', error: '💥 error' };

/** A Markdown code span that shows `s` verbatim, backticks in a quoted command included. */
function codeSpan(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

/** One table cell or line: an SUT's text may hold a terminal escape or a NUL, shown as \uXXXX. */
function cell(s: string): string {
  return escapeControl(s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
}

export function toMarkdown(r: CheckReport): string {
  const out: string[] = [];
  out.push(`# proauth conformance report: ${BADGE[r.verdict]}`, '');
  const roles = r.sut.unknown !== undefined ? `roles ${r.sut.unknown}` : `roles ${r.sut.roles.join(', ')}`;
  out.push(`- SUT: ${cell(r.sut.name)} (${r.sut.kind}), ${cell(roles)}; entities played by the SUT: ${r.sut.entities.join(', ') || '—'}`);
  const p = r.pics;
  out.push(
    p === undefined
      ? `- PICS: ${cell(r.sut.unknown ?? 'not known')}`
      : `- PICS: ${cell(p.implementation.name ?? '(unnamed)')}; chain limit ${p.chainLimitRange.min === p.chainLimitRange.max ? p.chainLimit : `${p.chainLimitRange.min}..${p.chainLimitRange.max}`} enforced by ${p.chainLimitEnforcedBy.join('+') || 'nobody'}; methods ${p.methods.join(', ')}; suites ${p.suites.join(', ')}`,
  );
  out.push(`- Seed ${r.seed}, ${r.runs} runs, ${r.steps} steps${r.shard !== undefined ? `, shard ${r.shard.index}/${r.shard.count} (seeds ${r.shard.seeds.join(', ')})` : ''}, ${(r.durationMs / 1000).toFixed(1)} s`);
  out.push(`- Oracle: ${r.oracle ?? 'property catalogue'}`);
  out.push(`- Command: ${codeSpan(r.command)}`);
  if (r.error !== undefined) out.push('', `> **SUT error:** ${cell(r.error)}`);
  out.push('', '## Requirements', '', '| requirement | verdict | judged by | note |', '|---|---|---|---|');
  for (const q of r.requirements) out.push(`| ${q.id} | ${BADGE[q.verdict]} | ${q.purposes.join(', ')} | ${cell(q.because ?? '')} |`);
  out.push('', '## Test purposes', '', '| purpose | verdict | requirements | note |', '|---|---|---|---|');
  for (const p of r.purposes) out.push(`| ${p.id} ${cell(p.title)} | ${BADGE[p.verdict]} | ${p.requirements.join(', ')} | ${cell(p.because ?? '')} |`);
  out.push('', 'Verdicts (TTCN-3): pass = the decisive case was exercised at an SUT entity and conformant; fail = a counterexample; inconc = reachable but not reached by these runs (the note says what was missing); none = not applicable to the roles and options in the PICS, or unreachable for them (the note says why); error = the SUT broke the test session.');
  if (r.exercised !== undefined) {
    out.push('', '## Exercised', '', '| what | count |', '|---|---|');
    for (const [what, counts] of exercisedRows(r.exercised)) out.push(`| ${what} | ${cell(counts)} |`);
  }
  r.counterexamples.forEach((c, i) => {
    out.push('', `## Counterexample ${i + 1}: ${c.requirement}`, '');
    out.push(`- Property: ${cell(c.property)}`, `- ${cell(c.message)}`, `- Length: ${c.length} steps (seed ${c.seed}, path \`${c.path}\`)`, `- Replay: ${codeSpan(c.replay)}`, `- ITF trace: \`counterexample-${i + 1}.itf.json\``);
    if (c.discard !== undefined) out.push(`- Discarded by the tester's ${c.discard.entity}: ${c.discard.reason} (${c.discard.requirement})`);
    if (c.placement !== undefined) out.push(`- Placement: ${c.placement.kind} (the SUT plays ${c.placement.entities.join(', ') || 'nothing'}; roles ${c.placement.roles.join(', ')}; every other entity is the tester's pristine reference)`);
    if (c.world !== undefined) out.push('', '<details><summary>World</summary>', '', '```json', JSON.stringify(c.world, null, 1), '```', '', '</details>');
    out.push('', '```mermaid', sequenceDiagram(c.initial, c.trace, { failure: `${c.requirement}: ${c.message}`, sutEntities: c.placement?.entities ?? r.sut.entities }), '```');
  });
  out.push('');
  return out.join('\n');
}
