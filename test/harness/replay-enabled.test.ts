import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD } from '../../harness/default-world.ts';
import { advanceDuplicated, enabledStimuli } from '../../harness/enabled.ts';
import type { Observation } from '../../vocabulary/observation.ts';
import { ReplayPathError, formatReplayPath, parseReplayPath } from '../../harness/replay-token.ts';

describe('replay path', () => {
  it('round-trips with and without the commands replay path', () => {
    expect(parseReplayPath(formatReplayPath('12:3:0', 'AAB:kB'))).toEqual({ fcPath: '12:3:0', replayPath: 'AAB:kB' });
    expect(parseReplayPath(formatReplayPath('7', undefined))).toEqual({ fcPath: '7' });
    expect(formatReplayPath('7', '')).toBe('7');
  });

  it('rejects malformed paths with a typed error', () => {
    for (const bad of ['', 'x', '1:2:', '1~a~b', '1~not a path', '1:-2']) expect(() => parseReplayPath(bad)).toThrow(ReplayPathError);
  });
});

const idle: Observation = {
  mns: [
    { id: 'mn1', lifecycle: 'idle', attachedTo: 'A', sas: [] },
    { id: 'mn2', lifecycle: 'waiting', attachedTo: null, sas: [] },
  ],
  poss: [],
  inFlight: [{ type: 'MIS_Auth.request', src: 'mn2', dst: 'B', mn: 'mn2' }, { type: 'MIS_Auth.request', src: 'mn2', dst: 'B', mn: 'mn2', corrupted: true }],
};

describe('enabled stimuli (docs/protocol.md §3)', () => {
  const e = enabledStimuli(DEFAULT_WORLD, idle, [true, true]);
  it('offers handover to every other domain and to SPoS selection, with and without fallback', () => {
    const h = e.filter((s) => s.kind === 'handover');
    expect(h).toHaveLength(2 * 4);
    expect(h.some((s) => s.kind === 'handover' && s.target === 'A')).toBe(false);
    expect(h.some((s) => s.kind === 'handover' && s.target === null && s.fallback)).toBe(true);
  });
  it('offers nothing for an MN with a PDU in flight, and no second duplicate or corruption', () => {
    expect(e.some((s) => 'mn' in s && s.mn === 'mn2')).toBe(false);
    expect(e.filter((s) => s.kind === 'duplicate')).toHaveLength(0);
    expect(e.filter((s) => s.kind === 'corrupt').map((s) => s.kind === 'corrupt' && s.index)).toEqual([0, 0, 0]);
    expect(e.filter((s) => s.kind === 'deliver')).toHaveLength(2);
  });
  it('keeps duplicate flags aligned with the in-flight list', () => {
    expect(advanceDuplicated([false, true], { kind: 'deliver', index: 0 }, 1)).toEqual([true]);
    expect(advanceDuplicated([false], { kind: 'duplicate', index: 0 }, 2)).toEqual([true, true]);
    expect(advanceDuplicated([true], { kind: 'attach', mn: 'mn1', domain: 'A' }, 2)).toEqual([true, false]);
  });
});
