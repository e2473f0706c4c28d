// Honest verdicts: a purpose passes only on its decisive case at an SUT entity, an unreachable
// one says why (none), a reachable one not reached says what was missing (inconc), and key
// requirements pass only with the wire checks' evidence.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../harness/cli/run-check.ts';
import { CLI_WEIGHTS, CliSutAdapter, DEFAULT_CHECK_RUNS, DEFAULT_STEPS, runSeed } from '../../harness/cli/engine.ts';
import type { CliIo } from '../../harness/cli/io.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { judge } from '../../harness/cli/verdicts.ts';
import { parsePics, REFERENCE_PICS } from '../../harness/pics/pics.ts';
import { applicability, TEST_PURPOSES, type RecordedStep } from '../../harness/pics/test-purposes.ts';
import { exercised } from '../../harness/report/exercised.ts';
import { toMarkdown } from '../../harness/report/markdown.ts';
import { summarize } from '../../harness/report/types.ts';

const quiet: CliIo = { out: () => undefined, err: () => undefined, isTTY: false } as unknown as CliIo;

/**
 * Reachable purposes the default budget does not reach (measured at seeds 1, 2, 3): each needs
 * the depth lie or a root lie to meet a second cause at one decision, and the lower tester's
 * weights cannot rise without the fallback lie tripping the model's fallback-on-request
 * property (see the report of this change).
 */
async function record(seeds: number, weights = CLI_WEIGHTS): Promise<RecordedStep[]> {
  const sut = await openSut({ timeoutMs: 1000 });
  const adapter = new CliSutAdapter(sut.adapter, sut.name);
  const out: RecordedStep[] = [];
  try {
    for (let seed = 1; seed <= seeds; seed++) {
      const r = await runSeed(sut, adapter, seed, { steps: DEFAULT_STEPS, model: true, weights });
      expect(r.error).toBeUndefined();
      out.push(...r.recorded);
    }
  } finally {
    await sut.close();
  }
  return out;
}

