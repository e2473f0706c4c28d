// A broken PICS (bad JSON, schema violation) stops the check with exit 2 and names the field;
// applicability follows the claimed roles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applicability } from '../../harness/pics/test-purposes.ts';
import { PicsError, loadPics, parsePics } from '../../harness/pics/pics.ts';
import { cli, tempDir } from './helpers.ts';

function picsFile(text: string): string {
  const file = join(tempDir(), 'pics.json');
  writeFileSync(file, text);
  return file;
}

describe('PICS validation', () => {
  it('names the field of each schema violation', () => {
    const problems = (value: unknown): readonly string[] => {
      try {
        parsePics(value);
      } catch (e) {
        return (e as PicsError).problems;
      }
      return [];
    };
    expect(problems({ pics: 'proauth-pics/1', roles: ['TPoS'], chainLimit: -1 })).toEqual(['pics.chainLimit: must be integer ≥ 0']);
    expect(problems({ pics: 'proauth-pics/1', roles: ['TPoS'], chainLimit: 1.5 })).toEqual(['pics.chainLimit: must be integer ≥ 0']);
    expect(problems({ pics: 'proauth-pics/1', roles: ['HPoS'] })).toEqual(['pics.roles[0]: must be one of MN, SPoS, TPoS']);
    expect(problems({ pics: 'proauth-pics/1', roles: ['TPoS'], colour: 'red' })).toEqual(['pics.colour: is not a known field']);
    expect(problems({ roles: ['TPoS'] })).toEqual(['pics.pics: is required']);
    expect(problems({ pics: 'proauth-pics/1', roles: ['TPoS'], suites: [1, 9] })).toEqual(['pics.suites[1]: must be integer ≤ 4']);
    expect(problems({ pics: 'proauth-pics/1', roles: ['TPoS'], fallback: { tposPolicy: 'yes' } })).toEqual(['pics.fallback.tposPolicy: must be boolean']);
  });

  it('fills defaults', () => {
    const p = parsePics({ pics: 'proauth-pics/1', roles: ['MN'] });
    expect(p.chainLimit).toBe(3);
    expect(p.methods).toEqual(['EAP', 'ERP', 'TLS']);
    expect(p.fallback).toEqual({ mnRequest: true, tposPolicy: true });
  });

  it('bad JSON is a PicsError', () => {
    expect(() => loadPics(picsFile('{"pics": '))).toThrow(/not valid JSON/);
  });

  it('the bundled PICS files are valid', () => {
    expect(loadPics('examples/pics-reference.json').roles).toEqual(['MN', 'SPoS', 'TPoS']);
    expect(loadPics('examples/python-tpos/pics.json').roles).toEqual(['TPoS']);
  });

  it('check exits 2 naming the field', async () => {
    const r = await cli(['check', '--pics', picsFile('{"pics":"proauth-pics/1","roles":["TPoS"],"chainLimit":-2}'), '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('pics.chainLimit: must be integer ≥ 0');
    const bad = await cli(['check', '--pics', picsFile('not json'), '--runs', '1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/pics: not valid JSON/);
  });

  it('bad flags exit 2', async () => {
    expect((await cli(['check', '--runs', 'many'])).code).toBe(2);
    expect((await cli(['check', '--shard', '4/4'])).code).toBe(2);
    expect((await cli(['check', '--sut', 'a.ts', '--sut-cmd', 'b'])).code).toBe(2);
    expect((await cli(['no-such-command'])).code).toBe(2);
  });
});

describe('applicability', () => {
  it('a TPoS-only SUT is not judged on MN- or SPoS-only purposes', () => {
    const a = applicability(parsePics({ pics: 'proauth-pics/1', roles: ['TPoS'] }));
    const by = new Map(a.map((x) => [x.purpose.id, x.applicable]));
    expect(by.get('TP-UNAUTHORIZED-SOURCE')).toBe(true);
    expect(by.get('TP-TPOS-FALLBACK')).toBe(true);
    expect(by.get('TP-NO-TRUST')).toBe(false);
    expect(by.get('TP-MN-FALLBACK')).toBe(false);
    expect(by.get('TP-CHAIN-SPOS')).toBe(false);
  });

  it('options not claimed make purposes not applicable', () => {
    const a = applicability(parsePics({ pics: 'proauth-pics/1', roles: ['SPoS', 'TPoS'], methods: ['EAP'], chainLimitEnforcedBy: ['TPoS'] }));
    const by = new Map(a.map((x) => [x.purpose.id, x.applicable]));
    expect(by.get('TP-TLS-ROOT')).toBe(false);
    expect(by.get('TP-CHAIN-SPOS')).toBe(false);
    expect(by.get('TP-CHAIN-TPOS')).toBe(true);
  });
});
