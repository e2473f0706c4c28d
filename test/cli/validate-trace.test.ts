// validate-trace replays a deployment log through the model: a trace the model produces is
// explained; a record the model does not produce (a field changed, a decision the model's entity
// does not take, a key mapping that breaks) is not, at that record's line; a malformed log is
// exit 2 naming the line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTraceText } from '../../harness/cli/commands/validate-trace.ts';
import { parseTrace } from '../../harness/cli/trace-format.ts';
import { initialFacts, judgeStep } from '../../properties/index.ts';
import { cli, tempDir } from './helpers.ts';

const lines = (f: string): string[] => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '');

describe('proauth validate-trace', () => {
  it('explains the good traces', async () => {
    for (const f of ['examples/traces/good.jsonl', 'examples/traces/good-tpos-policy.jsonl']) {
      const r = await cli(['validate-trace', f]);
      expect(r.code, f).toBe(0);
      expect(r.out).toMatch(/explained, \d+ steps/);
    }
  });

  it('reports the tampered SA of bad.jsonl at its own line, with the depth the model expects', async () => {
    const r = await cli(['validate-trace', 'examples/traces/bad.jsonl', '--json']);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.out) as { explained: boolean; failure: { line: number; causeLine: number; requirement: string; property: string; message: string } };
    expect(v.explained).toBe(false);
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N4b
    //= type=test
    //# To prevent such domino effect, the chain shall be limited.
    expect(v.failure.requirement).toBe('5.14.2-N4b');
    expect(v.failure.property).toBe('model');
    expect(v.failure.line).toBe(28);
    expect(v.failure.causeLine).toBe(26);
    expect(v.failure.message).toBe('line 28: sa at B with mn1: idType 3, root EAP, depth 0, prepared: the model\'s PoS B has depth 1 in its SA with mn1 here (5.14.2-N4b)');
  });

  it('bad-tpos-fallback.jsonl satisfies the properties and the profile rules, and only the model rejects it', async () => {
    const file = 'examples/traces/bad-tpos-fallback.jsonl';
    // The premise: every property of the catalogue holds on every step of this trace.
    const trace = parseTrace(readFileSync(file, 'utf8'));
    let verdict = judgeStep(trace.config, initialFacts(trace.config), null, null, trace.initial);
    let prev = trace.initial;
    for (const s of trace.steps) {
      verdict = judgeStep(trace.config, verdict.facts, prev, s.stimulus, s.observation);
      expect(verdict.violations, `line ${s.line}`).toEqual([]);
      prev = s.observation;
    }
    // The model's TPoS B never had its fallback policy set on, so it answers SUCCESS.
    const r = await cli(['validate-trace', file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
      //= type=test
      //# or if any of the MN or TPoS requests so.
      "line 17: send MIS_N2N_Prereg_Xfer.response FULL_AUTH_REQUIRED/TPOS_REQUESTED B→A (MN mn1): the model's TPoS B sends MIS_N2N_Prereg_Xfer.response SUCCESS B→A (MN mn1) here (5.14.2-N1c)",
    );
    // The same log with the policy stimulus it lacks is explained.
    const withPolicy = lines('examples/traces/good-tpos-policy.jsonl');
    expect(withPolicy.filter((l) => !l.includes('"setFallbackPolicy"'))).toEqual(lines(file));
  });

  it('a lost PDU is a drop in the model: nothing follows it', () => {
    const good = lines('examples/traces/good-tpos-policy.jsonl');
    const n2n = good.findIndex((l) => l.startsWith('{"t":"send","pdu":{"type":"MIS_N2N_Prereg_Xfer.request"'));
    const lost = good[n2n]!.replace('"t":"send"', '"t":"lost"');
    expect(validateTraceText([...good.slice(0, n2n + 1), lost].join('\n')).explained).toBe(true);
    const answered = good[n2n + 2]!;
    const v = validateTraceText([...good.slice(0, n2n + 1), lost, answered].join('\n'));
    expect(v.failure?.line).toBe(n2n + 3);
    expect(v.failure?.message).toMatch(/: the model sends nothing more here/);
  });

  it('key fingerprints must map consistently to the model key classes', () => {
    const good = lines('examples/traces/good-tpos-policy.jsonl');
    // mn1 installs its SA with A under a fingerprint other than A's: the model has one key there.
    const i = good.findIndex((l) => l.startsWith('{"t":"sa","entity":"mn1"'));
    const tampered = [...good];
    tampered[i] = good[i]!.replace(/"key":"[0-9a-f]+"/, '"key":"0000000000000000"');
    const v = validateTraceText(tampered.join('\n'));
    expect(v.failure?.line).toBe(i + 1);
    expect(v.failure?.requirement).toBe('5.14.2-S9');
    expect(v.failure?.message).toMatch(/key in its SA with A that does not map to this fingerprint/);
  });

  it('a delivery of a PDU never sent is a malformed log', () => {
    const good = lines('examples/traces/good.jsonl');
    const forged = [good[0], JSON.stringify({ t: 'recv', pdu: { type: 'MIS_Auth.response', src: 'A', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: 'ff' } })].join('\n');
    expect(() => validateTraceText(forged)).toThrow(/line 2: recv of MIS_Auth.response A→mn1 that was never sent/);
  });

  it('a stimulus the model does not enable is not explained', () => {
    const good = lines('examples/traces/good.jsonl');
    const v = validateTraceText([good[0], JSON.stringify({ t: 'stimulus', stimulus: { kind: 'complete', mn: 'mn1' } })].join('\n'));
    expect(v.explained).toBe(false);
    expect(v.failure?.line).toBe(2);
    expect(v.failure?.message).toMatch(/line 2: stimulus complete mn1: the model does not enable complete mn1/);
  });

  it('records missing their fields and a world the model cannot run are typed errors', () => {
    const world = lines('examples/traces/good.jsonl')[0]!;
    expect(() => validateTraceText([world, '{"t":"stimulus","stimulus":{"mn":"mn1"}}'].join('\n'))).toThrow(/line 2: a stimulus record needs "stimulus" with kind/);
    expect(() => validateTraceText([world, '{"t":"stimulus","stimulus":{"kind":"attach","mn":"mn1","domain":"A"}}', '{"t":"send"}'].join('\n'))).toThrow(/line 3: a send record needs "pdu"/);
    expect(() => validateTraceText('\n{"t":"world","world":{"chainLimit":3}}')).toThrow(/line 2: the world record needs "world" with arrays/);
    expect(() => validateTraceText('{"t":"world","world":{"chainLimit":3,"domains":[],"mns":[{"id":"m","home":"X","rats":[],"method":"EAP","suites":[]}]}}')).toThrow(/line 1: the world record is not a world the model can run/);
  });

  it('an SA suite is judged where the log records it, and only there', () => {
    // The log format makes an SA's suite optional: a log without it is not judged on it (good.jsonl
    // records none); a log that records it is judged, a wrong c failing at that record.
    const good = lines('examples/traces/good.jsonl');
    const at = good.findIndex((l) => l.includes('"t":"sa","entity":"B"') && l.includes('"state":"prepared"'));
    expect(at).toBeGreaterThan(0);
    const withSuite = (c: number): string => {
      const r = JSON.parse(good[at]!) as { sa: Record<string, unknown> };
      r.sa['suite'] = c;
      return [...good.slice(0, at), JSON.stringify(r), ...good.slice(at + 1)].join('\n');
    };
    expect(validateTraceText(good.join('\n')).explained).toBe(true);
    const right = validateTraceText(withSuite(1));
    expect(right.failure ?? null).toBeNull();
    const wrong = validateTraceText(withSuite(2));
    expect(wrong.explained).toBe(false);
    expect(wrong.failure?.line).toBe(at + 1);
    expect(wrong.failure?.message).toMatch(/suite/);
  });

  it('a malformed log exits 2 naming the line', async () => {
    const file = join(tempDir(), 't.jsonl');
    writeFileSync(file, '{"t":"world","world":{"chainLimit":3,"domains":[],"mns":[]}}\n{oops\n');
    const r = await cli(['validate-trace', file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2: not JSON/);
  });
});
