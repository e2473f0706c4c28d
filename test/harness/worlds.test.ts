// Generated worlds (harness/pics/pics-world.ts worldArbitrary): every world the generator makes is
// one both sides accept, and the SUT PoS always meets both one-sided agreements.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePics, REFERENCE_PICS, type Pics } from '../../harness/pics/pics.ts';
import { applicability } from '../../harness/pics/test-purposes.ts';
import { chasesErpSeqEnd } from '../../harness/cli/engine.ts';
import { hostsNoneOrEveryPos } from '../../harness/sut-process/hybrid.ts';
import { SUT_POS, worldArbitrary } from '../../harness/pics/pics-world.ts';
import { validateWorld } from '../../impl/config-validation.ts';
import { checkConfig } from '../../model/world/config.ts';

const ERP_PICS = parsePics({ pics: 'proauth-pics/1', roles: ['MN', 'SPoS', 'TPoS'], methods: ['EAP', 'ERP', 'TLS'], suites: [2, 1, 4], chainLimit: 2 }, 'test');

describe('worldArbitrary', () => {
  it('500 generated worlds are accepted by the implementation and the model', () => {
    for (const pics of [REFERENCE_PICS, ERP_PICS]) {
      fc.assert(
        fc.property(worldArbitrary(pics), (w) => {
          expect(() => validateWorld(w)).not.toThrow();
          expect(() => checkConfig(w)).not.toThrow();
        }),
        { numRuns: 250, seed: 7 },
      );
    }
  });

  it('covers every claimed method, keeps the PICS chain limit, and its PoSs support only claimed suites', () => {
    fc.assert(
      fc.property(worldArbitrary(ERP_PICS), (w) => {
        expect(w.chainLimit).toBe(2);
        expect(new Set(w.mns.map((m) => m.method))).toEqual(new Set(['EAP', 'ERP', 'TLS']));
        for (const s of w.domains.flatMap((x) => x.suites)) expect(ERP_PICS.suites).toContain(s);
        // An MN offers each claimed suite at most once before the first one no PoS supports.
        for (const m of w.mns) {
          const firstUnclaimed = m.suites.findIndex((s) => !ERP_PICS.suites.includes(s));
          const head = firstUnclaimed === -1 ? m.suites : m.suites.slice(0, firstUnclaimed);
          expect(new Set(head).size).toBe(head.length);
          expect(m.suites.length).toBeLessThanOrEqual(255);
        }
        expect(w.domains.length).toBeGreaterThanOrEqual(3);
        expect(w.domains.length).toBeLessThanOrEqual(5);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('the SUT PoS trusts one PoS that does not trust it and is trusted by one it does not trust', () => {
    fc.assert(
      fc.property(worldArbitrary(REFERENCE_PICS), (w) => {
        const sut = w.domains.find((d) => d.id === SUT_POS)!;
        const trustsSut = (d: (typeof w.domains)[number]): boolean => d.partners.includes(SUT_POS);
        expect(w.domains.some((d) => d.id !== SUT_POS && trustsSut(d) && !sut.partners.includes(d.id))).toBe(true);
        expect(w.domains.some((d) => d.id !== SUT_POS && !trustsSut(d) && sut.partners.includes(d.id))).toBe(true);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('draws L = 0 in about one world in nine where the PICS claims it, and never where it does not', () => {
    expect(REFERENCE_PICS.chainLimitRange).toEqual({ min: 0, max: 3 });
    const limits = fc.sample(worldArbitrary(REFERENCE_PICS), { numRuns: 900, seed: 3 }).map((w) => w.chainLimit);
    const zeros = limits.filter((l) => l === 0).length;
    expect(zeros).toBeGreaterThan(60);
    expect(zeros).toBeLessThan(140);
    for (const l of [1, 2, 3]) expect(limits).toContain(l);
    const positive = parsePics({ ...JSON.parse(JSON.stringify(REFERENCE_PICS)), chainLimitRange: { min: 1, max: 3 } }, 'test');
    expect(fc.sample(worldArbitrary(positive), { numRuns: 300, seed: 3 }).some((w) => w.chainLimit === 0)).toBe(false);
  });

  it('draws worlds that differ: suite orders, RAT sets and a pair without a common suite occur', () => {
    const worlds = fc.sample(worldArbitrary(REFERENCE_PICS), { numRuns: 200, seed: 5 });
    expect(new Set(worlds.map((w) => JSON.stringify(w))).size).toBeGreaterThan(150);
    expect(worlds.some((w) => w.domains.some((d) => d.suites[0] === 2))).toBe(true);
    expect(worlds.some((w) => w.mns.some((m) => w.domains.some((d) => !d.suites.some((s) => m.suites.includes(s)))))).toBe(true);
    expect(worlds.some((w) => w.domains.some((d) => d.rats.length === 1))).toBe(true);
  });
});

describe('what generated worlds put on the wire', () => {
  const worlds = fc.sample(worldArbitrary(REFERENCE_PICS), { numRuns: 200, seed: 5 });
  const mns = worlds.flatMap((w) => w.mns);

  it('MNs offer the suites of A-SUITES the PICS does not claim, and lists of 255 suites', () => {
    expect(REFERENCE_PICS.suites).toEqual([1, 2]);
    expect(mns.some((m) => m.suites.includes(4) && m.suites.includes(3))).toBe(true);
    expect(mns.some((m) => m.suites.length === 255)).toBe(true);
    expect(mns.some((m) => m.suites.every((s) => REFERENCE_PICS.suites.includes(s)))).toBe(true);
  });

  it('MN identities with no ASCII character at all, distinct within their world and at most 253 UTF-8 bytes', () => {
    const utf8 = new TextEncoder();
    expect(mns.some((m) => [...m.id].every((c) => c.codePointAt(0)! >= 0x80))).toBe(true);
    expect(mns.some((m) => /^mn[0-9]$/.test(m.id))).toBe(true);
    for (const w of worlds) expect(new Set([...w.mns.map((m) => m.id), ...w.domains.map((d) => d.id)]).size).toBe(w.mns.length + w.domains.length);
    for (const m of mns) expect(utf8.encode(m.id).length).toBeLessThanOrEqual(253);
  });

  it('MN identities that Unicode normalisation would change, and ones it leaves as they are', () => {
    // ids compare byte for byte (docs/protocol.md §1): a codec that normalises names another MN
    expect(mns.filter((m) => m.id.normalize('NFC') !== m.id).length).toBeGreaterThan(10);
    expect(mns.some((m) => m.id.normalize('NFC') === m.id)).toBe(true);
  });
});

describe('worlds near the ERP SEQ end', () => {
  it('are drawn unless switched off, and TP-ERP-SEQ is unreachable where the SUT plays one PoS role alone', () => {
    const near = (options: Parameters<typeof worldArbitrary>[1]): number =>
      fc.sample(worldArbitrary(ERP_PICS, options), { numRuns: 200, seed: 9 }).filter((w) => w.mns.some((m) => m.erpSeqStart !== undefined)).length;
    expect(near({})).toBeGreaterThan(20);
    expect(near({ erpSeqNearEnd: false })).toBe(0);
    // The runs that chase the end: every world with an ERP MN starts it there.
    const withErp = fc.sample(worldArbitrary(ERP_PICS, { erpSeqAlwaysNearEnd: true }), { numRuns: 200, seed: 9 }).filter((w) => w.mns.some((m) => m.method === 'ERP'));
    expect(withErp.length).toBeGreaterThan(100);
    expect(withErp.every((w) => w.mns.every((m) => (m.method === 'ERP') === (m.erpSeqStart !== undefined)))).toBe(true);
    expect(chasesErpSeqEnd({ pics: ERP_PICS }, 'all', 7)).toBe(true);
    expect(chasesErpSeqEnd({ pics: ERP_PICS }, 'all', 6)).toBe(false);
    expect(chasesErpSeqEnd({ pics: { ...ERP_PICS, roles: ['TPoS'] } }, 'all', 7)).toBe(false);
    const erpSeq = (roles: Pics['roles']) => applicability({ ...ERP_PICS, roles }).find((a) => a.purpose.id === 'TP-ERP-SEQ')!;
    expect(erpSeq(['MN', 'SPoS', 'TPoS']).applicable).toBe(true);
    expect(erpSeq(['SPoS', 'TPoS']).applicable).toBe(true);
    expect(erpSeq(['MN']).applicable).toBe(true);
    expect(erpSeq(['TPoS']).applicable).toBe(false);
    expect(erpSeq(['TPoS']).because).toMatch(/^unreachable: an SUT that plays one PoS role alone/);
  });

  it('a placement keeps one SEQ count per HPoS only where the SUT hosts no PoS or every PoS', () => {
    expect(hostsNoneOrEveryPos(['MN', 'SPoS', 'TPoS'], 'all')).toBe(true);
    expect(hostsNoneOrEveryPos(['MN', 'SPoS', 'TPoS'], 'mns')).toBe(true);
    expect(hostsNoneOrEveryPos(['MN', 'SPoS', 'TPoS'], 'pos')).toBe(false);
    expect(hostsNoneOrEveryPos(['TPoS'], 'all')).toBe(false);
    expect(hostsNoneOrEveryPos(['MN'], 'all')).toBe(true);
  });
});

describe('runConformance over generated worlds', () => {
  it('the counterexample carries its world, and seed + path reproduce world and failure', async () => {
    const { runConformance } = await import('../../harness/conformance.ts');
    const { ReferenceAdapter } = await import('../../harness/adapters/reference-adapter.ts');
    const { loadMutant } = await import('../mutants/build.ts');
    const { MUTANTS } = await import('../mutants/catalogue.ts');
    const mutant = await loadMutant(MUTANTS.find((m) => m.name === 'no-chain-limit')!);
    const worlds = worldArbitrary(REFERENCE_PICS);
    const first = await runConformance({ sut: () => new ReferenceAdapter(mutant), worlds, seed: 4, runs: 150 });
    expect(first.verdict).toBe('fail');
    const cx = first.counterexample!;
    expect(() => validateWorld(cx.config)).not.toThrow();
    const again = await runConformance({ sut: () => new ReferenceAdapter(mutant), worlds, seed: 4, runs: 150, path: cx.replayOptions.path });
    expect(again.verdict).toBe('fail');
    expect(again.counterexample?.config).toEqual(cx.config);
    expect(again.counterexample?.trace).toEqual(cx.trace);
    expect(again.counterexample?.requirement).toBe(cx.requirement);
  }, 60_000);
});
