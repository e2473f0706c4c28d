// Bad world configurations are refused with a typed error naming the problem.

import { describe, expect, it } from 'vitest';
import type { ModelWorldConfig } from '../../model/types.ts';
import { ModelError } from '../../model/world/errors.ts';
import { initialWorld } from '../../model/world/world.ts';
import { partnerRing } from './fixtures.ts';

const good = partnerRing();

function refused(mutate: (c: Record<string, unknown> & { domains: Record<string, unknown>[]; mns: Record<string, unknown>[] }) => void): string {
  const c = JSON.parse(JSON.stringify(good)) as Record<string, unknown> & { domains: Record<string, unknown>[]; mns: Record<string, unknown>[] };
  mutate(c);
  try {
    initialWorld(c as unknown as ModelWorldConfig);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).code).toBe('BAD_CONFIG');
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('world configuration (docs/protocol.md §1)', () => {
  it('accepts the profile example', () => {
    expect(() => initialWorld(good)).not.toThrow();
  });

  it.each([
    ['negative chain limit', (c) => { c.chainLimit = -1; }, /chainLimit/],
    ['fractional chain limit', (c) => { c.chainLimit = 1.5; }, /chainLimit/],
    ['no domains', (c) => { c.domains = []; }, /domains/],
    ['duplicate domain', (c) => { c.domains.push({ ...c.domains[0] }); }, /duplicates/],
    ['reserved character in an id', (c) => { (c.domains[0] as { id: string }).id = 'A#1'; }, /id must match/],
    ['unknown partner', (c) => { (c.domains[0] as { partners: string[] }).partners = ['Q']; }, /unknown domain Q/],
    ['self as partner', (c) => { (c.domains[0] as { partners: string[] }).partners = ['A']; }, /own neighbour or partner/],
    ['suites not integers', (c) => { (c.domains[1] as { suites: unknown }).suites = ['x']; }, /suites/],
    ['requestsFallback not boolean', (c) => { (c.domains[1] as { requestsFallback: unknown }).requestsFallback = 'no'; }, /requestsFallback/],
    ['unknown home', (c) => { (c.mns[0] as { home: string }).home = 'Q'; }, /home/],
    ['unknown method', (c) => { (c.mns[0] as { method: string }).method = 'GKB'; }, /method/],
    ['mn id equal to a domain id', (c) => { (c.mns[0] as { id: string }).id = 'B'; }, /ambiguous/],
    ['duplicate mn', (c) => { c.mns.push({ ...c.mns[0] }); }, /mn ids/],
  ] as [string, (c: Record<string, unknown> & { domains: Record<string, unknown>[]; mns: Record<string, unknown>[] }) => void, RegExp][])(
    'refuses %s', (_name, mutate, message) => {
      expect(refused(mutate)).toMatch(message);
    });

  it('refuses something that is not a configuration at all', () => {
    for (const x of [null, 3, 'config', []]) expect(() => initialWorld(x as unknown as ModelWorldConfig)).toThrow(ModelError);
  });

  it('refuses an unknown network fault', () => {
    expect(() => initialWorld(good, {}, { faults: ['teleport' as never] })).toThrow(/unknown network fault/);
  });
});
