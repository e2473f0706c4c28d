// The mutants must not rot: each one still applies to the reference implementation as written
// (its text to replace occurs exactly once), cites requirement IDs that exist, and loads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, baseSource, loadMutant, occurrences } from './build.ts';
import { ALL_MUTANTS, DEFAULT_CHECK_MISSES, MUTANTS, editsOf, expectedRequirements } from './catalogue.ts';
import { DEFAULT_CHECK } from './default-check.ts';
import { RECORD_COMMAND, loadRecord } from './default-check-record.ts';
import { STANDARD_RECORD_COMMAND, STANDARD_RUN, loadStandardRecord } from './standard-run-record.ts';

const requirementIds = new Set((JSON.parse(readFileSync(join(REPO, 'spec/requirements.json'), 'utf8')) as { id: string }[]).map((r) => r.id));
const mapping = readFileSync(join(REPO, 'SPEC_MAPPING.md'), 'utf8');
const known = (id: string): boolean => requirementIds.has(id) || (/^[AV]-[A-Z0-9-]+$/.test(id) && mapping.includes(id));

describe('mutant catalogue', () => {
  it('has at least 20 mutants with unique names', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ALL_MUTANTS.map((m) => m.name)).size).toBe(ALL_MUTANTS.length);
  });

  it.each(ALL_MUTANTS.map((m) => [m.name, m] as const))('%s applies exactly once and cites known requirements', (_name, m) => {
    for (const e of editsOf(m)) {
      expect(occurrences(baseSource(e.file), e.find)).toBe(1);
      expect(e.replace).not.toBe(e.find);
    }
    for (const id of expectedRequirements(m)) expect(known(id), id).toBe(true);
  });

  it('builds and loads a mutant as a separate module', async () => {
    const m = MUTANTS.find((x) => x.name === 'wrong-id-type-tls')!;
    const mod = await loadMutant(m);
    expect(typeof mod.ImplSystem).toBe('function');
    const built = readFileSync(join(REPO, '.mutants', m.name, 'impl', m.file), 'utf8');
    expect(occurrences(built, m.replace)).toBe(1);
  });

  it('has a default-check kill recorded for every mutant, and for no other, with the current budget', () => {
    const record = loadRecord();
    expect(record.check, `the record is of another budget: ${RECORD_COMMAND}`).toEqual(DEFAULT_CHECK);
    expect(Object.keys(record.kills).sort(), RECORD_COMMAND).toEqual(MUTANTS.map((m) => m.name).sort());
  });

  it('says of each mutant the default check misses why, and names a scripted test that kills it', () => {
    for (const m of DEFAULT_CHECK_MISSES) {
      expect(m.missed!.why.length, m.name).toBeGreaterThan(40);
      expect(existsSync(join(REPO, m.missed!.killedBy)), m.name).toBe(true);
      expect(readFileSync(join(REPO, m.missed!.killedBy), 'utf8'), m.name).toContain(`'${m.name}'`);
    }
    expect(DEFAULT_CHECK_MISSES.length).toBeLessThan(MUTANTS.length / 20);
  });

  it('has a standard-run kill recorded for every mutant in its reach, and for no other, with the current budget', () => {
    const record = loadStandardRecord();
    expect(record.standard, `the record is of another budget: ${STANDARD_RECORD_COMMAND}`).toEqual(STANDARD_RUN);
    expect(Object.keys(record.kills).sort(), STANDARD_RECORD_COMMAND).toEqual(MUTANTS.filter((m) => m.only === undefined).map((m) => m.name).sort());
  });
});