describe('test purposes', () => {
  it('the default check reaches every applicable purpose of the reference PICS', async () => {
    const { report } = await runCheck({ runs: DEFAULT_CHECK_RUNS, seed: 1, steps: DEFAULT_STEPS, json: true, timeoutMs: 10_000 }, quiet, 'proauth check');
    expect(report.verdict).toBe('pass');
    // The reference PICS claims L = 0 too, so every purpose is reachable, and each passes.
    expect(report.purposes.filter((p) => p.verdict !== 'pass').map((p) => [p.id, p.verdict, p.because])).toEqual([]);
    // Key requirements pass on wire evidence.
    for (const id of ['5.14.2-S6', 'A-K-BIND', 'A-MISK']) expect(report.requirements.find((q) => q.id === id)?.verdict).toBe('pass');
    expect(report.exercised?.wire?.wrapsOpened).toBeGreaterThan(0);
    expect(report.exercised?.lies['depth']).toBeGreaterThan(0);
    expect(Object.keys(report.exercised?.placements ?? {}).sort()).toEqual(['MN', 'MN+SPoS+TPoS', 'SPoS+TPoS']);
    expect(summarize(report).exercised?.features.noTarget).toBeGreaterThan(0);
    expect(toMarkdown(report)).toMatch(/## Exercised[\s\S]*\| tampers \| [^\n]*echo \d+/);
  }, 120_000);

  it('TP-CHAIN-TPOS: without lies no request over the limit reaches the TPoS, so inconc (it passed before on depth bookkeeping)', async () => {
    const steps = await record(30, { ...CLI_WEIGHTS, lie: 0 });
    const played = [...new Set(steps.flatMap((s) => s.placement?.entities ?? []))];
    const v = judge({ pics: REFERENCE_PICS, placement: { roles: REFERENCE_PICS.roles, entities: played }, steps, counterexamples: [], error: undefined });
    // The old evidence: an SUT optimized SA at depth ≥ 1.
    expect(steps.some((s) => s.observation.poss.some((p) => p.sas.some((sa) => sa.idType === 3 && sa.depth >= 1)))).toBe(true);
    const chain = v.purposes.find((p) => p.id === 'TP-CHAIN-TPOS');
    expect(chain?.verdict).toBe('inconc');
    expect(chain?.because).toContain('depth > L');
    expect(v.purposes.find((p) => p.id === 'TP-LIE-FALLBACK')?.verdict).toBe('inconc');
    expect(v.purposes.find((p) => p.id === 'TP-OPTIMIZED')?.verdict).toBe('pass');
  }, 120_000);

  it('key requirements without wire evidence are inconc, whatever the purposes say', async () => {
    const steps = (await record(20)).map(({ wire: _wire, ...rest }) => rest);
    const played = [...new Set(steps.flatMap((s) => s.placement?.entities ?? []))];
    const v = judge({ pics: REFERENCE_PICS, placement: { roles: REFERENCE_PICS.roles, entities: played }, steps, counterexamples: [], error: undefined });
    expect(v.purposes.find((p) => p.id === 'TP-OPTIMIZED')?.verdict).toBe('pass');
    const s6 = v.requirements.find((q) => q.id === '5.14.2-S6');
    expect(s6?.verdict).toBe('inconc');
    expect(s6?.because).toMatch(/^no wire evidence/);
    expect(v.purposes.find((p) => p.id === 'TP-KEY-DISTRIBUTION')?.verdict).toBe('inconc');
    expect(exercised(steps).wire).toBeUndefined();
  }, 120_000);

  it('unreachable and not-claimed purposes are none with the reason', () => {
    const tposOnly = parsePics({ pics: 'proauth-pics/1', roles: ['TPoS'] });
    const sposOnly = parsePics({ pics: 'proauth-pics/1', roles: ['SPoS'] });
    const l0 = parsePics({ pics: 'proauth-pics/1', roles: ['SPoS', 'TPoS'], methods: ['EAP', 'TLS'], chainLimit: 0 });
    const because = (p: ReturnType<typeof parsePics>, id: string): string | undefined => applicability(p).find((a) => a.purpose.id === id)?.because;
    expect(because(tposOnly, 'TP-ORDER-MN_REQUESTED-NO_TRUST')).toMatch(/^SUT implements TPoS/);
    expect(because(sposOnly, 'TP-ORDER-NOT_EAP_ROOT-CHAIN_LIMIT')).toMatch(/^unreachable: a GKB-rooted SA arises only at a TPoS/);
    const positive = parsePics({ pics: 'proauth-pics/1', roles: ['SPoS', 'TPoS'], methods: ['EAP', 'TLS'], chainLimitRange: { min: 1, max: 3 } });
    expect(because(positive, 'TP-ORDER-TLS_ROOT-CHAIN_LIMIT')).toMatch(/^unreachable: a TLS-rooted SA always has depth 0/);
    // A PoS's own indication overtaken needs the SUT's PoS as a handover's TPoS and the next one's SPoS.
    for (const id of ['TP-LATE-INDICATION', 'TP-OVERTAKEN-INDICATION']) {
      expect(because(sposOnly, id)).toMatch(/^unreachable: the decisive case needs one SUT PoS/);
      expect(because(parsePics({ pics: 'proauth-pics/1', roles: ['MN', 'SPoS'] }), id)).toMatch(/^unreachable:/);
      expect(applicability(REFERENCE_PICS).find((a) => a.purpose.id === id)?.applicable).toBe(true);
    }
    expect(because(tposOnly, 'TP-LATE-INDICATION')).toMatch(/^unreachable: the decisive case needs one SUT PoS/);
    expect(applicability(l0).find((a) => a.purpose.id === 'TP-ORDER-TLS_ROOT-CHAIN_LIMIT')?.applicable).toBe(true);
    const noErp = parsePics({ pics: 'proauth-pics/1', roles: ['MN'], methods: ['EAP'] });
    expect(because(noErp, 'TP-ERP')).toBe('the PICS does not claim method ERP and optimized establishment');
  });

  it('every purpose names its decisive case and cites known requirement IDs', () => {
    const ids = new Set(TEST_PURPOSES.map((p) => p.id));
    expect(ids.size).toBe(TEST_PURPOSES.length);
    for (const p of TEST_PURPOSES) {
      expect(p.decisive.length).toBeGreaterThan(10);
      expect(p.requirements.length).toBeGreaterThan(0);
      if (p.needs !== undefined) expect(p.option).toBeDefined();
    }
  });
});
