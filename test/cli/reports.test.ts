// Report writers on a hand-made report: ITF shape, JUnit verdict mapping, Mermaid, no key bytes.
import { describe, expect, it } from 'vitest';
import { toItf } from '../../harness/report/itf.ts';
import { toJunit } from '../../harness/report/junit.ts';
import { toMarkdown } from '../../harness/report/markdown.ts';
import { sequenceDiagram } from '../../harness/report/mermaid.ts';
import { summarize, worst, type CheckReport, type Counterexample } from '../../harness/report/types.ts';
import { REFERENCE_PICS } from '../../harness/pics/pics.ts';
import type { Observation } from '../../vocabulary/observation.ts';

const empty: Observation = { mns: [{ id: 'mn1', lifecycle: 'detached', attachedTo: null, sas: [] }], poss: [{ id: 'A', sas: [] }], inFlight: [] };
const sent: Observation = { ...empty, inFlight: [{ type: 'MIS_Auth.request', src: 'mn1', dst: 'A', mn: 'mn1', nonceN: 'aa' }] };
const attached: Observation = {
  mns: [{ id: 'mn1', lifecycle: 'waiting', attachedTo: null, sas: [] }],
  poss: [{ id: 'A', sas: [{ peer: 'mn1', idType: 1, root: 'EAP', depth: 0, state: 'serving', suite: null, key: '0123456789abcdef' }] }],
  inFlight: [{ type: 'MIS_Auth.response', src: 'A', dst: 'mn1', mn: 'mn1', status: 'SUCCESS', nonceN: 'aa' }],
};

const cx: Counterexample = {
  requirement: '5.14-T1',
  property: 'id-type',
  message: 'PoS A installed an SA with ID_TYPE 1',
  seed: 4,
  path: '0:2',
  length: 2,
  initial: empty,
  replay: 'proauth replay 4:0:2 --steps 150',
  trace: [
    { stimulus: { kind: 'attach', mn: 'mn1', domain: 'A' }, observation: sent },
    { stimulus: { kind: 'deliver', index: 0 }, observation: attached },
  ],
};

const report: CheckReport = {
  tool: 'proauth',
  command: 'proauth check',
  verdict: 'fail',
  sut: { kind: 'in-process', name: 'test', roles: ['MN', 'SPoS', 'TPoS'], entities: ['mn1', 'A'] },
  pics: REFERENCE_PICS,
  seed: 4,
  runs: 1,
  steps: 2,
  durationMs: 12,
  purposes: [
    { id: 'TP-ATTACH', title: 'attach', requirements: ['5.14-T1'], verdict: 'fail' },
    //= spec/clause-5.14-proposed-text.txt#5.14.2-N1a
    //= type=test
    //# The optimized MIH SA establishment is allowed only when a trust relationship has established
    //# between the network domains of SPoS and TPoS.
    { id: 'TP-NO-TRUST', title: 'trust', requirements: ['5.14.2-N1a'], verdict: 'none', because: 'SPoS only' },
    //= SPEC_MAPPING.md#A-REPLAY
    //= type=test
    //# The TPoS remembers (SPoS, nonceN) of every MIS_N2N_Prereg_Xfer.request whose MAC and wrapped
    { id: 'TP-REPLAY', title: 'replay', requirements: ['A-REPLAY'], verdict: 'inconc' },
  ],
  requirements: [
    { id: '5.14-T1', verdict: 'fail', purposes: ['TP-ATTACH'] },
    { id: '5.14.2-N1a', verdict: 'none', purposes: ['TP-NO-TRUST'] },
  ],
  counterexamples: [cx],
};

