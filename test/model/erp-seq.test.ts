//= SPEC_MAPPING.md#A-ERP-SEQ
//= type=test
//# and treats any non-SUCCESS answer to an ERP request as the SEQ used up. A test world may
//# provision the start per MN (default 0)
// the world's erpSeqStart is checked alike by the model and impl/, and the model's
// count is null (no extra state) unless a start is provisioned.
import { describe, expect, it } from 'vitest';
import { afterErpRun, erpSeqsLeftAtStart, methodWithSeqsLeft } from '../../model/erp-seq.ts';
import { checkConfig } from '../../model/world/config.ts';
import { ConfigError, validateWorld } from '../../impl/config-validation.ts';
import { domain, mnConfig } from './fixtures.ts';

const world = (mn: ReturnType<typeof mnConfig>) => ({ chainLimit: 3, domains: [domain('A')], mns: [mn] });

describe('A-ERP-SEQ: a provisioned ERP SEQ start', () => {
  it('counts SEQs only where a start is provisioned, saturating at 0', () => {
    expect(erpSeqsLeftAtStart(mnConfig('mn1', { method: 'ERP' }))).toBeNull();
    expect(erpSeqsLeftAtStart(mnConfig('mn1', { method: 'ERP', erpSeqStart: 0 }))).toBeNull();
    expect(erpSeqsLeftAtStart(mnConfig('mn1', { method: 'ERP', erpSeqStart: 65534 }))).toBe(2);
    expect(erpSeqsLeftAtStart(mnConfig('mn1', { method: 'ERP', erpSeqStart: 65536 }))).toBe(0);
    expect(afterErpRun(1)).toBe(0);
    expect(afterErpRun(0)).toBe(0);
    expect(afterErpRun(null)).toBeNull();
    expect(methodWithSeqsLeft('ERP', 0)).toBe('EAP');
    expect(methodWithSeqsLeft('ERP', 1)).toBe('ERP');
    expect(methodWithSeqsLeft('ERP', null)).toBe('ERP');
  });

  it.each([
    [mnConfig('mn1', { method: 'ERP', erpSeqStart: 65537 }), 'in 0..65536'],
    [mnConfig('mn1', { method: 'ERP', erpSeqStart: -1 }), 'in 0..65536'],
    [mnConfig('mn1', { method: 'ERP', erpSeqStart: 1.5 }), 'in 0..65536'],
    [mnConfig('mn1', { method: 'EAP', erpSeqStart: 3 }), 'not ERP'],
  ])('the model and impl/ both reject %j', (mn, message) => {
    expect(() => checkConfig(world(mn))).toThrow(message);
    expect(() => validateWorld(world(mn))).toThrow(ConfigError);
    expect(() => validateWorld(world(mn))).toThrow(message);
  });

  it('accepts the end of the SEQ space on an ERP MN', () => {
    const w = world(mnConfig('mn1', { method: 'ERP', erpSeqStart: 65536 }));
    expect(checkConfig(w)).toBe(w);
    expect(() => validateWorld(w)).not.toThrow();
  });
});
