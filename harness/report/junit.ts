// JUnit XML (the dialect GitHub Actions, GitLab and Jenkins read; schemas/junit.xsd): one
// testsuite of test purposes and one of requirements. fail → <failure>, error → <error>, none
// and inconc → <skipped>. Written with xmlbuilder2, so escaping is the serializer's job; what
// XML 1.0 cannot hold at all (most C0 controls, even as character references) is replaced
// visibly first, since an SUT's stderr reaches the error text verbatim.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { CheckReport, Verdict } from './types.ts';

// XML 1.0 §2.2 Char, minus the C1 controls and DEL (allowed but "discouraged", and a terminal
// escape shown in CI is noise either way), so every control character reads the same: \uXXXX.
// eslint-disable-next-line no-control-regex
const NOT_XML_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every character XML 1.0 cannot carry (or discourages) written as `\uXXXX`. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_TEXT, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly verdict: Verdict;
  readonly detail: string;
}

function outcome(testcase: XMLBuilder, verdict: Verdict, detail: string): void {
  switch (verdict) {
    case 'fail':
      testcase.ele('failure', { message: xmlSafe(detail), type: 'fail' }).txt(xmlSafe(detail));
      return;
    case 'error':
      testcase.ele('error', { message: xmlSafe(detail), type: 'error' }).txt(xmlSafe(detail));
      return;
    case 'none':
      testcase.ele('skipped', { message: xmlSafe(`none: not applicable. ${detail}`) });
      return;
    case 'inconc':
      testcase.ele('skipped', { message: xmlSafe(`inconc: ${detail}`) });
      return;
    case 'pass':
      return;
  }
}

function suite(parent: XMLBuilder, name: string, cases: readonly Case[], seconds: number): void {
  const count = (v: Verdict): number => cases.filter((c) => c.verdict === v).length;
  const el = parent.ele('testsuite', {
    name,
    tests: String(cases.length),
    failures: String(count('fail')),
    errors: String(count('error')),
    skipped: String(count('none') + count('inconc')),
    time: seconds.toFixed(3),
  });
  for (const c of cases) outcome(el.ele('testcase', { name: xmlSafe(c.name), classname: c.classname }), c.verdict, c.detail);
}

export function toJunit(r: CheckReport): string {
  const seconds = r.durationMs / 1000;
  const cxFor = (reqs: readonly string[]): string =>
    r.counterexamples
      .filter((c) => reqs.includes(c.requirement))
      .map((c) => `${c.requirement}: ${c.message} (length ${c.length}; replay: ${c.replay})`)
      .join('\n');
  const purposes: Case[] = r.purposes.map((p) => ({
    name: `${p.id} ${p.title}`,
    classname: 'proauth.purposes',
    verdict: p.verdict,
    detail: p.verdict === 'error' ? (r.error ?? 'SUT error') : p.verdict === 'fail' ? cxFor(p.requirements) : (p.because ?? ''),
  }));
  const reqs: Case[] = r.requirements.map((q) => ({
    name: q.id,
    classname: 'proauth.requirements',
    verdict: q.verdict,
    detail: q.verdict === 'error' ? (r.error ?? 'SUT error') : q.verdict === 'fail' ? cxFor([q.id]) : `${q.because !== undefined ? `${q.because}; ` : ''}judged by ${q.purposes.join(', ')}`,
  }));
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele('testsuites', { name: 'proauth check', tests: String(purposes.length + reqs.length), time: seconds.toFixed(3) });
  suite(root, 'test purposes', purposes, seconds);
  suite(root, 'requirements', reqs, seconds);
  return doc.end({ prettyPrint: true }) + '\n';
}
