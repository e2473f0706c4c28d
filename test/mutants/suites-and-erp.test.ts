// The mutants of 5.14.2-S8 and 5.14.2-N2b are killed by the default check through the property
// written for each sentence, not by the lockstep comparison alone: the failure names the
// requirement and the property (properties/suite-agreement.ts, properties/k-from-eap-or-erp.ts).
// The default-check shards judge the requirement of every mutant; this holds the property too.
import { describe, expect, it } from 'vitest';
import { MUTANTS } from './catalogue.ts';
import { defaultCheck } from './default-check.ts';

const NAMED_BY: Readonly<Record<string, string>> = {
  'tpos-own-suite-preference': 'suite-agreement',
  'tpos-first-choice-only': 'suite-agreement',
  'spos-refuses-erp-root': 'k-from-eap-or-erp',
  'mn-erp-continues-chain': 'k-from-eap-or-erp',
};

describe('the default check names the suite and ERP mutants by their properties', () => {
  it.each(Object.entries(NAMED_BY))('kills %s through %s', async (name, property) => {
    const m = MUTANTS.find((x) => x.name === name);
    expect(m, name).toBeDefined();
    const r = await defaultCheck(m!);
    expect(r.verdict, r.error ?? `${name} survived the default check`).toBe('fail');
    expect(r.property, `${r.requirement} at seed ${r.seed}`).toBe(property);
    expect(r.requirement).toBe(property === 'suite-agreement' ? '5.14.2-S8' : '5.14.2-N2b');
  });
});
