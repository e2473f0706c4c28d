// V-FALLBACK-HONOURED in the reference implementation: an MN that set the fallback flag takes no
// optimized SA, whatever its SPoS grants. The SPoS of this file ignores the MN's flag (what a
// compromised SPoS does, docs/whatif/README.md): every sposDecision here is made as if the flag
// were clear.
import { describe, expect, it, vi } from 'vitest';
import type { SposInput } from '../../impl/entities/policy.ts';
import type { PreregXferRequest } from '../../impl/wire/messages.ts';
import { drain, newSystem, storyWorld, summary } from './helpers.ts';

vi.mock('../../impl/entities/policy.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../impl/entities/policy.ts')>();
  return { ...original, sposDecision: (input: SposInput) => original.sposDecision({ ...input, fallback: false }) };
});

function afterFallbackRequest(honourFallback: boolean) {
  const system = newSystem(storyWorld(), { policy: { honourFallback } });
  system.attach('mn1', 'A');
  drain(system);
  system.handover('mn1', 'B', true);
  const log = drain(system);
  const mn = system.snapshot().mns.find((m) => m.id === 'mn1');
  return { log, prepared: mn?.sas.find((s) => s.peer === 'B') };
}

describe('5.14.2-N1c: an MN that asked for a full establishment', () => {
  //= spec/clause-5.14-proposed-text.txt#5.14.2-N1c
  //= type=test
  //# or if any of the MN or TPoS requests so.
  //= SPEC_MAPPING.md#V-FALLBACK-HONOURED
  //= type=test
  //# An MN that set the fallback flag refuses an optimized SA
  it('honourFallback: refuses the optimized SA and runs a full establishment with the TPoS', () => {
    const { log, prepared } = afterFallbackRequest(true);
    expect((log[0]?.pdu as PreregXferRequest).fallback).toBe(true);
    expect(log.map(summary).map((e) => e.type)).toEqual([
      'MIS_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.request', 'MIS_N2N_Prereg_Xfer.response', 'MIS_Prereg_Xfer.response',
      'MIS_Auth.request', 'MIS_Auth.response',
    ]);
    expect(summary(log[3]!)).toMatchObject({ status: 'SUCCESS' });
    expect(prepared).toMatchObject({ idType: 1, depth: 0, state: 'prepared' });
  });

  //= SPEC_MAPPING.md#V-FALLBACK-ACCEPTS
  //= type=test
  //# An MN that set the fallback flag still installs an optimized SA if the SPoS grants one.
  it('the profile default installs the optimized SA the SPoS granted', () => {
    const { log, prepared } = afterFallbackRequest(false);
    expect(log.map((e) => e.pdu.type)).not.toContain('MIS_Auth.request');
    expect(prepared).toMatchObject({ idType: 3, depth: 1, state: 'prepared' });
  });

  it('a non-boolean honourFallback is a ConfigError', () => {
    expect(() => newSystem(storyWorld(), { policy: { honourFallback: 'yes' as never } })).toThrow(/honourFallback/);
  });
});
