// The printed story (impl/story.ts) is part of what implementers read: it must tell the same
// outcomes every time, show both ends agreeing on every key, and never print key material.
import { describe, expect, it } from 'vitest';
import { playStory } from '../../impl/story.ts';

function tell(seed: number): string[] {
  const lines: string[] = [];
  playStory(seed, (l) => lines.push(l));
  return lines;
}

describe('impl/story.ts', () => {
  const lines = tell(2026);
  const text = lines.join('\n');

  it('tells every outcome of the clause in order', () => {
    const outcomes = lines.slice(lines.indexOf('handover outcomes:') + 1, -1).map((l) => l.trim());
    expect(outcomes).toEqual([
      'mn1: A → B  optimized',
      'mn1: B → C  optimized',
      'mn1: C → D  optimized',
      'mn1: D → E  full (CHAIN_LIMIT)',
      'mn1: E → A  optimized',
      'mn1: A → F  full (TARGET_REFUSED)',
      'mn1: F → X  full (NO_TRUST)',
      'mn2: B → C  full (TLS_ROOT)',
      'mn3: C → B  full (TPOS_REQUESTED)',
      'mn3: B → D  full (MN_REQUESTED)',
      'mn3: D → E  optimized',
      // mn3's last handover (E → A) is aborted: an abort records no outcome (docs/protocol.md §7).
    ]);
    expect(lines.at(-1)).toBe('discarded PDUs: D:unknown-transaction, E:malformed');
  });

  it('shows both ends of every SA with the same key', () => {
    expect(text).toContain('(same key)');
    expect(text).not.toContain('KEYS DIFFER');
  });

  it('prints fingerprints only: no hex run longer than a fingerprint', () => {
    expect(text.match(/[0-9a-f]{17,}/g)).toBeNull();
    expect(text).toMatch(/key [0-9a-f]{16}/);
  });

  it('is deterministic in its seed', () => {
    expect(tell(2026)).toEqual(lines);
    expect(tell(7)).not.toEqual(lines);
  });
});
