// Role placements against pristine peers: a mutant whose mistake cancels out when it plays
// every entity (the PoS echoes a transaction id one off and the MN expects it so: nothing the
// tester's wire checks read) passes the all-entities placement and fails once it plays the MNs
// or the SUT PoS alone beside the tester's pristine entities; the replay token reproduces the
// world, the placement and the failure. A self-consistent key mistake (a changed MISK label) is
// caught by the tester's own wire checks in every placement, the all-entities one included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliSutAdapter, placementOfSeed, runSeed, type SeedResult } from '../../harness/cli/engine.ts';
import { openSut } from '../../harness/cli/sut.ts';
import { cli, tempDir } from './helpers.ts';
import { buildMutant } from '../mutants/build.ts';
import type { MutantSpec } from '../mutants/catalogue.ts';

const MISK_LABEL: MutantSpec = {
  name: 'adhoc-misk-label',
  requirement: 'A-MISK',
  file: 'crypto/keys.ts',
  find: "'proauth 5.14.2 MISK'",
  replace: "'proauth 5.14.2 MISK (draft)'",
  description: 'the optimized MISK is derived with a label of its own, the same at the MN and the TPoS',
};

const TID_OFF_BY_ONE: MutantSpec = {
  name: 'adhoc-auth-tid-off-by-one',
  requirement: 'A-TLV',
  file: 'entities/pos.ts',
  find: 'const bytes = encode({ type: \'MIS_Auth.response\', src: this.id, dst: pdu.mn, mn: pdu.mn, tid: pdu.tid,',
  replace: 'const bytes = encode({ type: \'MIS_Auth.response\', src: this.id, dst: pdu.mn, mn: pdu.mn, tid: (pdu.tid + 1) & 0x0fff,',
  description: 'the PoS answers MIS_Auth with the transaction id one off, and the MN expects it so',
  more: [{ file: 'entities/mn.ts', find: 'if (pdu.src !== pos || pdu.tid !== p.tid) return', replace: 'if (pdu.src !== pos || pdu.tid !== ((p.tid + 1) & 0x0fff)) return' }],
};