describe('reports', () => {
  it('ITF: #meta, vars, one state per step with #meta.index', () => {
    const itf = toItf(cx, 'proauth check') as { '#meta': { format: string }; vars: string[]; states: { '#meta': { index: number }; stimulus: unknown; inFlight: unknown[] }[] };
    expect(itf['#meta'].format).toBe('ITF');
    expect(itf.vars).toEqual(['step', 'stimulus', 'mns', 'poss', 'inFlight']);
    expect(itf.states.map((s) => s['#meta'].index)).toEqual([0, 1, 2]);
    // One stimulus record type: every field of every kind, present ones Some, the rest None.
    const none = { tag: 'None', value: { '#tup': [] } };
    const some = (value: unknown): unknown => ({ tag: 'Some', value });
    expect(itf.states[1]!.stimulus).toEqual({ kind: 'attach', mn: some('mn1'), domain: some('A'), target: none, fallback: none, on: none, index: none, how: none, choice: none, what: none });
    expect(itf.states[2]!.stimulus).toEqual({ kind: 'deliver', mn: none, domain: none, target: none, fallback: none, on: none, index: some(0), how: none, choice: none, what: none });
    // ITF has no null: attachedTo null becomes Quint's None.
    expect(JSON.stringify(itf)).not.toContain('null');
    expect(JSON.stringify(itf)).toContain('{"tag":"None","value":{"#tup":[]}}');
  });

  it('JUnit: fail → failure, none/inconc → skipped, counts in the suite', () => {
    const xml = toJunit(report);
    expect(xml).toContain('<testsuite name="test purposes" tests="3" failures="1" errors="0" skipped="2"');
    expect(xml).toMatch(/<testcase name="TP-ATTACH attach" classname="proauth.purposes">\s*<failure message="5.14-T1: PoS A installed/);
    expect(xml).toContain('<skipped message="none: not applicable. SPoS only"/>');
  });

  it('Markdown: tables, Mermaid MSC of the PDUs, replay command', () => {
    const md = toMarkdown(report);
    expect(md).toContain('| 5.14-T1 | ❌ fail | TP-ATTACH |');
    expect(md).toContain('  mn1->>A: 2. MIS_Auth.request');
    expect(md).toContain('`proauth replay 4:0:2 --steps 150`');
    const msc = sequenceDiagram(cx.initial, cx.trace, { sutEntities: ['A'] });
    expect(msc.split('\n')[0]).toBe('sequenceDiagram');
    expect(msc).toContain('participant A as A (SUT)');
    expect(msc).toContain('Note over mn1: 1. attach mn1 at A');
  });

  it('Mermaid: the FAIL note over where it happened, wrapped not cut; the PDU the failing step sent drawn; # kept', () => {
    const long = `PoS A installed an SA with ID_TYPE 1; ${'x'.repeat(30)} `.repeat(6) + 'THE END';
    const msc = sequenceDiagram(cx.initial, cx.trace, { failure: `5.14-T1: ${long}`, sutEntities: ['A'] });
    const note = msc.split('\n').at(-1)!;
    // The step delivered mn1 → A and A answered; the failure names A alone.
    expect(note).toMatch(/^ {2}Note over A: FAIL 5\.14-T1#58; PoS A installed/);
    expect(note).toContain('THE END');
    expect(note.split('<br/>').every((l) => l.length <= 80)).toBe(true);
    expect(msc).toContain('  A-->>mn1: 2. ⚠ MIS_Auth.response SUCCESS (sent in the failing step)');
    expect(sequenceDiagram(sent, [{ stimulus: { kind: 'duplicate', index: 0 }, observation: { ...sent, inFlight: [...sent.inFlight, ...sent.inFlight] } }])).toContain('Note over mn1,A: 1. network#58; duplicate #35;0 MIS_Auth.request');
  });

  it('the JSON summary and the verdict order', () => {
    expect(summarize(report)).toEqual({
      verdict: 'fail',
      seed: 4,
      runs: 1,
      steps: 2,
      requirements: [
        { id: '5.14-T1', verdict: 'fail' },
        { id: '5.14.2-N1a', verdict: 'none' },
      ],
      counterexamples: [{ requirement: '5.14-T1', length: 2, replay: 'proauth replay 4:0:2 --steps 150' }],
    });
    expect(worst('pass', 'fail')).toBe('fail');
    expect(worst('error', 'fail')).toBe('error');
    expect(worst('none', 'inconc')).toBe('inconc');
  });
});
