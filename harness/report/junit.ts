// JUnit XML (the dialect GitHub Actions, GitLab and Jenkins read): one testsuite of test
// purposes and one of requirements. fail → <failure>, error → <error>, none and inconc → <skipped>.
import type { CheckReport, Verdict } from './types.ts';

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function body(verdict: Verdict, detail: string): string {
  switch (verdict) {
    case 'fail':
      return `<failure message="${xmlEscape(detail)}" type="fail">${xmlEscape(detail)}</failure>`;
    case 'error':
      return `<error message="${xmlEscape(detail)}" type="error">${xmlEscape(detail)}</error>`;
    case 'none':
      return `<skipped message="${xmlEscape(`none: not applicable. ${detail}`)}"/>`;
    case 'inconc':
      return `<skipped message="${xmlEscape(`inconc: ${detail}`)}"/>`;
    case 'pass':
      return '';
  }
}

function suite(name: string, cases: readonly { name: string; classname: string; verdict: Verdict; detail: string }[], seconds: number): string {
  const count = (v: Verdict): number => cases.filter((c) => c.verdict === v).length;
  const head = `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('none') + count('inconc')}" time="${seconds.toFixed(3)}">`;
  const rows = cases.map((c) => {
    const inner = body(c.verdict, c.detail);
    return inner === ''
      ? `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}"/>`
      : `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}">${inner}</testcase>`;
  });
  return [head, ...rows, '  </testsuite>'].join('\n');
}

export function toJunit(r: CheckReport): string {
  const seconds = r.durationMs / 1000;
  const cxFor = (reqs: readonly string[]): string =>
    r.counterexamples
      .filter((c) => reqs.includes(c.requirement))
      .map((c) => `${c.requirement}: ${c.message} (length ${c.length}; replay: ${c.replay})`)
      .join('\n');
  const purposes = r.purposes.map((p) => ({
    name: `${p.id} ${p.title}`,
    classname: 'proauth.purposes',
    verdict: p.verdict,
    detail: p.verdict === 'error' ? (r.error ?? 'SUT error') : p.verdict === 'fail' ? cxFor(p.requirements) : (p.because ?? ''),
  }));
  const reqs = r.requirements.map((q) => ({
    name: q.id,
    classname: 'proauth.requirements',
    verdict: q.verdict,
    detail: q.verdict === 'error' ? (r.error ?? 'SUT error') : q.verdict === 'fail' ? cxFor([q.id]) : `${q.because !== undefined ? `${q.because}; ` : ''}judged by ${q.purposes.join(', ')}`,
  }));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="proauth check" tests="${purposes.length + reqs.length}" time="${seconds.toFixed(3)}">`,
    suite('test purposes', purposes, seconds),
    suite('requirements', reqs, seconds),
    '</testsuites>',
    '',
  ].join('\n');
}