describe('placements against pristine peers', () => {
  it('a tid mistake made on both ends is caught in every placement, and reproducibly', async () => {
    const module = join(buildMutant(TID_OFF_BY_ONE), 'impl', 'system.ts');
    const sut = await openSut({ module, timeoutMs: 1000 });
    expect(sut.placements).toEqual(['all', 'mns', 'pos']);
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    const failures: { seed: number; r: SeedResult }[] = [];
    try {
      for (let seed = 1; seed <= 12; seed++) {
        const r = await runSeed(sut, adapter, seed, { steps: 150, model: true });
        expect(r.error).toBeUndefined();
        if (r.counterexample !== undefined) failures.push({ seed, r });
        // Where the SUT plays everything its own ends agree; the tester's tid-echo check (§5.1) does not.
        if (placementOfSeed(sut, seed) === 'all') expect(r.counterexample?.kind, `seed ${seed}`).toBe('wire');
      }
      expect(new Set(failures.map((f) => placementOfSeed(sut, f.seed)))).toEqual(new Set(['all', 'mns', 'pos']));
      const { seed, r } = failures.find((f) => placementOfSeed(sut, f.seed) !== 'all')!;
      const cx = r.counterexample!;
      expect(cx.requirement).toBe('A-TLV');
      expect(r.placement?.entities.length).toBeGreaterThan(0);
      expect(r.placement!.entities.length).toBeLessThan(cx.config.mns.length + cx.config.domains.length);
      // Same seed and path: the same world, placement and failure.
      const again = await runSeed(sut, adapter, seed, { steps: 150, model: true, path: cx.replayOptions.path });
      expect(again.counterexample?.config).toEqual(cx.config);
      expect(again.placement).toEqual(r.placement);
      expect(again.counterexample?.requirement).toBe(cx.requirement);
      expect(again.counterexample?.trace).toEqual(cx.trace);
    } finally {
      await sut.close();
    }
  }, 120_000);

  it('a self-consistent key mistake is caught by the wire checks in every placement', async () => {
    const module = join(buildMutant(MISK_LABEL), 'impl', 'system.ts');
    const sut = await openSut({ module, timeoutMs: 1000 });
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    const caught = new Set<string>();
    try {
      for (let seed = 1; seed <= 24; seed++) {
        const r = await runSeed(sut, adapter, seed, { steps: 150, model: true });
        expect(r.error).toBeUndefined();
        if (r.counterexample?.kind === 'wire') {
          expect(r.counterexample.requirement).toBe('A-MISK');
          caught.add(placementOfSeed(sut, seed));
        }
      }
    } finally {
      await sut.close();
    }
    expect(caught).toContain('all');
  }, 120_000);

  it('an SUT answer with the wrong tid is named A-TLV at its emission, before a tester entity would discard it (verdict fail, not a tester error)', async () => {
    // The pristine peers' own checks (interop-discard:<reason>) are the last line; the tester's
    // wire checks see a wrong tid first, at the PDU that carries it.
    const module = join(buildMutant(TID_OFF_BY_ONE), 'impl', 'system.ts');
    const sut = await openSut({ module, timeoutMs: 1000 });
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    let found: SeedResult | undefined;
    try {
      for (let seed = 1; seed <= 30 && found === undefined; seed++) {
        // The SUT PoS answers beside pristine MNs.
        if (placementOfSeed(sut, seed) !== 'pos') continue;
        const r = await runSeed(sut, adapter, seed, { steps: 150, model: true });
        expect(r.error).toBeUndefined();
        if (r.counterexample !== undefined) found = r;
      }
    } finally {
      await sut.close();
    }
    expect(found).toBeDefined();
    const cx = found!.counterexample!;
    expect(cx.kind).toBe('wire');
    expect(cx.requirement).toBe('A-TLV');
    expect(cx.message).toMatch(/tid-echo: .*the answer carries tid \d+, the MIS_Auth.request it answers had tid \d+/);
    // The CLI: exit 1 (non-conformant), never 3 (a tester fault).
    const dir = tempDir();
    const c = await cli(['check', '--sut', module, '--runs', '12', '--seed', '1', '--report', dir]);
    expect(c.code).toBe(1);
    expect(c.out).toMatch(/counterexample: /);
    // The report shows the drawn world and the placement the token reproduces.
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/- Placement: (all|mns|pos) \(the SUT plays /);
    expect(md).toContain('"chainLimit"');
    const itf = JSON.parse(readFileSync(join(dir, 'counterexample-1.itf.json'), 'utf8')) as { '#meta': { world?: unknown; placement?: unknown } };
    expect(itf['#meta'].world).toBeDefined();
    expect(itf['#meta'].placement).toBeDefined();
  }, 120_000);

  it('a process SUT claiming every role is also run in the single-role placements', async () => {
    const sut = await openSut({ command: 'npx tsx examples/reference-sut.ts', timeoutMs: 20_000 });
    const adapter = new CliSutAdapter(sut.adapter, sut.name);
    try {
      expect(sut.placements).toEqual(['all', 'mns', 'pos']);
      const seen = new Map<string, readonly string[]>();
      const mnsOfWorld = new Map<string, readonly string[]>();
      for (let seed = 3; seed <= 5; seed++) {
        const r = await runSeed(sut, adapter, seed, { steps: 60, model: true });
        expect(r.error).toBeUndefined();
        expect(r.counterexample).toBeUndefined();
        const p = r.recorded[0]?.placement;
        expect(p).toBeDefined();
        seen.set(r.placementKind, p!.entities);
        mnsOfWorld.set(r.placementKind, r.recorded[0]?.world?.mns.map((m) => m.id) ?? []);
      }
      // Identities may be wide (UTF-8 edges), so the MNs are named by the drawn world.
      expect(seen.get('mns')).toEqual(mnsOfWorld.get('mns'));
      expect(seen.get('pos')).toEqual(['B']);
      expect(seen.get('all')?.length).toBeGreaterThan(seen.get('mns')!.length);
    } finally {
      await sut.close();
    }
  }, 60_000);
});
